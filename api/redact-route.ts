import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { REDACTION_TYPES, redactText, type RedactionType } from '../lib/data-rights';
import type { AuditLog } from '../lib/db';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { sendError, sendJson } from './http-errors';
import { readJsonBody } from './read-json-body';
import type { ApiKeyAuth } from './api-key-auth';

const body = z.strictObject({
  text: z.string({ error: 'text is required and must be a string' }),
  /** Narrows the organisation's policy for this call; it can never turn on a detector the policy has off. */
  detectors: z.array(z.enum(REDACTION_TYPES, { error: `detectors must be some of ${REDACTION_TYPES.join(', ')}` })).optional(),
  /** Whose policy applies (WARDEN_REDACT_POLICY); the default policy when absent or unknown. */
  org: z.string().max(64).optional(),
});

/**
 * POST /v1/redact with `Authorization: Bearer <API key scoped to redaction>` and `{"text": "...", "org": "T012"}`: the text
 * with personal data and secrets replaced by typed placeholders, and counts per type. The audit log gets
 * the counts and the size, never the text.
 */
export function createRedactRoute(d: {
  authorize: ApiKeyAuth;
  maxBodyBytes: number;
  /** Detectors on per organisation; '*' is everyone else's. */
  policy: Readonly<Record<string, readonly RedactionType[]>>;
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
}) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID();
    try {
      const caller = await d.authorize(req, url, { action: 'redaction.performed', target: null, need: { action: 'redaction' } });
      const parsed = body.safeParse(await readJsonBody(req, d.maxBodyBytes).catch((err: unknown) => {
        // The rest of an oversized body is not read: the connection closes after the answer.
        if (err instanceof WardenError && err.code === ERROR_CODES.payloadTooLarge) res.setHeader('Connection', 'close');
        throw err;
      }));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, parsed.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; '));
      const allowed = d.policy[parsed.data.org ?? '*'] ?? d.policy['*'] ?? REDACTION_TYPES;
      const detectors = parsed.data.detectors ? allowed.filter((t) => parsed.data.detectors!.includes(t)) : allowed;
      const result = redactText(parsed.data.text, { detectors });
      await d.audit.append({
        idempotencyKey: `redaction:${reference}`,
        actor: caller.actor,
        action: 'redaction.performed',
        target: parsed.data.org ?? null,
        outcome: 'succeeded',
        details: { counts: result.counts, characters: parsed.data.text.length, detectors },
      });
      sendJson(res, 200, { text: result.text, counts: result.counts, detectors });
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Redaction failed', { reference, err });
      sendError(res, err, reference.slice(0, 8));
    }
  };
}
