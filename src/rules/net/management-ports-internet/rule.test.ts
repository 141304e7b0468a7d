import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import {
  lbMembership,
  loadBalancer,
  netNic,
  nsg,
  publicIpAddress,
  routeTable,
  scaleSet,
  testVnet,
  vmTemplate,
} from '../../../../test/support/network-snippets.js';
import { argRow, armId } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withSubnetRules = (rules: Parameters<typeof nsg>[1], nic: Parameters<typeof netNic>[1] = { publicIp: 'app-pip', privateIp: '10.0.1.4' }): object =>
  vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', rules), netNic('app-1-nic', nic), publicIpAddress('app-pip')]);

/**
 * A VM read from Azure (Resource Graph rows, with provisioning states) whose NIC holds the dynamic
 * private IP 10.1.0.4, a public IP, and a subnet NSG allowing SSH from the Internet to `to` only.
 */
const deployedVm = (to: string): object => {
  const group = 'rg-web';
  const nsgId = armId('Microsoft.Network/networkSecurityGroups', group, 'web-nsg');
  const subnetId = armId('Microsoft.Network/virtualNetworks/subnets', group, 'web-vnet/default');
  const nicId = armId('Microsoft.Network/networkInterfaces', group, 'web-vm-nic');
  const pipId = armId('Microsoft.Network/publicIPAddresses', group, 'web-vm-pip');
  const rule = { sourcePortRange: '*', protocol: 'TCP', destinationPortRange: '22', sourceAddressPrefix: 'Internet', destinationAddressPrefix: to };
  return {
    resources: [
      argRow('Microsoft.Network/networkSecurityGroups', group, 'web-nsg', {
        provisioningState: 'Succeeded',
        securityRules: [{ name: 'ssh-to-one', properties: { ...rule, access: 'Allow', priority: 210, direction: 'Inbound', provisioningState: 'Succeeded' } }],
      }),
      argRow('Microsoft.Network/virtualNetworks', group, 'web-vnet', {
        provisioningState: 'Succeeded',
        addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
        subnets: [{ name: 'default', id: subnetId, properties: { addressPrefix: '10.1.0.0/24', networkSecurityGroup: { id: nsgId } } }],
      }),
      argRow('Microsoft.Network/networkInterfaces', group, 'web-vm-nic', {
        provisioningState: 'Succeeded',
        virtualMachine: { id: armId('Microsoft.Compute/virtualMachines', group, 'web-vm') },
        ipConfigurations: [
          {
            name: 'ipconfig1',
            id: `${nicId}/ipConfigurations/ipconfig1`,
            properties: {
              provisioningState: 'Succeeded',
              privateIPAddress: '10.1.0.4',
              privateIPAllocationMethod: 'Dynamic',
              subnet: { id: subnetId },
              publicIPAddress: { id: pipId },
              primary: true,
            },
          },
        ],
      }),
      argRow(
        'Microsoft.Network/publicIPAddresses',
        group,
        'web-vm-pip',
        {
          provisioningState: 'Succeeded',
          ipAddress: '20.50.1.2',
          publicIPAllocationMethod: 'Static',
          ipConfiguration: { id: `${nicId}/ipConfigurations/ipconfig1` },
        },
        { sku: { name: 'Standard', tier: 'Regional' } },
      ),
      argRow('Microsoft.Compute/virtualMachines', group, 'web-vm', {
        provisioningState: 'Succeeded',
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        networkProfile: { networkInterfaces: [{ id: nicId }] },
      }),
    ],
  };
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      // Before: unknown, though only the default AllowVnetInBound may admit what a 0.0.0.0/0 route puts in VirtualNetwork, and a latent finding needs a rule someone wrote.
      name: 'no public path, no rule written, a default route to a firewall',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'to-fw' }),
        nsg('web-nsg', []),
        routeTable('to-fw', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ]),
    },
    // Before: unknown, the dynamic address taken as anywhere in the subnet, though a resource read from Azure holds it.
    { name: "read from Azure: SSH allowed to another address than the VM's dynamic one", resource: 'web-vm', snapshot: deployedVm('10.1.0.5/32') },
    { name: 'only HTTPS allowed', template: withSubnetRules([{ name: 'https', priority: 100, port: 443 }]) },
    {
      // Before: unknown, though a public IP prefix gives Standard addresses only, closed to inbound traffic without an NSG.
      name: 'a scale set without NSG whose instances take their public IPs from a public IP prefix',
      resource: 'web-vmss',
      template: armTemplate([
        testVnet(),
        scaleSet({
          ipConfiguration: {
            publicIPAddressConfiguration: {
              name: 'instance-pip',
              properties: { publicIPPrefix: { id: rid('Microsoft.Network/publicIPPrefixes', 'web-prefix') } },
            },
          },
        }),
      ]),
    },
    { name: 'SSH from an admin range only', template: withSubnetRules([{ name: 'ssh-admin', priority: 100, port: 22, from: '203.0.113.0/24' }]) },
    {
      name: 'SSH from ::/0 to an IPv4 VM: every IPv6 address, and no IPv6 packet reaches an IPv4 IP configuration',
      template: withSubnetRules([{ name: 'ssh-v6', priority: 100, port: 22, from: '::/0' }]),
    },
    {
      name: 'Deny RDP before Allow *',
      template: withSubnetRules([
        { name: 'deny-rdp', priority: 100, port: 3389, access: 'Deny' },
        { name: 'all', priority: 200, port: '3000-4000' },
      ]),
    },
  ],
  invalid: [
    {
      name: "read from Azure: SSH allowed to the VM's dynamic private IP",
      resource: 'web-vm',
      snapshot: deployedVm('10.1.0.4/32'),
      findings: [
        {
          messageId: 'exposed',
          resource: 'web-nsg',
          data: { name: 'web-vm', ports: '22', path: 'public IP web-vm-pip', rule: 'web-nsg/ssh-to-one (priority 210)' },
        },
      ],
    },
    {
      name: 'SSH from * through a public IP',
      template: withSubnetRules([{ name: 'allow-ssh', priority: 100, port: 22 }]),
      findings: [
        {
          messageId: 'exposed',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '22', path: 'public IP app-pip', rule: 'web-nsg/allow-ssh (priority 100)' },
        },
      ],
    },
    {
      name: 'RDP through a load balancer NAT rule from Internet',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'rdp', priority: 100, port: 3389, from: 'Internet' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['rdp']) }),
        loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'rdp', frontendPort: 50001, backendPort: 3389 }] }),
        publicIpAddress('lb-pip'),
      ]),
      findings: [
        {
          messageId: 'exposed',
          resource: 'web-nsg',
          data: { name: 'app-1', ports: '3389', path: 'load balancer NAT rule lb/rdp (frontend port 50001)', rule: 'web-nsg/rdp (priority 100)' },
        },
      ],
    },
    {
      name: 'latent: WinRM allowed from 0.0.0.0/0 with no public path',
      template: withSubnetRules([{ name: 'winrm', priority: 100, port: '5985-5986', from: '0.0.0.0/0' }], { privateIp: '10.0.1.4' }),
      findings: [
        {
          messageId: 'latent',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', ports: '5985-5986', rule: 'web-nsg/winrm (priority 100)' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'SSH source from an unset parameter',
      template: {
        ...withSubnetRules([{ name: 'ssh', priority: 100, port: 22, from: "[parameters('sshSource')]" }]),
        parameters: { sshSource: { type: 'string' } },
      },
      reason: /parameter 'sshSource' has no value/,
    },
    { name: 'NIC not in the input', template: vmTemplate([]), reason: /networkInterfaces 'app-1-nic' is not in the scanned input/ },
    {
      // With the protocol known (Tcp), this fails as latent: it was a pass.
      name: 'no public path, an Internet SSH rule whose protocol comes from an unset parameter',
      template: {
        ...vmTemplate([
          testVnet({ nsg: 'web-nsg' }),
          nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22, protocol: "[parameters('protocol')]" }]),
          netNic('app-1-nic'),
        ]),
        parameters: { protocol: { type: 'string' } },
      },
      reason: /parameter 'protocol' has no value/,
    },
    {
      // With the NSG in the input and admitting SSH from the Internet, this fails as latent: it was a pass.
      name: 'no public path, subnet NSG not in the input',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }), netNic('app-1-nic')]),
      reason: /the subnet NSG cannot be read: .*networkSecurityGroups 'web-nsg' is not in the scanned input/,
    },
  ],
});
