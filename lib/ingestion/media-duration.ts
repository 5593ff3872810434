import { adtsSeconds, mp3Seconds } from './media-frames';
import { isoMediaSeconds, webmSeconds } from './media-containers';

/**
 * The playing time of audio or video, read from its headers before anything is uploaded, so the per-item
 * limit and the hosted transcription quota (in minutes) apply first. Null when the file does not say.
 */
export function mediaDurationSeconds(bytes: Buffer, mime: string): number | null {
  const seconds = read(bytes, mime);
  return seconds !== null && Number.isFinite(seconds) && seconds > 0 ? seconds : null;
}

function read(b: Buffer, mime: string): number | null {
  switch (mime) {
    case 'audio/wav':
      return wavSeconds(b);
    case 'audio/flac':
      return flacSeconds(b);
    case 'audio/ogg':
      return oggSeconds(b);
    case 'audio/aiff':
      return aiffSeconds(b);
    case 'audio/mp3':
      return mp3Seconds(b);
    case 'audio/aac':
      return adtsSeconds(b);
    case 'video/webm':
      return webmSeconds(b);
    case 'audio/mp4':
    case 'video/mp4':
    case 'video/quicktime':
    case 'video/3gpp':
      return isoMediaSeconds(b);
    default:
      return null;
  }
}

/** RIFF WAVE: bytes per second from `fmt `, length from `data`. */
function wavSeconds(b: Buffer): number | null {
  let byteRate = 0;
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32LE(at + 4);
    if (id === 'fmt ' && at + 16 <= b.length) byteRate = b.readUInt32LE(at + 16);
    if (id === 'data') return byteRate > 0 ? size / byteRate : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

/** FLAC STREAMINFO: 20-bit sample rate and 36-bit total samples. */
function flacSeconds(b: Buffer): number | null {
  if (b.length < 42) return null;
  const info = 8 + 10; // "fLaC", block header, then min/max block and frame sizes
  const sampleRate = (b[info]! << 12) | (b[info + 1]! << 4) | (b[info + 2]! >> 4);
  const totalSamples = (b[info + 3]! & 0x0f) * 2 ** 32 + b.readUInt32BE(info + 4);
  return sampleRate > 0 && totalSamples > 0 ? totalSamples / sampleRate : null;
}

/** Ogg Vorbis or Opus: the last page's granule position over the sample rate (Opus always counts 48 kHz). */
function oggSeconds(b: Buffer): number | null {
  const vorbis = b.indexOf('\x01vorbis', 0, 'latin1');
  const opus = b.indexOf('OpusHead', 0, 'latin1');
  const rate = vorbis >= 0 && vorbis + 16 <= b.length ? b.readUInt32LE(vorbis + 12) : opus >= 0 ? 48_000 : 0;
  if (!rate) return null;
  const pre = opus >= 0 && opus + 12 <= b.length ? b.readUInt16LE(opus + 10) : 0;
  for (let at = b.lastIndexOf('OggS', b.length - 1, 'latin1'); at >= 0; at = b.lastIndexOf('OggS', at - 1, 'latin1')) {
    if (at + 14 > b.length) continue;
    const granule = Number(b.readBigUInt64LE(at + 6));
    if (granule > 0 && granule < 2 ** 53) return (granule - pre) / rate;
  }
  return null;
}

/** AIFF COMM chunk: sample frames and an 80-bit extended-precision sample rate. */
function aiffSeconds(b: Buffer): number | null {
  for (let at = 12; at + 8 <= b.length; ) {
    const id = b.toString('latin1', at, at + 4);
    const size = b.readUInt32BE(at + 4);
    if (id === 'COMM' && at + 26 <= b.length) {
      const frames = b.readUInt32BE(at + 10);
      const exponent = (b.readUInt16BE(at + 16) & 0x7fff) - 16383;
      const mantissa = b.readUInt32BE(at + 18) * 2 ** 32 + b.readUInt32BE(at + 22);
      const rate = mantissa * 2 ** (exponent - 63);
      return rate > 0 ? frames / rate : null;
    }
    at += 8 + size + (size % 2);
  }
  return null;
}
