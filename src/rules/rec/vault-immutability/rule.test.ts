import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const immutability = (state: unknown): object =>
  recoveryVault('rsv-prod', {
    securitySettings: { softDeleteSettings: { softDeleteState: 'AlwaysON' }, ...(state === undefined ? {} : { immutabilitySettings: { state } }) },
  });

// Not applicable never happens: immutability applies to every Recovery Services vault.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'locked', template: armTemplate([immutability('Locked')]) },
    { name: 'locked, lower case', template: armTemplate([immutability('locked')]) },
  ],
  invalid: [
    {
      name: 'unlocked',
      template: armTemplate([immutability('Unlocked')]),
      findings: [{ messageId: 'unlocked', at: '/properties/securitySettings/immutabilitySettings/state', data: { name: 'rsv-prod' } }],
    },
    { name: 'not set', template: armTemplate([immutability(undefined)]), findings: [{ messageId: 'disabled', at: '/properties/securitySettings' }] },
    {
      name: 'disabled',
      template: armTemplate([immutability('Disabled')]),
      findings: [{ messageId: 'disabled', at: '/properties/securitySettings/immutabilitySettings/state' }],
    },
  ],
  unknown: [
    {
      name: 'state from a parameter with no value',
      template: armTemplate([immutability("[parameters('immutability')]")], { parameters: { immutability: { type: 'string' } } }),
      reason: /parameter 'immutability' has no value/,
    },
  ],
});
