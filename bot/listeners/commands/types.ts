import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { BotDeps } from '../../deps';

export type CommandArgs = SlackCommandMiddlewareArgs & AllMiddlewareArgs;
/** What the handler wants in the ack: an ephemeral reply, or nothing (a modal opened instead). */
export type CommandReply = { text: string; blocks?: unknown[] } | undefined;

/** Handlers never ack themselves: the dispatcher acks exactly once with what they return. */
export type CommandHandler<C> = (args: CommandArgs, command: C, deps: BotDeps) => Promise<CommandReply>;
