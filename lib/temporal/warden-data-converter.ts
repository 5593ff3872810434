import type { DataConverter } from '@temporalio/common';
import type { KekRef, KeyEncryptionService } from '../crypto/kms';
import { createDataConverter } from './data-converter';
import { codecKeysFromKms, createEncryptionCodec } from './payload-codec';

/** The one data converter the client, the worker and the codec server share. */
export async function createWardenPayloadCodec(kms: KeyEncryptionService, versions: KekRef[]) {
  return createEncryptionCodec(await codecKeysFromKms(kms, versions));
}

export async function createWardenDataConverter(kms: KeyEncryptionService, versions: KekRef[]): Promise<DataConverter> {
  return createDataConverter(await createWardenPayloadCodec(kms, versions));
}
