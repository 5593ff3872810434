import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AuditLog, ReviewRepository } from '../lib/db';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { sendError } from './http-errors';
import type { ApiKeyAuth } from './api-key-auth';

const query = z.object({
  review: z.string().min(1, 'review is required').max(200),
  format: z.enum(['csv', 'json'], { error: 'format must be csv or json' }).default('csv'),
});

/**
 * GET /v1/reviews/evidence?review=<id>&format=csv|json with `Authorization: Bearer <API key>` scoped to evidence_download:
 * a closed review's evidence exactly as audited (the sha256 header matches the review.closed event).
 */
export function createReviewEvidenceRoute(d: {
  reviews: Pick<ReviewRepository, 'evidence'>;
  authorize: ApiKeyAuth;
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
}) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    const reference = randomUUID().slice(0, 8);
    try {
      // Evidence is compliance data: a refused download is audited like a refused key resolution.
      const caller = await d.authorize(req, url, {
        action: 'review.evidence_downloaded',
        target: (url.searchParams.get('review') ?? '?').slice(0, 200),
        need: { action: 'evidence_download' },
      });
      const parsed = query.safeParse(Object.fromEntries(url.searchParams));
      if (!parsed.success) throw new WardenError(ERROR_CODES.invalidInput, parsed.error.issues.map((i) => i.message).join('; '));
      const evidence = await d.reviews.evidence(parsed.data.review);
      if (!evidence) throw new WardenError(ERROR_CODES.reviewNotFound, `There is no review ${parsed.data.review}.`);
      if (evidence.status !== 'closed' || !evidence.evidenceCsv || !evidence.evidenceJson) {
        throw new WardenError(ERROR_CODES.reviewNotFound, `Review ${parsed.data.review} is still open; its evidence exists once it closes.`);
      }
      const body = parsed.data.format === 'csv' ? evidence.evidenceCsv : evidence.evidenceJson;
      await d.audit.append({
        idempotencyKey: `review-evidence:${randomUUID()}`,
        actor: caller.actor,
        action: 'review.evidence_downloaded',
        target: parsed.data.review,
        outcome: 'succeeded',
        details: { format: parsed.data.format },
      });
      res.writeHead(200, {
        'Content-Type': parsed.data.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="review-evidence.${parsed.data.format}"`,
        'Cache-Control': 'no-store',
        'X-Warden-Sha256': createHash('sha256').update(body, 'utf8').digest('hex'),
        'X-Warden-Audit-Head': evidence.auditHeadHash ?? '',
      });
      res.end(body);
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Evidence download failed', { reference, err });
      sendError(res, err, reference);
    }
  };
}
