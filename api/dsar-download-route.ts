import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ChunkSealer } from '../lib/crypto';
import type { AuditLog, DsarPackageRepository, DsarRequestRepository } from '../lib/db';
import { DOWNLOAD_PATH_PREFIX, hashDownloadToken } from '../lib/dsar/download-token';
import type { Logger } from '../lib/log';
import { sendJson } from './http-errors';
import type { FallbackHandler } from './server';

export interface DsarDownloadDeps {
  packages: DsarPackageRepository;
  requests: Pick<DsarRequestRepository, 'get'>;
  chunks: ChunkSealer;
  audit: Pick<AuditLog, 'append'>;
  logger: Logger;
  clock?: () => Date;
}

// 32 random bytes, base64url: anything else is not a link Warden made.
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

const GONE: Record<'used' | 'expired', string> = {
  used: 'This download link has already been used: links work once. Ask the compliance team to run the export again for a new link.',
  expired: 'This download link has expired. Ask the compliance team to run the export again for a new link.',
};

/**
 * `GET /v1/dsar/downloads/<token>`: the export package behind a single-use, time-limited link, decrypted chunk
 * by chunk as it is sent (never whole in memory). The token is claimed in one conditional UPDATE before any
 * byte is sent, so two racing requests cannot both download. Every answer is `Cache-Control: no-store`, and
 * every attempt, served or refused, is audited under the subject's pseudonym.
 */
export function createDsarDownloadHandler(d: DsarDownloadDeps): FallbackHandler {
  const now = d.clock ?? (() => new Date());
  return async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://warden.internal').pathname;
    if (!path.startsWith(DOWNLOAD_PATH_PREFIX)) return false;
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'method_not_allowed', message: 'Download links answer GET only.' });
      return true;
    }
    const token = path.slice(DOWNLOAD_PATH_PREFIX.length);
    const tokenHash = hashDownloadToken(token);
    const claim = TOKEN.test(token) ? await d.packages.claimLink(tokenHash, now()) : ({ ok: false, why: 'unknown' } as const);
    if (!claim.ok) {
      await d.audit.append({
        idempotencyKey: `dsar-download:${randomUUID()}`,
        actor: 'anonymous',
        action: 'dsar.export.download',
        target: `link:${tokenHash.slice(0, 16)}`,
        outcome: 'denied',
        details: { reason: claim.why },
      });
      if (claim.why === 'unknown') sendJson(res, 404, { error: 'not_found', message: 'There is no download at this address.' });
      else sendJson(res, 410, { error: `link_${claim.why}`, message: GONE[claim.why] });
      return true;
    }
    const pkg = (await d.packages.getById(claim.packageId))!;
    const request = await d.requests.get(pkg.requestId);
    await d.audit.append({
      idempotencyKey: `dsar-download:${tokenHash}`,
      actor: 'download-link',
      action: 'dsar.export.downloaded',
      target: `subject:${request?.subjectPseudonym ?? 'unknown'}`,
      outcome: 'succeeded',
      requestId: pkg.requestId,
      details: { packageId: pkg.id, bytes: pkg.byteCount },
    });
    const reader = await d.chunks.open({ wrappedKey: pkg.wrappedKey, kekId: pkg.kekId, kekVersion: pkg.kekVersion }, pkg.id);
    try {
      res.writeHead(200, {
        'Content-Type': 'application/x-tar',
        'Content-Length': String(pkg.byteCount),
        'Content-Disposition': `attachment; filename="dsar-export-${pkg.requestId.replace(/[^A-Za-z0-9_-]/g, '_')}.tar"`,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      let expected = 0;
      for await (const chunk of d.packages.chunks(pkg.chunkSet)) {
        // A missing or out-of-place chunk would send a damaged package: stop instead.
        if (chunk.seq !== expected) throw new Error(`package ${pkg.id} is missing chunk ${expected}`);
        if (!res.write(reader.open(chunk.seq, chunk))) await once(res, 'drain');
        expected += 1;
      }
      if (expected !== pkg.chunkCount) throw new Error(`package ${pkg.id} has ${expected} of ${pkg.chunkCount} chunks`);
      res.end();
    } catch (err) {
      d.logger.error('A DSAR package download failed part-way', { packageId: pkg.id, err });
      res.destroy();
    } finally {
      reader.dispose();
    }
    return true;
  };
}
