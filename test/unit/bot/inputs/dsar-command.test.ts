import { parseDsarCommand } from '../../../../bot/inputs/dsar-command';

const words = (t: string) => t.split(/\s+/);

test('an export records the verification method, verifier, regime, note and reason', () => {
  expect(parseDsarCommand(words('export <mailto:Ana@Example.com|Ana@Example.com> --verified id-document --verifier <@U0ADMIN0002|ben> --regime CCPA asked by email --note passport on video call'))).toEqual({
    ok: true,
    command: {
      kind: 'dsar.request',
      request: 'export',
      subject: { kind: 'email', value: 'ana@example.com' },
      method: 'id-document',
      verifierSlackId: 'U0ADMIN0002',
      regime: 'ccpa',
      note: 'passport on video call',
      reason: 'asked by email',
    },
  });
});

test('a request without verification, with an unknown method, or without a reason is refused with what to add', () => {
  expect(parseDsarCommand(words('erase eu_000001 asked in app'))).toMatchObject({ ok: false, message: expect.stringContaining('--verified <method>') });
  expect(parseDsarCommand(words('erase eu_000001 --verified vibes asked'))).toMatchObject({ ok: false, message: expect.stringContaining('id-document') });
  expect(parseDsarCommand(words('erase eu_000001 --verified account-login'))).toMatchObject({ ok: false, message: expect.stringContaining('say why') });
  expect(parseDsarCommand(words('export not@an@email --verified id-document x y z'))).toMatchObject({ ok: false });
});

test('status, holds on subjects and conversations', () => {
  expect(parseDsarCommand([])).toEqual({ ok: true, command: { kind: 'dsar.status' } });
  expect(parseDsarCommand(words('hold conversation:conv_000001 litigation matter 17'))).toEqual({
    ok: true,
    command: { kind: 'dsar.hold', action: 'place', target: { kind: 'conversation', conversationId: 'conv_000001' }, reason: 'litigation matter 17' },
  });
  expect(parseDsarCommand(words('release eu_000002 matter closed'))).toMatchObject({ ok: true, command: { action: 'lift', target: { kind: 'subject', subject: { kind: 'end_user_id', value: 'eu_000002' } } } });
  expect(parseDsarCommand(words('hold eu_000002'))).toMatchObject({ ok: false, message: expect.stringContaining('needs a reason') });
});
