import { Unknown, type Value } from '../../model/value.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../ip-text.js';

/**
 * Terraform's IP network functions, IPv4 and IPv6 ("This function accepts both IPv6 and IPv4
 * prefixes, and the result always uses the same addressing scheme as the given prefix"), in
 * BigInt arithmetic. Addresses are written as Go writes them: IPv6 in RFC 5952 form (lower case,
 * the longest run of two or more zero groups as `::`), an IPv4-mapped one dotted. IPv4 octets with
 * leading zeros are decimal, Terraform's "historical accident".
 */

interface Network {
  readonly v6: boolean;
  /** 32 or 128. */
  readonly width: number;
  readonly prefix: number;
  /** The network address, host bits cleared. */
  readonly base: bigint;
}

function parseNetwork(text: string, fn: string): Network | Unknown {
  const [address = '', prefixText = '', extra] = text.split('/');
  const v6 = address.includes(':');
  const width = v6 ? 128 : 32;
  const value = v6 ? parseIPv6(address) : parseIPv4(address);
  const prefix = Number(prefixText);
  if (value === undefined || extra !== undefined || !/^\d{1,3}$/.test(prefixText) || prefix > width)
    return new Unknown(`${fn}(): '${text}' is not a CIDR prefix (invalid CIDR address)`);
  const hostBits = BigInt(width - prefix);
  return { v6, width, prefix, base: (value >> hostBits) << hostBits };
}

/** Go writes an IPv4-mapped address (`::ffff:a.b.c.d`) as the IPv4 address. */
function formatV6(value: bigint): string {
  return value >> 32n === 0xffffn ? formatIPv4(value & 0xffffffffn) : formatIPv6(value);
}

const formatAddress = (network: Network, value: bigint): string => (network.v6 ? formatV6(value) : formatIPv4(value));

function wholeNumber(value: Value, what: string, fn: string): bigint | Unknown {
  if (typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  return new Unknown(`${fn}(): ${what} ${JSON.stringify(value)} is not a whole number`);
}

/** `cidrsubnet(prefix, newbits, netnum)`. */
export function cidrsubnet(prefix: string, newbitsValue: Value, netnumValue: Value): Value {
  const network = parseNetwork(prefix, 'cidrsubnet');
  if (network instanceof Unknown) return network;
  const newbits = wholeNumber(newbitsValue, 'newbits', 'cidrsubnet');
  if (newbits instanceof Unknown) return newbits;
  const netnum = wholeNumber(netnumValue, 'netnum', 'cidrsubnet');
  if (netnum instanceof Unknown) return netnum;
  // "For portability with 32-bit systems", Terraform extends a prefix by at most 32 bits at a time.
  if (newbits < 0n || newbits > 32n) return new Unknown(`cidrsubnet("${prefix}", ${newbits}, ${netnum}) is out of range (newbits from 0 to 32)`);
  const length = network.prefix + Number(newbits);
  if (length > network.width || netnum < 0n || netnum >= 1n << newbits) return new Unknown(`cidrsubnet("${prefix}", ${newbits}, ${netnum}) is out of range`);
  return `${formatAddress(network, network.base + (netnum << BigInt(network.width - length)))}/${length}`;
}

/** `cidrhost(prefix, hostnum)`: a negative hostnum counts from the end of the range. */
export function cidrhost(prefix: string, hostnumValue: Value): Value {
  const network = parseNetwork(prefix, 'cidrhost');
  if (network instanceof Unknown) return network;
  const hostnum = wholeNumber(hostnumValue, 'hostnum', 'cidrhost');
  if (hostnum instanceof Unknown) return hostnum;
  const size = 1n << BigInt(network.width - network.prefix);
  const offset = hostnum < 0n ? size + hostnum : hostnum;
  if (offset < 0n || offset >= size) return new Unknown(`cidrhost("${prefix}", ${hostnum}) is out of range`);
  return formatAddress(network, network.base + offset);
}

/** `cidrnetmask(prefix)`: IPv4 only ("If you use an IPv6 address, cidrnetmask returns an error"). */
export function cidrnetmask(prefix: string): Value {
  const network = parseNetwork(prefix, 'cidrnetmask');
  if (network instanceof Unknown) return network;
  if (network.v6) return new Unknown(`cidrnetmask(): '${prefix}' is an IPv6 prefix, which has no netmask`);
  return formatIPv4(0xffffffffn ^ ((1n << BigInt(32 - network.prefix)) - 1n));
}

/**
 * `cidrsubnets(prefix, newbits...)`: consecutive ranges, each the next one of its size after the
 * one before (`cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)` → …, `10.1.32.0/24`, `10.1.48.0/20`).
 */
export function cidrsubnets(prefix: string, newbitsValues: readonly Value[]): Value {
  const network = parseNetwork(prefix, 'cidrsubnets');
  if (network instanceof Unknown) return network;
  const end = network.base + (1n << BigInt(network.width - network.prefix));
  const out: string[] = [];
  let next = network.base;
  for (const value of newbitsValues) {
    const newbits = wholeNumber(value, 'newbits', 'cidrsubnets');
    if (newbits instanceof Unknown) return newbits;
    if (newbits < 1n || newbits > 32n) return new Unknown(`cidrsubnets(): newbits ${newbits} is out of range (from 1 to 32)`);
    const length = network.prefix + Number(newbits);
    if (length > network.width) return new Unknown(`cidrsubnets(): a prefix of ${length} bits is too long for an ${network.v6 ? 'IPv6' : 'IPv4'} address`);
    const size = 1n << BigInt(network.width - length);
    const start = ((next + size - 1n) / size) * size;
    if (start + size > end) return new Unknown(`cidrsubnets(): not enough remaining address space in ${prefix} for a subnet with a prefix of ${length} bits`);
    out.push(`${formatAddress(network, start)}/${length}`);
    next = start + size;
  }
  return out;
}
