import { rid } from '../../../../test/support/arm-snippets.js';
import { netNic, nsg, testVnet, vmTemplate, vnet } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withRules = (rules: Parameters<typeof nsg>[1]): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg' }, [{ name: 'AzureBastionSubnet', prefix: '10.0.9.0/26' }]),
    nsg('web-nsg', rules),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
  ]);
/**
 * The VM's own VNet denied by prefix, a hub peered with it: whether VirtualNetwork (and the default
 * AllowVnetInBound) takes in the hub is the VNet's own peering's `allowVirtualNetworkAccess`.
 */
const peeredHub = (access: unknown, peeringState?: string): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg' }, [], {
      virtualNetworkPeerings: [
        {
          name: 'to-hub',
          properties: {
            remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') },
            allowVirtualNetworkAccess: access,
            ...(peeringState ? { peeringState } : {}),
          },
        },
      ],
    }),
    vnet('hub', ['10.1.0.0/16'], [{ name: 'shared', prefix: '10.1.1.0/24' }]),
    nsg('web-nsg', [{ name: 'deny-own-vnet', priority: 100, access: 'Deny', from: '10.0.0.0/16', port: ['22', '135', '445', '3389', '5985-5986'] }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
  ]);
const denyLateral = { name: 'deny-lateral', priority: 4000, access: 'Deny', from: 'VirtualNetwork', port: ['22', '135', '445', '3389', '5985-5986'] };

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: "the peering to the hub does not allow access: the hub is not in VirtualNetwork, the VNet's own space is denied", template: peeredHub(false) },
    { name: 'the peering to the hub is Disconnected: it carries no traffic, and the hub is not in VirtualNetwork', template: peeredHub(true, 'Disconnected') },
    { name: 'the peering to the hub is Connected and off: still not in VirtualNetwork', template: peeredHub(false, 'Connected') },
    {
      name: 'Bastion allowed, the rest of the VNet denied',
      template: withRules([{ name: 'bastion', priority: 100, from: '10.0.9.0/26', port: ['22', '3389'] }, denyLateral]),
    },
    { name: 'jump host range allowed, the rest denied', template: withRules([{ name: 'jump', priority: 100, from: '10.0.8.10', port: '22' }, denyLateral]) },
    {
      name: "SSH from the VM's own subnet, another workload subnet denied",
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }, [{ name: 'data', prefix: '10.0.2.0/24' }]),
        nsg('web-nsg', [{ name: 'same-subnet', priority: 100, from: '10.0.1.0/24', port: '22' }, denyLateral]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ]),
    },
  ],
  invalid: [
    {
      // Before: the sources differ on 445 (the backup server is allowed as well), which split the ports
      // AllowVnetInBound admits into three findings.
      name: 'SMB also allowed from the backup server, the rest of the VNet through AllowVnetInBound: one finding for the default rule',
      template: withRules([{ name: 'backup-smb', priority: 100, from: '10.0.1.10', port: '445' }]),
      findings: [
        {
          messageId: 'lateral',
          resource: 'web-nsg',
          at: '',
          data: { name: 'app-1', ports: '22, 135, 445, 3389, 5985-5986', rule: 'web-nsg/AllowVnetInBound (priority 65000)' },
        },
      ],
    },
    {
      name: 'the peering to the hub allows access: AllowVnetInBound lets the hub in',
      template: peeredHub(true),
      findings: [
        {
          messageId: 'lateral',
          resource: 'web-nsg',
          at: '',
          data: { name: 'app-1', ports: '22, 135, 445, 3389, 5985-5986', rule: 'web-nsg/AllowVnetInBound (priority 65000)' },
        },
      ],
    },
    {
      name: 'SSH from 10.0.0.0/8, the rest denied: every workload subnet of the VNet gets in, as from VirtualNetwork',
      template: withRules([{ name: 'corp', priority: 100, from: '10.0.0.0/8', port: '22' }, denyLateral]),
      findings: [
        {
          messageId: 'lateral',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '22', rule: 'web-nsg/corp (priority 100)' },
        },
      ],
    },
    {
      name: 'default AllowVnetInBound lets the VNet in',
      template: withRules([]),
      findings: [
        {
          messageId: 'lateral',
          resource: 'web-nsg',
          at: '',
          data: { name: 'app-1', ports: '22, 135, 445, 3389, 5985-5986', rule: 'web-nsg/AllowVnetInBound (priority 65000)' },
        },
      ],
    },
    {
      name: 'explicit Allow from VirtualNetwork for RDP',
      template: withRules([
        { name: 'rdp-vnet', priority: 100, from: 'VirtualNetwork', port: '3389' },
        { ...denyLateral, priority: 200 },
      ]),
      findings: [
        {
          messageId: 'lateral',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '3389', rule: 'web-nsg/rdp-vnet (priority 100)' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'whether the peering to the hub allows access is not known',
      template: { ...(peeredHub("[parameters('access')]") as object), parameters: { access: { type: 'bool' } } },
      reason: /whether a peering of VNet 'vnet' allows access to the peered VNet is not known/,
    },
    {
      name: "RDP allowed from Internet, the rest denied, and the VNet's address space not known: whether its addresses are Internet is not known",
      template: {
        ...vmTemplate([
          vnet('vnet', ["[parameters('space')]"], [{ name: 'workload', prefix: '10.0.1.0/24', nsg: 'web-nsg' }]),
          nsg('web-nsg', [
            { name: 'rdp', priority: 200, from: 'Internet', port: '3389' },
            { ...denyLateral, priority: 300, from: '*' },
          ]),
          netNic('app-1-nic', { privateIp: '10.0.1.4' }),
        ]),
        parameters: { space: { type: 'string' } },
      },
      reason: /^rdp in web-nsg: the address space of VNet 'vnet' is not known/,
    },
    {
      name: 'the whole 10.0.0.0/8 allowed at a priority not known, above the VNet-wide Allow: whether the broad rule is what admits the VNet is not known',
      template: {
        ...(withRules([
          { name: 'corp', priority: "[parameters('priority')]", from: '10.0.0.0/8', port: '*' },
          { name: 'vnet-any', priority: 500, from: 'VirtualNetwork', port: '*' },
        ]) as object),
        parameters: { priority: { type: 'int' } },
      },
      reason:
        /rule web-nsg\/corp \(priority \?\) may admit TCP .* in place of web-nsg\/vnet-any \(priority 500\) \(corp in web-nsg: parameter 'priority' has no value\)/,
    },
    {
      name: 'a VNet-wide Allow on ports not known above a jump-host rule: whether it is what admits them is not known',
      template: {
        ...(withRules([
          { name: 'vnet-maybe', priority: 100, from: 'VirtualNetwork', port: "[parameters('port')]" },
          { name: 'jump', priority: 200, from: '10.0.8.10', port: ['22', '135', '445', '3389', '5985-5986'] },
          { ...denyLateral, priority: 300 },
        ]) as object),
        parameters: { port: { type: 'string' } },
      },
      reason: /rule web-nsg\/vnet-maybe \(priority 100\) may allow TCP .* from "VirtualNetwork" \(vnet-maybe in web-nsg: .*parameter 'port' has no value/,
    },
    {
      name: 'deny rule ports from an unset parameter',
      template: { ...withRules([{ ...denyLateral, port: "[parameters('ports')]" }]), parameters: { ports: { type: 'string' } } },
      reason: /parameter 'ports' has no value/,
    },
  ],
});
