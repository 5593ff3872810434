import { block, embeddedIPv4, inBlock, parseAddress, type Block, type ParsedAddress } from './ip-address';

/** Why an address is not one Warden may call on a person's say-so; 'public' when it may. */
export type AddressClass =
  | 'public'
  | 'loopback'
  | 'unspecified'
  | 'private'
  | 'shared'
  | 'link_local'
  | 'unique_local'
  | 'multicast'
  | 'broadcast'
  | 'metadata'
  | 'documentation'
  | 'benchmarking'
  | 'reserved';

/** How an error names each class: "Warden does not call 10.0.0.5: it is a private-network address." */
export const ADDRESS_CLASS_TEXT: Readonly<Record<Exclude<AddressClass, 'public'>, string>> = Object.freeze({
  loopback: 'a loopback address (this machine)',
  unspecified: 'the unspecified address (this machine)',
  private: 'a private-network address',
  shared: 'a carrier-grade NAT address (100.64.0.0/10)',
  link_local: 'a link-local address',
  unique_local: 'a private (unique-local) IPv6 address',
  multicast: 'a multicast address',
  broadcast: 'the broadcast address',
  metadata: 'a cloud metadata service address',
  documentation: 'an address reserved for documentation',
  benchmarking: 'an address reserved for benchmarking',
  reserved: 'a reserved address that is not on the public internet',
});

type Rule = [Block, Exclude<AddressClass, 'public'>];
const rules = (list: Array<[string, Exclude<AddressClass, 'public'>]>): Rule[] => list.map(([cidr, cls]) => [block(cidr), cls]);

// First match wins, so the metadata addresses come before the link-local and private blocks that hold them.
const IPV4_RULES = rules([
  ['255.255.255.255/32', 'broadcast'],
  ['169.254.169.254/32', 'metadata'], // AWS, GCP, Azure, Oracle, DigitalOcean, OpenStack
  ['169.254.170.2/32', 'metadata'], // AWS ECS task credentials
  ['169.254.170.23/32', 'metadata'], // AWS EKS pod identity
  ['100.100.100.200/32', 'metadata'], // Alibaba Cloud
  ['192.0.0.192/32', 'metadata'], // Oracle Cloud (classic)
  ['0.0.0.0/8', 'unspecified'], // "this network": 0.0.0.0 reaches the local machine on Linux
  ['10.0.0.0/8', 'private'],
  ['100.64.0.0/10', 'shared'],
  ['127.0.0.0/8', 'loopback'],
  ['169.254.0.0/16', 'link_local'],
  ['172.16.0.0/12', 'private'],
  ['192.0.0.0/24', 'reserved'], // IETF protocol assignments
  ['192.0.2.0/24', 'documentation'],
  ['192.88.99.0/24', 'reserved'], // deprecated 6to4 relay anycast
  ['192.168.0.0/16', 'private'],
  ['198.18.0.0/15', 'benchmarking'],
  ['198.51.100.0/24', 'documentation'],
  ['203.0.113.0/24', 'documentation'],
  ['224.0.0.0/4', 'multicast'],
  ['240.0.0.0/4', 'reserved'],
]);

const IPV6_RULES = rules([
  ['::/128', 'unspecified'],
  ['::1/128', 'loopback'],
  ['fd00:ec2::254/128', 'metadata'], // AWS instance metadata over IPv6
  ['fd00:ec2::23/128', 'metadata'], // AWS EKS pod identity over IPv6
  ['64:ff9b:1::/48', 'private'], // local-use NAT64 (RFC 8215)
  ['100::/64', 'reserved'], // discard-only
  ['2001:2::/48', 'benchmarking'],
  ['2001:db8::/32', 'documentation'],
  ['2001::/23', 'reserved'], // IETF protocol assignments, Teredo included
  ['3fff::/20', 'documentation'],
  ['5f00::/16', 'reserved'], // SRv6 SIDs
  ['fc00::/7', 'unique_local'],
  ['fe80::/10', 'link_local'],
  ['fec0::/10', 'private'], // deprecated site-local
  ['ff00::/8', 'multicast'],
]);

// IPv6 forms that carry an IPv4 address: what they reach is decided by the IPv4 address inside.
const MAPPED = block('::ffff:0:0/96');
const TRANSLATED = block('::ffff:0:0:0/96');
const NAT64 = block('64:ff9b::/96');
const COMPATIBLE = block('::/96');
const SIX_TO_FOUR = block('2002::/16');
const GLOBAL_UNICAST = block('2000::/3');

/**
 * Classifies one IP address; undefined when the text is not an IP address (a host name). Only
 * 'public' may be called for a person-given URL; everything else is named by the class.
 */
export function classifyAddress(text: string): AddressClass | undefined {
  const address = parseAddress(text);
  if (!address) return undefined;
  const cls = address.version === 4 ? classifyIPv4(address) : classifyIPv6(address);
  // A zone id only makes sense on a scoped (link-local) address, never on a public one.
  return address.version === 6 && address.zone && cls === 'public' ? 'link_local' : cls;
}

export function isPublicAddress(text: string): boolean {
  return classifyAddress(text) === 'public';
}

function classifyIPv4(address: ParsedAddress): AddressClass {
  return IPV4_RULES.find(([b]) => inBlock(address, b))?.[1] ?? 'public';
}

function classifyIPv6(address: ParsedAddress): AddressClass {
  const exact = IPV6_RULES.find(([b]) => inBlock(address, b) && b.bits === 128)?.[1];
  if (exact) return exact;
  if (inBlock(address, MAPPED) || inBlock(address, TRANSLATED) || inBlock(address, NAT64)) {
    return classifyIPv4(embeddedIPv4(address.value));
  }
  if (inBlock(address, COMPATIBLE)) {
    // Deprecated IPv4-compatible form (::a.b.c.d): never routed, even around a public IPv4 address.
    const inner = classifyIPv4(embeddedIPv4(address.value));
    return inner === 'public' ? 'reserved' : inner;
  }
  if (inBlock(address, SIX_TO_FOUR)) return classifyIPv4(embeddedIPv4(address.value, 80n));
  const cls = IPV6_RULES.find(([b]) => inBlock(address, b))?.[1];
  if (cls) return cls;
  return inBlock(address, GLOBAL_UNICAST) ? 'public' : 'reserved';
}
