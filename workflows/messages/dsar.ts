import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { DSAR_MESSAGES, type DsarDecision, type DsarDecisionResult, type DsarView, type Signed } from '../../lib/contracts';

/** Approve / Deny (with its reason) on a data-subject request: an update, so the clicker learns at once whether it counted. */
export const decideDsarUpdate = defineUpdate<DsarDecisionResult, [Signed<DsarDecision>]>(DSAR_MESSAGES.decide);

/** The request as its approval message shows it. */
export const dsarRequestQuery = defineQuery<DsarView>(DSAR_MESSAGES.view);
