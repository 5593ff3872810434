// Workflows already running when a new Warden starts are replayed by its code: a change that makes them take
// another path (a new activity, a renamed timer) without `patched()` fails them mid-way. Every recorded
// history in test/fixtures/histories (see test/helpers/record-histories.ts) must replay without a determinism violation.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowBundle } from '../helpers/temporal';
import { decodeHistory, replayDataConverter, type RecordedHistory } from '../helpers/replay-histories';

const DIR = path.resolve(__dirname, '../fixtures/histories');
const recorded = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .map((file) => ({ file, record: JSON.parse(readFileSync(path.join(DIR, file), 'utf8')) as RecordedHistory }));

beforeAll(() => {
  // The replay worker logs each task it replays; keep the test output to failures.
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Installed already by another test file in this Jest worker.
  }
});

test('histories were recorded, from more than one release', () => {
  expect(recorded.length).toBeGreaterThanOrEqual(5);
  expect(new Set(recorded.map((r) => r.file.split('--')[0])).size).toBeGreaterThanOrEqual(2);
});

test.each(recorded.map((r) => [r.file, r.record] as const))('%s replays on the current workflow code', async (_file, record) => {
  const history = decodeHistory(record);
  expect(history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowType?.name).toBe(record.workflowType);
  await Worker.runReplayHistory({ workflowBundle: await workflowBundle(), dataConverter: await replayDataConverter() }, history, record.workflowId);
}, 60_000);
