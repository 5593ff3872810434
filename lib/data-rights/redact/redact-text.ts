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
    detectors.push({ type: c.name, placeholder: `[${c.name.toUpperCase()}]`, pattern: c.pattern });
  }
  const counts: Record<string, number> = {};
  let out = text;
  for (const d of detectors) {
    const spans = d.find ? d.find(out) : [...out.matchAll(globalOf(d.pattern!))].map((m): [number, number] => [m.index, m.index + m[0].length]);
    if (spans.length === 0) continue;
    // Rebuilt once per detector from the accepted spans, left to right (spans never overlap: each finder moves on).
    spans.sort((a, b) => a[0] - b[0]);
    let rebuilt = '';
    let at = 0;
    for (const [start, end] of spans) {
      if (start < at) continue;
      const match = out.slice(start, end);
      if (d.accept && !d.accept(match, out, start)) continue;
      rebuilt += out.slice(at, start) + d.placeholder;
      at = end;
      counts[d.type] = (counts[d.type] ?? 0) + 1;
    }
    out = rebuilt + out.slice(at);
  }
  return { text: out, counts };
}

function globalOf(pattern: RegExp): RegExp {
  return pattern.flags.includes('g') ? pattern : new RegExp(pattern.source, `${pattern.flags}g`);
}
