import { approvalRefusal, type ApprovalCheck } from '../../../lib/access/approval-rules';
import { breakGlassCovers } from '../../../lib/access/break-glass-scope';
import { looksLikeUtilityAccount } from '../../../lib/access/utility-account';
import { allowedApprovers, requiredApprovals } from '../../../lib/contracts';
import { loadConfig } from '../../../lib/config';

const base: ApprovalCheck = {
  clickerSlackId: 'U0APPROVER',
  clickerIsMember: true,
  clickerIsAdmin: false,
  requesterSlackId: 'U0REQUESTR',
  memberSlackId: 'U0MEMBER01',
  allowedApprovers: ['U0APPROVER'],
};

test('four-eyes: unmapped, requester and the member themself are refused even as admins; others need the role', () => {
  expect(approvalRefusal(base)).toBeNull();
  expect(approvalRefusal({ ...base, clickerIsMember: false, clickerIsAdmin: true })).toContain('Only registered members');
  expect(approvalRefusal({ ...base, clickerSlackId: 'U0REQUESTR', clickerIsAdmin: true, allowedApprovers: ['U0REQUESTR'] })).toContain('someone else');
  expect(approvalRefusal({ ...base, clickerSlackId: 'U0MEMBER01', clickerIsAdmin: true })).toContain('for yourself');
  expect(approvalRefusal({ ...base, allowedApprovers: [] })).toContain('not an approver');
  expect(approvalRefusal({ ...base, allowedApprovers: [], clickerIsAdmin: true })).toBeNull();
});

test('approver groups widen on escalation; approvals default to one', () => {
  const settings = { roleApprovers: { builder: ['U1'] }, escalationApprovers: ['U9'], requiredApprovals: { admin: 2 } };
  expect(allowedApprovers(settings, 'builder', false)).toEqual(['U1']);
  expect(allowedApprovers(settings, 'builder', true)).toEqual(['U1', 'U9']);
  expect(allowedApprovers(settings, 'analyst', false)).toEqual([]);
  expect(requiredApprovals(settings, 'admin')).toBe(2);
  expect(requiredApprovals(settings, 'builder')).toBe(1);
});

test('break-glass scopes: all covers everything, a provider covers its keys, nothing else leaks', () => {
  expect(breakGlassCovers('all', 'ingestion')).toBe(true);
  expect(breakGlassCovers('provider:openai', 'key:openai/staging')).toBe(true);
  expect(breakGlassCovers('provider:openai', 'key:openai_compatible/staging')).toBe(false);
  expect(breakGlassCovers('key:openai/production', 'key:openai/staging')).toBe(false);
  expect(breakGlassCovers('ingestion', 'access-grants')).toBe(false);
});

test('shared mailboxes are flagged, named people are not', () => {
  for (const e of ['team@example.com', 'svc-ingest@example.com', 'noreply@example.com', 'ops.alerts@example.com']) expect(looksLikeUtilityAccount(e)).toBe(true);
  for (const e of ['ana.admin@example.com', 'teamer@example.com', 'bo@example.com']) expect(looksLikeUtilityAccount(e)).toBe(false);
});

test('access configuration is parsed and every bad variable is named', () => {
  const env = { DATABASE_URL: 'postgresql://x', WARDEN_MASTER_KEY: Buffer.alloc(32, 1).toString('base64'), WARDEN_SERVICE_TOKEN: 'x'.repeat(32) };
  const ok = loadConfig({ ...env, WARDEN_ROLE_APPROVERS: 'builder:U1|U2;analyst:U3', WARDEN_ROLE_APPROVALS: 'admin:2', WARDEN_ACCESS_REMINDER_AFTER: '1h', WARDEN_ACCESS_ESCALATE_AFTER: '30m' });
  expect(ok.access).toMatchObject({ roleApprovers: { builder: ['U1', 'U2'], analyst: ['U3'] }, requiredApprovals: { admin: 2 }, reminderAfterMs: 3_600_000, escalateAfterMs: 3_600_000 });
  expect(ok.access.review).toMatchObject({ cron: '0 9 1 1,4,7,10 *', timeZone: 'UTC', missedPolicy: 'revoke-contractors' });
  let message = '';
  try {
    loadConfig({ ...env, WARDEN_ROLE_APPROVERS: 'wizard:U1', WARDEN_ROLE_APPROVALS: 'admin:zero', WARDEN_REVIEW_TIMEZONE: 'Mars/Base', WARDEN_REVIEW_CRON: 'daily' });
  } catch (err) {
    message = (err as Error).message;
  }
  for (const name of ['WARDEN_ROLE_APPROVERS', 'WARDEN_ROLE_APPROVALS', 'WARDEN_REVIEW_TIMEZONE', 'WARDEN_REVIEW_CRON']) expect(message).toContain(name);
});
