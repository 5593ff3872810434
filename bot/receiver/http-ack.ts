import type { ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { ReceiverMultipleAckError, type AckFn } from '@slack/bolt';
import type { ReceiverLogger } from './receiver-logger';

export interface HttpAck {
  /** Handed to Bolt as ReceiverEvent.ack; writes the HTTP answer on the first call. */
  ack: AckFn<unknown>;
  /** processEvent threw: answer 500 if nobody has answered yet. */
  fail(error: unknown): void;
}

/**
 * One HTTP answer per Slack request. Slack shows the person an error unless the 200 arrives within
 * 3 s (slash commands, interactivity) and retries Events that miss it, so an unanswered request is
 * closed at the deadline — 404, as bolt-js's HTTPReceiver does — and logged.
 *
 * Whatever ack() is given becomes the response body: that is the only way view_submission's
 * `response_action` (errors, update, push, clear) or a command's immediate reply reaches Slack.
 */
export function createHttpAck(opts: {
  res: ServerResponse;
  timeoutMs: number;
  /** performance.now() when the request reached the server: time spent queued and reading counts too. */
  arrivedAt?: number;
  logger: ReceiverLogger;
  logContext: Record<string, unknown>;
}): HttpAck {
  const { res, logger, logContext } = opts;
  const arrivedAt = opts.arrivedAt ?? performance.now();
  let acks = 0;
  let answered = false;
  const sinceArrival = () => Math.round(performance.now() - arrivedAt);

  const deadline = setTimeout(
    () => {
      if (answered) return;
      answered = true;
      logger.error('slack request not acknowledged before the deadline; answered 404', { ...logContext, ackTimeoutMs: opts.timeoutMs, sinceArrivalMs: sinceArrival() });
      res.writeHead(404).end();
    },
    Math.max(0, opts.timeoutMs - sinceArrival()),
  );

  return {
    async ack(response?: unknown) {
      acks += 1;
      // Slack reads only one answer; a second ack means a listener thinks it is still in charge of it.
      if (acks > 1) throw new ReceiverMultipleAckError();
      if (answered) {
        logger.warn('ack() called after the deadline; Slack already received 404', logContext);
        return;
      }
      answered = true;
      clearTimeout(deadline);
      writeAckResponse(res, response);
      // Past half of Slack's deadline is a warning sign (a busy event loop, a listener doing work before its ack).
      const took = sinceArrival();
      if (took > opts.timeoutMs / 2) logger.warn('slow ack: more than half of the deadline went before it', { ...logContext, ackMs: took, ackTimeoutMs: opts.timeoutMs });
    },
    fail(error: unknown) {
      const name = error instanceof Error ? error.name : typeof error;
      const message = error instanceof Error ? error.message : String(error);
      if (answered) {
        logger.error('listener failed after the request was answered', { ...logContext, error: name, message });
        return;
      }
      answered = true;
      clearTimeout(deadline);
      logger.error('listener failed before ack(); answered 500', { ...logContext, error: name, message });
      res.writeHead(500).end();
    },
  };
}

// Same mapping as bolt-js: nothing → empty 200, a string → text, anything else → JSON.
function writeAckResponse(res: ServerResponse, response: unknown): void {
  if (response === undefined || response === null || response === '') {
    res.writeHead(200).end();
  } else if (typeof response === 'string') {
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(response);
  } else {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(response));
  }
}
