import { dsarSubjectRef, maskSubject, type DsarKind, type DsarVerification } from '../../lib/contracts';
import type { SubjectRef } from '../../lib/data-rights';
import type { dsarRequest } from '../../workflows';
import type { BotDeps } from '../deps';

/** The subject is sealed before anything starts: workflow history only ever holds its sealed id. */
export async function sealSubject(deps: BotDeps, ref: string, subject: SubjectRef): Promise<void> {
  await deps.sealedSecrets.putForRequest(ref, await deps.sealer.seal(JSON.stringify(subject), ref));
}

export interface DsarRequestToOpen {
  workflowId: string;
  requesterSlackId: string;
  request: DsarKind;
  subject: SubjectRef;
  regime: string;
  verification: DsarVerification;
  reason: string;
}

/**
 * Seals the subject and starts the request's workflow, once per workflow id (a repeated submit or command finds
 * the first). Shared by the command and the form; answers what the person is told, or why nothing was opened.
 */
export async function openDsarRequest(deps: BotDeps, r: DsarRequestToOpen): Promise<{ ok: boolean; text: string }> {
  const s = deps.dsarSettings;
  if (!(r.regime in s.regimes)) return { ok: false, text: `Unknown regime \`${r.regime}\`; configured: ${Object.keys(s.regimes).join(', ')}.` };
  const subjectRef = dsarSubjectRef(r.workflowId);
  await sealSubject(deps, subjectRef, r.subject);
  const subjectLabel = maskSubject(r.subject.value);
  const { runUrl } = await deps.workflows.startOnce<typeof dsarRequest>('dsarRequest', {
    workflowId: r.workflowId,
    actor: r.requesterSlackId,
    input: {
      requestId: r.workflowId,
      kind: r.request,
      subjectRef,
      subjectLabel,
      regime: r.regime,
      requesterSlackId: r.requesterSlackId,
      verification: r.verification,
      reason: r.reason,
      settings: s,
    },
  });
  const days = Math.round(s.regimes[r.regime]! / 86_400_000);
  return {
    ok: true,
    text:
      `:inbox_tray: ${r.request === 'export' ? 'Export' : 'Erasure'} request for ${subjectLabel} opened under ${r.regime.toUpperCase()} (due in ${days} days). ` +
      `Compliance approves in <#${s.channel}>; you will get a DM with the outcome. <${runUrl}|Run>`,
  };
}
