import type { RotationSweepInput, Signed } from '../../lib/contracts';
import { startProof } from '../actor-proof';
import { oncall } from '../activity-options';

/**
 * The daily rotation check: keys at 80% of their maximum age remind their owning team once; keys past it
 * remind admins once a day until rotated. Reminders are deduplicated by the activity.
 */
export async function keyRotationSweep(input: Signed<RotationSweepInput>): Promise<{ reminded: number }> {
  let reminded = 0;
  for (const due of await oncall.listRotationDue({ proof: startProof(input) })) {
    if (await oncall.sendRotationReminder({ channel: input.settings.adminChannel, due })) reminded += 1;
  }
  return { reminded };
}
