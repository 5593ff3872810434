// Plain data shared by config, the bot and workflows. No imports: workflow code bundles this.

/** A Slack user id as Slack issues them: U… (or W… in Enterprise Grid), upper-case letters and digits. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]+$/;

/** A user mention as Slack writes it into command text: `<@U012ABC>` or `<@U012ABC|name>`. */
export const SLACK_USER_MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;

export const isSlackUserId = (value: string): boolean => SLACK_USER_ID.test(value);
