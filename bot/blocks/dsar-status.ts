import type { DsarRequestView } from '../../lib/db';

/** `/warden dsar status`: open requests, nearest deadline first, with the days left (negative: overdue). */
export function dsarStatusReply(open: DsarRequestView[], now: Date): { text: string } {
  if (open.length === 0) return { text: ':white_check_mark: No open data-subject requests.' };
  const lines = open.map((r) => {
    const daysLeft = Math.floor((r.deadlineAt.getTime() - now.getTime()) / 86_400_000);
    const due = daysLeft < 0 ? `:rotating_light: *overdue by ${-daysLeft} day(s)*` : `*${daysLeft} day(s) left*`;
    return `• ${r.kind} for ${r.subjectLabel} (${r.regime.toUpperCase()}, ${r.status}) — ${due}, due ${r.deadlineAt.toISOString().slice(0, 10)}; asked by <@${r.requesterSlackId}>`;
  });
  return { text: `*Open data-subject requests (${open.length})*\n${lines.join('\n')}` };
}
