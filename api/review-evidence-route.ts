import { createHash, randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { AuditLog, ReviewRepository } from '../lib/db';
import { ERROR_CODES, WardenError } from '../lib/errors';
import type { Logger } from '../lib/log';
import { sendError } from './http-errors';
import type { ApiKeyAuth } from './api-key-auth';

const CHUNKS_PER_READ = 4;

const query = z.object({
  review: z.string().min(1, 'review is required').max(200),
  format: z.enum(['csv', 'json'], { error: 'format must be csv or json' }).default('csv'),
});

/**
 * GET /v1/reviews/evidence?review=<id>&format=csv|json with `Authorization: Bearer <API key>` scoped to evidence_download:
 * a closed review's evidence exactly as audited (the sha256 header matches the review.closed event).
 */
export function createReviewEvidenceRoute(d: {
  reviews: Pick<ReviewRepository, 'evidence' | 'evidenceHeader' | 'evidenceChunks'>;
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
      const format = parsed.data.format;
      const header = await d.reviews.evidenceHeader(parsed.data.review);
      if (!header) throw new WardenError(ERROR_CODES.reviewNotFound, `There is no review ${parsed.data.review}.`);
      // Reviews closed before the evidence was stored in chunks kept it whole in the review row.
      const legacy = header.status === 'closed' && !header.evidenceCsvSha256 ? await d.reviews.evidence(parsed.data.review) : null;
      const legacyBody = format === 'csv' ? legacy?.evidenceCsv : legacy?.evidenceJson;
      const sha256 = legacyBody ? createHash('sha256').update(legacyBody, 'utf8').digest('hex') : format === 'csv' ? header.evidenceCsvSha256 : header.evidenceSha256;
      if (header.status !== 'closed' || !sha256) {
        throw new WardenError(ERROR_CODES.reviewNotFound, `Review ${parsed.data.review} is still open; its evidence exists once it closes.`);
      }
      await d.audit.append({
        idempotencyKey: `review-evidence:${randomUUID()}`,
        actor: caller.actor,
        action: 'review.evidence_downloaded',
        target: parsed.data.review,
        outcome: 'succeeded',
        details: { format },
      });
      res.writeHead(200, {
        'Content-Type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/json; charset=utf-8',
        'Content-Disposition': `attachment; filename="review-evidence.${format}"`,
        'Cache-Control': 'no-store',
        'X-Warden-Sha256': sha256,
        'X-Warden-Audit-Head': header.auditHeadHash ?? '',
      });
      if (legacyBody) {
        res.end(legacyBody);
        return;
      }
      // Streamed a few chunks at a time, waiting for the client to drain: a 100,000-member report never sits whole in memory.
      for (let after = -1; ; ) {
        const chunks = await d.reviews.evidenceChunks(parsed.data.review, format, after, CHUNKS_PER_READ);
        for (const c of chunks) if (!res.write(c.body)) await once(res, 'drain');
        if (chunks.length < CHUNKS_PER_READ) break;
        after = chunks[chunks.length - 1]!.seq;
      }
      res.end();
    } catch (err) {
      if (!(err instanceof WardenError)) d.logger.error('Evidence download failed', { reference, err });
      // Failing mid-stream: the status is gone already, so cut the response short rather than end it looking whole.
      if (res.headersSent) res.destroy();
      else sendError(res, err, reference);
    }
  };
}
