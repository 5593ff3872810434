import type { WardenConfig } from '../config';
import { createLocalKms, type KekRef, type KeyEncryptionService } from './kms';

/** The local KMS over WARDEN_MASTER_KEY (and older versions still needed to read old secrets). */
export function createKmsFromConfig(masterKeys: WardenConfig['masterKeys']): { kms: KeyEncryptionService; versions: KekRef[] } {
  const kms = createLocalKms({ current: masterKeys.current, previous: masterKeys.previous });
  const current = kms.current();
  const versions = [current, ...masterKeys.previous.map((p) => ({ kekId: current.kekId, kekVersion: p.version }))];
  return { kms, versions };
}
