import { z } from 'zod';
import { at } from '../../../model/resource.js';
import { isUnknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-REC-006',
  name: 'vault-storage-redundancy',
  pillar: 'REC',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults'],
  title: {
    en: 'Backup storage redundancy and cross-region restore meet the DR objective',
    ja: 'バックアップのストレージ冗長性とリージョン間復元が DR 目標を満たす',
  },
  fix: {
    en: 'Set redundancySettings.standardTierStorageRedundancy to GeoRedundant with crossRegionRestore Enabled (or ZoneRedundant), before protecting any item.',
    ja: '項目を保護する前に redundancySettings.standardTierStorageRedundancy を GeoRedundant にして crossRegionRestore を Enabled にします（または ZoneRedundant）。',
  },
  messages: {
    locallyRedundant: {
      en: 'Recovery Services vault "{{name}}" keeps backups LocallyRedundant: one datacenter incident can take every copy.',
      ja: 'Recovery Services コンテナー "{{name}}" はバックアップを LocallyRedundant で保持しており、1 つのデータセンターの障害ですべてのコピーを失う可能性があります。',
    },
    noCrossRegionRestore: {
      en: 'Recovery Services vault "{{name}}" is GeoRedundant but cross-region restore is off: you cannot restore in the paired region on your own.',
      ja: 'Recovery Services コンテナー "{{name}}" は GeoRedundant ですが、リージョン間復元が無効で、ペアリージョンで自ら復元できません。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-1'],
    'azure-policy': ['8f09fda1-91a2-4e14-96a2-67c6281158f7'],
  },
  options: z
    .object({
      /** GeoRedundant vaults must also enable cross-region restore. */
      requireCrossRegionRestore: z.boolean().default(true),
    })
    .strict(),
  check(vault, context) {
    let redundancy = { resource: vault, ...at(vault, 'properties', 'redundancySettings', 'standardTierStorageRedundancy') };
    let crossRegion = { resource: vault, ...at(vault, 'properties', 'redundancySettings', 'crossRegionRestore') };
    if (isUnknown(redundancy.value)) return context.unknown(redundancy.value.reason);
    if (isUnknown(crossRegion.value)) return context.unknown(crossRegion.value.reason);
    // The older storage configuration child (vaults/backupstorageconfig: storageModelType,
    // crossRegionRestoreFlag) changes the same settings and is deployed after the vault, so either
    // may be the one that holds. A setting both give is read at the weaker of the two values: a
    // vault is no safer than its weaker setting.
    for (const config of context.graph.children(vault, 'Microsoft.RecoveryServices/vaults/backupstorageconfig')) {
      const storage = { resource: config, ...at(config, 'properties', 'storageModelType') };
      const restore = { resource: config, ...at(config, 'properties', 'crossRegionRestoreFlag') };
      if (isUnknown(storage.value)) return context.unknown(storage.value.reason);
      if (isUnknown(restore.value)) return context.unknown(restore.value.reason);
      if (typeof storage.value === 'string' && (typeof redundancy.value !== 'string' || storageRank(storage.value) < storageRank(redundancy.value)))
        redundancy = storage;
      if (restore.value !== undefined && (crossRegion.value === undefined || (restoreOn(crossRegion.value) && !restoreOn(restore.value))))
        crossRegion = restore;
    }
    // A new vault is GeoRedundant, without cross-region restore, unless told otherwise.
    const storage = typeof redundancy.value === 'string' ? redundancy.value : 'GeoRedundant';
    if (/^locallyredundant$/i.test(storage)) {
      context.report('locallyRedundant', { name: vault.name }, { resource: redundancy.resource, at: redundancy.pointer });
      return;
    }
    if (/^georedundant$/i.test(storage) && context.options.requireCrossRegionRestore && !restoreOn(crossRegion.value))
      context.report('noCrossRegionRestore', { name: vault.name }, { resource: crossRegion.resource, at: crossRegion.pointer });
  },
});

/** LocallyRedundant is the weakest; GeoRedundant comes before ZoneRedundant, as only it also needs cross-region restore. */
function storageRank(storage: string): number {
  if (/^locallyredundant$/i.test(storage)) return 0;
  return /^georedundant$/i.test(storage) ? 1 : 2;
}

function restoreOn(value: Value | undefined): boolean {
  return value === true || (typeof value === 'string' && /^(enabled|true)$/i.test(value));
}
