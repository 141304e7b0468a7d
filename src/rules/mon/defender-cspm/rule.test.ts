import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { armError, pricings, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const plan = (properties: object, name = 'CloudPosture'): object =>
  armTemplate([{ type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name, properties }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Defender CSPM on', resource: SUB, snapshot: { resources: pricings({ CloudPosture: {} }) } },
    { name: 'template: Standard', template: plan({ pricingTier: 'Standard' }) },
  ],
  invalid: [
    {
      name: 'foundational CSPM only',
      snapshot: { resources: pricings() },
      findings: [{ messageId: 'notEnabled', resource: 'CloudPosture', at: '/properties/pricingTier' }],
    },
    { name: 'template: Free', template: plan({ pricingTier: 'Free' }), findings: [{ messageId: 'notEnabled' }] },
  ],
  unknown: [{ name: 'template: tier from a parameter', template: plan({ pricingTier: "[parameters('tier')]" }), reason: /tier/ }],
  notAssessed: [{ name: 'pricings unreadable', snapshot: { errors: [armError('Microsoft.Security/pricings', 'Security Reader')] }, reason: /Security Reader/ }],
  notApplicable: [{ name: 'template: another plan', template: plan({ pricingTier: 'Free' }, 'Arm') }],
});
