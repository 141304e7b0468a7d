import type { ResourceGraph } from '../../../model/graph.js';
import { at, type Resource } from '../../../model/resource.js';
import { asBoolean, isObject, isUnknown, Unknown, type Value } from '../../../model/value.js';
import { defineRule, type RuleContext } from '../../define-rule.js';
import { enabledCategories, sendsSomewhere } from '../../shared/diagnostics.js';
import { basicTier, firewallPolicyChain } from '../../shared/firewall.js';
import { extensionsOn, unreadableScope } from '../../shared/scope.js';
import { unreadable } from '../../shared/subscription.js';

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
    ja: 'Azure Firewall がクラシックルールではなくファイアウォール ポリシーで管理され、DNS プロキシとログが有効',
  },
  fix: {
    en: 'Migrate the classic rule collections to a Firewall Policy, attach it with firewallPolicy.id, enable dnsSettings.enableProxy (Standard and Premium tiers), and send the firewall logs to the SIEM workspace with a diagnostic setting.',
    ja: 'クラシックルールコレクションをファイアウォール ポリシーへ移行して firewallPolicy.id で関連付け、dnsSettings.enableProxy を有効にし（Standard／Premium レベル）、診断設定でファイアウォールのログを SIEM ワークスペースへ送ります。',
  },
  messages: {
    classic: {
      en: 'Firewall "{{name}}" is managed with classic rules ({{collections}}), not a Firewall Policy: no Premium features, no policy inheritance, no policy analytics.',
      ja: 'ファイアウォール "{{name}}" はファイアウォール ポリシーではなくクラシックルール（{{collections}}）で管理されています。Premium 機能、ポリシー継承、ポリシー分析が使えません。',
    },
    noLogging: {
      en: 'Firewall "{{name}}" has no diagnostic setting that sends its logs anywhere: allowed and denied flows, DNAT and threat-intelligence hits leave no trace to investigate.',
      ja: 'ファイアウォール "{{name}}" には、ログをどこかへ送る診断設定がありません。許可・拒否したフロー、DNAT、脅威インテリジェンスの検出が調査できる形で残りません。',
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
    const logging = loggingOf(context.graph, firewall);
    if (logging === 'none') context.report('noLogging', { name: firewall.name }, { at: '' });
    // Classic rules and the DNS proxy are judged whatever is known of the logging: a finding the
    // input proves fails the evaluation, and unknown stands only when nothing is reported.
    const management = policyManagement(firewall, context);
    const unknown = isUnknown(logging) ? logging : management;
    if (unknown) return context.unknown(unknown.reason);
  },
});

/** Classic rules, or the DNS proxy of the attached policy: reported; Unknown where it cannot be told. */
function policyManagement(firewall: Resource, context: RuleContext<'classic' | 'noDnsProxy' | 'noLogging', unknown>): Unknown | undefined {
  const chain = firewallPolicyChain(context.graph, firewall);
  if (isUnknown(chain)) return chain;
  if (chain === undefined) {
    const properties = firewall.body['properties'];
    const collections = ['natRuleCollections', 'networkRuleCollections', 'applicationRuleCollections'].filter(
      (name) => isObject(properties) && hasEntries(at(firewall, 'properties', name).value),
    );
    context.report('classic', { name: firewall.name, collections: collections.length > 0 ? collections.join(', ') : 'none' }, { at: '' });
    return undefined;
  }
  // DNS proxy is not inherited from a base policy: the attached policy decides.
  const policy = chain.policies[0];
  if (!policy) return undefined;
  // DNS proxy is a Standard and Premium feature: a Basic firewall and policy cannot enable it.
  const basic = basicTier(firewall, chain);
  if (isUnknown(basic) || basic) return isUnknown(basic) ? basic : undefined;
  const setting = at(policy, 'properties', 'dnsSettings', 'enableProxy');
  const value = asBoolean(setting.value);
  if (isUnknown(value)) return value;
  if (value !== true) context.report('noDnsProxy', { name: firewall.name, policy: policy.name }, { resource: policy, at: setting.pointer });
  return undefined;
}

const DIAGNOSTIC_SETTINGS = 'Microsoft.Insights/diagnosticSettings';

/**
 * Whether a diagnostic setting sends some log category of the firewall somewhere ('sent'), none
 * does ('none'), or that cannot be told: the settings were not read, or one whose scope is not
 * known may be the firewall's.
 */
function loggingOf(graph: ResourceGraph, firewall: Resource): 'sent' | 'none' | Unknown {
  const settings = extensionsOn(graph, DIAGNOSTIC_SETTINGS, firewall);
  for (const { resource: setting } of settings) {
    const categories = enabledCategories(setting);
    if (!(categories instanceof Set)) return new Unknown(categories.unknown);
    if (categories.size > 0 && sendsSomewhere(setting)) return 'sent';
  }
  if (settings.length === 0) {
    const failed = unreadable(firewall, `${DIAGNOSTIC_SETTINGS} (firewall)`);
    if (failed) return new Unknown(`the firewall's diagnostic settings could not be read: ${failed}`);
  }
  return unreadableScope(graph, DIAGNOSTIC_SETTINGS) ?? 'none';
}
