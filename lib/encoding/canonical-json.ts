/**
 * JSON with object keys sorted at every depth, undefined members left out. Hashes are computed over this form
 * because the bytes must not depend on key order: PostgreSQL's jsonb hands keys back shortest first (the audit
 * chain), and a workflow's arguments come back from Temporal's JSON in whatever order they were written (actor
 * assertions).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
