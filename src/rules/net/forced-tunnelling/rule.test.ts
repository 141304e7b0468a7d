import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, rid, vpnGateway } from '../../../../test/support/edge-snippets.js';
import { routeTable, testVnet } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tunnelled = (gateway: Record<string, unknown>): object =>
  armTemplate([
    testVnet({ routeTable: 'to-onprem' }, [{ name: 'GatewaySubnet', prefix: '10.0.0.0/27' }]),
    routeTable('to-onprem', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
    vpnGateway('vpn-gw', gateway),
  ]);
const fwTunnel = (management: boolean): object =>
  armTemplate([
    testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26', routeTable: 'fw-default' }]),
    routeTable('fw-default', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
    firewall('hub-fw', {
      properties: management
        ? {
            managementIpConfiguration: {
              name: 'mgmt',
              properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'AzureFirewallManagementSubnet') } },
            },
          }
        : {},
    }),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'gateway with a default site', template: tunnelled({ gatewayDefaultSite: { id: rid('Microsoft.Network/localNetworkGateways', 'onprem') } }) },
    { name: 'gateway with BGP', template: tunnelled({ enableBgp: true }) },
    { name: 'forced-tunnelled firewall with a management IP configuration', template: fwTunnel(true), resource: 'hub-fw' },
  ],
  invalid: [
    {
      name: 'default route to a gateway without default site or BGP',
      template: tunnelled({}),
      findings: [{ messageId: 'noDefaultSite', resource: 'to-onprem', at: '/properties/routes/0', data: { name: 'vnet', table: 'to-onprem' } }],
    },
    {
      name: 'forced-tunnelled firewall without a management IP configuration',
      template: fwTunnel(false),
      resource: 'hub-fw',
      findings: [{ messageId: 'firewallNoManagement', resource: 'fw-default', data: { name: 'hub-fw', hop: 'VirtualNetworkGateway', table: 'fw-default' } }],
    },
  ],
  unknown: [
    {
      name: 'no gateway in the input',
      template: armTemplate([
        testVnet({ routeTable: 'to-onprem' }),
        routeTable('to-onprem', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
      ]),
      reason: /no VPN gateway for this VNet is in the scanned input/,
    },
  ],
  notApplicable: [
    { name: 'no default route', template: armTemplate([testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]), firewall('hub-fw')]) },
    {
      name: 'default route to the firewall, not a gateway',
      template: armTemplate([
        testVnet({ routeTable: 'to-fw' }),
        routeTable('to-fw', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
      ]),
    },
  ],
});
