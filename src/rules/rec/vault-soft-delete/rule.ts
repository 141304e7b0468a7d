import { z } from 'zod';
import { at } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

/** How hard a soft-delete state is to get around: Disabled, then Enabled (an administrator can turn it off), then AlwaysON. */
function strength(state: string): number {
  if (/^disabled$/i.test(state)) return 0;
  return /^alwayson$/i.test(state) ? 2 : 1;
}

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
    // The older vault configuration child (vaults/backupconfig) switches the same soft delete, and is
    // deployed after the vault, so either may be the one that holds. AlwaysON from either wins: "Once
    // you enable the always-on state for soft delete, you can't disable it for that vault"
    // (learn.microsoft.com/azure/backup/quick-backup-azure-enable-enhanced-soft-delete). Otherwise the weaker counts (Disabled,
    // then Enabled): a vault is no safer than its weaker setting.
    const sources = [
      { value: state.value, resource: vault, pointer: state.pointer },
      ...context.graph.children(vault, 'Microsoft.RecoveryServices/vaults/backupconfig').map((config) => {
        const legacy = at(config, 'properties', 'softDeleteFeatureState');
        return { value: legacy.value, resource: config, pointer: legacy.pointer };
      }),
    ];
    const states = sources.filter((source): source is typeof source & { value: string } => typeof source.value === 'string');
    let chosen = states.find((source) => strength(source.value) === 2);
    if (chosen === undefined) {
      const unknown = sources.find((source) => isUnknown(source.value))?.value;
      if (isUnknown(unknown)) return context.unknown(unknown.reason);
      for (const source of states) if (chosen === undefined || strength(source.value) < strength(chosen.value)) chosen = source;
    }
    const target = chosen && chosen.resource !== vault ? { resource: chosen.resource, at: chosen.pointer } : { at: state.pointer };
    // Soft delete is on by default for every vault (secure by default), in the Enabled state.
    const effective = chosen?.value ?? 'Enabled';
    if (/^disabled$/i.test(effective)) context.report('disabled', { name: vault.name }, target);
    else if (context.options.requireAlwaysOn && !/^alwayson$/i.test(effective)) context.report('notAlwaysOn', { name: vault.name, state: effective }, target);
    const days = at(vault, 'properties', 'securitySettings', 'softDeleteSettings', 'softDeleteRetentionPeriodInDays');
    if (isUnknown(days.value)) return context.unknown(days.value.reason);
    const retention = typeof days.value === 'number' ? days.value : 14;
    if (!/^disabled$/i.test(effective) && retention < context.options.minRetentionDays) {
      context.report('shortRetention', { name: vault.name, days: retention, minimum: context.options.minRetentionDays }, { at: days.pointer });
    }
  },
});
