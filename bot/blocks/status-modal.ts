/**
 * A modal that only reports: what happened to a submitted form. Used as the ack's own update ("Sending…")
 * and for the outcome, so the person sees at once that the form arrived and then what became of it.
 */
export function statusModal(title: string, text: string) {
  return {
    type: 'modal' as const,
    title: { type: 'plain_text' as const, text: title.slice(0, 24) },
    close: { type: 'plain_text' as const, text: 'Close' },
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } }],
  };
}
