import { z } from 'zod';
import { KEY_ENVIRONMENTS, PROVIDERS, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { refusePersonUrl, type AllowedHosts } from '../../lib/net';

/** Block ids of the key modal's input blocks; `response_action: errors` must use these. */
export const KEY_MODAL_BLOCKS = {
  provider: 'key_provider',
  environment: 'key_environment',
  baseUrl: 'key_base_url',
  apiKey: 'key_value',
  ownerTeam: 'key_owner_team',
  note: 'key_note',
} as const;

export const KEY_MODAL_CALLBACK_ID = 'warden_key_submit';

export interface KeyModalMetadata {
  mode: 'add' | 'rotate';
  channelId: string;
  provider?: Provider;
  environment?: KeyEnvironment;
  /** Set when the modal was opened from a key-leak runbook: the new key is that incident's replacement. */
  incidentWorkflowId?: string;
}

export interface KeyModalInput {
  provider: Provider;
  environment: KeyEnvironment;
  baseUrl?: string;
  apiKey: string;
  ownerTeam?: string;
  note?: string;
}

const metadataSchema = z.object({
  mode: z.enum(['add', 'rotate']),
  channelId: z.string().min(1),
  provider: z.enum(PROVIDERS).optional(),
  environment: z.enum(KEY_ENVIRONMENTS).optional(),
  incidentWorkflowId: z.string().regex(/^key-leak:inc-[0-9a-f]{8}$/).optional(),
});

export function parseKeyModalMetadata(text: string | undefined): KeyModalMetadata | null {
  try {
    const parsed = metadataSchema.safeParse(JSON.parse(text ?? ''));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

type StateValues = Record<string, Record<string, { type?: string; value?: string | null; selected_option?: { value: string } | null }>>;

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max} characters`)
    .optional()
    .transform((v) => (v ? v : undefined));

const formSchema = z
  .object({
    [KEY_MODAL_BLOCKS.provider]: z.enum(PROVIDERS, { error: 'Choose a provider' }),
    [KEY_MODAL_BLOCKS.environment]: z.enum(KEY_ENVIRONMENTS, { error: 'Choose an environment' }),
    [KEY_MODAL_BLOCKS.baseUrl]: optionalText(500, 'The base URL'),
    [KEY_MODAL_BLOCKS.apiKey]: z
      .string({ error: 'Paste the API key' })
      .trim()
      .min(20, 'This is too short to be a provider API key')
      .max(512, 'This is too long to be a provider API key')
      .regex(/^[\x21-\x7e]+$/, 'The key must be one word without spaces'),
    [KEY_MODAL_BLOCKS.ownerTeam]: optionalText(80, 'The owning team'),
    [KEY_MODAL_BLOCKS.note]: optionalText(500, 'The note'),
  });

// Cross-field rules run even when other fields are wrong, so the admin sees every problem at once.
function baseUrlProblem(provider: string | undefined, baseUrl: string | undefined, allowed: AllowedHosts): string | undefined {
  const url = baseUrl?.trim();
  if (provider === 'openai_compatible' && !url) return 'An OpenAI-compatible endpoint needs its base URL';
  if (!url) return undefined;
  if (!/^https?:\/\/[^\s/]+/.test(url) || !URL.canParse(url)) return 'Enter a URL like https://api.example.com/v1';
  // Fast feedback before anything is sealed: plain http, or a host that is a private, loopback or
  // metadata address on its face. The connect-time check of resolved addresses stays the authority.
  return refusePersonUrl(url, allowed)?.message;
}

/**
 * Validates the submitted modal. Errors are keyed by input block id so Slack shows them under the
 * right field; messages never echo the key. `allowedPrivateHosts` is WARDEN_ALLOWED_PRIVATE_HOSTS.
 */
export function parseKeyModal(
  values: StateValues,
  allowedPrivateHosts: AllowedHosts = [],
): { ok: true; input: KeyModalInput } | { ok: false; errors: Record<string, string> } {
  const flat: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(values ?? {})) {
    const element = Object.values(actions ?? {})[0];
    flat[blockId] = element?.selected_option?.value ?? element?.value ?? undefined;
  }
  const parsed = formSchema.safeParse(flat);
  const errors: Record<string, string> = {};
  for (const issue of parsed.error?.issues ?? []) {
    const blockId = String(issue.path[0] ?? KEY_MODAL_BLOCKS.apiKey);
    errors[blockId] ??= issue.message;
  }
  const urlProblem = baseUrlProblem(flat[KEY_MODAL_BLOCKS.provider], flat[KEY_MODAL_BLOCKS.baseUrl], allowedPrivateHosts);
  if (urlProblem) errors[KEY_MODAL_BLOCKS.baseUrl] ??= urlProblem;
  if (!parsed.success || Object.keys(errors).length > 0) return { ok: false, errors };
  const form = parsed.data;
  return {
    ok: true,
    input: {
      provider: form[KEY_MODAL_BLOCKS.provider],
      environment: form[KEY_MODAL_BLOCKS.environment],
      baseUrl: form[KEY_MODAL_BLOCKS.baseUrl],
      apiKey: form[KEY_MODAL_BLOCKS.apiKey],
      ownerTeam: form[KEY_MODAL_BLOCKS.ownerTeam],
      note: form[KEY_MODAL_BLOCKS.note],
    },
  };
}
