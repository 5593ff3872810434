import { z } from 'zod';
import type { GrantButtonValue } from '../../lib/contracts';

const buttonValue = z.object({ workflowId: z.string().startsWith('access-request:'), grantId: z.uuid() });
const adminMetadata = buttonValue.extend({ channel: z.string().min(1) });

export type AdminGrantMetadata = z.infer<typeof adminMetadata>;

function parseJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  try {
    return schema.safeParse(JSON.parse(raw ?? '')).data ?? null;
  } catch {
    return null;
  }
}

/** The Approve / Deny button's value: which request workflow and grant row it decides. */
export const parseGrantButtonValue = (raw: string | undefined): GrantButtonValue | null => parseJson(buttonValue, raw);
export const parseAdminGrantMetadata = (raw: string | undefined): AdminGrantMetadata | null => parseJson(adminMetadata, raw);
