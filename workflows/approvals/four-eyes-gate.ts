import { condition } from '@temporalio/workflow';
import type { Signed } from '../../lib/contracts';
import { describeFailure } from '../workflow-helpers';

/** A click on Approve or Deny, as every four-eyes request receives it (plus whatever the request adds). */
export interface ApprovalClick {
  approverSlackId: string;
  decision: 'approve' | 'deny';
}

export interface RecordedApproval {
  slackUserId: string;
  at: string;
}

export interface ClickAnswer<S extends string> {
  accepted: boolean;
  message: string;
  state: S;
}

export interface FourEyesSteps<D extends ApprovalClick, S extends string> {
  requiredApprovals: number;
  /** Approvals already recorded when the request opened (none, usually). */
  approvals: RecordedApproval[];
  /** The request's state now: only a `pending` request takes decisions. */
  state(): S;
  /** The authority on whether a click counts: proves the clicker, applies the rules, audits the click. */
  authorize(d: Signed<D>): Promise<{ allowed: boolean; reason?: string }>;
  /** Stores one more approval and answers every approval so far. */
  recordApproval(d: Signed<D>): Promise<RecordedApproval[]>;
  /** After an approval that is not the last one needed (the approval message shows the count). */
  onPartialApproval(): Promise<void>;
}

/**
 * The four-eyes decision loop shared by every request that people approve in Slack (role grants, data-subject
 * requests): one update handler body that checks each click through the request's authorizing activity, counts
 * distinct approvers up to the number required, takes the first accepted denial, and answers the clicker at
 * once. The rules themselves (who may decide) live in lib/access/approval-rules, applied by the activity.
 */
export function fourEyesGate<D extends ApprovalClick, S extends string>(steps: FourEyesSteps<D, S>) {
  let approvals = steps.approvals;
  let denial: Signed<D> | null = null;
  let closed = false;
  // Approvers whose click is being checked right now: a second click meanwhile must not count twice.
  const approving = new Set<string>();
  const approved = () => approvals.length >= steps.requiredApprovals;
  const decided = () => denial !== null || approved();
  const answer = (accepted: boolean, message: string, state: S | 'approved' | 'denied' = steps.state()) => ({ accepted, message, state: state as S });

  async function decideOnce(d: Signed<D>): Promise<ClickAnswer<S>> {
    let check: { allowed: boolean; reason?: string };
    try {
      check = await steps.authorize(d);
    } catch (err) {
      // An unproven click (audited by the activity) is answered, not allowed to fail the request.
      return answer(false, describeFailure(err));
    }
    // The check awaited an activity: someone else may have decided meanwhile.
    if (steps.state() !== 'pending' || closed || decided()) return answer(false, 'This request was decided meanwhile.');
    if (!check.allowed) return answer(false, check.reason ?? 'This click does not count.');
    if (d.decision === 'deny') {
      denial = d;
      return answer(true, 'You denied the request.', 'denied');
    }
    approvals = await steps.recordApproval(d);
    if (!approved()) {
      await steps.onPartialApproval();
      return answer(true, `Approval recorded (${approvals.length} of ${steps.requiredApprovals}).`);
    }
    return answer(true, 'You approved the request.', 'approved');
  }

  return {
    /** The body of the request's decide update. */
    async decide(d: Signed<D>): Promise<ClickAnswer<S>> {
      if (steps.state() !== 'pending') return answer(false, `This request is already ${steps.state()}.`);
      if (d.decision === 'approve' && (approving.has(d.approverSlackId) || approvals.some((a) => a.slackUserId === d.approverSlackId))) {
        return answer(false, `You already approved; ${steps.requiredApprovals - approvals.length} more approver(s) needed.`);
      }
      if (d.decision !== 'approve') return decideOnce(d);
      approving.add(d.approverSlackId);
      try {
        return await decideOnce(d);
      } finally {
        approving.delete(d.approverSlackId);
      }
    },
    approved,
    decided,
    get approvals() {
      return approvals;
    },
    /** The accepted denial (with whatever the click carried, e.g. its reason), or null. */
    get denial() {
      return denial;
    },
    /** Set before the request's own ending starts: a click still being checked must not count after it. */
    close() {
      closed = true;
    },
    /**
     * Named waits measured one after another (a reminder, an escalation, ...): each step runs unless a decision
     * came first. Answers whether the request was decided.
     */
    async waitThrough(waits: Array<[number, () => Promise<void>]>): Promise<boolean> {
      for (const [ms, step] of waits) {
        if (await condition(decided, Math.max(ms, 1))) return true;
        await step();
      }
      return decided();
    },
  };
}

export type FourEyesGate<D extends ApprovalClick, S extends string> = ReturnType<typeof fourEyesGate<D, S>>;
