import { netNic, nsg, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

/** `networkSecurityGroup` of subnet `subnet` (the VM's `workload` unless named) is `if(parameters('useNsg'), {id: web-nsg}, null())`. */
function conditionalNsgTemplate(subnet = 'workload'): object {
  const conditional = {
    networkSecurityGroup: "[if(parameters('useNsg'), createObject('id', resourceId('Microsoft.Network/networkSecurityGroups', 'web-nsg')), null())]",
  };
  const extra = subnet === 'workload' ? [] : [{ name: subnet, prefix: '10.0.255.0/27', properties: conditional }];
  return vmTemplate([testVnet(subnet === 'workload' ? { properties: conditional } : {}, extra), nsg('web-nsg', []), netNic('app-1-nic')], {
    parameters: { useNsg: { type: 'bool' } },
  });
}

const CONDITIONAL_NSG = conditionalNsgTemplate();

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'VM subnet with an NSG', template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic')]), resource: 'vnet/workload' },
    // An NSG reference whose id alone is not known is an NSG.
    {
      name: 'VM subnet with an NSG whose id is a parameter',
      template: vmTemplate([testVnet({ properties: { networkSecurityGroup: { id: "[parameters('nsgId')]" } } }), netNic('app-1-nic')], {
        parameters: { nsgId: { type: 'string' } },
      }),
      resource: 'vnet/workload',
    },
    {
      name: 'an NSG given only when a parameter says so, and the parameter says yes',
      template: CONDITIONAL_NSG,
      parameters: { useNsg: true },
      resource: 'vnet/workload',
    },
    {
      name: 'GatewaySubnet without an NSG',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.255.0/27' }]), nsg('web-nsg', []), netNic('app-1-nic')]),
      resource: 'vnet/GatewaySubnet',
    },
  ],
  invalid: [
    {
      name: 'an NSG given only when a parameter says so, and the parameter says no',
      template: CONDITIONAL_NSG,
      parameters: { useNsg: false },
      resource: 'vnet/workload',
      findings: [{ messageId: 'missing', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload', count: 1 } }],
    },
    {
      name: 'VM subnet without an NSG (NIC NSG only)',
      template: vmTemplate([testVnet(), nsg('nic-nsg', []), netNic('app-1-nic', { nsg: 'nic-nsg' })]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'missing', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload', count: 1 } }],
    },
    {
      name: 'GatewaySubnet with an NSG',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.255.0/27', nsg: 'web-nsg' }]),
        nsg('web-nsg', []),
        netNic('app-1-nic'),
      ]),
      resource: 'vnet/GatewaySubnet',
      findings: [{ messageId: 'gatewaySubnet', resource: 'vnet/GatewaySubnet', at: '/properties/networkSecurityGroup' }],
    },
  ],
  unknown: [
    {
      name: 'a VM NIC outside the input leaves the subnet undecided',
      template: vmTemplate([testVnet()]),
      resource: 'vnet/workload',
      reason: /not in the scanned input/,
    },
    // A whole networkSecurityGroup value not known counted as an NSG: the subnet passed, though the parameter may leave it out.
    {
      name: 'an NSG given only when a parameter says so (if(param, {id}, null())) leaves the subnet undecided',
      template: CONDITIONAL_NSG,
      resource: 'vnet/workload',
      reason: /whether subnet "vnet\/workload" has an NSG is not known: parameter 'useNsg' has no value/,
    },
    {
      name: 'a GatewaySubnet NSG given only when a parameter says so leaves it undecided',
      template: conditionalNsgTemplate('GatewaySubnet'),
      resource: 'vnet/GatewaySubnet',
      reason: /whether subnet "vnet\/GatewaySubnet" has an NSG is not known/,
    },
  ],
  notApplicable: [
    {
      name: 'AzureBastionSubnet is a platform subnet',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, [{ name: 'AzureBastionSubnet', prefix: '10.0.9.0/26' }]), nsg('web-nsg', []), netNic('app-1-nic')]),
      resource: 'vnet/AzureBastionSubnet',
    },
    {
      name: 'subnet without VMs',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, [{ name: 'spare', prefix: '10.0.7.0/24' }]), nsg('web-nsg', []), netNic('app-1-nic')]),
      resource: 'vnet/spare',
    },
  ],
});
