import type { ResourceGraph } from '../../model/graph.js';
import { oncePerObject } from '../../model/memo.js';
import type { Resource } from '../../model/resource.js';
import { describeSources } from './addresses.js';
import type { MaybeDecider, RuleRef } from './evaluate.js';
import { networkAnalysis, scaleSetsByModel, type NetworkAnalysis, type PortExposure, type Reach } from './exposure.js';
import { IntervalSet } from './interval-set.js';
import type { PathKind } from './paths.js';
import { ALL_PORTS, portRanges, type PortRange } from './ports.js';

export type { PortRange } from './ports.js';
export type { MaybeDecider, RuleRef } from './evaluate.js';

/** The path of an exposure, in plain data (ids, names, pointers) for JSON output. */
export interface ExposurePathSummary {
  readonly kind: PathKind;
  readonly nic: { readonly id: string; readonly name: string };
  readonly ipConfiguration: string;
  /** Public IP, load balancer, Application Gateway or firewall (policy) the traffic goes through. */
  readonly via: { readonly id: string; readonly name: string; readonly type: string };
  /** The NAT, LB, routing or DNAT rule, and its JSON pointer inside `via`. */
  readonly rule?: { readonly name: string; readonly pointer: string };
  /** Ports clients connect to on the front end, when they differ from the VM's. */
  readonly frontendPorts?: readonly PortRange[];
  /** True for Application Gateway: only listener-routed HTTP(S) reaches the VM. */
  readonly viaApplicationGateway: boolean;
}

export interface ExposureEntry {
  readonly protocol: 'Tcp' | 'Udp';
  /** Ports at the VM (what the NSGs see). */
  readonly ports: readonly PortRange[];
  /** Undefined for entries that stem from a VM-level problem (a NIC outside the input, …). */
  readonly path?: ExposurePathSummary;
  /** The deciding rule of each NSG on the way (`locate(nsg, pointer)` finds the source line). */
  readonly rules: readonly RuleRef[];
  /** Rules above them that may match instead (a setting not known) and would give the same answer; absent when none. */
  readonly maybeRules?: readonly MaybeDecider[];
  /** Sources that get through, as CIDRs. */
  readonly sources: readonly string[];
  readonly reason?: string;
  /** True when no NSG applies to the IP configuration. */
  readonly noNsg: boolean;
}

export interface ExposureBucket {
  readonly tcp: readonly PortRange[];
  readonly udp: readonly PortRange[];
  readonly entries: readonly ExposureEntry[];
}

/** One VM's exposure to the Internet, as the scan JSON `exposure[]` shows it. */
export interface ExposureSummary {
  readonly vm: { readonly id: string; readonly name: string };
  /** Ports reachable from the whole Internet (every public address of a family). */
  readonly internet: ExposureBucket;
  /** Ports reachable only from some Internet sources (an admin range, a DNAT source list). */
  readonly restricted: ExposureBucket;
  /** Ports whose reachability the input cannot decide, with why. */
  readonly unknown: ExposureBucket;
  /** What could not be followed for this VM. */
  readonly problems: readonly string[];
}

function pathSummary(exposure: PortExposure): ExposurePathSummary {
  const { path } = exposure;
  const frontend = path.frontendPorts;
  const differs = !(frontend instanceof IntervalSet) || !(path.ports instanceof IntervalSet) || !frontend.equals(path.ports);
  return {
    kind: path.kind,
    nic: { id: path.target.nic.id, name: path.target.nic.name },
    ipConfiguration: path.target.ipConfiguration.name,
    via: path.via,
    ...(path.rule ? { rule: path.rule } : {}),
    ...(differs && frontend instanceof IntervalSet ? { frontendPorts: rangesOf(frontend) } : {}),
    viaApplicationGateway: path.kind === 'application-gateway',
  };
}

function bucket(entries: ExposureEntry[], minus: readonly IntervalSet[] = [IntervalSet.EMPTY, IntervalSet.EMPTY]): ExposureBucket {
  const union = (protocol: 'Tcp' | 'Udp', exclude: IntervalSet): readonly PortRange[] =>
    rangesOf(
      entries
        .filter((entry) => entry.protocol === protocol)
        .reduce((set, entry) => set.union(toSet(entry.ports)), IntervalSet.EMPTY)
        .subtract(exclude),
    );
  return { tcp: union('Tcp', minus[0] ?? IntervalSet.EMPTY), udp: union('Udp', minus[1] ?? IntervalSet.EMPTY), entries };
}

function toSet(ranges: readonly PortRange[]): IntervalSet {
  return rangeSets.get(ranges) ?? IntervalSet.of(ranges.map(({ from, to }) => [BigInt(from), BigInt(to)]));
}

/**
 * A set's port ranges as one frozen list per set, and back: kept sets are shared, and the
 * exposures of every VM behind the same NSGs name the same ones.
 */
const rangesOf = oncePerObject((set: IntervalSet): readonly PortRange[] => {
  const ranges = Object.freeze(portRanges(set).map((range) => Object.freeze(range)));
  rangeSets.set(ranges, set);
  return ranges;
});

const rangeSets = new WeakMap<readonly PortRange[], IntervalSet>();

/** A bucket with nothing in it, shared by every VM with nothing exposed (most VMs of an estate). */
const EMPTY_BUCKET: ExposureBucket = Object.freeze({ tcp: Object.freeze([]), udp: Object.freeze([]), entries: Object.freeze([]) });

/** The exposure summary of one VM. Pure: the same graph always gives the same summary. */
export function vmExposureSummary(analysis: NetworkAnalysis, vm: Resource): ExposureSummary {
  const network = analysis.vm(vm);
  if (network.exposures.length === 0 && network.problems.length === 0) {
    return { vm: { id: vm.id, name: vm.name }, internet: EMPTY_BUCKET, restricted: EMPTY_BUCKET, unknown: EMPTY_BUCKET, problems: network.problems };
  }
  const byReach = (reach: Reach): ExposureEntry[] =>
    network.exposures
      .filter((exposure) => exposure.reach === reach)
      .map((exposure) => ({
        protocol: exposure.protocol,
        ports: rangesOf(exposure.ports),
        path: pathSummary(exposure),
        rules: exposure.rules,
        ...(exposure.maybeRules.length > 0 ? { maybeRules: exposure.maybeRules } : {}),
        sources: describeSources(exposure.sources),
        ...(exposure.reason ? { reason: exposure.reason } : {}),
        noNsg: exposure.noNsg,
      }));
  const unknown = byReach('unknown');
  for (const problem of network.problems) {
    for (const protocol of ['Tcp', 'Udp'] as const)
      unknown.push({ protocol, ports: rangesOf(ALL_PORTS), rules: [], sources: [], reason: problem, noNsg: false });
  }
  const internet = bucket(byReach('internet'));
  const open = [toSet(internet.tcp), toSet(internet.udp)];
  const restricted = bucket(byReach('restricted'), open);
  return {
    vm: { id: vm.id, name: vm.name },
    internet,
    restricted,
    unknown: bucket(unknown, open),
    problems: network.problems,
  };
}

/** The exposure summary of every VM in the graph, in graph order. */
export function exposureSummary(graph: ResourceGraph, analysis: NetworkAnalysis = networkAnalysis(graph)): ExposureSummary[] {
  const vms = graph.ofType('Microsoft.Compute/virtualMachines');
  return [...vms, ...scaleSetsByModel(graph)].map((vm) => vmExposureSummary(analysis, vm));
}
