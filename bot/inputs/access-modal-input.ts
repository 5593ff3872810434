import { z } from 'zod';
import { ROLES, type Role } from '../../lib/contracts';
import { parseDuration } from '../../lib/config';

export const ACCESS_MODAL_CALLBACK_ID = 'warden_access_request';
export const ACCESS_MODAL_BLOCKS = { member: 'access_member', role: 'access_role', duration: 'access_duration', reason: 'access_reason' } as const;

type StateValues = Record<string, Record<string, { selected_user?: string | null; selected_option?: { value?: string } | null; value?: string | null }>>;

export type AccessModalResult =
  | { ok: true; input: { memberSlackId: string; role: Role; durationSeconds: number | null; reason: string } }
  | { ok: false; errors: Record<string, string> };

/** The request modal's state → a request, or inline errors keyed by block id (Slack's response_action: errors). */
export function parseAccessModal(values: StateValues): AccessModalResult {
  const field = (block: string) => values[block]?.value;
  const errors: Record<string, string> = {};
  const memberSlackId = field(ACCESS_MODAL_BLOCKS.member)?.selected_user ?? '';
  if (!memberSlackId) errors[ACCESS_MODAL_BLOCKS.member] = 'Choose who needs the role';
  const role = z.enum(ROLES).safeParse(field(ACCESS_MODAL_BLOCKS.role)?.selected_option?.value);
  if (!role.success) errors[ACCESS_MODAL_BLOCKS.role] = 'Choose a role';
  const rawDuration = (field(ACCESS_MODAL_BLOCKS.duration)?.value ?? '').trim();
  let durationSeconds: number | null = null;
  if (rawDuration) {
    try {
      durationSeconds = Math.round(parseDuration(rawDuration) / 1000);
      if (durationSeconds < 1 || durationSeconds > 365 * 86_400) errors[ACCESS_MODAL_BLOCKS.duration] = 'From 1s to 365d';
    } catch {
      errors[ACCESS_MODAL_BLOCKS.duration] = 'A duration like 8h or 7d, or empty for no end';
    }
  }
  const reason = (field(ACCESS_MODAL_BLOCKS.reason)?.value ?? '').trim();
  if (reason.length < 3) errors[ACCESS_MODAL_BLOCKS.reason] = 'Say why: approvers decide on the reason';
  if (Object.keys(errors).length || !role.success) return { ok: false, errors };
  return { ok: true, input: { memberSlackId, role: role.data, durationSeconds, reason: reason.slice(0, 500) } };
}
