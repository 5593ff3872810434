import { dsarRolesText, holdsDsarRole } from '../../../lib/access/dsar-roles';
import { dsarSubjectRef, maskSubject, workflowIds } from '../../../lib/contracts';
import type { SubjectRef } from '../../../lib/data-rights';
import type { dsarLegalHold, dsarRequest } from '../../../workflows';
import { dsarStatusReply } from '../../blocks/dsar-status';
import type { BotDeps } from '../../deps';
import type { DsarCommand } from '../../inputs/dsar-command';
import { auditSlackDenial } from '../../middleware/require-admin';
import type { CommandArgs, CommandHandler } from './types';

type RequestCommand = Extract<DsarCommand, { kind: 'dsar.request' }>;
type HoldCommand = Extract<DsarCommand, { kind: 'dsar.hold' }>;

/**
 * Fast feedback from the in-memory role view (the workflow's activity checks again as the authority).
 * A refusal is audited; its target is the action, never the subject typed.
 */
async function refusedRole(args: CommandArgs, deps: BotDeps, action: string): Promise<string | null> {
  const roles = deps.dsarSettings.roles;
  if (await holdsDsarRole(deps.roles, args.command.user_id, roles, deps.clock())) return null;
  await auditSlackDenial(deps, { slackUserId: args.command.user_id, action, target: 'dsar', requestId: args.command.trigger_id }, 'DSAR role not held');
  return `:no_entry: Only holders of the ${dsarRolesText(roles)} role can ${action.startsWith('legal_hold') ? 'place or lift legal holds' : 'make data-subject requests'}.`;
}

/** The subject is sealed before anything starts: workflow history only ever holds its sealed id. */
async function sealSubject(deps: BotDeps, ref: string, subject: SubjectRef): Promise<void> {
  await deps.sealedSecrets.putForRequest(ref, await deps.sealer.seal(JSON.stringify(subject), ref));
}

/** `/warden dsar export|erase <subject> --verified <method> … <reason>`: one request workflow per Slack request. */
export const startDsarRequest: CommandHandler<RequestCommand> = async (args, parsed, deps) => {
  const refusal = await refusedRole(args, deps, `dsar.${parsed.request}.request`);
  if (refusal) return { text: refusal };
  const s = deps.dsarSettings;
  const regime = parsed.regime ?? s.defaultRegime;
  if (!(regime in s.regimes)) return { text: `Unknown regime \`${regime}\`; configured: ${Object.keys(s.regimes).join(', ')}.` };
  const { command } = args;
  const workflowId = workflowIds.dsarRequest(command.team_id, command.trigger_id);
  const subjectRef = dsarSubjectRef(workflowId);
  await sealSubject(deps, subjectRef, parsed.subject);
  const subjectLabel = maskSubject(parsed.subject.value);
  const { runUrl } = await deps.workflows.startOnce<typeof dsarRequest>('dsarRequest', {
    workflowId,
    actor: command.user_id,
    input: {
      requestId: workflowId,
      kind: parsed.request,
      subjectRef,
      subjectLabel,
      regime,
      requesterSlackId: command.user_id,
      verification: { method: parsed.method, verifiedBySlackId: parsed.verifierSlackId ?? command.user_id, note: parsed.note },
      reason: parsed.reason,
      settings: s,
    },
  });
  const days = Math.round(s.regimes[regime]! / 86_400_000);
  return {
    text:
      `:inbox_tray: ${parsed.request === 'export' ? 'Export' : 'Erasure'} request for ${subjectLabel} opened under ${regime.toUpperCase()} (due in ${days} days). ` +
      `Compliance approves in <#${s.channel}>; you will get a DM with the outcome. <${runUrl}|Run>`,
  };
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

