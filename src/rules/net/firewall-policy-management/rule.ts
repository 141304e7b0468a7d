import { at } from '../../../model/resource.js';
import { asBoolean, isUnknown, type Value, isObject } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { basicTier, firewallPolicyChain } from '../../shared/firewall.js';

function hasEntries(value: Value | undefined): boolean {
  return Array.isArray(value) && value.length > 0;
}

export default defineRule({
  id: 'AZV-NET-015',
  name: 'firewall-policy-management',
  pillar: 'NET',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/azureFirewalls'],
  title: {
    en: 'Azure Firewall managed by Firewall Policy (not classic rules) with DNS proxy and logging',
    ja: 'Azure Firewall がクラシックルールではなく Firewall Policy で管理され、DNS プロキシとログが有効',
  },
  fix: {
    en: 'Migrate the classic rule collections to a Firewall Policy, attach it with firewallPolicy.id, and enable dnsSettings.enableProxy (Standard and Premium tiers).',
    ja: 'クラシックルールコレクションを Firewall Policy へ移行して firewallPolicy.id で関連付け、dnsSettings.enableProxy を有効にします（Standard／Premium レベル）。',
  },
  messages: {
    classic: {
      en: 'Firewall "{{name}}" is managed with classic rules ({{collections}}), not a Firewall Policy: no Premium features, no policy inheritance, no policy analytics.',
      ja: 'ファイアウォール "{{name}}" は Firewall Policy ではなくクラシックルール（{{collections}}）で管理されています。Premium 機能、ポリシー継承、ポリシー分析が使えません。',
    },
    noDnsProxy: {
      en: 'Firewall policy "{{policy}}" of firewall "{{name}}" does not enable DNS proxy: FQDN network rules resolve differently on the firewall and on the VMs.',
      ja: 'ファイアウォール "{{name}}" のポリシー "{{policy}}" で DNS プロキシが無効です。FQDN ネットワークルールの名前解決がファイアウォールと VM で食い違います。',
    },
  },
  phrases: ['collections'],
  mappings: {
    'mcsb-v1': ['NS-3', 'LT-3'],
    'azure-policy': ['794d77cc-fe65-4801-8514-230c0be387a8', '3f84c9b0-8b64-4208-98d4-6ada96bb49c3'],
    peers: ['checkov CKV_AZURE_219'],
  },
  check(firewall, context) {
    const chain = firewallPolicyChain(context.graph, firewall);
    if (isUnknown(chain)) return context.unknown(chain.reason);
    if (chain === undefined) {
      const properties = firewall.body['properties'];
      const collections = ['natRuleCollections', 'networkRuleCollections', 'applicationRuleCollections'].filter(
        (name) => isObject(properties) && hasEntries(at(firewall, 'properties', name).value),
      );
      context.report('classic', { name: firewall.name, collections: collections.length > 0 ? collections.join(', ') : 'none' }, { at: '' });
      return;
    }
    // DNS proxy is not inherited from a base policy: the attached policy decides.
    const policy = chain.policies[0];
    if (!policy) return;
    // DNS proxy is a Standard and Premium feature: a Basic firewall and policy cannot enable it.
    const basic = basicTier(firewall, chain);
    if (isUnknown(basic)) return context.unknown(basic.reason);
    if (basic) return;
    const setting = at(policy, 'properties', 'dnsSettings', 'enableProxy');
    const value = asBoolean(setting.value);
    if (isUnknown(value)) return context.unknown(value.reason);
    if (value !== true) context.report('noDnsProxy', { name: firewall.name, policy: policy.name }, { resource: policy, at: setting.pointer });
  },
});
