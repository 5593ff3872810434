import { classifyAddress, hostClass, type AddressClass } from '../../../../lib/net';

// [address as a resolver or a URL would give it, class]
const CASES: Array<[string, AddressClass]> = [
  // IPv4
  ['8.8.8.8', 'public'],
  ['104.18.6.192', 'public'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback'],
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', 'unspecified'],
  ['10.0.0.1', 'private'],
  ['172.16.0.1', 'private'],
  ['172.31.255.255', 'private'],
  ['172.32.0.1', 'public'],
  ['192.168.1.1', 'private'],
  ['100.64.0.1', 'shared'],
  ['100.127.255.255', 'shared'],
  ['100.128.0.1', 'public'],
  ['169.254.0.1', 'link_local'],
  ['169.254.169.254', 'metadata'],
  ['169.254.170.2', 'metadata'],
  ['100.100.100.200', 'metadata'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved'],
  ['192.0.0.8', 'reserved'],
  ['192.0.2.10', 'documentation'],
  ['198.51.100.7', 'documentation'],
  ['203.0.113.9', 'documentation'],
  ['198.18.0.1', 'benchmarking'],
  ['198.19.255.255', 'benchmarking'],
  // IPv6
  ['2606:4700::6812:6c0', 'public'],
  ['::1', 'loopback'],
  ['0:0:0:0:0:0:0:1', 'loopback'],
  ['::', 'unspecified'],
  ['fe80::1', 'link_local'],
  ['febf:ffff::1', 'link_local'],
  ['fc00::1', 'unique_local'],
  ['fd12:3456:789a::1', 'unique_local'],
  ['fd00:ec2::254', 'metadata'],
  ['FD00:EC2:0:0:0:0:0:254', 'metadata'],
  ['ff02::1', 'multicast'],
  ['2001:db8::1', 'documentation'],
  ['3fff::1', 'documentation'],
  ['2001:2::1', 'benchmarking'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'reserved'], // Teredo
  ['100::1', 'reserved'],
  ['fec0::1', 'private'],
  ['4000::1', 'reserved'], // outside global unicast 2000::/3
  // IPv4 inside IPv6: the IPv4 address decides
  ['::ffff:127.0.0.1', 'loopback'],
  ['::ffff:7f00:1', 'loopback'],
  ['0:0:0:0:0:ffff:a9fe:a9fe', 'metadata'],
  ['::ffff:10.0.0.1', 'private'],
  ['::ffff:8.8.8.8', 'public'],
  ['::ffff:0:127.0.0.1', 'loopback'], // IPv4-translated
  ['::127.0.0.1', 'loopback'], // deprecated IPv4-compatible
  ['::8.8.8.8', 'reserved'], // IPv4-compatible is never routed
  ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
  ['64:ff9b::10.1.2.3', 'private'],
  ['64:ff9b::169.254.169.254', 'metadata'],
  ['64:ff9b::8.8.8.8', 'public'],
  ['64:ff9b:1::a00:1', 'private'], // local-use NAT64
  ['2002:7f00:1::1', 'loopback'], // 6to4 of 127.0.0.1
  ['2002:c0a8:101::1', 'private'], // 6to4 of 192.168.1.1
  ['2002:808:808::1', 'public'],
  // Zones and brackets
  ['fe80::1%eth0', 'link_local'],
  ['[::1]', 'loopback'],
  ['2606:4700::1%eth0', 'link_local'], // a zone makes any address scoped
];

test.each(CASES)('%s is %s', (address, cls) => {
  expect(classifyAddress(address)).toBe(cls);
});

test('host names and malformed addresses are not classified (they are resolved instead)', () => {
  for (const text of ['api.openai.com', '127.0.0.1.nip.io', '1.2.3', '256.1.1.1', '010.0.0.1', '::1::2', '1:2:3:4:5:6:7:8:9', 'fe80::g', '']) {
    expect(classifyAddress(text)).toBeUndefined();
  }
});

// How people write an IPv4 address in a URL, and what the WHATWG parser (the one Warden uses) makes of it.
const URL_FORMS: Array<[string, AddressClass]> = [
  ['http://2130706433/', 'loopback'], // decimal
  ['http://0x7f000001/', 'loopback'], // hex
  ['http://0x7f.1/', 'loopback'],
  ['http://0177.0.0.1/', 'loopback'], // octal
  ['http://127.1/', 'loopback'],
  ['http://0/', 'unspecified'],
  ['http://0x0a.0.0.1/', 'private'],
  ['http://012.1.2.3/', 'private'],
  ['http://169.254.169.254./', 'metadata'], // trailing dot
  ['http://2852039166/', 'metadata'], // 169.254.169.254 as one number
  ['http://0xa9fea9fe/', 'metadata'],
  ['http://0251.0376.0251.0376/', 'metadata'],
  ['http://[::ffff:169.254.169.254]/', 'metadata'],
  ['http://[::ffff:127.0.0.1]:8080/', 'loopback'],
  ['http://[0:0:0:0:0:0:0:1]/', 'loopback'],
  ['http://[fd00:ec2::254]/', 'metadata'],
  ['http://LOCALHOST/', 'loopback'],
  ['http://localhost./', 'loopback'],
  ['http://api.localhost/', 'loopback'], // RFC 6761: *.localhost is this machine
  ['http://metadata.google.internal/', 'metadata'],
  ['http://93.184.215.14/', 'public'],
];

test.each(URL_FORMS)('the host of %s is %s on its face', (url, cls) => {
  expect(hostClass(new URL(url).hostname)).toBe(cls);
});

test('an ordinary name has no class on its face: only its resolved addresses tell', () => {
  expect(hostClass(new URL('https://api.groq.com/openai/v1').hostname)).toBeUndefined();
});
