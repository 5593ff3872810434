import { escapeMrkdwn, VERIFICATION_METHODS, type DsarKind } from '../../lib/contracts';
import { DSAR_REQUEST_BLOCKS, DSAR_REQUEST_CALLBACK_ID, type DsarModalInput } from '../inputs/dsar-modal-input';

const METHOD_HINTS: Record<(typeof VERIFICATION_METHODS)[number], string> = {
  'id-document': 'id-document — an identity document was checked',
  'email-confirmation': 'email-confirmation — confirmed from the address on file',
  'account-login': 'account-login — asked while signed in to their account',
  'authorized-agent': 'authorized-agent — an agent with a signed authorization',
};

/** A request that could not be opened, shown again with why: nothing the person typed is lost. */
export type DsarModalRetry = DsarModalInput & { problem: string };

/**
 * `/warden dsar export` or `erase` with nothing after it: the request as a form, with the identity check as a
 * choice rather than a flag to remember. Titles stay under Slack's 24 characters.
 */
export function dsarRequestModal(request: DsarKind, requesterSlackId: string, regimes: { names: string[]; defaultRegime: string }, retry?: DsarModalRetry) {
  const plain = (text: string) => ({ type: 'plain_text' as const, text });
  const regimeOptions = regimes.names.map((r) => ({ text: plain(r.toUpperCase()), value: r }));
  const methodOptions = VERIFICATION_METHODS.map((m) => ({ text: plain(METHOD_HINTS[m]), value: m }));
  const regime = retry?.regime ?? regimes.defaultRegime;
  return {
    type: 'modal' as const,
    callback_id: DSAR_REQUEST_CALLBACK_ID,
    private_metadata: request,
    title: plain(request === 'export' ? 'Data export request' : 'Data erasure request'),
    submit: plain('Open request'),
    close: plain('Cancel'),
    blocks: [
      ...(retry ? [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(retry.problem.replace(/^:[a-z_]+: /, ''))}` } }] : []),
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `${request === 'export' ? 'Export every record of a person into an encrypted package' : "Erase a person's records, except what legal holds and minimum retention keep"}. Compliance approves in their channel; someone other than you must approve.`,
        },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.subject,
        label: plain('Subject'),
        hint: plain('An email address, an end-user id, or a Slack user id (U…).'),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 254, ...(retry ? { initial_value: retry.subjectText } : {}) },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.regime,
        label: plain('Regime (sets the legal deadline)'),
        element: { type: 'static_select', action_id: 'value', options: regimeOptions, ...(regimeOptions.some((o) => o.value === regime) ? { initial_option: regimeOptions.find((o) => o.value === regime) } : {}) },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.method,
        label: plain('How the identity was verified'),
        element: { type: 'static_select', action_id: 'value', options: methodOptions, ...(retry ? { initial_option: methodOptions.find((o) => o.value === retry.method) } : {}) },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.verifier,
        label: plain('Verified by'),
        element: { type: 'users_select', action_id: 'value', initial_user: retry?.verifierSlackId ?? requesterSlackId },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.note,
        optional: true,
        label: plain('Verification note'),
        element: { type: 'plain_text_input', action_id: 'value', max_length: 500, placeholder: plain('e.g. passport checked on a video call, ticket 4411'), ...(retry?.note ? { initial_value: retry.note } : {}) },
      },
      {
        type: 'input',
        block_id: DSAR_REQUEST_BLOCKS.reason,
        label: plain('Reason'),
        element: { type: 'plain_text_input', action_id: 'value', multiline: true, max_length: 500, ...(retry ? { initial_value: retry.reason } : {}) },
      },
    ],
  };
}
