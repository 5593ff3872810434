import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** The Temporal CLI version the project pins; later tags cannot be `go install`ed (they carry a replace directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

/** TEMPORAL_CLI_PATH, else the per-user cache that scripts/ensure-temporal-cli.sh fills, else null. */
export function temporalCliPath(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TEMPORAL_CLI_PATH) return env.TEMPORAL_CLI_PATH;
  const cached = join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'warden', `temporal-${TEMPORAL_CLI_VERSION}`, 'temporal');
  return existsSync(cached) ? cached : null;
}
