import { KEY_ENVIRONMENTS, PROVIDER_LABELS, PROVIDERS, type KeyEnvironment, type Provider } from '../../lib/contracts';
import { KEY_MODAL_BLOCKS, KEY_MODAL_CALLBACK_ID, type KeyModalMetadata } from '../inputs/key-modal-input';

const option = (text: string, value: string) => ({ text: { type: 'plain_text' as const, text }, value });

/** What a re-shown form keeps from the attempt that could not start: everything but the key itself. */
export interface KeyModalRetry {
  baseUrl?: string;
  ownerTeam?: string;
  note?: string;
  /** Why the last submission did not start, shown above the form. */
  problem: string;
}

/** The add/rotate modal. Titles stay under Slack's 24-character limit. */
export function keyModal(meta: KeyModalMetadata, retry?: KeyModalRetry) {
  const providerOptions = PROVIDERS.map((p) => option(PROVIDER_LABELS[p], p));
  const environmentOptions = KEY_ENVIRONMENTS.map((e) => option(e === 'production' ? 'Production' : 'Staging', e));
  const initial = <T extends string>(options: Array<{ value: string }>, value: T | undefined) =>
    value ? { initial_option: options.find((o) => o.value === value) } : {};
  return {
    type: 'modal' as const,
    callback_id: KEY_MODAL_CALLBACK_ID,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text' as const, text: meta.mode === 'rotate' ? 'Rotate provider key' : 'Add provider key' },
    submit: { type: 'plain_text' as const, text: meta.mode === 'rotate' ? 'Rotate' : 'Add key' },
    close: { type: 'plain_text' as const, text: 'Cancel' },
    blocks: [
      ...(retry ? [{ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${retry.problem.slice(0, 2500)}\nEnter the key again and submit: nothing else was lost.` } }] : []),
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: 'The key is encrypted as soon as you submit. Warden checks it with the provider before it becomes active, and only ever shows it masked.',
        },
      },
      selectInput(KEY_MODAL_BLOCKS.provider, 'Provider', providerOptions, initial<Provider>(providerOptions, meta.provider)),
      selectInput(KEY_MODAL_BLOCKS.environment, 'Environment', environmentOptions, initial<KeyEnvironment>(environmentOptions, meta.environment)),
      textInput(KEY_MODAL_BLOCKS.baseUrl, 'Base URL (OpenAI-compatible only)', { optional: true, placeholder: 'https://api.example.com/v1', initial: retry?.baseUrl }),
      textInput(KEY_MODAL_BLOCKS.apiKey, 'API key', { placeholder: 'sk-…' }),
      textInput(KEY_MODAL_BLOCKS.ownerTeam, 'Owning team', { optional: true, placeholder: 'e.g. Platform', initial: retry?.ownerTeam }),
      textInput(KEY_MODAL_BLOCKS.note, 'Note', { optional: true, multiline: true, initial: retry?.note }),
    ],
  };
}

function selectInput(blockId: string, label: string, options: unknown[], initial: object) {
  return {
    type: 'input',
    block_id: blockId,
    label: { type: 'plain_text', text: label },
    element: { type: 'static_select', action_id: 'value', options, ...initial },
  };
}

function textInput(blockId: string, label: string, opts: { optional?: boolean; placeholder?: string; multiline?: boolean; initial?: string }) {
  return {
    type: 'input',
    block_id: blockId,
    optional: opts.optional ?? false,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: opts.multiline ?? false,
      ...(opts.placeholder ? { placeholder: { type: 'plain_text', text: opts.placeholder } } : {}),
      ...(opts.initial ? { initial_value: opts.initial } : {}),
    },
  };
}
