import { App } from '@slack/bolt';
import type { SlackConfig } from '../lib/config';
import { boltLogger } from './bolt-logger';
import type { BotDeps } from './deps';
import { registerListeners } from './listeners';
import { SignedHttpReceiver } from './receiver/signed-http-receiver';
import { createWorkQueue } from './receiver/work-queue';
import { opensModal } from './inputs/opens-modal';

export interface WardenBot {
  app: App;
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** The Slack process: HTTP receiver in production, Socket Mode in development, same listeners. */
export function createWardenBot(slack: SlackConfig, base: Omit<BotDeps, 'afterAck'>): WardenBot {
  const logger = boltLogger(base.logger.child({ component: 'slack' }));
  const clientOptions = { slackApiUrl: slack.apiUrl };
  const workQueue = createWorkQueue({ concurrency: slack.workConcurrency, logger: base.logger.child({ component: 'slack-work' }) });
  const deps: BotDeps = { ...base, afterAck: (what, job) => workQueue.run(what, job) };
  const drain = () => Promise.race([workQueue.idle(), new Promise<void>((r) => setTimeout(r, 10_000).unref())]);
  const register = (app: App) => {
    registerListeners(app, deps);
    app.error(async (error) => {
      deps.logger.error('Slack listener failed', { err: error });
    });
    return app;
  };
  if (slack.mode === 'socket') {
    const app = register(new App({ token: slack.botToken, appToken: slack.appToken, socketMode: true, logger, clientOptions }));
    return {
      app,
      start: async () => {
        await app.start();
        return {};
      },
      stop: async () => {
        await app.stop();
        await drain();
      },
    };
  }
  const receiver = new SignedHttpReceiver({
    signingSecret: slack.signingSecret,
    port: slack.port,
    workQueue,
    opensModal,
    logger: deps.logger.child({ component: 'slack-receiver' }),
  });
  const app = register(new App({ token: slack.botToken, receiver, logger, clientOptions }));
  return {
    app,
    start: async () => ({ port: (await receiver.start()).port }),
    stop: async () => {
      await receiver.stop();
      await drain();
    },
  };
}
