import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, rid, vpnGateway } from '../../../../test/support/edge-snippets.js';
import { routeTable, testVnet, vnet } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tunnelled = (gateway: Record<string, unknown>): object =>
  armTemplate([
    testVnet({ routeTable: 'to-onprem' }, [{ name: 'GatewaySubnet', prefix: '10.0.0.0/27' }]),
    routeTable('to-onprem', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
    vpnGateway('vpn-gw', gateway),
  ]);
const fwTunnel = (management: boolean, nextHopType = 'VirtualNetworkGateway'): object =>
  armTemplate([
    testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26', routeTable: 'fw-default' }]),
    routeTable('fw-default', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType }]),
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

/** A spoke forced-tunnelled to the hub ('vnet') whose gateway learns routes over BGP, peered both ways. */
const spokeOfHub = (useRemoteGateways: boolean, allowGatewayTransit: boolean, hubToSpoke = rid('Microsoft.Network/virtualNetworks', 'spoke')): object =>
  armTemplate([
    vnet('spoke', ['10.1.0.0/16'], [{ name: 'workload', prefix: '10.1.1.0/24', routeTable: 'to-onprem' }], {
      virtualNetworkPeerings: [
        { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') }, useRemoteGateways } },
      ],
    }),
    routeTable('to-onprem', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
    vnet('vnet', ['10.0.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.0.0.0/27' }], {
      virtualNetworkPeerings: [{ name: 'to-spoke', properties: { remoteVirtualNetwork: { id: hubToSpoke }, allowGatewayTransit } }],
    }),
    vpnGateway('vpn-gw', { enableBgp: true }),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'gateway with a default site', template: tunnelled({ gatewayDefaultSite: { id: rid('Microsoft.Network/localNetworkGateways', 'onprem') } }) },
    { name: 'gateway with BGP', template: tunnelled({ enableBgp: true }) },
    { name: "the hub's BGP gateway, used through gateway transit", template: spokeOfHub(true, true), resource: 'spoke' },
    { name: 'forced-tunnelled firewall with a management IP configuration', template: fwTunnel(true), resource: 'hub-fw' },
    {
      // Microsoft Learn: with the Management NIC, Internet traffic "can be forced tunneled to another firewall or blocked".
      name: 'firewall whose Internet traffic is blocked (0.0.0.0/0 to None), with a management IP configuration',
      template: fwTunnel(true, 'None'),
      resource: 'hub-fw',
    },
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
    {
      // "Azure Firewall must have direct Internet connectivity" (Microsoft Learn): a default route to None takes it away
      // as a tunnel does, and only the Management NIC keeps the firewall's own traffic going.
      name: 'firewall whose Internet traffic is blocked (0.0.0.0/0 to None), without a management IP configuration',
      template: fwTunnel(false, 'None'),
      resource: 'hub-fw',
      findings: [
        { messageId: 'firewallNoManagement', resource: 'fw-default', at: '/properties/routes/0', data: { name: 'hub-fw', hop: 'None', table: 'fw-default' } },
      ],
    },
  ],
  unknown: [
    {
      // "If the flag is set to true, and allowGatewayTransit on remote peering is also true, virtual network will use gateways of remote virtual network."
      name: "a peered hub's gateway the spoke does not use (no useRemoteGateways, or no gateway transit on the hub's side)",
      template: spokeOfHub(false, true),
      resource: 'spoke',
      reason: /no VPN gateway for this VNet is in the scanned input/,
    },
    {
      name: 'useRemoteGateways without gateway transit on the hub',
      template: spokeOfHub(true, false),
      resource: 'spoke',
      reason: /no VPN gateway for this VNet/,
    },
    {
      name: "the hub's peering target from an unset parameter: whether it is the one back, with gateway transit, is not known",
      template: { ...(spokeOfHub(true, true, "[parameters('spokeId')]") as object), parameters: { spokeId: { type: 'string' } } },
      resource: 'spoke',
      reason: /parameter 'spokeId' has no value/,
    },
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
