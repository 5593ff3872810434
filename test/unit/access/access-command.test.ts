import { parseAccessCommand } from '../../../bot/inputs/access-command';
import { parseBreakGlassCommand } from '../../../bot/inputs/break-glass-command';
import { parseWardenCommand } from '../../../bot/inputs/warden-command';

const words = (text: string) => text.split(/\s+/).filter(Boolean);

test('a request reads the escaped mention, the role, an optional duration and the reason', () => {
  expect(parseWardenCommand('access request <@U0ABC123|ana> builder for 8h ship the support agent')).toEqual({
    ok: true,
    command: { kind: 'access.request', memberSlackId: 'U0ABC123', role: 'builder', durationSeconds: 8 * 3600, reason: 'ship the support agent' },
  });
  expect(parseAccessCommand(words('request <@U0ABC123> support-lead review transcripts'))).toMatchObject({
    ok: true,
    command: { role: 'support_lead', durationSeconds: null, reason: 'review transcripts' },
  });
  expect(parseAccessCommand(words('request <@U0ABC123> admin for 7d on call'))).toMatchObject({ command: { durationSeconds: 7 * 86400 } });
});

test('bad requests say exactly what is wrong', () => {
  expect(parseAccessCommand(words('request ana builder because'))).toEqual({ ok: false, message: expect.stringContaining('"ana" is not a @mention') });
  expect(parseAccessCommand(words('request <@U0ABC123> owner because'))).toEqual({ ok: false, message: expect.stringContaining('role must be one of admin, builder') });
  expect(parseAccessCommand(words('request <@U0ABC123> builder for soon because'))).toEqual({ ok: false, message: expect.stringContaining('"soon" is not a duration') });
  expect(parseAccessCommand(words('request <@U0ABC123> builder for 400d because'))).toEqual({ ok: false, message: expect.stringContaining('1 second to 365 days') });
  expect(parseAccessCommand(words('request <@U0ABC123> builder'))).toEqual({ ok: false, message: expect.stringContaining('say why') });
  expect(parseAccessCommand(words('grant <@U0ABC123> builder'))).toEqual({ ok: false, message: expect.stringContaining('Unknown access command') });
});

test('revoke, member add and review start', () => {
  expect(parseAccessCommand(words('revoke <@U0ABC123|ana> builder left the team'))).toEqual({
    ok: true,
    command: { kind: 'access.revoke', memberSlackId: 'U0ABC123', role: 'builder', reason: 'left the team' },
  });
  expect(parseAccessCommand(words('member add <@U0ABC123|ana> <mailto:Ana@Example.com|Ana@Example.com> --contractor --manager <@U0MGR0001|mo>'))).toEqual({
    ok: true,
    command: { kind: 'access.member-add', slackUserId: 'U0ABC123', email: 'ana@example.com', contractor: true, utilityAccount: false, managerSlackId: 'U0MGR0001' },
  });
  expect(parseAccessCommand(words('member add <@U0ABC123> not-an-email'))).toEqual({ ok: false, message: expect.stringContaining('email address is not valid') });
  expect(parseAccessCommand(words('member add <@U0ABC123> a@b.co --manager bob'))).toEqual({ ok: false, message: expect.stringContaining('--manager needs a @mention') });
  expect(parseAccessCommand(words('review start'))).toEqual({ ok: true, command: { kind: 'access.review-start' } });
  expect(parseAccessCommand([])).toEqual({ ok: true, command: { kind: 'access.modal' } });
  expect(parseAccessCommand(['list'])).toEqual({ ok: true, command: { kind: 'access.overview' } });
});

test('break-glass commands and scopes', () => {
  expect(parseBreakGlassCommand(words('on key:openai/production leaked in a log'))).toEqual({
    ok: true,
    command: { kind: 'breakglass.on', scope: 'key:openai/production', reason: 'leaked in a log' },
  });
  expect(parseBreakGlassCommand(words('off provider:openai-compatible'))).toMatchObject({ ok: true, command: { scope: 'provider:openai_compatible', reason: 'lifted by an admin' } });
  expect(parseBreakGlassCommand(words('on key:openai/dev oops'))).toEqual({ ok: false, message: expect.stringContaining('is not a break-glass scope') });
  expect(parseBreakGlassCommand(words('on ingestion'))).toEqual({ ok: false, message: expect.stringContaining('say why') });
  expect(parseBreakGlassCommand([])).toEqual({ ok: true, command: { kind: 'status' } });
  expect(parseWardenCommand('status')).toEqual({ ok: true, command: { kind: 'status' } });
});
