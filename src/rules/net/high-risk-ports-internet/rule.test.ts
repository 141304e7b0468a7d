import { netNic, nsg, publicIpAddress, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withRules = (rules: Parameters<typeof nsg>[1]): object =>
  vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', rules), netNic('app-1-nic', { publicIp: 'pip', privateIp: '10.0.1.4' }), publicIpAddress('pip')]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'HTTPS only', template: withRules([{ name: 'https', priority: 100, port: 443 }]) },
    { name: 'SMB from a private range', template: withRules([{ name: 'smb', priority: 100, port: 445, from: '10.0.0.0/8' }]) },
  ],
  invalid: [
    {
      name: 'SMB and SQL from *',
      template: withRules([{ name: 'smb-sql', priority: 100, port: ['445', '1433'] }]),
      findings: [
        {
          messageId: 'tcp',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '445, 1433', path: 'public IP pip', rule: 'web-nsg/smb-sql (priority 100)' },
        },
      ],
    },
    {
      name: 'UDP 53 from Internet',
      template: withRules([{ name: 'dns', priority: 100, port: 53, protocol: 'Udp', from: 'Internet' }]),
      findings: [{ messageId: 'udp', resource: 'web-nsg', data: { name: 'app-1', ports: '53', path: 'public IP pip', rule: 'web-nsg/dns (priority 100)' } }],
    },
  ],
  unknown: [
    {
      name: 'port from an unset parameter',
      template: { ...withRules([{ name: 'p', priority: 100, port: "[parameters('port')]" }]), parameters: { port: { type: 'string' } } },
      reason: /parameter 'port' has no value/,
    },
  ],
});
