import { escapeMrkdwn } from '../../lib/contracts';
import type { BreakGlassRepository } from '../../lib/db';
import { ERROR_CODES, WardenError } from '../../lib/errors';

/**
 * Break-glass stops what would put a key (or a grant) into use while it is on. The check lives in the
 * activity, the authority, so a workflow started any way at all honours it. `what` completes the sentence
 * "… is stopped": "adding or rotating OpenAI production keys".
 */
export async function refuseUnderBreakGlass(d: { breakGlass: Pick<BreakGlassRepository, 'isBlocked'> }, scope: string, what: string): Promise<void> {
  const flag = await d.breakGlass.isBlocked(scope);
  if (!flag) return;
  throw new WardenError(
    ERROR_CODES.breakGlassActive,
    `Break-glass is on for \`${flag.scope}\` (${escapeMrkdwn(flag.reason)}): ${what} is stopped until an admin lifts it with \`/warden breakglass off ${flag.scope}\`.`,
    { scope: flag.scope },
  );
}
