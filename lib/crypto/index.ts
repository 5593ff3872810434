export { createLocalKms, parseMasterKey, type KekRef, type KeyEncryptionService, type LocalKmsOptions, type WrappedDataKey } from './kms';
export { createSecretSealer, type SealedEnvelope, type SecretSealer } from './envelope';
export { SealedSecretUnreadableError } from './sealed-secret-unreadable-error';
export { fingerprintKey, maskKey } from './mask';
export { createKmsFromConfig } from './kms-from-config';
export { createActorAssertions, argsDigest, type ActorAssertions, type AssertionCheck, type AssertionRequest, type AssertionVerdict } from './actor-assertions';
