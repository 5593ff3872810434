// Gemini vision and transcription through the real SDK against the fake, which answers generateContent with
// media and the Files API (upload, PROCESSING → ACTIVE or FAILED, errors) in the real services' shapes.
import { classifyThrownError } from '../../../../lib/providers';
import { createGeminiMedia, GeminiFileFailedError } from '../../../../lib/providers/gemini-media';
import { startFakeProviderServer, type FakeProviderServer } from '../../../fakes/provider-server';
import { blankPng, wav } from '../../../helpers/ingestion-media';

const KEY = 'AIzaMEDIAkeyMEDIAkeyMEDIAkeyMEDIAkey01';
let fake: FakeProviderServer;

beforeAll(async () => {
  fake = await startFakeProviderServer();
  fake.setKey(KEY, { kind: 'valid' });
});
afterAll(() => fake.close());

const media = (inlineMaxBytes = 5_000_000) =>
  createGeminiMedia({ endpoint: fake.endpoints.gemini, model: 'gemini-3.1-flash-lite', inlineMaxBytes, pollEveryMs: 20 });
const call = (bytes: Buffer, mime: string, apiKey = KEY) => ({ apiKey, bytes, mime, displayName: 'test media', signal: AbortSignal.timeout(10_000) });

test('an image is described inline and a short recording transcribed inline', async () => {
  expect(await media().describeImage(call(blankPng(200, 80, 'a bar chart of monthly sign-ups'), 'image/png'))).toEqual({
    text: 'The image shows a bar chart of monthly sign-ups',
    via: 'inline',
  });
  expect(await media().transcribe(call(wav(3, 'welcome to the onboarding call'), 'audio/wav'))).toEqual({ text: 'welcome to the onboarding call', via: 'inline' });
  expect(fake.geminiFiles.size).toBe(0);
});

test('large media goes through the Files API: uploaded, polled while PROCESSING, used when ACTIVE, then deleted', async () => {
  fake.setGeminiFileProcessing({ polls: 3, outcome: 'ACTIVE' });
  const waits: number[] = [];
  const answer = await media(1_000).transcribe({ ...call(wav(2, 'the quarterly all-hands recording'), 'audio/wav'), onWait: () => waits.push(1) });
  expect(answer).toEqual({ text: 'the quarterly all-hands recording', via: 'files_api' });
  expect(waits.length).toBe(3);
  const [file] = [...fake.geminiFiles.values()];
  expect(file).toMatchObject({ mimeType: 'audio/wav', displayName: 'test media', deleted: true });
  const paths = fake.calls.filter((c) => c.provider === 'gemini').map((c) => `${c.method} ${c.path}`);
  expect(paths).toEqual(expect.arrayContaining(['POST /upload/v1beta/files', `GET /v1beta/files/${file!.id}`, `DELETE /v1beta/files/${file!.id}`]));
});

test('a file that fails processing, an unsupported type and a bad key are reported, the key never in the text', async () => {
  fake.setGeminiFileProcessing({ polls: 1, outcome: 'FAILED' });
  await expect(media(1_000).transcribe(call(wav(2, 'x'), 'audio/wav'))).rejects.toBeInstanceOf(GeminiFileFailedError);

  const unsupported = await media().transcribe(call(Buffer.from('PK\x03\x04zip'), 'application/zip')).catch((e: unknown) => e);
  expect(classifyThrownError('gemini', unsupported, { host: 'fake', timeoutMs: 1000 })).toMatchObject({
    verdict: 'configuration_error',
    detail: expect.stringContaining('Unsupported MIME type: application/zip'),
  });

  const bad = 'AIzaWRONGkeyWRONGkeyWRONGkeyWRONGkey99';
  const refused = await media().describeImage(call(blankPng(), 'image/png', bad)).catch((e: unknown) => e);
  const verdict = classifyThrownError('gemini', refused, { host: 'fake', timeoutMs: 1000 });
  expect(verdict.verdict).toBe('invalid_or_revoked');
  expect(JSON.stringify(verdict)).not.toContain(bad);
});

test("a full Files API storage is reported as spent quota, not as throttling worth retrying in seconds", async () => {
  fake.setGeminiFileProcessing({ polls: 1, outcome: 'ACTIVE' });
  fake.setGeminiFileStorageLimit(100);
  try {
    const full = await media(1_000).transcribe(call(wav(2, 'the board meeting'), 'audio/wav')).catch((e: unknown) => e);
    expect(full).toBeInstanceOf(Error);
    const verdict = classifyThrownError('gemini', full, { host: 'fake', timeoutMs: 1000 });
    expect(verdict).toMatchObject({ verdict: 'quota_exhausted', detail: expect.stringContaining('file storage') });
    expect(verdict.retryAfterSeconds).toBeUndefined();
  } finally {
    fake.setGeminiFileStorageLimit(21_474_836_480);
  }
});
