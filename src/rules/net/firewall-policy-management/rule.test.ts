import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, firewallPolicy } from '../../../../test/support/edge-snippets.js';
import { azureFirewall } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'policy with DNS proxy',
      template: armTemplate([firewall('hub-fw', { policy: 'hub-policy' }), firewallPolicy('hub-policy', { dnsSettings: { enableProxy: true } })]),
    },
    {
      name: 'Basic policy without DNS proxy (a Standard and Premium feature)',
      template: armTemplate([firewall('hub-fw', { tier: 'Basic', policy: 'hub-policy' }), firewallPolicy('hub-policy', { sku: { tier: 'Basic' } })]),
    },
  ],
  invalid: [
    {
      name: 'classic NAT rule collections',
      template: armTemplate([azureFirewall('hub-fw', [{ name: 'web', sources: ['*'], port: 443, translatedAddress: '10.0.1.4', translatedPort: 443 }])]),
      findings: [{ messageId: 'classic', at: '', data: { name: 'hub-fw', collections: 'natRuleCollections' } }],
    },
    {
      name: 'policy without DNS proxy',
      template: armTemplate([firewall('hub-fw', { policy: 'hub-policy' }), firewallPolicy('hub-policy')]),
      findings: [{ messageId: 'noDnsProxy', resource: 'hub-policy', data: { name: 'hub-fw', policy: 'hub-policy' } }],
    },
  ],
  unknown: [
    {
      name: 'DNS proxy from an unset parameter',
      template: {
        ...(armTemplate([
          firewall('hub-fw', { policy: 'hub-policy' }),
          firewallPolicy('hub-policy', { dnsSettings: { enableProxy: "[parameters('proxy')]" } }),
        ]) as object),
        parameters: { proxy: { type: 'bool' } },
      },
      reason: /parameter 'proxy' has no value/,
    },
  ],
  // Every Azure Firewall is managed either by classic rules or by a policy: nothing is not applicable.
  notApplicable: [],
});
