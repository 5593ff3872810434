import { ApplicationFailure } from '@temporalio/common';
import { toActivityFailure, withActivityFailures } from '../../../activities/activity-failure';
import { ERROR_CODES, WardenError } from '../../../lib/errors';

test('a rejected key becomes a non-retryable failure typed by its code', () => {
  const failure = toActivityFailure(new WardenError(ERROR_CODES.keyInvalid, 'OpenAI rejected the key')) as ApplicationFailure;
  expect(failure).toBeInstanceOf(ApplicationFailure);
  expect(failure).toMatchObject({ type: 'warden_key_invalid', nonRetryable: true, message: 'OpenAI rejected the key' });
});

test('an outage stays retryable and a rate limit carries the provider wait as the next retry delay', () => {
  expect(toActivityFailure(new WardenError(ERROR_CODES.providerOutage, 'down'))).toMatchObject({ nonRetryable: false, type: 'warden_provider_outage' });
  expect(toActivityFailure(new WardenError(ERROR_CODES.providerRateLimited, 'slow down', { retryAfterSeconds: 26 }))).toMatchObject({
    nonRetryable: false,
    nextRetryDelay: '26s',
  });
});

test('a Slack refusal is permanent unless marked retryable (rate limits)', () => {
  expect(toActivityFailure(new WardenError(ERROR_CODES.slackApi, 'channel_not_found', { retryable: false }))).toMatchObject({ nonRetryable: true });
  expect(toActivityFailure(new WardenError(ERROR_CODES.slackApi, 'ratelimited', { retryable: true, retryAfterSeconds: 3 }))).toMatchObject({
    nonRetryable: false,
    nextRetryDelay: '3s',
  });
});

test('unexpected errors pass through untouched, so Temporal retries them', async () => {
  const boom = new TypeError('socket hang up');
  const wrapped = withActivityFailures({ run: async () => Promise.reject(boom) });
  await expect(wrapped.run()).rejects.toBe(boom);
});
