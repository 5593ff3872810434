import { proxyActivities } from '@temporalio/workflow';
import type { KeyActivities } from '../activities/keys';
import type { SlackActivities } from '../activities/slack';
import { ERROR_CODES, type KeyWorkflowSettings } from '../lib/contracts';

// Database writes and authorization: quick, and retried a few times for connection blips.
export const governance = proxyActivities<KeyActivities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 6 },
});

// Slack calls: short timeouts and several attempts; Slack's own refusals are non-retryable (see slack-poster).
export const slack = proxyActivities<SlackActivities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 6 },
});

/**
 * Provider checks: outages and rate limits retry with backoff until the deadline; a rejected key,
 * an exhausted quota or a refused account fail at once (the activity marks those non-retryable,
 * and they are listed here as well so the rule holds even for a plain error of those types).
 */
export function providerChecks(settings: KeyWorkflowSettings) {
  return proxyActivities<KeyActivities>({
    startToCloseTimeout: '60s',
    scheduleToCloseTimeout: settings.providerRetry.deadlineMs,
    retry: {
      initialInterval: settings.providerRetry.initialMs,
      maximumInterval: settings.providerRetry.maxMs,
      backoffCoefficient: 2,
      nonRetryableErrorTypes: [
        ERROR_CODES.keyInvalid,
        ERROR_CODES.keyQuotaExhausted,
        ERROR_CODES.providerPermission,
        ERROR_CODES.providerConfiguration,
        ERROR_CODES.keyNotFound,
        ERROR_CODES.sealedSecretMissing,
        ERROR_CODES.sealedSecretUnreadable,
      ],
    },
  });
}
