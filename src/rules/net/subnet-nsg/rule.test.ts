import { netNic, nsg, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'VM subnet with an NSG', template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic')]), resource: 'vnet/workload' },
    {
      name: 'GatewaySubnet without an NSG',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.255.0/27' }]), nsg('web-nsg', []), netNic('app-1-nic')]),
      resource: 'vnet/GatewaySubnet',
    },
  ],
  invalid: [
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
