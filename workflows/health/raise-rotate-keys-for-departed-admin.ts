import type { DepartedAdminInput } from '../../lib/contracts';
import { oncall } from '../activity-options';

/**
 * "A member leaving raises rotate keys this person could see": the access workflow starts this (as a child
 * or by id workflowIds.departedAdminRotation) when an admin role is revoked or expires.
 */
export async function raiseRotateKeysForDepartedAdmin(input: DepartedAdminInput): Promise<{ keyIds: string[] }> {
  return oncall.postRotateKeysForDepartedAdmin({ slackUserId: input.slackUserId, requestId: input.requestId, channel: input.settings.adminChannel });
}
