import { isIPv4, isIPv6 } from 'node:net';

/** A parsed IP address: IPv4 as a 32-bit value, IPv6 as a 128-bit value, each as a bigint. */
export type ParsedAddress = { version: 4; value: bigint } | { version: 6; value: bigint; zone?: string };

/**
 * Parses an IP address in its canonical text forms: dotted-quad IPv4, and IPv6 with `::`, an
 * embedded dotted-quad tail, brackets and a zone id (`fe80::1%eth0`). Returns undefined for
 * anything else, including host names.
 *
 * Legacy IPv4 spellings (`2130706433`, `0x7f.1`, `0177.0.0.1`) are deliberately not parsed here:
 * WHATWG URL parsing turns them into dotted quads before a host ever reaches Warden, and resolver
 * answers are canonical. A string that is neither is a name, and names are resolved and their
 * answers checked.
 */
export function parseAddress(text: string): ParsedAddress | undefined {
  let ip = text.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  const zoneAt = ip.indexOf('%');
  const zone = zoneAt >= 0 ? ip.slice(zoneAt + 1) : undefined;
  if (zoneAt >= 0) ip = ip.slice(0, zoneAt);
  if (zone === undefined && isIPv4(ip)) return { version: 4, value: ipv4Value(ip) };
  if (!isIPv6(ip)) return undefined;
  const value = ipv6Value(ip);
  return value === undefined ? undefined : { version: 6, value, ...(zone ? { zone } : {}) };
}

function ipv4Value(ip: string): bigint {
  return ip.split('.').reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
}

function ipv6Value(ip: string): bigint | undefined {
  let text = ip.toLowerCase();
  // A dotted-quad tail (::ffff:127.0.0.1, 64:ff9b::10.0.0.1) is two 16-bit groups.
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (tail) {
    if (!isIPv4(tail)) return undefined;
    const v = ipv4Value(tail);
    text = `${text.slice(0, -tail.length)}${(v >> 16n).toString(16)}:${(v & 0xffffn).toString(16)}`;
  }
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  let value = 0n;
  for (const group of groups) {
    if (!/^[0-9a-f]{1,4}$/.test(group)) return undefined;
    value = (value << 16n) | BigInt(parseInt(group, 16));
  }
  return value;
}

/** A CIDR block written as text ('10.0.0.0/8', 'fc00::/7'), parsed once. */
export interface Block {
  version: 4 | 6;
  base: bigint;
  bits: number;
}

export function block(cidr: string): Block {
  const [ip = '', bitsText = ''] = cidr.split('/');
  const parsed = parseAddress(ip);
  const bits = Number(bitsText);
  const width = parsed?.version === 4 ? 32 : 128;
  if (!parsed || !Number.isInteger(bits) || bits < 0 || bits > width) throw new Error(`Not a CIDR block: ${cidr}`);
  return { version: parsed.version, base: parsed.value, bits };
}

export function inBlock(address: ParsedAddress, b: Block): boolean {
  if (address.version !== b.version) return false;
  const shift = BigInt((b.version === 4 ? 32 : 128) - b.bits);
  return address.value >> shift === b.base >> shift;
}

/** The IPv4 address held in the low 32 bits (mapped, compatible and NAT64 forms). */
export function embeddedIPv4(value: bigint, shift = 0n): ParsedAddress {
  return { version: 4, value: (value >> shift) & 0xffffffffn };
}
