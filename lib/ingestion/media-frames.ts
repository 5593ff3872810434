import { isMpegAudioFrame } from './detect-type';

// Bit rates (kbit/s) by index for MPEG-1 Layer III and MPEG-2/2.5 Layer III; sample rates by version.
const MP3_BITRATES = {
  v1: [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  v2: [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_SAMPLE_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };
const ADTS_SAMPLE_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** MP3: the Xing/Info frame count when there is one, else every frame walked (exact for CBR and VBR alike). */
export function mp3Seconds(b: Buffer): number | null {
  let at = 0;
  if (b.toString('latin1', 0, 3) === 'ID3' && b.length >= 10) {
    // ID3v2 size is four 7-bit bytes ("syncsafe").
    at = 10 + (((b[6]! & 0x7f) << 21) | ((b[7]! & 0x7f) << 14) | ((b[8]! & 0x7f) << 7) | (b[9]! & 0x7f));
  }
  let frames = 0;
  let samplesPerFrame = 1152;
  let sampleRate = 0;
  let first = true;
  while (at + 4 <= b.length && isMpegAudioFrame(b, at)) {
    const version = (b[at + 1]! >> 3) & 0x03; // 3 = MPEG-1, 2 = MPEG-2, 0 = MPEG-2.5
    const bitrate = (version === 3 ? MP3_BITRATES.v1 : MP3_BITRATES.v2)[b[at + 2]! >> 4] ?? 0;
    const rate = MP3_SAMPLE_RATES[version]?.[(b[at + 2]! >> 2) & 0x03] ?? 0;
    if (!bitrate || !rate) break;
    samplesPerFrame = version === 3 ? 1152 : 576;
    sampleRate = rate;
    if (first) {
      const xingFrames = xingFrameCount(b, at, version);
      if (xingFrames) return (xingFrames * samplesPerFrame) / sampleRate;
      first = false;
    }
    const padding = (b[at + 2]! >> 1) & 0x01;
    at += Math.floor(((version === 3 ? 144 : 72) * bitrate * 1000) / rate) + padding;
    frames += 1;
  }
  return frames > 0 && sampleRate ? (frames * samplesPerFrame) / sampleRate : null;
}

function xingFrameCount(b: Buffer, at: number, version: number): number | null {
  const mono = ((b[at + 3]! >> 6) & 0x03) === 3;
  const offset = at + 4 + (version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17);
  const tag = b.toString('latin1', offset, offset + 4);
  if ((tag !== 'Xing' && tag !== 'Info') || offset + 12 > b.length) return null;
  const flags = b.readUInt32BE(offset + 4);
  return flags & 0x01 ? b.readUInt32BE(offset + 8) : null;
}

/** AAC in ADTS frames: 1024 samples a frame. */
export function adtsSeconds(b: Buffer): number | null {
  let at = 0;
  let frames = 0;
  let rate = 0;
  while (at + 7 <= b.length && b[at] === 0xff && (b[at + 1]! & 0xf6) === 0xf0) {
    rate = ADTS_SAMPLE_RATES[(b[at + 2]! >> 2) & 0x0f] ?? 0;
    const length = ((b[at + 3]! & 0x03) << 11) | (b[at + 4]! << 3) | (b[at + 5]! >> 5);
    if (!rate || length < 7) break;
    frames += 1;
    at += length;
  }
  return frames > 0 && rate ? (frames * 1024) / rate : null;
}
