import { SlackRequestVerificationError, verifySlackRequest } from '../../../../lib/slack/verify-request';
import { signSlackBody } from '../../../helpers/slack-requests';

// Slack's official example (api.slack.com/authentication/verifying-requests-from-slack; the same four
// values are asserted in bolt-js and python-slack-sdk tests).
const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const TIMESTAMP = '1531420618';
const BODY =
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
const SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const AT_TIMESTAMP_MS = Number(TIMESTAMP) * 1000;

const official = { signingSecret: SECRET, rawBody: BODY, timestampHeader: TIMESTAMP, signatureHeader: SIGNATURE, nowMs: AT_TIMESTAMP_MS };

function reasonFor(input: Parameters<typeof verifySlackRequest>[0]): string | undefined {
  try {
    verifySlackRequest(input);
    return undefined;
  } catch (err) {
    if (err instanceof SlackRequestVerificationError) return err.reason;
    throw err;
  }
}

describe('verifySlackRequest', () => {
  it("accepts Slack's official test vector at its own time", () => {
    expect(() => verifySlackRequest(official)).not.toThrow();
  });

  it('signs like Slack: the test signer reproduces the official signature', () => {
    expect(signSlackBody(SECRET, Number(TIMESTAMP), BODY)).toBe(SIGNATURE);
  });

  it('accepts a request exactly 300 s old or 300 s ahead', () => {
    expect(reasonFor({ ...official, nowMs: AT_TIMESTAMP_MS + 300_999 })).toBeUndefined();
    expect(reasonFor({ ...official, nowMs: AT_TIMESTAMP_MS - 300_000 })).toBeUndefined();
  });

  it('rejects the official vector against a clock more than five minutes later as stale', () => {
    expect(reasonFor({ ...official, nowMs: AT_TIMESTAMP_MS + 301_000 })).toBe('stale_timestamp');
    expect(reasonFor({ ...official, nowMs: Date.now() })).toBe('stale_timestamp');
  });

  it('rejects a timestamp more than five minutes in the future, which bolt-js would accept', () => {
    expect(reasonFor({ ...official, nowMs: AT_TIMESTAMP_MS - 301_000 })).toBe('future_timestamp');
  });

  it('rejects missing headers', () => {
    expect(reasonFor({ ...official, timestampHeader: undefined })).toBe('missing_headers');
    expect(reasonFor({ ...official, signatureHeader: undefined })).toBe('missing_headers');
    expect(reasonFor({ ...official, signatureHeader: '' })).toBe('missing_headers');
  });

  it('rejects a timestamp that is not Unix seconds', () => {
    expect(reasonFor({ ...official, timestampHeader: '1531420618.5' })).toBe('invalid_timestamp');
    expect(reasonFor({ ...official, timestampHeader: '1.5e9' })).toBe('invalid_timestamp');
    expect(reasonFor({ ...official, timestampHeader: 'yesterday' })).toBe('invalid_timestamp');
  });

  it('rejects a tampered body, a wrong secret, a swapped timestamp and a malformed signature', () => {
    expect(reasonFor({ ...official, rawBody: `${BODY}------` })).toBe('bad_signature');
    expect(reasonFor({ ...official, rawBody: BODY.replace('text=', 'text=keys+delete') })).toBe('bad_signature');
    expect(reasonFor({ ...official, signingSecret: 'wrong-secret' })).toBe('bad_signature');
    // The timestamp is inside the signed basestring: replaying with a fresher header must fail.
    expect(reasonFor({ ...official, timestampHeader: '1531420619' })).toBe('bad_signature');
    expect(reasonFor({ ...official, signatureHeader: SIGNATURE.replace('v0=', 'v1=') })).toBe('bad_signature');
    expect(reasonFor({ ...official, signatureHeader: SIGNATURE.slice(0, -1) })).toBe('bad_signature');
  });

  it('throws a coded error whose message carries neither body nor signature', () => {
    let caught: unknown;
    try {
      verifySlackRequest({ ...official, rawBody: `${BODY}x` });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SlackRequestVerificationError);
    expect(caught).toMatchObject({ code: 'warden_unauthorized', reason: 'bad_signature' });
    expect((caught as Error).message).not.toContain('xyzz0WbapA4vBCDEFasx0q6G');
    expect((caught as Error).message).not.toContain(SIGNATURE.slice(3));
  });

  it('refuses to run with an empty signing secret', () => {
    expect(() => verifySlackRequest({ ...official, signingSecret: '' })).toThrow('signingSecret is empty');
  });
});
