/** CIDR functions (template-functions-cidr), IPv4 and IPv6, with BigInt address arithmetic. */
import type { Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { fn, intArg, stringArg } from './support.js';

interface Network {
  readonly v6: boolean;
  readonly bits: number;
  readonly prefix: number;
  /** The network address (host bits cleared). */
  readonly base: bigint;
}

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) return undefined;
  return parts.reduce((sum, part) => (sum << 8n) | BigInt(part), 0n);
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groups = (half: string | undefined): string[] => (half ? half.split(':') : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if ((halves.length === 1 && missing !== 0) || missing < 0) return undefined;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (all.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return all.reduce((sum, group) => (sum << 16n) | BigInt(Number.parseInt(group, 16)), 0n);
}

function parseNetwork(call: Call, text: string): Network {
  const [address = '', prefixText, extra] = text.split('/');
  const v6 = address.includes(':');
  const bits = v6 ? 128 : 32;
  const value = v6 ? parseV6(address) : parseV4(address);
  const prefix = Number(prefixText);
  if (value === undefined || extra !== undefined || !/^\d+$/.test(prefixText ?? '') || prefix > bits) {
    throw call.error(`'${text}' is not a valid CIDR range`);
  }
  const hostBits = BigInt(bits - prefix);
  return { v6, bits, prefix, base: (value >> hostBits) << hostBits };
}

function formatV4(value: bigint): string {
  return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 255n)).join('.');
}

/** RFC 5952: lowercase, no leading zeros, the longest run of two or more zero groups as "::". */
function formatV6(value: bigint): string {
  const groups = Array.from({ length: 8 }, (_, i) => Number((value >> BigInt(112 - 16 * i)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLength) [bestStart, bestLength] = [i, j - i];
    i = j;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

const formatAddress = (network: Network, value: bigint): string => (network.v6 ? formatV6(value) : formatV4(value));
const size = (network: Network): bigint => 1n << BigInt(network.bits - network.prefix);

function parseCidr(call: Call): Value {
  const network = parseNetwork(call, stringArg(call, 0));
  const last = network.base + size(network) - 1n;
  const mask = ((1n << BigInt(network.bits)) - 1n) ^ (size(network) - 1n);
  if (network.v6) {
    return { network: formatV6(network.base), netmask: formatV6(mask), firstUsable: formatV6(network.base), lastUsable: formatV6(last), cidr: network.prefix };
  }
  const small = network.prefix >= 31;
  return {
    network: formatV4(network.base),
    netmask: formatV4(mask),
    broadcast: formatV4(last),
    firstUsable: formatV4(small ? network.base : network.base + 1n),
    lastUsable: formatV4(small ? last : last - 1n),
    cidr: network.prefix,
  };
}

function cidrSubnet(call: Call): Value {
  const network = parseNetwork(call, stringArg(call, 0));
  const prefix = intArg(call, 1);
  const index = intArg(call, 2);
  if (prefix < network.prefix || prefix > network.bits) throw call.error(`the new CIDR ${prefix} must be between ${network.prefix} and ${network.bits}`);
  const count = 1n << BigInt(prefix - network.prefix);
  if (index < 0 || BigInt(index) >= count) throw call.error(`subnet index ${index} is out of range (0 to ${count - 1n})`);
  const base = network.base + BigInt(index) * (1n << BigInt(network.bits - prefix));
  return `${formatAddress(network, base)}/${prefix}`;
}

function cidrHost(call: Call): Value {
  const network = parseNetwork(call, stringArg(call, 0));
  const index = intArg(call, 1);
  const usable = network.v6 ? size(network) - 1n : network.prefix >= 31 ? size(network) : size(network) - 2n;
  if (index < 0 || BigInt(index) >= usable) throw call.error(`host index ${index} is out of range for ${stringArg(call, 0)}`);
  const offset = !network.v6 && network.prefix >= 31 ? 0n : 1n;
  return formatAddress(network, network.base + offset + BigInt(index));
}

export const cidrFunctions: readonly FunctionSpec[] = [fn('cidrHost', 2, 2, cidrHost), fn('cidrSubnet', 3, 3, cidrSubnet), fn('parseCidr', 1, 1, parseCidr)];
