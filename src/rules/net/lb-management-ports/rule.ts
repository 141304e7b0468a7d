import { formatPorts, HIGH_RISK_TCP } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { get } from '../../../model/resource.js';
import { isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

const RISKY = MANAGEMENT_PORTS.union(HIGH_RISK_TCP);

export default defineRule({
  id: 'AZV-NET-006',
  name: 'lb-management-ports',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/loadBalancers'],
  title: {
    en: 'Load balancer inbound NAT and load-balancing rules do not publish management ports to the Internet',
    ja: 'ロードバランサーの受信 NAT／負荷分散ルールが管理ポートをインターネットに公開していない',
  },
  fix: {
    en: 'Delete the NAT or load-balancing rule for the management port and use Bastion; or deny the backend port from the Internet in the VM NSG.',
    ja: '管理ポートの NAT／負荷分散ルールを削除して Bastion を使うか、VM の NSG でインターネットからのバックエンドポートを拒否します。',
  },
  messages: {
    published: {
      en: 'Load balancer "{{name}}" rule "{{rule}}" forwards public port {{frontendPort}} to port {{ports}} of VM "{{vm}}", and the VM NSGs allow it from the whole Internet.',
      ja: 'ロードバランサー "{{name}}" のルール "{{rule}}" がパブリックポート {{frontendPort}} を VM "{{vm}}" のポート {{ports}} に転送しており、VM の NSG がインターネット全体から許可しています。',
    },
  },
  mappings: { 'mcsb-v1': ['NS-1'], peers: [] },
  check(lb, context) {
    const frontends = get(lb, 'properties', 'frontendIPConfigurations');
    if (isUnknown(frontends)) return context.unknown(frontends.reason);
    const isPublic =
      Array.isArray(frontends) &&
      frontends.some((frontend) => {
        const pip = prop(frontend, 'properties', 'publicIPAddress');
        return pip !== undefined && pip !== null;
      });
    if (!isPublic) return context.notApplicable('internal load balancer');
    const analysis = context.analyses.get(networkAnalysis);
    let unknown: string | undefined;
    for (const { vm, exposure } of analysis.exposuresThrough(lb.key)) {
      if (!exposure.ports.overlaps(RISKY) || exposure.protocol !== 'Tcp') continue;
      if (exposure.reach === 'unknown') unknown ??= exposure.reason ?? 'the VM NSGs cannot be fully read';
      if (exposure.reach !== 'internet') continue;
      const frontend = exposure.path.frontendPorts;
      context.report(
        'published',
        {
          name: lb.name,
          rule: exposure.path.rule?.name ?? '',
          frontendPort: isUnknown(frontend) ? '?' : formatPorts(frontend),
          ports: formatPorts(exposure.ports.intersect(RISKY)),
          vm: vm.name,
        },
        { at: exposure.path.rule?.pointer ?? '' },
      );
    }
    if (unknown !== undefined) return context.unknown(unknown);
  },
});
