import type { KeyEnvironment, Provider } from '../contracts';

/**
 * Separate keys per environment limit a leak to one environment. A provider whose production and staging
 * keys share a fingerprint uses one key for both: reported as a finding (health summary, /warden keys).
 */
export function sharedKeyFindings(keys: Array<{ provider: Provider; environment: KeyEnvironment; status: string; fingerprint: string }>): string[] {
  const live = keys.filter((k) => k.status === 'active' || k.status === 'retiring');
  const findings = new Set<string>();
  // Indexed, not compared pairwise: with 10,000 keys a pairwise scan blocked the event loop for seconds.
  const slot = (k: { provider: Provider; fingerprint: string }) => `${k.provider}\0${k.fingerprint}`;
  const staging = new Set(live.filter((k) => k.environment === 'staging').map(slot));
  for (const prod of live.filter((k) => k.environment === 'production')) {
    if (staging.has(slot(prod))) {
      findings.add(`${prod.provider} uses one key (${prod.fingerprint}) for both production and staging; give each environment its own key.`);
    }
  }
  return [...findings];
}
