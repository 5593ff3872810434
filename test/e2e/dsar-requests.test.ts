import { createHash } from 'node:crypto';
import { dsarSubjectRef, GRANT_ACTIONS, type DsarDecision } from '../../lib/contracts';
import { decideDsarUpdate } from '../../workflows/messages';
import { dsarDriver, COMPLIANCE_CHANNEL, platformQuery, seedSamplePlatform } from '../helpers/dsar-driver';
import { allHistoryText } from '../helpers/history-text';
import { blockActionsBody, postSignedToSlackEndpoint, viewSubmissionBody } from '../helpers/slack-requests';
import { ADMIN, ADMIN_CHANNEL, eventually, NON_ADMIN, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

let stack: TestStack;
let dsar: ReturnType<typeof dsarDriver>;
const subjectEmails: string[] = [];

async function subject(endUserId: string): Promise<{ endUserId: string; email: string }> {
  const [row] = await platformQuery<{ email: string }>(stack, 'SELECT email FROM platform.end_user_contacts WHERE end_user_id = $1', [endUserId]);
  subjectEmails.push(row!.email);
  return { endUserId, email: row!.email };
}

const dbCount = async (sql: string, params: unknown[]) => Number((await platformQuery<{ n: string }>(stack, sql, params))[0]!.n);

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_DSAR_CHANNEL: COMPLIANCE_CHANNEL,
      // A short CCPA deadline so the reminders (50 %, 80 %) and the escalation fire within the test.
      WARDEN_DSAR_REGIMES: 'gdpr:30d,ccpa:12s',
      WARDEN_DSAR_OVERDUE_EVERY: '4s',
      WARDEN_DSAR_LINK_TTL: '8s',
      WARDEN_PUBLIC_URL: 'https://warden.example.com',
    },
    seed: ({ db }) => seedSamplePlatform(db.url),
  });
  dsar = dsarDriver(stack);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

test('people without a DSAR role are refused, and the refusal is audited', async () => {
  const refused = await dsar.slack.slash(NON_ADMIN.id, 'dsar export ana@example.com --verified id-document customer asked by email');
  expect(refused.json.text).toContain('Only holders of the *admin* or *compliance* role');
  expect((await dsar.slack.slash(NON_ADMIN.id, 'dsar hold conversation:conv_1 litigation')).json.text).toContain('place or lift legal holds');
  const denials = await stack.warden.services.audit.list({ actor: NON_ADMIN.id });
  expect(denials.map((e) => [e.action, e.outcome])).toEqual(expect.arrayContaining([['dsar.export.request', 'denied'], ['legal_hold.place', 'denied']]));
  // A request without recorded identity verification is refused with what to add.
  expect((await dsar.slack.slash(ADMIN.id, 'dsar export ana@example.com customer asked')).json.text).toContain('--verified');
});

test('an approved export produces one encrypted package whose manifest matches the database; the link works once', async () => {
  const s = await subject('eu_000002');
  const { reply, message } = await dsar.request(ADMIN.id, `export ${s.email} --verified id-document subject asked by email --note passport checked on a video call ticket 4411`);
  expect(reply).toContain('opened under GDPR (due in 30 days)');
  expect(message.text).toContain(`Data-subject export request for ${s.email[0]}***@example.com`);
  expect(JSON.stringify(message.blocks)).toContain(`Identity verified by:* <@${ADMIN.id}> (id-document)`);
  const row = await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message));
  expect(row).toMatchObject({ status: 'pending', verificationMethod: 'id-document', verifiedBySlackId: ADMIN.id, regime: 'gdpr' });
  expect(row!.deadlineAt.getTime() - row!.openedAt.getTime()).toBe(30 * 86_400_000);

  // Four eyes, as for role grants: the requester cannot approve their own request; a second admin can.
  expect(await dsar.click(ADMIN.id, message, 'approve')).toContain('You requested this data-subject request');
  expect(await dsar.click(SECOND_ADMIN.id, message, 'approve')).toContain('You approved the request');

  // Fulfilled, the request's sealed subject address is gone; the package and its link still work.
  const path = await dsar.downloadPath(ADMIN.id, 0);
  await eventually('the package note in the thread', () => dsar.thread(message).find((t) => t.includes('Export package ready')));
  await eventually('the sealed subject to go once the request is fulfilled', async () =>
    (await stack.warden.services.sealedSecrets.get(dsarSubjectRef(dsar.workflowIdOf(message)))) === null ? true : undefined,
  );
  const first = await dsar.download(path);
  expect(first.status).toBe(200);
  expect(first.headers.get('cache-control')).toBe('no-store');
  const files = dsar.untar(first.body);
  const manifest = JSON.parse(files.get('manifest.json')!.toString()) as { tables: Array<{ table: string; records: number }>; files: Array<{ name: string; records: number; sha256: string }> };
  const byTable = Object.fromEntries(manifest.tables.map((t) => [t.table, t.records]));
  // A subject's messages: the lines they wrote, and the agent's answers in their conversations (the map relates them).
  const subjectMessages = 'SELECT count(*) AS n FROM platform.messages WHERE end_user_id = $1 OR email = $2 OR conversation_id IN (SELECT id FROM platform.conversations WHERE end_user_id = $1)';
  expect(byTable['platform.messages']).toBe(await dbCount(subjectMessages, [s.endUserId, s.email]));
  expect(byTable['platform.conversations']).toBe(await dbCount('SELECT count(*) AS n FROM platform.conversations WHERE end_user_id = $1', [s.endUserId]));
  expect(byTable['platform.end_user_contacts']).toBe(1);
  for (const f of manifest.files) {
    expect(createHash('sha256').update(files.get(f.name)!).digest('hex')).toBe(f.sha256);
  }
  const messages = files.get('message.jsonl')!.toString().trim().split('\n');
  expect(messages).toHaveLength(byTable['platform.messages']!);

  // Encrypted at rest: the stored chunks do not contain the subject's address.
  const chunks = await platformQuery<{ ciphertext: Buffer }>(stack, 'SELECT ciphertext FROM dsar_package_chunks');
  expect(chunks.length).toBeGreaterThan(0);
  for (const c of chunks) expect(c.ciphertext.includes(Buffer.from(s.email))).toBe(false);
  const links = await platformQuery<{ token_hash: string }>(stack, 'SELECT token_hash FROM dsar_download_links');
  expect(links[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  expect(path).not.toContain(links[0]!.token_hash);

  const again = await dsar.download(path);
  expect(again.status).toBe(410);
  expect(again.headers.get('cache-control')).toBe('no-store');
  expect(JSON.parse(again.body.toString()).message).toContain('already been used');
  expect((await dsar.download('/v1/dsar/downloads/not-a-token')).status).toBe(404);
  await eventually('the request to be fulfilled', async () => ((await stack.warden.services.dsar.requests.get(row!.id))?.status === 'fulfilled' ? true : undefined));
  const downloads = await stack.warden.services.audit.list({ action: 'dsar.export.downloaded' });
  expect(downloads).toHaveLength(1);
  expect(downloads[0]!.target).toBe(`subject:${row!.subjectPseudonym}`);
}, 120_000);

test('an unused link expires and then answers 410', async () => {
  const s = await subject('eu_000003');
  const { message } = await dsar.request(ADMIN.id, `export ${s.email} --verified email-confirmation subject wrote from the address on file`);
  const links = dsar.linkDms().length;
  await dsar.click(SECOND_ADMIN.id, message, 'approve');
  const path = await dsar.downloadPath(ADMIN.id, links);
  await new Promise((r) => setTimeout(r, 9_000));
  const late = await dsar.download(path);
  expect(late.status).toBe(410);
  expect(JSON.parse(late.body.toString()).message).toContain('expired');
}, 120_000);

test('a denial needs a reason: an empty one is refused inline; the requester is told the reason', async () => {
  const s = await subject('eu_000004');
  const { message } = await dsar.request(ADMIN.id, `erase ${s.email} --verified account-login subject asked in the app`);
  // Around the bot (signed as the person, as the bot would): the workflow's activity still refuses a reasonless denial.
  const direct = (d: DsarDecision) => stack.warden.workflows.update(dsar.workflowIdOf(message), decideDsarUpdate, d.approverSlackId, d);
  expect(await direct({ approverSlackId: SECOND_ADMIN.id, decision: 'deny', reason: '  ' })).toMatchObject({ accepted: false, message: expect.stringContaining('A denial needs a reason') });
  expect(await direct({ approverSlackId: ADMIN.id, decision: 'approve' })).toMatchObject({ accepted: false, message: expect.stringContaining('You requested this data-subject request') });
  expect(await dsar.click(SECOND_ADMIN.id, message, 'deny')).toBe('modal opened');
  const empty = await dsar.submitDenial(SECOND_ADMIN.id, '');
  expect(empty.json).toEqual({ response_action: 'errors', errors: { dsar_deny_reason: 'A denial needs a reason: the requester is told it.' } });
  expect((await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message)))?.status).toBe('pending');
  const given = await dsar.submitDenial(SECOND_ADMIN.id, 'Identity not sufficiently verified');
  expect(given.status).toBe(200);
  await eventually('the denial DM', () =>
    stack.slack.messages().find((m) => m.channel.startsWith('D') && m.text?.includes(`<@${SECOND_ADMIN.id}> denied your erase request`) && m.text.includes('Identity not sufficiently verified')),
  );
  const row = await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message));
  expect(row).toMatchObject({ status: 'denied', denialReason: 'Identity not sufficiently verified', decidedBySlackId: SECOND_ADMIN.id });
  expect(await dsar.thread(message)).toEqual([]);
  expect(await dbCount('SELECT count(*) AS n FROM platform.messages WHERE end_user_id = $1', [s.endUserId])).toBeGreaterThan(0);
  // Denied, the request never acts on its subject: the sealed address is gone with it.
  expect(await stack.warden.services.sealedSecrets.get(dsarSubjectRef(dsar.workflowIdOf(message)))).toBeNull();
}, 120_000);

test('erasure changes exactly the subject unheld records, keeps held ones, and the thread report says so', async () => {
  const s = await subject('eu_000005');
  const [held] = await platformQuery<{ id: string }>(stack, 'SELECT id FROM platform.conversations WHERE end_user_id = $1 ORDER BY id LIMIT 1', [s.endUserId]);
  const hold = await dsar.slack.slash(ADMIN.id, `dsar hold conversation:${held!.id} litigation hold from legal, matter 2026-17`);
  expect(hold.json.text).toContain(`Legal hold placed on conversation ${held!.id}`);
  const heldMessages = await dbCount('SELECT count(*) AS n FROM platform.messages WHERE conversation_id = $1', [held!.id]);
  const othersBefore = await dbCount('SELECT count(*) AS n FROM platform.messages WHERE end_user_id IS DISTINCT FROM $1 AND conversation_id NOT IN (SELECT id FROM platform.conversations WHERE end_user_id = $1)', [s.endUserId]);

  const { message } = await dsar.request(ADMIN.id, `erase ${s.email} --verified id-document --verifier <@${SECOND_ADMIN.id}|ben> subject asked to be forgotten`);
  await dsar.click(SECOND_ADMIN.id, message, 'approve');
  const report = await eventually('the erasure report', () => dsar.thread(message).find((t) => t.includes('Erasure done')), 60_000);
  expect(report).toContain('kept: legal hold');
  expect(report).toContain('`platform.messages`');

  // The held conversation and its messages are all still there; other subjects' records are untouched.
  expect(await dbCount('SELECT count(*) AS n FROM platform.messages WHERE conversation_id = $1', [held!.id])).toBe(heldMessages);
  expect(await dbCount('SELECT count(*) AS n FROM platform.conversations WHERE id = $1', [held!.id])).toBe(1);
  expect(
    await dbCount('SELECT count(*) AS n FROM platform.messages WHERE end_user_id IS DISTINCT FROM $1 AND conversation_id NOT IN (SELECT id FROM platform.conversations WHERE end_user_id = $1)', [s.endUserId]),
  ).toBe(othersBefore);
  const applied = (await stack.warden.services.audit.list({ action: 'dsar.erase.applied' }))[0]!;
  const totals = (applied.details as { totals: { erased: number; kept: { legalHold: number; retention: number } } }).totals;
  expect(totals.kept.legalHold).toBeGreaterThanOrEqual(heldMessages);
  // Whatever of the subject is left is exactly what the report kept.
  const left = await dbCount(
    `SELECT (SELECT count(*) FROM platform.messages WHERE end_user_id = $1 OR conversation_id IN (SELECT id FROM platform.conversations WHERE end_user_id = $1))
          + (SELECT count(*) FROM platform.conversations WHERE end_user_id = $1) AS n`,
    [s.endUserId],
  );
  const tables = (applied.details as { tables: Array<{ table: string; kept: { legalHold: number; retention: number; strategy: number } }> }).tables;
  const keptHere = tables.filter((t) => t.table === 'platform.messages' || t.table === 'platform.conversations').reduce((n, t) => n + t.kept.legalHold + t.kept.retention + t.kept.strategy, 0);
  expect(left).toBe(keptHere);
  const row = await eventually('the request to be fulfilled', async () => {
    const r = await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message));
    return r?.status === 'fulfilled' ? r : undefined;
  });

  expect((await dsar.slack.slash(ADMIN.id, `dsar release conversation:${held!.id} matter closed`)).json.text).toContain('released');
  // A hold on a subject: placed once (a second one says so), released, and audited under the pseudonym only.
  expect((await dsar.slack.slash(ADMIN.id, `dsar hold ${s.email} regulator inquiry`)).json.text).toContain(`Legal hold placed on subject ${s.email[0]}***@example.com`);
  expect((await dsar.slack.slash(ADMIN.id, `dsar hold ${s.email} second ask`)).json.text).toContain('already under a legal hold');
  expect((await dsar.slack.slash(ADMIN.id, `dsar release ${s.email} inquiry closed`)).json.text).toContain('released');
  expect((await dsar.slack.slash(ADMIN.id, `dsar release ${s.email} inquiry closed`)).json.text).toContain('no active legal hold');
  const holdEvents = await stack.warden.services.audit.list({ action: 'legal_hold.placed' });
  expect(holdEvents.map((e) => e.target)).toContain(row!.subjectPseudonym);
}, 120_000);

test('an undecided request is reminded at 50 % and 80 % of its deadline, escalated when it passes and raised again until answered; status lists it', async () => {
  const s = await subject('eu_000006');
  const { reply, message } = await dsar.request(ADMIN.id, `export ${s.email} --regime ccpa --verified authorized-agent agent letter on file`);
  expect(reply).toContain('CCPA');
  const status = await dsar.slack.slash(ADMIN.id, 'dsar status');
  expect(status.json.text).toContain('Open data-subject requests');
  expect(status.json.text).toContain(`export for ${s.email[0]}***@example.com (CCPA, pending)`);
  expect((await dsar.slack.slash(NON_ADMIN.id, 'dsar status')).json.text).toContain('Only holders');

  const opened = Date.now();
  const fifty = await eventually('the 50 % reminder', () => dsar.thread(message).find((t) => t.includes('50 % of the legal deadline')), 20_000);
  const fiftyAt = Date.now() - opened;
  await eventually('the 80 % reminder', () => dsar.thread(message).find((t) => t.includes('80 % of the legal deadline')), 20_000);
  await eventually('the escalation', () => dsar.thread(message).find((t) => t.includes(':rotating_light: Escalated: the legal deadline has passed')), 20_000);
  expect(fifty).toContain('Reminder');
  expect(fiftyAt).toBeLessThan(9_000);
  // Escalated is not the end: while nobody decides, it is raised again on the configured cadence (4 s here).
  await eventually('two overdue reminders', () => (dsar.thread(message).filter((t) => t.includes('Still overdue')).length >= 2 ? true : undefined), 20_000);
  expect(dsar.thread(message).find((t) => t.includes('Still overdue (reminder 1)'))).toContain('is not answered');
  const id = dsar.workflowIdOf(message);
  const deadlineEvents = await eventually('the deadline audit events', async () => {
    const events = (await stack.warden.services.audit.list({ limit: 1000 })).filter((e) => e.requestId === id && e.action.startsWith('dsar.deadline'));
    return events.filter((e) => e.action === 'dsar.deadline_overdue').length >= 2 ? events : undefined;
  });
  expect(deadlineEvents.filter((e) => e.action !== 'dsar.deadline_overdue').map((e) => e.action).sort()).toEqual(['dsar.deadline_passed', 'dsar.deadline_reminder', 'dsar.deadline_reminder']);
  expect(dsar.thread(message).filter((t) => t.includes('Reminder'))).toHaveLength(2);

  // Answered, the reminders stop.
  expect(await dsar.click(SECOND_ADMIN.id, message, 'deny')).toBe('modal opened');
  expect((await dsar.submitDenial(SECOND_ADMIN.id, 'Agent letter not valid')).status).toBe(200);
  await eventually('the request to be denied', async () => ((await stack.warden.client.workflow.getHandle(id).describe()).status.name === 'COMPLETED' ? true : undefined), 20_000);
  const overdueAtAnswer = dsar.thread(message).filter((t) => t.includes('Still overdue')).length;
  await new Promise((r) => setTimeout(r, 9_000));
  expect(dsar.thread(message).filter((t) => t.includes('Still overdue'))).toHaveLength(overdueAtAnswer);
}, 120_000);

test('`/warden dsar export` alone opens a form: mistakes come back inline, a valid form opens the request', async () => {
  const s = await subject('eu_000006');
  expect((await dsar.slack.slash(NON_ADMIN.id, 'dsar export')).json.text).toContain('Only holders');
  const viewsBefore = stack.slack.openedViews().length;
  await dsar.slack.slash(ADMIN.id, 'dsar export');
  const opened = await eventually('the request form', () => stack.slack.openedViews()[viewsBefore]);
  expect(opened.view.callback_id).toBe('warden_dsar_request');
  const form = JSON.stringify(opened.view.blocks);
  for (const method of ['id-document', 'email-confirmation', 'account-login', 'authorized-agent']) expect(form).toContain(method);
  expect(form).toContain('"value":"ccpa"');

  const submit = (values: Record<string, Record<string, unknown>>) =>
    postSignedToSlackEndpoint(
      stack.botUrl,
      viewSubmissionBody({ userId: ADMIN.id, view: { id: opened.view_id, callback_id: 'warden_dsar_request', private_metadata: String(opened.view.private_metadata) }, values }),
      { signingSecret: stack.env.SLACK_SIGNING_SECRET! },
    );
  const select = (value: string) => ({ value: { type: 'static_select', selected_option: { text: { type: 'plain_text', text: value }, value } } });
  const text = (value: string) => ({ value: { type: 'plain_text_input', value } });
  const valid = {
    dsar_subject: text(s.email),
    dsar_regime: select('gdpr'),
    dsar_method: select('email-confirmation'),
    dsar_verifier: { value: { type: 'users_select', selected_user: SECOND_ADMIN.id } },
    dsar_note: text('confirmed from the address on file'),
    dsar_reason: text('subject asked by email'),
  };
  const wrong = await submit({ ...valid, dsar_subject: text('not an address!'), dsar_method: { value: { type: 'static_select', selected_option: null } }, dsar_reason: text('') });
  expect(wrong.json).toEqual({
    response_action: 'errors',
    errors: { dsar_subject: expect.any(String), dsar_method: "Record how the subject's identity was verified", dsar_reason: 'Say why: approvers decide on the reason' },
  });

  const before = dsar.requestMessages().length;
  const ok = await submit(valid);
  expect(ok.json).toMatchObject({ response_action: 'update' });
  const message = await eventually('the approval message', () => dsar.requestMessages()[before]);
  expect(message.text).toContain(`Data-subject export request for ${s.email[0]}***@example.com`);
  expect(JSON.stringify(message.blocks)).toContain(`Identity verified by:* <@${SECOND_ADMIN.id}> (email-confirmation)`);
  const outcome = await eventually('the form to show the outcome', () =>
    stack.slack.callsTo('views.update').map((c) => JSON.stringify(c.args.view)).find((v) => v.includes('opened under GDPR')),
  );
  expect(outcome).toContain('due in 30 days');
  // Submitting the same form again finds the request it opened.
  await submit(valid);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(dsar.requestMessages()).toHaveLength(before + 1);
}, 120_000);

test('a member granted the compliance role (not an admin) can make a request, and an admin approves it', async () => {
  const cora = { id: 'U0COMPLY01', email: 'cora.compliance@example.com' };
  expect((await dsar.slack.slash(ADMIN.id, `access member add <@${cora.id}|cora> ${cora.email}`)).json.text).toContain('Registering');
  await eventually('Cora to be registered', () => stack.warden.services.members.findBySlackId(cora.id).then((m) => m ?? undefined));
  expect((await dsar.slack.slash(cora.id, 'dsar status')).json.text).toContain('Only holders');
  expect((await dsar.slack.slash(ADMIN.id, `access request <@${cora.id}|cora> compliance handles data-subject requests`)).json.text).toContain('Requested *compliance*');
  const grantMessage = await eventually('the grant approval message', () => stack.slack.messages(ADMIN_CHANNEL).find((m) => !m.thread_ts && m.text?.includes(`<@${cora.id}> → *compliance*`)));
  const value = (grantMessage.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>).find((b) => b.type === 'actions')!.elements!.find((e) => e.action_id === GRANT_ACTIONS.approve)!.value;
  const body = blockActionsBody({ userId: SECOND_ADMIN.id, actionId: GRANT_ACTIONS.approve, value, channelId: ADMIN_CHANNEL, messageTs: grantMessage.ts, responseUrl: stack.slack.issueResponseUrl(), triggerId: stack.slack.issueTriggerId() });
  expect((await postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! })).status).toBe(200);
  await eventually('Cora to hold the compliance role', async () => ((await stack.warden.services.members.activeRoles(cora.id, new Date())).includes('compliance') ? true : undefined));

  const s = await subject('eu_000001');
  const { message } = await eventually('the role view to let Cora in', () => dsar.request(cora.id, `export ${s.endUserId} --verified account-login subject asked in the app`).catch(() => undefined));
  expect(await dsar.click(ADMIN.id, message, 'approve')).toContain('You approved the request');
  await eventually('the request to be fulfilled', async () => ((await stack.warden.services.dsar.requests.get(dsar.workflowIdOf(message)))?.status === 'fulfilled' ? true : undefined), 60_000);
}, 120_000);

test('no audit event, log line or workflow history carries a subject email', async () => {
  const events = await stack.warden.services.audit.list({ limit: 1000 });
  expect(events.some((e) => e.action.startsWith('dsar.'))).toBe(true);
  const all = JSON.stringify(events);
  expect(subjectEmails.length).toBeGreaterThan(3);
  for (const email of subjectEmails) expect(all).not.toContain(email);
  // Nor do Warden's logs (command text is logged by its first two words only).
  const logs = stack.logLines.join('\n');
  for (const email of subjectEmails) expect(logs).not.toContain(email);
  // Nor does Temporal's history, as stored or as decoded with Warden's codec: the bot seals the subject first.
  const history = await allHistoryText(stack.warden.client, stack.warden.services.codec);
  expect(history.workflows).toBeGreaterThan(3);
  for (const email of subjectEmails) {
    expect(history.raw).not.toContain(email);
    expect(history.decoded).not.toContain(email);
  }
});
