import { createHmac, timingSafeEqual } from 'node:crypto';
import { SlackRequestVerificationError } from './errors';

export { SlackRequestVerificationError, type SlackVerificationFailure } from './errors';

export interface VerifySlackRequestInput {
  signingSecret: string;
  /** The body exactly as received, before any form or JSON parsing. */
  rawBody: string;
  timestampHeader: string | undefined;
  signatureHeader: string | undefined;
  /** Injected clock, so the staleness rule can be tested without waiting or mocking Date. */
  nowMs: number;
  maxSkewSeconds?: number;
}

// Slack: "If the time difference is more than five minutes, the request could be a replay attack."
// https://api.slack.com/authentication/verifying-requests-from-slack
const DEFAULT_MAX_SKEW_SECONDS = 300;
// Slack: "the version number right now is always v0".
const SIGNATURE_VERSION = 'v0';

/**
 * Proves a request came from Slack, or throws SlackRequestVerificationError with the rule it broke.
 * Pure: no I/O, no clock of its own, so the receiver and tests share one implementation.
 */
export function verifySlackRequest(input: VerifySlackRequestInput): void {
  const { signingSecret, rawBody, timestampHeader, signatureHeader, nowMs } = input;
  const maxSkewSeconds = input.maxSkewSeconds ?? DEFAULT_MAX_SKEW_SECONDS;
  // An empty secret would make every HMAC forgeable; that is a deployment bug, not a bad request.
  if (!signingSecret) throw new Error('verifySlackRequest: signingSecret is empty');

  // Rule 1: Slack signs every request with X-Slack-Request-Timestamp and X-Slack-Signature; without
  // both there is nothing to check against.
  if (!timestampHeader || !signatureHeader) {
    throw new SlackRequestVerificationError('missing_headers', 'X-Slack-Request-Timestamp or X-Slack-Signature is missing');
  }

  // Rule 2: the timestamp is Unix seconds as a decimal string, and it is part of the signed basestring,
  // so it must be used exactly as sent (no trimming or float parsing that could admit "1e9").
  if (!/^\d{1,12}$/.test(timestampHeader)) {
    throw new SlackRequestVerificationError('invalid_timestamp', 'X-Slack-Request-Timestamp is not Unix seconds');
  }

  // Rule 3: replay protection. Slack's docs reject a timestamp that differs from local time by more
  // than five minutes in either direction; bolt-js 5 checks only the past, which would let a request
  // signed with a clock far in the future be replayed until that time arrives.
  const skewSeconds = Math.floor(nowMs / 1000) - Number(timestampHeader);
  if (skewSeconds > maxSkewSeconds) {
    throw new SlackRequestVerificationError('stale_timestamp', `request timestamp is more than ${maxSkewSeconds}s old`);
  }
  if (skewSeconds < -maxSkewSeconds) {
    throw new SlackRequestVerificationError('future_timestamp', `request timestamp is more than ${maxSkewSeconds}s in the future`);
  }

  // Rule 4: signature = 'v0=' + hex(HMAC-SHA256(signing secret, 'v0:' + timestamp + ':' + raw body)),
  // compared in constant time so response timing reveals nothing about the expected value.
  const expected = Buffer.from(
    `${SIGNATURE_VERSION}=${createHmac('sha256', signingSecret).update(`${SIGNATURE_VERSION}:${timestampHeader}:${rawBody}`).digest('hex')}`,
  );
  const received = Buffer.from(signatureHeader);
  if (received.length !== expected.length || !timingSafeEqual(received, expected)) {
    throw new SlackRequestVerificationError('bad_signature', 'X-Slack-Signature does not match the request');
  }
}
