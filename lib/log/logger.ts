import { redactDeep, redactSecrets } from './redact';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(msg: string, ctx?: Record<string, unknown>): void;
  info(msg: string, ctx?: Record<string, unknown>): void;
  warn(msg: string, ctx?: Record<string, unknown>): void;
  error(msg: string, ctx?: Record<string, unknown>): void;
  child(bindings: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  level?: LogLevel;
  sink?: (line: string) => void;
  bindings?: Record<string, unknown>;
}

const SEVERITY: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

const stdoutSink = (line: string) => {
  process.stdout.write(line + '\n');
};

/**
 * Structured logs, one JSON object a line: `{ time, level, msg, ...bindings, ...ctx }`.
 * Every line passes through the redactor, so a key that reaches a log call by mistake is
 * written masked. Logging never throws: a failed log line must not fail the work it describes.
 */
export function createLogger(opts: LoggerOptions = {}): Logger {
  const threshold = SEVERITY[opts.level ?? 'info'];
  const sink = opts.sink ?? stdoutSink;
  const bindings = opts.bindings ?? {};

  function write(level: LogLevel, msg: string, ctx?: Record<string, unknown>): void {
    if (SEVERITY[level] < threshold) return;
    try {
      const entry: Record<string, unknown> = { time: '', level, msg: '', ...bindings, ...ctx };
      // Set last so a context field named time/level/msg cannot forge them.
      entry.time = new Date().toISOString();
      entry.level = level;
      entry.msg = String(msg);
      sink(JSON.stringify(redactDeep(toJsonSafe(entry, new WeakSet()))));
    } catch (err) {
      try {
        sink(JSON.stringify({ time: new Date().toISOString(), level: 'error', msg: 'log line could not be written', reason: redactSecrets(String(err)) }));
      } catch {
        // The sink itself is broken; there is nowhere left to report to.
      }
    }
  }

  return {
    debug: (msg, ctx) => write('debug', msg, ctx),
    info: (msg, ctx) => write('info', msg, ctx),
    warn: (msg, ctx) => write('warn', msg, ctx),
    error: (msg, ctx) => write('error', msg, ctx),
    child: (more) => createLogger({ level: opts.level, sink, bindings: { ...bindings, ...more } }),
  };
}

/** Turns any value into plain JSON data: Errors into { name, message, code?, stack, cause? }, bytes into a length. */
function toJsonSafe(value: unknown, ancestors: WeakSet<object>): unknown {
  if (value === null || value === undefined) return value;
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return value;
    case 'bigint':
      return value.toString();
    case 'function':
    case 'symbol':
      return undefined;
  }
  const obj = value as object;
  // Raw bytes cannot be checked for a secret's shape, so only their size is logged.
  if (ArrayBuffer.isView(obj) || obj instanceof ArrayBuffer) return `[${obj.byteLength} bytes]`;
  if (obj instanceof Date) return Number.isNaN(obj.getTime()) ? null : obj.toISOString();
  if (ancestors.has(obj)) return '[Circular]';
  ancestors.add(obj);
  try {
    if (obj instanceof Error) return serializeError(obj, ancestors);
    if (Array.isArray(obj)) return obj.map((v) => toJsonSafe(v, ancestors) ?? null);
    if (obj instanceof Map) return toJsonSafe(Object.fromEntries(obj), ancestors);
    if (obj instanceof Set) return toJsonSafe([...obj], ancestors);
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      const safe = toJsonSafe(v, ancestors);
      if (safe !== undefined) out[k] = safe;
    }
    return out;
  } finally {
    ancestors.delete(obj);
  }
}

function serializeError(err: Error, ancestors: WeakSet<object>): Record<string, unknown> {
  const out: Record<string, unknown> = { name: err.name, message: err.message };
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') out.code = code;
  out.stack = err.stack;
  // The chain is what explains a failure, so keep following causes.
  if (err.cause !== undefined) out.cause = toJsonSafe(err.cause, ancestors);
  return out;
}
