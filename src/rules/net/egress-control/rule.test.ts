import { armTemplate, linuxVm, rid } from '../../../../test/support/arm-snippets.js';
import { vpnGateway } from '../../../../test/support/edge-snippets.js';
import {
  hubConnection,
  hubRouteTable,
  netNic,
  nsg,
  routeServer,
  routeTable,
  routingIntent,
  testVnet,
  virtualHub,
  vmTemplate,
} from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const gatewaySubnet = [{ name: 'GatewaySubnet', prefix: '10.0.255.0/27' }];

/** The VM's VNet as a spoke that uses the gateways of VNet 'hub' (useRemoteGateways), with `resources`. */
const spokeOfHub = (...resources: object[]): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg' }, [], {
      virtualNetworkPeerings: [
        { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, useRemoteGateways: true } },
      ],
    }),
    nsg('web-nsg', []),
    netNic('app-1-nic'),
    ...resources,
  ]);
/** An ExpressRoute gateway and a Route Server in the VM's VNet. */
const erAndRouteServer = vmTemplate([
  testVnet({ nsg: 'web-nsg' }, gatewaySubnet),
  nsg('web-nsg', []),
  netNic('app-1-nic'),
  vpnGateway('er-gw', { gatewayType: 'ExpressRoute' }),
  ...routeServer('rs', 'vnet'),
]);
const hubSpoke = (...resources: object[]): object => vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic'), ...resources]);
/** The VM's subnet with one route, to `nextHopType`, whose prefix is a parameter given no value. */
const unsureRoute = (nextHopType: string, ...resources: object[]): object =>
  vmTemplate(
    [
      testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
      nsg('web-nsg', []),
      routeTable('rt', [{ name: 'egress', prefix: "[parameters('egressPrefix')]", nextHopType }]),
      netNic('app-1-nic'),
      ...resources,
    ],
    { parameters: { egressPrefix: { type: 'string' } } },
  );
/** An IPv6 IP configuration (or one whose version is `version`) behind the route table `rt`. */
const v6Vm = (routes: { name: string; prefix: string; nextHopType: string; nextHopIpAddress?: string }[], version = 'IPv6'): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
    nsg('web-nsg', []),
    routeTable('rt', routes),
    netNic('app-1-nic', { ipConfiguration: { privateIPAddressVersion: version } }),
  ]);
const toFirewall = { nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' };
const forced = routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'an IPv6 IP configuration whose subnet sends ::/0 to the firewall', template: v6Vm([{ name: 'default-v6', prefix: '::/0', ...toFirewall }]) },
    {
      // Before: 0.0.0.0/0 stood for every address of both families, and the IPv6 Internet stayed open.
      name: 'an outbound Deny to 0.0.0.0/0 closes the Internet to an IPv4 VM (it reaches no IPv6 address)',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'no-internet', priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', port: '*', to: '0.0.0.0/0' }]),
        netNic('app-1-nic'),
      ]),
    },
    {
      name: 'default route to the firewall',
      template: vmTemplate([testVnet({ nsg: 'web-nsg', routeTable: 'rt' }), nsg('web-nsg', []), forced, netNic('app-1-nic')]),
    },
    {
      name: 'default route to the VPN gateway (forced tunnelling to on-premises)',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }, gatewaySubnet),
        nsg('web-nsg', []),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualNetworkGateway' }]),
        vpnGateway('vpn-gw', { gatewayDefaultSite: { id: rid('Microsoft.Network/localNetworkGateways', 'onprem') } }),
        netNic('app-1-nic'),
      ]),
    },
    {
      name: 'BGP VPN gateway, and the configuration says on-premises advertises 0.0.0.0/0 (forced tunnelling over BGP)',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, gatewaySubnet), nsg('web-nsg', []), vpnGateway('vpn-gw', { enableBgp: true }), netNic('app-1-nic')]),
      network: { bgpPrefixes: ['10.200.0.0/16', '0.0.0.0/0'] },
    },
    {
      name: 'virtual hub whose routing intent sends Internet traffic to its firewall, to a connection with internet security on',
      template: hubSpoke(virtualHub(), hubConnection(), routingIntent(['PrivateTraffic', 'Internet'])),
    },
    {
      name: "secured hub without routing intent: the connection's default route table sends 0.0.0.0/0 to the firewall",
      template: hubSpoke(virtualHub(), hubConnection(), hubRouteTable('defaultRouteTable', ['0.0.0.0/0'])),
    },
    {
      name: 'the route table the connection is associated with sends 0.0.0.0/0 to the firewall',
      template: hubSpoke(
        virtualHub(),
        hubConnection({
          enableInternetSecurity: true,
          routingConfiguration: { associatedRouteTable: { id: rid('Microsoft.Network/virtualHubs/hubRouteTables', 'hub', 'RT_VNet') } },
        }),
        hubRouteTable('RT_VNet', ['0.0.0.0/0']),
        hubRouteTable('defaultRouteTable', ['10.0.0.0/8']),
      ),
    },
    {
      name: 'hub with an ExpressRoute gateway, and the configuration says on-premises advertises 0.0.0.0/0',
      template: hubSpoke(virtualHub({ expressRouteGateway: { id: rid('Microsoft.Network/expressRouteGateways', 'hub-er') } }), hubConnection()),
      network: { bgpPrefixes: ['0.0.0.0/0'] },
    },
    {
      name: 'default route to None: Internet egress is dropped',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
        nsg('web-nsg', []),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'None' }]),
        netNic('app-1-nic'),
      ]),
    },
    {
      name: 'Route Server in the VNet, and the configuration says an appliance advertises 0.0.0.0/0 over BGP',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', []), netNic('app-1-nic'), ...routeServer('rs', 'vnet')]),
      network: { bgpPrefixes: ['0.0.0.0/0'] },
    },
    {
      name: 'an ExpressRoute gateway whose circuit advertises no default route, beside a Route Server to which an appliance advertises 0.0.0.0/0',
      template: erAndRouteServer,
      network: { bgpPrefixes: { 'er-gw': ['10.200.0.0/16'], rs: ['0.0.0.0/0'] } },
    },
    {
      name: 'outbound NSG denies Internet',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'deny-internet', priority: 4000, direction: 'Outbound', access: 'Deny', protocol: '*', to: 'Internet' }]),
        netNic('app-1-nic'),
      ]),
    },
    {
      name: 'a route whose prefix is not known sends to the firewall, and the hub sends a default route too: forced either way',
      template: unsureRoute('VirtualAppliance', virtualHub(), hubConnection(), routingIntent(['Internet'])),
    },
  ],
  invalid: [
    {
      name: 'an IPv6 IP configuration whose subnet sends only 0.0.0.0/0 to the firewall: its IPv6 traffic goes straight out',
      template: v6Vm([{ name: 'default', prefix: '0.0.0.0/0', ...toFirewall }]),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
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
      name: 'BGP VPN gateway, and the configuration lists what on-premises advertises, without a default route',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, gatewaySubnet), nsg('web-nsg', []), vpnGateway('vpn-gw', { enableBgp: true }), netNic('app-1-nic')]),
      network: { bgpPrefixes: ['10.200.0.0/16'] },
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload', at: '/properties' }],
    },
    {
      name: 'BGP VPN gateway, but the route table stops gateway route propagation',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }, gatewaySubnet),
        nsg('web-nsg', []),
        { ...routeTable('rt', []), properties: { routes: [], disableBgpRoutePropagation: true } },
        vpnGateway('vpn-gw', { enableBgp: true }),
        netNic('app-1-nic'),
      ]),
      findings: [
        {
          messageId: 'openEgress',
          resource: 'vnet/workload',
          data: { name: 'app-1', subnet: 'vnet/workload', rule: 'web-nsg/AllowInternetOutBound (priority 65001)' },
        },
      ],
    },
    {
      name: 'routing intent sends Internet traffic to the firewall, but the connection does not take the default route',
      template: hubSpoke(virtualHub(), hubConnection({ enableInternetSecurity: false }), routingIntent(['Internet'])),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
    {
      name: 'routing intent for private traffic only, and a hub without branches',
      template: hubSpoke(virtualHub(), hubConnection(), routingIntent(['PrivateTraffic'])),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
    {
      name: "the subnet's own 0.0.0.0/0 route to Internet wins over the hub's default route (a jump box subnet)",
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
        nsg('web-nsg', []),
        routeTable('rt', [{ name: 'jump-to-inet', prefix: '0.0.0.0/0', nextHopType: 'Internet' }]),
        netNic('app-1-nic'),
        virtualHub(),
        hubConnection(),
        routingIntent(['Internet']),
      ]),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
    {
      name: 'hub with an ExpressRoute gateway, and the configuration lists what on-premises advertises, without a default route',
      template: hubSpoke(virtualHub({ expressRouteGateway: { id: rid('Microsoft.Network/expressRouteGateways', 'hub-er') } }), hubConnection()),
      network: { bgpPrefixes: ['10.200.0.0/16'] },
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
    {
      name: 'an ExpressRoute gateway and a Route Server, neither of which is listed with a default route',
      template: erAndRouteServer,
      network: { bgpPrefixes: { 'er-gw': ['10.200.0.0/16'], rs: ['10.0.0.0/8'] } },
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
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
    {
      name: 'a route whose prefix is not known sends to the Internet, and nothing else forces egress: open either way',
      template: unsureRoute('Internet'),
      findings: [{ messageId: 'openEgress', resource: 'vnet/workload' }],
    },
  ],
  notApplicable: [
    {
      name: 'the firewall VM the default route leads to (FortiGate image, IP forwarding)',
      template: armTemplate([
        linuxVm(
          'fgt-1',
          { plan: { name: 'fortinet_fg-vm_payg_2023', publisher: 'fortinet', product: 'fortinet_fortigate-vm_v5' } },
          {
            storageProfile: {
              imageReference: { publisher: 'fortinet', offer: 'fortinet_fortigate-vm_v5', sku: 'fortinet_fg-vm_payg_2023', version: 'latest' },
            },
          },
        ),
        testVnet({ nsg: 'fw-nsg' }),
        nsg('fw-nsg', []),
        netNic('fgt-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
      ]),
      resource: 'fgt-1',
    },
    {
      name: 'a forwarding VM that is the next hop of a route (no appliance image)',
      template: armTemplate([
        linuxVm('router-1'),
        testVnet({ nsg: 'fw-nsg' }),
        nsg('fw-nsg', []),
        netNic('router-1-nic', { privateIp: '10.0.1.4', properties: { enableIPForwarding: true } }),
        routeTable('spoke-rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.1.4' }]),
      ]),
      resource: 'router-1',
    },
  ],
  unknown: [
    {
      // IPv4: the own 0.0.0.0/0 route to Internet wins (open); IPv6: the hub's default route takes it (controlled).
      name: "an IP configuration whose version is not known, a jump box subnet's 0.0.0.0/0 to Internet, and a hub's default route",
      template: {
        ...(vmTemplate([
          testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
          nsg('web-nsg', []),
          routeTable('rt', [{ name: 'jump-to-inet', prefix: '0.0.0.0/0', nextHopType: 'Internet' }]),
          netNic('app-1-nic', { ipConfiguration: { privateIPAddressVersion: "[parameters('version')]" } }),
          virtualHub(),
          hubConnection(),
          routingIntent(['Internet']),
        ]) as object),
        parameters: { version: { type: 'string' } },
      },
      reason: /the IP version of NIC 'app-1-nic' is not known, and its IPv4 and IPv6 egress are not judged alike/,
    },
    {
      name: 'an IP configuration whose version is not known, and only 0.0.0.0/0 sent to the firewall',
      template: {
        ...(v6Vm([{ name: 'default', prefix: '0.0.0.0/0', ...toFirewall }], "[parameters('version')]") as object),
        parameters: { version: { type: 'string' } },
      },
      reason: /the IP version of NIC 'app-1-nic' is not known/,
    },
    {
      name: 'the hub route table the connection is associated with is not in the input',
      template: hubSpoke(
        virtualHub(),
        hubConnection({
          enableInternetSecurity: true,
          remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') },
          routingConfiguration: { associatedRouteTable: { id: rid('Microsoft.Network/virtualHubs/hubRouteTables', 'hub', 'RT_VNet') } },
        }),
      ),
      reason: /hub route table 'RT_VNet', which connection 'to-vnet' is associated with, is not in the scanned input: it may route 0\.0\.0\.0\/0/,
    },
    {
      name: "the VM's subnet is declared on its own, and its VNet is not in the input",
      template: vmTemplate([
        {
          type: 'Microsoft.Network/virtualNetworks/subnets',
          apiVersion: '2024-05-01',
          name: 'vnet/workload',
          properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: rid('Microsoft.Network/networkSecurityGroups', 'web-nsg') } },
        },
        nsg('web-nsg', []),
        netNic('app-1-nic'),
      ]),
      reason: /VNet 'vnet' of the subnet is not in the scanned input: a gateway, Route Server or virtual hub may send it a default route/,
    },
    {
      name: 'a Route Server whose subnet is a parameter without a value may be in the VNet',
      template: armTemplate(
        [
          ...(hubSpoke() as { resources: object[] }).resources,
          ...routeServer('rs', 'vnet').map((resource, index) =>
            index === 1 ? { ...resource, properties: { subnet: { id: "[parameters('routeServerSubnet')]" } } } : resource,
          ),
        ],
        { parameters: { routeServerSubnet: { type: 'string' } } },
      ),
      reason: /parameter 'routeServerSubnet' has no value/,
    },
    {
      name: 'a routing intent destination is a parameter without a value: it may be Internet',
      template: armTemplate(
        [...(hubSpoke(virtualHub(), hubConnection(), routingIntent(["[parameters('destination')]"])) as { resources: object[] }).resources],
        {
          parameters: { destination: { type: 'string' } },
        },
      ),
      reason: /parameter 'destination' has no value/,
    },
    {
      name: 'a destination of a route of the hub route table is a parameter without a value: it may be 0.0.0.0/0',
      template: armTemplate(
        [
          ...(hubSpoke(virtualHub(), hubConnection(), hubRouteTable('defaultRouteTable', ["[parameters('destination')]"])) as { resources: object[] })
            .resources,
        ],
        {
          parameters: { destination: { type: 'string' } },
        },
      ),
      reason: /parameter 'destination' has no value/,
    },
    {
      name: "a connection of a hub that sends a default route is to a VNet that is a parameter without a value: it may be the VM's",
      template: armTemplate(
        [
          ...(
            hubSpoke(
              virtualHub(),
              hubConnection({ enableInternetSecurity: true, remoteVirtualNetwork: { id: "[parameters('spoke')]" } }),
              routingIntent(['Internet']),
            ) as { resources: object[] }
          ).resources,
        ],
        { parameters: { spoke: { type: 'string' } } },
      ),
      reason: /the VNet of connection 'to-vnet' of virtual hub 'hub' is not known \(parameter 'spoke' has no value\): it may be this one/,
    },
    {
      name: "an ExpressRoute gateway whose hub is a parameter without a value may be the branch of the VNet's hub",
      template: armTemplate(
        [
          ...(hubSpoke(virtualHub(), hubConnection()) as { resources: object[] }).resources,
          {
            type: 'Microsoft.Network/expressRouteGateways',
            apiVersion: '2024-05-01',
            name: 'er',
            location: 'japaneast',
            properties: { virtualHub: { id: "[parameters('hub')]" }, autoScaleConfiguration: { bounds: { min: 1 } } },
          },
        ],
        { parameters: { hub: { type: 'string' } } },
      ),
      reason: /virtual hub 'hub' may pass on a default route on-premises advertises over BGP/,
    },
    {
      name: "a route whose prefix is not known sends to the Internet: were it 0.0.0.0/0, it would win over the hub's default route",
      template: unsureRoute('Internet', virtualHub(), hubConnection(), routingIntent(['Internet'])),
      reason:
        /the prefix of route 'egress' in route table 'rt' is not known \(.*\): were it 0\.0\.0\.0\/0, it would send the subnet's Internet traffic to Internet/,
    },
    {
      name: 'a route whose prefix is not known sends to the firewall, and nothing else forces egress',
      template: unsureRoute('VirtualAppliance'),
      reason: /were it 0\.0\.0\.0\/0, it would send the subnet's Internet traffic to VirtualAppliance/,
    },
    {
      name: 'a route whose prefix and next hop are not known',
      template: vmTemplate(
        [
          testVnet({ nsg: 'web-nsg', routeTable: 'rt' }),
          nsg('web-nsg', []),
          routeTable('rt', [{ name: 'egress', prefix: "[parameters('egressPrefix')]", nextHopType: "[parameters('egressHop')]" }]),
          netNic('app-1-nic'),
        ],
        { parameters: { egressPrefix: { type: 'string' }, egressHop: { type: 'string' } } },
      ),
      reason: /the prefix and next hop of route 'egress' in route table 'rt' are not known .*: it may be the subnet's own default route/,
    },
    {
      name: 'an ExpressRoute gateway beside a VPN gateway with a default site: the configuration listing no default route does not settle it',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }, gatewaySubnet),
        nsg('web-nsg', []),
        vpnGateway('er-gw', { gatewayType: 'ExpressRoute' }),
        vpnGateway('vpn-gw', { gatewayDefaultSite: { id: rid('Microsoft.Network/localNetworkGateways', 'onprem') } }),
        netNic('app-1-nic'),
      ]),
      network: { bgpPrefixes: ['10.200.0.0/16'] },
      reason: /gateway 'vpn-gw' may send the subnet a default route to on-premises through a default site/,
    },
    {
      name: 'BGP VPN gateway in the VNet may learn a default route (route propagation on)',
      template: vmTemplate([testVnet({ nsg: 'web-nsg' }, gatewaySubnet), nsg('web-nsg', []), vpnGateway('vpn-gw', { enableBgp: true }), netNic('app-1-nic')]),
      reason: /gateway 'vpn-gw' may send the subnet a default route to on-premises through BGP/,
    },
    {
      name: 'spoke uses the gateway of a hub outside the input',
      template: spokeOfHub(),
      reason: /the gateway of peered VNet 'hub' \(useRemoteGateways\) is not in the scanned input/,
    },
    {
      name: 'connection to a virtual hub outside the input',
      template: hubSpoke(hubConnection()),
      reason: /virtual hub 'hub', which is not in the scanned input: its routing intent, its route tables or on-premises may send the VNet a default route/,
    },
    {
      name: 'routing intent sends Internet traffic to the firewall; whether the connection takes the default route is not given',
      template: hubSpoke(virtualHub(), hubConnection({}), routingIntent(['Internet'])),
      reason:
        /whether connection 'hub\/to-vnet' takes the default route of its virtual hub \(enableInternetSecurity\) is not given: the routing intent of virtual hub 'hub' sends Internet traffic to 'hub-fw'/,
    },
    {
      name: 'hub with a VPN gateway may pass on a default route from on-premises (no configuration)',
      template: hubSpoke(virtualHub({ vpnGateway: { id: rid('Microsoft.Network/vpnGateways', 'hub-vpn') } }), hubConnection()),
      reason: /virtual hub 'hub' may pass on a default route on-premises advertises over BGP \(network.bgpPrefixes/,
    },
    {
      name: 'spoke uses a hub whose Route Server may learn a default route from an appliance',
      template: spokeOfHub(...routeServer('rs', 'hub')),
      reason: /Route Server 'rs' may send the subnet a default route an appliance advertises over BGP, and gateway route propagation is on/,
    },
    {
      name: "a VNet whose peering shows it is connected to a virtual hub, the hub's connection not in the input",
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }, [], {
          virtualNetworkPeerings: [
            {
              name: 'RemoteVnetToHubPeering_0123',
              properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'HV_hub-japaneast_0123') } },
            },
          ],
        }),
        nsg('web-nsg', []),
        netNic('app-1-nic'),
      ]),
      reason: /VNet 'vnet' is peered with virtual hub 'HV_hub-japaneast_0123', whose connection to it is not in the scanned input/,
    },
    {
      name: 'an ExpressRoute gateway declared on its own names the hub: the hub may pass on a default route from on-premises',
      template: hubSpoke(virtualHub(), hubConnection(), {
        type: 'Microsoft.Network/expressRouteGateways',
        apiVersion: '2024-05-01',
        name: 'hub-er',
        location: 'japaneast',
        properties: { virtualHub: { id: rid('Microsoft.Network/virtualHubs', 'hub') }, autoScaleConfiguration: { bounds: { min: 1 } } },
      }),
      reason: /virtual hub 'hub' may pass on a default route on-premises advertises over BGP/,
    },
    {
      name: 'route table outside the input',
      template: vmTemplate([testVnet({ routeTable: 'hub-rt' }), netNic('app-1-nic')]),
      reason: /routeTables 'hub-rt' is not in the scanned input/,
    },
  ],
});
