import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from '@slack/bolt';
import { PROVIDER_LABELS } from '../../../lib/contracts';
import type { BotDeps } from '../../deps';
import { detectLeakedKeys } from '../../inputs/leaked-key-detector';
import { failureReply } from '../failure-reply';
import { isResponderOrAuditDenial, NOT_RESPONDER_MESSAGE } from '../runbook-access';
import { startKeyLeakRunbook } from '../start-runbook';

export const REPORT_LEAKED_KEY_CALLBACK_ID = 'warden_report_leaked_key';

type ShortcutArgs = SlackShortcutMiddlewareArgs<MessageShortcut> & AllMiddlewareArgs;

/**
 * "Report leaked key" on a message: finds the key by its shape, matches it to an org key by fingerprint and
 * starts the runbook for it. The message is left as it is (Warden deletes or hides nothing), and the key is
 * only ever shown masked.
 */
export function createReportLeakedKey(deps: BotDeps) {
  return async ({ ack, shortcut, respond }: ShortcutArgs): Promise<void> => {
    await ack();
    const userId = shortcut.user.id;
    const tell = (text: string) => respond({ response_type: 'ephemeral', replace_original: false, text });
    const requestKey = `${shortcut.team?.id ?? 'team'}:${shortcut.trigger_id}`;
    const context = { userId, channel: shortcut.channel.id, messageTs: shortcut.message_ts };
    try {
      if (!(await isResponderOrAuditDenial(deps, { slackUserId: userId, action: 'incident.key_leak', target: 'message-shortcut', requestId: requestKey }))) {
        return void (await tell(NOT_RESPONDER_MESSAGE));
      }
      const detected = detectLeakedKeys(`${shortcut.message.text ?? ''} ${JSON.stringify(shortcut.message.blocks ?? [])}`, deps.fingerprints);
      if (detected.length === 0) {
        return void (await tell(
          'I found no key shaped like an OpenAI (`sk-…`, `sk-proj-…`), Anthropic (`sk-ant-…`) or Gemini (`AIza…`) key in that message. ' +
            'Which provider leaked? Run `/warden incident key-leak <provider> [environment]`.',
        ));
      }
      const keys = await deps.keys.list();
      const lines: string[] = [];
      for (const found of detected) {
        const org = keys.find((k) => k.fingerprint === found.fingerprint && k.provider === found.provider) ?? keys.find((k) => k.fingerprint === found.fingerprint);
        const label = PROVIDER_LABELS[org?.provider ?? found.provider];
        if (!org) {
          lines.push(
            `\`${found.masked}\` (${found.fingerprint}) has the shape of a key for ${label} but is not one of Warden's org keys, so there is nothing to contain. ` +
              `Revoke it at the provider; if it is your org's key managed outside Warden, run \`/warden incident key-leak ${found.provider} <environment>\`.`,
          );
          continue;
        }
        const started = await startKeyLeakRunbook(deps, {
          requestKey: `${requestKey}:${found.fingerprint}`,
          provider: org.provider,
          environment: org.environment,
          leakedKeyId: org.id,
          actorSlackId: userId,
          source: 'shortcut',
        });
        lines.push(
          `:rotating_light: \`${found.masked}\` is the ${label} ${org.environment} key (${org.status}). Incident \`${started.incidentId}\` opened; ` +
            `follow the thread in <#${deps.onCallSettings.incidentChannel}>.`,
        );
      }
      await tell(`${lines.join('\n')}\nThe message itself is left as it is: delete it yourself if it should go.`);
    } catch (err) {
      await tell(failureReply(err, deps.logger, context)).catch((e) => deps.logger.error('Could not report a failure', { ...context, err: e }));
    }
  };
}
