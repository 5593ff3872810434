import { randomBytes } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { createLocalKms } from '../../../../lib/crypto/kms';
import { codecKeysFromKms, createEncryptionCodec } from '../../../../lib/temporal/payload-codec';
import { createDataConverter } from '../../../../lib/temporal/data-converter';

const SECRET_INPUT = { keyRef: 'key_01', note: 'Alice: rotate sk-proj-PLAINTEXTMARKER1234567890' };
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? []).toString('utf8');

describe('createEncryptionCodec', () => {
  const keyA = randomBytes(32);
  const codec = createEncryptionCodec({ currentKeyId: 'local-v1', keys: new Map([['local-v1', keyA]]) });

  it('round-trips a payload, metadata included', async () => {
    const payload = defaultPayloadConverter.toPayload(SECRET_INPUT);
    const [encoded] = await codec.encode([payload]);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual(SECRET_INPUT);
    expect(text(decoded!.metadata?.[METADATA_ENCODING_KEY])).toBe('json/plain');
  });

  it('marks encoded payloads binary/encrypted with the key id, and the bytes hide the value', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET_INPUT)]);
    expect(text(encoded!.metadata?.encoding)).toBe('binary/encrypted');
    expect(text(encoded!.metadata?.['encryption-key-id'])).toBe('local-v1');
    const bytes = Buffer.from(encoded!.data!);
    expect(bytes.includes(Buffer.from('PLAINTEXTMARKER'))).toBe(false);
    expect(bytes.includes(Buffer.from('json/plain'))).toBe(false);
    expect(bytes.toString('base64')).not.toContain(Buffer.from('PLAINTEXTMARKER').toString('base64'));
  });

  it('handles an empty batch', async () => {
    await expect(codec.encode([])).resolves.toEqual([]);
  });

  it('decodes history written under an old key once the keyring has moved on', async () => {
    const [oldPayload] = await codec.encode([defaultPayloadConverter.toPayload('written before rotation')]);
    const keyB = randomBytes(32);
    const rotated = createEncryptionCodec({ currentKeyId: 'local-v2', keys: new Map([['local-v1', keyA], ['local-v2', keyB]]) });

    const [newPayload] = await rotated.encode([defaultPayloadConverter.toPayload('written after')]);
    expect(text(newPayload!.metadata?.['encryption-key-id'])).toBe('local-v2');
    const decoded = await rotated.decode([oldPayload!, newPayload!]);
    expect(decoded.map((p) => defaultPayloadConverter.fromPayload(p))).toEqual(['written before rotation', 'written after']);

    const withoutOld = createEncryptionCodec({ currentKeyId: 'local-v2', keys: new Map([['local-v2', keyB]]) });
    await expect(withoutOld.decode([oldPayload!])).rejects.toThrow("codec key 'local-v1', which is not in this process's keyring");
  });

  it('passes payloads that were never encrypted through decode unchanged', async () => {
    const plain: Payload = defaultPayloadConverter.toPayload({ legacy: true });
    const [out] = await codec.decode([plain]);
    expect(out).toBe(plain);
  });

  it('refuses tampered ciphertext rather than returning garbage', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload(SECRET_INPUT)]);
    const data = Buffer.from(encoded!.data!);
    data[20] = (data[20] ?? 0) ^ 0xff;
    await expect(codec.decode([{ ...encoded!, data }])).rejects.toThrow(/failed authentication/);
  });

  it('rejects a keyring whose current key is missing or the wrong size', () => {
    expect(() => createEncryptionCodec({ currentKeyId: 'x', keys: new Map([['y', keyA]]) })).toThrow("'x' is current");
    expect(() => createEncryptionCodec({ currentKeyId: 'x', keys: new Map([['x', randomBytes(16)]]) })).toThrow('32 bytes');
  });
});

describe('codecKeysFromKms', () => {
  const v1 = { version: 1, key: randomBytes(32) };
  const v2 = { version: 2, key: randomBytes(32) };

  it('derives one key per KEK version, named like local-v2, with the current one current', async () => {
    const kms = createLocalKms({ current: v2, previous: [v1] });
    const ring = await codecKeysFromKms(kms, [{ kekId: 'local', kekVersion: 1 }]);
    expect(ring.currentKeyId).toBe('local-v2');
    expect([...ring.keys.keys()].sort()).toEqual(['local-v1', 'local-v2']);
    expect(ring.keys.get('local-v2')!.equals(v2.key)).toBe(false);
  });

  it('lets a worker and a client in separate processes, given the same master keys, read each other', async () => {
    const workerSide = createDataConverter(createEncryptionCodec(await codecKeysFromKms(createLocalKms({ current: v1 }), [])));
    const clientSide = createDataConverter(
      createEncryptionCodec(await codecKeysFromKms(createLocalKms({ current: v2, previous: [v1] }), [{ kekId: 'local', kekVersion: 1 }])),
    );
    expect(workerSide.payloadCodecs).toHaveLength(1);
    const [fromWorker] = await workerSide.payloadCodecs![0]!.encode([defaultPayloadConverter.toPayload('result')]);
    const [decoded] = await clientSide.payloadCodecs![0]!.decode([fromWorker!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toBe('result');
  });

  it('is refused a version the KMS does not know, naming it', async () => {
    const kms = createLocalKms({ current: v2 });
    await expect(codecKeysFromKms(kms, [{ kekId: 'local', kekVersion: 1 }])).rejects.toThrow("'local' version 1");
  });
});
