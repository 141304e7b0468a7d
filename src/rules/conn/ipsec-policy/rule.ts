import { at, get } from '../../../model/resource.js';
import { asString, isObject, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

/** Proposal values that are broken or too weak (rule catalog AZV-CONN-007). */
const WEAK = new Set(['des', 'des3', 'md5', 'sha1', 'dhgroup1', 'dhgroup2', 'pfs1', 'pfs2', 'none']);
const FIELDS = ['ikeEncryption', 'ikeIntegrity', 'dhGroup', 'ipsecEncryption', 'ipsecIntegrity', 'pfsGroup'];

export default defineRule({
  id: 'AZV-CONN-007',
  name: 'ipsec-policy',
  pillar: 'CONN',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/connections'],
  title: {
    en: 'Site-to-site VPN connections use IKEv2 with a strong custom IPsec/IKE policy',
    ja: 'サイト間 VPN 接続が IKEv2 と強固なカスタム IPsec/IKE ポリシーを使用',
  },
  fix: {
    en: 'Set connectionProtocol to IKEv2 and add an ipsecPolicies entry with GCMAES256/AES256, SHA256 or better, DHGroup14/ECP384 and PFS.',
    ja: 'connectionProtocol を IKEv2 にし、GCMAES256/AES256・SHA256 以上・DHGroup14/ECP384・PFS を指定した ipsecPolicies を追加します。',
  },
  messages: {
    ikev1: {
      en: 'Connection "{{name}}" uses IKEv1.',
      ja: '接続 "{{name}}" は IKEv1 を使用しています。',
    },
    defaultPolicy: {
      en: 'Connection "{{name}}" has no custom IPsec/IKE policy: it negotiates Azure default proposals, which include weak ones the on-premises device may pick.',
      ja: '接続 "{{name}}" にカスタム IPsec/IKE ポリシーがありません。Azure 既定の提案で交渉され、オンプレミス機器が弱い方式を選ぶ可能性があります。',
    },
    weakPolicy: {
      en: 'The IPsec/IKE policy of connection "{{name}}" allows {{field}} {{value}}.',
      ja: '接続 "{{name}}" の IPsec/IKE ポリシーは {{field}} {{value}} を許可しています。',
    },
  },
  mappings: { 'mcsb-v1': ['DP-3', 'NS-2'], 'azure-policy': ['50b83b09-03da-41c1-b656-c293c914862b'], peers: [] },
  check(connection, context) {
    const type = asString(get(connection, 'properties', 'connectionType'));
    if (isUnknown(type)) return context.unknown(type.reason);
    if (type === undefined || type.toLowerCase() !== 'ipsec') return context.notApplicable(`connection type ${type ?? 'not set'}`);
    const protocol = at(connection, 'properties', 'connectionProtocol');
    const value = asString(protocol.value);
    if (isUnknown(value)) return context.unknown(value.reason);
    if (value?.toLowerCase() === 'ikev1') context.report('ikev1', { name: connection.name }, { at: protocol.pointer });
    const policies = at(connection, 'properties', 'ipsecPolicies');
    if (isUnknown(policies.value)) return context.unknown(policies.value.reason);
    const list = Array.isArray(policies.value) ? policies.value : [];
    if (list.length === 0) {
      context.report('defaultPolicy', { name: connection.name }, { at: policies.pointer || '' });
      return;
    }
    for (const [index, policy] of list.entries()) {
      if (isUnknown(policy)) return context.unknown(policy.reason);
      if (!isObject(policy)) continue;
      for (const field of FIELDS) {
        const setting = asString(prop(policy, field));
        if (isUnknown(setting)) return context.unknown(setting.reason);
        if (setting !== undefined && WEAK.has(setting.toLowerCase()))
          context.report('weakPolicy', { name: connection.name, field, value: setting }, { at: `${policies.pointer}/${index}/${field}` });
      }
    }
  },
});
