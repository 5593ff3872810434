import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Slack's Web API reduced to what a benchmark's Warden calls (messages, DMs, auth.test), answering at once and
 * keeping only counts, so the stub costs nothing next to what is measured.
 */
export async function startSlackStub() {
  const counts = new Map<string, number>();
  const channelPosts = new Map<string, number>();
  let ts = 1_700_000_000;
  const server = createServer((req, res) => {
    const method = (req.url ?? '').split('/').pop() ?? '';
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      counts.set(method, (counts.get(method) ?? 0) + 1);
      const args = new URLSearchParams(raw);
      const channel = args.get('channel') ?? '';
      if (method === 'chat.postMessage' && channel.startsWith('C')) channelPosts.set(channel, (channelPosts.get(channel) ?? 0) + 1);
      const body =
        method === 'conversations.open'
          ? { ok: true, channel: { id: `D${(args.get('users') ?? 'X').slice(1)}` } }
          : method === 'auth.test'
            ? { ok: true, user_id: 'U0WARDENBOT', bot_id: 'B0WARDEN', team_id: 'T0BENCH' }
            : { ok: true, channel: channel || 'C0', ts: `${(ts += 1)}.000100`, messages: [] };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`, counts, channelPosts, close: () => new Promise<void>((r) => server.close(() => r())) };
}
