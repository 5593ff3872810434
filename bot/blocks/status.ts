import { escapeMrkdwn } from '../../lib/contracts';
import type { BreakGlassView, Role } from '../../lib/db';

/** `/warden status`: break-glass flags in force or waiting for a second admin, and the caller's roles. */
export function statusReply(flags: BreakGlassView[], roles: Role[]): { text: string; blocks: unknown[] } {
  const active = flags.filter((f) => f.status === 'active');
  const pending = flags.filter((f) => f.status === 'pending');
  const lines = [
    active.length ? '*Break-glass ON*' : ':large_green_circle: *Break-glass:* off — automation runs normally.',
    ...active.map(
      (f) => `• :red_circle: \`${f.scope}\` since ${f.activatedAt?.toISOString().slice(0, 16).replace('T', ' ')} UTC — ${escapeMrkdwn(f.reason)} (<@${f.requestedBySlackId}> + <@${f.confirmedBySlackId}>)`,
    ),
    ...pending.map((f) => `• :hourglass_flowing_sand: \`${f.scope}\` waiting for a second admin — ${escapeMrkdwn(f.reason)} (<@${f.requestedBySlackId}>)`),
    `*Your roles:* ${roles.length ? roles.join(', ') : 'none'}`,
  ];
  const text = lines.join('\n');
  return { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
}
