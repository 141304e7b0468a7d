import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { get, type Resource } from '../../model/resource.js';
import { parentId, idKey } from '../../model/resource-id.js';
import { isUnknown, prop, type Unknown } from '../../model/value.js';
import { ALL_V4, ALL_V6, INTERNET, INTERNET_SCALE_V4, INTERNET_SCALE_V6, PUBLIC, PUBLIC_V4, PUBLIC_V6 } from './addresses.js';
import type { Flow, MaybeDecider, RuleRef } from './evaluate.js';
import { IntervalSet } from './interval-set.js';
import { dnatIndex, dnatRules, exposurePaths, internetOf, type DnatIndex, type DnatRule, type ExposurePath } from './paths.js';
import { ALL_PORTS, ports as portSet, protocolBit, type ProtocolSet } from './ports.js';
import { asgMembers, scaleSetTargets, subnetClients, vmTargets, type Target, type VmTargets } from './topology.js';
import { appendAll } from '../../model/arrays.js';
import { vmNics } from '../../model/relations.js';

/** How far a port is open: to the whole Internet, to some Internet sources, or not decidable. */
export type Reach = 'internet' | 'restricted' | 'unknown';

/** A run of ports with one answer. */
export interface Segment {
  readonly protocol: 'Tcp' | 'Udp';
  readonly ports: IntervalSet;
  readonly reach: Reach;
  /** Deciding rules, one per NSG on the way (empty when no NSG applies). */
  readonly rules: readonly RuleRef[];
  /**
   * Rules above them that may match instead (a setting not known): for a known reach, ones that
   * would give the same answer; for an unknown one, ones that would decide it otherwise.
   */
  readonly maybeRules: readonly MaybeDecider[];
  /** Source addresses that get through. */
  readonly sources: IntervalSet;
  readonly reason?: string;
  /** True when no NSG applies to the IP configuration at all. */
  readonly noNsg: boolean;
}

/** Ports of a VM exposed through one path. */
export interface PortExposure extends Segment {
  readonly path: ExposurePath;
}

/** Ports of a VM that the NSGs alone admit from a set of sources, whatever the path. */
export interface TargetSegments {
  readonly target: Target;
  readonly segments: readonly Segment[];
}

export interface VmNetwork {
  readonly vm: Resource;
  readonly targets: readonly Target[];
  /** What could not be followed; each makes the VM's answers unknown. */
  readonly problems: readonly string[];
  readonly paths: readonly ExposurePath[];
  /** Every exposed (or maybe exposed) port run, per path. */
  readonly exposures: readonly PortExposure[];
  /** What the NSG chain alone admits from Internet sources (even without a path today). */
  readonly latent: readonly TargetSegments[];
  /** What the NSG chain admits on the lateral-movement ports from inside the VNet (Bastion excluded). */
  readonly lateral: readonly TargetSegments[];
  /** What the NSG chain admits on 22 and 3389 from AzureBastionSubnet. */
  readonly bastion: readonly TargetSegments[];
}

export interface NetworkAnalysis {
  readonly graph: ResourceGraph;
  /** The network view of a VM (`Microsoft.Compute/virtualMachines`), computed on first use. */
  vm(vm: Resource): VmNetwork;
  readonly dnatRules: readonly DnatRule[];
  /** VM IP configurations by the `graph.keyOf` of their subnet. */
  readonly subnetTargets: ReadonlyMap<string, readonly Target[]>;
  /** VM IP configurations by the `graph.keyOf` of their subnet's VNet. */
  readonly vnetTargets: ReadonlyMap<string, readonly Target[]>;
  /** The VM each NIC belongs to, by the NIC's `graph.keyOf`. */
  readonly nicOwners: ReadonlyMap<string, Resource>;
  /** Why some VM's NICs or subnets could not be followed (so subnet lists may be incomplete). */
  readonly unresolved: readonly string[];
  /**
   * The VM IP configurations `unresolved` speaks of, by where they may sit: `anywhere` is the first
   * whose NIC or subnet reference is not known (it may be in any VNet), `byVnet` the first per VNet
   * key (`graph.keyOf`) whose subnet of that VNet is not in the input; `unfollowed` the first VM NIC or NIC
   * configuration that cannot be read at all (its public IP, load balancers, … are not known either).
   */
  readonly unplaced: { readonly anywhere?: Unplaced; readonly unfollowed?: Unplaced; readonly byVnet: ReadonlyMap<string, Unplaced> };
  /**
   * Every VM's exposures through one load balancer, gateway, firewall or public IP (by the
   * `graph.keyOf` of the path's `via`), in VM order: computed once for all of them on first use.
   */
  exposuresThrough(viaKey: string): readonly { readonly vm: Resource; readonly exposure: PortExposure }[];
  /** The public addresses the NSG of a subnet without VMs (AzureBastionSubnet, …) admits on TCP `ports`, and why more may be admitted. */
  subnetClients(subnet: Resource, ports: IntervalSet): { readonly clients: IntervalSet; readonly unknown?: string };
}

/** A VM (or scale set) with an IP configuration that cannot be followed to its subnet, and why. */
export interface Unplaced {
  readonly vm: Resource;
  readonly reason: string;
}

/** Ports attackers use for lateral movement: RDP, SSH, SMB, RPC, WinRM. */
export const LATERAL_PORTS = portSet(3389, 22, 445, 135, 5985, 5986);
export const MANAGEMENT_PORTS = portSet(22, 3389, 5985, 5986);
const BASTION_PORTS = portSet(22, 3389);

const TCP_UDP: readonly ('Tcp' | 'Udp')[] = ['Tcp', 'Udp'];

interface Raw {
  readonly protocol: 'Tcp' | 'Udp';
  readonly ports: IntervalSet;
  readonly allowed: IntervalSet;
  readonly unknown: IntervalSet;
  readonly allowedRules: RuleRef[];
  readonly unknownRules: RuleRef[];
  readonly allowedMaybe: MaybeDecider[];
  readonly unknownMaybe: MaybeDecider[];
  readonly reason?: string;
}

/** Cuts the flows of a chain, seen from `clients` on `ports`, into port runs with the same answer. */
function rawSegments(flows: readonly Flow[], clients: IntervalSet, ports: IntervalSet, protocols: ProtocolSet): Raw[] {
  const out: Raw[] = [];
  for (const protocol of TCP_UDP) {
    if ((protocols & protocolBit(protocol)) === 0) continue;
    const parts: Part[] = flows
      .filter((flow) => (flow.protocols & protocolBit(protocol)) !== 0 && flow.verdict !== 'unreachable')
      .map((flow) => ({ flow, ports: flow.ports.intersect(ports), remote: flow.remote.intersect(clients) }))
      .filter((part) => !part.ports.isEmpty() && !part.remote.isEmpty());
    const cuts = new Set<number>();
    for (const part of parts) part.ports.forEachSmallRange((lo, hi) => cuts.add(lo).add(hi + 1));
    const sorted = [...cuts].sort((a, b) => a - b);
    // The answer of a run depends only on which parts cover it, and many runs share those (every
    // gap between the ports named by narrow rules is covered by the same broad ones): one answer
    // per distinct combination.
    const answers = new Map<number | string, Answer | null>();
    for (let i = 0; i + 1 < sorted.length; i++) {
      const lo = sorted[i] as number;
      const hi = (sorted[i + 1] as number) - 1;
      const key = coverKey(parts, lo, hi);
      let answer = answers.get(key);
      if (answer === undefined) {
        answer = runAnswer(parts.filter((part) => part.ports.overlapsSmallRange(lo, hi)));
        answers.set(key, answer);
      }
      if (answer === null) continue;
      const { allowed, unknown, allowedRules, unknownRules, allowedMaybe, unknownMaybe, reason } = answer;
      out.push(
        reason === undefined
          ? { protocol, ports: IntervalSet.range(lo, hi), allowed, unknown, allowedRules, unknownRules, allowedMaybe, unknownMaybe }
          : { protocol, ports: IntervalSet.range(lo, hi), allowed, unknown, allowedRules, unknownRules, allowedMaybe, unknownMaybe, reason },
      );
    }
  }
  return out;
}

interface Part {
  readonly flow: Flow;
  readonly ports: IntervalSet;
  readonly remote: IntervalSet;
}

type Answer = Omit<Raw, 'protocol' | 'ports'>;

/**
 * Which parts cover the ports `lo`–`hi`: a number (one bit per part) or, past 30 parts, their
 * indexes spelled out.
 */
function coverKey(parts: readonly Part[], lo: number, hi: number): number | string {
  if (parts.length <= 30) {
    let mask = 0;
    for (let index = 0; index < parts.length; index++) if ((parts[index] as Part).ports.overlapsSmallRange(lo, hi)) mask |= 1 << index;
    return mask;
  }
  let key = '';
  for (let index = 0; index < parts.length; index++) if ((parts[index] as Part).ports.overlapsSmallRange(lo, hi)) key += `${index},`;
  return key;
}

/** What the parts admit together; null when nothing. */
function runAnswer(parts: readonly Part[]): Answer | null {
  const allowedSets: IntervalSet[] = [];
  const unknownSets: IntervalSet[] = [];
  const allowedRules: RuleRef[] = [];
  const unknownRules: RuleRef[] = [];
  const allowedMaybe: MaybeDecider[] = [];
  const unknownMaybe: MaybeDecider[] = [];
  let reason: string | undefined;
  for (const part of parts) {
    if (part.flow.verdict === 'reachable') {
      allowedSets.push(part.remote);
      addRules(allowedRules, part.flow.steps);
      addMaybes(allowedMaybe, part.flow.maybeDeciders);
    } else {
      unknownSets.push(part.remote);
      addRules(unknownRules, part.flow.steps);
      addMaybes(unknownMaybe, part.flow.maybeDeciders);
      reason ??= part.flow.reason;
    }
  }
  const allowed = IntervalSet.unionAll(allowedSets);
  const unknown = IntervalSet.unionAll(unknownSets);
  if (allowed.isEmpty() && unknown.isEmpty()) return null;
  // An empty reason is left out, as an absent one.
  return reason
    ? { allowed, unknown, allowedRules, unknownRules, allowedMaybe, unknownMaybe, reason }
    : { allowed, unknown, allowedRules, unknownRules, allowedMaybe, unknownMaybe };
}

function addMaybes(into: MaybeDecider[], maybes: readonly MaybeDecider[]): void {
  for (const maybe of maybes) if (!into.some((known) => sameRule(known.rule, maybe.rule))) into.push(maybe);
}

/**
 * A segment as one object literal, so that segments share a few hidden classes (a spread followed
 * by new properties gives each object one of its own).
 */
function segment(
  protocol: 'Tcp' | 'Udp',
  ports: IntervalSet,
  reach: Reach,
  rules: readonly RuleRef[],
  maybeRules: readonly MaybeDecider[],
  sources: IntervalSet,
  noNsg: boolean,
  reason?: string,
): Segment {
  // Segments are kept: equal sets shared, the rule lists (built by pushing) copied without spare capacity.
  const keptPorts = IntervalSet.shared(ports);
  const keptRules = rules.slice();
  const keptMaybe = maybeRules.length === 0 ? NO_MAYBE : maybeRules.slice();
  const keptSources = IntervalSet.shared(sources);
  return reason === undefined
    ? { protocol, ports: keptPorts, reach, rules: keptRules, maybeRules: keptMaybe, sources: keptSources, noNsg }
    : { protocol, ports: keptPorts, reach, rules: keptRules, maybeRules: keptMaybe, sources: keptSources, reason, noNsg };
}

/** Shared by every segment without rules that may decide in place of its own. */
const NO_MAYBE: readonly MaybeDecider[] = Object.freeze([]);

function onPath({ protocol, ports, reach, rules, maybeRules, sources, reason, noNsg }: Segment, path: ExposurePath): PortExposure {
  return reason === undefined
    ? { protocol, ports, reach, rules, maybeRules, sources, noNsg, path }
    : { protocol, ports, reach, rules, maybeRules, sources, reason, noNsg, path };
}

function sameRule(a: RuleRef, b: RuleRef): boolean {
  return a.nsgId === b.nsgId && a.name === b.name && a.attachment === b.attachment;
}

function addRules(list: RuleRef[], steps: readonly RuleRef[]): void {
  for (const step of steps) if (!list.some((rule) => sameRule(rule, step))) list.push(step);
}

/**
 * Whether `allowed` takes in a whole address family of `family` (all public IPv4, or all public
 * IPv6), or all of it but fewer addresses than the Internet's scale (`INTERNET_SCALE_V4`): a Deny
 * of a few ranges above an Allow from everyone, or the public prefixes `VirtualNetwork` holds taken
 * out of `Internet`, still leave a VM open to the Internet.
 */
export function internetWide(allowed: IntervalSet, family: IntervalSet): boolean {
  return nearlyAll(allowed, family.intersect(ALL_V4), INTERNET_SCALE_V4) || nearlyAll(allowed, family.intersect(ALL_V6), INTERNET_SCALE_V6);
}

function nearlyAll(allowed: IntervalSet, part: IntervalSet, slack: bigint): boolean {
  if (part.isEmpty() || !allowed.overlaps(part)) return false;
  if (allowed.covers(part)) return true;
  // Counted first (no set built): most allowed sets are far smaller than the Internet.
  const size = part.size();
  return size > slack && allowed.size() > size - slack && part.subtract(allowed).size() < slack;
}

function classify(allowed: IntervalSet, unknown: IntervalSet, family: IntervalSet): Reach | 'closed' {
  if (internetWide(allowed, family)) return 'internet';
  if (unknown.overlaps(family)) return 'unknown';
  if (allowed.overlaps(family)) return 'restricted';
  return 'closed';
}

/** Whether two runs give the same answer (everything but the ports). */
function sameAnswer(a: Segment, b: Segment): boolean {
  return (
    a.protocol === b.protocol &&
    a.reach === b.reach &&
    (a.reason ?? '') === (b.reason ?? '') &&
    a.rules.length === b.rules.length &&
    a.rules.every((rule, i) => sameRule(rule, b.rules[i] as RuleRef)) &&
    a.maybeRules.length === b.maybeRules.length &&
    a.maybeRules.every((maybe, i) => sameRule(maybe.rule, (b.maybeRules[i] as MaybeDecider).rule)) &&
    a.sources.equals(b.sources)
  );
}

/** Joins neighbouring runs with the same answer (the ports of each group merged at once: thousands of runs can join). */
function merge<T extends Segment>(segments: T[]): T[] {
  const out: T[] = [];
  for (let start = 0; start < segments.length;) {
    const first = segments[start] as T;
    let end = start + 1;
    while (end < segments.length && sameAnswer(first, segments[end] as T)) end++;
    out.push(end === start + 1 ? first : { ...first, ports: IntervalSet.unionAll(segments.slice(start, end).map((segment) => segment.ports)) });
    start = end;
  }
  return out;
}

/**
 * Results computed from a chain's flows, shared by every target whose chain gave the same flows
 * (the chain evaluation itself is shared that way, see topology.ts): one computation per
 * subnet-and-NSG combination rather than one per VM.
 */
const byFlows = new WeakMap<readonly Flow[], Map<string, unknown>>();

function memoOnFlows<T>(flows: readonly Flow[], key: string, compute: () => T): T {
  let memo = byFlows.get(flows);
  if (!memo) {
    memo = new Map();
    byFlows.set(flows, memo);
  }
  if (memo.has(key)) return memo.get(key) as T;
  const value = compute();
  memo.set(key, value);
  return value;
}

const setKeys = new WeakMap<IntervalSet, string>();
let setKeysMade = 0;

/**
 * A short memo key for a set's value: the kept set of that value (`IntervalSet.shared`), numbered
 * once. Spelled out, the bounds of an address set ran to hundreds of characters, built into every
 * key and hashed on every question (several per VM).
 */
function setKey(set: IntervalSet): string {
  let key = setKeys.get(set);
  if (key === undefined) {
    const kept = IntervalSet.shared(set);
    key = setKeys.get(kept);
    if (key === undefined) {
      key = `#${++setKeysMade}`;
      setKeys.set(kept, key);
    }
    setKeys.set(set, key);
  }
  return key;
}

/** What the NSG chain admits from `clients`, classified against the public `family`; `flows` for traffic addressed elsewhere than the VM. */
function chainSegments(
  target: Target,
  clients: IntervalSet,
  ports: IntervalSet,
  protocols: ProtocolSet,
  family: IntervalSet,
  flows = target.inbound(),
): readonly Segment[] {
  const key = `chain|${target.noNsg}|${protocols}|${setKey(clients)}|${setKey(ports)}|${setKey(family)}`;
  return memoOnFlows(flows, key, () => computeChainSegments(flows, target.noNsg, clients, ports, protocols, family));
}

function computeChainSegments(
  flows: readonly Flow[],
  noNsg: boolean,
  clients: IntervalSet,
  ports: IntervalSet,
  protocols: ProtocolSet,
  family: IntervalSet,
): Segment[] {
  const segments: Segment[] = [];
  for (const raw of rawSegments(flows, clients, ports, protocols)) {
    const reach = classify(raw.allowed, raw.unknown, family);
    if (reach === 'closed') continue;
    if (reach !== 'unknown') {
      segments.push(segment(raw.protocol, raw.ports, reach, raw.allowedRules, raw.allowedMaybe, raw.allowed, noNsg));
      continue;
    }
    // Sources that surely get through are restricted whatever the rest turns out to be (an admin
    // range, while what else VirtualNetwork holds is not known): a segment of their own, with the
    // rules that admit them, beside the unknown one.
    if (raw.allowed.overlaps(family)) segments.push(segment(raw.protocol, raw.ports, 'restricted', raw.allowedRules, raw.allowedMaybe, raw.allowed, noNsg));
    segments.push(segment(raw.protocol, raw.ports, 'unknown', raw.unknownRules, raw.unknownMaybe, IntervalSet.EMPTY, noNsg, raw.reason || undefined));
  }
  return merge(segments);
}

function pathExposures(path: ExposurePath): PortExposure[] {
  const target = path.target;
  const ports = isUnknown(path.ports) ? ALL_PORTS : path.ports;
  const whole = (reach: Reach, reason: string | undefined, sources: IntervalSet): PortExposure[] =>
    TCP_UDP.filter((protocol) => (path.protocols & protocolBit(protocol)) !== 0).map((protocol) =>
      onPath(segment(protocol, ports, reach, [], [], sources, target.noNsg, reason || undefined), path),
    );
  const unknownReason = path.unknown ?? (isUnknown(path.ports) ? path.ports.reason : isUnknown(path.clients) ? path.clients.reason : undefined);
  if (unknownReason !== undefined || isUnknown(path.clients)) return whole('unknown', unknownReason, IntervalSet.EMPTY);
  const clients = path.clients;
  if (path.nsgSource === undefined) {
    // The NSGs see the Internet client itself (public IP, load balancer).
    if (target.noNsg) {
      if (isUnknown(path.openWithoutNsg)) return whole('unknown', `no NSG applies and ${path.openWithoutNsg.reason}`, IntervalSet.EMPTY);
      return path.openWithoutNsg ? whole(classify(clients, IntervalSet.EMPTY, clients) as Reach, undefined, clients) : [];
    }
    const flows = path.destination ? target.inboundTo(path.destination) : target.inbound();
    return chainSegments(target, clients, ports, path.protocols, clients, flows).map((found) => onPath(found, path));
  }
  // The NSGs see the Application Gateway or firewall subnet; the front end decides who gets in.
  if (isUnknown(path.nsgSource)) return whole('unknown', path.nsgSource.reason, IntervalSet.EMPTY);
  const front = classify(clients, IntervalSet.EMPTY, INTERNET);
  if (front === 'closed') return [];
  const out: PortExposure[] = [];
  const source = path.nsgSource;
  // The runs depend on the chain, the front end's subnet, the ports and protocols: shared by every VM behind the same front end and chain.
  const flows = target.inbound();
  const raws = memoOnFlows(flows, `front|${path.protocols}|${setKey(source)}|${setKey(ports)}`, () => rawSegments(flows, source, ports, path.protocols));
  for (const raw of raws) {
    const passes = raw.allowed.covers(source);
    const reach: Reach = passes ? front : 'unknown';
    if (!passes && raw.unknown.isEmpty() && !raw.allowed.overlaps(source)) continue;
    const rules = passes ? raw.allowedRules : [...raw.allowedRules, ...raw.unknownRules];
    const reason = passes
      ? undefined
      : (raw.reason ?? `the NSGs admit only part of the ${path.kind === 'application-gateway' ? 'Application Gateway' : 'firewall'} subnet`);
    out.push(
      onPath(
        segment(
          raw.protocol,
          raw.ports,
          reach,
          rules,
          passes ? raw.allowedMaybe : raw.unknownMaybe,
          passes ? clients : IntervalSet.EMPTY,
          target.noNsg,
          reason,
        ),
        path,
      ),
    );
  }
  return merge(out);
}

function computeVm(graph: ResourceGraph, { vm, targets, problems }: VmTargets, dnat: DnatIndex): VmNetwork {
  const paths = targets.flatMap((target) => exposurePaths(graph, target, dnat));
  const exposures = paths.flatMap(pathExposures);
  // Only the Internet of an IP configuration's own family can ever reach it.
  const latent = targets.map((target) => {
    const internet = internetOf(target);
    return { target, segments: target.noNsg ? [] : chainSegments(target, internet, ALL_PORTS, protocolBit('Tcp') | protocolBit('Udp'), internet) };
  });
  const lateral = targets.map((target) => ({ target, segments: lateralSegments(target, target.lateralSources) }));
  const bastion = targets.map((target) => ({
    target,
    segments: target.bastionSubnets.isEmpty() ? [] : lateralSegments(target, target.bastionSubnets, BASTION_PORTS),
  }));
  return { vm, targets, problems, paths, exposures, latent, lateral, bastion };
}

/** What the NSG chain admits from `sources`: anything admitted is `restricted`; `unknown` when undecidable. */
export function lateralSegments(target: Target, sources: IntervalSet, ports = LATERAL_PORTS): readonly Segment[] {
  if (sources.isEmpty()) return [];
  const flows = target.inbound();
  const key = `lateral|${target.noNsg}|${setKey(sources)}|${setKey(ports)}`;
  return memoOnFlows(flows, key, () => computeLateralSegments(flows, target.noNsg, sources, ports));
}

function computeLateralSegments(flows: readonly Flow[], noNsg: boolean, sources: IntervalSet, ports: IntervalSet): Segment[] {
  const out: Segment[] = [];
  for (const raw of rawSegments(flows, sources, ports, protocolBit('Tcp'))) {
    if (!raw.allowed.isEmpty()) out.push(segment(raw.protocol, raw.ports, 'restricted', raw.allowedRules, raw.allowedMaybe, raw.allowed, noNsg));
    // Sources whose answer is unknown get their own segment, so no rule reads them as a pass.
    if (!raw.unknown.isEmpty())
      out.push(segment(raw.protocol, raw.ports, 'unknown', raw.unknownRules, raw.unknownMaybe, raw.unknown, noNsg, raw.reason || undefined));
  }
  return merge(out);
}

/**
 * The network exposure analysis: for every VM, its IP configurations, the NSG chains on them
 * (evaluated once, symbolically, for every source, port and protocol), the exposure paths from the
 * Internet and what each admits. Use it through `context.analyses.get(networkAnalysis)`.
 */
export function networkAnalysis(graph: ResourceGraph): NetworkAnalysis {
  const asgs = graph.derive(asgMembers);
  const dnat = dnatIndex(dnatRules(graph));
  const cache = new Map<string, VmNetwork>();
  const targetsByVm = new Map<string, VmTargets>();
  const vm = (resource: Resource): VmNetwork => {
    // By `keyOf`: two templates that deploy the same VM id are two VMs.
    const key = graph.keyOf(resource);
    let found = cache.get(key);
    if (!found) {
      const targets = targetsByVm.get(key) ?? (isScaleSet(resource) ? scaleSetTargets(graph, resource, asgs) : vmTargets(graph, resource, asgs));
      found = computeVm(graph, targets, dnat);
      cache.set(key, found);
    }
    return found;
  };
  const subnetTargets = new Map<string, Target[]>();
  const vnetTargets = new Map<string, Target[]>();
  const nicOwners = new Map<string, Resource>();
  const unresolved: string[] = [];
  let anywhere: Unplaced | undefined;
  let unfollowed: Unplaced | undefined;
  const byVnet = new Map<string, Unplaced>();
  for (const machine of [...graph.ofType('Microsoft.Compute/virtualMachines'), ...scaleSetsByModel(graph)]) {
    const found = isScaleSet(machine) ? scaleSetTargets(graph, machine, asgs) : vmTargets(graph, machine, asgs);
    targetsByVm.set(graph.keyOf(machine), found);
    const { targets, problems } = found;
    // A VM owns the NICs it names, whether or not their IP configurations are known.
    if (!isScaleSet(machine)) {
      const nics = vmNics(graph, machine);
      if (!isUnknown(nics)) for (const { nic } of nics) if (!isUnknown(nic)) nicOwners.set(graph.keyOf(nic), machine);
    }
    appendAll(unresolved, problems);
    if (problems.length > 0) {
      unfollowed ??= { vm: machine, reason: problems[0] as string };
      anywhere ??= unfollowed;
    }
    for (const target of targets) {
      nicOwners.set(graph.keyOf(target.nic), machine);
      if (isUnknown(target.subnet)) {
        unresolved.push(target.subnet.reason);
        // A subnet written out but not in the input is in the VNet its id names; one not known, in any.
        const reference = prop(target.ipConfiguration.body, 'properties', 'subnet');
        const id = typeof reference === 'string' ? reference : prop(reference, 'id');
        const vnetId = typeof id === 'string' ? vnetKeyOf(idKey(id)) : undefined;
        const vnetKey = vnetId === undefined ? undefined : graph.referenceKey(vnetId, target.nic);
        if (vnetKey === undefined) anywhere ??= { vm: machine, reason: target.subnet.reason };
        else if (!byVnet.has(vnetKey)) byVnet.set(vnetKey, { vm: machine, reason: target.subnet.reason });
        continue;
      }
      pushTo(subnetTargets, graph.keyOf(target.subnet), target);
      const vnetKey = vnetKeyOf(target.subnet.key);
      if (vnetKey !== undefined) pushTo(vnetTargets, graph.referenceKey(vnetKey, target.subnet), target);
    }
  }
  let byVia: Map<string, { vm: Resource; exposure: PortExposure }[]> | undefined;
  const exposuresThrough = (viaKey: string): readonly { vm: Resource; exposure: PortExposure }[] => {
    if (!byVia) {
      byVia = new Map();
      for (const machine of [...graph.ofType('Microsoft.Compute/virtualMachines'), ...scaleSetsByModel(graph)]) {
        for (const exposure of vm(machine).exposures) {
          const key = graph.referenceKey(exposure.path.via.id.toLowerCase(), machine);
          pushTo(byVia, key, { vm: machine, exposure });
        }
      }
    }
    return byVia.get(viaKey) ?? [];
  };
  const clients = (subnet: Resource, ports: IntervalSet): ReturnType<NetworkAnalysis['subnetClients']> => subnetClients(graph, subnet, ports);
  const unplaced = { ...(anywhere ? { anywhere } : {}), ...(unfollowed ? { unfollowed } : {}), byVnet };
  return { graph, vm, dnatRules: dnat.rules, subnetTargets, vnetTargets, nicOwners, unresolved, unplaced, exposuresThrough, subnetClients: clients };
}

const SCALE_SET_TYPE = 'microsoft.compute/virtualmachinescalesets';

export function isScaleSet(resource: Resource): boolean {
  return resource.type.length === SCALE_SET_TYPE.length && resource.type.toLowerCase() === SCALE_SET_TYPE;
}

/**
 * The scale sets the analysis judges by their model, as it judges VMs: those whose VMs the input
 * does not hold (a live estate lists a Flexible scale set's VMs, which are judged themselves).
 */
export function scaleSetsByModel(graph: ResourceGraph): readonly Resource[] {
  return graph.derive(modelScaleSets);
}

function modelScaleSets(graph: ResourceGraph): Resource[] {
  const scaleSets = graph.ofType('Microsoft.Compute/virtualMachineScaleSets');
  if (scaleSets.length === 0) return [];
  const held = new Set<string>();
  for (const vm of graph.ofType('Microsoft.Compute/virtualMachines')) {
    const id = prop(get(vm, 'properties', 'virtualMachineScaleSet'), 'id');
    if (typeof id === 'string') held.add(idKey(id));
  }
  return scaleSets.filter((scaleSet) => !held.has(scaleSet.key));
}

/** The VNet key of a subnet key. */
export function vnetKeyOf(subnetKey: string): string | undefined {
  const parent = parentId(subnetKey);
  return parent === undefined ? undefined : idKey(parent);
}

/** The public address family a frontend admits, for messages. */
export function familyOf(clients: IntervalSet | Unknown): IntervalSet {
  return isUnknown(clients)
    ? PUBLIC
    : clients.overlaps(PUBLIC_V4) && !clients.overlaps(PUBLIC_V6)
      ? PUBLIC_V4
      : clients.overlaps(PUBLIC_V6) && !clients.overlaps(PUBLIC_V4)
        ? PUBLIC_V6
        : PUBLIC;
}
