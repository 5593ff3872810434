import type { Role } from '../contracts';

export interface RoleLookup {
  activeRoles(slackUserId: string, now: Date): Promise<Role[]>;
}

/** The one rule for key governance: only org admins add, rotate, revoke or set key policy. */
export async function isOrgAdmin(members: RoleLookup, slackUserId: string, now: Date): Promise<boolean> {
  return (await members.activeRoles(slackUserId, now)).includes('admin');
}
