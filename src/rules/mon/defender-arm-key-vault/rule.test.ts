import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { argRow, armError, pricings, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const vault = argRow('Microsoft.KeyVault/vaults', 'rg-keys', 'kv-contoso-disk', {
  tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de',
  enableSoftDelete: true,
  enablePurgeProtection: true,
});
const plan = (name: string, properties: object): object => armTemplate([{ type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name, properties }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'both on',
      resource: SUB,
      snapshot: { resources: [vault, ...pricings({ Arm: { subPlan: 'PerSubscription' }, KeyVaults: { subPlan: 'PerKeyVault' } })] },
    },
    { name: 'Resource Manager on, no Key Vaults', resource: SUB, snapshot: { resources: pricings({ Arm: { subPlan: 'PerSubscription' } }) } },
    { name: 'template: Key Vault plan Standard', template: plan('KeyVaults', { pricingTier: 'Standard', subPlan: 'PerKeyVault' }) },
  ],
  invalid: [
    {
      name: 'Key Vault plan off where vaults exist',
      snapshot: { resources: [vault, ...pricings({ Arm: { subPlan: 'PerSubscription' } })] },
      findings: [
        {
          messageId: 'notEnabled',
          resource: 'KeyVaults',
          data: { plan: 'Defender for Key Vault', tier: 'Free', subscription: '5b3e8c2d-1111-4111-8111-000000000001' },
        },
      ],
    },
    { name: 'template: Resource Manager Free', template: plan('Arm', { pricingTier: 'Free' }), findings: [{ messageId: 'notEnabled' }] },
  ],
  unknown: [{ name: 'template: tier from a parameter', template: plan('Arm', { pricingTier: "[parameters('tier')]" }), reason: /tier/ }],
  notAssessed: [{ name: 'pricings unreadable', snapshot: { errors: [armError('Microsoft.Security/pricings', 'Security Reader')] }, reason: /Security Reader/ }],
  notApplicable: [{ name: 'template: another plan', template: plan('StorageAccounts', { pricingTier: 'Free' }) }],
});
