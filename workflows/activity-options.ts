import { proxyActivities } from '@temporalio/workflow';
import type { AccessActivities } from '../activities/access';
import type { AgentAndApiKeyActivities } from '../activities/api-keys';
import type { DsarActivities } from '../activities/dsar';
import type { HealthActivities } from '../activities/health';
import type { IngestionActivities } from '../activities/ingestion';
import type { KeyActivities } from '../activities/keys';
import type { ReviewActivities } from '../activities/reviews';
import type { RunbookActivities } from '../activities/runbooks';
import type { SlackActivities } from '../activities/slack';
import type { TrustActivities } from '../activities/trust';
import type { DataRightsActivities } from '../activities/data-rights/retention';
import { PERMANENT_ERROR_CODES, type IngestionSettings, type KeyWorkflowSettings } from '../lib/contracts';

// Database writes and Slack calls fail for seconds at a time (connection blips, rate limits): a few quick retries.
// Their 10 s limit is also how soon a step that a crashed (SIGKILLed) worker was running is tried again.
const QUICK_STEP = '10s';
const QUICK_RETRY = { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 6 } as const;

// Assertions Warden mints for its own child workflows and cross-workflow signals: local work, quick retries.
export const trust = proxyActivities<TrustActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: QUICK_RETRY,
});

// Database writes and authorization: quick, and retried a few times for connection blips.
export const governance = proxyActivities<KeyActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: QUICK_RETRY,
});

// Slack calls: short timeouts and several attempts; Slack's own refusals are non-retryable (see slack-poster).
export const slack = proxyActivities<SlackActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: QUICK_RETRY,
});

// Access governance: grant rows, approvals and audit (database), same policy as key governance.
export const accessGovernance = proxyActivities<AccessActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: QUICK_RETRY,
});

// The approval message: Slack timeouts and attempts.
export const accessSlack = proxyActivities<AccessActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: QUICK_RETRY,
});

// Membership reviews: batch database work (a few thousand rows per call) gets minutes, not seconds.
export const reviewGovernance = proxyActivities<ReviewActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10 },
});

// Reviewer DMs, a page of reviewers per call: long-running, so they heartbeat per reviewer.
export const reviewSlack = proxyActivities<ReviewActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 10 },
});

/**
 * Provider checks: outages and rate limits retry with backoff until the deadline; a rejected key,
 * an exhausted quota or a refused account fail at once (the activity marks those non-retryable,
 * and they are listed here as well so the rule holds even for a plain error of those types).
 */
export function providerChecks(settings: KeyWorkflowSettings) {
  return proxyActivities<KeyActivities>({
    startToCloseTimeout: settings.providerRetry.attemptMs,
    scheduleToCloseTimeout: settings.providerRetry.deadlineMs,
    retry: {
      initialInterval: settings.providerRetry.initialMs,
      maximumInterval: settings.providerRetry.maxMs,
      backoffCoefficient: 2,
      nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES],
    },
  });
}

// On-call steps (incident rows, audit, Slack posts): quick, retried a few times for connection blips.
export const oncall = proxyActivities<RunbookActivities & HealthActivities>({
  startToCloseTimeout: '30s',
  retry: QUICK_RETRY,
});

// One provider call per attempt (a sweep's list-models check, the runbook's test chat). A failing verdict is a
// result the workflow reports, not an error; only a crash or a database blip is retried, a few times.
export const oncallProviderCalls = proxyActivities<RunbookActivities & HealthActivities>({
  startToCloseTimeout: '60s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 3 },
});

// A health-sweep batch: hundreds of keys, paced per provider and slowed by 429s, so it runs long and heartbeats
// per key; a retry repeats the batch (checks are reads, their results are stored again).
export const oncallSweepBatch = proxyActivities<HealthActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '5s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 3 },
});

// Ingestion bookkeeping: authorization, audit and the Slack thread. Quick, retried a few times.
export const ingestion = proxyActivities<IngestionActivities>({
  startToCloseTimeout: '30s',
  retry: QUICK_RETRY,
});

// Fetching a file and getting its text (OCR, PDF pages): minutes for a long PDF, which heartbeats per page.
export const ingestionWork = proxyActivities<IngestionActivities>({
  startToCloseTimeout: '30m',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 4, nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES] },
});

/**
 * Gemini vision and transcription. A refused key, an unusable file or a spent quota come back as the step's
 * result; outages and rate limits throw and are retried with backoff, each attempt metered under the same
 * reservation key so a retry never counts twice.
 */
export function geminiCalls(settings: IngestionSettings) {
  return proxyActivities<IngestionActivities>({
    startToCloseTimeout: settings.mediaCallTimeoutMs + 60_000,
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 6, nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES] },
  });
}

// Data-subject requests: request rows, approvals, audit and Slack messages. Quick, retried a few times.
export const dsar = proxyActivities<DsarActivities>({
  startToCloseTimeout: '30s',
  retry: QUICK_RETRY,
});

// Building an export package: minutes for a subject with many records. It heartbeats per encrypted chunk, so a
// worker that dies mid-package is noticed within the heartbeat timeout and the retry starts a fresh chunk set.
export const dsarExport = proxyActivities<DsarActivities>({
  startToCloseTimeout: '2h',
  heartbeatTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '1m', maximumAttempts: 10, nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES] },
});
// Retention: one long activity that deletes in batches and heartbeats after each; a retry resumes from what is left.
export const retention = proxyActivities<DataRightsActivities>({
  startToCloseTimeout: '2h',
  heartbeatTimeout: '2m',
  retry: { initialInterval: '10s', backoffCoefficient: 2, maximumInterval: '5m', maximumAttempts: 5, nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES] },
});
export const retentionSlack = proxyActivities<DataRightsActivities>({ startToCloseTimeout: QUICK_STEP, retry: QUICK_RETRY });
// Agent registry and scoped API keys (issue 12): database writes and authorization, quick and retried.
export const agentGovernance = proxyActivities<AgentAndApiKeyActivities>({
  startToCloseTimeout: QUICK_STEP,
  retry: { ...QUICK_RETRY, nonRetryableErrorTypes: [...PERMANENT_ERROR_CODES] },
});
