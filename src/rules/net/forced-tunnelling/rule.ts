import { subnetsOf } from '../../../analyses/network/topology.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import type { Unknown } from '../../../model/value.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { gatewayVnets, vnetKeysOfIpConfigurations } from '../../shared/vnet.js';

/** A default route (0.0.0.0/0) of a subnet's route table that does not go straight to the Internet. */
interface DefaultRoute {
  readonly table: Resource;
  readonly pointer: string;
  readonly nextHopType: string;
}

function defaultRoutes(graph: ResourceGraph, subnet: Resource): DefaultRoute[] | Unknown {
  const table = graph.resolve(get(subnet, 'properties', 'routeTable'), subnet);
  if (table === undefined) return [];
  if (isUnknown(table)) return table;
  const routes = at(table, 'properties', 'routes');
  if (isUnknown(routes.value)) return routes.value;
  const found: DefaultRoute[] = [];
  for (const [index, route] of (Array.isArray(routes.value) ? routes.value : []).entries()) {
    const prefix = asString(prop(route, 'properties', 'addressPrefix'));
    const hop = asString(prop(route, 'properties', 'nextHopType'));
    if (isUnknown(prefix)) return prefix;
    if (isUnknown(hop)) return hop;
    if (prefix === '0.0.0.0/0' && hop !== undefined && hop.toLowerCase() !== 'internet')
      found.push({ table, pointer: `${routes.pointer}/${index}`, nextHopType: hop });
  }
  return found;
}

function checkFirewall(firewall: Resource, graph: ResourceGraph): { kind: 'na' } | { kind: 'ok' } | { kind: 'fail'; route: DefaultRoute } | Unknown {
  const management = get(firewall, 'properties', 'managementIpConfiguration');
  if (isUnknown(management)) return management;
  const hasManagement = management !== undefined && management !== null && !(Array.isArray(management) && management.length === 0);
  const configurations = asArray(get(firewall, 'properties', 'ipConfigurations'));
  if (isUnknown(configurations)) return configurations;
  for (const configuration of configurations ?? []) {
    const subnet = graph.resolve(prop(configuration, 'properties', 'subnet'), firewall);
    if (subnet === undefined) continue;
    if (isUnknown(subnet)) return subnet;
    const routes = defaultRoutes(graph, subnet);
    if (isUnknown(routes)) return routes;
    const route = routes[0];
    if (route && !hasManagement) return { kind: 'fail', route };
    if (route) return { kind: 'ok' };
  }
  return hasManagement ? { kind: 'ok' } : { kind: 'na' };
}

export default defineRule({
  id: 'AZV-NET-016',
  name: 'forced-tunnelling',
  pillar: 'NET',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks', 'Microsoft.Network/azureFirewalls'],
  title: {
    en: 'Forced tunnelling configuration is explicit and consistent (where required by policy)',
    ja: '強制トンネリング構成が（方針上必要な場合）明示的かつ一貫している',
  },
  fix: {
    en: 'Give the VPN gateway a default site (gatewayDefaultSite) or BGP, and give a forced-tunnelled Azure Firewall a management IP configuration.',
    ja: 'VPN ゲートウェイに既定サイト (gatewayDefaultSite) または BGP を設定し、強制トンネリングする Azure Firewall には管理用 IP 構成を設定します。',
  },
  messages: {
    noDefaultSite: {
      en: 'Subnets of VNet "{{name}}" send 0.0.0.0/0 to the virtual network gateway (route table "{{table}}"), but no VPN gateway for it has a default site or BGP: Internet-bound traffic is dropped instead of tunnelled.',
      ja: 'VNet "{{name}}" のサブネットは 0.0.0.0/0 を仮想ネットワーク ゲートウェイへ送ります（ルートテーブル "{{table}}"）が、既定サイトまたは BGP を持つ VPN ゲートウェイがありません。インターネット宛て通信はトンネルされず破棄されます。',
    },
    firewallNoManagement: {
      en: 'Firewall "{{name}}" has a default route via {{hop}} (route table "{{table}}") but no management IP configuration: forced tunnelling needs AzureFirewallManagementSubnet.',
      ja: 'ファイアウォール "{{name}}" には {{hop}} 経由の既定ルートがあります（ルートテーブル "{{table}}"）が、管理用 IP 構成がありません。強制トンネリングには AzureFirewallManagementSubnet が必要です。',
    },
  },
  mappings: { 'mcsb-v1': ['NS-3'], peers: [] },
  check(resource, context) {
    const graph = context.graph;
    if (resource.type.toLowerCase() === 'microsoft.network/azurefirewalls') {
      const result = checkFirewall(resource, graph);
      if (isUnknown(result)) return context.unknown(result.reason);
      if (result.kind === 'na') return context.notApplicable('the firewall is not forced-tunnelled');
      if (result.kind === 'fail')
        context.report(
          'firewallNoManagement',
          { name: resource.name, hop: result.route.nextHopType, table: result.route.table.name },
          { resource: result.route.table, at: result.route.pointer },
        );
      return;
    }
    let tunnel: DefaultRoute | undefined;
    for (const subnet of subnetsOf(graph, resource)) {
      const routes = defaultRoutes(graph, subnet);
      if (isUnknown(routes)) return context.unknown(routes.reason);
      tunnel ??= routes.find((route) => route.nextHopType.toLowerCase() === 'virtualnetworkgateway');
    }
    if (!tunnel) return context.notApplicable('no subnet sends 0.0.0.0/0 to a virtual network gateway');
    // The gateway that tunnels is the VNet's own, or one it uses through gateway transit.
    const using = gatewayVnets(graph, resource);
    if (isUnknown(using)) return context.unknown(using.reason);
    const vnets = using.keys;
    let gateways = 0;
    for (const gateway of graph.ofType('Microsoft.Network/virtualNetworkGateways')) {
      const keys = vnetKeysOfIpConfigurations(gateway);
      if (isUnknown(keys)) return context.unknown(keys.reason);
      if (!keys.some((key) => vnets.has(graph.referenceKey(key, gateway)))) continue;
      const type = asString(get(gateway, 'properties', 'gatewayType'));
      if (isUnknown(type)) return context.unknown(type.reason);
      if (type !== undefined && type.toLowerCase() !== 'vpn') continue;
      gateways++;
      const site: Value | undefined = get(gateway, 'properties', 'gatewayDefaultSite');
      const bgp = asBoolean(get(gateway, 'properties', 'enableBgp'));
      if (isUnknown(site)) return context.unknown(site.reason);
      if (isUnknown(bgp)) return context.unknown(bgp.reason);
      if ((site !== undefined && site !== null) || bgp === true) return;
    }
    if (gateways === 0) {
      const missing = using.remote.find((id) => !graph.get(id, resource));
      if (missing) return context.unknown(`peered VNet '${missing.split('/').pop() ?? missing}' is not in the scanned input`);
      return context.unknown('no VPN gateway for this VNet is in the scanned input');
    }
    context.report('noDefaultSite', { name: resource.name, table: tunnel.table.name }, { resource: tunnel.table, at: tunnel.pointer });
  },
});
