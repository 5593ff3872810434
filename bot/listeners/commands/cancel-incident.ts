import { cancelIncidentSignal } from '../../../workflows/messages';
import { isResponderOrAuditDenial, NOT_RESPONDER_MESSAGE } from '../runbook-access';
import type { CommandHandler } from './types';

/** `/warden incident cancel <id>`: stops the runbook; the leaked key stays compromised. */
export const cancelIncident: CommandHandler<{ kind: 'incident.cancel'; incidentId: string }> = async ({ command }, c, deps) => {
  const incident = await deps.incidents.get(c.incidentId);
  if (!incident) return { text: `:warning: There is no incident \`${c.incidentId}\`. The id is in the incident thread's first message.` };
  if (incident.status !== 'open') return { text: `Incident \`${c.incidentId}\` is already ${incident.status}; nothing to cancel.` };
  const requestKey = `${command.team_id}:${command.trigger_id}`;
  if (!(await isResponderOrAuditDenial(deps, { slackUserId: command.user_id, action: 'incident.cancel', target: c.incidentId, requestId: requestKey }))) {
    return { text: NOT_RESPONDER_MESSAGE };
  }
  await deps.workflows.signal(incident.workflowId, cancelIncidentSignal, command.user_id, { actorSlackId: command.user_id });
  return { text: `Cancelling incident \`${c.incidentId}\`. The leaked key stays compromised and is not served; the thread gets the timeline.` };
};
