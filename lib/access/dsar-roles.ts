import type { Role } from '../contracts';
import type { ApprovalWording } from './approval-rules';
import type { RoleLookup } from './org-admin';

/** Who may make, approve and hold data-subject requests: a holder of one of the configured roles (WARDEN_DSAR_ROLES). */
export async function holdsDsarRole(members: RoleLookup, slackUserId: string, roles: readonly Role[], now: Date): Promise<boolean> {
  return (await members.activeRoles(slackUserId, now)).some((r) => roles.includes(r));
}

export function dsarRolesText(roles: readonly Role[]): string {
  return roles.map((r) => `*${r}*`).join(' or ');
}

/** The four-eyes refusals as they read on a data-subject request. */
export function dsarApprovalWording(roles: readonly Role[]): ApprovalWording {
  return {
    notMember: 'Only registered members can approve data-subject requests. Ask an admin to add you with `/warden access member add`.',
    ownRequest: 'You requested this data-subject request, so someone else has to approve or deny it.',
    notApprover: `Only holders of the ${dsarRolesText(roles)} role decide data-subject requests.`,
  };
}
