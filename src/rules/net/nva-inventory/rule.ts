import { parseCidr } from '../../../analyses/network/addresses.js';
import { formatPorts, pathText } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asBoolean, asString, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

/** Marketplace publishers of firewall and router appliances. */
export const NVA_PUBLISHERS = [
  'paloaltonetworks',
  'fortinet',
  'checkpoint',
  'cisco',
  'barracudanetworks',
  'sophos',
  'f5-networks',
  'juniper-networks',
  'vmware-inc',
  'netgate',
];

interface NextHop {
  readonly table: Resource;
  readonly route: string;
  readonly pointer: string;
}

export default defineRule({
  id: 'AZV-NET-022',
  name: 'nva-inventory',
  pillar: 'NET',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  title: {
    en: 'Third-party NGFW / network virtual appliances inventoried and hardened',
    ja: 'サードパーティ NGFW／ネットワーク仮想アプライアンス (NVA) の棚卸しと強化',
  },
  fix: {
    en: 'Keep appliance management off the Internet (Bastion or a management subnet), and route through an internal load balancer in front of two or more appliances.',
    ja: 'アプライアンスの管理インターフェイスをインターネットに公開せず（Bastion や管理サブネット経由）、2 台以上のアプライアンスの前に内部ロードバランサーを置いてルーティングします。',
  },
  messages: {
    managementExposed: {
      en: 'Network appliance "{{name}}" ({{evidence}}) accepts management port {{ports}} from the Internet through {{path}}.',
      ja: 'ネットワークアプライアンス "{{name}}"（{{evidence}}）はインターネットから {{path}} 経由で管理ポート {{ports}} を受け付けます。',
    },
    singleNextHop: {
      en: 'Route "{{route}}" in "{{table}}" sends traffic straight to network appliance "{{name}}" ({{evidence}}): when that one VM fails, the traffic it inspects stops.',
      ja: '"{{table}}" のルート "{{route}}" はネットワークアプライアンス "{{name}}"（{{evidence}}）へ直接送っています。この 1 台が停止すると検査対象の通信が止まります。',
    },
  },
  mappings: { 'mcsb-v1': ['NS-3'], peers: [] },
  check(vm, context) {
    const network = context.analyses.get(networkAnalysis).vm(vm);
    if (network.problems.length > 0) return context.unknown(network.problems[0] as string);
    const evidence: string[] = [];
    for (const path of [
      ['plan', 'publisher'],
      ['properties', 'storageProfile', 'imageReference', 'publisher'],
    ]) {
      const publisher = asString(get(vm, ...path));
      if (isUnknown(publisher)) return context.unknown(publisher.reason);
      if (publisher !== undefined && NVA_PUBLISHERS.includes(publisher.toLowerCase()) && !evidence.includes(`image ${publisher}`))
        evidence.push(`image ${publisher}`);
    }
    // Routes whose next hop is one of the VM's forwarding IPs.
    const hops: NextHop[] = [];
    for (const target of network.targets) {
      const forwarding = asBoolean(at(target.nic, 'properties', 'enableIPForwarding').value);
      if (isUnknown(forwarding)) return context.unknown(forwarding.reason);
      if (forwarding !== true) continue;
      if (isUnknown(target.address)) return context.unknown(target.address.reason);
      if (!target.addressIsExact) continue;
      for (const table of context.graph.ofType('Microsoft.Network/routeTables')) {
        const routes = at(table, 'properties', 'routes');
        if (!Array.isArray(routes.value)) continue;
        for (const [index, route] of routes.value.entries()) {
          const hop = asString(prop(route, 'properties', 'nextHopIpAddress'));
          if (isUnknown(hop)) return context.unknown(hop.reason);
          const parsed = hop === undefined ? undefined : parseCidr(hop);
          if (parsed && target.address.covers(parsed)) {
            const name = asString(prop(route, 'name'));
            hops.push({ table, route: typeof name === 'string' ? name : String(index), pointer: `${routes.pointer}/${index}` });
          }
        }
      }
      if (hops.length > 0 && !evidence.includes('IP forwarding, next hop of a route')) evidence.push('IP forwarding, next hop of a route');
    }
    if (evidence.length === 0) return context.notApplicable('the VM is not a network virtual appliance');
    const text = evidence.join('; ');
    for (const exposure of network.exposures) {
      if (exposure.protocol !== 'Tcp' || exposure.reach !== 'internet' || !exposure.ports.overlaps(MANAGEMENT_PORTS)) continue;
      context.report(
        'managementExposed',
        { name: vm.name, evidence: text, ports: formatPorts(exposure.ports.intersect(MANAGEMENT_PORTS)), path: pathText(exposure) },
        { at: '' },
      );
    }
    for (const hop of hops)
      context.report('singleNextHop', { name: vm.name, evidence: text, route: hop.route, table: hop.table.name }, { resource: hop.table, at: hop.pointer });
  },
});
