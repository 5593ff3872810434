import { z } from 'zod';

/** Who a data-subject request is about, by one of the identifiers the data map knows. */
export type SubjectKind = 'email' | 'end_user_id' | 'slack_id';
export type SubjectRef = { kind: SubjectKind; value: string };

export const SUBJECT_KINDS: readonly SubjectKind[] = ['email', 'end_user_id', 'slack_id'];

const email = z.email();
const SLACK_ID = /^[UW][A-Z0-9]{6,}$/;
const END_USER_ID = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,199}$/;

export type ParsedSubject = { ok: true; subject: SubjectRef } | { ok: false; reason: string };

/**
 * Reads a subject from what a person typed: an email address, a Slack user id (U…/W…, or a <@U…> mention),
 * or `end_user_id:<id>` / a bare platform id. Emails are lower-cased, since the platform stores them so.
 */
export function parseSubject(text: string): ParsedSubject {
  const t = text.trim();
  if (!t) return { ok: false, reason: 'Name the subject: an email address, an end-user id or a Slack user.' };
  const mention = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(t);
  if (mention) return { ok: true, subject: { kind: 'slack_id', value: mention[1]! } };
  const prefixed = /^(email|end_user_id|slack_id):(.+)$/.exec(t);
  if (prefixed) return checked(prefixed[1] as SubjectKind, prefixed[2]!.trim());
  if (t.includes('@')) return checked('email', t);
  if (SLACK_ID.test(t)) return { ok: true, subject: { kind: 'slack_id', value: t } };
  return checked('end_user_id', t);
}

function checked(kind: SubjectKind, value: string): ParsedSubject {
  if (kind === 'email') {
    const lower = value.toLowerCase();
    return email.safeParse(lower).success ? { ok: true, subject: { kind, value: lower } } : { ok: false, reason: `"${value}" is not an email address.` };
  }
  if (kind === 'slack_id') {
    return SLACK_ID.test(value) ? { ok: true, subject: { kind, value } } : { ok: false, reason: `"${value}" is not a Slack user id (U… or W…).` };
  }
  return END_USER_ID.test(value)
    ? { ok: true, subject: { kind, value } }
    : { ok: false, reason: `"${value}" is not an end-user id (letters, digits, _ . : -, at most 200 characters).` };
}

/** A stable text form, used as the HMAC input of the subject's pseudonym. */
export function subjectKey(subject: SubjectRef): string {
  return `${subject.kind}:${subject.value}`;
}
