import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { argRow } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const SECURITY_SUBSCRIPTION = '11111111-2222-3333-4444-555555555555';
const remoteGuard = `/subscriptions/${SECURITY_SUBSCRIPTION}/resourceGroups/security-rg/providers/Microsoft.DataProtection/resourceGuards/guard-prod`;
const proxy = (guardId: string): object => ({
  type: 'Microsoft.RecoveryServices/vaults/backupResourceGuardProxies',
  apiVersion: '2024-04-01',
  name: 'rsv-prod/VaultProxy',
  dependsOn: ['rsv-prod'],
  properties: { resourceGuardResourceId: guardId },
});
const localGuard = (exclusions: string[]): object => ({
  type: 'Microsoft.DataProtection/resourceGuards',
  apiVersion: '2024-04-01',
  name: 'guard-local',
  location: 'japaneast',
  properties: { vaultCriticalOperationExclusionList: exclusions },
});

// Not applicable never happens: every Recovery Services vault can be guarded.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Resource Guard in the security subscription', template: armTemplate([recoveryVault('rsv-prod'), proxy(remoteGuard)]) },
    {
      name: 'deployed vault reporting MUA enabled',
      snapshot: {
        resources: [
          argRow('Microsoft.RecoveryServices/vaults', 'rg-backup', 'rsv-prod', {
            provisioningState: 'Succeeded',
            securitySettings: { multiUserAuthorization: 'Enabled' },
          }),
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'template writing the read-only multiUserAuthorization, without a Resource Guard proxy',
      template: armTemplate([recoveryVault('rsv-prod', { securitySettings: { multiUserAuthorization: 'Enabled' } })]),
      findings: [{ messageId: 'disabled', at: '/properties/securitySettings/multiUserAuthorization', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'no Resource Guard',
      template: armTemplate([recoveryVault('rsv-prod')]),
      findings: [{ messageId: 'disabled', at: '/properties/securitySettings', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'guard in the same subscription with exclusions',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        localGuard(['Microsoft.RecoveryServices/vaults/backupResourceGuardProxies/delete']),
        proxy(rid('Microsoft.DataProtection/resourceGuards', 'guard-local')),
      ]),
      resource: 'rsv-prod',
      findings: [
        {
          messageId: 'sameSubscription',
          resource: 'rsv-prod/VaultProxy',
          at: '/properties/resourceGuardResourceId',
          data: { name: 'rsv-prod', guard: 'guard-local' },
        },
        {
          messageId: 'exclusions',
          resource: 'guard-local',
          at: '/properties/vaultCriticalOperationExclusionList',
          data: { name: 'rsv-prod', guard: 'guard-local', operations: 'backupResourceGuardProxies/delete' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'guard id from a parameter with no value',
      template: armTemplate([recoveryVault('rsv-prod'), proxy("[parameters('guardId')]")], { parameters: { guardId: { type: 'string' } } }),
      reason: /parameter 'guardId' has no value/,
    },
  ],
});
