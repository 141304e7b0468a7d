import { formatPorts, mainRule, onlyDefaultRules, pathText, ruleTarget, ruleText, touching, unknownReason } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

export default defineRule({
  id: 'AZV-NET-002',
  name: 'management-ports-internet',
  pillar: 'NET',
  severity: 'critical',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Management ports (RDP 3389, SSH 22, WinRM 5985/5986) not reachable from the Internet',
    ja: '管理ポート（RDP 3389／SSH 22／WinRM 5985・5986）がインターネットから到達不可',
  },
  fix: {
    en: 'Remove or narrow the NSG rule that allows the port from the Internet, and reach the VM through Bastion or JIT.',
    ja: 'インターネットからポートを許可している NSG ルールを削除または限定し、Bastion や JIT 経由で接続します。',
  },
  messages: {
    exposed: {
      en: '{{machine}} "{{name}}" accepts TCP {{ports}} from the whole Internet through {{path}}, allowed by {{rule}}.',
      ja: '{{machine}} "{{name}}" は、{{path}} 経由でインターネット全体から TCP {{ports}} を受け付けます（許可ルール: {{rule}}）。',
    },
    latent: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows TCP {{ports}} from the whole Internet; no path from the Internet is known to reach the VM, but any public IP or NAT rule that does would expose it.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} がインターネット全体から TCP {{ports}} を許可しています。インターネットから到達する経路は確認されていませんが、パブリック IP や NAT 規則で到達できるようになると公開されます。',
    },
  },
  phrases: ['path', 'rule'],
  mappings: {
    'mcsb-v1': ['NS-1', 'NS-3', 'PA-2'],
    'cis-azure-5.0.0': ['7.1', '7.2'],
    'azure-policy': [
      '22730e10-96f6-4aac-ad84-9383d35b5917',
      '9daedab3-fb2d-461e-b861-71790eead4f6',
      'e372f825-a257-4fb8-9175-797a8a8627d6',
      '2c89a2e5-7285-40fe-afe0-ae8654b92fab',
    ],
    'defender-for-cloud': ['bc303248-3d14-44c2-96a0-55f5c326b5fe'],
    peers: [
      'checkov CKV_AZURE_9',
      'checkov CKV_AZURE_10',
      'prowler network_rdp_internet_access_restricted',
      'prowler network_ssh_internet_access_restricted',
      'PSRule Azure.NSG.AnyInboundSource',
    ],
  },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    const exposures = touching(network.exposures, MANAGEMENT_PORTS, 'Tcp');
    for (const exposure of exposures.filter((e) => e.reach === 'internet')) {
      const rule = mainRule(exposure.rules);
      context.report(
        'exposed',
        { name: vm.name, ports: formatPorts(exposure.ports.intersect(MANAGEMENT_PORTS)), path: pathText(exposure), rule: ruleText(rule) },
        ruleTarget(context.graph, rule, { resource: vm, at: '' }),
      );
    }
    // No path today: an NSG rule of its own that admits the Internet is still a finding (catalog:
    // "latent"), and an NSG that cannot be fully read leaves the verdict unknown.
    const latentOf = network.exposures.some((e) => e.reach === 'internet' && e.ports.overlaps(MANAGEMENT_PORTS))
      ? []
      : network.latent.map(({ target, segments }) => ({ target, segments: touching(segments, MANAGEMENT_PORTS, 'Tcp') }));
    const latent = latentOf.flatMap(({ segments }) => segments);
    for (const segment of latent.filter((s) => s.reach === 'internet' && s.rules.some((r) => !r.isDefault))) {
      const rule = mainRule(segment.rules);
      context.report(
        'latent',
        { name: vm.name, ports: formatPorts(segment.ports.intersect(MANAGEMENT_PORTS)), rule: ruleText(rule) },
        ruleTarget(context.graph, rule, { resource: vm, at: '' }),
      );
    }
    // A latent finding needs a rule someone wrote: an undecided segment only default rules may decide
    // (VirtualNetwork that may take in a 0.0.0.0/0 route's addresses) can give none.
    const undecided = latentOf.flatMap(({ target, segments }) => segments.filter((s) => s.reach !== 'unknown' || !onlyDefaultRules(target, s)));
    const reason = unknownReason(network, [...exposures, ...undecided]);
    if (reason !== undefined) return context.unknown(reason);
  },
});
