import { at } from '../../../model/resource.js';
import { asString, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { basicTier, firewallPolicyChain, strictestMode } from '../../shared/firewall.js';

const MODES = ['Off', 'Alert', 'Deny'];

export default defineRule({
  id: 'AZV-NET-013',
  name: 'firewall-threat-intel',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/azureFirewalls'],
  title: {
    en: 'Azure Firewall threat-intelligence filtering in Deny mode',
    ja: 'Azure Firewall の脅威インテリジェンスフィルタリングが Deny モード',
  },
  fix: {
    en: 'Set threatIntelMode to Deny on the firewall policy (or on the classic firewall); a Basic firewall cannot deny and needs the Standard or Premium tier.',
    ja: 'ファイアウォール ポリシー（またはクラシックファイアウォール）の threatIntelMode を Deny にします。Basic のファイアウォールは拒否できないため、Standard または Premium レベルが必要です。',
  },
  messages: {
    notDeny: {
      en: 'Firewall "{{name}}" filters threat intelligence in mode {{mode}} (set in "{{where}}"): traffic to and from known-malicious addresses is not blocked.',
      ja: 'ファイアウォール "{{name}}" の脅威インテリジェンスは {{mode}} モードです（"{{where}}" で設定）。既知の悪意あるアドレスとの通信がブロックされません。',
    },
    basicTier: {
      en: 'Firewall "{{name}}" is the Basic tier, whose threat intelligence only alerts: traffic to and from known-malicious addresses cannot be blocked. Upgrade to Standard or Premium to use Deny mode.',
      ja: 'ファイアウォール "{{name}}" は Basic レベルで、脅威インテリジェンスはアラートのみです。既知の悪意あるアドレスとの通信をブロックできません。Deny モードを使うには Standard または Premium にアップグレードします。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-1', 'NS-3'],
    'azure-policy': ['da79a7e2-8aa1-45ed-af81-ba050c153564', '7c591a93-c34c-464c-94ac-8f9f9a46e3d6'],
    peers: ['checkov CKV_AZURE_216', 'PSRule Azure.Firewall.Mode', 'PSRule Azure.Firewall.PolicyMode'],
  },
  check(firewall, context) {
    const chain = firewallPolicyChain(context.graph, firewall);
    if (isUnknown(chain)) return context.unknown(chain.reason);
    // Basic runs threat intelligence in alert mode only: asking for Deny would be a fix that cannot be applied.
    const basic = basicTier(firewall, chain);
    if (isUnknown(basic)) return context.unknown(basic.reason);
    if (basic) return void context.report('basicTier', { name: firewall.name }, { resource: basic.resource, at: basic.pointer });
    if (chain === undefined) {
      const written = at(firewall, 'properties', 'threatIntelMode');
      const mode = asString(written.value);
      if (isUnknown(mode)) return context.unknown(mode.reason);
      // Classic firewalls default to Alert.
      if ((mode ?? 'Alert').toLowerCase() !== 'deny')
        context.report('notDeny', { name: firewall.name, mode: mode ?? 'Alert', where: firewall.name }, { at: written.pointer });
      return;
    }
    const effective = strictestMode(chain, ['properties', 'threatIntelMode'], MODES, 'Alert');
    if (isUnknown(effective)) return context.unknown(effective.reason);
    if (effective.mode !== 'Deny')
      context.report(
        'notDeny',
        { name: firewall.name, mode: effective.mode, where: effective.resource.name },
        { resource: effective.resource, at: effective.pointer },
      );
  },
});
