import { ERROR_CODES, WardenError } from '../errors';
import type { SlackPoster } from './slack-poster';

/** Used while the Slack app is not set up: every call fails with the reason instead of vanishing. */
export function createUnconfiguredSlackPoster(problems: string[]): SlackPoster {
  const refuse = async (): Promise<never> => {
    throw new WardenError(ERROR_CODES.slackApi, `Slack is not configured (${problems.join('; ')}); see README "Slack app".`, { retryable: false });
  };
  return { postMessage: refuse, updateMessage: refuse, postEphemeral: refuse, sendDirectMessage: refuse, updateView: refuse };
}
