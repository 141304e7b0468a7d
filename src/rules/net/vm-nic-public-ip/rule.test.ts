import { armTemplate, linuxVm, nic, publicIp, rid } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const pipReference = (name: string): object => ({ publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', name) } });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'private NIC only', template: armTemplate([linuxVm('app-1'), nic('app-1-nic')]) },
    {
      name: 'public IP in the template but on a load balancer, not the NIC',
      template: armTemplate([linuxVm('app-1'), nic('app-1-nic'), publicIp('lb-pip')]),
    },
  ],
  invalid: [
    {
      name: 'Standard public IP on the NIC',
      template: armTemplate([linuxVm('jump-1'), nic('jump-1-nic', pipReference('jump-pip')), publicIp('jump-pip')]),
      findings: [
        {
          messageId: 'publicIp',
          resource: 'jump-1-nic',
          at: '/properties/ipConfigurations/0/properties/publicIPAddress',
          data: { name: 'jump-1', nic: 'jump-1-nic', ipConfiguration: 'ipconfig1', publicIp: 'jump-pip' },
        },
      ],
    },
    {
      name: 'Basic public IP on the NIC',
      template: armTemplate([linuxVm('jump-1'), nic('jump-1-nic', pipReference('jump-pip')), publicIp('jump-pip', 'Basic')]),
      findings: [{ messageId: 'basicPublicIp', resource: 'jump-1-nic' }],
    },
    {
      name: 'public IP resource outside the input',
      template: armTemplate([linuxVm('jump-1'), nic('jump-1-nic', pipReference('shared-pip'))]),
      findings: [
        { messageId: 'publicIp', resource: 'jump-1-nic', data: { name: 'jump-1', nic: 'jump-1-nic', ipConfiguration: 'ipconfig1', publicIp: 'shared-pip' } },
      ],
    },
    {
      name: 'scale set instances with public IPs',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          properties: {
            virtualMachineProfile: {
              networkProfile: {
                networkInterfaceConfigurations: [
                  {
                    name: 'nic',
                    properties: {
                      primary: true,
                      ipConfigurations: [
                        { name: 'ipc', properties: { publicIPAddressConfiguration: { name: 'pub', properties: { idleTimeoutInMinutes: 15 } } } },
                      ],
                    },
                  },
                ],
              },
            },
          },
        },
      ]),
      findings: [
        {
          messageId: 'scaleSetPublicIp',
          at: '/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0/properties/publicIPAddressConfiguration',
        },
      ],
    },
    {
      name: 'VM that creates its own NIC with a public IP (networkInterfaceConfigurations)',
      template: armTemplate([
        linuxVm(
          'jump-2',
          {},
          {
            networkProfile: {
              networkApiVersion: '2020-11-01',
              networkInterfaceConfigurations: [
                {
                  name: 'jump-2-nic',
                  properties: {
                    primary: true,
                    ipConfigurations: [{ name: 'ipconfig1', properties: { publicIPAddressConfiguration: { name: 'jump-2-pip', sku: { name: 'Standard' } } } }],
                  },
                },
              ],
            },
          },
        ),
      ]),
      findings: [
        {
          messageId: 'createdPublicIp',
          resource: 'jump-2',
          at: '/properties/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0/properties/publicIPAddressConfiguration',
          data: { name: 'jump-2', nic: 'jump-2-nic', ipConfiguration: 'ipconfig1', publicIp: 'jump-2-pip' },
        },
      ],
    },
  ],
  unknown: [
    { name: 'NIC not in the input', template: armTemplate([linuxVm('app-1')]), reason: /networkInterfaces 'app-1-nic' is not in the scanned input/ },
    {
      name: 'public IP attached only when a parameter says so',
      template: armTemplate([linuxVm('app-1'), nic('app-1-nic', { publicIPAddress: "[parameters('publicIp')]" })], {
        parameters: { publicIp: { type: 'object' } },
      }),
      reason: /parameter 'publicIp' has no value/,
    },
  ],
});
