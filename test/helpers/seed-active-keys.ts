import { randomUUID } from 'node:crypto';
import type { KeyEnvironment, Provider } from '../../lib/contracts';
import { createKeyFingerprinter, createKmsFromConfig, createSecretSealer, maskKey } from '../../lib/crypto';
import type { WardenConfig } from '../../lib/config';
import type { Db } from '../../lib/db';

export interface SeededKey {
  id: string;
  provider: Provider;
  environment: KeyEnvironment;
  apiKey: string;
}

/**
 * Stores keys as active straight in the database, sealed and fingerprinted under the config's master key exactly
 * as addProviderKey leaves them (the envelope, the keyed fingerprint, the binding): for sweeps over more keys
 * than adding each through its workflow would allow. Written in chunks of multi-row inserts.
 */
export async function seedActiveKeys(prisma: Db, config: Pick<WardenConfig, 'masterKeys'>, keys: Array<Omit<SeededKey, 'id'>>): Promise<SeededKey[]> {
  const { kms, versions } = createKmsFromConfig(config.masterKeys);
  const sealer = createSecretSealer(kms);
  const fingerprints = await createKeyFingerprinter(kms, versions);
  const seeded: SeededKey[] = [];
  for (let start = 0; start < keys.length; start += 500) {
    const chunk = await Promise.all(
      keys.slice(start, start + 500).map(async (k) => {
        const id = randomUUID();
        const sealedSecretId = `sec_seed_${id.replace(/-/g, '')}`;
        const envelope = await sealer.seal(k.apiKey, sealedSecretId);
        const stamp = fingerprints.stamp(k.apiKey, { sealedSecretId, provider: k.provider, environment: k.environment, baseUrl: null });
        return { id, sealedSecretId, envelope, stamp, ...k };
      }),
    );
    const bytes = (b: Buffer) => new Uint8Array(b);
    await prisma.sealedSecret.createMany({
      data: chunk.map(({ sealedSecretId, envelope: e }) => ({ id: sealedSecretId, ciphertext: bytes(e.ciphertext), iv: bytes(e.iv), authTag: bytes(e.authTag), wrappedKey: bytes(e.wrappedKey), kekId: e.kekId, kekVersion: e.kekVersion })),
    });
    await prisma.providerKey.createMany({
      data: chunk.map((c) => ({
        id: c.id,
        provider: c.provider,
        environment: c.environment,
        status: 'active' as const,
        fingerprint: c.stamp.fingerprint,
        fingerprintVersion: c.stamp.fingerprintVersion,
        binding: c.stamp.binding,
        maskedKey: maskKey(c.apiKey),
        sealedSecretId: c.sealedSecretId,
        ownerTeam: 'Seeded',
        addedBySlackId: 'seed',
        requestId: `seed-${c.id}`,
        workflowId: `seed-${c.id}`,
        activatedAt: new Date(),
      })),
    });
    seeded.push(...chunk.map((c) => ({ id: c.id, provider: c.provider, environment: c.environment, apiKey: c.apiKey })));
  }
  return seeded;
}
