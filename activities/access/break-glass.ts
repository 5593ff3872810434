import { isOrgAdmin } from '../../lib/access/org-admin';
import type { ActorProof, BreakGlassInput, BreakGlassRequestView, LiftBreakGlassInput, SlackMessageRef } from '../../lib/contracts';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { breakGlassConfirmMessage, breakGlassParent } from '../../lib/slack/blocks/break-glass';
import { auditStepKey } from '../audit/audit-step';
import { requireOrgAdmin } from '../audit/require-org-admin';
import type { ActivityDeps } from '../deps';
import { requireActor } from '../trust/require-actor';

type Deps = Pick<ActivityDeps, 'breakGlass' | 'members' | 'audit' | 'slack' | 'clock' | 'actorAssertions'>;

/** Break-glass: two admins to switch on, one to lift; every step audited, no row ever deleted. */
export function createBreakGlassActivities(d: Deps) {
  async function requireAdmin(proof: ActorProof, actorSlackId: string, action: string, target: string, requestId?: string): Promise<void> {
    await requireActor(d, { proof, claimedActor: actorSlackId, target, requestId });
    await requireOrgAdmin(d, { actorSlackId, action, target, requestId }, 'Only org admins can use break-glass.');
  }

  return {
    async openBreakGlass(input: Omit<BreakGlassInput, 'settings'> & { proof: ActorProof }): Promise<{ flagId: string }> {
      await requireAdmin(input.proof, input.actorSlackId, 'breakglass.request', input.scope, input.requestId);
      const flag = await d.breakGlass.openPending({ requestId: input.requestId, scope: input.scope, reason: input.reason, requestedBySlackId: input.actorSlackId });
      await d.audit.append({
        ...auditStepKey(),
        actor: input.actorSlackId,
        action: 'breakglass.requested',
        target: input.scope,
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { flagId: flag.id, reason: input.reason },
      });
      return { flagId: flag.id };
    },

    /** The second person: another admin, never the one who asked. A refused click is audited. */
    async authorizeBreakGlassConfirm(input: { flagId: string; confirmerSlackId: string; proof: ActorProof }): Promise<{ allowed: boolean; reason?: string }> {
      const flag = await d.breakGlass.get(input.flagId);
      if (!flag) throw new WardenError(ERROR_CODES.invalidInput, `Break-glass ${input.flagId} does not exist.`);
      await requireActor(d, { proof: input.proof, claimedActor: input.confirmerSlackId, target: flag.scope });
      let reason: string | undefined;
      if (input.confirmerSlackId === flag.requestedBySlackId) reason = 'Break-glass needs a second admin: you asked for it, so someone else must confirm.';
      else if (!(await isOrgAdmin(d.members, input.confirmerSlackId, d.clock()))) reason = 'Only org admins can confirm break-glass.';
      await d.audit.append({
        ...auditStepKey(),
        actor: input.confirmerSlackId,
        action: 'breakglass.confirm',
        target: flag.scope,
        outcome: reason ? 'denied' : 'succeeded',
        details: { flagId: flag.id, ...(reason ? { reason } : {}) },
      });
      return reason ? { allowed: false, reason } : { allowed: true };
    },

    async activateBreakGlass(input: { flagId: string; confirmerSlackId: string }): Promise<{ at: string }> {
      const { changed, flag } = await d.breakGlass.activate(input.flagId, input.confirmerSlackId, d.clock());
      await d.audit.append({
        ...auditStepKey(),
        actor: input.confirmerSlackId,
        action: 'breakglass.activated',
        target: flag.scope,
        outcome: changed ? 'succeeded' : 'skipped',
        details: { flagId: flag.id, requestedBy: flag.requestedBySlackId, reason: flag.reason, status: flag.status },
      });
      return { at: (flag.activatedAt ?? d.clock()).toISOString() };
    },

    async cancelBreakGlass(input: { flagId: string }): Promise<void> {
      const { changed, flag } = await d.breakGlass.cancel(input.flagId, d.clock());
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: 'breakglass.cancelled',
        target: flag.scope,
        outcome: changed ? 'succeeded' : 'skipped',
        details: { flagId: flag.id, reason: 'no second admin confirmed in time' },
      });
    },

    async liftBreakGlass(input: Omit<LiftBreakGlassInput, 'settings'> & { proof: ActorProof }): Promise<{ lifted: number }> {
      await requireAdmin(input.proof, input.actorSlackId, 'breakglass.lift', input.scope, input.requestId);
      const lifted = await d.breakGlass.lift(input.scope, input.actorSlackId, d.clock());
      await d.audit.append({
        ...auditStepKey(),
        actor: input.actorSlackId,
        action: 'breakglass.lifted',
        target: input.scope,
        outcome: lifted.length ? 'succeeded' : 'skipped',
        requestId: input.requestId,
        details: { flagIds: lifted.map((f) => f.id), reason: input.reason },
      });
      return { lifted: lifted.length };
    },

    /** Whether break-glass stops `scope` now, for a workflow step that waits while it does (read-only). */
    async breakGlassFlag(input: { scope: string }): Promise<{ scope: string; reason: string } | null> {
      const flag = await d.breakGlass.isBlocked(input.scope);
      return flag ? { scope: flag.scope, reason: flag.reason } : null;
    },

    async postBreakGlassRequest(input: { channel: string; view: BreakGlassRequestView }): Promise<{ parent: SlackMessageRef; confirm: SlackMessageRef }> {
      const parent = await d.slack.postMessage({ channel: input.channel, ...breakGlassParent(input.view) });
      const confirm = await d.slack.postMessage({ channel: input.channel, threadTs: parent.ts, ...breakGlassConfirmMessage(input.view) });
      return { parent, confirm };
    },

    async updateBreakGlassRequest(input: { message: SlackMessageRef; view: BreakGlassRequestView }): Promise<void> {
      await d.slack.updateMessage({ channel: input.message.channel, ts: input.message.ts, ...breakGlassConfirmMessage(input.view) });
    },
  };
}
