import { netNic, nsg, publicIpAddress, routeTable, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const exposedSsh = [
  testVnet({ nsg: 'web-nsg' }),
  nsg('web-nsg', [{ name: 'ssh-admin', priority: 100, from: '203.0.113.0/24', port: '22' }]),
  netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'pip' }),
  publicIpAddress('pip'),
];
const closedSsh = [testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), ...exposedSsh.slice(2)];
const jitRequestOpen = [
  testVnet({ nsg: 'web-nsg' }),
  nsg('web-nsg', [{ name: 'SecurityCenter-JITRule-1170687618-8C18BF8921F041989344B4F1E3A0C370', priority: 100, from: '203.0.113.7', port: '22' }]),
  ...exposedSsh.slice(2),
];
const jit = (ports: number[], protocol: unknown = 'TCP'): object => ({
  type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
  apiVersion: '2020-01-01',
  name: 'japaneast/default',
  kind: 'Basic',
  properties: {
    virtualMachines: [
      {
        id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers/Microsoft.Compute/virtualMachines/app-1',
        ports: ports.map((number) => ({ number, protocol, allowedSourceAddressPrefix: '203.0.113.0/24', maxRequestAccessDuration: 'PT3H' })),
      },
    ],
  },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'a public path, SSH closed by the NSG and covered by JIT', template: vmTemplate([...closedSsh, jit([22])]) },
    { name: 'JIT rule for any protocol (*) covers TCP 22', template: vmTemplate([...closedSsh, jit([22], '*')]) },
    {
      name: 'SSH open through the Allow Defender writes for an approved JIT request',
      template: vmTemplate([...jitRequestOpen, jit([22])]),
    },
  ],
  invalid: [
    {
      // Defender's JIT Deny rules do not override existing rules: the admin range gets in all the time.
      name: 'SSH exposed to an admin range by a standing Allow, and covered by JIT',
      template: vmTemplate([...exposedSsh, jit([22])]),
      findings: [
        {
          messageId: 'standingAllow',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '22', rule: 'web-nsg/ssh-admin (priority 100)' },
        },
      ],
    },
    {
      name: 'SSH exposed and no JIT policy in the input',
      template: vmTemplate(exposedSsh),
      findings: [{ messageId: 'noJit', at: '', data: { name: 'app-1', ports: '22' } }],
    },
    {
      name: 'JIT rule for UDP 22 does not cover TCP 22',
      template: vmTemplate([...exposedSsh, jit([22], 'UDP')]),
      findings: [{ messageId: 'noJit', data: { name: 'app-1', ports: '22' } }],
    },
    {
      name: 'SSH exposed to an admin range and no JIT, in a VNet whose VirtualNetwork tag a default route may widen (the admin range gets in all the same)',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
        ...exposedSsh.slice(1),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
      ]),
      findings: [{ messageId: 'noJit', data: { name: 'app-1', ports: '22' } }],
    },
    {
      name: 'JIT policy covers RDP only',
      template: vmTemplate([...exposedSsh, jit([3389])]),
      findings: [{ messageId: 'noJit', data: { name: 'app-1', ports: '22' } }],
    },
  ],
  unknown: [
    {
      name: 'JIT protocol from an unset parameter',
      template: { ...(vmTemplate([...exposedSsh, jit([22], "[parameters('protocol')]")]) as object), parameters: { protocol: { type: 'string' } } },
      reason: /parameter 'protocol' has no value/,
    },
    {
      name: 'SSH source from an unset parameter',
      template: {
        ...(vmTemplate([
          testVnet({ nsg: 'web-nsg' }),
          nsg('web-nsg', [{ name: 'ssh', priority: 100, from: "[parameters('source')]", port: '22' }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'pip' }),
          publicIpAddress('pip'),
        ]) as object),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'no public path to a management port',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'ssh', priority: 100, port: '22' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ]),
    },
  ],
});
