import { escapeMrkdwn, REVIEW_ACTIONS, ROLES, type ReviewActionValue } from '../../contracts';
import type { ReviewItemView } from '../../db';

// Slack allows 50 blocks a message: two header blocks, then two blocks (facts + buttons) per item.
export const REVIEW_ITEMS_PER_MESSAGE = 24;

const day = (d: Date | string) => new Date(d).toISOString().slice(0, 10);

function itemBlocks(item: ReviewItemView): unknown[] {
  const flags = [item.contractor ? ':construction_worker: contractor' : null, item.inactive ? ':zzz: long inactive' : null].filter(Boolean).join(' · ');
  const value = (v: ReviewActionValue) => JSON.stringify(v);
  const otherRoles = ROLES.filter((r) => r !== item.role);
  return [
    { type: 'section', text: { type: 'mrkdwn', text: `<@${item.memberSlackId}> (${escapeMrkdwn(item.memberEmail)}) — *${item.role}*${flags ? `  ${flags}` : ''}` } },
    {
      type: 'actions',
      block_id: `review_item_${item.id}`,
      elements: [
        { type: 'button', action_id: REVIEW_ACTIONS.keep, text: { type: 'plain_text', text: 'Keep' }, style: 'primary', value: value({ itemId: item.id }) },
        { type: 'button', action_id: REVIEW_ACTIONS.revoke, text: { type: 'plain_text', text: 'Revoke' }, style: 'danger', value: value({ itemId: item.id }) },
        {
          type: 'static_select',
          action_id: REVIEW_ACTIONS.changeRole,
          placeholder: { type: 'plain_text', text: 'Change role…' },
          options: otherRoles.map((r) => ({ text: { type: 'plain_text', text: r }, value: value({ itemId: item.id, role: r }) })),
        },
      ],
    },
  ];
}

/** The reviewer's DM: their members, riskiest first, split into messages within Slack's block limit. */
export function reviewerMessages(input: { reviewId: string; deadline: Date | string; items: ReviewItemView[] }): Array<{ text: string; blocks: unknown[] }> {
  const messages: Array<{ text: string; blocks: unknown[] }> = [];
  const total = input.items.length;
  for (let start = 0; start < total; start += REVIEW_ITEMS_PER_MESSAGE) {
    const chunk = input.items.slice(start, start + REVIEW_ITEMS_PER_MESSAGE);
    const part = total > REVIEW_ITEMS_PER_MESSAGE ? ` (part ${start / REVIEW_ITEMS_PER_MESSAGE + 1} of ${Math.ceil(total / REVIEW_ITEMS_PER_MESSAGE)})` : '';
    const text = `:clipboard: Membership review: please decide on ${total} role grant(s) by ${day(input.deadline)}${part}.`;
    messages.push({
      text,
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text } },
        { type: 'context', elements: [{ type: 'mrkdwn', text: `Review \`${input.reviewId}\` · contractors and long-inactive members first · undecided grants of contractors are revoked at close` }] },
        ...chunk.flatMap(itemBlocks),
      ],
    });
  }
  return messages;
}
