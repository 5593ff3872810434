import { classifyAddress, type AddressClass } from './address-class';
import { effectivePort, isAllowedHost, normaliseHost, type AllowedHosts } from './allowed-hosts';
import { RefusedUrlError, type Refusal } from './refused-url-error';

// Names that mean the metadata service on the clouds Warden may run on; they resolve to 169.254.169.254.
const METADATA_NAMES = new Set(['metadata', 'metadata.google.internal', 'instance-data', 'instance-data.ec2.internal']);

/**
 * The class a host has on its face, before any resolution: a literal IP address, a `localhost`
 * name (RFC 6761: always this machine) or a metadata service name. Undefined for an ordinary
 * name, whose class only its resolved addresses can tell.
 */
export function hostClass(hostname: string): AddressClass | undefined {
  const host = normaliseHost(hostname);
  if (host === 'localhost' || host.endsWith('.localhost')) return 'loopback';
  if (METADATA_NAMES.has(host)) return 'metadata';
  return classifyAddress(host);
}

export interface UrlParts {
  protocol: string;
  hostname: string;
  port: string;
}

/**
 * What a URL gives away on its face: a scheme other than http(s), plain http to a host that is
 * not allowlisted, or a host that is a private, loopback or metadata address by itself. The key
 * modal uses this for inline errors; the guarded connector applies it again before resolving, and
 * its check of the resolved addresses stays the authority.
 */
export function refusalOnItsFace(url: UrlParts, allowed: AllowedHosts): Refusal | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { kind: 'scheme', scheme: url.protocol.replace(/:$/, '') };
  const cls = hostClass(url.hostname);
  if (cls === 'metadata') return { kind: 'address', addressClass: cls };
  if (isAllowedHost(allowed, url.hostname, effectivePort(url.protocol, url.port))) return undefined;
  if (cls !== undefined && cls !== 'public') return { kind: 'address', addressClass: cls };
  if (url.protocol === 'http:') return { kind: 'plain_http' };
  return undefined;
}

/** The same check on a URL as text; undefined when it passes (or is not a URL: the caller's parse reports that). */
export function refusePersonUrl(text: string, allowed: AllowedHosts): RefusedUrlError | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  const refusal = refusalOnItsFace(url, allowed);
  return refusal ? new RefusedUrlError(url.host, refusal) : undefined;
}
