import type { App } from '@slack/bolt';
import type { BotDeps } from '../../deps';
import { createWardenCommand } from './warden-command';

export function registerCommands(app: App, deps: BotDeps): void {
  app.command('/warden', createWardenCommand(deps));
}
