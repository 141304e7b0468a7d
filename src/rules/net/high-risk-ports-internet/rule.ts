import { formatPorts, HIGH_RISK_TCP, mainRule, pathText, ruleTarget, ruleText, unknownReason } from '../../../analyses/network/checks.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { ALL_PORTS } from '../../../analyses/network/ports.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

export default defineRule({
  id: 'AZV-NET-004',
  name: 'high-risk-ports-internet',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'High-risk service ports and UDP not exposed to the Internet (SMB, RPC, NetBIOS, DB, Telnet, FTP, VNC)',
    ja: '高リスクなサービスポートや UDP がインターネットに公開されていない（SMB・RPC・NetBIOS・DB・Telnet・FTP・VNC）',
  },
  fix: {
    en: 'Deny the port from the Internet in the NSG; publish services through a private endpoint, VPN or a WAF front end instead.',
    ja: 'NSG でインターネットからのポートを拒否し、サービスはプライベート エンドポイント・VPN・WAF 経由で公開します。',
  },
  messages: {
    tcp: {
      en: '{{machine}} "{{name}}" accepts high-risk TCP {{ports}} from the whole Internet through {{path}}, allowed by {{rule}}.',
      ja: '{{machine}} "{{name}}" は、{{path}} 経由でインターネット全体から高リスクの TCP {{ports}} を受け付けます（許可ルール: {{rule}}）。',
    },
    udp: {
      en: '{{machine}} "{{name}}" accepts UDP {{ports}} from the whole Internet through {{path}}, allowed by {{rule}}.',
      ja: '{{machine}} "{{name}}" は、{{path}} 経由でインターネット全体から UDP {{ports}} を受け付けます（許可ルール: {{rule}}）。',
    },
  },
  phrases: ['path', 'rule'],
  mappings: {
    'mcsb-v1': ['NS-1'],
    'cis-azure-5.0.0': ['7.3'],
    'azure-policy': ['af99038c-02fd-4a2f-ac24-386b62bf32de'],
    peers: ['checkov CKV_AZURE_77', 'prowler network_udp_internet_access_restricted'],
  },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    // Application Gateway forwards HTTP(S) only: it does not carry SMB or UDP.
    const exposures = network.exposures.filter((e) => e.path.kind !== 'application-gateway' && (e.protocol === 'Udp' || e.ports.overlaps(HIGH_RISK_TCP)));
    for (const exposure of exposures.filter((e) => e.reach === 'internet')) {
      const rule = mainRule(exposure.rules);
      const ports = exposure.protocol === 'Udp' ? exposure.ports : exposure.ports.intersect(HIGH_RISK_TCP);
      context.report(
        exposure.protocol === 'Udp' ? 'udp' : 'tcp',
        { name: vm.name, ports: formatPorts(ports.intersect(ALL_PORTS)), path: pathText(exposure), rule: ruleText(rule) },
        ruleTarget(context.graph, rule, { resource: vm, at: '' }),
      );
    }
    const reason = unknownReason(network, exposures);
    if (reason !== undefined) return context.unknown(reason);
  },
});
