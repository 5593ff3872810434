export { createLocalKms, parseMasterKey, type KekRef, type KeyEncryptionService, type LocalKmsOptions, type WrappedDataKey } from './kms';
export { createSecretSealer, type SealedEnvelope, type SecretSealer } from './envelope';
export { SealedSecretUnreadableError } from './sealed-secret-unreadable-error';
export { maskKey } from './mask';
export {
  createKeyFingerprinter,
  KEYED_FINGERPRINT_PREFIX,
  type KeyFingerprinter,
  type KeyIdentity,
  type KeyStamp,
  type RecordedStamp,
  type StampCheck,
} from './key-fingerprinter';
export { createKmsFromConfig } from './kms-from-config';
export { createActorAssertions, argsDigest, type ActorAssertions, type AssertionCheck, type AssertionRequest, type AssertionVerdict } from './actor-assertions';
export { createChunkSealer, type ChunkReader, type ChunkSealer, type ChunkWriter, type SealedChunk } from './chunked-envelope';
export { createApiKeyHasher, type ApiKeyHasher } from './api-key-hasher';
