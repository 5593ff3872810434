import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
/** What the handler answers: an ephemeral reply, or nothing (a modal opened instead). */
export type CommandReply = { text: string; blocks?: unknown[] } | undefined;

/** Handlers never ack: the dispatcher acks at once, then sends what they return through response_url. */
export type CommandHandler<C> = (args: CommandArgs, command: C, deps: BotDeps) => Promise<CommandReply>;
