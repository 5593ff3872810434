import { z } from 'zod';
import type { DsarButtonValue } from '../../lib/contracts';
import { DSAR_DENY_BLOCKS } from '../blocks/dsar-deny-modal';

const buttonValue = z.object({ workflowId: z.string().startsWith('dsar:') });
const denyMetadata = buttonValue.extend({ channel: z.string().min(1) });

function parseJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    return schema.safeParse(JSON.parse(raw ?? '')).data ?? null;
  } catch {
    return null;
  }
}

export const parseDsarButtonValue = (raw: string | undefined): DsarButtonValue | null => parseJson(buttonValue, raw);
export const parseDsarDenyMetadata = (raw: string | undefined) => parseJson(denyMetadata, raw);

type StateValues = Record<string, Record<string, { value?: string | null }>>;

/** The deny modal's reason, or the inline error Slack shows under the field (response_action: errors). */
export function parseDsarDenial(values: StateValues): { ok: true; reason: string } | { ok: false; errors: Record<string, string> } {
  const reason = (values[DSAR_DENY_BLOCKS.reason]?.value?.value ?? '').trim();
  if (reason.length < 3) return { ok: false, errors: { [DSAR_DENY_BLOCKS.reason]: 'A denial needs a reason: the requester is told it.' } };
  return { ok: true, reason: reason.slice(0, 500) };
}
