/** Chunks are sized for embedding models: well under their token limits, large enough to keep context. */
export const CHUNK_MAX_CHARS = 1500;

/**
 * Splits text into chunks of at most `max` characters, breaking at paragraph ends, then sentence ends, then
 * spaces; a run without any of them is cut hard. Whitespace is normalised and empty chunks are dropped.
 */
export function chunkText(text: string, max = CHUNK_MAX_CHARS): string[] {
  const normalised = text
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t\f\v]+/g, ' ')
    .replace(/ *\n */g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const chunks: string[] = [];
  let rest = normalised;
  while (rest.length > max) {
    const window = rest.slice(0, max + 1);
    const cut = lastBreak(window, '\n\n') ?? lastBreak(window, '. ') ?? lastBreak(window, '\n') ?? lastBreak(window, ' ') ?? max;
    chunks.push(rest.slice(0, cut).trim());
    rest = rest.slice(cut).trim();
  }
  if (rest) chunks.push(rest);
  return chunks.filter(Boolean);
}

// A break in the first half would make tiny chunks; only breaks past the middle count.
function lastBreak(window: string, separator: string): number | null {
  const at = window.lastIndexOf(separator);
  return at > window.length / 2 ? at + separator.length : null;
}
