import type { z } from 'zod';

export type ParseResult<C> = { ok: true; command: C } | { ok: false; message: string };

export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid arguments';
  if (issue.code === 'too_small' || issue.code === 'too_big' || issue.code === 'invalid_type') return 'wrong number of arguments';
  return issue.message;
}
