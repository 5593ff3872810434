import { DSAR_ACTIONS, GRANT_ACTIONS } from '../../lib/contracts';
import { RUNBOOK_ACTIONS } from '../../lib/slack/blocks/runbook';
import { parseWardenCommand, type WardenCommand } from './warden-command';

// The requests whose listener may open a modal. Slack voids their trigger id 3 s after it sent them, so they
// must not wait behind other work: under a backlog, a modal opened late fails and the person has to retry.
const MODAL_COMMANDS: ReadonlySet<WardenCommand['kind']> = new Set(['keys.add', 'keys.rotate', 'access.modal', 'ingest.modal', 'apikeys.create', 'dsar.modal']);
const MODAL_ACTIONS: ReadonlySet<string> = new Set([
  DSAR_ACTIONS.deny, // the reason modal
  GRANT_ACTIONS.approve, // the confirmation of an admin grant
  RUNBOOK_ACTIONS.replace, // the key modal, from an incident
]);

/** Whether a Slack request's listener may open a modal (see the receiver's `opensModal`). */
export function opensModal(body: Record<string, unknown>): boolean {
  if (typeof body.command === 'string') {
    const parsed = parseWardenCommand(typeof body.text === 'string' ? body.text : '');
    return parsed.ok && MODAL_COMMANDS.has(parsed.command.kind);
  }
  if (body.type === 'block_actions' && Array.isArray(body.actions)) {
    return body.actions.some((a: unknown) => typeof a === 'object' && a !== null && MODAL_ACTIONS.has(String((a as { action_id?: unknown }).action_id)));
  }
  return false;
}
