// Knowledge ingestion end to end: signed Slack requests → bot → real Temporal and PostgreSQL → real Tesseract
// and PDFium, with the Slack and Gemini fakes answering like the real services.
import { randomUUID } from 'node:crypto';
import { INGEST_SHORTCUT_CALLBACK_ID } from '../../lib/contracts';
import { ingestionDriver, TEST_TEAM } from '../helpers/ingestion-driver';
import { scannedPdf, textPdf, textPng, wav } from '../helpers/ingestion-media';
import { startAddKey } from '../helpers/key-workflows';
import { slackDriver } from '../helpers/slack-driver';
import { messageShortcutBody, postSignedToSlackEndpoint } from '../helpers/slack-requests';
import { ADMIN, eventually, NON_ADMIN, OPS_CHANNEL, SECOND_ADMIN, startTestStack, type TestStack } from '../helpers/warden-stack';

const HOSTED = 'AIzaHOSTEDingestHOSTEDingestHOSTED0001';
const ORG_KEY = 'AIzaORGkeyORGkeyORGkeyORGkeyORGkey0002';
const BUILDER = NON_ADMIN; // bo.builder, granted the builder role below
const OUTSIDER = { id: 'U0OUTSIDER1' };
const SHORTCUT_CHANNEL = 'C0KNOWLEDGE';

let stack: TestStack;
let slack: ReturnType<typeof slackDriver>;
let ingest: ReturnType<typeof ingestionDriver>;

beforeAll(async () => {
  stack = await startTestStack({
    env: {
      WARDEN_HOSTED_GEMINI_KEY: HOSTED,
      WARDEN_INGEST_MAX_FILE_MB: '2',
      WARDEN_INGEST_PARALLEL_ITEMS: '2',
      WARDEN_OCR_WORKERS: '2',
      WARDEN_GEMINI_INLINE_MAX_MB: '1',
      WARDEN_GEMINI_FILE_POLL_EVERY: '50ms',
      WARDEN_INGEST_CHANNELS: SHORTCUT_CHANNEL,
    },
  });
  stack.providers.setKey(HOSTED, { kind: 'valid' });
  slack = slackDriver(stack);
  ingest = ingestionDriver(stack);
  // Bo is a registered member with the builder role, granted the way an approved request leaves it.
  const { memberRegistry, roleGrants } = stack.warden.services;
  await memberRegistry.register({ slackUserId: BUILDER.id, email: BUILDER.email, displayName: 'bo', contractor: false, utilityAccount: false });
  await roleGrants.createApproved({ memberSlackId: BUILDER.id, role: 'builder', requestId: 'test-builder-grant', bySlackId: ADMIN.id, reason: 'ingestion tests', now: new Date() });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
});

const upload = (name: string, bytes: Buffer, extra: { user?: string; mimetype?: string; delivery?: 'direct' | 'cdn' | 'signin' } = {}) =>
  stack.slack.addFile({ name, bytes, user: extra.user ?? BUILDER.id, mimetype: extra.mimetype, delivery: extra.delivery });

async function hostedUsage(org = TEST_TEAM) {
  const [image, media] = await stack.warden.services.hostedQuotas.usage(org, ['image_recognition', 'media_transcription'], new Date());
  return { image: image!, media: media! };
}

test('/warden ingest opens the modal showing this month\'s hosted usage and who pays; others are refused', async () => {
  // The bot's in-memory role view hears of Bo's grant through a PostgreSQL notification: wait for it.
  const opened = await eventually('the modal to open for a builder', async () => {
    const attempt = await slack.slash(BUILDER.id, 'ingest');
    return attempt.opened ? attempt : undefined;
  });
  expect(opened.opened).toBe(true);
  const view = slack.lastOpenedView();
  expect(JSON.stringify(view.view.blocks)).toContain('file_input');
  const updated = await eventually('the usage in the modal', () =>
    stack.slack.callsTo('views.update').find((c) => JSON.stringify(c.args).includes('Hosted Gemini usage')),
  );
  const text = JSON.stringify(updated.args);
  expect(text).toContain('Image recognition: 0 of 500 images used');
  expect(text).toContain('Media transcription: 0 of 300 minutes used');
  expect(text).toContain("Warden's hosted key");

  expect((await slack.slash(OUTSIDER.id, 'ingest')).json.text).toContain('Only builders and admins');
  const bad = await ingest.submit(BUILDER.id, { url: 'http://10.0.0.5/wiki' });
  expect(bad.json).toEqual({ response_action: 'errors', errors: { ingest_url: expect.stringContaining('private') } });
  const empty = await ingest.submit(BUILDER.id, {});
  expect(empty.json.errors.ingest_files).toContain('Add files');
});

test('a batch: OCR, PDF text, scanned PDF, text; hosted vision until the quota is reached, then OCR only; bad items reported, the rest goes on', async () => {
  await stack.warden.services.hostedQuotas.setLimit(TEST_TEAM, 'image_recognition', 2, ADMIN.id, new Date());
  const files = [
    upload('chart-1.png', await textPng(['Revenue grew 12 percent'], { embedded: 'a rising revenue chart' })),
    upload('chart-2.png', await textPng(['Churn fell to 3 percent'], { embedded: 'a falling churn line' })),
    upload('chart-3.png', await textPng(['Support tickets doubled'], { embedded: 'a ticket histogram' })),
    upload('policy.pdf', await textPdf([['Refunds take five working days'], ['Shipping is free over 50 euros']])),
    upload('scan.pdf', await scannedPdf([['Signed contract for Acme Corp']])),
    upload('notes.md', Buffer.from('# Onboarding\n\nNew starters get a laptop on day one.\n')),
    upload('archive.png', Buffer.from('PK\x03\x04 this is a zip file, whatever its name says'), { mimetype: 'image/png' }),
    upload('huge.txt', Buffer.alloc(2_200_000, 'a')),
    upload('private.png', await textPng(['secret']), { delivery: 'signin' }),
  ];
  const gone = files.pop()!;
  const deleted = upload('deleted.txt', Buffer.from('gone soon'));
  stack.slack.deleteFile(deleted.id);
  const submitted = await ingest.submit(BUILDER.id, { files: [...files, gone, deleted], vision: true });
  expect(submitted.status).toBe(200);
  expect(submitted.text).toBe('');
  const result = await ingest.result(submitted.workflowId);
  const byLabel = Object.fromEntries(result.outcomes.map((o) => [o.label, o]));

  const visionDone = ['chart-1.png', 'chart-2.png', 'chart-3.png'].filter((l) => byLabel[l]!.methods.includes('vision'));
  expect(visionDone).toHaveLength(2);
  const fallback = ['chart-1.png', 'chart-2.png', 'chart-3.png'].find((l) => !byLabel[l]!.methods.includes('vision'))!;
  expect(byLabel[fallback]).toMatchObject({ status: 'partial', methods: ['ocr'], costs: [] });
  expect(byLabel[fallback]!.notes[0]).toMatch(/OCR only: this month's hosted image recognition quota is used up \(2 of 2 images\).*\/warden keys add.*\/warden usage limit image-recognition/);
  for (const l of visionDone) expect(byLabel[l]).toMatchObject({ status: 'done', methods: ['ocr', 'vision'], costs: [{ feature: 'image_recognition', units: 1, payer: 'hosted' }] });
  expect(byLabel['policy.pdf']).toMatchObject({ status: 'done', methods: ['pdf_text'], pages: 2 });
  expect(byLabel['scan.pdf']).toMatchObject({ status: 'done', methods: ['ocr'], pages: 1 });
  expect(byLabel['notes.md']).toMatchObject({ status: 'done', methods: ['text'] });
  expect(byLabel['archive.png']!.failure!.reason).toContain('not a supported type (application/zip; Slack called it image/png)');
  expect(byLabel['huge.txt']!.failure!.reason).toContain('over the 2 MB limit');
  expect(byLabel['private.png']!.failure!.reason).toContain('sign-in page');
  expect(byLabel['private.png']!.failure!.remedy).toContain('files:read');
  expect(byLabel['deleted.txt']!.failure!.reason).toContain('file_deleted');

  // The text itself, by content, with its method, who paid and who uploaded it.
  const chunks = await stack.warden.services.knowledge.listForIngestion(submitted.workflowId);
  const text = (source: string, method: string) => chunks.filter((c) => c.source === source && c.method === method).map((c) => c.text.replace(/\s+/g, ' ')).join(' ');
  expect(text('chart-1.png', 'ocr')).toContain('Revenue grew 12 percent');
  expect(text('policy.pdf', 'pdf_text')).toContain('Shipping is free over 50 euros');
  expect(chunks.filter((c) => c.source === 'policy.pdf').map((c) => c.page)).toEqual([1, 2]);
  expect(text('scan.pdf', 'ocr')).toContain('Signed contract for Acme Corp');
  expect(text(visionDone[0]!, 'vision')).toMatch(/^The image shows a/);
  expect(chunks.filter((c) => c.method === 'vision').every((c) => c.paidBy === 'hosted')).toBe(true);
  expect(chunks.filter((c) => c.method === 'ocr').every((c) => c.paidBy === null)).toBe(true);
  expect(new Set(chunks.map((c) => c.uploadedBySlackId))).toEqual(new Set([BUILDER.id]));

  expect(await hostedUsage()).toMatchObject({ image: { used: 2, reserved: 0, limit: 2 } });
  const summary = await ingest.summaryText(submitted.workflowId);
  expect(summary).toContain('6 of 10 items ingested');
  expect(summary).toContain('1 images of hosted image recognition quota');
  expect(summary).toContain('OCR only');
  expect(summary).toContain('*Remedy:*');
  const progress = stack.slack.messages().find((m) => m.text?.startsWith(':large_green_circle: Finished: 10 of 10 items done'));
  expect(progress?.updates).toBeGreaterThan(1);
  // Slack's trap: the token went to Slack only, and files.info was asked rather than the payload trusted.
  expect(stack.slack.callsTo('files.info').length).toBeGreaterThanOrEqual(10);
}, 120_000);

test('a retried Gemini call is metered once, and an org key means no hosted metering at all', async () => {
  const org = 'T0RETRYORG1';
  stack.providers.setKey(HOSTED, { kind: 'outage_then_valid', failures: stack.providers.callCount(HOSTED) + 1 });
  const retried = await ingest.submit(BUILDER.id, { files: [upload('diagram.png', await textPng(['Architecture overview'], { embedded: 'a system diagram' }))], vision: true, teamId: org });
  const [outcome] = (await ingest.result(retried.workflowId)).outcomes;
  expect(outcome).toMatchObject({ status: 'done', methods: ['ocr', 'vision'], costs: [{ feature: 'image_recognition', units: 1, payer: 'hosted' }] });
  const generateCalls = stack.providers.calls.filter((c) => c.provider === 'gemini' && c.path.endsWith(':generateContent') && c.at >= Date.now() - 60_000);
  expect(generateCalls.filter((c) => c.apiKeyFingerprint !== 'none').length).toBeGreaterThanOrEqual(2); // the 503, then the retry
  expect((await hostedUsage(org)).image).toMatchObject({ used: 1, reserved: 0 });
  stack.providers.setKey(HOSTED, { kind: 'valid' });

  stack.providers.setKey(ORG_KEY, { kind: 'valid' });
  const added = await startAddKey(stack, { apiKey: ORG_KEY, provider: 'gemini' });
  await added.result();
  const orgPaid = 'T0ORGKEYORG';
  const run = await ingest.submit(BUILDER.id, {
    files: [upload('whiteboard.png', await textPng(['Sprint goals'], { embedded: 'a whiteboard' })), upload('standup.wav', wav(90, 'yesterday I fixed the login bug'))],
    vision: true,
    teamId: orgPaid,
  });
  const outcomes = (await ingest.result(run.workflowId)).outcomes;
  expect(outcomes.map((o) => o.costs)).toEqual([[{ feature: 'image_recognition', units: 1, payer: 'org' }], [{ feature: 'media_transcription', units: 2, payer: 'org' }]]);
  expect(await hostedUsage(orgPaid)).toMatchObject({ image: { used: 0, reserved: 0 }, media: { used: 0, reserved: 0 } });
  const chunks = await stack.warden.services.knowledge.listForIngestion(run.workflowId);
  expect(chunks.find((c) => c.method === 'transcription')).toMatchObject({ text: 'yesterday I fixed the login bug', paidBy: 'org' });
  expect(await ingest.summaryText(run.workflowId)).toContain("on the org's Gemini key (no hosted quota)");
  // Neither key reached history, logs, Slack or the chunks.
  const history = JSON.stringify(await stack.warden.client.workflow.getHandle(run.workflowId).fetchHistory());
  for (const key of [ORG_KEY, HOSTED]) {
    expect(history).not.toContain(key);
    expect(stack.logLines.join('\n')).not.toContain(key);
    expect(stack.slack.recordedText()).not.toContain(key);
  }
  await stack.warden.services.keys.list().then((keys) => Promise.all(keys.filter((k) => k.provider === 'gemini').map((k) => stack.db.prisma.keySlot.updateMany({ where: { activeKeyId: k.id }, data: { activeKeyId: null } }))));
}, 120_000);

test('long media goes through the Files API and counts minutes against the hosted quota; when it is spent, media fails with the remedy', async () => {
  const org = 'T0MEDIAORG1';
  stack.providers.setGeminiFileProcessing({ polls: 2, outcome: 'ACTIVE' });
  await stack.warden.services.hostedQuotas.setLimit(org, 'media_transcription', 4, ADMIN.id, new Date());
  const long = upload('all-hands.wav', wav(135, 'welcome to the all hands meeting')); // 1.08 MB: over the 1 MB inline limit
  const short = upload('memo.wav', wav(100, 'a short memo'));
  // One ingestion after the other: in one, the two items reserve in whichever order their downloads finish.
  const first = (await ingest.result((await ingest.submit(BUILDER.id, { files: [long], teamId: org })).workflowId)).outcomes[0];
  expect(first!.failure).toBeUndefined();
  expect(first).toMatchObject({ status: 'done', methods: ['transcription'], costs: [{ feature: 'media_transcription', units: 3, payer: 'hosted' }] });
  const second = (await ingest.result((await ingest.submit(BUILDER.id, { files: [short], teamId: org })).workflowId)).outcomes[0];
  expect([...stack.providers.geminiFiles.values()].some((f) => f.displayName === 'all-hands.wav' && f.deleted)).toBe(true);
  expect(second).toMatchObject({ status: 'failed' });
  expect(second!.failure!.reason).toContain('needs 2 minutes of hosted media transcription and this month\'s quota has 1 of 4 left');
  expect(second!.failure!.remedy).toContain('/warden keys add');
  expect((await hostedUsage(org)).media).toMatchObject({ used: 3, reserved: 0 });
}, 120_000);

test('break-glass on ingestion stops new items, lets running ones finish, and refuses new ingestions', async () => {
  stack.providers.setKey(HOSTED, { kind: 'slow', delayMs: 2500 });
  const images = await Promise.all([1, 2, 3, 4].map(async (i) => upload(`slide-${i}.png`, await textPng([`Slide number ${i}`], { embedded: `slide ${i}` }))));
  const since = Date.now();
  const run = await ingest.submit(BUILDER.id, { files: images, vision: true, teamId: 'T0BREAKGLASS' });
  await eventually('two items calling Gemini', () => stack.providers.calls.filter((c) => c.at >= since && c.path.endsWith(':generateContent')).length >= 2, 60_000);
  const { breakGlass } = stack.warden.services;
  const flag = await breakGlass.openPending({ requestId: `bg-${randomUUID()}`, scope: 'ingestion', reason: 'poisoned documents', requestedBySlackId: ADMIN.id });
  await breakGlass.activate(flag.id, SECOND_ADMIN.id, new Date());

  const result = await ingest.result(run.workflowId);
  expect(result.stoppedBy).toEqual({ scope: 'ingestion', reason: 'poisoned documents' });
  expect(result.outcomes.map((o) => o.status)).toEqual(['done', 'done', 'not_started', 'not_started']);
  const summary = await ingest.summaryText(run.workflowId);
  expect(summary).toContain('Break-glass is on for `ingestion` (poisoned documents)');
  expect(summary).toContain('Not started: break-glass is on for ingestion.');

  const refused = await ingest.submit(BUILDER.id, { files: [upload('late.txt', Buffer.from('too late'))] });
  await expect(ingest.result(refused.workflowId)).rejects.toThrow();
  await eventually('the refusal DM', () => stack.slack.messages(`D${BUILDER.id}`).find((m) => m.text?.includes('Break-glass is on for `ingestion`')));
  await breakGlass.lift('ingestion', ADMIN.id, new Date());
  stack.providers.setKey(HOSTED, { kind: 'valid' });
}, 120_000);

test('files shared in a configured channel can be ingested from a message shortcut, once per message', async () => {
  const file = upload('faq.txt', Buffer.from('Q: Where is the VPN guide? A: In the IT wiki.'), { delivery: 'cdn' });
  const shortcut = (channelId: string) => {
    const responseUrl = stack.slack.issueResponseUrl();
    const body = messageShortcutBody({
      userId: BUILDER.id,
      text: 'Here is the FAQ',
      callbackId: INGEST_SHORTCUT_CALLBACK_ID,
      triggerId: stack.slack.issueTriggerId(),
      responseUrl,
      channelId,
      messageTs: '1700000500.000100',
      message: { files: [{ id: file.id, name: file.name }] },
    });
    return postSignedToSlackEndpoint(stack.botUrl, body, { signingSecret: stack.env.SLACK_SIGNING_SECRET! }).then(() =>
      eventually('the shortcut reply', () => stack.slack.responses().find((r) => r.url === responseUrl)),
    );
  };
  expect(JSON.stringify((await shortcut(OPS_CHANNEL)).body)).toContain('can be ingested from messages in <#C0KNOWLEDGE>');
  expect(JSON.stringify((await shortcut(SHORTCUT_CHANNEL)).body)).toContain('Ingesting 1 file');
  const workflowId = `ingest-msg:${TEST_TEAM}:${SHORTCUT_CHANNEL}:1700000500.000100`;
  expect((await ingest.result(workflowId)).outcomes[0]).toMatchObject({ status: 'done', methods: ['text'] });
  expect(JSON.stringify((await shortcut(SHORTCUT_CHANNEL)).body)).toContain('already ingested');
  // The download went through Slack's redirect to its CDN, and the token never left Slack.
  const cdn = stack.slack.downloads().filter((d) => d.path.startsWith('/cdn/'));
  expect(cdn.length).toBeGreaterThanOrEqual(1);
  expect(cdn.every((d) => !d.authorization)).toBe(true);
}, 60_000);

test('/warden usage shows usage per feature and who used it; admins change a limit, audited; data rights can find and erase a person\'s chunks', async () => {
  const usage = await slack.slash(BUILDER.id, 'usage');
  expect(usage.json.text).toContain('Image recognition: 2 of 2 images used');
  expect(usage.json.text).toContain(`<@${BUILDER.id}> 2`);
  expect((await slack.slash(BUILDER.id, 'usage limit image-recognition 50')).json.text).toContain('Only org admins');
  expect((await slack.slash(ADMIN.id, 'usage limit images lots')).json.text).toContain('whole number');
  expect((await slack.slash(ADMIN.id, 'usage limit image-recognition 50')).json.text).toContain('the monthly hosted limit is now 50 images (was 2)');
  expect((await hostedUsage()).image.limit).toBe(50);
  const audit = await stack.warden.services.audit.list({ action: 'quota.limit_set' });
  expect(audit.map((e) => [e.actor, e.outcome, e.details.monthlyLimit ?? null])).toEqual(expect.arrayContaining([[ADMIN.id, 'succeeded', 50], [BUILDER.id, 'denied', null]]));

  const mine = await stack.warden.services.knowledge.findByUploader(BUILDER.id);
  expect(mine.length).toBeGreaterThan(5);
  expect(await stack.warden.services.knowledge.eraseByUploader(BUILDER.id)).toBe(mine.length);
  expect(await stack.warden.services.knowledge.findByUploader(BUILDER.id)).toEqual([]);
  expect(await stack.warden.services.audit.verify()).toMatchObject({ ok: true });
});
