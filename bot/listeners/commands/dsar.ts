import { dsarSubjectRef, maskSubject, workflowIds } from '../../../lib/contracts';
import type { dsarLegalHold } from '../../../workflows';
import { dsarRequestModal } from '../../blocks/dsar-request-modal';
import { dsarStatusReply } from '../../blocks/dsar-status';
import type { BotDeps } from '../../deps';
import type { DsarCommand } from '../../inputs/dsar-command';
import { refuseWithoutDsarRole } from '../../middleware/require-dsar-role';
import { openDsarRequest, sealSubject } from '../open-dsar-request';
import type { CommandArgs, CommandHandler } from './types';

type RequestCommand = Extract<DsarCommand, { kind: 'dsar.request' }>;
type HoldCommand = Extract<DsarCommand, { kind: 'dsar.hold' }>;

const refusedRole = (args: CommandArgs, deps: BotDeps, action: string) =>
  refuseWithoutDsarRole(deps, { slackUserId: args.command.user_id, action, requestId: args.command.trigger_id });

/** `/warden dsar export|erase <subject> --verified <method> … <reason>`: one request workflow per Slack request. */
export const startDsarRequest: CommandHandler<RequestCommand> = async (args, parsed, deps) => {
  const refusal = await refusedRole(args, deps, `dsar.${parsed.request}.request`);
  if (refusal) return { text: refusal };
  const { command } = args;
  const opened = await openDsarRequest(deps, {
    workflowId: workflowIds.dsarRequest(command.team_id, command.trigger_id),
    requesterSlackId: command.user_id,
    request: parsed.request,
    subject: parsed.subject,
    regime: parsed.regime ?? deps.dsarSettings.defaultRegime,
    verification: { method: parsed.method, verifiedBySlackId: parsed.verifierSlackId ?? command.user_id, note: parsed.note },
    reason: parsed.reason,
  });
  return { text: opened.text };
};

/** `/warden dsar export|erase` alone: the same request as a form (the trigger id lives 3 s, so it opens at once). */
export const openDsarModal: CommandHandler<Extract<DsarCommand, { kind: 'dsar.modal' }>> = async (args, parsed, deps) => {
  const refusal = await refusedRole(args, deps, `dsar.${parsed.request}.request`);
  if (refusal) return { text: refusal };
  const s = deps.dsarSettings;
  await args.client.views.open({
    trigger_id: args.command.trigger_id,
    view: dsarRequestModal(parsed.request, args.command.user_id, { names: Object.keys(s.regimes), defaultRegime: s.defaultRegime }) as never,
  });
  return undefined;
};

/** `/warden dsar status`: open requests, nearest deadline first, with days left. */
export const showDsarStatus: CommandHandler<Extract<DsarCommand, { kind: 'dsar.status' }>> = async (args, _parsed, deps) => {
  const refusal = await refusedRole(args, deps, 'dsar.status');
  if (refusal) return { text: refusal };
  return dsarStatusReply(await deps.dsar.requests.listOpen(), deps.clock());
};

/** `/warden dsar hold|release <subject|conversation:ID> <reason>`: a short audited workflow; answers what it did. */
export const changeLegalHold: CommandHandler<HoldCommand> = async (args, parsed, deps) => {
  const refusal = await refusedRole(args, deps, `legal_hold.${parsed.action}`);
  if (refusal) return { text: refusal };
  const { command } = args;
  const workflowId = workflowIds.legalHold(command.team_id, command.trigger_id);
  let target;
  if (parsed.target.kind === 'subject') {
    const subjectRef = dsarSubjectRef(workflowId);
    await sealSubject(deps, subjectRef, parsed.target.subject);
    target = { kind: 'subject' as const, subjectRef, subjectLabel: maskSubject(parsed.target.subject.value) };
  } else {
    target = parsed.target;
  }
  await deps.workflows.startOnce<typeof dsarLegalHold>('dsarLegalHold', {
    workflowId,
    actor: command.user_id,
    input: { requestId: workflowId, action: parsed.action, target, reason: parsed.reason, actorSlackId: command.user_id, settings: deps.dsarSettings },
  });
  const result = await deps.workflows.result<typeof dsarLegalHold>(workflowId);
  return { text: result.message };
};

