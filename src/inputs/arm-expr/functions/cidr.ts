/** CIDR functions (template-functions-cidr), IPv4 and IPv6, with BigInt address arithmetic. */
import type { Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { fn, intArg, stringArg } from './support.js';
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from '../../ip-text.js';

interface Network {
  readonly v6: boolean;
  readonly bits: number;
  readonly prefix: number;
  /** The network address (host bits cleared). */
  readonly base: bigint;
}

function parseNetwork(call: Call, text: string): Network {
  const [address = '', prefixText, extra] = text.split('/');
  const v6 = address.includes(':');
  const bits = v6 ? 128 : 32;
  const value = v6 ? parseIPv6(address) : parseIPv4(address);
  const prefix = Number(prefixText);
  if (value === undefined || extra !== undefined || !/^\d+$/.test(prefixText ?? '') || prefix > bits) {
    throw call.error(`'${text}' is not a valid CIDR range`);
  }
  const hostBits = BigInt(bits - prefix);
  return { v6, bits, prefix, base: (value >> hostBits) << hostBits };
}

const formatAddress = (network: Network, value: bigint): string => (network.v6 ? formatIPv6(value) : formatIPv4(value));
const size = (network: Network): bigint => 1n << BigInt(network.bits - network.prefix);

function parseCidr(call: Call): Value {
  const network = parseNetwork(call, stringArg(call, 0));
  const last = network.base + size(network) - 1n;
  const mask = ((1n << BigInt(network.bits)) - 1n) ^ (size(network) - 1n);
  if (network.v6) {
    return {
      network: formatIPv6(network.base),
      netmask: formatIPv6(mask),
      firstUsable: formatIPv6(network.base),
      lastUsable: formatIPv6(last),
      cidr: network.prefix,
    };
  }
  const small = network.prefix >= 31;
  return {
    network: formatIPv4(network.base),
    netmask: formatIPv4(mask),
    broadcast: formatIPv4(last),
    firstUsable: formatIPv4(small ? network.base : network.base + 1n),
    lastUsable: formatIPv4(small ? last : last - 1n),
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
