export { ADDRESS_CLASS_TEXT, classifyAddress, isPublicAddress, type AddressClass } from './address-class';
export { isAllowedHost, parseAllowedHosts, type AllowedHost, type AllowedHosts } from './allowed-hosts';
export { createGuardedFetch, type GuardedFetch, type GuardedFetchOptions } from './guarded-fetch';
export { systemResolver, type Resolver } from './guarded-connector';
export { ALLOWLIST_VARIABLE, RefusedUrlError, findRefusedUrlError, type Refusal } from './refused-url-error';
export { hostClass, refusePersonUrl } from './url-policy';
