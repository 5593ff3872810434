import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import {
  BREAK_GLASS_MESSAGES,
  GRANT_MESSAGES,
  type GrantDecision,
  type GrantDecisionResult,
  type GrantRequestView,
  type RevokeGrantRequest,
  type Signed,
} from '../../lib/contracts';

/** Approve / Deny from the approval message: an update, so the clicker learns at once whether the click counted. */
export const decideGrantUpdate = defineUpdate<GrantDecisionResult, [Signed<GrantDecision>]>(GRANT_MESSAGES.decide);

/** Early revoke by an admin (or a closing review): ends the expiry timer of a time-bound grant. */
export const revokeGrantSignal = defineSignal<[Signed<RevokeGrantRequest>]>(GRANT_MESSAGES.revoke);

/** The request as its approval message shows it. */
export const grantRequestQuery = defineQuery<GrantRequestView>(GRANT_MESSAGES.view);

/** A second admin's Confirm on a break-glass request; answers whether the click counted. */
export const confirmBreakGlassUpdate = defineUpdate<{ accepted: boolean; message: string }, [Signed<{ confirmerSlackId: string }>]>(BREAK_GLASS_MESSAGES.confirm);
