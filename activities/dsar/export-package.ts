import { createHash, randomUUID } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { Context } from '@temporalio/activity';
import { tarStream } from '../../lib/dsar/tar-stream';
import type { ActivityDeps } from '../deps';
import { auditStepKey } from '../audit/audit-step';
import type { DsarServices } from './dsar-services';
import { openApprovedSubject, subjectTarget } from './subject';

type Deps = Pick<ActivityDeps, 'audit' | 'sealedSecrets' | 'sealer'> & { dsar: DsarServices };

// Plaintext per encrypted chunk: memory use is about two of these, whatever the package's size.
const CHUNK_BYTES = 1024 * 1024;

export interface PackageSummary {
  packageId: string;
  totalRecords: number;
  files: Array<{ name: string; records: number; bytes: number }>;
  bytes: number;
  /** False when an earlier attempt had completed it: this call built nothing. */
  built: boolean;
}

/** One package per request, whatever happens to the attempts that build it. */
export const packageIdFor = (requestId: string) => `dsar-package:${requestId}`;

export function createExportPackageActivity(d: Deps) {
  return {
    /**
     * Gathers the subject's records (lib/data-rights writeExportFiles), then tars the files and encrypts them
     * chunk by chunk under the package's own data key straight into PostgreSQL. The package row that makes it
     * offerable is one INSERT after the last chunk, so a crash at any point leaves no package, and a retry
     * after a completed attempt builds nothing. Heartbeats per chunk, so a dead worker's attempt is retried soon.
     */
    async exportDsarPackage(input: { requestId: string }): Promise<PackageSummary> {
      const packageId = packageIdFor(input.requestId);
      const done = await d.dsar.packages.findComplete(input.requestId);
      if (done) return { ...describe(packageId, done.manifest, done.byteCount), built: false };

      const subject = await openApprovedSubject(d, input.requestId);
      // Plaintext export files live only while this attempt runs; an attempt killed mid-way (SIGKILL skips
      // `finally`) left its folder behind, so the retry removes it first.
      const prefix = `warden-dsar-${createHash('sha256').update(packageId).digest('hex').slice(0, 16)}-`;
      for (const stale of (await readdir(d.dsar.tempDir)).filter((f) => f.startsWith(prefix))) {
        await rm(path.join(d.dsar.tempDir, stale), { recursive: true, force: true });
      }
      const dir = await mkdtemp(path.join(d.dsar.tempDir, prefix));
      const chunkSet = `${packageId}:${randomUUID()}`;
      const writer = await d.dsar.chunks.begin(packageId);
      try {
        const manifest = await d.dsar.writeExportFiles(subject, dir);
        // The stored copy is for counts; who the subject is stays inside the encrypted package only.
        const { subject: _subject, identifiers: _identifiers, ...counts } = manifest;
        const files = [...manifest.files.map((f) => f.name), 'manifest.json'];
        let seq = 0;
        let bytes = 0;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        const flush = async () => {
          const plain = Buffer.concat(pending, pendingBytes);
          pending = [];
          pendingBytes = 0;
          await d.dsar.packages.putChunk(chunkSet, seq, writer.seal(seq, plain));
          seq += 1;
          heartbeat(seq);
        };
        for await (const piece of tarStream(dir, files)) {
          bytes += piece.length;
          for (let at = 0; at < piece.length; ) {
            const take = Math.min(CHUNK_BYTES - pendingBytes, piece.length - at);
            pending.push(piece.subarray(at, at + take));
            pendingBytes += take;
            at += take;
            if (pendingBytes === CHUNK_BYTES) await flush();
          }
        }
        if (pendingBytes > 0) await flush();
        const stored = await d.dsar.packages.complete({
          id: packageId,
          requestId: input.requestId,
          chunkSet,
          wrappedKey: writer.wrapped.wrappedKey,
          kekId: writer.wrapped.kekId,
          kekVersion: writer.wrapped.kekVersion,
          chunkCount: seq,
          byteCount: bytes,
          manifest: counts,
        });
        await d.dsar.packages.discardOrphans(packageId);
        await d.audit.append({
          ...auditStepKey(),
          actor: 'warden',
          action: 'dsar.export.packaged',
          target: subjectTarget(d.dsar.pseudonym(subject)),
          outcome: 'succeeded',
          requestId: input.requestId,
          details: { packageId, totalRecords: manifest.totalRecords, files: manifest.files.length, bytes },
        });
        return { ...describe(packageId, stored.manifest, stored.byteCount), built: stored.chunkSet === chunkSet };
      } finally {
        writer.dispose();
        await rm(dir, { recursive: true, force: true });
      }
    },
  };
}

function heartbeat(chunks: number): void {
  try {
    Context.current().heartbeat({ chunks });
  } catch {
    // Outside an activity (a benchmark calling the function directly) there is nobody to tell.
  }
}

function describe(packageId: string, manifest: unknown, bytes: number): Omit<PackageSummary, 'built'> {
  const m = manifest as { totalRecords: number; files: Array<{ name: string; records: number; bytes: number }> };
  return { packageId, totalRecords: m.totalRecords, files: m.files.map((f) => ({ name: f.name, records: f.records, bytes: f.bytes })), bytes };
}
