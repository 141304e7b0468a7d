import { at } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-REC-004',
  name: 'vault-immutability',
  pillar: 'REC',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults'],
  title: {
    en: 'Recovery Services vault immutability enabled and locked',
    ja: 'Recovery Services コンテナーの不変性が有効かつロック済み',
  },
  fix: {
    en: 'Set securitySettings.immutabilitySettings.state to Unlocked, verify, then to Locked (irreversible).',
    ja: 'securitySettings.immutabilitySettings.state を Unlocked にして確認した後、Locked にします（元に戻せません）。',
  },
  messages: {
    disabled: {
      en: 'Recovery Services vault "{{name}}" is not immutable: an attacker with vault rights can shorten retention or delete recovery points.',
      ja: 'Recovery Services コンテナー "{{name}}" は不変ではなく、コンテナーの権限を持つ攻撃者が保持期間の短縮や回復ポイントの削除を行えます。',
    },
    unlocked: {
      en: 'Recovery Services vault "{{name}}" is immutable but Unlocked: an administrator can switch immutability off again.',
      ja: 'Recovery Services コンテナー "{{name}}" は不変ですが Unlocked で、管理者が不変性を再び無効にできます。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-2'],
    'azure-policy': ['d6f6f560-14b7-49a4-9fc8-d2c3a9807868', '2514263b-bc0d-4b06-ac3e-f262c0979018'],
    peers: ['PSRule Azure.RSV.Immutable'],
  },
  check(vault, context) {
    const state = at(vault, 'properties', 'securitySettings', 'immutabilitySettings', 'state');
    if (isUnknown(state.value)) return context.unknown(state.value.reason);
    const value = typeof state.value === 'string' ? state.value : 'Disabled';
    if (/^locked$/i.test(value)) return;
    context.report(/^unlocked$/i.test(value) ? 'unlocked' : 'disabled', { name: vault.name }, { at: state.pointer });
  },
});
