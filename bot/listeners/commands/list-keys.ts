import { keyList } from '../../blocks/key-list';
import type { CommandHandler } from './types';

/** Anyone in the workspace may see masked keys and their health; only admins change them. */
export const listKeys: CommandHandler<{ kind: 'keys.list' }> = async (_args, _command, deps) => {
  const rows = await deps.keys.list();
  return { ...keyList(rows, deps.clock()) };
};
