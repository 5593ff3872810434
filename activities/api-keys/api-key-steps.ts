import { SYSTEM_ACTOR, type ActorProof, type CreateApiKeyInput, type CreatedApiKey, type RevokeApiKeyInput } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { requireOrgAdmin } from '../audit/require-org-admin';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type D = ActivityDeps;

async function authorizeAdmin(d: Pick<D, 'actorAssertions' | 'audit' | 'members' | 'clock'>, p: { proof: ActorProof; actorSlackId: string; action: string; target: string; requestId: string }) {
  await requireActor(d, { proof: p.proof, claimedActor: p.actorSlackId, target: p.target, requestId: p.requestId });
  await requireOrgAdmin(d, { actorSlackId: p.actorSlackId, action: p.action, target: p.target, requestId: p.requestId }, `Only org admins can manage API keys; <@${p.actorSlackId}> is not an admin.`);
}

/**
 * Stores a key the bot generated (only its prefix and keyed hash arrive here), owned by the admin who made it.
 * For a rotation the old key gets the end of its overlap; it keeps working until then.
 */
export function createStoreApiKey(d: Pick<D, 'actorAssertions' | 'audit' | 'members' | 'clock' | 'apiKeys'>) {
  return async function storeApiKey(input: Omit<CreateApiKeyInput, 'settings'> & { proof: ActorProof }): Promise<CreatedApiKey> {
    const action = input.replacesPrefix ? 'apikey.rotated' : 'apikey.created';
    const target = input.replacesPrefix ?? input.key.prefix;
    await authorizeAdmin(d, { ...input, action, target });
    const old = input.replacesPrefix ? await d.apiKeys.findByPrefix(input.replacesPrefix) : null;
    if (input.replacesPrefix && (!old || old.revokedAt)) {
      throw new WardenError(ERROR_CODES.apiKeyNotFound, `There is no working API key ${input.replacesPrefix} to rotate.`);
    }
    const row = await d.apiKeys.create({
      requestId: input.requestId,
      prefix: input.key.prefix,
      keyHash: input.key.keyHash,
      hashVersion: input.key.hashVersion,
      name: old?.name ?? input.name,
      ownerSlackId: input.actorSlackId,
      scopes: old?.scopes ?? input.scopes,
      expiresAt: old ? old.expiresAt : input.expiresAt ? new Date(input.expiresAt) : null,
      replacesId: old?.id ?? null,
    });
    // From the row, so a retried step keeps the first attempt's end of overlap.
    const overlapEndsAt = old ? (old.overlapEndsAt ?? new Date(row.createdAt.getTime() + input.overlapMs)) : null;
    if (old && overlapEndsAt) await d.apiKeys.setOverlapEnd(old.prefix, overlapEndsAt);
    await d.audit.append({
      ...auditStepKey(),
      actor: input.actorSlackId,
      action,
      target: row.prefix,
      outcome: 'succeeded',
      requestId: input.requestId,
      details: { name: row.name, scopes: row.scopes, expiresAt: row.expiresAt?.toISOString() ?? null, ...(old ? { replaces: old.prefix, overlapEndsAt: overlapEndsAt!.toISOString() } : {}) },
    });
    return { id: row.id, prefix: row.prefix, name: row.name, replacedPrefix: old?.prefix ?? null, overlapEndsAt: overlapEndsAt?.toISOString() ?? null };
  };
}

/** `/warden apikeys revoke` after the confirmation click: the key stops working at once. */
export function createRevokeApiKey(d: Pick<D, 'actorAssertions' | 'audit' | 'members' | 'clock' | 'apiKeys'>) {
  return async function revokeApiKey(input: RevokeApiKeyInput & { proof: ActorProof }): Promise<{ revoked: boolean; name: string }> {
    await authorizeAdmin(d, { ...input, action: 'apikey.revoked', target: input.prefix });
    const key = await d.apiKeys.findByPrefix(input.prefix);
    if (!key) throw new WardenError(ERROR_CODES.apiKeyNotFound, `There is no API key ${input.prefix}.`);
    const revoked = await d.apiKeys.revoke(input.prefix, input.actorSlackId, d.clock());
    await d.audit.append({ ...auditStepKey(), actor: input.actorSlackId, action: 'apikey.revoked', target: input.prefix, outcome: revoked ? 'succeeded' : 'already_revoked', requestId: input.requestId, details: { name: key.name } });
    return { revoked, name: key.name };
  };
}

/** The end of a rotation's overlap (a durable timer in endApiKeyOverlap): the old key is revoked by Warden. */
export function createRevokeRotatedApiKey(d: Pick<D, 'actorAssertions' | 'audit' | 'clock' | 'apiKeys'>) {
  return async function revokeRotatedApiKey(input: { proof: ActorProof; prefix: string; requestId: string }): Promise<{ revoked: boolean }> {
    await requireActor(d, { proof: input.proof, claimedActor: SYSTEM_ACTOR, target: input.prefix, requestId: input.requestId });
    const revoked = await d.apiKeys.revoke(input.prefix, SYSTEM_ACTOR, d.clock());
    await d.audit.append({ ...auditStepKey(), actor: SYSTEM_ACTOR, action: 'apikey.overlap_ended', target: input.prefix, outcome: revoked ? 'succeeded' : 'already_revoked', requestId: input.requestId });
    return { revoked };
  };
}
