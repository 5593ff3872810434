import { z } from 'zod';
import { codeSpan, escapeMrkdwn, ROLES, type Role } from '../../lib/contracts';
import { parseDuration } from '../../lib/config';
import { firstIssue, type ParseResult } from './parse-result';

export type AccessCommand =
  | { kind: 'access.modal' }
  | { kind: 'access.overview' }
  | { kind: 'access.request'; memberSlackId: string; role: Role; durationSeconds: number | null; reason: string }
  | { kind: 'access.revoke'; memberSlackId: string; role: Role; reason: string }
  | { kind: 'access.review-start' }
  | { kind: 'access.member-add'; slackUserId: string; email: string; contractor: boolean; utilityAccount: boolean; managerSlackId?: string };

// Slack escapes a mention in command text as <@U123|name> (or <@U123> without the name).
const MENTION = /^<@([UW][A-Z0-9]+)(?:\|[^>]*)?>$/;
const mention = z.string().transform((v, ctx) => {
  const id = MENTION.exec(v)?.[1];
  if (!id) {
    ctx.addIssue({ code: 'custom', message: `"${escapeMrkdwn(v)}" is not a @mention of a Slack user` });
    return z.NEVER;
  }
  return id;
});
const role = z.string().transform((v, ctx) => {
  const r = v.toLowerCase().replace(/-/g, '_');
  if (!(ROLES as readonly string[]).includes(r)) {
    ctx.addIssue({ code: 'custom', message: `role must be one of ${ROLES.join(', ')}` });
    return z.NEVER;
  }
  return r as Role;
});
const MIN_GRANT_S = 1;
const MAX_GRANT_S = 365 * 86_400;

const REQUEST_USAGE = '`/warden access request @user <role> [for 8h|7d] <reason>`';
const REVOKE_USAGE = '`/warden access revoke @user <role> [reason]`';
const MEMBER_USAGE = '`/warden access member add @user <email> [--contractor] [--utility] [--manager @manager]`';

/** `/warden access …` after the area word. */
export function parseAccessCommand(words: string[]): ParseResult<AccessCommand> {
  const [rawAction, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (!action) return { ok: true, command: { kind: 'access.modal' } };
  if (action === 'list' || action === 'status') return { ok: true, command: { kind: 'access.overview' } };
  if (action === 'request') return parseRequest(rest);
  if (action === 'revoke') {
    const parsed = z.tuple([mention, role], z.string()).safeParse(rest);
    if (!parsed.success) return { ok: false, message: `Usage: ${REVOKE_USAGE} (${firstIssue(parsed.error)}).` };
    const [memberSlackId, r, ...reason] = parsed.data;
    return { ok: true, command: { kind: 'access.revoke', memberSlackId, role: r, reason: reason.join(' ') || 'revoked by an admin' } };
  }
  if (action === 'member' && rest[0]?.toLowerCase() === 'add') return parseMemberAdd(rest.slice(1));
  if (action === 'review' && rest[0]?.toLowerCase() === 'start' && rest.length === 1) return { ok: true, command: { kind: 'access.review-start' } };
  return { ok: false, message: `Unknown access command ${codeSpan(words.join(' '))}. Try \`/warden help\`.` };
}

function parseRequest(words: string[]): ParseResult<AccessCommand> {
  const parsed = z.tuple([mention, role], z.string()).safeParse(words);
  if (!parsed.success) return { ok: false, message: `Usage: ${REQUEST_USAGE} (${firstIssue(parsed.error)}).` };
  const [memberSlackId, r, ...rest] = parsed.data;
  let durationSeconds: number | null = null;
  if (rest[0]?.toLowerCase() === 'for') {
    try {
      durationSeconds = Math.round(parseDuration(rest[1] ?? '') / 1000);
    } catch {
      return { ok: false, message: `Usage: ${REQUEST_USAGE} ("${escapeMrkdwn(rest[1] ?? '')}" is not a duration like 8h or 7d).` };
    }
    if (durationSeconds < MIN_GRANT_S || durationSeconds > MAX_GRANT_S) {
      return { ok: false, message: 'A time-bound grant lasts from 1 second to 365 days.' };
    }
    rest.splice(0, 2);
  }
  const reason = rest.join(' ').trim();
  if (reason.length < 3) return { ok: false, message: `Usage: ${REQUEST_USAGE} (say why: approvers decide on the reason).` };
  return { ok: true, command: { kind: 'access.request', memberSlackId, role: r, durationSeconds, reason: reason.slice(0, 500) } };
}

function parseMemberAdd(words: string[]): ParseResult<AccessCommand> {
  const flags = { contractor: false, utilityAccount: false, managerSlackId: undefined as string | undefined };
  const positional: string[] = [];
  for (let i = 0; i < words.length; i += 1) {
    const w = words[i]!;
    if (w === '--contractor') flags.contractor = true;
    else if (w === '--utility') flags.utilityAccount = true;
    else if (w === '--manager') {
      const m = mention.safeParse(words[i + 1] ?? '');
      if (!m.success) return { ok: false, message: `Usage: ${MEMBER_USAGE} (--manager needs a @mention).` };
      flags.managerSlackId = m.data;
      i += 1;
    } else positional.push(w);
  }
  // Slack may send an email as <mailto:a@b.c|a@b.c>.
  const parsed = z.tuple([mention, z.string().transform((v) => /^<mailto:[^|>]+\|([^>]+)>$/.exec(v)?.[1] ?? v).pipe(z.email({ error: 'the email address is not valid' }))]).safeParse(positional);
  if (!parsed.success) return { ok: false, message: `Usage: ${MEMBER_USAGE} (${firstIssue(parsed.error)}).` };
  const [slackUserId, email] = parsed.data;
  return { ok: true, command: { kind: 'access.member-add', slackUserId, email: email.toLowerCase(), ...flags } };
}
