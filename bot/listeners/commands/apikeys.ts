import { apiKeyWorkflowIds } from '../../../lib/contracts';
import type { createApiKey } from '../../../workflows';
import { apiKeyList, apiKeyModal, apiKeyRevokeConfirmation, apiKeyShownText } from '../../blocks/api-keys';
import { isAdminOrAuditDenial } from '../../middleware/require-admin';
import type { CommandHandler } from './types';

export const NOT_ADMIN_FOR_API_KEYS = ':no_entry: Only org admins can manage API keys. Ask an admin, or request the admin role.';

const adminOnly = (deps: Parameters<CommandHandler<unknown>>[2], userId: string, action: string, target: string, requestId: string) =>
  isAdminOrAuditDenial(deps, { slackUserId: userId, action, target, requestId });

export const listApiKeys: CommandHandler<{ kind: 'apikeys.list' }> = async ({ command }, _c, deps) => {
  if (!(await adminOnly(deps, command.user_id, 'apikey.list', 'apikeys', command.trigger_id))) return { text: NOT_ADMIN_FOR_API_KEYS };
  return apiKeyList(await deps.apiKeys.list(), deps.clock());
};

/** Opens the scope pickers at once: the trigger id lives 3 s. */
export const openApiKeyModal: CommandHandler<{ kind: 'apikeys.create' }> = async ({ command, client }, _c, deps) => {
  if (!(await adminOnly(deps, command.user_id, 'apikey.created', 'apikeys', command.trigger_id))) return { text: NOT_ADMIN_FOR_API_KEYS };
  await client.views.open({ trigger_id: command.trigger_id, view: apiKeyModal() as never });
  return undefined;
};

/**
 * `/warden apikeys rotate <prefix>`: the successor is generated here and only its hash goes to the workflow; the
 * key itself is in this ephemeral reply to the admin and nowhere else. Both keys work until the overlap ends.
 */
export const rotateApiKey: CommandHandler<{ kind: 'apikeys.rotate'; prefix: string }> = async ({ command }, c, deps) => {
  if (!(await adminOnly(deps, command.user_id, 'apikey.rotated', c.prefix, command.trigger_id))) return { text: NOT_ADMIN_FOR_API_KEYS };
  const old = await deps.apiKeys.findByPrefix(c.prefix);
  const expired = old?.expiresAt && old.expiresAt <= deps.clock();
  if (!old || old.revokedAt || expired) return { text: `There is no working API key \`${c.prefix}…\` to rotate${expired ? ' (it has expired; create a new one)' : ''}. \`/warden apikeys\` lists them.` };
  if (old.overlapEndsAt) return { text: `\`${c.prefix}…\` is already being rotated out (until ${old.overlapEndsAt.toISOString()}); rotate its successor instead.` };
  const fresh = deps.apiKeyHasher.generate();
  const workflowId = apiKeyWorkflowIds.rotate(c.prefix, command.trigger_id);
  await deps.workflows.startOnce<typeof createApiKey>('createApiKey', {
    workflowId,
    actor: command.user_id,
    input: {
      requestId: workflowId,
      actorSlackId: command.user_id,
      name: old.name,
      scopes: old.scopes,
      expiresAt: old.expiresAt?.toISOString() ?? null,
      key: { prefix: fresh.prefix, keyHash: fresh.keyHash, hashVersion: fresh.hashVersion },
      replacesPrefix: old.prefix,
      overlapMs: deps.apiKeySettings.rotationOverlapMs,
    },
  });
  const created = await deps.workflows.result<typeof createApiKey>(workflowId);
  return { text: apiKeyShownText({ apiKey: fresh.apiKey, prefix: created.prefix, name: created.name, overlap: { replacedPrefix: old.prefix, endsAt: created.overlapEndsAt ?? '?' } }) };
};

/** Asks for a click before anything changes. */
export const confirmApiKeyRevoke: CommandHandler<{ kind: 'apikeys.revoke'; prefix: string }> = async ({ command }, c, deps) => {
  if (!(await adminOnly(deps, command.user_id, 'apikey.revoked', c.prefix, command.trigger_id))) return { text: NOT_ADMIN_FOR_API_KEYS };
  const key = await deps.apiKeys.findByPrefix(c.prefix);
  if (!key || key.revokedAt) return { text: `There is no working API key \`${c.prefix}…\` to revoke. \`/warden apikeys\` lists them.` };
  return apiKeyRevokeConfirmation(key);
};
