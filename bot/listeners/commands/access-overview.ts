import { accessOverview } from '../../blocks/access-overview';
import type { CommandHandler } from './types';

export const showAccess: CommandHandler<{ kind: 'access.overview' }> = async ({ command }, _parsed, deps) => {
  const member = await deps.members.findBySlackId(command.user_id);
  const grants = member ? await deps.roleGrants.listForMember(command.user_id) : [];
  return accessOverview(command.user_id, grants, member !== null);
};
