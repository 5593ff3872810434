// Plain functions shared by workflows, activities and the bot. No imports: workflow code bundles this.

/**
 * Text a person typed (a reason, a note, a team name) or a third party wrote (a provider's error text), made
 * safe to place inside Slack mrkdwn. Slack reads `<!channel>`, `<@U…>` and `<https://…|label>` as pings and
 * links, so `&`, `<` and `>` become entities (Slack's own escaping rule). Asterisks and underscores are left:
 * they can only restyle the person's own words, and escaping them is not possible in mrkdwn.
 */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** User text inside inline code: entities as above, and no backtick can close the code span early. */
export function codeSpan(text: string): string {
  return `\`${escapeMrkdwn(text).replace(/`/g, "'")}\``;
}
