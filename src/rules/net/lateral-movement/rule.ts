import { admitsWholeVnet, displacedBy, formatPorts, mainRule, ruleTarget, ruleText } from '../../../analyses/network/checks.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import type { IntervalSet } from '../../../analyses/network/interval-set.js';
import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

export default defineRule({
  id: 'AZV-NET-009',
  name: 'lateral-movement',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'Lateral movement inside the VNet is restricted (RDP/SSH/SMB/WinRM between workloads)',
    ja: 'VNet 内の横展開が制限されている（ワークロード間の RDP/SSH/SMB/WinRM）',
  },
  fix: {
    en: 'Add a Deny rule for 22, 3389, 445, 135 and 5985-5986 from VirtualNetwork below 65000, after Allows for Bastion or a jump-host ASG.',
    ja: 'Bastion やジャンプホスト ASG からの許可の後に、VirtualNetwork からの 22・3389・445・135・5985-5986 を拒否するルール（優先度 65000 未満）を追加します。',
  },
  messages: {
    lateral: {
      en: '{{machine}} "{{name}}" accepts TCP {{ports}} from anywhere in its virtual network, allowed by {{rule}}.',
      ja: '{{machine}} "{{name}}" は仮想ネットワーク内のどこからでも TCP {{ports}} を受け付けます（許可ルール: {{rule}}）。',
    },
  },
  phrases: ['rule'],
  mappings: { 'mcsb-v1': ['NS-1'], peers: ['PSRule Azure.NSG.LateralTraversal'] },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    let unknown = network.problems[0];
    // One finding per NIC and rule: sources that differ from port to port split the chain into segments the rule admits alike.
    const admitted = new Map<string, { rule: RuleRef | undefined; ports: IntervalSet }>();
    for (const { target, segments } of network.lateral) {
      for (const segment of segments) {
        if (segment.reach === 'unknown') {
          unknown ??= segment.reason ?? 'the NSGs cannot be fully read';
          continue;
        }
        // Broad sources only: VirtualNetwork, *, prefixes that take in every workload subnet of the
        // VNet, or no NSG. A narrow Allow (a jump host) is intended.
        const wide = segment.rules.filter((rule) => rule.access === 'Allow' && !broadAllow(rule) && admitsWholeVnet(target, segment, rule));
        const broad = segment.rules.filter((rule) => broadAllow(rule) || wide.includes(rule));
        if (!segment.noNsg && broad.length === 0) {
          // A broad rule above the deciding one that may match (a setting not known) may be what admits them.
          const maybe = segment.maybeRules.find((each) => broadAllow(each.rule, true));
          if (maybe) unknown ??= `rule ${ruleText(maybe.rule)} may allow TCP ${formatPorts(segment.ports)} from "${maybe.rule.remote}" (${maybe.reason})`;
          continue;
        }
        // A narrow rule above a broad one that may match instead (a setting not known) may be what admits them.
        const displaced = broad.map((rule) => displacedBy(target.inbound(), segment, rule, (maybe) => broadAllow(maybe, true)));
        const standing = broad.filter((_, index) => displaced[index] === undefined);
        const [first] = displaced;
        if (!segment.noNsg && standing.length === 0 && first) {
          unknown ??= `rule ${ruleText(first.rule)} may admit TCP ${formatPorts(segment.ports)} in place of ${ruleText(broad[0])} (${first.reason})`;
          continue;
        }
        const rule = mainRule(standing);
        const key = `${target.nic.key}|${ruleText(rule)}`;
        const seen = admitted.get(key);
        admitted.set(key, { rule, ports: seen ? seen.ports.union(segment.ports) : segment.ports });
      }
    }
    for (const { rule, ports } of admitted.values()) {
      context.report('lateral', { name: vm.name, ports: formatPorts(ports), rule: ruleText(rule) }, ruleTarget(context.graph, rule, { resource: vm, at: '' }));
    }
    if (unknown !== undefined) return context.unknown(unknown);
  },
});

/** An Allow from the whole VNet, any address or the Internet (with `orUnknown`, or from sources not known). */
function broadAllow(rule: RuleRef, orUnknown = false): boolean {
  return (
    rule.access === 'Allow' &&
    rule.remoteKinds.some((kind) => kind === 'virtual-network' || kind === 'any' || kind === 'internet' || (orUnknown && kind === 'unknown'))
  );
}
