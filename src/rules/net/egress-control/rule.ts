import { mainRule, ruleText } from '../../../analyses/network/checks.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { ports, protocolBit } from '../../../analyses/network/ports.js';
import { subnetRouteTable } from '../../../model/relations.js';
import { get, type Resource } from '../../../model/resource.js';
import { asArray, isUnknown, prop, type Value } from '../../../model/value.js';
import { internetOf } from '../../../analyses/network/paths.js';
import { ALL_V4, ALL_V6, parseCidr } from '../../../analyses/network/addresses.js';
import type { IntervalSet } from '../../../analyses/network/interval-set.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import type { Target } from '../../../analyses/network/topology.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';
import { nvaEvidence } from '../../shared/nva.js';
import { learnedDefaultRoute } from '../../shared/default-route.js';

const WEB = ports(80, 443);
/**
 * Next hops of a 0.0.0.0/0 route that force egress: the firewall/NVA, or the VPN gateway to
 * on-premises (forced tunnelling); `None` drops it.
 */
const FORCED_HOPS = ['virtualappliance', 'virtualnetworkgateway', 'none'];

/**
 * Why a route whose prefix is not known leaves the answer open: were it 0.0.0.0/0, it would be the
 * subnet's own default route, which wins over a learned one, and force egress where nothing else
 * does (`forcedWithout` false) or open it where a learned route forces it. Undefined when every
 * such route would give the answer the subnet has without it.
 */
function unsureDefaultRoute(table: Resource, routes: readonly Value[], forcedWithout: boolean): string | undefined {
  for (const route of routes) {
    const prefix = prop(route, 'properties', 'addressPrefix');
    if (!isUnknown(prefix)) continue;
    const hop = prop(route, 'properties', 'nextHopType');
    if (!isUnknown(hop) && (typeof hop === 'string' && FORCED_HOPS.includes(hop.toLowerCase())) === forcedWithout) continue;
    const name = prop(route, 'name');
    const which = `route '${typeof name === 'string' ? name : '?'}' in route table '${table.name}'`;
    return typeof hop === 'string'
      ? `the prefix of ${which} is not known (${prefix.reason}): were it 0.0.0.0/0, it would send the subnet's Internet traffic to ${hop}`
      : `the prefix and next hop of ${which} are not known (${prefix.reason}): it may be the subnet's own default route`;
  }
  return undefined;
}

/** How traffic of one IP family leaves an IP configuration for the Internet on TCP 80/443. */
type Egress =
  { readonly kind: 'controlled' } | { readonly kind: 'open'; readonly rule: RuleRef | undefined } | { readonly kind: 'unknown'; readonly reason: string };

/**
 * Egress of one IP family: controlled when the subnet's own default route for the family (it wins
 * over a learned one) goes to a firewall, on-premises or nowhere, when a learned default route
 * does, or when the outbound NSG rules close the Internet (`internet`, that family's).
 */
function egressOf(
  graph: ResourceGraph,
  target: Target,
  table: Resource | undefined,
  routes: readonly Value[],
  family: IntervalSet,
  internet: IntervalSet,
): Egress {
  const own = defaultRouteOf(routes, family);
  const hop = own === undefined ? undefined : prop(own, 'properties', 'nextHopType');
  if (isUnknown(hop)) return { kind: 'unknown', reason: hop.reason };
  if (forces(hop)) return CONTROLLED;
  const open = target.outbound().filter((flow) => (flow.protocols & protocolBit('Tcp')) !== 0 && flow.ports.overlaps(WEB) && flow.remote.overlaps(internet));
  const reachable = open.find((flow) => flow.verdict === 'reachable');
  if (!reachable) {
    const maybe = open.find((flow) => flow.verdict === 'unknown');
    return maybe ? { kind: 'unknown', reason: maybe.reason ?? 'the outbound NSG rules cannot be fully read' } : CONTROLLED;
  }
  if (own === undefined) {
    const learned = learnedDefaultRoute(graph, target.subnet as Resource, table, family);
    const doubt = table ? unsureDefaultRoute(table, routes, learned === true) : undefined;
    if (doubt !== undefined) return { kind: 'unknown', reason: doubt };
    if (learned === true) return CONTROLLED;
    if (learned !== undefined) return { kind: 'unknown', reason: isUnknown(learned) ? learned.reason : learned };
  }
  return { kind: 'open', rule: mainRule(reachable.steps) };
}

const CONTROLLED: Egress = { kind: 'controlled' };

/** Whether a default route's next hop forces egress through a firewall, to on-premises or nowhere. */
function forces(hop: Value | undefined): boolean {
  return typeof hop === 'string' && FORCED_HOPS.includes(hop.toLowerCase());
}

/** The route for every address of an IP family (0.0.0.0/0, ::/0, however written). */
function defaultRouteOf(routes: readonly Value[], family: IntervalSet): Value | undefined {
  return routes.find((route) => {
    const prefix = prop(route, 'properties', 'addressPrefix');
    const set = typeof prefix === 'string' ? parseCidr(prefix) : undefined;
    return set !== undefined && set.covers(family) && family.covers(set);
  });
}

export default defineRule({
  id: 'AZV-NET-011',
  name: 'egress-control',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Internet egress from VM subnets is forced through Azure Firewall/NVA (UDR 0.0.0.0/0) or restricted by outbound NSG rules',
    ja: 'VM サブネットからのインターネット送信が Azure Firewall／NVA 経由に強制（UDR 0.0.0.0/0）、または送信 NSG ルールで制限されている',
  },
  fix: {
    en: 'Add a route table with 0.0.0.0/0 → VirtualAppliance (the firewall) or VirtualNetworkGateway (forced tunnelling to on-premises) to the subnet, or outbound NSG rules that deny Internet.',
    ja: 'サブネットに 0.0.0.0/0 → VirtualAppliance（ファイアウォール）または VirtualNetworkGateway（オンプレミスへの強制トンネリング）のルートテーブルを設定するか、インターネット宛てを拒否する送信 NSG ルールを追加します。',
  },
  messages: {
    openEgress: {
      en: '{{machine}} "{{name}}" can open connections to any Internet address on TCP 80/443, allowed by {{rule}}, and its subnet "{{subnet}}" has no default route to a firewall or to on-premises.',
      ja: '{{machine}} "{{name}}" は TCP 80/443 で任意のインターネット宛てに接続でき（許可ルール: {{rule}}）、サブネット "{{subnet}}" にはファイアウォールやオンプレミスへの既定ルートがありません。',
    },
  },
  phrases: ['rule'],
  mappings: { 'mcsb-v1': ['NS-3'], 'azure-policy': ['fc5e4038-4584-4632-8c85-c0448d374b2c'], peers: [] },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    // A firewall or router VM is the egress path others are sent through. When that cannot be read
    // (an image from a parameter), the VM is judged as any other.
    const nva = nvaEvidence(context.graph, vm, network);
    if (!isUnknown(nva) && nva.evidence.length > 0)
      return context.notApplicable(`the VM is a network virtual appliance (${nva.evidence.join('; ')}), the egress path itself; AZV-NET-022 reviews it`);
    let unknown = network.problems[0];
    for (const target of network.targets) {
      if (isUnknown(target.subnet)) {
        unknown ??= target.subnet.reason;
        continue;
      }
      const table = subnetRouteTable(context.graph, target.subnet);
      if (isUnknown(table)) {
        unknown ??= table.reason;
        continue;
      }
      const routes = table ? asArray(get(table, 'properties', 'routes')) : [];
      if (isUnknown(routes)) {
        unknown ??= routes.reason;
        continue;
      }
      // The Internet of the IP configuration's own family: an IPv4 VM reaches no IPv6 address, and
      // its traffic follows the default route of its family (0.0.0.0/0 carries no IPv6 traffic).
      // Where the version is not known, both families are judged, and must agree.
      const internet = internetOf(target);
      const answers = [ALL_V4, ALL_V6]
        .filter((family) => internet.overlaps(family))
        .map((family) => egressOf(context.graph, target, table, routes ?? [], family, internet.intersect(family)));
      const [answer, other] = answers as [Egress, Egress | undefined];
      if (other !== undefined && other.kind !== answer.kind) {
        unknown ??= `the IP version of NIC '${target.nic.name}' is not known, and its IPv4 and IPv6 egress are not judged alike`;
        continue;
      }
      if (answer.kind === 'unknown') unknown ??= answer.reason;
      else if (answer.kind === 'open')
        context.report(
          'openEgress',
          { name: vm.name, subnet: target.subnet.name, rule: ruleText(answer.rule) },
          { resource: target.subnet, at: '/properties' },
        );
    }
    if (unknown !== undefined) return context.unknown(unknown);
  },
});
