import { setHandler } from '@temporalio/workflow';
import { RUNBOOK_SIGNALS, type ActorProof, type ReplacementKey, type Signed } from '../../lib/contracts';
import { messageProof } from '../actor-proof';
import { cancelIncidentSignal, replacementKeyActivatedSignal, retryVerificationSignal, revokedAtProviderSignal } from '../messages';

/** A person's signal as it arrived, not yet believed: the runbook proves it through an activity first. */
export type RunbookMessageIn =
  | { kind: 'replacement'; replacement: ReplacementKey; proof: ActorProof }
  | { kind: 'retry_verification'; actorSlackId: string; proof: ActorProof }
  | { kind: 'revoked_at_provider'; actorSlackId: string; proof: ActorProof }
  | { kind: 'cancel'; actorSlackId: string; proof: ActorProof };

/**
 * The runbook's signals, queued in arrival order. Handlers only record; nothing a signal says counts until
 * the main flow has had its actor assertion verified, so a forged "revoked at provider" changes nothing.
 */
export function listenForRunbookSignals(): RunbookMessageIn[] {
  const inbox: RunbookMessageIn[] = [];
  const proof = <T extends object>(name: string, signed: Signed<T>) => messageProof('signal', name, signed);
  setHandler(replacementKeyActivatedSignal, (s) => {
    const { assertion: _assertion, ...replacement } = s;
    inbox.push({ kind: 'replacement', replacement, proof: proof(RUNBOOK_SIGNALS.replacementKeyActivated, s) });
  });
  setHandler(retryVerificationSignal, (s) => void inbox.push({ kind: 'retry_verification', actorSlackId: s.actorSlackId, proof: proof(RUNBOOK_SIGNALS.retryVerification, s) }));
  setHandler(revokedAtProviderSignal, (s) => void inbox.push({ kind: 'revoked_at_provider', actorSlackId: s.actorSlackId, proof: proof(RUNBOOK_SIGNALS.revokedAtProvider, s) }));
  setHandler(cancelIncidentSignal, (s) => void inbox.push({ kind: 'cancel', actorSlackId: s.actorSlackId, proof: proof(RUNBOOK_SIGNALS.cancelIncident, s) }));
  return inbox;
}
