import { z } from 'zod';
import { at, get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-REC-003',
  name: 'vault-soft-delete',
  pillar: 'REC',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults'],
  title: {
    en: 'Recovery Services vault soft delete is AlwaysON (or Enabled) with adequate soft-delete retention',
    ja: 'Recovery Services コンテナーの論理的な削除が AlwaysON（または Enabled）で、保持期間が十分',
  },
  fix: {
    en: 'Set securitySettings.softDeleteSettings.softDeleteState to AlwaysON with softDeleteRetentionPeriodInDays of at least 14.',
    ja: 'securitySettings.softDeleteSettings.softDeleteState を AlwaysON にし、softDeleteRetentionPeriodInDays を 14 以上にします。',
  },
  messages: {
    disabled: {
      en: 'Recovery Services vault "{{name}}" has soft delete disabled: deleted backups are gone at once.',
      ja: 'Recovery Services コンテナー "{{name}}" は論理的な削除が無効で、削除されたバックアップは即座に失われます。',
    },
    notAlwaysOn: {
      en: 'Recovery Services vault "{{name}}" uses soft delete state {{state}}, which an administrator can turn off: set AlwaysON.',
      ja: 'Recovery Services コンテナー "{{name}}" の論理的な削除の状態は {{state}} で、管理者が無効にできます。AlwaysON にしてください。',
    },
    shortRetention: {
      en: 'Recovery Services vault "{{name}}" keeps soft-deleted backups for {{days}} days, less than {{minimum}}.',
      ja: 'Recovery Services コンテナー "{{name}}" は論理的に削除されたバックアップを {{days}} 日しか保持せず、{{minimum}} 日に足りません。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-2'],
    'azure-policy': ['31b8092a-36b8-434b-9af7-5ec844364148'],
  },
  options: z
    .object({
      /** Require the irreversible AlwaysON state (Enabled can be turned off by an administrator). */
      requireAlwaysOn: z.boolean().default(false),
      /** Minimum days soft-deleted backup data is kept (Azure allows 14–180). */
      minRetentionDays: z.number().int().min(14).max(180).default(14),
    })
    .strict(),
  check(vault, context) {
    const state = at(vault, 'properties', 'securitySettings', 'softDeleteSettings', 'softDeleteState');
    if (isUnknown(state.value)) return context.unknown(state.value.reason);
    let stateValue = typeof state.value === 'string' ? state.value : undefined;
    let pointer = state.pointer;
    // The older vault configuration child (vaults/backupconfig) also switches soft delete.
    for (const config of context.graph.children(vault, 'Microsoft.RecoveryServices/vaults/backupconfig')) {
      const legacy = get(config, 'properties', 'softDeleteFeatureState');
      if (isUnknown(legacy)) return context.unknown(legacy.reason);
      if (stateValue === undefined && typeof legacy === 'string') {
        stateValue = legacy;
        pointer = at(config, 'properties', 'softDeleteFeatureState').pointer;
        if (/^disabled$/i.test(legacy)) {
          context.report('disabled', { name: vault.name }, { resource: config, at: pointer });
          return;
        }
      }
    }
    // Soft delete is on by default for every vault (secure by default), in the Enabled state.
    stateValue ??= 'Enabled';
    if (/^disabled$/i.test(stateValue)) context.report('disabled', { name: vault.name }, { at: pointer });
    else if (context.options.requireAlwaysOn && !/^alwayson$/i.test(stateValue))
      context.report('notAlwaysOn', { name: vault.name, state: stateValue }, { at: pointer });
    const days = at(vault, 'properties', 'securitySettings', 'softDeleteSettings', 'softDeleteRetentionPeriodInDays');
    if (isUnknown(days.value)) return context.unknown(days.value.reason);
    const retention = typeof days.value === 'number' ? days.value : 14;
    if (!/^disabled$/i.test(stateValue) && retention < context.options.minRetentionDays) {
      context.report('shortRetention', { name: vault.name, days: retention, minimum: context.options.minRetentionDays }, { at: days.pointer });
    }
  },
});
