import { codeSpan, escapeMrkdwn, SLACK_USER_MENTION, VERIFICATION_METHODS, type DsarKind, type VerificationMethod } from '../../lib/contracts';
import { parseSubject, type SubjectRef } from '../../lib/data-rights';
import type { ParseResult } from './parse-result';

export type DsarCommand =
  | { kind: 'dsar.request'; request: DsarKind; subject: SubjectRef; method: VerificationMethod; verifierSlackId?: string; regime?: string; note: string; reason: string }
  /** `/warden dsar export` or `erase` alone: the request as a form. */
  | { kind: 'dsar.modal'; request: DsarKind }
  | { kind: 'dsar.status' }
  | { kind: 'dsar.hold'; action: 'place' | 'lift'; target: { kind: 'subject'; subject: SubjectRef } | { kind: 'conversation'; conversationId: string }; reason: string };

const REQUEST_USAGE =
  '`/warden dsar export|erase <email or end-user id> --verified <method> [--verifier @who] [--regime gdpr|ccpa] [--note <how>] <reason…>` ' +
  `(methods: ${VERIFICATION_METHODS.join(', ')})`;
const HOLD_USAGE = '`/warden dsar hold|release <email, end-user id or conversation:ID> <reason…>`';

// Slack sends a typed address as <mailto:a@b.c|a@b.c>.
const unwrapMailto = (word: string) => /^<mailto:[^|>]+\|([^>]+)>$/.exec(word)?.[1] ?? word;

/** `/warden dsar …` after the area word. */
export function parseDsarCommand(words: string[]): ParseResult<DsarCommand> {
  const [rawAction, ...rest] = words;
  const action = rawAction?.toLowerCase();
  if (!action || action === 'status') return { ok: true, command: { kind: 'dsar.status' } };
  if (action === 'export' || action === 'erase') return parseRequest(action, rest);
  if (action === 'hold' || action === 'release') return parseHold(action === 'hold' ? 'place' : 'lift', rest);
  return { ok: false, message: `Unknown dsar command ${codeSpan(words.join(' '))}. Usage: ${REQUEST_USAGE}, \`/warden dsar status\`, ${HOLD_USAGE}.` };
}

function parseRequest(request: DsarKind, words: string[]): ParseResult<DsarCommand> {
  const [rawSubject, ...rest] = words;
  if (!rawSubject) return { ok: true, command: { kind: 'dsar.modal', request } };
  const subject = parseSubject(unwrapMailto(rawSubject));
  if (!subject.ok) return { ok: false, message: `${escapeMrkdwn(subject.reason)} Usage: ${REQUEST_USAGE}.` };
  let method: VerificationMethod | undefined;
  let verifierSlackId: string | undefined;
  let regime: string | undefined;
  const note: string[] = [];
  const reason: string[] = [];
  let into = reason;
  for (let i = 0; i < rest.length; i += 1) {
    const w = rest[i]!;
    if (w === '--verified') {
      const m = rest[i + 1]?.toLowerCase();
      if (!m || !(VERIFICATION_METHODS as readonly string[]).includes(m)) return { ok: false, message: `--verified needs one of ${VERIFICATION_METHODS.join(', ')}.` };
      method = m as VerificationMethod;
      i += 1;
      into = reason;
    } else if (w === '--verifier') {
      const id = SLACK_USER_MENTION.exec(rest[i + 1] ?? '')?.[1];
      if (!id) return { ok: false, message: '--verifier needs a @mention of who checked the identity.' };
      verifierSlackId = id;
      i += 1;
      into = reason;
    } else if (w === '--regime') {
      regime = rest[i + 1]?.toLowerCase();
      if (!regime) return { ok: false, message: '--regime needs a name, such as gdpr or ccpa.' };
      i += 1;
      into = reason;
    } else if (w === '--note') {
      into = note;
    } else into.push(w);
  }
  if (!method) {
    return { ok: false, message: `Record how the subject's identity was verified before the request: add --verified <method>. Usage: ${REQUEST_USAGE}.` };
  }
  const why = reason.join(' ').trim();
  if (why.length < 3) return { ok: false, message: `Usage: ${REQUEST_USAGE} (say why: approvers decide on the reason).` };
  return {
    ok: true,
    command: { kind: 'dsar.request', request, subject: subject.subject, method, ...(verifierSlackId ? { verifierSlackId } : {}), ...(regime ? { regime } : {}), note: note.join(' ').slice(0, 500), reason: why.slice(0, 500) },
  };
}

function parseHold(action: 'place' | 'lift', words: string[]): ParseResult<DsarCommand> {
  const [rawTarget, ...rest] = words;
  const reason = rest.join(' ').trim();
  if (!rawTarget || reason.length < 3) return { ok: false, message: `Usage: ${HOLD_USAGE} (a legal hold needs a reason).` };
  const conversation = /^conversation:(.+)$/i.exec(rawTarget);
  if (conversation) return { ok: true, command: { kind: 'dsar.hold', action, target: { kind: 'conversation', conversationId: conversation[1]!.trim() }, reason: reason.slice(0, 500) } };
  const subject = parseSubject(unwrapMailto(rawTarget));
  if (!subject.ok) return { ok: false, message: `${escapeMrkdwn(subject.reason)} Usage: ${HOLD_USAGE}.` };
  return { ok: true, command: { kind: 'dsar.hold', action, target: { kind: 'subject', subject: subject.subject }, reason: reason.slice(0, 500) } };
}
