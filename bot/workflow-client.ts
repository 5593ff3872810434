import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowIdReusePolicy,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import type { SignalDefinition, UpdateDefinition, Workflow, WorkflowResultType } from '@temporalio/common';
import { assertedAction, temporalRunUrl, type Signed, type Unsigned } from '../lib/contracts';
import type { ActorAssertions } from '../lib/crypto';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';

export interface WorkflowClientDeps {
  temporal: Client;
  taskQueue: string;
  actorAssertions: Pick<ActorAssertions, 'sign'>;
  temporalUi: { url: string; namespace: string };
  logger: Logger;
}

export interface StartOutcome {
  workflowId: string;
  runUrl: string;
  /** False when this request had already started it (a Slack retry, a double click). */
  started: boolean;
}

type InputOf<W extends Workflow> = Unsigned<Parameters<W>[0]>;

/**
 * The bot's one way into Temporal. Every start, signal and update goes through here, and each carries an
 * actor assertion: proof, signed with a key only Warden holds, that this Slack user asked for exactly this
 * action on exactly this workflow with exactly these arguments, just now. Listeners never see Temporal's
 * already-started error: a start is idempotent on its request-derived id.
 */
export function createWorkflowClient(d: WorkflowClientDeps) {
  const runUrl = (workflowId: string) => temporalRunUrl(d.temporalUi.url, d.temporalUi.namespace, workflowId);

  async function sign<T extends object>(actor: string, action: string, workflowId: string, args: T): Promise<Signed<T>> {
    return { ...args, assertion: await d.actorAssertions.sign({ actor, action, workflowId, args }) };
  }

  return {
    runUrl,

    /** Starts `workflowType` once per workflow id; a repeat of the same request answers `started: false`. */
    async startOnce<W extends Workflow>(workflowType: string, p: { workflowId: string; actor: string; input: InputOf<W> }): Promise<StartOutcome> {
      const args = await sign(p.actor, assertedAction.start(workflowType), p.workflowId, p.input as object);
      try {
        await d.temporal.workflow.start(workflowType, {
          workflowId: p.workflowId,
          taskQueue: d.taskQueue,
          args: [args],
          workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
        });
        return { workflowId: p.workflowId, runUrl: runUrl(p.workflowId), started: true };
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        d.logger.info('Workflow already started for this request; not starting it again', { workflowId: p.workflowId, workflowType });
        return { workflowId: p.workflowId, runUrl: runUrl(p.workflowId), started: false };
      }
    },

    async signal<T extends object>(workflowId: string, signal: SignalDefinition<[Signed<T>]>, actor: string, args: T): Promise<void> {
      const signed = await sign(actor, assertedAction.signal(signal.name), workflowId, args);
      try {
        await d.temporal.workflow.getHandle(workflowId).signal(signal, signed);
      } catch (err) {
        throw closedOr(err, workflowId);
      }
    },

    /** Sends an update and waits for the workflow's answer (whether the click counted, and why not). */
    async update<R, T extends object>(workflowId: string, update: UpdateDefinition<R, [Signed<T>]>, actor: string, args: T): Promise<R> {
      const signed = await sign(actor, assertedAction.update(update.name), workflowId, args);
      try {
        return await d.temporal.workflow.getHandle(workflowId).executeUpdate(update, { args: [signed] });
      } catch (err) {
        if (err instanceof WorkflowUpdateFailedError) {
          throw new WardenError(ERROR_CODES.workflowClosed, innermostMessage(err) ?? 'The workflow did not accept this; nothing changed.');
        }
        throw closedOr(err, workflowId);
      }
    },

    /** The result of a workflow this bot started (for short ones whose answer the person waits for). */
    async result<W extends Workflow>(workflowId: string): Promise<WorkflowResultType<W>> {
      return d.temporal.workflow.getHandle<W>(workflowId).result();
    },
  };
}

export type WorkflowClient = ReturnType<typeof createWorkflowClient>;

function closedOr(err: unknown, workflowId: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new WardenError(ERROR_CODES.workflowClosed, 'This has already finished, so there is nothing left to act on.', { workflowId });
  }
  return err;
}

function innermostMessage(err: unknown): string | undefined {
  let current: unknown = err;
  let message: string | undefined;
  while (current instanceof Error) {
    message = current.message || message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
