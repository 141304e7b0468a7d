import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { netNic, nsg, publicIpAddress, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'NIC with an NSG in a subnet not in the input', template: vmTemplate([nsg('nic-nsg', []), netNic('app-1-nic', { nsg: 'nic-nsg' })]) },
    { name: 'subnet NSG only', template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic')]) },
    { name: 'NIC NSG only', template: vmTemplate([testVnet(), nsg('nic-nsg', []), netNic('app-1-nic', { nsg: 'nic-nsg' })]) },
    { name: 'NSG outside the input still filters', template: vmTemplate([testVnet({ nsg: 'shared-nsg' }), netNic('app-1-nic')]) },
    { name: 'scale set with an NSG on its NIC configuration', template: armTemplate([testVnet(), scaleSet({ nsg: 'vmss-nsg' })]) },
    { name: 'scale set in a subnet with an NSG', template: armTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), scaleSet()]) },
  ],
  invalid: [
    {
      name: 'neither subnet nor NIC has an NSG',
      template: vmTemplate([testVnet(), netNic('app-1-nic', { publicIp: 'pip' }), publicIpAddress('pip', 'Basic')]),
      findings: [
        {
          messageId: 'noNsg',
          resource: 'app-1-nic',
          at: '/properties/ipConfigurations/0',
          data: { name: 'app-1', nic: 'app-1-nic', ipConfiguration: 'ipconfig1', subnet: 'vnet/workload' },
        },
      ],
    },
    {
      name: 'scale set whose NIC configuration and subnet have no NSG',
      template: armTemplate([testVnet(), scaleSet()]),
      findings: [
        {
          messageId: 'noNsgScaleSet',
          resource: 'web-vmss',
          at: '/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/ipConfigurations/0',
          data: { name: 'web-vmss', nic: 'web-nic', ipConfiguration: 'ip', subnet: 'vnet/workload' },
        },
      ],
    },
  ],
  unknown: [
    { name: 'NIC not in the input', template: vmTemplate([]), reason: /networkInterfaces 'app-1-nic' is not in the scanned input/ },
    {
      // A conditional NSG reference may be none: this was a pass (a reference not followed is an NSG).
      name: 'NIC NSG given by a parameter with no value, subnet without one',
      template: {
        ...vmTemplate([testVnet(), netNic('app-1-nic', { properties: { networkSecurityGroup: "[parameters('nicNsg')]" } })]),
        parameters: { nicNsg: { type: 'object' } },
      },
      reason: /whether NIC "app-1-nic" or its subnet has an NSG is not known: parameter 'nicNsg' has no value/,
    },
    {
      // Its subnet (an existing VNet's, say) may have an NSG or not: this was a pass.
      name: 'NIC without an NSG in a subnet not in the input',
      template: vmTemplate([netNic('app-1-nic')]),
      reason: /NIC "app-1-nic" has no NSG of its own, and its subnet cannot be read: .*subnets 'vnet\/workload' is not in the scanned input/,
    },
    {
      // The subnet NSG value as a whole was taken for an NSG: this was a pass.
      name: 'scale set in a subnet whose NSG is given by a parameter with no value',
      template: armTemplate([testVnet({ properties: { networkSecurityGroup: "[parameters('subnetNsg')]" } }), scaleSet()], {
        parameters: { subnetNsg: { type: 'object' } },
      }),
      reason: /parameter 'subnetNsg' has no value/,
    },
    {
      name: 'scale set subnet not in the input',
      template: armTemplate([scaleSet()]),
      reason: /virtualNetworks\/vnet\/subnets\/workload|subnets 'vnet\/workload'|not in the scanned input/,
    },
  ],
});
