import { at, get } from '../../../model/resource.js';
import { asString, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { firewallPolicyChain, firewallTier, strictestMode } from '../../shared/firewall.js';

const MODES = ['Off', 'Alert', 'Deny'];

export default defineRule({
  id: 'AZV-NET-014',
  name: 'firewall-premium-idps',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/azureFirewalls'],
  title: {
    en: 'Azure Firewall Premium with IDPS in Deny mode (and TLS inspection where feasible)',
    ja: 'Azure Firewall Premium で IDPS が Deny モード（可能なら TLS インスペクションも）',
  },
  fix: {
    en: 'Use the Premium tier for the firewall and its policy, and set intrusionDetection.mode to Deny.',
    ja: 'ファイアウォールとポリシーを Premium レベルにし、intrusionDetection.mode を Deny にします。',
  },
  messages: {
    notPremium: {
      en: 'Firewall "{{name}}" is {{tier}} tier: it has no intrusion detection and prevention (IDPS).',
      ja: 'ファイアウォール "{{name}}" は {{tier}} レベルで、侵入検知・防止 (IDPS) がありません。',
    },
    noPolicy: {
      en: 'Premium firewall "{{name}}" has no firewall policy, so IDPS is not configured.',
      ja: 'Premium ファイアウォール "{{name}}" にファイアウォール ポリシーがなく、IDPS が構成されていません。',
    },
    idpsNotDeny: {
      en: 'IDPS of firewall "{{name}}" is in mode {{mode}} (policy "{{policy}}"): detected intrusions are not blocked.',
      ja: 'ファイアウォール "{{name}}" の IDPS は {{mode}} モードです（ポリシー "{{policy}}"）。検知した侵入がブロックされません。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-10'],
    'azure-policy': ['8c19196d-7fd7-45b2-a9b4-7288f47c769a'],
    peers: ['checkov CKV_AZURE_220'],
  },
  check(firewall, context) {
    const tier = firewallTier(firewall);
    if (isUnknown(tier)) return context.unknown(tier.reason);
    if (tier.toLowerCase() !== 'premium') {
      context.report('notPremium', { name: firewall.name, tier }, { at: at(firewall, 'properties', 'sku').pointer });
      return;
    }
    const chain = firewallPolicyChain(context.graph, firewall);
    if (isUnknown(chain)) return context.unknown(chain.reason);
    if (chain === undefined) {
      context.report('noPolicy', { name: firewall.name }, { at: '' });
      return;
    }
    const policy = chain.policies[0];
    const policyTier = asString(get(policy ?? firewall, 'properties', 'sku', 'tier'));
    if (isUnknown(policyTier)) return context.unknown(policyTier.reason);
    if (policy && (policyTier ?? 'Standard').toLowerCase() !== 'premium') {
      context.report(
        'idpsNotDeny',
        { name: firewall.name, mode: 'Off', policy: policy.name },
        { resource: policy, at: at(policy, 'properties', 'sku').pointer },
      );
      return;
    }
    const mode = strictestMode(chain, ['properties', 'intrusionDetection', 'mode'], MODES, 'Off');
    if (isUnknown(mode)) return context.unknown(mode.reason);
    if (mode.mode !== 'Deny')
      context.report('idpsNotDeny', { name: firewall.name, mode: mode.mode, policy: mode.resource.name }, { resource: mode.resource, at: mode.pointer });
  },
});
