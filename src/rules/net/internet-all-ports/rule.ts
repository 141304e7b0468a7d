import { mainRule, pathText, ruleTarget, ruleText, unknownReason } from '../../../analyses/network/checks.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { ALL_PORTS } from '../../../analyses/network/ports.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

export default defineRule({
  id: 'AZV-NET-003',
  name: 'internet-all-ports',
  pillar: 'NET',
  severity: 'critical',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'No inbound rule allows all ports / all protocols from the Internet to VMs',
    ja: 'インターネットから VM への全ポート／全プロトコル許可の受信ルールがない',
  },
  fix: {
    en: 'Replace the allow-all rule with rules for the few ports the workload serves, from the sources that need them.',
    ja: '全許可ルールを、ワークロードが必要とする少数のポートと送信元に限定したルールに置き換えます。',
  },
  messages: {
    allowAll: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows every port and protocol from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} がインターネット全体からすべてのポートとプロトコルを許可しています。',
    },
    openWithoutNsg: {
      en: '{{machine}} "{{name}}" accepts every port from the whole Internet through {{path}}: no NSG filters it and the SKU is open by default.',
      ja: '{{machine}} "{{name}}" は、{{path}} 経由でインターネット全体からすべてのポートを受け付けます。NSG がなく、SKU が既定で開いています。',
    },
  },
  phrases: ['rule', 'path'],
  mappings: {
    'mcsb-v1': ['NS-1'],
    'cis-azure-5.0.0': ['7.1', '7.2', '7.3', '7.4'],
    'azure-policy': ['9daedab3-fb2d-461e-b861-71790eead4f6'],
    peers: ['PSRule Azure.NSG.AnyInboundSource'],
  },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    const reported = new Set<string>();
    for (const { segments } of network.latent) {
      for (const segment of segments) {
        if (segment.reach !== 'internet' || segment.protocol !== 'Tcp' || !segment.ports.covers(ALL_PORTS)) continue;
        const rule = mainRule(segment.rules.filter((r) => !r.isDefault && r.ports === '*' && r.protocol === '*'));
        if (!rule || reported.has(`${rule.nsgId}/${rule.name}`)) continue;
        reported.add(`${rule.nsgId}/${rule.name}`);
        context.report('allowAll', { name: vm.name, rule: ruleText(rule) }, ruleTarget(context.graph, rule, { resource: vm, at: '' }));
      }
    }
    for (const exposure of network.exposures) {
      if (exposure.noNsg && exposure.reach === 'internet' && exposure.protocol === 'Tcp' && exposure.ports.covers(ALL_PORTS)) {
        context.report('openWithoutNsg', { name: vm.name, path: pathText(exposure) }, { resource: vm, at: '' });
      }
    }
    const reason = unknownReason(
      network,
      [...network.latent.flatMap((l) => l.segments), ...network.exposures].filter((s) => s.ports.covers(ALL_PORTS)),
    );
    if (reason !== undefined) return context.unknown(reason);
  },
});
