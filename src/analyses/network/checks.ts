import type { ResourceGraph } from '../../model/graph.js';
import { oncePerObject } from '../../model/memo.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import type { Flow, MaybeDecider, RuleRef } from './evaluate.js';
import type { PortExposure, Segment, VmNetwork } from './exposure.js';
import { IntervalSet } from './interval-set.js';
import type { Target } from './topology.js';
import { ofInternetScale } from './addresses.js';
import { internetOf } from './paths.js';
import { formatPorts, ports as portSet, protocolBit } from './ports.js';

/**
 * Small helpers rules share to read the network analysis: which exposures touch a port set, how
 * to name a path and a rule in a message, and where a finding should point.
 */

/** TCP ports often abused for ransomware entry: SMB, RPC, NetBIOS, databases, Telnet, FTP, VNC. */
export const HIGH_RISK_TCP = portSet(445, 135, [137, 139], 1433, 3306, 5432, 23, [20, 21], 5900);

export function touching<T extends Segment>(segments: readonly T[], ports: IntervalSet, protocol?: 'Tcp' | 'Udp'): T[] {
  return segments.filter((segment) => (protocol === undefined || segment.protocol === protocol) && segment.ports.overlaps(ports));
}

/** The first reason a VM's answers are unknown, from its problems or unknown exposures. */
/**
 * Whether what may decide an undecided segment is default rules alone (AllowVnetInBound where
 * VirtualNetwork may take in a 0.0.0.0/0 route's addresses): no rule someone wrote may decide it,
 * and the IP configuration's subnet, address, application security groups and NSGs are all read
 * (an NSG not read names no rule at all, and may hold any).
 */
export function onlyDefaultRules(target: Target, segment: Segment): boolean {
  const read = [target.subnet, target.address, target.asgs, target.subnetNsg, target.nicNsg].every((part) => !isUnknown(part));
  const deciders = [...segment.rules, ...segment.maybeRules.map((maybe) => maybe.rule)];
  return read && !segment.noNsg && deciders.length > 0 && deciders.every((rule) => rule.isDefault);
}

export function unknownReason(network: VmNetwork, segments: readonly Segment[]): string | undefined {
  return (
    network.problems[0] ??
    segments.find((segment) => segment.reach === 'unknown')?.reason ??
    (segments.some((segment) => segment.reach === 'unknown') ? 'the NSGs on the path cannot be fully read' : undefined)
  );
}

export function pathText(exposure: PortExposure): string {
  const { path } = exposure;
  const names: Record<PortExposure['path']['kind'], string> = {
    'public-ip': 'public IP',
    'load-balancer-nat': 'load balancer NAT rule',
    'load-balancer-rule': 'load-balancing rule',
    'application-gateway': 'Application Gateway',
    'firewall-dnat': 'firewall DNAT rule',
  };
  const frontend =
    !isUnknown(path.frontendPorts) && !isUnknown(path.ports) && !path.frontendPorts.equals(path.ports)
      ? ` (frontend port ${formatPorts(path.frontendPorts)})`
      : '';
  return `${names[path.kind]} ${path.via.name}${path.rule ? `/${path.rule.name}` : ''}${frontend}`;
}

/** The allowing rule that matters most: the first custom one, else the last one. */
export function mainRule(rules: readonly RuleRef[]): RuleRef | undefined {
  return rules.find((rule) => !rule.isDefault) ?? rules[rules.length - 1];
}

/** Rules' names, the first five and how many more: no words, so the same in both languages. */
export function ruleNames(rules: readonly RuleRef[]): string {
  const names = rules.slice(0, 5).map((r) => `${r.nsgName}/${r.name}`);
  return rules.length > 5 ? `${names.join(', ')}, +${rules.length - 5}` : names.join(', ');
}

export function ruleText(rule: RuleRef | undefined): string {
  return rule ? refText(rule) : 'no NSG';
}

/**
 * A rule ref is shared by every chain it decides in, and findings about every VM behind the rule
 * name it: its text is spelled (and, when the report engine shares it, hashed) once.
 */
const refText = oncePerObject((rule: RuleRef): string => `${rule.nsgName}/${rule.name} (priority ${rule.priority ?? '?'})`);

/** Where a finding about an allowing rule points: the rule in its NSG, or the NSG for a default rule. */
export function ruleTarget(
  graph: ResourceGraph,
  rule: RuleRef | undefined,
  fallback: { resource: Resource; at?: string },
): { resource: Resource; at?: string } {
  // The NSG of the finding's own input, when two inputs declare the same id.
  const nsg = rule ? graph.get(rule.nsgId, fallback.resource) : undefined;
  if (!rule || !nsg) return fallback;
  return rule.pointer === undefined ? { resource: nsg, at: '' } : { resource: nsg, at: rule.pointer };
}

/**
 * A rule above `rule` in its NSG that may match instead (a setting not known), and that `stands`
 * does not count against the VM, in every flow of the segment `rule` decides: the traffic gets in
 * either way, but whether `rule` is what admits it is not known. Undefined when `rule` surely
 * decides some of it.
 */
export function displacedBy(flows: readonly Flow[], segment: Segment, rule: RuleRef, stands: (maybe: RuleRef) => boolean): MaybeDecider | undefined {
  // The segment's flows have no rule that may decide in place of another (the common case).
  if (segment.maybeRules.length === 0) return undefined;
  const protocol = protocolBit(segment.protocol);
  let displaced: MaybeDecider | undefined;
  for (const flow of flows) {
    if (flow.verdict !== 'reachable' || (flow.protocols & protocol) === 0 || !flow.ports.overlaps(segment.ports) || !flow.remote.overlaps(segment.sources))
      continue;
    if (!decides(rule, flow)) continue;
    const above = flow.maybeDeciders.find((maybe) => maybe.rule.nsgId === rule.nsgId && maybe.rule.attachment === rule.attachment && !stands(maybe.rule));
    if (!above) return undefined;
    displaced ??= above;
  }
  return displaced;
}

/**
 * Whether `rule` admits, on the segment's ports, every workload subnet of the target's VNet: a rule
 * whose source is the VNet's prefixes, or a wider range (`10.0.0.0/8`), is as broad as
 * `VirtualNetwork` for movement inside it, however it is written.
 */
export function admitsWholeVnet(target: Target, segment: Segment, rule: RuleRef): boolean {
  const subnets = target.workloadSubnets;
  if (subnets === undefined || !segment.sources.covers(subnets)) return false;
  const admitted = admittedBy(target, segment, rule);
  return !admitted.isEmpty() && admitted.covers(subnets);
}

/** The sources `rule` admits on all of the segment's ports (the flows it decides), from the target's inbound flows. */
export function admittedBy(target: Target, segment: Segment, rule: RuleRef): IntervalSet {
  const protocol = protocolBit(segment.protocol);
  return admittedThrough(target.inbound(), rule, (flow) => (flow.protocols & protocol) !== 0 && flow.ports.covers(segment.ports));
}

/** The remote addresses of the reachable flows `rule` decides (of those `keep` takes). */
function admittedThrough(flows: readonly Flow[], rule: RuleRef, keep: (flow: Flow) => boolean = () => true): IntervalSet {
  const admitted: IntervalSet[] = [];
  for (const flow of flows) if (flow.verdict === 'reachable' && keep(flow) && decides(rule, flow)) admitted.push(flow.remote);
  return IntervalSet.unionAll(admitted);
}

/** Whether `rule` is one of the rules that decide `flow` (refs of the same rule compared by NSG, attachment and name). */
function decides(rule: RuleRef, flow: Flow): boolean {
  return flow.steps.some((step) => sameNsg(step, rule) && step.name === rule.name);
}

function sameNsg(a: RuleRef, b: RuleRef): boolean {
  return a.nsgId === b.nsgId && a.attachment === b.attachment;
}

/**
 * Whether `rule` lets in public sources of the target's IP version at the Internet's scale (a /8
 * of IPv4), on any port: from the whole Internet, or from a part that large. Read from the flows
 * it decides, once per chain (VMs behind the same NSGs share their flows).
 */
export function admitsInternet(target: Target, rule: RuleRef): boolean {
  const flows = target.inbound();
  const internet = internetOf(target);
  let byFamily = internetAdmitters.get(flows);
  if (!byFamily) {
    byFamily = new Map();
    internetAdmitters.set(flows, byFamily);
  }
  let byRule = byFamily.get(internet);
  if (!byRule) {
    byRule = new Map();
    byFamily.set(internet, byRule);
  }
  let found = byRule.get(rule);
  if (found === undefined) {
    // Flows a rule above it in its NSG may decide instead are not surely admitted by it: an Allow
    // from VirtualNetwork admits the Internet where an Allow from Internet above it does too
    // (an address is in one or the other), not on the rest of its ports.
    found = ofInternetScale(admittedThrough(flows, rule, (flow) => !flow.maybeDeciders.some((maybe) => sameNsg(maybe.rule, rule))).intersect(internet));
    byRule.set(rule, found);
  }
  return found;
}

/** By chain (its flows), by the Internet of an IP version, by rule (one ref per rule, shared). */
const internetAdmitters = new WeakMap<readonly Flow[], Map<IntervalSet, Map<RuleRef, boolean>>>();

export { formatPorts };
