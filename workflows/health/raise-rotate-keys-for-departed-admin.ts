import type { DepartedAdminInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { oncall } from '../activity-options';

/**
 * "A member leaving raises rotate keys this person could see": the access workflows start this (a child,
 * id workflowIds.departedAdminRotation, Warden's own assertion) when an admin role is revoked or expires.
 */
export async function raiseRotateKeysForDepartedAdmin(input: Signed<DepartedAdminInput>): Promise<{ keyIds: string[]; apiKeyPrefixes?: string[] }> {
  return oncall.postRotateKeysForDepartedAdmin({
    proof: startProof(input),
    slackUserId: input.slackUserId,
    requestId: input.requestId,
    channel: input.settings.adminChannel,
    ...(input.role ? { role: input.role } : {}),
  });
}
