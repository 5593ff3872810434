// The worker's workflowsPath: every workflow, one per file.
export { addProviderKey } from './keys/add-provider-key';
export { retireProviderKey } from './keys/retire-provider-key';
export { revokeProviderKey } from './keys/revoke-provider-key';
export { setProviderPolicy } from './keys/set-provider-policy';
