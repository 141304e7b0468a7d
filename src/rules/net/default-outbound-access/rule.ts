import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { subnetRouteTable } from '../../../model/relations.js';
import { at, get } from '../../../model/resource.js';
import { idKey, parentId } from '../../../model/resource-id.js';
import { asArray, asBoolean, equalsIgnoreCase, isUnknown, prop, type Value } from '../../../model/value.js';
import type { ResourceGraph } from '../../../model/graph.js';
import type { Resource } from '../../../model/resource.js';
import type { Target } from '../../../analyses/network/topology.js';
import { defineRule } from '../../define-rule.js';
import { learnedDefaultRoute } from '../../shared/default-route.js';

/** Subnets Azure reserves for its own gateways, firewalls, Bastion and Route Server: no VM NIC sits in them. */
const PLATFORM_SUBNETS = new Set(['gatewaysubnet', 'azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet', 'azurebastionsubnet']);

export default defineRule({
  id: 'AZV-NET-012',
  name: 'default-outbound-access',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks/subnets'],
  title: {
    en: 'Default outbound access disabled (private subnets) with an explicit outbound method (NAT Gateway preferred)',
    ja: '既定の送信アクセスが無効（プライベートサブネット）で、明示的な送信手段（推奨: NAT Gateway）がある',
  },
  fix: {
    en: 'Set defaultOutboundAccess to false on the subnet and give it a NAT gateway or a default route to the firewall.',
    ja: 'サブネットの defaultOutboundAccess を false にし、NAT Gateway またはファイアウォールへの既定ルートを設定します。',
  },
  messages: {
    implicit: {
      en: 'Subnet "{{name}}" hosts VMs, is not private and has no explicit outbound method: its VMs reach the Internet through an implicit Microsoft-owned IP.',
      ja: 'サブネット "{{name}}" は VM をホストしていますがプライベートではなく、明示的な送信手段もありません。VM は Microsoft 所有の暗黙の IP でインターネットに出ます。',
    },
    notPrivate: {
      en: 'Subnet "{{name}}" has an explicit outbound method but defaultOutboundAccess is not false, so a default outbound IP can stay allocated.',
      ja: 'サブネット "{{name}}" には明示的な送信手段がありますが defaultOutboundAccess が false でないため、既定の送信 IP が割り当てられたままになり得ます。',
    },
    unsureMethod: {
      en: 'Subnet "{{name}}" hosts VMs and is not private; whether it has an explicit outbound method is not known ({{reason}}), and without one its VMs reach the Internet through an implicit Microsoft-owned IP.',
      ja: 'サブネット "{{name}}" は VM をホストしていますがプライベートではありません。明示的な送信手段があるかは不明です（{{reason}}）。ない場合、VM は Microsoft 所有の暗黙の IP でインターネットに出ます。',
    },
  },
  phrases: ['reason'],
  mappings: { 'mcsb-v1': ['NS-1', 'NS-3'], 'azure-policy': ['7bca8353-aa3b-429b-904a-9229c4385837'], peers: [] },
  check(subnet, context) {
    const analysis = context.analyses.get(networkAnalysis);
    const hosted = analysis.subnetTargets.get(context.graph.keyOf(subnet)) ?? [];
    // A VM NIC whose subnet reference is not known may be in this subnet (unless Azure keeps VMs out
    // of it): where a subnet that is not private would then fail, the verdict is unknown.
    const short = (subnet.name.split('/').pop() ?? subnet.name).toLowerCase();
    const unplaced = hosted.length === 0 && !PLATFORM_SUBNETS.has(short) ? analysis.unplaced.anywhere : undefined;
    const none = 'no VM NIC in this subnet';
    if (hosted.length === 0 && !unplaced) return context.notApplicable(none);
    const maybe = unplaced && `a NIC of "${unplaced.vm.name}" cannot be followed to its subnet (${unplaced.reason}): it may be in this subnet`;
    const setting = at(subnet, 'properties', 'defaultOutboundAccess');
    const value = asBoolean(setting.value);
    if (isUnknown(value)) return context.unknown(maybe ?? value.reason);
    if (value === false) return unplaced ? context.notApplicable(none) : undefined;
    if (value === undefined) {
      // From Network API 2025-07-01, new subnets are private unless told otherwise. A subnet declared
      // on its own is created with its own API version; one written inside its VNet, with the VNet's.
      const vnet = context.graph.get(parentId(subnet.id) ?? '', subnet);
      const apiVersion = get(subnet, 'apiVersion') ?? (vnet ? get(vnet, 'apiVersion') : undefined);
      if (typeof apiVersion === 'string' && apiVersion >= '2025-07-01') return unplaced ? context.notApplicable(none) : undefined;
    }
    if (maybe) return context.unknown(maybe);
    const method = explicitOutbound(context.graph, subnet, hosted);
    const target = { at: setting.value === undefined ? '/properties' : setting.pointer };
    if (typeof method === 'string') context.report('unsureMethod', { name: subnet.name, reason: method }, target);
    else context.report(method ? 'notPrivate' : 'implicit', { name: subnet.name }, target);
  },
});

/**
 * Whether the subnet has an explicit outbound method: a NAT gateway, a default route to an
 * appliance (its own, or one the VNet surely learns), or a public IP on every VM; why that is not
 * known otherwise. The verdict does not hang on it (the subnet is not private either way), only
 * what the finding says.
 */
function explicitOutbound(graph: ResourceGraph, subnet: Resource, hosted: readonly Target[]): boolean | string {
  const everyVm = everyVmOutbound(graph, subnet, hosted);
  if (everyVm === true) return true;
  const method = natOrDefaultRoute(graph, subnet);
  return method === false && typeof everyVm === 'string' ? everyVm : method;
}

/**
 * Whether every VM of the subnet has its own way out: a NIC's public IP, the one a scale set gives
 * each instance, or a backend pool of a load balancer's outbound rule ("Deployed in the backend
 * pool of a standard load balancer with outbound rules defined"); why that is not known otherwise.
 */
function everyVmOutbound(graph: ResourceGraph, subnet: Resource, hosted: readonly Target[]): boolean | string {
  let doubt: string | undefined;
  for (const target of hosted) {
    const reference =
      prop(target.ipConfiguration.body, 'properties', 'publicIPAddress') ?? prop(target.ipConfiguration.body, 'properties', 'publicIPAddressConfiguration');
    if (reference !== undefined && reference !== null) continue;
    const pooled = inOutboundRulePool(graph, target, subnet);
    if (pooled === false) return false;
    if (typeof pooled === 'string') doubt ??= pooled;
  }
  return doubt ?? true;
}

/** Whether the subnet has a NAT gateway or a default route to an appliance; why that is not known otherwise. */
function natOrDefaultRoute(graph: ResourceGraph, subnet: Resource): boolean | string {
  const nat = get(subnet, 'properties', 'natGateway');
  if (isUnknown(nat)) return nat.reason;
  if (nat !== undefined && nat !== null) return true;
  const table = subnetRouteTable(graph, subnet);
  if (isUnknown(table)) return table.reason;
  const routes = table ? asArray(get(table, 'properties', 'routes')) : [];
  if (isUnknown(routes)) return routes.reason;
  // Routes whose prefix is not known may be the subnet's own default route, which wins over any it learns.
  const unsure: { hop: Value | undefined; reason: string }[] = [];
  for (const route of routes ?? []) {
    const prefix = prop(route, 'properties', 'addressPrefix');
    const hop = prop(route, 'properties', 'nextHopType');
    if (isUnknown(prefix)) unsure.push({ hop, reason: prefix.reason });
    else if (prefix === '0.0.0.0/0') return isUnknown(hop) ? hop.reason : equalsIgnoreCase(hop, 'virtualappliance');
  }
  // A default route the VNet surely learns (a secured virtual hub's, or one the configuration says is advertised over BGP) is one too.
  const learned = learnedDefaultRoute(graph, subnet, table);
  const toAppliance = ({ hop }: { hop: Value | undefined }): boolean => equalsIgnoreCase(hop, 'virtualappliance');
  const doubt = learned === true ? unsure.find((route) => !toAppliance(route)) : unsure.find((route) => toAppliance(route) || isUnknown(route.hop));
  if (doubt) return doubt.reason;
  if (learned === true) return true;
  return isUnknown(learned) ? learned.reason : (learned ?? false);
}

/**
 * Whether an IP configuration sits in a backend pool that an outbound rule of its load balancer
 * names, or in any backend pool of a Basic public load balancer (Microsoft Learn, "Default outbound
 * access": "Deployed in the backend pool of a basic public load balancer"); why that is not known
 * when a pool, its id, the outbound rules or a public load balancer's SKU are not known.
 */
function inOutboundRulePool(graph: ResourceGraph, target: Target, from: Resource): boolean | string {
  const pools = asArray(prop(target.ipConfiguration.body, 'properties', 'loadBalancerBackendAddressPools'));
  if (isUnknown(pools)) return pools.reason;
  let doubt: string | undefined;
  for (const pool of pools ?? []) {
    const id = prop(pool, 'id');
    if (isUnknown(id)) {
      doubt ??= id.reason;
      continue;
    }
    const lbId = typeof id === 'string' ? parentId(id) : undefined;
    const lb = lbId === undefined ? undefined : graph.get(lbId, from);
    const rules = lb ? asArray(get(lb, 'properties', 'outboundRules')) : undefined;
    if (isUnknown(rules)) {
      doubt ??= rules.reason;
      continue;
    }
    for (const rule of rules ?? []) {
      const poolId = prop(rule, 'properties', 'backendAddressPool', 'id');
      if (isUnknown(poolId)) doubt ??= poolId.reason;
      else if (typeof poolId === 'string' && idKey(poolId) === idKey(id as string)) return true;
    }
    const basic = lb ? basicPublic(lb) : false;
    if (basic === true) return true;
    if (typeof basic === 'string') doubt ??= basic;
  }
  return doubt ?? false;
}

/**
 * Whether a load balancer is a Basic one with a public frontend; why that is not known (a frontend
 * or the SKU of a public one not known: a template may leave the SKU out, and which one Azure then
 * gives cannot be told).
 */
function basicPublic(lb: Resource): boolean | string {
  const frontends = asArray(get(lb, 'properties', 'frontendIPConfigurations'));
  if (isUnknown(frontends)) return frontends.reason;
  let publicFrontend: boolean | string = false;
  for (const frontend of frontends ?? []) {
    const publicIp = prop(frontend, 'properties', 'publicIPAddress') ?? prop(frontend, 'properties', 'publicIPPrefix');
    if (isUnknown(publicIp)) publicFrontend = publicIp.reason;
    else if (publicIp !== undefined && publicIp !== null) {
      publicFrontend = true;
      break;
    }
  }
  if (publicFrontend === false) return false;
  const sku = get(lb, 'sku', 'name');
  if (isUnknown(sku)) return sku.reason;
  if (sku === undefined || sku === null) return `the SKU of load balancer '${lb.name}' is not given`;
  if (!equalsIgnoreCase(sku, 'basic')) return false;
  return publicFrontend;
}
