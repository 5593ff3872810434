import type { KeyEnvironment, Provider } from '../contracts';

/**
 * Separate keys per environment limit a leak to one environment. A provider whose production and staging
 * keys share a fingerprint uses one key for both: reported as a finding (health summary, /warden keys).
 */
export function sharedKeyFindings(keys: Array<{ provider: Provider; environment: KeyEnvironment; status: string; fingerprint: string }>): string[] {
  const live = keys.filter((k) => k.status === 'active' || k.status === 'retiring');
  const findings = new Set<string>();
  for (const prod of live.filter((k) => k.environment === 'production')) {
    if (live.some((s) => s.environment === 'staging' && s.provider === prod.provider && s.fingerprint === prod.fingerprint)) {
      findings.add(`${prod.provider} uses one key (${prod.fingerprint}) for both production and staging; give each environment its own key.`);
    }
  }
  return [...findings];
}
