import { z } from 'zod';
import { isSlackUserId } from '../contracts/slack-ids';
import { REVIEW_MISSED_POLICIES, type ReviewMissedPolicy } from '../contracts/review-workflows';
import { ROLES, type Role } from '../contracts/roles';
import { duration } from './env-types';

// Access governance variables, kept apart from env-schema.ts so that file only spreads them in.



const userIds = (value: string, ctx: z.RefinementCtx): string[] =>
  value
    .split('|')
    .map((id) => id.trim())
    .filter(Boolean)
    .map((id) => {
      if (!isSlackUserId(id)) ctx.addIssue({ code: 'custom', message: `"${id}" is not a Slack user id (e.g. U012ABCDEF)` });
      return id;
    });

/** "role:value;role:value" → a record per role; names the entry that is wrong. */
function perRole<T>(parseValue: (raw: string, ctx: z.RefinementCtx) => T) {
  return z
    .string()
    .default('')
    .transform((value, ctx) => {
      const out: Partial<Record<Role, T>> = {};
      for (const entry of value.split(';').map((e) => e.trim()).filter(Boolean)) {
        const [role, raw] = entry.split(':').map((p) => p.trim());
        if (!role || !(ROLES as readonly string[]).includes(role) || raw === undefined) {
          ctx.addIssue({ code: 'custom', message: `"${entry}" must be <role>:<value> with role one of ${ROLES.join(', ')}` });
          continue;
        }
        out[role as Role] = parseValue(raw, ctx);
      }
      return out;
    });
}

export const accessEnvSchema = {
  /** Where approval messages are posted; falls back to WARDEN_ADMIN_CHANNEL. */
  WARDEN_APPROVERS_CHANNEL: z.string().optional(),
  /** Who may approve each role besides admins: "builder:U1|U2;analyst:U3". */
  WARDEN_ROLE_APPROVERS: perRole(userIds),
  /** Approvals needed per role (default 1): "admin:2". */
  WARDEN_ROLE_APPROVALS: perRole((raw, ctx) => {
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 1 || n > 5) ctx.addIssue({ code: 'custom', message: `"${raw}" must be a whole number of approvals from 1 to 5` });
    return n;
  }),
  WARDEN_ACCESS_REMINDER_AFTER: duration('4h'),
  WARDEN_ACCESS_ESCALATE_AFTER: duration('24h'),
  WARDEN_ACCESS_EXPIRE_AFTER: duration('72h'),
  /** The second approver group, allowed to decide once a request is escalated: "U1|U2". */
  WARDEN_ESCALATION_APPROVERS: z.string().default('').transform(userIds),
  /** How long a break-glass request waits for a second admin before it is cancelled. */
  WARDEN_BREAKGLASS_CONFIRM_WITHIN: duration('15m'),
  /** How often a paused step (a review's revocations, a runbook's test chat) looks again whether break-glass was lifted. */
  WARDEN_BREAKGLASS_RECHECK_EVERY: duration('5m'),
  /** Review open/reminder/summary messages; falls back to WARDEN_ADMIN_CHANNEL. */
  WARDEN_COMPLIANCE_CHANNEL: z.string().optional(),
  /** Quarterly by default: 09:00 on the first day of January, April, July and October. */
  WARDEN_REVIEW_CRON: z.string().default('0 9 1 1,4,7,10 *').refine((v) => v.trim().split(/\s+/).length === 5, 'must be a 5-field cron expression'),
  WARDEN_REVIEW_TIMEZONE: z.string().default('UTC').refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, 'must be an IANA time zone such as Europe/Berlin'),
  WARDEN_REVIEW_DEADLINE: duration('14d'),
  WARDEN_REVIEW_GRACE: duration('3d'),
  WARDEN_REVIEW_REMINDER_EVERY: duration('3d'),
  WARDEN_REVIEW_INACTIVE_AFTER: duration('90d'),
  WARDEN_REVIEW_MISSED_POLICY: z.enum(REVIEW_MISSED_POLICIES).default('revoke-contractors'),
  WARDEN_REVIEW_BATCH_SIZE: z.coerce.number().int().min(10).max(10_000).default(5000),
};

type AccessEnv = z.output<z.ZodObject<typeof accessEnvSchema>>;

export interface AccessConfig {
  approversChannel?: string;
  roleApprovers: Partial<Record<Role, string[]>>;
  requiredApprovals: Partial<Record<Role, number>>;
  reminderAfterMs: number;
  escalateAfterMs: number;
  expireAfterMs: number;
  escalationApprovers: string[];
  breakGlassConfirmWithinMs: number;
  breakGlassRecheckMs: number;
  complianceChannel?: string;
  review: {
    cron: string;
    timeZone: string;
    deadlineMs: number;
    graceMs: number;
    reminderEveryMs: number;
    inactiveAfterMs: number;
    missedPolicy: ReviewMissedPolicy;
    batchSize: number;
  };
}

export function accessConfig(e: AccessEnv): AccessConfig {
  return {
    approversChannel: e.WARDEN_APPROVERS_CHANNEL?.trim() || undefined,
    roleApprovers: e.WARDEN_ROLE_APPROVERS,
    requiredApprovals: e.WARDEN_ROLE_APPROVALS,
    reminderAfterMs: e.WARDEN_ACCESS_REMINDER_AFTER,
    // The request reads as a timeline: reminder, then escalation, then expiry, never out of order.
    escalateAfterMs: Math.max(e.WARDEN_ACCESS_ESCALATE_AFTER, e.WARDEN_ACCESS_REMINDER_AFTER),
    expireAfterMs: Math.max(e.WARDEN_ACCESS_EXPIRE_AFTER, e.WARDEN_ACCESS_ESCALATE_AFTER, e.WARDEN_ACCESS_REMINDER_AFTER),
    escalationApprovers: e.WARDEN_ESCALATION_APPROVERS,
    breakGlassConfirmWithinMs: e.WARDEN_BREAKGLASS_CONFIRM_WITHIN,
    breakGlassRecheckMs: e.WARDEN_BREAKGLASS_RECHECK_EVERY,
    complianceChannel: e.WARDEN_COMPLIANCE_CHANNEL?.trim() || undefined,
    review: {
      cron: e.WARDEN_REVIEW_CRON.trim(),
      timeZone: e.WARDEN_REVIEW_TIMEZONE,
      deadlineMs: e.WARDEN_REVIEW_DEADLINE,
      graceMs: e.WARDEN_REVIEW_GRACE,
      reminderEveryMs: e.WARDEN_REVIEW_REMINDER_EVERY,
      inactiveAfterMs: e.WARDEN_REVIEW_INACTIVE_AFTER,
      missedPolicy: e.WARDEN_REVIEW_MISSED_POLICY,
      batchSize: e.WARDEN_REVIEW_BATCH_SIZE,
    },
  };
}
