/**
 * Named private hosts that person-given URLs may reach anyway: self-hosted gateways on a private
 * network (WARDEN_ALLOWED_PRIVATE_HOSTS). An entry is a host name or IP address, optionally with a
 * port; without a port, every port of that host is allowed.
 */
export interface AllowedHost {
  /** Normalised like a URL's hostname: lower case, IPv4 as a dotted quad, IPv6 compressed, no brackets. */
  host: string;
  port?: number;
}

export type AllowedHosts = readonly AllowedHost[];

/**
 * Parses "gw.internal, 10.0.0.5:8443, [fd00::5]:443". Each entry goes through WHATWG URL host
 * parsing, so `127.1` and `127.0.0.1` are the same entry and match the URLs they would match.
 */
export function parseAllowedHosts(text: string): { hosts: AllowedHost[]; problems: string[] } {
  const hosts: AllowedHost[] = [];
  const problems: string[] = [];
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const parsed = parseEntry(entry);
    if (parsed) hosts.push(parsed);
    else problems.push(`"${entry}" is not a host name or IP address with an optional :port (e.g. gw.internal or 10.0.0.5:8443)`);
  }
  return { hosts, problems };
}

function parseEntry(entry: string): AllowedHost | undefined {
  // [v6]:port, [v6], a bare IPv6 address (several colons), or name/IPv4 with an optional :port.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  const bare = !bracketed && (entry.match(/:/g) ?? []).length > 1 ? [entry, entry, undefined] : undefined;
  const plain = !bracketed && !bare ? /^([^:]+)(?::(\d+))?$/.exec(entry) : undefined;
  const match = bracketed ?? bare ?? plain;
  if (!match?.[1]) return undefined;
  const hostText = bracketed || bare ? `[${match[1]}]` : match[1];
  if (/[/?#@\s]/.test(hostText)) return undefined;
  let host: string;
  try {
    host = normaliseHost(new URL(`http://${hostText}`).hostname);
  } catch {
    return undefined;
  }
  if (match[2] === undefined) return { host };
  const port = Number(match[2]);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? { host, port } : undefined;
}

/** A URL hostname (or undici's connect hostname) in the form allowlist entries are kept in. */
export function normaliseHost(hostname: string): string {
  let host = hostname.toLowerCase();
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return host.endsWith('.') ? host.slice(0, -1) : host;
}

/** The port a URL really uses: its own, or the scheme's default. */
export function effectivePort(protocol: string, port: string | number | undefined): number {
  const explicit = Number(port);
  if (port !== undefined && port !== '' && Number.isInteger(explicit)) return explicit;
  return protocol === 'https:' ? 443 : 80;
}

export function isAllowedHost(allowed: AllowedHosts, hostname: string, port: number): boolean {
  const host = normaliseHost(hostname);
  return allowed.some((entry) => entry.host === host && (entry.port === undefined || entry.port === port));
}
