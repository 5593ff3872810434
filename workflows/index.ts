// The worker's workflowsPath: every workflow, one per file.
export { addProviderKey } from './keys/add-provider-key';
export { retireProviderKey } from './keys/retire-provider-key';
export { revokeProviderKey } from './keys/revoke-provider-key';
export { setProviderPolicy } from './keys/set-provider-policy';
export { roleGrantRequest } from './access/role-grant-request';
export { revokeRoleGrant } from './access/revoke-role-grant';
export { registerMember } from './access/register-member';
export { keyLeakRunbook } from './runbooks/key-leak-runbook';
export { keyHealthSweep } from './health/key-health-sweep';
export { keyRotationSweep } from './health/key-rotation-sweep';
export { raiseRotateKeysForDepartedAdmin } from './health/raise-rotate-keys-for-departed-admin';
export { breakGlass } from './access/break-glass';
export { liftBreakGlass } from './access/lift-break-glass';
export { membershipReview } from './reviews/membership-review';
export { settleReviewBatch } from './reviews/settle-review-batch';
export { recordReviewDecision } from './reviews/record-review-decision';
