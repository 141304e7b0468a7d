import { z } from 'zod';
import { at } from '../../../model/resource.js';
import { asBoolean, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { asOfOption, parseDate } from '../../shared/dates.js';
import { keyVaultDependents } from '../../shared/key-vault.js';

/**
 * From February 2025 soft delete is on for every key vault and cannot be turned off
 * (learn.microsoft.com/azure/key-vault/general/soft-delete-change): `enableSoftDelete: false` no
 * longer leaves one without it. The end of that month, when every vault has it.
 */
const SOFT_DELETE_ALWAYS_ON = Date.parse('2025-03-01T00:00:00Z');

export default defineRule({
  id: 'AZV-REC-008',
  name: 'key-vault-recoverable',
  pillar: 'REC',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  title: {
    en: 'Key Vaults holding disk-encryption / backup keys have soft delete and purge protection',
    ja: 'ディスク暗号化／バックアップ用キーを保持する Key Vault で論理的な削除と消去保護が有効',
  },
  fix: {
    en: 'Set enablePurgeProtection to true (irreversible) and keep enableSoftDelete true with softDeleteRetentionInDays 90.',
    ja: 'enablePurgeProtection を true にし（元に戻せません）、enableSoftDelete を true、softDeleteRetentionInDays を 90 のままにします。',
  },
  messages: {
    purgeProtectionOff: {
      en: 'Key Vault "{{name}}" has no purge protection: a deleted vault or key can be purged for good.',
      ja: 'Key Vault "{{name}}" には消去保護がなく、削除されたコンテナーやキーを完全に消去できます。',
    },
    purgeProtectionOffForKeys: {
      en: 'Key Vault "{{name}}" holds encryption keys for {{dependents}} but has no purge protection: purging a key makes that data unreadable.',
      ja: 'Key Vault "{{name}}" は {{dependents}} の暗号化キーを保持していますが消去保護がなく、キーを消去するとそのデータを読めなくなります。',
    },
    softDeleteOff: {
      en: 'Key Vault "{{name}}" disables soft delete: deleted keys cannot be recovered.',
      ja: 'Key Vault "{{name}}" は論理的な削除を無効にしており、削除されたキーを回復できません。',
    },
    shortRetention: {
      en: 'Key Vault "{{name}}" keeps deleted keys for {{days}} days, less than {{minimum}}.',
      ja: 'Key Vault "{{name}}" は削除されたキーを {{days}} 日しか保持せず、{{minimum}} 日に足りません。',
    },
  },
  mappings: {
    'mcsb-v1': ['DP-8'],
    'cis-azure-5.0.0': ['8.3.5'],
    'cis-azure-3.0.0': ['3.3.5'],
    'azure-policy': ['0b60c0b2-2dc2-4e1c-b5c9-abbed971de53', '1e66c121-a66a-4b1f-9b83-0fd99bf0fc2d'],
    peers: [
      'checkov CKV_AZURE_42',
      'checkov CKV_AZURE_110',
      'checkov CKV_AZURE_111',
      'prowler keyvault_recoverable',
      'PSRule Azure.KeyVault.SoftDelete',
      'PSRule Azure.KeyVault.PurgeProtect',
      'KICS 7c25f361-7c66-44bf-9b69-022acd5eb4bd',
    ],
  },
  options: z
    .object({
      /** Minimum days deleted vaults and keys are kept (Azure allows 7–90; the default is 90). */
      minSoftDeleteRetentionDays: z.number().int().min(7).max(90).default(7),
      asOf: asOfOption,
    })
    .strict(),
  check(vault, context) {
    let unknownReason: string | undefined;
    const softDelete = at(vault, 'properties', 'enableSoftDelete');
    const alwaysOn = (parseDate(context.options.asOf) as number) >= SOFT_DELETE_ALWAYS_ON;
    const soft = alwaysOn ? true : asBoolean(softDelete.value);
    if (isUnknown(soft)) unknownReason ??= soft.reason;
    else if (soft === false) context.report('softDeleteOff', { name: vault.name }, { at: softDelete.pointer });

    const purge = at(vault, 'properties', 'enablePurgeProtection');
    const protectedFromPurge = asBoolean(purge.value);
    if (isUnknown(protectedFromPurge)) unknownReason ??= protectedFromPurge.reason;
    else if (protectedFromPurge !== true) {
      const dependents = keyVaultDependents(context.graph, vault).map(({ resource }) => `"${resource.name}"`);
      if (dependents.length > 0) context.report('purgeProtectionOffForKeys', { name: vault.name, dependents: dependents.join(', ') }, { at: purge.pointer });
      else context.report('purgeProtectionOff', { name: vault.name }, { at: purge.pointer });
    }

    const retention = at(vault, 'properties', 'softDeleteRetentionInDays');
    if (isUnknown(retention.value)) unknownReason ??= retention.value.reason;
    else if (soft !== false) {
      const days = typeof retention.value === 'number' ? retention.value : 90;
      if (days < context.options.minSoftDeleteRetentionDays) {
        context.report('shortRetention', { name: vault.name, days, minimum: context.options.minSoftDeleteRetentionDays }, { at: retention.pointer });
      }
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});
