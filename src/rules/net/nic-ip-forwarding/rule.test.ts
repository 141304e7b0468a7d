import { netNic, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withForwarding = (value: unknown): object => vmTemplate([testVnet(), netNic('app-1-nic', { properties: { enableIPForwarding: value } })]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'forwarding off', template: withForwarding(false) },
    { name: 'forwarding not set', template: vmTemplate([testVnet(), netNic('app-1-nic')]) },
  ],
  invalid: [
    {
      name: 'forwarding on',
      template: withForwarding(true),
      findings: [{ messageId: 'forwarding', at: '/properties/enableIPForwarding', data: { name: 'app-1', nic: 'app-1-nic' } }],
    },
  ],
  unknown: [
    {
      name: 'forwarding from an unset parameter',
      template: { ...(withForwarding("[parameters('forward')]") as object), parameters: { forward: { type: 'bool' } } },
      reason: /parameter 'forward' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'NIC of no VM',
      template: vmTemplate([testVnet(), netNic('app-1-nic'), netNic('spare-nic', { properties: { enableIPForwarding: true } })]),
      resource: 'spare-nic',
    },
  ],
});
