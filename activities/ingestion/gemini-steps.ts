import { Context } from '@temporalio/activity';
import type { ActorProof, HealthVerdict, KeyPayer, QuotaFeature } from '../../lib/contracts';
import { ERROR_CODES, isWardenError, WardenError } from '../../lib/errors';
import { chunkText } from '../../lib/ingestion/chunk-text';
import type { ResolvedKey } from '../../lib/keys/resolve-key';
import { classifyThrownError } from '../../lib/providers';
import { GeminiFileFailedError, type MediaAnswer } from '../../lib/providers/gemini-media';
import type { ActivityDeps } from '../deps';
import { requireItemActor } from './authorize-ingestion';
import type { GeminiStepResult, ItemRejection } from './item-results';
import { meteredCall } from './metered-call';
import { fetchSlackFile, slackFileChunkSource } from './slack-file-source';

type Deps = Pick<
  ActivityDeps,
  'slackFiles' | 'knowledge' | 'geminiMedia' | 'resolveKey' | 'hostedQuotas' | 'actorAssertions' | 'audit' | 'clock' | 'ingestion'
>;

export interface GeminiStepInput {
  proof: ActorProof;
  actorSlackId: string;
  orgId: string;
  ingestionId: string;
  itemKey: string;
  fileId: string;
  maxFileBytes: number;
  /** Media only: read from the file before anything was uploaded, so the minutes are known up front. */
  durationSeconds?: number;
}

/** Thrown inside the metered call so its reservation is released, then turned into the item's result. */
class FileUnavailable extends Error {
  constructor(readonly rejection: ItemRejection) {
    super(rejection.reason);
  }
}

/**
 * Gemini vision for an image and transcription for audio and video, with the org's active Gemini key when there is
 * one (never metered) and else the hosted key under the monthly quota. The key is decrypted here, in the activity
 * that uses it, and goes nowhere else.
 */
export function createGeminiSteps(d: Deps) {
  async function run(input: GeminiStepInput, feature: QuotaFeature, units: number, ask: (key: ResolvedKey, bytes: Buffer, mime: string, name: string) => Promise<MediaAnswer>) {
    await requireItemActor(d, input.proof, input.actorSlackId, input.itemKey);
    let key: ResolvedKey;
    try {
      key = await d.resolveKey({ provider: 'gemini', environment: 'production', caller: 'warden-ingestion' });
    } catch (err) {
      if (isWardenError(err) && err.code !== ERROR_CODES.sealedSecretUnreadable) {
        return { status: 'unavailable', reason: err.message, remedy: 'An admin adds the org\'s Gemini key with `/warden keys add`.' } satisfies GeminiStepResult;
      }
      throw err;
    }
    const signal = Context.current().cancellationSignal;
    let outcome;
    try {
      outcome = await meteredCall(d, key.source, { orgId: input.orgId, feature, units, itemKey: input.itemKey, actorSlackId: input.actorSlackId }, async () => {
        const fetched = await fetchSlackFile(d, input.fileId, input.maxFileBytes, signal);
        if (!fetched.ok) throw new FileUnavailable(fetched);
        return { answer: await ask(key, fetched.bytes, fetched.info.mimetype, fetched.info.name), info: fetched.info };
      });
    } catch (err) {
      if (err instanceof FileUnavailable) return { status: 'unavailable', ...err.rejection } satisfies GeminiStepResult;
      return providerProblem(d, err, key.source);
    }
    if (!outcome.ok) return { status: 'quota_exhausted', feature, limit: outcome.limit, used: outcome.used } satisfies GeminiStepResult;
    const { answer, info } = outcome.value;
    const stored = await d.knowledge.replaceItemChunks(
      slackFileChunkSource(input, info),
      feature === 'image_recognition' ? 'vision' : 'transcription',
      key.source,
      chunkText(answer.text).map((text) => ({ text, page: null })),
    );
    return { status: 'done', payer: key.source, feature, units, chars: stored.chars, chunks: stored.stored } satisfies GeminiStepResult;
  }

  const heartbeat = () => Context.current().heartbeat();
  return {
    async describeImage(input: GeminiStepInput): Promise<GeminiStepResult> {
      return run(input, 'image_recognition', 1, (key, bytes, _mime, name) =>
        d.geminiMedia.describeImage({ apiKey: key.apiKey, bytes, mime: sniffedMime(bytes), displayName: name, signal: Context.current().cancellationSignal, onWait: heartbeat }),
      );
    },
    async transcribeMedia(input: GeminiStepInput & { mime: string }): Promise<GeminiStepResult> {
      // Minutes started, so a 20-second clip counts one minute, as the README says.
      const minutes = Math.max(1, Math.ceil((input.durationSeconds ?? 60) / 60));
      return run(input, 'media_transcription', minutes, (key, bytes, _mime, name) =>
        d.geminiMedia.transcribe({ apiKey: key.apiKey, bytes, mime: input.mime, displayName: name, signal: Context.current().cancellationSignal, onWait: heartbeat }),
      );
    },
  };
}

// Slack's mimetype is a guess from the name; Gemini is told what the bytes are.
function sniffedMime(bytes: Buffer): string {
  if (bytes[0] === 0x89) return 'image/png';
  if (bytes[0] === 0xff) return 'image/jpeg';
  if (bytes.toString('latin1', 0, 3) === 'GIF') return 'image/gif';
  if (bytes.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return 'image/png';
}

const REMEDY: Record<Exclude<HealthVerdict, 'valid' | 'rate_limited' | 'provider_outage'>, Record<KeyPayer, string>> = {
  invalid_or_revoked: {
    org: "An admin replaces the org's Gemini key: `/warden keys rotate gemini production`.",
    hosted: "Warden's hosted Gemini key was refused: tell the Warden operators (WARDEN_HOSTED_GEMINI_KEY), or add the org's own key with `/warden keys add`.",
  },
  quota_exhausted: {
    org: "The org's Gemini key is out of quota at Google: raise it in Google AI Studio or wait for the reset.",
    hosted: "Warden's hosted Gemini key is out of quota at Google: try again tomorrow, or add the org's own key with `/warden keys add`.",
  },
  permission_or_billing: {
    org: 'Check billing and API access of the Google project behind the org key.',
    hosted: 'Tell the Warden operators: the hosted Gemini project refused the call (billing or access).',
  },
  configuration_error: {
    org: 'Gemini cannot use this file: convert it (images to PNG or JPEG, audio to MP3, video to MP4) and upload it again.',
    hosted: 'Gemini cannot use this file: convert it (images to PNG or JPEG, audio to MP3, video to MP4) and upload it again.',
  },
};

/** A provider error classified like a key check: transient ones retry (thrown), the rest end this step. */
function providerProblem(d: Pick<ActivityDeps, 'ingestion'>, err: unknown, payer: KeyPayer): GeminiStepResult {
  if (err instanceof GeminiFileFailedError) return { status: 'unavailable', reason: `${err.message}.`, remedy: REMEDY.configuration_error[payer] };
  const verdict = classifyThrownError('gemini', err, { host: d.ingestion.geminiHost, timeoutMs: 0, timedOut: Context.current().cancellationSignal.aborted });
  if (verdict.verdict === 'rate_limited' || verdict.verdict === 'provider_outage' || verdict.verdict === 'valid') {
    throw new WardenError(verdict.verdict === 'rate_limited' ? ERROR_CODES.providerRateLimited : ERROR_CODES.providerOutage, verdict.detail, {
      retryAfterSeconds: verdict.retryAfterSeconds,
    });
  }
  return { status: 'unavailable', reason: verdict.detail, remedy: REMEDY[verdict.verdict][payer] };
}
