import { lookup } from 'node:dns/promises';
import { buildConnector } from 'undici';
import { classifyAddress } from './address-class';
import { effectivePort, isAllowedHost, type AllowedHosts } from './allowed-hosts';
import { RefusedUrlError } from './refused-url-error';
import { refusalOnItsFace } from './url-policy';

/** Resolves a host name to every address it has, as dns.lookup({ all: true }) does. */
export type Resolver = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (hostname) => lookup(hostname, { all: true, verbatim: true });

export interface GuardedConnectorOptions {
  allowedHosts: AllowedHosts;
  resolve: Resolver;
  /** Extra TLS options, such as a private CA; without them Node's trust store (and NODE_EXTRA_CA_CERTS) applies. */
  tls?: { ca?: string | Buffer | Array<string | Buffer> };
}

/**
 * An undici connector that resolves the host itself, refuses when any address is not public (an
 * allowlisted host may reach private addresses, never the metadata service), and then connects
 * to exactly the address it checked. Checking and connecting are one step, so a DNS answer that
 * changes between them (DNS rebinding) cannot slip a private address in. TLS still verifies the
 * certificate against the host name: undici derives the SNI name from the original host.
 */
export function createGuardedConnector(opts: GuardedConnectorOptions): buildConnector.connector {
  const connect = buildConnector({ ...opts.tls });
  return (options, callback) => {
    checkedAddresses(options, opts).then(
      (addresses) => {
        // Every address passed the check; try them in order, as a dual-stack client would.
        const attempt = (i: number): void =>
          connect({ ...options, hostname: addresses[i]! }, (...result) => {
            if (result[0] && i + 1 < addresses.length) return attempt(i + 1);
            callback(...result);
          });
        attempt(0);
      },
      (err: Error) => callback(err, null),
    );
  };
}

/**
 * The addresses a connection may use: all of the host's addresses, once every one has passed.
 * Never opens a socket itself. Throws RefusedUrlError naming the host (as `host:port`) and why.
 */
export async function checkedAddresses(
  options: Pick<buildConnector.Options, 'protocol' | 'hostname' | 'host' | 'port'>,
  { allowedHosts, resolve }: Pick<GuardedConnectorOptions, 'allowedHosts' | 'resolve'>,
): Promise<string[]> {
  const { protocol, hostname, port } = options;
  const shown = options.host ?? hostname;
  const onItsFace = refusalOnItsFace({ protocol, hostname, port }, allowedHosts);
  if (onItsFace) throw new RefusedUrlError(shown, onItsFace);
  const allowed = isAllowedHost(allowedHosts, hostname, effectivePort(protocol, port));
  const literal = classifyAddress(hostname) !== undefined;
  const addresses = literal ? [hostname] : (await resolve(hostname)).map((a) => a.address);
  if (addresses.length === 0) throw Object.assign(new Error(`${shown} has no address`), { code: 'ENOTFOUND' });
  for (const address of addresses) {
    const cls = classifyAddress(address) ?? 'reserved';
    if (cls === 'public' || (allowed && cls !== 'metadata')) continue;
    throw new RefusedUrlError(shown, { kind: literal ? 'address' : 'resolved', addressClass: cls });
  }
  return addresses;
}
