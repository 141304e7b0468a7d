import { netNic, nsg, routeTable, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const forced = routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'default route to the firewall',
      template: vmTemplate([testVnet({ nsg: 'web-nsg', routeTable: 'rt' }), nsg('web-nsg', []), forced, netNic('app-1-nic')]),
    },
    {
      name: 'outbound NSG denies Internet',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'deny-internet', priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', to: 'Internet' }]),
        netNic('app-1-nic'),
      ]),
    },
  ],
  invalid: [
    {
      name: 'default AllowInternetOutBound and no route',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic')]),
      findings: [
        {
          messageId: 'openEgress',
          resource: 'vnet/workload',
          at: '/properties',
          data: { name: 'app-1', subnet: 'vnet/workload', rule: 'web-nsg/AllowInternetOutBound (priority 65001)' },
        },
      ],
    },
    {
      name: 'default route goes to Internet',
      template: vmTemplate([
        testVnet({ routeTable: 'rt' }),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'Internet' }]),
        netNic('app-1-nic'),
      ]),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload', data: { name: 'app-1', subnet: 'vnet/workload', rule: 'no NSG' } }],
    },
  ],
  unknown: [
    {
      name: 'route table outside the input',
      template: vmTemplate([testVnet({ routeTable: 'hub-rt' }), netNic('app-1-nic')]),
      reason: /routeTables 'hub-rt' is not in the scanned input/,
    },
  ],
});
