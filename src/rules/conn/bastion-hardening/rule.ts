import { at, get } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-CONN-002',
  name: 'bastion-hardening',
  pillar: 'CONN',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/bastionHosts'],
  title: {
    en: 'Bastion host hardened (shareable links off, IP-connect/tunneling scoped, session recording / private-only where Premium)',
    ja: 'Bastion ホストの強化（共有リンク無効、IP 接続・トンネリングの限定、Premium ではセッション記録／プライベート専用）',
  },
  fix: {
    en: 'Set enableShareableLink to false, and turn enableTunneling / enableIpConnect off or deploy a private-only Premium Bastion (networkAcls.ipRules apply to the Developer SKU only).',
    ja: 'enableShareableLink を false にし、enableTunneling／enableIpConnect を無効にするか、プライベート専用の Premium Bastion を展開します（networkAcls.ipRules は Developer SKU にのみ適用されます）。',
  },
  messages: {
    shareableLink: {
      en: 'Bastion "{{name}}" allows shareable links: anyone holding a link can open an RDP/SSH session without signing in to the Azure portal.',
      ja: 'Bastion "{{name}}" で共有リンクが有効です。リンクを持つ人は Azure portal にサインインせずに RDP/SSH セッションを開けます。',
    },
    unscoped: {
      en: 'Bastion "{{name}}" enables {{feature}} on its public endpoint: native clients anywhere on the Internet can tunnel to any VM IP the Bastion reaches.',
      ja: 'Bastion "{{name}}" はパブリック エンドポイントで「{{feature}}」を有効にしています。インターネット上のどこからでもネイティブクライアントで Bastion が到達できる任意の VM IP へトンネルできます。',
    },
  },
  phrases: ['feature'],
  mappings: { 'mcsb-v1': ['PA-2', 'LT-3'], peers: [] },
  check(bastion, context) {
    const link = at(bastion, 'properties', 'enableShareableLink');
    const shareable = asBoolean(link.value);
    if (isUnknown(shareable)) return context.unknown(shareable.reason);
    if (shareable === true) context.report('shareableLink', { name: bastion.name }, { at: link.pointer });
    // networkAcls.ipRules apply to the Developer SKU only, which has no tunnelling or IP connect: they do not scope these features.
    // Private-only Bastion (Premium) has no public IP: tunnelling is reachable from private networks only.
    const privateOnly = asBoolean(get(bastion, 'properties', 'enablePrivateOnlyBastion'));
    if (isUnknown(privateOnly)) return context.unknown(privateOnly.reason);
    if (privateOnly === true) return;
    for (const [property, feature] of [
      ['enableTunneling', 'native client tunneling'],
      ['enableIpConnect', 'IP-based connection'],
    ] as const) {
      const setting = at(bastion, 'properties', property);
      const value = asBoolean(setting.value);
      if (isUnknown(value)) return context.unknown(value.reason);
      if (value === true) context.report('unscoped', { name: bastion.name, feature }, { at: setting.pointer });
    }
  },
});
