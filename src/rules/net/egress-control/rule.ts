import { mainRule, ruleText } from '../../../analyses/network/checks.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { ports, protocolBit } from '../../../analyses/network/ports.js';
import { subnetRouteTable } from '../../../model/relations.js';
import { get, type Resource } from '../../../model/resource.js';
import { asArray, isUnknown, prop, type Value } from '../../../model/value.js';
import { internetOf } from '../../../analyses/network/paths.js';
import { ALL_V4, ALL_V6, parseCidr } from '../../../analyses/network/addresses.js';
import type { IntervalSet } from '../../../analyses/network/interval-set.js';
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
      const internet = internetOf(target);
      const family = internet.overlaps(ALL_V6) ? ALL_V6 : ALL_V4;
      // The subnet's own default route wins over one learned over BGP or from a virtual hub.
      const own = defaultRouteOf(routes ?? [], family);
      const hop = own === undefined ? undefined : prop(own, 'properties', 'nextHopType');
      if (isUnknown(hop)) {
        unknown ??= hop.reason;
        continue;
      }
      if (internet.overlaps(ALL_V4) && family === ALL_V6) {
        // The IP version is not known: both families' default routes must agree.
        const v4 = defaultRouteOf(routes ?? [], ALL_V4);
        const v4hop = v4 === undefined ? undefined : prop(v4, 'properties', 'nextHopType');
        if (isUnknown(v4hop) || forces(v4hop) !== forces(hop)) {
          unknown ??= `the IP version of NIC '${target.nic.name}' is not known, and the subnet's default routes for IPv4 (0.0.0.0/0) and IPv6 (::/0) do not send traffic alike`;
          continue;
        }
      }
      if (forces(hop)) continue;
      const open = target
        .outbound()
        .filter((flow) => (flow.protocols & protocolBit('Tcp')) !== 0 && flow.ports.overlaps(WEB) && flow.remote.overlaps(internet));
      const reachable = open.find((flow) => flow.verdict === 'reachable');
      if (reachable) {
        const learned = own === undefined ? learnedDefaultRoute(context.graph, target.subnet, table, family) : undefined;
        const doubt = own === undefined && table ? unsureDefaultRoute(table, routes ?? [], learned === true) : undefined;
        if (doubt !== undefined) {
          unknown ??= doubt;
          continue;
        }
        if (learned === true) continue;
        if (learned !== undefined) {
          unknown ??= isUnknown(learned) ? learned.reason : learned;
          continue;
        }
        context.report(
          'openEgress',
          { name: vm.name, subnet: target.subnet.name, rule: ruleText(mainRule(reachable.steps)) },
          { resource: target.subnet, at: '/properties' },
        );
        continue;
      }
      const maybe = open.find((flow) => flow.verdict === 'unknown');
      if (maybe) unknown ??= maybe.reason ?? 'the outbound NSG rules cannot be fully read';
    }
    if (unknown !== undefined) return context.unknown(unknown);
  },
});
