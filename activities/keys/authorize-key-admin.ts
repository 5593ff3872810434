import { requireOrgAdmin } from '../audit/require-org-admin';
import type { KeyActivityDeps } from './deps';

export interface AuthorizeKeyAdminInput {
  actorSlackId: string;
  action: string;
  target: string;
  requestId: string;
}

/** The authority on who may change keys: the bot checks too, but only for fast feedback. */
export function createAuthorizeKeyAdmin(d: Pick<KeyActivityDeps, 'members' | 'audit' | 'clock'>) {
  return async function authorizeKeyAdmin(input: AuthorizeKeyAdminInput): Promise<void> {
    await requireOrgAdmin(d, input, `Only org admins can change provider keys; <@${input.actorSlackId}> is not an admin.`);
  };
}
