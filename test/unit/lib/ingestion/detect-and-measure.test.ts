import { chunkText } from '../../../../lib/ingestion/chunk-text';
import { detectType } from '../../../../lib/ingestion/detect-type';
import { mediaDurationSeconds } from '../../../../lib/ingestion/media-duration';
import { blankPng, textPdf, wav } from '../../../helpers/ingestion-media';

describe('type detection reads the content, not the name', () => {
  it('names formats by their magic numbers', async () => {
    expect(detectType(blankPng(), 'report.pdf')).toEqual({ kind: 'image', mime: 'image/png' });
    expect(detectType(await textPdf([['hello']]), 'photo.png')).toEqual({ kind: 'pdf', mime: 'application/pdf' });
    expect(detectType(wav(1), 'notes.txt')).toEqual({ kind: 'audio', mime: 'audio/wav' });
    expect(detectType(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toEqual({ kind: 'image', mime: 'image/jpeg' });
    expect(detectType(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypisom')]))).toEqual({ kind: 'video', mime: 'video/mp4' });
    expect(detectType(Buffer.concat([Buffer.from([0, 0, 0, 0x20]), Buffer.from('ftypM4A ')]))).toEqual({ kind: 'audio', mime: 'audio/mp4' });
  });

  it('tells text, markdown, a sign-in page and binary apart', () => {
    expect(detectType(Buffer.from('Release notes\n\n- faster'), 'notes.md')).toEqual({ kind: 'text', mime: 'text/markdown' });
    expect(detectType(Buffer.from('plain words, ünïcode too'), 'a.txt')).toEqual({ kind: 'text', mime: 'text/plain' });
    expect(detectType(Buffer.from('<!DOCTYPE html><html lang="en-US">'), 'image.png')).toEqual({ kind: 'html', mime: 'text/html' });
    expect(detectType(Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2]), 'doc.docx')).toMatchObject({ kind: 'unsupported' });
    expect(detectType(Buffer.from([0x00, 0x01, 0x02, 0xfe]), 'x.txt')).toMatchObject({ kind: 'unsupported' });
    expect(detectType(Buffer.alloc(0), 'empty.txt')).toMatchObject({ kind: 'unsupported' });
  });
});

describe('media duration is read from the headers', () => {
  it('WAV: data length over byte rate', () => {
    expect(mediaDurationSeconds(wav(2.5, 'hello'), 'audio/wav')).toBeCloseTo(2.5, 3);
  });

  it('MP4: the movie header, and a file that does not say gives null', () => {
    const mvhd = Buffer.alloc(8 + 100);
    mvhd.writeUInt32BE(mvhd.length, 0);
    mvhd.write('mvhd', 4, 'latin1');
    mvhd.writeUInt32BE(600, 8 + 12); // time scale
    mvhd.writeUInt32BE(600 * 95, 8 + 16); // 95 s
    const moov = Buffer.concat([Buffer.from([0, 0, 0, 8 + mvhd.length]), Buffer.from('moov', 'latin1'), mvhd]);
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 16]), Buffer.from('ftypisom\0\0\0\0', 'latin1')]);
    expect(mediaDurationSeconds(Buffer.concat([ftyp, moov]), 'video/mp4')).toBeCloseTo(95);
    expect(mediaDurationSeconds(ftyp, 'video/mp4')).toBeNull();
  });

  it('MP3: frames walked', () => {
    // MPEG-1 Layer III, 128 kbit/s, 44.1 kHz: 417-byte frames of 1152 samples.
    const frame = Buffer.alloc(417);
    frame.set([0xff, 0xfb, 0x90, 0x44]);
    const seconds = mediaDurationSeconds(Buffer.concat(Array.from({ length: 383 }, () => frame)), 'audio/mp3');
    expect(seconds).toBeCloseTo((383 * 1152) / 44100, 2);
  });
});

describe('chunking', () => {
  it('keeps short text whole and splits long text at sentence ends', () => {
    expect(chunkText('  one\r\n\r\n\r\n two  ')).toEqual(['one\n\ntwo']);
    const sentence = 'The quarterly report covers revenue and costs. ';
    const chunks = chunkText(sentence.repeat(100), 500);
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks) {
      expect(c.length).toBeLessThanOrEqual(500);
      expect(c.endsWith('.')).toBe(true);
    }
    expect(chunks.join(' ')).toBe(sentence.repeat(100).trim());
    expect(chunkText('x'.repeat(1200), 500).map((c) => c.length)).toEqual([500, 500, 200]);
  });
});
