import { dsarRolesText, holdsDsarRole } from '../../lib/access/dsar-roles';
import type { ActorProof, LegalHoldResult, LegalHoldTarget, Role } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditDenial } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';
import type { DsarServices } from './dsar-services';
import { openSubject, subjectTarget } from './subject';

type Deps = Pick<ActivityDeps, 'members' | 'audit' | 'actorAssertions' | 'clock' | 'sealedSecrets' | 'sealer'> & { dsar: DsarServices };

export function createLegalHoldActivity(d: Deps) {
  return {
    /**
     * Places or lifts a legal hold for a proven holder of a DSAR role (a refusal is audited). Placing and
     * lifting are audited by lib/data-rights, naming a subject only by its pseudonym.
     */
    async applyLegalHold(input: { proof: ActorProof; requestId: string; action: 'place' | 'lift'; target: LegalHoldTarget; reason: string; actorSlackId: string; roles: Role[] }): Promise<LegalHoldResult> {
      const subject = input.target.kind === 'subject' ? await openSubject(d, input.target.subjectRef) : null;
      const pseudonym = subject ? d.dsar.pseudonym(subject) : null;
      const target = pseudonym ? subjectTarget(pseudonym) : `conversation:${input.target.kind === 'conversation' ? input.target.conversationId : ''}`;
      const what = input.target.kind === 'subject' ? `subject ${input.target.subjectLabel}` : `conversation ${input.target.conversationId}`;
      await requireActor(d, { proof: input.proof, claimedActor: input.actorSlackId, target, requestId: input.requestId });
      if (!(await holdsDsarRole(d.members, input.actorSlackId, input.roles, d.clock()))) {
        await auditDenial(d, { actorSlackId: input.actorSlackId, action: `legal_hold.${input.action}`, target, requestId: input.requestId }, 'DSAR role not held');
        throw new WardenError(ERROR_CODES.roleNotHeld, `Only holders of the ${dsarRolesText(input.roles)} role can place or lift legal holds.`);
      }
      if (input.action === 'place') {
        const placed = subject
          ? await d.dsar.holds.placeSubjectHold({ subject, reason: input.reason, placedBySlackId: input.actorSlackId, requestId: input.requestId })
          : await d.dsar.holds.placeConversationHold({ conversationId: (input.target as { conversationId: string }).conversationId, reason: input.reason, placedBySlackId: input.actorSlackId, requestId: input.requestId });
        return placed.placed
          ? { ok: true, message: `:lock: Legal hold placed on ${what}: erasure and retention leave its records alone until it is lifted.` }
          : { ok: true, message: `:lock: ${what} is already under a legal hold (placed by <@${placed.hold.placedBySlackId}>); nothing changed.` };
      }
      const active = (await d.dsar.holds.list()).find((h) => (pseudonym ? h.subjectPseudonym === pseudonym : h.conversationId === (input.target as { conversationId: string }).conversationId));
      if (!active) return { ok: false, message: `There is no active legal hold on ${what}; nothing to release.` };
      await d.dsar.holds.lift({ holdId: active.id, liftedBySlackId: input.actorSlackId, reason: input.reason, requestId: input.requestId });
      return { ok: true, message: `:unlock: Legal hold on ${what} released.` };
    },
  };
}
