// WebClient sends every argument as a form field and JSON-encodes the nested ones (blocks, view…);
// other clients POST JSON. Both reach the handlers as the same parsed object.
const JSON_ENCODED_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export type ParsedApiRequest = { ok: true; args: Record<string, unknown>; token: string | undefined } | { ok: false; error: string };

/** Splits a Web API request into its arguments and the token that authenticated it. */
export function parseApiRequest(req: { rawBody: string; contentType: string | undefined; authorization: string | undefined; query: URLSearchParams }): ParsedApiRequest {
  const media = req.contentType?.split(';')[0]?.trim().toLowerCase();
  let args: Record<string, unknown> = Object.fromEntries(req.query);
  if (req.rawBody.length > 0) {
    if (media === 'application/json') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(req.rawBody);
      } catch {
        return { ok: false, error: 'invalid_json' };
      }
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return { ok: false, error: 'invalid_json' };
      args = { ...args, ...(parsed as Record<string, unknown>) };
    } else if (media === 'application/x-www-form-urlencoded') {
      for (const [key, value] of new URLSearchParams(req.rawBody)) args[key] = JSON_ENCODED_ARGS.has(key) ? tryJson(value) : value;
    } else if (media === undefined) {
      return { ok: false, error: 'missing_post_type' }; // documented for every method
    } else {
      return { ok: false, error: 'invalid_post_type' };
    }
  }
  // Slack takes the token from `Authorization: Bearer` (what WebClient sends) or a `token` argument.
  const bearer = /^Bearer (.+)$/.exec(req.authorization ?? '')?.[1];
  const { token: argToken, ...rest } = args;
  return { ok: true, args: rest, token: bearer ?? (typeof argToken === 'string' ? argToken : undefined) };
}

function tryJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value; // left as a string: the method answers with its own format error
  }
}
