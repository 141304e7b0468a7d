import type { ResourceGraph } from '../../model/graph.js';
import { oncePerObject } from '../../model/memo.js';
import type { Resource } from '../../model/resource.js';
import { parseResourceId } from '../../model/resource-id.js';
import { isUnknown, prop, type Unknown } from '../../model/value.js';
import { ALL_IP, ALL_V4, ALL_V6, describeSources, formatAddresses, PUBLIC_V4, PUBLIC_V6 } from './addresses.js';
import type { MaybeDecider, RuleRef } from './evaluate.js';
import { networkAnalysis, scaleSetsByModel, type NetworkAnalysis, type PortExposure, type Reach, type Segment, type VmNetwork } from './exposure.js';
import { IntervalSet } from './interval-set.js';
import type { ExposurePath, PathKind } from './paths.js';
import { ALL_PORTS, portRanges, type PortRange } from './ports.js';
import type { Target } from './topology.js';

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
  const notKnown = publicIpNotKnown(path);
  return {
    kind: path.kind,
    nic: { id: path.target.nic.id, name: path.target.nic.name },
    ipConfiguration: path.target.ipConfiguration.name,
    // A public IP the input does not hold: named by its id, or what is known of its name (the
    // placeholder stays only where nothing is, for the reports that print it).
    via: notKnown ? { id: notKnown.id, name: notKnown.name || path.via.name, type: path.via.type } : path.via,
    ...(path.rule ? { rule: path.rule } : {}),
    ...(differs && frontend instanceof IntervalSet ? { frontendPorts: rangesOf(frontend) } : {}),
    viaApplicationGateway: path.kind === 'application-gateway',
  };
}

/** What `azvmsec explain` says of a path beyond the report's summary of it, in plain data for its JSON. */
export interface PathDetails {
  /** The public IP, load balancer, gateway or firewall; a public IP not known has an empty name when nothing of it is known. */
  readonly via: { readonly id: string; readonly name: string; readonly type: string };
  /** Why the public IP `via` names is not in the input, or its id or name not known. */
  readonly viaNotKnown?: string;
  /** Where the traffic is addressed when a load-balancing rule has floating IP: the frontend's address (or the range it is in, and why), not the VM's. */
  readonly destination?: { readonly addresses: readonly string[]; readonly unknown?: string };
  /** The name the front end sends the traffic to, when it names the VM by one (a DNAT rule's translated FQDN). */
  readonly hostName?: string;
}

export function pathDetails(path: ExposurePath): PathDetails {
  const notKnown = publicIpNotKnown(path);
  return {
    via: notKnown ? { id: notKnown.id, name: notKnown.name, type: path.via.type } : path.via,
    ...(notKnown ? { viaNotKnown: notKnown.reason } : {}),
    ...(path.destination
      ? {
          destination: {
            addresses: formatAddresses(path.destination.address),
            ...(path.destination.unknown !== undefined ? { unknown: path.destination.unknown } : {}),
          },
        }
      : {}),
    ...(path.hostName !== undefined ? { hostName: path.hostName } : {}),
  };
}

/**
 * A public IP path through a public IP the input does not hold, or whose id or name is not known:
 * its id when the reference names one, the name that id or what is known of it gives (empty when
 * nothing is), and why it is not known. Undefined for every other path.
 */
export function publicIpNotKnown(path: ExposurePath): { readonly id: string; readonly name: string; readonly reason: string } | undefined {
  if (path.kind !== 'public-ip') return undefined;
  const body = path.target.ipConfiguration.body;
  const perInstance = prop(body, 'properties', 'publicIPAddressConfiguration');
  if (perInstance !== undefined && perInstance !== null) {
    // A scale set's public IP per instance: no resource of its own, named in the model.
    const name = isUnknown(perInstance) ? perInstance : prop(perInstance, 'name');
    return isUnknown(name) ? { id: path.via.id, name: knownPart(name), reason: name.reason } : undefined;
  }
  const resolved = path.target.ipConfiguration.publicIp;
  if (resolved !== undefined && !isUnknown(resolved)) return undefined;
  // As the path reads it: a reference without an id is empty.
  const reason = resolved?.reason ?? 'public IP reference is empty';
  const reference = prop(body, 'properties', 'publicIPAddress');
  const id = isUnknown(reference) ? reference : prop(reference, 'id');
  if (typeof id === 'string') return { id, name: parseResourceId(id)?.name ?? id.split('/').pop() ?? '', reason };
  return { id: '', name: isUnknown(id) ? knownPart(id) : '', reason };
}

/**
 * What is known of a name or id not known as a whole (`concat('pip', utcNow())`): its known
 * pieces with `…` for each unknown one, the last segment of an id; empty when no piece is known.
 */
function knownPart(value: Unknown): string {
  const spell = (unknown: Unknown): string =>
    (unknown.pieces ?? []).map((piece) => (typeof piece === 'string' ? piece : piece.pieces ? spell(piece) : '…')).join('');
  const text = spell(value);
  const last = text.slice(text.lastIndexOf('/') + 1);
  return /[^…]/.test(last) ? last : '';
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

/** One IP configuration of a VM, as `azvmsec explain` shows it. */
export interface TargetExplanation {
  readonly target: Target;
  /** Its port runs reachable (or maybe reachable) from the Internet, per path. */
  readonly exposures: readonly PortExposure[];
  /** Its paths from the Internet on which the NSGs admit nothing (a public IP behind an NSG that denies all). */
  readonly closedPaths: readonly ExposurePath[];
  /**
   * What its NSGs admit from the Internet (or may: `unknown`) where no path hands them the Internet
   * client: what a public IP or NAT rule added later would expose. Ports a public IP or load balancer
   * path already gives the NSGs' answer for are told with that path, not again; those an
   * Application Gateway or firewall path reaches are not (the NSGs see its subnet there, not the
   * Internet).
   */
  readonly latent: readonly Segment[];
  /** What its NSGs admit on the lateral-movement ports from inside the VNet (Bastion subnets excluded). */
  readonly lateral: readonly Segment[];
  /** What its NSGs admit on 22 and 3389 from AzureBastionSubnet. */
  readonly bastion: readonly Segment[];
}

/** A VM's network, per IP configuration: what `azvmsec explain` prints and gives as JSON alike. */
export interface VmExplanation {
  readonly network: VmNetwork;
  readonly targets: readonly TargetExplanation[];
}

/** The explanation of one VM. Pure. */
export function vmExplanation(analysis: NetworkAnalysis, vm: Resource): VmExplanation {
  const network = analysis.vm(vm);
  const targets = network.targets.map((target): TargetExplanation => {
    const exposures = network.exposures.filter((exposure) => exposure.path.target === target);
    const closedPaths = network.paths.filter((path) => path.target === target && !exposures.some((exposure) => exposure.path === path));
    // Runs the NSGs answered for Internet clients on a path (public IP, load balancer).
    const answered = (protocol: 'Tcp' | 'Udp'): IntervalSet =>
      IntervalSet.unionAll(
        exposures
          .filter((exposure) => exposure.protocol === protocol && exposure.path.nsgSource === undefined && exposure.rules.length > 0)
          .map((exposure) => exposure.ports),
      );
    const covered = { Tcp: answered('Tcp'), Udp: answered('Udp') };
    const latent: Segment[] = [];
    for (const segment of network.latent.find((entry) => entry.target === target)?.segments ?? []) {
      const ports = segment.ports.subtract(covered[segment.protocol]);
      if (ports.isEmpty()) continue;
      latent.push(ports.equals(segment.ports) ? segment : { ...segment, ports });
    }
    const lateral = network.lateral.find((entry) => entry.target === target)?.segments ?? [];
    const bastion = network.bastion.find((entry) => entry.target === target)?.segments ?? [];
    return { target, exposures, closedPaths, latent, lateral, bastion };
  });
  return { network, targets };
}

/**
 * Sources inside the VNet (lateral movement, Bastion), as CIDRs. Never `Internet`: these are
 * addresses the `VirtualNetwork` tag holds or may hold. Where it may hold a whole address family (a
 * 0.0.0.0/0 route, routes learned over BGP, a VNet not known), that family is `0.0.0.0/0` or `::/0`
 * (`anyV4`, `anyV6`), with the addresses of it that are not among the sources in `except`.
 */
export interface InsideSources {
  readonly anyV4: boolean;
  readonly anyV6: boolean;
  /** The other sources, as CIDRs (with the service tags when no whole family is held). */
  readonly addresses: readonly string[];
  readonly except: readonly string[];
}

export function insideSources(set: IntervalSet): InsideSources {
  const anyV4 = set.covers(PUBLIC_V4);
  const anyV6 = set.covers(PUBLIC_V6);
  if (!anyV4 && !anyV6) return { anyV4, anyV6, addresses: formatAddresses(set), except: [] };
  const whole = (anyV4 ? ALL_V4 : IntervalSet.EMPTY).union(anyV6 ? ALL_V6 : IntervalSet.EMPTY);
  // The service tags' public space goes without saying in a whole family, as the Internet's does.
  return { anyV4, anyV6, addresses: formatAddresses(set.intersect(ALL_IP).subtract(whole)), except: formatAddresses(whole.subtract(set)) };
}

/** Inside sources as one list of CIDRs (`0.0.0.0/0` for a whole family), for JSON. */
export function insideSourceList(sources: InsideSources): string[] {
  return [...(sources.anyV4 ? ['0.0.0.0/0'] : []), ...(sources.anyV6 ? ['::/0'] : []), ...sources.addresses];
}
