import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { bastion, rid } from '../../../../test/support/edge-snippets.js';
import { netNic, vnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const hub = (peered = true): object =>
  vnet('hub', ['10.0.0.0/16'], [{ name: 'AzureBastionSubnet', prefix: '10.0.1.0/26' }], {
    ...(peered
      ? { virtualNetworkPeerings: [{ name: 'to-spoke', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') } } }] }
      : {}),
  });
const spoke = (peerings: object[] = []): object =>
  vnet('vnet', ['10.1.0.0/16'], [{ name: 'workload', prefix: '10.1.1.0/24' }], peerings.length > 0 ? { virtualNetworkPeerings: peerings } : {});
/** A template whose VM NIC sits in a subnet of the VNet named by `vnetName`, a parameter without a value unless given. */
const namedByParameter = (
  resources: object[],
  nicSubnet = "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('vnetName'), 'workload')]",
): object => ({
  ...(vmTemplate([...resources, netNic('app-1-nic', { ipConfiguration: { subnet: { id: nicSubnet } } })]) as object),
  parameters: { vnetName: { type: 'string' } },
});
/** The VNet named `[<name>]`, `name` an expression of `vnetName`. */
const paramVnet = (name = "parameters('vnetName')"): object => ({ ...spoke(), name: `[${name}]` });

const toHub = (id = rid('Microsoft.Network/virtualNetworks', 'hub'), state?: string): object => ({
  name: 'to-hub',
  properties: { remoteVirtualNetwork: { id }, ...(state ? { peeringState: state } : {}) },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'Bastion in the VM VNet',
      template: vmTemplate([
        vnet(
          'vnet',
          ['10.0.0.0/16'],
          [
            { name: 'workload', prefix: '10.0.1.0/24' },
            { name: 'AzureBastionSubnet', prefix: '10.0.2.0/26' },
          ],
        ),
        netNic('app-1-nic'),
        bastion('bas'),
      ]),
      resource: 'vnet',
    },
    {
      name: 'Standard Bastion in a peered hub',
      template: vmTemplate([spoke([toHub()]), hub(), netNic('app-1-nic'), bastion('bas', { vnet: 'hub' })]),
      resource: 'vnet',
    },
    {
      name: 'Basic Bastion in a peered hub (Basic reaches peered VNets)',
      template: vmTemplate([spoke([toHub()]), hub(), netNic('app-1-nic'), bastion('bas', { vnet: 'hub', sku: 'Basic' })]),
      resource: 'vnet',
    },
  ],
  invalid: [
    {
      // "The peering is not successfully established until the peering status for both virtual network peerings is Connected."
      name: 'peering declared on the hub side only, the spoke in the input without one back',
      template: vmTemplate([spoke(), hub(), netNic('app-1-nic'), bastion('bas', { vnet: 'hub', sku: 'Premium' })]),
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      name: 'peerings that block VNet access (allowVirtualNetworkAccess: false)',
      template: vmTemplate([
        spoke([
          { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, allowVirtualNetworkAccess: false } },
        ]),
        hub(),
        netNic('app-1-nic'),
        bastion('bas', { vnet: 'hub' }),
      ]),
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      name: 'Connected peerings (as Azure reports them), the hub side blocking VNet access',
      template: vmTemplate([
        spoke([toHub(undefined, 'Connected')]),
        vnet('hub', ['10.0.0.0/16'], [{ name: 'AzureBastionSubnet', prefix: '10.0.1.0/26' }], {
          virtualNetworkPeerings: [
            {
              name: 'to-spoke',
              properties: {
                remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') },
                peeringState: 'Connected',
                allowVirtualNetworkAccess: false,
              },
            },
          ],
        }),
        netNic('app-1-nic'),
        bastion('bas', { vnet: 'hub' }),
      ]),
      resource: 'vnet',
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      // Its own side decides: what the hub's side says cannot make it carry traffic.
      name: "the spoke's peering blocks VNet access, the hub's back from an unset parameter",
      template: {
        ...(vmTemplate([
          spoke([
            { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, allowVirtualNetworkAccess: false } },
          ]),
          vnet('hub', ['10.0.0.0/16'], [{ name: 'AzureBastionSubnet', prefix: '10.0.1.0/26' }], {
            virtualNetworkPeerings: [
              {
                name: 'to-spoke',
                properties: {
                  remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') },
                  allowVirtualNetworkAccess: "[parameters('access')]",
                },
              },
            ],
          }),
          netNic('app-1-nic'),
          bastion('bas', { vnet: 'hub' }),
        ]) as object),
        parameters: { access: { type: 'bool' } },
      },
      resource: 'vnet',
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      name: 'no Bastion anywhere',
      template: vmTemplate([spoke(), netNic('app-1-nic')]),
      findings: [{ messageId: 'noBastion', at: '/properties/subnets', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      // Before: unknown. A Bicep `param vnetName string` scanned alone: the NIC's resourceId() of the same parameter names this VNet's subnet, whatever its value.
      name: 'VNet named by a parameter without a value, its VM NIC following it, no Bastion',
      template: namedByParameter([paramVnet()]),
      resource: "[parameters('vnetName')]",
      findings: [{ messageId: 'noBastion', data: { name: "[parameters('vnetName')]", vms: 'app-1' } }],
    },
    {
      name: 'Developer Bastion in the peered hub',
      template: vmTemplate([
        spoke([toHub()]),
        hub(),
        netNic('app-1-nic'),
        bastion('bas', { sku: 'Developer', properties: { ipConfigurations: [], virtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') } } }),
      ]),
      resource: 'vnet',
      findings: [{ messageId: 'peerSkuTooLow', resource: 'bas', at: '/sku', data: { name: 'vnet', vms: 'app-1', bastion: 'bas', sku: 'Developer' } }],
    },
    {
      name: 'a peering only the hub declares, still Initiated, while the VNet peers elsewhere',
      template: vmTemplate([
        spoke([toHub(rid('Microsoft.Network/virtualNetworks', 'other'))]),
        vnet('other', ['10.2.0.0/16'], [{ name: 'shared', prefix: '10.2.1.0/24' }]),
        vnet('hub', ['10.0.0.0/16'], [{ name: 'AzureBastionSubnet', prefix: '10.0.1.0/26' }], {
          virtualNetworkPeerings: [
            { name: 'to-spoke', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') }, peeringState: 'Initiated' } },
          ],
        }),
        netNic('app-1-nic'),
        bastion('bas', { vnet: 'hub' }),
      ]),
      resource: 'vnet',
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
    {
      name: 'peering to the hub is disconnected',
      template: vmTemplate([spoke([toHub(undefined, 'Disconnected')]), hub(false), netNic('app-1-nic'), bastion('bas', { vnet: 'hub' })]),
      resource: 'vnet',
      findings: [{ messageId: 'noBastion', data: { name: 'vnet', vms: 'app-1' } }],
    },
  ],
  unknown: [
    {
      name: 'peered hub outside the input',
      template: vmTemplate([
        spoke([toHub('/subscriptions/1/resourceGroups/hub-rg/providers/Microsoft.Network/virtualNetworks/corp-hub')]),
        netNic('app-1-nic'),
      ]),
      reason: /peered VNet 'corp-hub' is not in the scanned input/,
    },
    {
      name: 'peering target from an unset parameter',
      template: { ...(vmTemplate([spoke([toHub("[parameters('hubId')]")]), netNic('app-1-nic')]) as object), parameters: { hubId: { type: 'string' } } },
      reason: /parameter 'hubId' has no value/,
    },
    {
      // A name made from the parameter by take() stays expression text: the NIC's subnet id is not known, and may be in this VNet.
      name: 'VNet named by take() of a parameter without a value, its VM NIC following it: the VNet may host the VM',
      template: namedByParameter(
        [paramVnet("take(parameters('vnetName'), 64)")],
        "[resourceId('Microsoft.Network/virtualNetworks/subnets', take(parameters('vnetName'), 64), 'workload')]",
      ),
      resource: "[take(parameters('vnetName'), 64)]",
      reason: /a NIC of "app-1" cannot be followed to its subnet \(parameter 'vnetName' has no value\): it may be in this VNet/,
    },
    {
      name: 'VM NIC in a subnet of this VNet that the input does not declare',
      template: namedByParameter([spoke()], rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'other')),
      resource: 'vnet',
      reason:
        /a NIC of "app-1" cannot be followed to its subnet \(Microsoft\.Network\/virtualNetworks\/subnets 'vnet\/other' is not in the scanned input\): it may be in this VNet/,
    },
  ],
  notApplicable: [
    { name: 'VNet without VMs', template: armTemplate([spoke()]) },
    {
      name: 'VM NIC whose subnet is not known, and a VNet with its own Bastion: covered wherever the VM is',
      template: namedByParameter([
        vnet(
          'vnet',
          ['10.0.0.0/16'],
          [
            { name: 'workload', prefix: '10.0.1.0/24' },
            { name: 'AzureBastionSubnet', prefix: '10.0.2.0/26' },
          ],
        ),
        bastion('bas'),
      ]),
      resource: 'vnet',
    },
    {
      name: 'VM NIC in a subnet of another VNet, outside the input',
      template: namedByParameter([spoke()], rid('Microsoft.Network/virtualNetworks/subnets', 'corp', 'workload')),
      resource: 'vnet',
    },
  ],
});
