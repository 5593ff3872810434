import { DSAR_ACTIONS, GRANT_ACTIONS } from '../../lib/contracts';
import { RUNBOOK_ACTIONS } from '../../lib/slack/blocks/runbook';
import { parseWardenCommand, type WardenCommand } from './warden-command';

// The requests whose listener may open a modal. Slack voids their trigger id 3 s after it sent them, so they
// must not wait behind other work: under a backlog, a modal opened late fails and the person has to retry.
const MODAL_COMMANDS: ReadonlySet<WardenCommand['kind']> = new Set(['keys.add', 'keys.rotate', 'access.modal', 'ingest.modal', 'apikeys.create', 'dsar.modal']);
const MODAL_ACTIONS: ReadonlySet<string> = new Set([
  DSAR_ACTIONS.deny, // the reason modal
  RUNBOOK_ACTIONS.replace, // the key modal, from an incident
]);

/** Whether a Slack request's listener may open a modal (see the receiver's `opensModal`). */
export function opensModal(body: Record<string, unknown>): boolean {
  if (typeof body.command === 'string') {
    const parsed = parseWardenCommand(typeof body.text === 'string' ? body.text : '');
    return parsed.ok && MODAL_COMMANDS.has(parsed.command.kind);
  }
  if (body.type === 'block_actions' && Array.isArray(body.actions)) {
    return body.actions.some((a: unknown) => typeof a === 'object' && a !== null && actionOpensModal(a as { action_id?: unknown; value?: unknown }));
  }
  return false;
}

function actionOpensModal(a: { action_id?: unknown; value?: unknown }): boolean {
  if (MODAL_ACTIONS.has(String(a.action_id))) return true;
  // Approving an admin grant opens its confirmation; the button says which role (older buttons do not: assume so).
  if (a.action_id !== GRANT_ACTIONS.approve) return false;
  try {
    const role = (JSON.parse(String(a.value)) as { role?: unknown }).role;
    return role === undefined || role === 'admin';
  } catch {
    return false;
  }
}
