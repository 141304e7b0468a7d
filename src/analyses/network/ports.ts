import { oncePerObject } from '../../model/memo.js';
import { IntervalSet } from './interval-set.js';

export const ALL_PORTS = IntervalSet.range(0, 65535);
/** Every port a service can listen on: 1–65535 (port 0 is reserved), so a rule for 1-65535 is one for all. */
export const EVERY_PORT = IntervalSet.range(1, 65535);

/** A port field value: `22`, `1000-2000` or `*`; undefined when it is none of them. */
export function parsePortRange(text: string): IntervalSet | undefined {
  const value = text.trim();
  if (value === '*' || value.toLowerCase() === 'any') return ALL_PORTS;
  const match = /^(\d{1,5})(?:\s*-\s*(\d{1,5}))?$/.exec(value);
  if (!match) return undefined;
  const lo = Number(match[1]);
  const hi = match[2] === undefined ? lo : Number(match[2]);
  if (lo > hi || hi > 65535) return undefined;
  return IntervalSet.range(lo, hi);
}

/** Ports as a set from numbers and `[from, to]` pairs. */
export function ports(...items: (number | readonly [number, number])[]): IntervalSet {
  return IntervalSet.of(items.map((item) => (typeof item === 'number' ? [BigInt(item), BigInt(item)] : [BigInt(item[0]), BigInt(item[1])])));
}

export interface PortRange {
  readonly from: number;
  readonly to: number;
}

export function portRanges(set: IntervalSet): PortRange[] {
  return set.intersect(ALL_PORTS).ranges.map(([lo, hi]) => ({ from: Number(lo), to: Number(hi) }));
}

/** Spelled once per set: kept port sets are shared (`IntervalSet.shared`), and findings about every VM behind an NSG spell the same ones. */
export const formatPorts = oncePerObject((set: IntervalSet): string =>
  ALL_PORTS.covers(set) && set.covers(ALL_PORTS)
    ? '*'
    : portRanges(set)
        .map(({ from, to }) => (from === to ? String(from) : `${from}-${to}`))
        .join(', '),
);

/** Protocols as a bit set, so a rule's protocol is one more dimension of a box. */
export const PROTOCOLS = ['Tcp', 'Udp', 'Icmp', 'Esp', 'Ah'] as const;
export type Protocol = (typeof PROTOCOLS)[number];
export type ProtocolSet = number;
export const ALL_PROTOCOLS: ProtocolSet = (1 << PROTOCOLS.length) - 1;

export function protocolBit(protocol: Protocol): ProtocolSet {
  return 1 << PROTOCOLS.indexOf(protocol);
}

/** An NSG, load balancer or firewall protocol value; `*`, `Any` and `All` mean every protocol. */
export function parseProtocol(text: string): ProtocolSet | undefined {
  const value = text.trim().toLowerCase();
  if (value === '*' || value === 'any' || value === 'all') return ALL_PROTOCOLS;
  if (value === 'icmpv6') return protocolBit('Icmp');
  const found = PROTOCOLS.find((protocol) => protocol.toLowerCase() === value);
  return found ? protocolBit(found) : undefined;
}

export function formatProtocols(set: ProtocolSet): string {
  if (set === ALL_PROTOCOLS) return '*';
  return PROTOCOLS.filter((protocol) => (set & protocolBit(protocol)) !== 0).join('/');
}
