import { describeSources, ofInternetScale } from '../../../analyses/network/addresses.js';
import { formatPorts } from '../../../analyses/network/checks.js';
import { MANAGEMENT_PORTS, networkAnalysis } from '../../../analyses/network/exposure.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-NET-007',
  name: 'firewall-dnat-management',
  pillar: 'NET',
  severity: 'high',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/azureFirewalls', 'Microsoft.Network/firewallPolicies/ruleCollectionGroups'],
  title: {
    en: 'Azure Firewall DNAT rules do not expose VM management ports broadly',
    ja: 'Azure Firewall の DNAT ルールが VM 管理ポートを広範に公開していない',
  },
  fix: {
    en: 'Limit the DNAT rule sourceAddresses to the admin ranges that need it, or remove it and use Bastion.',
    ja: 'DNAT ルールの sourceAddresses を必要な管理用範囲に限定するか、ルールを削除して Bastion を使います。',
  },
  messages: {
    broad: {
      en: 'DNAT rule "{{rule}}" in "{{name}}" translates to management port {{ports}} from {{sources}}.',
      ja: '"{{name}}" の DNAT ルール "{{rule}}" が {{sources}} から管理ポート {{ports}} へ変換しています。',
    },
  },
  mappings: { 'mcsb-v1': ['NS-1', 'NS-3'], peers: [] },
  check(resource, context) {
    const rules = context.analyses.get(networkAnalysis).dnatRules.filter((rule) => rule.resource.key === resource.key);
    if (rules.length === 0) return context.notApplicable('no DNAT rule');
    let unknown: string | undefined;
    for (const rule of rules) {
      // DNAT on the firewall's private address serves peered VNets and on-premises only.
      if (rule.privateFrontend) continue;
      if (isUnknown(rule.translatedPorts)) {
        unknown ??= rule.translatedPorts.reason;
        continue;
      }
      const ports = rule.translatedPorts.intersect(MANAGEMENT_PORTS);
      if (ports.isEmpty()) continue;
      if (isUnknown(rule.clients)) {
        unknown ??= rule.clients.reason;
        continue;
      }
      // A source list is broad when it holds the Internet's scale of public addresses (a /8 of IPv4, a /32 of IPv6).
      if (ofInternetScale(rule.clients))
        context.report(
          'broad',
          { name: resource.name, rule: rule.name, ports: formatPorts(ports), sources: describeSources(rule.clients).join(', ') },
          { at: rule.pointer },
        );
    }
    if (unknown !== undefined) return context.unknown(unknown);
  },
});
