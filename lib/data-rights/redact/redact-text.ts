import { DETECTORS, REDACTION_TYPES, type Detector, type RedactionType } from './detectors';

export interface CustomPattern {
  /** Names the placeholder: `ticket` gives [TICKET]. */
  name: string;
  pattern: RegExp;
}

export interface RedactOptions {
  /** The detectors to run (default: all). */
  detectors?: readonly RedactionType[];
  /** An organisation's own patterns (employee numbers, ticket ids), run after the built-in detectors. */
  custom?: readonly CustomPattern[];
}

export interface RedactionResult {
  text: string;
  /** How many of each type were replaced; types with none are left out. */
  counts: Record<string, number>;
}

/**
 * Replaces personal data and secrets in text bound for a model provider with typed placeholders
 * ([EMAIL], [PHONE], [CARD], [IBAN], [IP_ADDRESS], [SECRET]). Card numbers must pass the Luhn check and
 * IBANs their mod-97 check, so order numbers and references are left alone; version strings, dates and
 * prices do not match the phone or address shapes. Returns counts, never what was found.
 */
export function redactText(text: string, opts: RedactOptions = {}): RedactionResult {
  const enabled = new Set(opts.detectors ?? REDACTION_TYPES);
  const detectors: Detector[] = REDACTION_TYPES.filter((t) => enabled.has(t)).map((t) => DETECTORS[t]);
  for (const c of opts.custom ?? []) {
    detectors.push({ type: c.name, placeholder: `[${c.name.toUpperCase()}]`, pattern: new RegExp(c.pattern.source, c.pattern.flags.includes('g') ? c.pattern.flags : `${c.pattern.flags}g`) });
  }
  const counts: Record<string, number> = {};
  let out = text;
  for (const d of detectors) {
    d.pattern.lastIndex = 0;
    out = out.replace(d.pattern, (match: string, ...rest: unknown[]) => {
      // replace() passes the offset and the whole string after the groups (and a groups object last, when named).
      const tail = typeof rest[rest.length - 1] === 'object' ? rest.length - 1 : rest.length;
      const offset = rest[tail - 2] as number;
      const whole = rest[tail - 1] as string;
      if (d.accept && !d.accept(match, whole, offset)) return match;
      counts[d.type] = (counts[d.type] ?? 0) + 1;
      return d.placeholder;
    });
  }
  return { text: out, counts };
}
