import { formatPorts, pathText } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { nvaEvidence } from '../../shared/nva.js';

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
      ja: 'ネットワークアプライアンス "{{name}}"（{{evidence}}）は、{{path}} 経由でインターネットから管理ポート {{ports}} を受け付けます。',
    },
    singleNextHop: {
      en: 'Route "{{route}}" in "{{table}}" sends traffic straight to network appliance "{{name}}" ({{evidence}}): when that one VM fails, the traffic it inspects stops.',
      ja: '"{{table}}" のルート "{{route}}" はネットワークアプライアンス "{{name}}"（{{evidence}}）へ直接送っています。この 1 台が停止すると検査対象の通信が止まります。',
    },
  },
  phrases: ['evidence', 'path'],
  mappings: { 'mcsb-v1': ['NS-3'], peers: [] },
  check(vm, context) {
    const network = context.analyses.get(networkAnalysis).vm(vm);
    if (network.problems.length > 0) return context.unknown(network.problems[0] as string);
    const nva = nvaEvidence(context.graph, vm, network);
    if (isUnknown(nva)) return context.unknown(nva.reason);
    const { evidence, hops } = nva;
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
