import { netNic, nsg, publicIpAddress, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withRules = (rules: Parameters<typeof nsg>[1]): object =>
  vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', rules), netNic('app-1-nic', { publicIp: 'pip', privateIp: '10.0.1.4' }), publicIpAddress('pip')]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'only 443 allowed', template: withRules([{ name: 'https', priority: 100, port: 443 }]) },
    {
      name: 'allow-all shadowed by a Deny-all above it',
      template: withRules([
        { name: 'deny', priority: 100, port: '*', protocol: '*', access: 'Deny' },
        { name: 'all', priority: 200, port: '*', protocol: '*' },
      ]),
    },
    { name: 'allow-all from a private range', template: withRules([{ name: 'all', priority: 100, port: '*', protocol: '*', from: '10.0.0.0/8' }]) },
  ],
  invalid: [
    {
      name: 'allow * * from Internet',
      template: withRules([{ name: 'allow-all', priority: 100, port: '*', protocol: '*', from: 'Internet' }]),
      findings: [
        { messageId: 'allowAll', resource: 'web-nsg', at: '/properties/securityRules/0', data: { name: 'app-1', rule: 'web-nsg/allow-all (priority 100)' } },
      ],
    },
    {
      name: 'no NSG and a Basic public IP',
      template: vmTemplate([testVnet(), netNic('app-1-nic', { publicIp: 'pip' }), publicIpAddress('pip', 'Basic')]),
      findings: [{ messageId: 'openWithoutNsg', resource: 'app-1', data: { name: 'app-1', path: 'public IP pip' } }],
    },
  ],
  unknown: [
    {
      name: 'allow-all whose source is an unset parameter',
      template: {
        ...withRules([{ name: 'all', priority: 100, port: '*', protocol: '*', from: "[parameters('source')]" }]),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
  ],
});
