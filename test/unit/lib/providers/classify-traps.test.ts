import { classifyProviderError } from '../../../../lib/providers';

// The traps the corpus README lists beyond its fixtures: where hints hide, bodies that are not
// objects, and messages that carry the key itself.

// Shaped like a real Google API key (AIza + 35 characters); never a working one.
const GEMINI_KEY = 'AIzaSyD3xampleK3yThatLooksRealButIsNot0';

describe('classifyProviderError: secrets in provider messages', () => {
  test('a Gemini message that names the key comes back redacted', () => {
    const result = classifyProviderError('gemini', 403, {}, {
      error: {
        code: 403,
        message: `Permission denied: Consumer 'api_key:${GEMINI_KEY}' has been suspended.`,
        status: 'PERMISSION_DENIED',
        details: [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'CONSUMER_SUSPENDED',
            domain: 'googleapis.com',
            metadata: { service: 'generativelanguage.googleapis.com', containerInfo: `api_key:${GEMINI_KEY}` },
          },
        ],
      },
    });
    expect(result.verdict).toBe('invalid_or_revoked');
    expect(result.detail).toContain('suspended');
    expect(result.detail).not.toContain(GEMINI_KEY);
    expect(result.detail).not.toMatch(/AIza[0-9A-Za-z_-]{35}/);
  });

  test('a 403 without details that quotes the key is redacted too', () => {
    const result = classifyProviderError('gemini', 403, {}, {
      error: { code: 403, message: `Your project has been denied access (key ${GEMINI_KEY}). Please contact support.`, status: 'PERMISSION_DENIED' },
    });
    expect(result.verdict).toBe('permission_or_billing');
    expect(result.detail).toContain('denied access');
    expect(result.detail).not.toContain(GEMINI_KEY);
  });
});

describe('classifyProviderError: where the wait hint hides', () => {
  test('a daily Gemini quota ignores the short RetryInfo next to it', () => {
    const result = classifyProviderError('gemini', 429, {}, {
      error: {
        code: 429,
        message: 'You exceeded your current quota, please check your plan and billing details.',
        status: 'RESOURCE_EXHAUSTED',
        details: [
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '13s' },
          { '@type': 'type.googleapis.com/google.rpc.QuotaFailure', violations: [{ quotaId: 'GenerateRequestsPerDayPerProjectPerModel-FreeTier' }] },
        ],
      },
    });
    expect(result).toEqual({ verdict: 'quota_exhausted', detail: expect.stringContaining('daily quota') });
  });

  test('a fractional RetryInfo rounds up', () => {
    const result = classifyProviderError('gemini', 429, {}, {
      error: { code: 429, status: 'RESOURCE_EXHAUSTED', message: 'x', details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '38.2s' }] },
    });
    expect(result.retryAfterSeconds).toBe(39);
  });

  test('OpenAI "644ms" in the message waits one second', () => {
    const body = { error: { message: 'Rate limit reached for requests. Please try again in 644ms.', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    expect(classifyProviderError('openai', 429, {}, body).retryAfterSeconds).toBe(1);
  });

  test('OpenAI x-ratelimit-reset durations are used when the message has no hint', () => {
    const body = { error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } };
    const headers = { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': '1m30s', 'x-ratelimit-remaining-tokens': '100', 'x-ratelimit-reset-tokens': '6s' };
    expect(classifyProviderError('openai', 429, headers, body).retryAfterSeconds).toBe(90);
  });

  test('Retry-After is read whatever its case, and as an HTTP date against the response date', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } };
    expect(classifyProviderError('anthropic', 429, { 'Retry-After': '9' }, body).retryAfterSeconds).toBe(9);
    const dated = { 'retry-after': 'Wed, 21 Oct 2026 07:28:30 GMT', date: 'Wed, 21 Oct 2026 07:28:00 GMT' };
    expect(classifyProviderError('anthropic', 429, dated, body).retryAfterSeconds).toBe(30);
  });

  test('an Anthropic 429 without retry-after falls back to the RFC 3339 reset of the exhausted limit', () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'rate limited' } };
    const headers = {
      'anthropic-ratelimit-requests-remaining': '0',
      'anthropic-ratelimit-requests-reset': '2024-03-12T10:00:42Z',
      'anthropic-ratelimit-tokens-remaining': '5000',
      'anthropic-ratelimit-tokens-reset': '2024-03-12T10:05:00Z',
    };
    const result = classifyProviderError('anthropic', 429, headers, body, Date.parse('2024-03-12T10:00:00Z'));
    expect(result).toMatchObject({ verdict: 'rate_limited', retryAfterSeconds: 42 });
  });

  test('an outage keeps a Retry-After header but never invents one', () => {
    const body = { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } };
    expect(classifyProviderError('anthropic', 529, { 'retry-after': '30' }, body).retryAfterSeconds).toBe(30);
    expect(classifyProviderError('anthropic', 529, {}, body).retryAfterSeconds).toBeUndefined();
  });
});

describe('classifyProviderError: bodies and codes off the happy path', () => {
  test('a 404 that is not about a model means the base URL is wrong', () => {
    const html = '<html><title>Error 404 (Not Found)!!1</title></html>';
    const result = classifyProviderError('gemini', 404, { 'content-type': 'text/html' }, html);
    expect(result).toEqual({ verdict: 'configuration_error', detail: expect.stringContaining('base URL') });
  });

  test('a proxy 502 with an HTML body is an outage', () => {
    expect(classifyProviderError('openai_compatible', 502, {}, '<html>Bad Gateway</html>').verdict).toBe('provider_outage');
  });

  test('a JSON body given as text is parsed', () => {
    const text = JSON.stringify({ error: { message: 'Invalid API Key', type: 'invalid_request_error', code: 'invalid_api_key' } });
    expect(classifyProviderError('openai_compatible', 401, {}, text).verdict).toBe('invalid_or_revoked');
  });

  test('an old OpenAI quota body with code null is keyed on its type', () => {
    const body = { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', param: null, code: null } };
    expect(classifyProviderError('openai', 429, {}, body).verdict).toBe('quota_exhausted');
  });

  test('an OpenAI 429 "Request too large" never clears by waiting', () => {
    const body = { error: { message: 'Request too large for gpt-4 in organization org-x on tokens per min (TPM): Limit 10000, Requested 20000. The input or output tokens must be reduced in order to run successfully.', type: 'tokens', param: null, code: 'rate_limit_exceeded' } };
    expect(classifyProviderError('openai', 429, {}, body)).toEqual({ verdict: 'configuration_error', detail: expect.stringContaining('larger') });
  });

  test('an Anthropic CORS refusal is not a bad key', () => {
    const body = { type: 'error', error: { type: 'authentication_error', message: 'CORS requests are not allowed for this Organization because of the CORS configuration.' } };
    expect(classifyProviderError('anthropic', 401, {}, body).verdict).toBe('configuration_error');
  });

  test('a Gemini body rebuilt from the SDK error (no status string) is still classified by its details', () => {
    const body = {
      error: {
        code: 400,
        message: 'API key not valid. Please pass a valid API key.',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
      },
    };
    expect(classifyProviderError('gemini', 400, {}, body).verdict).toBe('invalid_or_revoked');
    const location = { error: { code: 400, message: 'User location is not supported for the API use.' } };
    expect(classifyProviderError('gemini', 400, {}, location).verdict).toBe('permission_or_billing');
  });

  test('a Gemini 400 INVALID_ARGUMENT without API_KEY_INVALID is a malformed request, not a bad key', () => {
    const body = { error: { code: 400, message: 'Invalid JSON payload received. Unknown name "foo": Cannot find field.', status: 'INVALID_ARGUMENT' } };
    expect(classifyProviderError('gemini', 400, {}, body).verdict).toBe('configuration_error');
  });
});

describe('classifyProviderError: text from a host a person pointed Warden at', () => {
  test('an OpenAI-compatible error message reaches Slack short, redacted and without mrkdwn links or mentions', () => {
    const hostile = `<!channel> Your key sk-proj-${'A'.repeat(40)} expired. <https://evil.example/login|Re-enter it here> ${'x'.repeat(400)}`;
    const { detail } = classifyProviderError('openai_compatible', 400, {}, { error: { message: hostile, type: 'invalid_request_error' } });
    expect(detail).toMatch(/^The OpenAI-compatible provider rejected Warden's request \(HTTP 400\) \("‹!channel› Your key /);
    expect(detail).not.toMatch(/[<>]/);
    expect(detail).not.toContain('A'.repeat(40));
    expect(detail.length).toBeLessThan(260);
  });
});
