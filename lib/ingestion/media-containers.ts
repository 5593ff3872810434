/** MP4 / MOV / M4A: the movie header (`moov/mvhd`) holds the time scale and the duration. */
export function isoMediaSeconds(b: Buffer): number | null {
  const moov = findBox(b, 0, b.length, 'moov');
  if (!moov) return null;
  const mvhd = findBox(b, moov.body, moov.end, 'mvhd');
  if (!mvhd || mvhd.body + 32 > b.length) return null;
  const version = b[mvhd.body]!;
  if (version === 1) {
    const timescale = b.readUInt32BE(mvhd.body + 20);
    const duration = Number(b.readBigUInt64BE(mvhd.body + 24));
    return timescale ? duration / timescale : null;
  }
  const timescale = b.readUInt32BE(mvhd.body + 12);
  const duration = b.readUInt32BE(mvhd.body + 16);
  return timescale ? duration / timescale : null;
}

function findBox(b: Buffer, from: number, to: number, type: string): { body: number; end: number } | null {
  for (let at = from; at + 8 <= Math.min(to, b.length); ) {
    let size = b.readUInt32BE(at);
    let header = 8;
    if (size === 1 && at + 16 <= b.length) {
      size = Number(b.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header) return null;
    if (b.toString('latin1', at + 4, at + 8) === type) return { body: at + header, end: Math.min(at + size, to) };
    at += size;
  }
  return null;
}

// EBML ids (Matroska / WebM): Segment, Info, TimecodeScale, Duration.
const SEGMENT = 0x18538067;
const INFO = 0x1549a966;
const TIMECODE_SCALE = 0x2ad7b1;
const DURATION = 0x4489;

/** WebM / Matroska: Segment → Info → Duration (a float, in TimecodeScale units of nanoseconds). */
export function webmSeconds(b: Buffer): number | null {
  const segment = findElement(b, 0, b.length, SEGMENT);
  if (!segment) return null;
  const info = findElement(b, segment.body, segment.end, INFO);
  if (!info) return null;
  const scaleEl = findElement(b, info.body, info.end, TIMECODE_SCALE);
  const scale = scaleEl ? readUint(b, scaleEl.body, scaleEl.end - scaleEl.body) : 1_000_000;
  const durationEl = findElement(b, info.body, info.end, DURATION);
  if (!durationEl) return null;
  const size = durationEl.end - durationEl.body;
  const duration = size === 4 ? b.readFloatBE(durationEl.body) : size === 8 ? b.readDoubleBE(durationEl.body) : NaN;
  return Number.isFinite(duration) ? (duration * scale) / 1e9 : null;
}

function findElement(b: Buffer, from: number, to: number, wanted: number): { body: number; end: number } | null {
  for (let at = from; at < Math.min(to, b.length); ) {
    const id = readVint(b, at, false);
    if (!id) return null;
    const size = readVint(b, at + id.length, true);
    if (!size) return null;
    const body = at + id.length + size.length;
    // An unknown size (all ones) runs to the end of the parent: common for a live-written Segment.
    const end = size.unknown ? to : Math.min(body + size.value, to);
    if (id.value === wanted) return { body, end };
    at = end;
  }
  return null;
}

function readVint(b: Buffer, at: number, stripMarker: boolean): { value: number; length: number; unknown: boolean } | null {
  const first = b[at];
  if (first === undefined || first === 0) return null;
  const length = Math.clz32(first) - 23;
  if (length < 1 || length > 8 || at + length > b.length) return null;
  let value = stripMarker ? first & (0xff >> length) : first;
  let allOnes = value === (stripMarker ? 0xff >> length : first);
  for (let i = 1; i < length; i++) {
    value = value * 256 + b[at + i]!;
    allOnes &&= b[at + i] === 0xff;
  }
  return { value, length, unknown: stripMarker && allOnes };
}

function readUint(b: Buffer, at: number, length: number): number {
  let value = 0;
  for (let i = 0; i < length; i++) value = value * 256 + b[at + i]!;
  return value;
}
