// The retention schedule on the real Temporal dev server (issue 10): it exists after start, a triggered run
// purges expired unheld records of the sample platform under Warden's own assertion, audits the counts and
// posts them; a run started straight through Temporal without that assertion changes nothing.
import { ScheduleOverlapPolicy, WorkflowFailedError } from '@temporalio/client';
import { Client } from 'pg';
import { retentionScheduleId, type RetentionRunSummary } from '../../lib/contracts';
import { seedPlatform } from '../../lib/data-rights';
import { ADMIN, ADMIN_CHANNEL, eventually, startTestStack, type TestStack } from '../helpers/warden-stack';

const DAY = 86_400_000;
let stack: TestStack;
let sql: Client;

beforeAll(async () => {
  stack = await startTestStack({ env: { WARDEN_RETENTION_INTERVAL: '24h', WARDEN_RETENTION_BATCH: '50' } });
  sql = new Client({ connectionString: stack.db.url });
  await sql.connect();
  // Dates count back from today, so the run (which uses the real clock) finds records past their retention.
  await seedPlatform(sql, { endUsers: 30, conversationsPerUser: 3, messagesPerConversation: 4, asOf: new Date() });
}, 120_000);
afterAll(async () => {
  await sql?.end();
  await stack?.stop();
});

const count = async (query: string, values: unknown[] = []) => Number((await sql.query<{ n: string }>(`SELECT count(*) AS n FROM (${query}) q`, values)).rows[0]!.n);

test('a triggered run purges expired unheld records, keeps held ones, audits the counts and posts them', async () => {
  const scheduleId = retentionScheduleId(stack.config.temporal.taskQueue);
  const schedule = stack.warden.client.schedule.getHandle(scheduleId);
  expect((await schedule.describe()).spec.intervals?.[0]?.every).toBe(DAY);

  const cutoff = new Date(Date.now() - 180 * DAY);
  const { rows } = await sql.query<{ id: string }>('SELECT conversation_id AS id FROM platform.messages WHERE created_at < $1 ORDER BY id LIMIT 1', [cutoff]);
  const held = rows[0]!.id;
  await stack.warden.services.dataRights.legalHolds.place({ scope: 'conversation', conversationId: held, reason: 'Dispute', placedBySlackId: ADMIN.id, requestId: 'hold-e2e', placedAt: new Date() });
  const expired = await count('SELECT 1 FROM platform.messages WHERE created_at < $1 AND conversation_id <> $2', [cutoff, held]);
  const heldExpired = await count('SELECT 1 FROM platform.messages WHERE created_at < $1 AND conversation_id = $2', [cutoff, held]);
  expect(expired).toBeGreaterThan(0);

  // A key typed into a form two days ago whose workflow never stored it: Warden's own leftover, purged too.
  const { sealedSecrets, sealer } = stack.warden.services;
  await sealedSecrets.put('sec_abandoned_form', await sealer.seal('sk-proj-abandonedKEYabandonedKEY0001', 'sec_abandoned_form'));
  await sql.query(`UPDATE sealed_secrets SET created_at = now() - interval '2 days' WHERE id = 'sec_abandoned_form'`);

  await schedule.trigger(ScheduleOverlapPolicy.ALLOW_ALL);
  const event = await eventually('the retention audit event', async () => (await stack.db.prisma.auditEvent.findFirst({ where: { action: 'retention.enforced' } })) ?? undefined);
  const tables = (event.details as unknown as { tables: RetentionRunSummary['tables'] }).tables;
  expect(event.actor).toBe('warden');
  expect(tables.find((t) => t.table === 'platform.messages')).toMatchObject({ deleted: expired, keptLegalHold: heldExpired });
  expect(await count('SELECT 1 FROM platform.messages WHERE created_at < $1', [cutoff])).toBe(heldExpired);

  const post = await eventually('the retention report', async () => stack.slack.messages(ADMIN_CHANNEL).find((m) => m.text?.includes('Retention run')));
  expect(post.text).toContain(`\`platform.messages\` (message, before ${cutoff.toISOString().slice(0, 10)}): ${expired} deleted, 0 anonymised, ${heldExpired} kept under legal hold`);
  expect(await sealedSecrets.get('sec_abandoned_form')).toBeNull();
  expect(post.text).toContain("Warden's own leftovers: 1 sealed key(s) from forms that never added them");
}, 120_000);

test('a run started straight through Temporal without Warden’s assertion is refused, audited, and purges nothing', async () => {
  await sql.query(`INSERT INTO platform.messages (id, conversation_id, role, text, created_at)
                   SELECT 990001, id, 'agent', 'old line', now() - interval '400 days' FROM platform.conversations ORDER BY id LIMIT 1`);
  const handle = await stack.warden.client.workflow.start('retentionEnforcement', {
    workflowId: `retention-forged-${Date.now()}`,
    taskQueue: stack.config.temporal.taskQueue,
    args: [{ channel: ADMIN_CHANNEL }],
  });
  const failure = await handle.result().then(
    () => 'completed',
    (err: unknown) => err,
  );
  expect(failure).toBeInstanceOf(WorkflowFailedError);
  // WorkflowFailedError ← ActivityFailure ← ApplicationFailure with the refusal.
  const chain: string[] = [];
  for (let e: any = failure; e; e = e.cause) chain.push(String(e.message));
  expect(chain.join(' | ')).toMatch(/could not be proven to come from <@warden> through Warden \(no actor assertion\)/);
  expect(await count('SELECT 1 FROM platform.messages WHERE id = 990001')).toBe(1);
  const refusal = await stack.db.prisma.auditEvent.findFirst({ where: { action: 'security.actor_unproven', target: 'retention' } });
  expect(refusal).toMatchObject({ outcome: 'denied' });
}, 120_000);
