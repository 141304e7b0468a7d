import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const redundancy = (settings: object | undefined): object => recoveryVault('rsv-prod', { redundancySettings: settings });

// Not applicable never happens: every Recovery Services vault has a storage redundancy.
testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'geo-redundant with cross-region restore',
      template: armTemplate([redundancy({ standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' })]),
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
