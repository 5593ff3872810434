import { randomUUID } from 'node:crypto';
import { DOWNLOAD_PATH_PREFIX, newDownloadToken } from '../../lib/dsar/download-token';
import { ERROR_CODES, WardenError } from '../../lib/errors';
import { auditStepKey } from '../audit/audit-step';
import type { ActivityDeps } from '../deps';
import type { DsarServices } from './dsar-services';
import { subjectTarget } from './subject';

type Deps = Pick<ActivityDeps, 'audit' | 'slack' | 'clock'> & { dsar: DsarServices };

export function createDownloadLinkActivity(d: Deps) {
  return {
    /**
     * Makes a single-use, time-limited link to the package and sends it to the requester by DM (exactly once,
     * through the Slack post ledger). The token exists only in this activity and that DM: it never enters
     * workflow history, and the database keeps only its hash. A retry after a crash may mint a second token,
     * but the DM that was sent is the one found again, so one working link reaches the requester.
     */
    async offerDsarDownload(input: { requestId: string; packageId: string }): Promise<{ expiresAt: string }> {
      const pkg = await d.dsar.packages.getById(input.packageId);
      if (!pkg || pkg.requestId !== input.requestId) throw new WardenError(ERROR_CODES.invalidInput, 'The export package is not complete, so there is nothing to offer.');
      // Who gets the link comes from the request row the asserted start wrote, and only once it was approved:
      // never from this activity's input.
      const request = await d.dsar.requests.get(input.requestId);
      if (!request || (request.status !== 'approved' && request.status !== 'fulfilled')) {
        throw new WardenError(ERROR_CODES.invalidInput, 'The request is not approved, so its package is not offered.');
      }
      const { token, tokenHash } = newDownloadToken();
      const expiresAt = new Date(d.clock().getTime() + d.dsar.linkTtlMs);
      const linkId = randomUUID();
      await d.dsar.packages.createLink({ id: linkId, packageId: pkg.id, tokenHash, expiresAt });
      const url = `${d.dsar.publicUrl}${DOWNLOAD_PATH_PREFIX}${token}`;
      const until = `${expiresAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
      await d.slack.sendDirectMessage({
        user: request.requesterSlackId,
        text:
          `:package: The export for data-subject request ${request.subjectLabel} is ready: <${url}|download the package> ` +
          `(works once, until ${until}). It is a tar archive: one JSON Lines file per record type, summary.csv and manifest.json with SHA-256 of each file.`,
      });
      await d.audit.append({
        ...auditStepKey(),
        actor: 'warden',
        action: 'dsar.export.link_sent',
        target: subjectTarget(request.subjectPseudonym),
        outcome: 'succeeded',
        requestId: input.requestId,
        details: { packageId: pkg.id, linkId, expiresAt: expiresAt.toISOString(), to: request.requesterSlackId },
      });
      return { expiresAt: expiresAt.toISOString() };
    },
  };
}
