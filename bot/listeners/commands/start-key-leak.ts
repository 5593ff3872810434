import { PROVIDER_LABELS, type KeyEnvironment, type Provider } from '../../../lib/contracts';
import { isResponderOrAuditDenial, NOT_RESPONDER_MESSAGE } from '../runbook-access';
import { startKeyLeakRunbook } from '../start-runbook';
import type { CommandHandler } from './types';

type KeyLeakCommand = { kind: 'incident.key-leak'; provider: Provider; environment: KeyEnvironment; environmentGiven: boolean };

/** `/warden incident key-leak <provider> [env]`: on-call or admins open an incident and start the runbook. */
export const startKeyLeak: CommandHandler<KeyLeakCommand> = async ({ command }, c, deps) => {
  const requestKey = `${command.team_id}:${command.trigger_id}`;
  const target = `${c.provider}/${c.environment}`;
  if (!(await isResponderOrAuditDenial(deps, { slackUserId: command.user_id, action: 'incident.key_leak', target, requestId: requestKey }))) {
    return { text: NOT_RESPONDER_MESSAGE };
  }
  const { incidentId } = await startKeyLeakRunbook(deps, {
    requestKey,
    provider: c.provider,
    environment: c.environment,
    actorSlackId: command.user_id,
    source: 'command',
  });
  const envNote = c.environmentGiven ? '' : ' (no environment given, so production)';
  return {
    text:
      `:rotating_light: Incident \`${incidentId}\` opened for the leaked ${PROVIDER_LABELS[c.provider]} ${c.environment} key${envNote}. ` +
      `The active key is being contained now; follow the thread in <#${deps.onCallSettings.incidentChannel}>. ` +
      `Cancel with \`/warden incident cancel ${incidentId}\`.`,
  };
};
