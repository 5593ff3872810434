import type { App } from '@slack/bolt';
import type { BotDeps } from '../deps';
import { registerActions } from './actions';
import { registerCommands } from './commands';
import { registerShortcuts } from './shortcuts';
import { registerViews } from './views';

export function registerListeners(app: App, deps: BotDeps): void {
  registerCommands(app, deps);
  registerViews(app, deps);
  registerActions(app, deps);
  registerShortcuts(app, deps);
}
