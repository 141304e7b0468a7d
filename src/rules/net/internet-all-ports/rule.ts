import { mainRule, pathText, ruleTarget, ruleText, unknownReason } from '../../../analyses/network/checks.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import { networkAnalysis, type Segment } from '../../../analyses/network/exposure.js';
import { IntervalSet } from '../../../analyses/network/interval-set.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';
import { appendAll } from '../../../model/arrays.js';

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
    allowAllPorts: {
      en: '{{machine}} "{{name}}": NSG rule {{rule}} allows every {{protocol}} port from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rule}} がインターネット全体からすべての {{protocol}} ポートを許可しています。',
    },
    allowAllTogether: {
      en: '{{machine}} "{{name}}": NSG rules {{rules}} together allow every {{protocol}} port from the whole Internet.',
      ja: '{{machine}} "{{name}}": NSG ルール {{rules}} が合わせて、インターネット全体からすべての {{protocol}} ポートを許可しています。',
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
    // What the NSGs admit, however the rules are written: one rule for every port, or several whose
    // port ranges (or protocols) add up to every port, on one IP configuration of the VM.
    const reported = new Set<string>();
    const undecided: Segment[] = [];
    for (const { segments } of network.latent) {
      for (const protocol of ['Tcp', 'Udp'] as const) {
        const open = segments.filter((s) => s.protocol === protocol && s.reach === 'internet');
        const maybe = segments.filter((s) => s.protocol === protocol && s.reach === 'unknown');
        if (!coversEveryPort(open)) {
          if (maybe.length > 0 && coversEveryPort([...open, ...maybe])) appendAll(undecided, maybe);
          continue;
        }
        const rules = [...new Set(open.map((s) => mainRule(s.rules)).filter((r): r is RuleRef => r !== undefined))];
        const key = rules.map((r) => `${r.nsgId}/${r.name}`).join('\n');
        if (rules.length === 0 || reported.has(key)) continue;
        reported.add(key);
        const [first] = rules as [RuleRef, ...RuleRef[]];
        const target = ruleTarget(context.graph, first, { resource: vm, at: '' });
        if (rules.length > 1) context.report('allowAllTogether', { name: vm.name, rules: ruleNames(rules), protocol: protocol.toUpperCase() }, target);
        else if (first.protocol === '*') context.report('allowAll', { name: vm.name, rule: ruleText(first) }, target);
        else context.report('allowAllPorts', { name: vm.name, rule: ruleText(first), protocol: protocol.toUpperCase() }, target);
      }
    }
    for (const exposure of network.exposures) {
      if (exposure.noNsg && exposure.reach === 'internet' && exposure.protocol === 'Tcp' && exposure.ports.covers(EVERY_PORT)) {
        context.report('openWithoutNsg', { name: vm.name, path: pathText(exposure) }, { resource: vm, at: '' });
      }
    }
    const reason = unknownReason(network, [...undecided, ...network.exposures.filter((s) => s.ports.covers(EVERY_PORT))]);
    if (reason !== undefined) return context.unknown(reason);
  },
});

/** Every port a service can listen on: 1–65535 (port 0 is reserved), so a rule for 1-65535 is one for all. */
const EVERY_PORT = IntervalSet.range(1, 65535);

function coversEveryPort(segments: readonly Segment[]): boolean {
  return segments.length > 0 && IntervalSet.unionAll(segments.map((s) => s.ports)).covers(EVERY_PORT);
}

/** The rules' names, the first five and how many more: no words, so the same in both languages. */
function ruleNames(rules: readonly RuleRef[]): string {
  const names = rules.slice(0, 5).map((r) => `${r.nsgName}/${r.name}`);
  return rules.length > 5 ? `${names.join(', ')}, +${rules.length - 5}` : names.join(', ');
}
