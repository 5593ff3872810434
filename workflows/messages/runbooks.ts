import { defineQuery, defineSignal } from '@temporalio/workflow';
import { RUNBOOK_SIGNALS, type RunbookState } from '../../lib/contracts';

/** Sent by addProviderKey when a key added from the runbook's "Add replacement key" button is active. */
export const replacementKeyActivatedSignal = defineSignal<[{ keyId: string; maskedKey: string; fingerprint: string; actorSlackId: string }]>(
  RUNBOOK_SIGNALS.replacementKeyActivated,
);
/** "Retry verification" after a failed test chat. */
export const retryVerificationSignal = defineSignal<[{ actorSlackId: string }]>(RUNBOOK_SIGNALS.retryVerification);
/** "Done: revoked at provider": the person who revoked the key in the provider console confirms. */
export const revokedAtProviderSignal = defineSignal<[{ actorSlackId: string }]>(RUNBOOK_SIGNALS.revokedAtProvider);
/** The Cancel button or `/warden incident cancel <id>`. */
export const cancelIncidentSignal = defineSignal<[{ actorSlackId: string }]>(RUNBOOK_SIGNALS.cancelIncident);

export const runbookStateQuery = defineQuery<RunbookState>('runbookState');
