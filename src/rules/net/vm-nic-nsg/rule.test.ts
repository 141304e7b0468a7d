import { netNic, nsg, publicIpAddress, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'subnet NSG only', template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic')]) },
    { name: 'NIC NSG only', template: vmTemplate([testVnet(), nsg('nic-nsg', []), netNic('app-1-nic', { nsg: 'nic-nsg' })]) },
    { name: 'NSG outside the input still filters', template: vmTemplate([testVnet({ nsg: 'shared-nsg' }), netNic('app-1-nic')]) },
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
  ],
  unknown: [{ name: 'NIC not in the input', template: vmTemplate([]), reason: /networkInterfaces 'app-1-nic' is not in the scanned input/ }],
});
