import fc from 'fast-check';
import { classifyAddress, refusalFor } from '../../src/delivery/webhooks/egress/address-policy.js';

const octet = fc.integer({ min: 0, max: 255 });
/** An IPv4 address in `a.b.c.d/prefix`, the host bits random. */
const inV4 = (base: [number, number, number, number], prefix: number) =>
  fc.integer({ min: 0, max: 2 ** (32 - prefix) - 1 }).map((host) => {
    const n = ((((base[0] << 24) | (base[1] << 16) | (base[2] << 8) | base[3]) >>> 0) + host) >>> 0;
    return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
  });
const anyV4 = fc.tuple(octet, octet, octet, octet).map((o) => o.join('.'));
const hex16 = fc.integer({ min: 0, max: 0xffff }).map((n) => n.toString(16));
/** An IPv6 address whose first group is drawn from [from, to], the other seven random. */
const inV6 = (from: number, to: number) =>
  fc.tuple(fc.integer({ min: from, max: to }), fc.array(hex16, { minLength: 7, maxLength: 7 })).map(([first, rest]) => [first.toString(16), ...rest].join(':'));

const METADATA = ['169.254.169.254', '169.254.170.2', '168.63.129.16', '100.100.100.200', 'fd00:ec2::254'];

describe('webhook destination addresses', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.0.0.1', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.10.1', 'link_local'],
    ['100.64.0.1', 'carrier_grade_nat'],
    ['100.127.255.255', 'carrier_grade_nat'],
    ['0.0.0.0', 'unspecified'],
    ['255.255.255.255', 'broadcast'],
    ['224.0.0.251', 'multicast'],
    ['240.0.0.1', 'reserved'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link_local'],
    ['fe80::1%eth0', 'link_local'],
    ['fc00::1', 'unique_local'],
    ['fd12:3456::1', 'unique_local'],
    ['ff02::1', 'multicast'],
    ['2001:db8::1', 'reserved'],
    ['2002:c000:0204::1', 'reserved'],
    ['4000::1', 'reserved'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['[::ffff:10.0.0.1]', 'private'],
    ['::ffff:169.254.169.254', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::8.8.8.8', 'public'],
    ['8.8.8.8', 'public'],
    ['172.32.0.1', 'public'],
    ['100.128.0.1', 'public'],
    ['2001:4860:4860::8888', 'public'],
    ['2a00:1450:400e:80c::200e', 'public'],
    ['redis', 'not_an_address'],
  ])('%s is %s', (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });

  it('names cloud metadata services, even when private targets are allowed for development', () => {
    for (const address of METADATA) {
      expect(classifyAddress(address)).toBe('metadata');
      expect(refusalFor(address, { allowPrivateTargets: true })).toBe('metadata');
    }
  });

  it('classifies every address of each special IPv4 range', () => {
    const ranges: Array<[[number, number, number, number], number, string[]]> = [
      [[127, 0, 0, 0], 8, ['loopback']],
      [[10, 0, 0, 0], 8, ['private']],
      [[172, 16, 0, 0], 12, ['private']],
      [[192, 168, 0, 0], 16, ['private']],
      [[169, 254, 0, 0], 16, ['link_local', 'metadata']],
      [[100, 64, 0, 0], 10, ['carrier_grade_nat', 'metadata']],
      [[224, 0, 0, 0], 4, ['multicast']],
      [[240, 0, 0, 0], 4, ['reserved', 'broadcast']],
      [[0, 0, 0, 0], 8, ['unspecified']],
    ];
    for (const [base, prefix, expected] of ranges) {
      fc.assert(fc.property(inV4(base, prefix), (address) => expected.includes(classifyAddress(address))));
    }
  });

  it('judges an IPv4-mapped or NAT64 IPv6 address exactly like the IPv4 address inside it', () => {
    fc.assert(
      fc.property(anyV4, (v4) => {
        const plain = classifyAddress(v4);
        return classifyAddress(`::ffff:${v4}`) === plain && classifyAddress(`[::ffff:${v4}]`) === plain && classifyAddress(`64:ff9b::${v4}`) === plain;
      }),
    );
  });

  it('classifies every address of each special IPv6 range', () => {
    fc.assert(fc.property(inV6(0xfc00, 0xfdff), (address) => ['unique_local', 'metadata'].includes(classifyAddress(address))));
    fc.assert(fc.property(inV6(0xfe80, 0xfebf), (address) => classifyAddress(address) === 'link_local'));
    fc.assert(fc.property(inV6(0xff00, 0xffff), (address) => classifyAddress(address) === 'multicast'));
    // outside 2000::/3 nothing is assigned for global unicast
    fc.assert(fc.property(inV6(0x4000, 0xfbff), (address) => classifyAddress(address) !== 'public'));
  });

  it('never calls an address public that sits in a refused IPv4 range, and never throws on any input', () => {
    const refused = [
      ['127.0.0.0', 8],
      ['10.0.0.0', 8],
      ['172.16.0.0', 12],
      ['192.168.0.0', 16],
      ['169.254.0.0', 16],
      ['100.64.0.0', 10],
      ['224.0.0.0', 4],
      ['240.0.0.0', 4],
      ['0.0.0.0', 8],
    ] as const;
    const toInt = (a: string) => a.split('.').reduce((n, o) => ((n << 8) | Number(o)) >>> 0, 0);
    const inside = (a: string) => refused.some(([base, prefix]) => toInt(a) >>> (32 - prefix) === toInt(base) >>> (32 - prefix));
    fc.assert(fc.property(anyV4, (address) => !inside(address) || classifyAddress(address) !== 'public'));
    fc.assert(fc.property(fc.string(), (text) => typeof classifyAddress(text) === 'string'));
  });

  it('lets the development setting open loopback and private networks only', () => {
    const allowed = ['127.0.0.1', '::1', '10.1.2.3', '192.168.0.7', '100.64.1.1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1'];
    for (const address of allowed) {
      expect(refusalFor(address, { allowPrivateTargets: false })).not.toBeNull();
      expect(refusalFor(address, { allowPrivateTargets: true })).toBeNull();
    }
    for (const address of ['0.0.0.0', '255.255.255.255', '224.0.0.1', '240.0.0.1', '::', 'ff02::1', ...METADATA]) {
      expect(refusalFor(address, { allowPrivateTargets: true })).not.toBeNull();
    }
    expect(refusalFor('8.8.8.8', { allowPrivateTargets: false })).toBeNull();
  });
});
