import { incidentList } from '../../blocks/incident-list';
import type { CommandHandler } from './types';

/** Anyone may see which incidents are open and where their threads are; acting on them is for responders. */
export const listIncidents: CommandHandler<{ kind: 'incident.list' }> = async (_args, _command, deps) => incidentList(await deps.incidents.listOpen());
