import { defineQuery, defineSignal } from '@temporalio/workflow';
import { RUNBOOK_SIGNALS, type ReplacementKey, type RunbookState, type Signed } from '../../lib/contracts';

/** Sent by addProviderKey (on behalf of the admin who added it) when a replacement key for the incident's slot is active. */
export const replacementKeyActivatedSignal = defineSignal<[Signed<ReplacementKey>]>(RUNBOOK_SIGNALS.replacementKeyActivated);
/** "Retry verification" after a failed test chat. */
export const retryVerificationSignal = defineSignal<[Signed<{ actorSlackId: string }>]>(RUNBOOK_SIGNALS.retryVerification);
/** "Done: revoked at provider": the person who revoked the key in the provider console confirms. */
export const revokedAtProviderSignal = defineSignal<[Signed<{ actorSlackId: string }>]>(RUNBOOK_SIGNALS.revokedAtProvider);
/** The Cancel button or `/warden incident cancel <id>`. */
export const cancelIncidentSignal = defineSignal<[Signed<{ actorSlackId: string }>]>(RUNBOOK_SIGNALS.cancelIncident);

export const runbookStateQuery = defineQuery<RunbookState>('runbookState');
