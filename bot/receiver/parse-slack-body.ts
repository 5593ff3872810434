/** A verified body that is not something Slack sends; answered with 400 and `reason`. */
export class MalformedSlackBodyError extends Error {
  constructor(
    readonly reason:
      | 'unsupported_content_type'
      | 'duplicate_form_field'
      | 'invalid_payload_json'
      | 'invalid_json'
      | 'not_an_object'
      | 'unrecognised_body',
    message: string,
  ) {
    super(message);
    this.name = 'MalformedSlackBodyError';
  }
}

export type ParsedSlackBody =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'dispatch'; body: Record<string, unknown> };

// Slack sends slash commands and every interactivity payload as exactly this Content-Type, without a
// charset. bolt-js only treats this exact string as a form, so we do the same: a test harness that adds
// "; charset=utf-8" would pass here and fail against Slack-compatible parsing elsewhere.
const FORM = 'application/x-www-form-urlencoded';

/**
 * Slack's SSL certificate check (ssl_check=1 on a slash-command URL) may arrive unsigned. It is answered
 * 200 and never dispatched, so fields smuggled alongside it can never reach a listener.
 */
export function isSslCheck(rawBody: string, contentType: string | undefined): boolean {
  return contentType === FORM && new URLSearchParams(rawBody).get('ssl_check') === '1';
}

/** Turns a verified body into what Bolt's App.processEvent expects. Call only after verifySlackRequest. */
export function parseSlackBody(rawBody: string, contentType: string | undefined): ParsedSlackBody {
  if (contentType === FORM) return { kind: 'dispatch', body: parseForm(rawBody) };
  if (mediaType(contentType) === 'application/json') return parseEventsJson(rawBody);
  throw new MalformedSlackBodyError('unsupported_content_type', `unsupported Content-Type ${JSON.stringify(contentType ?? '')}`);
}

function parseForm(rawBody: string): Record<string, unknown> {
  const fields: Record<string, string> = {};
  for (const [key, value] of new URLSearchParams(rawBody)) {
    // Slack never repeats a field; a repeat is a crafted request and would make a field an array.
    if (Object.hasOwn(fields, key)) throw new MalformedSlackBodyError('duplicate_form_field', `form field ${key} appears twice`);
    fields[key] = value;
  }
  // Interactivity (block_actions, view_submission, shortcuts…) is JSON carried in one form field.
  if (fields.payload !== undefined) {
    let payload: unknown;
    try {
      payload = JSON.parse(fields.payload);
    } catch {
      throw new MalformedSlackBodyError('invalid_payload_json', 'the payload field is not JSON');
    }
    return requireTypedObject(payload, 'payload');
  }
  // Slash commands are plain form fields; `command` is what Bolt routes on.
  if (typeof fields.command === 'string' && fields.command.startsWith('/')) return fields;
  throw new MalformedSlackBodyError('unrecognised_body', 'form body is neither a slash command nor an interactivity payload');
}

function parseEventsJson(rawBody: string): ParsedSlackBody {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    throw new MalformedSlackBodyError('invalid_json', 'the body is not JSON');
  }
  const body = requireTypedObject(parsed, 'body');
  // Events API Request URL handshake: echo the challenge (only reached once the signature is valid).
  if (body.type === 'url_verification' && typeof body.challenge === 'string') {
    return { kind: 'url_verification', challenge: body.challenge };
  }
  return { kind: 'dispatch', body };
}

function requireTypedObject(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedSlackBodyError('not_an_object', `${what} is not a JSON object`);
  }
  const record = value as Record<string, unknown>;
  if (typeof record.type !== 'string') throw new MalformedSlackBodyError('unrecognised_body', `${what} has no type`);
  return record;
}

function mediaType(contentType: string | undefined): string | undefined {
  return contentType?.split(';')[0]?.trim().toLowerCase();
}
