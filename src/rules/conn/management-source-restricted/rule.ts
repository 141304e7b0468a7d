import { ofInternetScale, PUBLIC, UNIVERSE } from '../../../analyses/network/addresses.js';
import { IntervalSet } from '../../../analyses/network/interval-set.js';
import { admittedBy, admitsWholeVnet, displacedBy, formatPorts, onlyDefaultRules, ruleNames, ruleTarget, ruleText } from '../../../analyses/network/checks.js';
import type { RuleRef } from '../../../analyses/network/evaluate.js';
import { lateralSegments, MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { defineRule } from '../../define-rule.js';
import { VM_TYPES } from '../../shared/compute.js';
import { checkedAsVms } from '../../shared/scale-sets.js';

export default defineRule({
  id: 'AZV-CONN-003',
  name: 'management-source-restricted',
  pillar: 'CONN',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: VM_TYPES,
  title: {
    en: 'RDP/SSH to VMs allowed only from AzureBastionSubnet / management ranges (not from VirtualNetwork-wide or Any)',
    ja: 'VM への RDP/SSH は AzureBastionSubnet／管理用範囲からのみ許可（VirtualNetwork 全体や Any からは不可）',
  },
  fix: {
    en: 'Change the source of the rule to the AzureBastionSubnet prefix, a jump-host ASG or explicit admin CIDRs.',
    ja: 'ルールの送信元を AzureBastionSubnet のプレフィックス、ジャンプホスト ASG、または明示的な管理用 CIDR に変更します。',
  },
  messages: {
    broadSource: {
      en: '{{machine}} "{{name}}": rule {{rule}} allows TCP {{ports}} from "{{source}}", not only from Bastion or admin ranges.',
      ja: '{{machine}} "{{name}}": ルール {{rule}} が "{{source}}" から TCP {{ports}} を許可しており、Bastion や管理用範囲に限定されていません。',
    },
    wholeVnet: {
      en: '{{machine}} "{{name}}": rule {{rule}} allows TCP {{ports}} from "{{source}}", which takes in every workload subnet of its virtual network, not only Bastion or admin ranges.',
      ja: '{{machine}} "{{name}}": ルール {{rule}} が "{{source}}" から TCP {{ports}} を許可しています。この範囲は仮想ネットワークのすべてのワークロード サブネットを含み、Bastion や管理用範囲に限定されていません。',
    },
    broadTogether: {
      en: '{{machine}} "{{name}}": rules {{rules}} together allow TCP {{ports}} from public addresses at the Internet\'s scale (a /8 of IPv4 or more), not only from Bastion or admin ranges.',
      ja: '{{machine}} "{{name}}": ルール {{rules}} が合わせて、インターネット規模（IPv4 の /8 以上）のパブリック アドレスから TCP {{ports}} を許可しており、Bastion や管理用範囲に限定されていません。',
    },
    noNsg: {
      en: '{{machine}} "{{name}}": no NSG filters TCP {{ports}}, so any source that can route to the VM reaches them.',
      ja: '{{machine}} "{{name}}": TCP {{ports}} を制限する NSG がなく、VM にルーティングできるすべての送信元から到達できます。',
    },
  },
  phrases: ['rule'],
  mappings: {
    'mcsb-v1': ['NS-1', 'NS-3', 'PA-2'],
    'azure-policy': ['22730e10-96f6-4aac-ad84-9383d35b5917'],
    peers: ['PSRule Azure.NSG.LateralTraversal', 'PSRule Azure.NSG.AnyInboundSource'],
  },
  check(vm, context) {
    const vms = checkedAsVms(vm, context);
    if (vms) return vms;
    const network = context.analyses.get(networkAnalysis).vm(vm);
    let unknown = network.problems[0];
    const reported = new Set<string>();
    for (const target of network.targets) {
      for (const segment of lateralSegments(target, UNIVERSE, MANAGEMENT_PORTS)) {
        if (segment.reach === 'unknown') {
          // Only rules someone wrote are this rule's concern: what default rules alone may decide is not.
          if (!onlyDefaultRules(target, segment)) unknown ??= segment.reason ?? 'the NSGs cannot be fully read';
          continue;
        }
        if (segment.noNsg) {
          context.report('noNsg', { name: vm.name, ports: formatPorts(segment.ports) }, { resource: target.nic, at: target.ipConfiguration.pointer });
          continue;
        }
        // The default AllowVnetInBound is AZV-NET-009's concern; here, rules someone wrote: broad by
        // their source's kind, or by prefixes that take in every workload subnet of the VNet.
        const wide = (rule: RuleRef): boolean => !rule.isDefault && rule.access === 'Allow' && admitsWholeVnet(target, segment, rule);
        // Or public sources at the Internet's scale (a /8 of IPv4), which anyone can rent addresses in:
        // one rule's, or several rules' together (a /8 written as two /9s is as broad).
        const publicSources = new Map<RuleRef, IntervalSet>();
        if (ofInternetScale(segment.sources)) {
          for (const rule of segment.rules) {
            if (rule.isDefault || rule.access !== 'Allow' || broadAllow(rule)) continue;
            const admitted = admittedBy(target, segment, rule).intersect(PUBLIC);
            if (!admitted.isEmpty()) publicSources.set(rule, admitted);
          }
        }
        const publicWide = (rule: RuleRef): boolean => ofInternetScale(publicSources.get(rule) ?? IntervalSet.EMPTY);
        const together = [...publicSources.keys()].filter((rule) => !publicWide(rule));
        if (together.length > 1 && ofInternetScale(IntervalSet.unionAll(together.map((rule) => publicSources.get(rule) as IntervalSet)))) {
          const key = `${together.map((rule) => `${rule.nsgId}/${rule.name}`).join('\n')}/${formatPorts(segment.ports)}`;
          if (!reported.has(key)) {
            reported.add(key);
            context.report(
              'broadTogether',
              { name: vm.name, rules: ruleNames(together), ports: formatPorts(segment.ports) },
              ruleTarget(context.graph, together[0], { resource: vm, at: '' }),
            );
          }
        }
        for (const rule of segment.rules.filter((each) => broadAllow(each) || publicWide(each) || wide(each))) {
          const key = `${rule.nsgId}/${rule.name}/${formatPorts(segment.ports)}`;
          if (reported.has(key)) continue;
          reported.add(key);
          const displaced = displacedBy(target.inbound(), segment, rule, (maybe) => broadAllow(maybe, true));
          if (displaced) {
            unknown ??= `rule ${ruleText(displaced.rule)} may admit TCP ${formatPorts(segment.ports)} in place of ${ruleText(rule)} (${displaced.reason})`;
            continue;
          }
          context.report(
            broadAllow(rule) || publicWide(rule) ? 'broadSource' : 'wholeVnet',
            { name: vm.name, rule: ruleText(rule), ports: formatPorts(segment.ports), source: rule.remote },
            ruleTarget(context.graph, rule, { resource: vm, at: '' }),
          );
        }
        // A broad rule above the deciding one that may match (a setting not known) may be what admits them.
        const maybe = segment.maybeRules.find((each) => broadAllow(each.rule, true));
        if (maybe) unknown ??= `rule ${ruleText(maybe.rule)} may allow TCP ${formatPorts(segment.ports)} from "${maybe.rule.remote}" (${maybe.reason})`;
      }
    }
    // Findings decide the verdict whatever is unknown besides (engine/run.ts).
    if (unknown !== undefined) return context.unknown(unknown);
  },
});

/**
 * A rule someone wrote that allows RDP/SSH from any address, the Internet, the whole VNet or the
 * `AzureCloud` service tag (every public IP of Azure, other customers' VMs included; with a region,
 * all of that region's) (with `orUnknown`, or from sources not known).
 */
function broadAllow(rule: RuleRef, orUnknown = false): boolean {
  return (
    !rule.isDefault &&
    rule.access === 'Allow' &&
    (rule.remoteKinds.some((k) => k === 'any' || k === 'internet' || k === 'virtual-network' || (orUnknown && k === 'unknown')) ||
      rule.remoteTags.some((tag) => AZURE_CLOUD.test(tag)))
  );
}

const AZURE_CLOUD = /^azurecloud(\.[a-z0-9]+)?$/i;
