import { netNic, nsg, publicIpAddress, routeTable, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
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
    { name: 'allow-all from ::/0 to an IPv4 VM: IPv6 only', template: withRules([{ name: 'all-v6', priority: 100, port: '*', protocol: '*', from: '::/0' }]) },
    {
      name: 'allow-all on the subnet, only 443 on the NIC: the NIC rule decides what gets in',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'all', priority: 100, port: '*', protocol: '*' }]),
        nsg('nic-nsg', [{ name: 'https', priority: 100, port: 443 }]),
        netNic('app-1-nic', { publicIp: 'pip', privateIp: '10.0.1.4', nsg: 'nic-nsg' }),
        publicIpAddress('pip'),
      ]),
    },
    {
      name: 'two halves of the ports, one of them from a private range',
      template: withRules([
        { name: 'low', priority: 100, port: '0-32767', protocol: 'Tcp' },
        { name: 'high', priority: 110, port: '32768-65535', protocol: 'Tcp', from: '10.0.0.0/8' },
      ]),
    },
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
      name: 'every TCP port from the Internet: not every protocol, as bad for the VM',
      template: withRules([{ name: 'tcp-all', priority: 100, port: '*', protocol: 'Tcp', from: 'Internet' }]),
      findings: [
        {
          messageId: 'allowAllPorts',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/tcp-all (priority 100)', protocol: 'TCP' },
        },
      ],
    },
    {
      name: 'ports 1-65535 are every port a service can listen on',
      template: withRules([{ name: 'nearly-all', priority: 100, port: '1-65535', protocol: '*', from: '0.0.0.0/0' }]),
      findings: [{ messageId: 'allowAll', resource: 'web-nsg', data: { name: 'app-1', rule: 'web-nsg/nearly-all (priority 100)' } }],
    },
    {
      name: 'allow-all below a Deny of one port: every other port is open, by a rule for every port',
      template: withRules([
        { name: 'deny-rdp', priority: 100, port: 3389, protocol: '*', access: 'Deny' },
        { name: 'all', priority: 200, port: '*', protocol: '*' },
      ]),
      findings: [
        {
          messageId: 'allowAllBut',
          resource: 'web-nsg',
          at: '/properties/securityRules/1',
          data: { name: 'app-1', rule: 'web-nsg/all (priority 200)', protocol: 'TCP/UDP', closed: '3389' },
        },
      ],
    },
    {
      // Found by test/corpus/nsg-rewrite.test.ts: each rule alone was not for every port, and this passed.
      name: 'an allow-all split in two halves below a Deny of one port: as open as the allow-all',
      template: withRules([
        { name: 'deny-rdp', priority: 100, port: 3389, protocol: '*', access: 'Deny' },
        { name: 'low', priority: 200, port: '0-32767', protocol: '*' },
        { name: 'high', priority: 210, port: '32768-65535', protocol: '*' },
      ]),
      findings: [
        {
          messageId: 'allowAllButTogether',
          resource: 'web-nsg',
          at: '/properties/securityRules/1',
          data: { name: 'app-1', rules: 'web-nsg/low, web-nsg/high', protocol: 'TCP/UDP', closed: '3389' },
        },
      ],
    },
    {
      name: 'allow-all on the subnet, and on the NIC below a Deny of SMB: closed by another NSG on the way',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'all', priority: 100, port: '*', protocol: 'Tcp' }]),
        nsg('nic-nsg', [
          { name: 'deny-smb', priority: 100, port: 445, access: 'Deny' },
          { name: 'all', priority: 200, port: '*', protocol: 'Tcp' },
        ]),
        netNic('app-1-nic', { publicIp: 'pip', privateIp: '10.0.1.4', nsg: 'nic-nsg' }),
        publicIpAddress('pip'),
      ]),
      findings: [
        {
          messageId: 'allowAllBut',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/all (priority 100)', protocol: 'TCP', closed: '445' },
        },
      ],
    },
    {
      name: 'two rules whose port ranges add up to every port (one rule split in two is as open)',
      template: withRules([
        { name: 'low', priority: 100, port: '0-32767', protocol: '*' },
        { name: 'high', priority: 110, port: '32768-65535', protocol: '*' },
      ]),
      findings: [
        {
          messageId: 'allowAllTogether',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rules: 'web-nsg/low, web-nsg/high', protocol: 'TCP/UDP' },
        },
      ],
    },
    {
      name: 'every TCP and every UDP port, one rule each',
      template: withRules([
        { name: 'tcp-all', priority: 100, port: '*', protocol: 'Tcp' },
        { name: 'udp-all', priority: 110, port: '*', protocol: 'Udp' },
      ]),
      findings: [
        {
          messageId: 'allowAllPorts',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/tcp-all (priority 100)', protocol: 'TCP' },
        },
        {
          messageId: 'allowAllPorts',
          resource: 'web-nsg',
          at: '/properties/securityRules/1',
          data: { name: 'app-1', rule: 'web-nsg/udp-all (priority 110)', protocol: 'UDP' },
        },
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
    {
      name: 'allow-all from an unset parameter below a Deny of one port',
      template: {
        ...withRules([
          { name: 'deny-rdp', priority: 100, port: 3389, protocol: '*', access: 'Deny' },
          { name: 'all', priority: 200, port: '*', protocol: '*', from: "[parameters('source')]" },
        ]),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
    {
      name: 'allow-all from VirtualNetwork below a Deny of one port, in a VNet whose 0.0.0.0/0 route may put the Internet in VirtualNetwork',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
        nsg('web-nsg', [
          { name: 'deny-rdp', priority: 100, port: 3389, protocol: '*', access: 'Deny' },
          { name: 'vnet-all', priority: 200, port: '*', protocol: '*', from: 'VirtualNetwork' },
        ]),
        netNic('app-1-nic', { publicIp: 'pip', privateIp: '10.0.1.4' }),
        publicIpAddress('pip'),
      ]),
      reason: /route table 'rt' has a route for 0.0.0.0\/0/,
    },
    {
      name: 'the other half of the ports from a source not known',
      template: {
        ...withRules([
          { name: 'low', priority: 100, port: '0-32767', protocol: 'Tcp' },
          { name: 'high', priority: 110, port: '32768-65535', protocol: 'Tcp', from: "[parameters('source')]" },
        ]),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
  ],
});
