export { keyProgressQuery } from './keys';
export { confirmBreakGlassUpdate, decideGrantUpdate, grantRequestQuery, revokeGrantSignal } from './access';
export {
  cancelIncidentSignal,
  replacementKeyActivatedSignal,
  retryVerificationSignal,
  revokedAtProviderSignal,
  runbookStateQuery,
} from './runbooks';
export { ingestionProgressQuery } from './ingestion';
export { decideDsarUpdate, dsarRequestQuery } from './dsar';
