import { App } from '@slack/bolt';
import type { SlackConfig } from '../lib/config';
import { boltLogger } from './bolt-logger';
import type { BotDeps } from './deps';
import { registerListeners } from './listeners';
import { SignedHttpReceiver } from './receiver/signed-http-receiver';

export interface WardenBot {
  app: App;
  start(): Promise<{ port?: number }>;
  stop(): Promise<void>;
}

/** The Slack process: HTTP receiver in production, Socket Mode in development, same listeners. */
export function createWardenBot(slack: SlackConfig, deps: BotDeps): WardenBot {
  const logger = boltLogger(deps.logger.child({ component: 'slack' }));
  const clientOptions = { slackApiUrl: slack.apiUrl };
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
      },
    };
  }
  const receiver = new SignedHttpReceiver({ signingSecret: slack.signingSecret, port: slack.port, logger: deps.logger.child({ component: 'slack-receiver' }) });
  const app = register(new App({ token: slack.botToken, receiver, logger, clientOptions }));
  return {
    app,
    start: async () => ({ port: (await receiver.start()).port }),
    stop: () => receiver.stop(),
  };
}
