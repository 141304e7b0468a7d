import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const softDelete = (settings: object | null): object =>
  recoveryVault('rsv-prod', { securitySettings: settings === null ? undefined : { softDeleteSettings: settings } });

const vaultConfig = (softDeleteFeatureState: string): object => ({
  type: 'Microsoft.RecoveryServices/vaults/backupconfig',
  apiVersion: '2023-01-01',
  name: 'rsv-prod/vaultconfig',
  dependsOn: ['rsv-prod'],
  properties: { enhancedSecurityState: 'Enabled', softDeleteFeatureState },
});

// Not applicable never happens: every Recovery Services vault has a soft-delete state.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'AlwaysON for 30 days', template: armTemplate([softDelete({ softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: 30 })]) },
    { name: 'not set: secure by default', template: armTemplate([softDelete(null)]) },
    { name: 'policy spelling AlwaysOn', template: armTemplate([softDelete({ softDeleteState: 'AlwaysOn' })]) },
    {
      name: 'AlwaysON on the vault and Enabled in the older vault configuration',
      template: armTemplate([softDelete({ softDeleteState: 'AlwaysON' }), vaultConfig('Enabled')]),
    },
    {
      name: 'AlwaysON on the vault but disabled by the older vault configuration (AlwaysON cannot be turned off)',
      template: armTemplate([softDelete({ softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: 30 }), vaultConfig('Disabled')]),
    },
    {
      name: 'disabled on the vault but AlwaysON in the older vault configuration',
      template: armTemplate([softDelete({ softDeleteState: 'Disabled' }), vaultConfig('AlwaysON')]),
    },
    {
      name: 'AlwaysON on the vault and the older vault configuration from a parameter with no value',
      template: armTemplate([softDelete({ softDeleteState: 'AlwaysON' }), vaultConfig("[parameters('legacy')]")], {
        parameters: { legacy: { type: 'string' } },
      }),
    },
  ],
  invalid: [
    {
      name: 'disabled',
      template: armTemplate([softDelete({ softDeleteState: 'Disabled' })]),
      findings: [{ messageId: 'disabled', at: '/properties/securitySettings/softDeleteSettings/softDeleteState', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'disabled through the older vault configuration',
      template: armTemplate([
        softDelete(null),
        {
          type: 'Microsoft.RecoveryServices/vaults/backupconfig',
          apiVersion: '2023-01-01',
          name: 'rsv-prod/vaultconfig',
          dependsOn: ['rsv-prod'],
          properties: { enhancedSecurityState: 'Enabled', softDeleteFeatureState: 'Disabled' },
        },
      ]),
      findings: [{ messageId: 'disabled', resource: 'rsv-prod/vaultconfig', at: '/properties/softDeleteFeatureState', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'Enabled on the vault but disabled by the older vault configuration deployed after it (the weaker counts)',
      template: armTemplate([softDelete({ softDeleteState: 'Enabled' }), vaultConfig('Disabled')]),
      findings: [{ messageId: 'disabled', resource: 'rsv-prod/vaultconfig', at: '/properties/softDeleteFeatureState', data: { name: 'rsv-prod' } }],
    },
  ],
  unknown: [
    {
      name: 'state from a parameter with no value',
      template: armTemplate([softDelete({ softDeleteState: "[parameters('softDelete')]" })], { parameters: { softDelete: { type: 'string' } } }),
      reason: /parameter 'softDelete' has no value/,
    },
    {
      name: 'Enabled on the vault and the older vault configuration from a parameter with no value',
      template: armTemplate([softDelete({ softDeleteState: 'Enabled' }), vaultConfig("[parameters('legacy')]")], {
        parameters: { legacy: { type: 'string' } },
      }),
      reason: /parameter 'legacy' has no value/,
    },
  ],
});

describe('AZV-REC-003 options', () => {
  it('requires AlwaysON and a longer retention when told', () => {
    const template = armTemplate([softDelete({ softDeleteState: 'Enabled', softDeleteRetentionPeriodInDays: 14 })]);
    expect(evaluateWithOptions(rule, template, {}).map((e) => e.status)).toEqual(['pass']);
    const [evaluation] = evaluateWithOptions(rule, template, { requireAlwaysOn: true, minRetentionDays: 30 });
    expect(evaluation?.findings.map((f) => f.messageId)).toEqual(['notAlwaysOn', 'shortRetention']);
  });

  it('counts AlwaysON on the vault with requireAlwaysOn even when the older vault configuration disables it', () => {
    const template = armTemplate([softDelete({ softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: 30 }), vaultConfig('Disabled')]);
    expect(evaluateWithOptions(rule, template, { requireAlwaysOn: true }).map((e) => e.status)).toEqual(['pass']);
  });
});
