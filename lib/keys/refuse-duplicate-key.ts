import type { KeyEnvironment, Provider } from '../contracts';
import type { KeyFingerprinter } from '../crypto';
import type { AuditLog, ProviderKeyRepository } from '../db';
import { KeyAlreadyAddedError } from '../errors';

// When a key matches several rows, name the one a person most needs to hear about.
const ORDER = ['active', 'retiring', 'pending', 'compromised'];

export interface KeyAddRequest {
  provider: Provider;
  environment: KeyEnvironment;
  requestId: string;
  actorSlackId: string;
  /** The audit action and idempotency of the add step (an activity's step key), for the refusal's event. */
  action: string;
  audit: { idempotencyKey: string; workflowId?: string };
}

/**
 * Refuses a key that is already in play in its slot (active, retiring, being added, or leaked), matched by
 * fingerprint, and audits the refusal. The request's own row (a retried activity) does not count. Rows not
 * yet re-fingerprinted are matched by their own kind of fingerprint, so the check holds across an upgrade.
 */
export async function refuseKeyAlreadyInPlay(
  d: { keys: Pick<ProviderKeyRepository, 'listInPlay'>; fingerprints: Pick<KeyFingerprinter, 'matches'>; audit: Pick<AuditLog, 'append'> },
  apiKey: string,
  req: KeyAddRequest,
): Promise<void> {
  const same = (await d.keys.listInPlay(req.provider, req.environment))
    .filter((k) => k.requestId !== req.requestId && d.fingerprints.matches(apiKey, k))
    .sort((a, b) => ORDER.indexOf(a.status) - ORDER.indexOf(b.status))[0];
  if (!same) return;
  const refusal = new KeyAlreadyAddedError(same);
  await d.audit.append({
    ...req.audit,
    actor: req.actorSlackId,
    action: req.action,
    target: `${req.provider}/${req.environment}`,
    outcome: 'refused',
    requestId: req.requestId,
    details: { error: refusal.code, existingKeyId: same.id, existingStatus: same.status, fingerprint: same.fingerprint, maskedKey: same.maskedKey },
  });
  throw refusal;
}
