import { z } from 'zod';
import { ROLES, type Role } from '../contracts/roles';
import { parseDuration } from './duration';
import { duration } from './env-types';

// Data-subject request variables, kept apart so env-schema.ts only spreads them in.

export const dsarEnvSchema = {
  /** Roles allowed to make, approve and hold data-subject requests: "admin,compliance". */
  WARDEN_DSAR_ROLES: z
    .string()
    .default('admin,compliance')
    .transform((value, ctx) => {
      const roles = value.split(',').map((r) => r.trim()).filter(Boolean);
      for (const r of roles) if (!(ROLES as readonly string[]).includes(r)) ctx.addIssue({ code: 'custom', message: `"${r}" is not a role (${ROLES.join(', ')})` });
      if (roles.length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one role' });
      return roles as Role[];
    }),
  /** Where DSAR approval threads open; falls back to WARDEN_COMPLIANCE_CHANNEL, then WARDEN_ADMIN_CHANNEL. */
  WARDEN_DSAR_CHANNEL: z.string().optional(),
  /** Legal deadline per regime: "gdpr:30d,ccpa:45d". */
  WARDEN_DSAR_REGIMES: z
    .string()
    .default('gdpr:30d,ccpa:45d')
    .transform((value, ctx) => {
      const out: Record<string, number> = {};
      for (const entry of value.split(',').map((e) => e.trim()).filter(Boolean)) {
        const [name, raw] = entry.split(':').map((p) => p.trim());
        try {
          if (!name || !/^[a-z][a-z0-9_-]*$/.test(name) || !raw) throw new Error('must be <regime>:<duration>, e.g. gdpr:30d');
          out[name] = parseDuration(raw);
        } catch (err) {
          ctx.addIssue({ code: 'custom', message: `"${entry}": ${(err as Error).message}` });
        }
      }
      return out;
    }),
  /** After the escalation, how often an unanswered request is raised again in its thread. */
  WARDEN_DSAR_OVERDUE_EVERY: duration('1d'),
  /** The regime a request falls under when the command names none. */
  WARDEN_DSAR_DEFAULT_REGIME: z.string().default('gdpr'),
  /** Distinct approvals a data-subject request needs (the requester never counts). */
  WARDEN_DSAR_APPROVALS: z.coerce.number().int().min(1).max(5).default(1),
  /** How long a download link for an export package stays valid (it also works only once). */
  WARDEN_DSAR_LINK_TTL: duration('72h'),
  /** Warden's HTTP server as people's browsers reach it: download links start with it. */
  WARDEN_PUBLIC_URL: z.url().default('http://localhost:8080'),
};

type DsarEnv = z.output<z.ZodObject<typeof dsarEnvSchema>>;

export interface DsarConfig {
  roles: Role[];
  channel?: string;
  regimes: Record<string, number>;
  overdueEveryMs: number;
  defaultRegime: string;
  requiredApprovals: number;
  linkTtlMs: number;
  publicUrl: string;
}

export function dsarConfig(e: DsarEnv): DsarConfig {
  return {
    roles: e.WARDEN_DSAR_ROLES,
    channel: e.WARDEN_DSAR_CHANNEL?.trim() || undefined,
    regimes: e.WARDEN_DSAR_REGIMES,
    overdueEveryMs: e.WARDEN_DSAR_OVERDUE_EVERY,
    defaultRegime: e.WARDEN_DSAR_DEFAULT_REGIME,
    requiredApprovals: e.WARDEN_DSAR_APPROVALS,
    linkTtlMs: e.WARDEN_DSAR_LINK_TTL,
    publicUrl: e.WARDEN_PUBLIC_URL.replace(/\/$/, ''),
  };
}
