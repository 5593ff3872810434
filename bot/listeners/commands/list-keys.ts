import { sharedKeyFindings } from '../../../lib/keys/key-findings';
import { keyList } from '../../blocks/key-list';
import type { CommandHandler } from './types';

/** Anyone in the workspace may see masked keys and their health; only admins change them. */
export const listKeys: CommandHandler<{ kind: 'keys.list' }> = async (_args, _command, deps) => {
  const { keys: rows, finishedNotShown } = await deps.keys.listOverview({ recentFinished: 10 });
  const list = keyList(rows, deps.clock(), finishedNotShown);
  const findings = sharedKeyFindings(rows);
  if (findings.length === 0) return list;
  return { ...list, blocks: [...list.blocks, { type: 'context', elements: findings.map((f) => ({ type: 'mrkdwn', text: `:warning: Finding: ${f}` })) }] };
};
