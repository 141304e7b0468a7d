import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const redundancy = (settings: object | undefined): object => recoveryVault('rsv-prod', { redundancySettings: settings });

const storageConfig = (properties: object): object => ({
  type: 'Microsoft.RecoveryServices/vaults/backupstorageconfig',
  apiVersion: '2023-01-01',
  name: 'rsv-prod/vaultstorageconfig',
  dependsOn: ['rsv-prod'],
  properties,
});
const geoWithRestore = { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' };

// Not applicable never happens: every Recovery Services vault has a storage redundancy.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'geo-redundant with cross-region restore', template: armTemplate([redundancy(geoWithRestore)]) },
    {
      name: 'geo-redundant vault whose cross-region restore only the older storage configuration sets',
      template: armTemplate([redundancy({ standardTierStorageRedundancy: 'GeoRedundant' }), storageConfig({ crossRegionRestoreFlag: true })]),
    },
    { name: 'zone-redundant', template: armTemplate([redundancy({ standardTierStorageRedundancy: 'ZoneRedundant' })]) },
    {
      name: 'older storage configuration child with cross-region restore',
      template: armTemplate([
        redundancy(undefined),
        {
          type: 'Microsoft.RecoveryServices/vaults/backupstorageconfig',
          apiVersion: '2023-01-01',
          name: 'rsv-prod/vaultstorageconfig',
          dependsOn: ['rsv-prod'],
          properties: { storageModelType: 'GeoRedundant', crossRegionRestoreFlag: true },
        },
      ]),
    },
  ],
  invalid: [
    {
      name: 'geo-redundant vault made locally redundant by the older storage configuration deployed after it (the weaker counts)',
      template: armTemplate([redundancy(geoWithRestore), storageConfig({ storageModelType: 'LocallyRedundant' })]),
      findings: [{ messageId: 'locallyRedundant', resource: 'rsv-prod/vaultstorageconfig', at: '/properties/storageModelType', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'cross-region restore on the vault, off in the older storage configuration',
      template: armTemplate([redundancy(geoWithRestore), storageConfig({ storageModelType: 'GeoRedundant', crossRegionRestoreFlag: false })]),
      findings: [
        { messageId: 'noCrossRegionRestore', resource: 'rsv-prod/vaultstorageconfig', at: '/properties/crossRegionRestoreFlag', data: { name: 'rsv-prod' } },
      ],
    },
    {
      name: 'locally redundant',
      template: armTemplate([redundancy({ standardTierStorageRedundancy: 'LocallyRedundant' })]),
      findings: [{ messageId: 'locallyRedundant', at: '/properties/redundancySettings/standardTierStorageRedundancy', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'default geo-redundancy without cross-region restore',
      template: armTemplate([redundancy(undefined)]),
      findings: [{ messageId: 'noCrossRegionRestore', at: '/properties', data: { name: 'rsv-prod' } }],
    },
  ],
  unknown: [
    {
      name: 'redundancy from a parameter with no value',
      template: armTemplate([redundancy({ standardTierStorageRedundancy: "[parameters('redundancy')]" })], { parameters: { redundancy: { type: 'string' } } }),
      reason: /parameter 'redundancy' has no value/,
    },
  ],
});
