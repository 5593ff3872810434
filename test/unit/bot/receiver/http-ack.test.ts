import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createHttpAck } from '../../../../bot/receiver/http-ack';

type Line = { level: string; msg: string; ctx?: Record<string, unknown> };

function fakeResponse() {
  const res = Object.assign(new EventEmitter(), {
    status: 0,
    body: '',
    writeHead(status: number) {
      res.status = status;
      return res;
    },
    end(body?: string) {
      res.body = body ?? '';
      return res;
    },
  });
  return res;
}

function logger(lines: Line[]) {
  const record = (level: string) => (msg: string, ctx?: Record<string, unknown>) => void lines.push({ level, msg, ctx });
  return { info: record('info'), warn: record('warn'), error: record('error') };
}

test("the deadline counts the time the request waited before its handler ran, not just the handler's own time", async () => {
  const lines: Line[] = [];
  const res = fakeResponse();
  // The request arrived 2.8 s ago (a busy event loop, a slow body): only 200 ms of Slack's 3 s are left.
  const ack = createHttpAck({ res: res as unknown as ServerResponse, timeoutMs: 3000, arrivedAt: performance.now() - 2800, logger: logger(lines), logContext: {} });
  await new Promise((r) => setTimeout(r, 400));
  expect(res.status).toBe(404);
  const late = lines.find((l) => l.msg.includes('not acknowledged before the deadline'))!;
  expect(late.ctx!.sinceArrivalMs as number).toBeGreaterThanOrEqual(3000);
  await ack.ack();
  expect(lines.some((l) => l.msg.includes('after the deadline'))).toBe(true);
});

test('an ack that used more than half of the deadline is answered and logged as slow', async () => {
  const lines: Line[] = [];
  const res = fakeResponse();
  const ack = createHttpAck({ res: res as unknown as ServerResponse, timeoutMs: 3000, arrivedAt: performance.now() - 1700, logger: logger(lines), logContext: { slackRequestId: 'r1' } });
  await ack.ack({ text: 'ok' });
  expect(res.status).toBe(200);
  const slow = lines.find((l) => l.msg.startsWith('slow ack'))!;
  expect(slow.level).toBe('warn');
  expect(slow.ctx).toMatchObject({ slackRequestId: 'r1' });
  expect(slow.ctx!.ackMs as number).toBeGreaterThanOrEqual(1700);
});
