import { QUOTA_FEATURE_LABELS, QUOTA_UNITS, quotaPeriod } from '../../lib/contracts';
import type { FeatureUsage } from '../../lib/db';

export type GeminiPayer = 'org' | 'hosted' | 'none';

/** Who will pay for Gemini vision and transcription now, in words for the person about to start. */
export function payerLine(payer: GeminiPayer): string {
  switch (payer) {
    case 'org':
      return ":key: The org's own Gemini key is active: vision and transcription use it and count against no hosted quota.";
    case 'hosted':
      return ":information_source: The org has no Gemini key of its own, so vision and transcription use Warden's hosted key and count against the limits above. An admin can add one with `/warden keys add`.";
    case 'none':
      return ':warning: Gemini is BYOK-only and the org has no active key: images get OCR only and audio or video cannot be transcribed until an admin adds one with `/warden keys add`.';
  }
}

/** This month's hosted usage per feature against its limit, and (optionally) who used it. */
export function usageLines(usage: FeatureUsage[], now: Date, opts: { byUser: boolean }): string {
  const lines = usage.map((u) => {
    const held = u.reserved ? ` (${u.reserved} held by running items)` : '';
    const users = opts.byUser && u.byUser.length ? `\n      by ${u.byUser.slice(0, 10).map((b) => `<@${b.slackUserId}> ${b.units}`).join(', ')}` : '';
    return `• ${QUOTA_FEATURE_LABELS[u.feature]}: ${u.used} of ${u.limit} ${QUOTA_UNITS[u.feature]} used${held}${users}`;
  });
  return `*Hosted Gemini usage in ${quotaPeriod(now)} (UTC)*\n${lines.join('\n')}`;
}
