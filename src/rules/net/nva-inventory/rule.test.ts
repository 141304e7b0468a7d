import { linuxVm } from '../../../../test/support/arm-snippets.js';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { netNic, nsg, publicIpAddress, routeTable, testVnet } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const PALO_ALTO = { plan: { name: 'byol', publisher: 'paloaltonetworks', product: 'vmseries-flex' } };
const appliance = (resources: object[], overrides: Record<string, unknown> = PALO_ALTO): object =>
  armTemplate([
    linuxVm('fw-1', overrides, {
      storageProfile: { imageReference: { publisher: 'paloaltonetworks', offer: 'vmseries-flex', sku: 'byol', version: 'latest' } },
    }),
    testVnet({ nsg: 'fw-nsg' }),
    ...resources,
  ]);
const hop = routeTable('via-nva', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'appliance behind an internal load balancer, management closed',
      template: appliance([
        nsg('fw-nsg', []),
        netNic('fw-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
        routeTable('via-ilb', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.100' }]),
      ]),
      resource: 'fw-1',
    },
  ],
  invalid: [
    {
      name: 'management SSH open on the appliance public IP',
      template: appliance([
        nsg('fw-nsg', [{ name: 'mgmt', priority: 100, from: '*', port: '22' }]),
        netNic('fw-1-nic', { privateIp: '10.0.1.4', publicIp: 'fw-1-pip' }),
        publicIpAddress('fw-1-pip'),
      ]),
      resource: 'fw-1',
      findings: [
        { messageId: 'managementExposed', at: '', data: { name: 'fw-1', evidence: 'image paloaltonetworks', ports: '22', path: 'public IP fw-1-pip' } },
      ],
    },
    {
      name: 'route straight to a single forwarding VM',
      template: appliance([nsg('fw-nsg', []), netNic('fw-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }), hop], {}),
      resource: 'fw-1',
      findings: [
        {
          messageId: 'singleNextHop',
          resource: 'via-nva',
          at: '/properties/routes/0',
          data: { name: 'fw-1', evidence: 'image paloaltonetworks; IP forwarding, next hop of a route', route: 'default', table: 'via-nva' },
        },
      ],
    },
    {
      name: 'next hop of routes in two tables, among routes to other addresses, in graph order',
      template: appliance(
        [
          nsg('fw-nsg', []),
          netNic('fw-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
          routeTable('spoke-a', [
            { name: 'to-other', prefix: '10.9.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.5' },
            { name: 'onprem', prefix: '192.168.0.0/16', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' },
          ]),
          routeTable('spoke-b', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }]),
        ],
        {},
      ),
      resource: 'fw-1',
      findings: [
        {
          messageId: 'singleNextHop',
          resource: 'spoke-a',
          at: '/properties/routes/1',
          data: { name: 'fw-1', evidence: 'image paloaltonetworks; IP forwarding, next hop of a route', route: 'onprem', table: 'spoke-a' },
        },
        {
          messageId: 'singleNextHop',
          resource: 'spoke-b',
          at: '/properties/routes/0',
          data: { name: 'fw-1', evidence: 'image paloaltonetworks; IP forwarding, next hop of a route', route: 'default', table: 'spoke-b' },
        },
      ],
    },
  ],
  unknown: [
    {
      // Taken for a VM that is no appliance: the address is not fixed, so it never matched the next hop.
      name: 'a forwarding NIC with a dynamic IP in the subnet of a next hop',
      template: armTemplate([
        linuxVm('router-1'),
        testVnet(),
        netNic('router-1-nic', { properties: { enableIPForwarding: true } }),
        routeTable('spoke-rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }]),
      ]),
      reason: /NIC 'router-1-nic' forwards packets and its private IP is not fixed: it may be the next hop of route 'default' in 'spoke-rt'/,
    },
    {
      name: 'a next hop from an unset parameter, with a forwarding VM',
      template: {
        ...(appliance([
          nsg('fw-nsg', []),
          netNic('fw-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
          routeTable('spoke-rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: "[parameters('hop')]" }]),
        ]) as object),
        parameters: { hop: { type: 'string' } },
      },
      resource: 'fw-1',
      reason: /parameter 'hop' has no value/,
    },
    {
      // Routes not known were read as none: the forwarding VM was no appliance.
      name: 'a forwarding VM, and the routes of a route table from an unset parameter',
      template: armTemplate(
        [
          linuxVm('router-1'),
          testVnet(),
          netNic('router-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
          { ...routeTable('spoke-rt', []), properties: { routes: "[parameters('routes')]" } },
        ],
        { parameters: { routes: { type: 'array' } } },
      ),
      reason: /parameter 'routes' has no value/,
    },
    {
      name: 'IP forwarding from an unset parameter',
      template: {
        ...(appliance([
          nsg('fw-nsg', []),
          netNic('fw-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: "[parameters('forward')]" } }),
        ]) as object),
        parameters: { forward: { type: 'bool' } },
      },
      resource: 'fw-1',
      reason: /parameter 'forward' has no value/,
    },
  ],
  notApplicable: [{ name: 'an ordinary VM', template: armTemplate([linuxVm('app-1'), testVnet(), netNic('app-1-nic', { privateIp: '10.0.1.4' })]) }],
});
