import ipaddr from 'ipaddr.js';
import type { Text } from '../../../common/language.js';

/**
 * Why a webhook destination address is refused. Webhooks leave the server on behalf of partners, so every address
 * that is not a public internet address would let a partner (or an admin) make the server talk to itself, to the
 * private network it runs in, or to a cloud metadata service (server-side request forgery).
 */
export type RefusalRule =
  | 'loopback'
  | 'private'
  | 'link_local'
  | 'carrier_grade_nat'
  | 'unique_local'
  | 'multicast'
  | 'unspecified'
  | 'broadcast'
  | 'reserved'
  | 'metadata'
  | 'not_an_address';

export type AddressClass = 'public' | RefusalRule;

/**
 * The ranges a development setup may reach (local receivers, containers on a private network) when
 * WEBHOOK_ALLOW_PRIVATE_TARGETS is on. Metadata services, broadcast, multicast, unspecified and reserved ranges
 * stay refused even then: no development receiver lives there.
 */
export const PRIVATE_TARGET_CLASSES: ReadonlySet<RefusalRule> = new Set(['loopback', 'private', 'link_local', 'carrier_grade_nat', 'unique_local']);

/**
 * Cloud instance metadata and platform services. Some sit in ranges refused anyway (169.254/16, 100.64/10, fc00::/7),
 * Azure's wireserver is a public address; all are named so that the refusal says what it protects and so that
 * allowing private targets in development never opens them.
 */
const METADATA_ADDRESSES: ReadonlySet<string> = new Set([
  '169.254.169.254', // AWS, GCP, Azure, OpenStack, DigitalOcean, Oracle instance metadata
  '169.254.170.2', // AWS ECS task metadata and credentials
  '168.63.129.16', // Azure wireserver
  '100.100.100.200', // Alibaba Cloud metadata
  'fd00:ec2::254', // AWS instance metadata over IPv6
]);

const IPV4_RANGES: Readonly<Record<string, AddressClass>> = {
  unicast: 'public',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  multicast: 'multicast',
  linkLocal: 'link_local',
  loopback: 'loopback',
  carrierGradeNat: 'carrier_grade_nat',
  private: 'private',
};

const IPV6_RANGES: Readonly<Record<string, AddressClass>> = {
  unspecified: 'unspecified',
  loopback: 'loopback',
  linkLocal: 'link_local',
  multicast: 'multicast',
  uniqueLocal: 'unique_local',
  // fec0::/10 was IPv6's private range before unique local addresses replaced it
  deprecatedSiteLocal: 'private',
};

/** 2000::/3, the only IPv6 space assigned for global unicast; anything else outside the special ranges is reserved. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR('2000::/3');
/** 64:ff9b::/96 (RFC 6052): NAT64 carries the IPv4 address in the last 32 bits, so that address decides. */
const NAT64_WELL_KNOWN = ipaddr.parseCIDR('64:ff9b::/96');

/** Classifies one IP address (v4 or v6, as DNS or a URL gives it, brackets allowed). Never throws. */
export function classifyAddress(input: string): AddressClass {
  const text = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  // zone ids (fe80::1%eth0) only exist for link-local addresses
  const bare = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (!ipaddr.isValid(bare)) return 'not_an_address';
  const parsed = ipaddr.parse(bare);
  return parsed.kind() === 'ipv4' ? classifyV4(parsed as ipaddr.IPv4) : classifyV6(parsed as ipaddr.IPv6);
}

function classifyV4(address: ipaddr.IPv4): AddressClass {
  if (METADATA_ADDRESSES.has(address.toString())) return 'metadata';
  // reserved, as112, amt and any range a later ipaddr.js adds: not a partner's endpoint
  return IPV4_RANGES[address.range()] ?? 'reserved';
}

function classifyV6(address: ipaddr.IPv6): AddressClass {
  // toString() is the compact RFC 5952 form the list uses
  if (METADATA_ADDRESSES.has(address.toString())) return 'metadata';
  const range = address.range();
  // ::ffff:a.b.c.d and ::ffff:0:a.b.c.d reach the IPv4 address itself: classify that
  if (range === 'ipv4Mapped') return classifyV4(address.toIPv4Address());
  if (range === 'rfc6145') return classifyV4(embeddedV4(address));
  if (range === 'rfc6052' && address.match(NAT64_WELL_KNOWN)) return classifyV4(embeddedV4(address));
  const special = IPV6_RANGES[range];
  if (special) return special;
  if (range !== 'unicast') return 'reserved';
  return address.match(GLOBAL_UNICAST_V6) ? 'public' : 'reserved';
}

function embeddedV4(address: ipaddr.IPv6): ipaddr.IPv4 {
  const bytes = address.toByteArray();
  return new ipaddr.IPv4(bytes.slice(12, 16));
}

/** The rule that refuses this address, or null when webhooks may go there. */
export function refusalFor(address: string, options: { allowPrivateTargets: boolean }): RefusalRule | null {
  const verdict = classifyAddress(address);
  if (verdict === 'public') return null;
  if (options.allowPrivateTargets && PRIVATE_TARGET_CLASSES.has(verdict)) return null;
  return verdict;
}

/** What a person reads in the 400 (the address itself is left out: it would map the internal network for the caller). */
export const REFUSAL_EXPLANATIONS: Readonly<Record<RefusalRule | 'port', Text>> = {
  loopback: { nl: 'het adres verwijst naar een loopbackadres (de server zelf)', en: 'the address resolves to a loopback address (the server itself)' },
  private: {
    nl: 'het adres verwijst naar een privénetwerk (RFC 1918: 10/8, 172.16/12, 192.168/16)',
    en: 'the address resolves to a private network (RFC 1918: 10/8, 172.16/12, 192.168/16)',
  },
  link_local: { nl: 'het adres verwijst naar een link-local adres (169.254.0.0/16, fe80::/10)', en: 'the address resolves to a link-local address (169.254.0.0/16, fe80::/10)' },
  carrier_grade_nat: { nl: 'het adres verwijst naar een carrier-grade-NAT-netwerk (100.64.0.0/10)', en: 'the address resolves to a carrier-grade NAT network (100.64.0.0/10)' },
  unique_local: { nl: 'het adres verwijst naar een IPv6 unique local netwerk (fc00::/7)', en: 'the address resolves to an IPv6 unique local network (fc00::/7)' },
  multicast: { nl: 'het adres verwijst naar een multicastadres', en: 'the address resolves to a multicast address' },
  unspecified: { nl: 'het adres verwijst naar het niet-gespecificeerde adres (0.0.0.0 of ::)', en: 'the address resolves to the unspecified address (0.0.0.0 or ::)' },
  broadcast: { nl: 'het adres verwijst naar het broadcastadres', en: 'the address resolves to the broadcast address' },
  reserved: {
    nl: 'het adres verwijst naar een gereserveerd bereik of een bereik voor speciale doelen dat niet op het openbare internet ligt',
    en: 'the address resolves to a reserved or special-purpose range that is not on the public internet',
  },
  metadata: { nl: 'het adres verwijst naar een metadatadienst van een cloud', en: 'the address resolves to a cloud metadata service' },
  not_an_address: { nl: 'de host is geen geldig adres', en: 'the host is not a valid address' },
  port: { nl: 'de poort is niet toegestaan voor webhooks', en: 'the port is not allowed for webhooks' },
};
