import { ERROR_CODES, WardenError } from '../errors';
import { ADDRESS_CLASS_TEXT, type AddressClass } from './address-class';

export const ALLOWLIST_VARIABLE = 'WARDEN_ALLOWED_PRIVATE_HOSTS';

export type Refusal =
  /** The host is (or is named as) a non-public address: a literal IP, `localhost`, a metadata name. */
  | { kind: 'address'; addressClass: Exclude<AddressClass, 'public'> }
  /** The host name resolved to a non-public address at connect time. */
  | { kind: 'resolved'; addressClass: Exclude<AddressClass, 'public'> }
  | { kind: 'plain_http' }
  | { kind: 'scheme'; scheme: string }
  | { kind: 'redirect'; status: number };

/**
 * Warden refused to call a URL a person gave. Permanent (retrying cannot help) and safe to show:
 * it names the host and port only, never the path or query, where a pasted key could sit.
 */
export class RefusedUrlError extends WardenError {
  constructor(
    readonly host: string,
    readonly refusal: Refusal,
  ) {
    super(ERROR_CODES.urlRefused, refusalMessage(host, refusal), { host, refusal: refusal.kind });
    this.name = 'RefusedUrlError';
  }
}

function refusalMessage(host: string, r: Refusal): string {
  const allowHint = `, or an operator can allow a self-hosted gateway's host in ${ALLOWLIST_VARIABLE}`;
  switch (r.kind) {
    case 'address':
    case 'resolved': {
      const what = `${r.kind === 'address' ? 'it is' : 'it resolves to'} ${ADDRESS_CLASS_TEXT[r.addressClass]}`;
      // No allowlist can open the metadata service: it hands out the machine's own cloud credentials.
      return r.addressClass === 'metadata'
        ? `Warden does not call ${host}: ${what}.`
        : `Warden does not call ${host}: ${what}. Give the provider's public https URL${allowHint}.`;
    }
    case 'plain_http':
      return `Warden does not call ${host} over plain http: give an https:// URL (http is allowed only for hosts in ${ALLOWLIST_VARIABLE}).`;
    case 'scheme':
      return `Warden does not call ${r.scheme} URLs: give the provider's https:// URL.`;
    case 'redirect':
      return `${host} answered with a redirect (HTTP ${r.status}), and Warden does not follow redirects from a given URL: give the final URL instead.`;
  }
}

/** Duck-typed, because errors can cross module realms (an SDK's error chain, a test VM). */
export function findRefusedUrlError(err: unknown): { code: string; message: string } | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 6 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (code === ERROR_CODES.urlRefused && typeof message === 'string') return { code, message };
    current = cause;
  }
  return undefined;
}
