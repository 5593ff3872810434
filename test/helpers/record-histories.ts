// Records workflow histories for the replay test (test/workflows/replay-histories.test.ts): runs Warden's main
// workflows (data-subject requests, key changes, a membership review) on the real stack, the way people use them, and writes each history to test/fixtures/histories.
// Run it before changing workflow code that running workflows replay, from the commit being released:
//   npx tsx test/helpers/record-histories.ts <label, e.g. the short commit>
// Its histories then guard that release's in-flight workflows against the next change.
import { execSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { temporal } from '@temporalio/proto';
import { reviewScheduleId, workflowIds } from '../../lib/contracts';
import { COMPLIANCE_CHANNEL, dsarDriver, seedSamplePlatform, platformQuery } from './dsar-driver';
import { fakeKey, startAddKey } from './key-workflows';
import { ADMIN, eventually, SECOND_ADMIN, startTestStack, type TestStack } from './warden-stack';
import { REPLAY_MASTER_KEY, type RecordedHistory } from './replay-histories';

const OUT = path.resolve(__dirname, '../fixtures/histories');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function save(stack: TestStack, label: string, name: string, workflowType: string, workflowId: string): Promise<void> {
  const history = await stack.warden.client.workflow.getHandle(workflowId).fetchHistory();
  const recordedBy = execSync('git rev-parse --short HEAD', { cwd: __dirname }).toString().trim();
  const file = path.join(OUT, `${label}--${name}.json`);
  const record: RecordedHistory = { workflowType, workflowId, recordedBy, history: Buffer.from(temporal.api.history.v1.History.encode(history).finish()).toString('base64') };
  writeFileSync(file, `${JSON.stringify(record, null, 1)}\n`);
  console.log(`recorded ${path.relative(process.cwd(), file)} (${history.events?.length ?? 0} events)`);
}

async function main(): Promise<void> {
  const label = process.argv[2];
  if (!label || !/^[a-z0-9-]+$/.test(label)) throw new Error('usage: npx tsx test/helpers/record-histories.ts <label: the short commit of the release>');
  mkdirSync(OUT, { recursive: true });
  const stack = await startTestStack({
    env: {
      WARDEN_MASTER_KEY: REPLAY_MASTER_KEY,
      WARDEN_DSAR_CHANNEL: COMPLIANCE_CHANNEL,
      WARDEN_DSAR_REGIMES: 'gdpr:30d,ccpa:6s',
      WARDEN_DSAR_OVERDUE_EVERY: '2s',
      WARDEN_DSAR_LINK_TTL: '1h',
      WARDEN_COMPLIANCE_CHANNEL: 'C0COMPLY02',
      WARDEN_REVIEW_DEADLINE: '8s',
      WARDEN_REVIEW_REMINDER_EVERY: '4s',
      WARDEN_REVIEW_GRACE: '1s',
      WARDEN_REVIEW_BATCH_SIZE: '10',
    },
  });
  try {
    await seedSamplePlatform(stack.db.url);
    const dsar = dsarDriver(stack);
    const emails = (await platformQuery<{ email: string }>(stack, 'SELECT email FROM platform.end_user_contacts ORDER BY end_user_id LIMIT 2')).map((r) => r.email);

    // A data-subject export nobody decides in time: reminded, escalated (and, where the release has them,
    // reminded while overdue), then approved and fulfilled.
    const late = await dsar.request(ADMIN.id, `export ${emails[0]} --regime ccpa --verified id-document subject asked by email`);
    await eventually('the escalation', () => dsar.thread(late.message).find((t) => t.includes('Escalated')), 30_000);
    await sleep(5_000);
    await dsar.click(SECOND_ADMIN.id, late.message, 'approve');
    const lateId = dsar.workflowIdOf(late.message);
    await stack.warden.client.workflow.getHandle(lateId).result();
    await save(stack, label, 'dsar-export-escalated', 'dsarRequest', lateId);

    // An erasure approved at once.
    const erase = await dsar.request(ADMIN.id, `erase ${emails[1]} --verified account-login subject asked in the app`);
    await dsar.click(SECOND_ADMIN.id, erase.message, 'approve');
    const eraseId = dsar.workflowIdOf(erase.message);
    await stack.warden.client.workflow.getHandle(eraseId).result();
    await save(stack, label, 'dsar-erase', 'dsarRequest', eraseId);

    // A key added, then rotated; the rotation's grace timer retires the first key.
    const first = fakeKey('openai');
    stack.providers.setKey(first, { kind: 'valid' });
    const added = await startAddKey(stack, { apiKey: first });
    const addedResult = await added.result();
    await save(stack, label, 'key-add', 'addProviderKey', added.workflowId);
    const second = fakeKey('openai');
    stack.providers.setKey(second, { kind: 'valid' });
    const rotated = await startAddKey(stack, { apiKey: second, mode: 'rotate' });
    await rotated.result();
    await save(stack, label, 'key-rotate', 'addProviderKey', rotated.workflowId);
    const retireId = workflowIds.retireKey(addedResult.keyId);
    await stack.warden.client.workflow.getHandle(retireId).result();
    await save(stack, label, 'key-retire', 'retireProviderKey', retireId);

    // A membership review nobody answers: at its deadline the contractors' grants (builders among them) are
    // revoked, the rest flagged; it settles in batches, each a child workflow.
    await seedReviewedOrganization(stack);
    await stack.warden.client.schedule.getHandle(reviewScheduleId(stack.config.temporal.taskQueue)).trigger();
    const opened = await eventually('the review to open', () => stack.slack.messages('C0COMPLY02').find((m) => m.text?.includes('is open')), 30_000);
    const reviewId = /`([^`]+)`/.exec(opened.text!)![1]!;
    await stack.warden.client.workflow.getHandle(reviewId).result();
    await save(stack, label, 'membership-review', 'membershipReview', reviewId);
    const batches = (await stack.warden.client.workflow.getHandle(reviewId).fetchHistory()).events
      ?.map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes)
      .filter((a) => a?.workflowType?.name === 'settleReviewBatch')
      .map((a) => a!.workflowId!) ?? [];
    if (batches.length === 0) throw new Error('the review settled no batch');
    for (const [i, id] of batches.entries()) {
      await stack.warden.client.workflow.getHandle(id).result();
      await save(stack, label, `review-settle-batch-${i + 1}`, 'settleReviewBatch', id);
    }
  } finally {
    await stack.stop();
  }
}

/** Twelve members under one manager, four of them contractor builders, each with one grant. */
async function seedReviewedOrganization(stack: TestStack): Promise<void> {
  const db = stack.warden.services.prisma;
  const manager = await db.member.create({ data: { slackUserId: 'U0MANAGER09', email: 'max.manager@example.com', displayName: 'Max', lastActiveAt: new Date() } });
  await db.roleGrant.create({ data: { memberId: manager.id, role: 'analyst', status: 'approved', grantedBySlackId: 'seed', reason: 'seed', requestId: 'seed-manager-09' } });
  for (let i = 0; i < 12; i++) {
    const contractor = i < 4;
    const slackUserId = `U0REVIEW${String(i).padStart(3, '0')}`;
    const m = await db.member.create({ data: { slackUserId, email: `${slackUserId.toLowerCase()}@example.com`, displayName: slackUserId, contractor, managerId: manager.id, lastActiveAt: new Date() } });
    await db.roleGrant.create({ data: { memberId: m.id, role: contractor ? 'builder' : 'analyst', status: 'approved', grantedBySlackId: 'seed', reason: 'seed', requestId: `seed-${slackUserId}` } });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
