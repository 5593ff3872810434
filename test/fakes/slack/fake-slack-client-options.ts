import { LogLevel, type Logger, type WebClientOptions } from '@slack/web-api';

/**
 * WebClient options for talking to the fake without stalls or noise: no client-side retries (the
 * default retries 5xx for ~30 min), rate limits rejected at once instead of sleeping Retry-After, and
 * a silent logger (WebClient logs every `[ERROR]` message Slack returns, which the tests provoke).
 * Pass as `new WebClient(token, opts)` or Bolt's `clientOptions`.
 */
export function fakeSlackClientOptions(apiUrl: string): WebClientOptions {
  return { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logger: silentLogger() };
}

export function silentLogger(): Logger {
  let level = LogLevel.ERROR;
  return {
    debug: () => undefined,
    info: () => undefined,
    warn: () => undefined,
    error: () => undefined,
    setLevel: (l) => void (level = l),
    getLevel: () => level,
    setName: () => undefined,
  };
}
