import type { ReviewItemView } from '../../../lib/db';
import { reviewerMessages } from '../../../lib/slack/blocks/review';

const item = (n: number): ReviewItemView => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  reviewId: 'r1',
  grantId: `g${n}`,
  memberSlackId: `U0M${n}`,
  memberEmail: `m${n}@example.com`,
  role: 'builder',
  contractor: n % 3 === 0,
  inactive: false,
  reviewerSlackId: 'U0REVIEWER',
  priority: 2,
  decision: null,
  newRole: null,
  decidedBySlackId: null,
  decidedAt: null,
  outcome: null,
});

test('a reviewer with 100 members gets messages within Slack\'s 50-block limit, every member once', () => {
  const items = Array.from({ length: 100 }, (_, n) => item(n));
  const messages = reviewerMessages({ reviewId: 'r1', deadline: '2026-01-15T00:00:00Z', items });
  expect(messages).toHaveLength(5);
  for (const m of messages) expect(m.blocks.length).toBeLessThanOrEqual(50);
  const mentioned = messages.flatMap((m) => (m.blocks as Array<{ type: string; text?: { text: string } }>).filter((b) => b.type === 'section').slice(1).map((b) => b.text!.text));
  expect(mentioned).toHaveLength(100);
  expect(messages[0]!.text).toContain('part 1 of 5');
  const actions = (messages[0]!.blocks as Array<{ type: string; elements?: Array<{ action_id: string }> }>).find((b) => b.type === 'actions')!;
  expect(actions.elements!.map((e) => e.action_id)).toEqual(['warden_review_keep', 'warden_review_revoke', 'warden_review_change_role']);
});
