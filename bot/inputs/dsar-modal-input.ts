import { VERIFICATION_METHODS, type DsarKind, type VerificationMethod } from '../../lib/contracts';
import { parseSubject, type SubjectRef } from '../../lib/data-rights';

export const DSAR_REQUEST_CALLBACK_ID = 'warden_dsar_request';
export const DSAR_REQUEST_BLOCKS = {
  subject: 'dsar_subject',
  regime: 'dsar_regime',
  method: 'dsar_method',
  verifier: 'dsar_verifier',
  note: 'dsar_note',
  reason: 'dsar_reason',
} as const;

type StateValues = Record<string, Record<string, { selected_user?: string | null; selected_option?: { value?: string } | null; value?: string | null }>>;

export interface DsarModalInput {
  subject: SubjectRef;
  /** As typed, so a form brought back after a failure shows it again. */
  subjectText: string;
  regime: string;
  method: VerificationMethod;
  verifierSlackId: string;
  note: string;
  reason: string;
}

export type DsarModalResult = { ok: true; input: DsarModalInput } | { ok: false; errors: Record<string, string> };

/** What the request modal carries between opening and submitting: which kind of request it is. */
export function parseDsarModalMetadata(raw: string): { request: DsarKind } | null {
  return raw === 'export' || raw === 'erase' ? { request: raw } : null;
}

/** The request modal's state → a request, or inline errors keyed by block id (Slack's response_action: errors). */
export function parseDsarModal(values: StateValues, regimes: readonly string[]): DsarModalResult {
  const field = (block: string) => values[block]?.value;
  const errors: Record<string, string> = {};
  const subjectText = (field(DSAR_REQUEST_BLOCKS.subject)?.value ?? '').trim();
  const subject = parseSubject(subjectText);
  if (!subject.ok) errors[DSAR_REQUEST_BLOCKS.subject] = subject.reason;
  const regime = field(DSAR_REQUEST_BLOCKS.regime)?.selected_option?.value ?? '';
  if (!regimes.includes(regime)) errors[DSAR_REQUEST_BLOCKS.regime] = `Choose a regime: ${regimes.join(', ')}`;
  const method = field(DSAR_REQUEST_BLOCKS.method)?.selected_option?.value ?? '';
  if (!(VERIFICATION_METHODS as readonly string[]).includes(method)) errors[DSAR_REQUEST_BLOCKS.method] = "Record how the subject's identity was verified";
  const verifierSlackId = field(DSAR_REQUEST_BLOCKS.verifier)?.selected_user ?? '';
  if (!verifierSlackId) errors[DSAR_REQUEST_BLOCKS.verifier] = 'Choose who checked the identity';
  const note = (field(DSAR_REQUEST_BLOCKS.note)?.value ?? '').trim();
  const reason = (field(DSAR_REQUEST_BLOCKS.reason)?.value ?? '').trim();
  if (reason.length < 3) errors[DSAR_REQUEST_BLOCKS.reason] = 'Say why: approvers decide on the reason';
  if (Object.keys(errors).length || !subject.ok) return { ok: false, errors };
  return {
    ok: true,
    input: { subject: subject.subject, subjectText, regime, method: method as VerificationMethod, verifierSlackId, note: note.slice(0, 500), reason: reason.slice(0, 500) },
  };
}
