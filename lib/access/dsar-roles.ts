import type { Role } from '../contracts';
import type { RoleLookup } from './org-admin';

/** Who may make, approve and hold data-subject requests: a holder of one of the configured roles (WARDEN_DSAR_ROLES). */
export async function holdsDsarRole(members: RoleLookup, slackUserId: string, roles: readonly Role[], now: Date): Promise<boolean> {
  return (await members.activeRoles(slackUserId, now)).some((r) => roles.includes(r));
}

export function dsarRolesText(roles: readonly Role[]): string {
  return roles.map((r) => `*${r}*`).join(' or ');
}
