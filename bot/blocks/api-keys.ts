import { describeScopes } from '../../lib/api-keys/scopes';
import { API_KEY_ACTIONS, API_KEY_ACTIONS_IDS, API_KEY_MODAL_CALLBACK_ID, codeSpan, escapeMrkdwn, KEY_ENVIRONMENTS, PROVIDER_LABELS, PROVIDERS } from '../../lib/contracts';
import type { ApiKeyView } from '../../lib/db';

export const API_KEY_MODAL_BLOCKS = {
  name: 'apikey_name',
  actions: 'apikey_actions',
  environments: 'apikey_environments',
  providers: 'apikey_providers',
  agents: 'apikey_agents',
  expiresInDays: 'apikey_expires_days',
} as const;

const plain = (text: string) => ({ type: 'plain_text' as const, text });
const option = (text: string, value: string) => ({ text: plain(text), value });
const section = (text: string) => ({ type: 'section', text: { type: 'mrkdwn', text } });

function state(k: Pick<ApiKeyView, 'revokedAt' | 'expiresAt' | 'overlapEndsAt'>, now: Date): string {
  if (k.revokedAt) return 'revoked';
  if (k.expiresAt && k.expiresAt <= now) return 'expired';
  if (k.overlapEndsAt) return k.overlapEndsAt <= now ? 'rotated out' : `rotating out at ${k.overlapEndsAt.toISOString()}`;
  return 'working';
}

/** `/warden apikeys`: prefixes only; the keys themselves were shown once, when they were made. */
export function apiKeyList(keys: ApiKeyView[], now: Date): { text: string; blocks: unknown[] } {
  if (keys.length === 0) return { text: 'There are no API keys yet. Create one with `/warden apikeys create`.', blocks: [] };
  const lines = keys.map(
    (k) =>
      `• ${codeSpan(`${k.prefix}…`)} *${escapeMrkdwn(k.name)}* — ${state(k, now)} · owner <@${k.ownerSlackId}> · ${escapeMrkdwn(describeScopes(k.scopes))}` +
      ` · expires ${k.expiresAt?.toISOString().slice(0, 10) ?? 'never'} · last used ${k.lastUsedAt?.toISOString() ?? 'never'}`,
  );
  const text = `*API keys* (${keys.length})\n${lines.join('\n')}\nRotate: \`/warden apikeys rotate <prefix>\` · revoke: \`/warden apikeys revoke <prefix>\``;
  return { text, blocks: [section(text.length > 3000 ? `${text.slice(0, 2980)}\n…(truncated)` : text)] };
}

/** `/warden apikeys create`: name and scope pickers. Scopes are chosen, never defaulted to everything. */
export function apiKeyModal(problem?: string) {
  const multi = (blockId: string, label: string, options: Array<{ text: { type: 'plain_text'; text: string }; value: string }>, optional = false) => ({
    type: 'input',
    block_id: blockId,
    optional,
    label: plain(label),
    element: { type: 'multi_static_select', action_id: 'value', options },
  });
  const text = (blockId: string, label: string, opts: { optional?: boolean; placeholder?: string } = {}) => ({
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: plain(label),
    element: { type: 'plain_text_input', action_id: 'value', ...(opts.placeholder ? { placeholder: plain(opts.placeholder) } : {}) },
  });
  return {
    type: 'modal' as const,
    callback_id: API_KEY_MODAL_CALLBACK_ID,
    title: plain('Create API key'),
    submit: plain('Create key'),
    close: plain('Cancel'),
    blocks: [
      ...(problem ? [section(`:warning: ${problem.slice(0, 2500)}`)] : []),
      section('Give the key only what its service needs. The key is shown to you once, in this window; Warden keeps only a keyed hash of it.'),
      text(API_KEY_MODAL_BLOCKS.name, 'Name', { placeholder: 'e.g. support-widget' }),
      multi(API_KEY_MODAL_BLOCKS.actions, 'Actions', API_KEY_ACTIONS.map((a) => option(a.replace(/_/g, ' '), a))),
      multi(API_KEY_MODAL_BLOCKS.environments, 'Environments', KEY_ENVIRONMENTS.map((e) => option(e, e))),
      multi(API_KEY_MODAL_BLOCKS.providers, 'Providers (for resolve key)', PROVIDERS.map((p) => option(PROVIDER_LABELS[p], p)), true),
      text(API_KEY_MODAL_BLOCKS.agents, 'Agents', { placeholder: 'support-bot, search-bot (or * for every agent)' }),
      text(API_KEY_MODAL_BLOCKS.expiresInDays, 'Expires after (days)', { optional: true, placeholder: 'blank: never' }),
    ],
  };
}

export function apiKeyWorkingModal(text: string) {
  return { type: 'modal' as const, title: plain('Create API key'), close: plain('Close'), blocks: [section(text)] };
}

/** The only place a new key is ever shown: the creator's own modal (or ephemeral reply, for a rotation). */
export function apiKeyShownText(p: { apiKey: string; prefix: string; name: string; overlap?: { replacedPrefix: string; endsAt: string } }): string {
  const overlap = p.overlap
    ? `\n${codeSpan(`${p.overlap.replacedPrefix}…`)} keeps working until ${p.overlap.endsAt}; then Warden revokes it. Move the service to the new key before then.`
    : '';
  return (
    `:key: API key *${escapeMrkdwn(p.name)}* (${codeSpan(`${p.prefix}…`)}) is ready. Copy it now: Warden shows it only this once and cannot show it again.\n` +
    `\`\`\`${p.apiKey}\`\`\`${overlap}`
  );
}

/** Ephemeral question before revoking: services using the key stop working at once, so it takes a click. */
export function apiKeyRevokeConfirmation(k: Pick<ApiKeyView, 'prefix' | 'name' | 'ownerSlackId'>) {
  const text = `Revoke API key *${escapeMrkdwn(k.name)}* (${codeSpan(`${k.prefix}…`)}, owner <@${k.ownerSlackId}>)? Services using it are refused at once.`;
  const value = JSON.stringify({ prefix: k.prefix });
  return {
    text,
    blocks: [
      section(`:warning: ${text}`),
      {
        type: 'actions',
        block_id: 'warden_apikey_revoke',
        elements: [
          { type: 'button', action_id: API_KEY_ACTIONS_IDS.confirmRevoke, style: 'danger', text: plain('Revoke now'), value },
          { type: 'button', action_id: API_KEY_ACTIONS_IDS.cancelRevoke, text: plain('Cancel'), value },
        ],
      },
    ],
  };
}
