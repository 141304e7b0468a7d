import { describe, expect, it } from 'vitest';
import { rid } from '../../../test/support/arm-snippets.js';
import {
  gatewayConnection,
  graphOf,
  hubConnection,
  localSite,
  routeServer,
  testVnet,
  toGateway,
  toSite,
  vmTemplate,
  vnet,
  vnetGateway,
} from '../../../test/support/network-snippets.js';
import { japaneseReason } from '../../i18n/reasons.js';
import { formatAddresses } from './addresses.js';
import { gatewaySpaces } from './gateway-spaces.js';

/** What `vnet`'s gateways connect it to, in a template of `resources` (with parameter `prefixes` given no value). */
function spacesOf(resources: object[], vnetName = 'vnet'): { spaces: string[]; reason?: string; bgp?: string } {
  const graph = graphOf({ ...(vmTemplate(resources) as object), parameters: { prefixes: { type: 'array' } } });
  const found = gatewaySpaces(graph, graph.get(rid('Microsoft.Network/virtualNetworks', vnetName)) as never);
  return {
    spaces: formatAddresses(found.spaces),
    ...(found.reason ? { reason: found.reason } : {}),
    ...(found.bgpSources[0] ? { bgp: found.bgpSources[0].what } : {}),
  };
}

describe("gatewaySpaces: the address spaces a VNet's gateways connect it to (in its VirtualNetwork tag)", () => {
  it('gathers site-to-site offices, point-to-site clients and VNet-to-VNet peers, of its own gateway and of a peered one it uses', () => {
    expect(
      spacesOf([
        testVnet(),
        vnetGateway('vpngw', 'vnet', ['172.16.200.0/24']),
        gatewayConnection('to-office', 'vpngw', toSite('office')),
        localSite('office', ['192.168.10.0/24']),
        gatewayConnection('to-dr', 'vpngw', toGateway('dr-gw')),
        vnetGateway('dr-gw', 'dr'),
        vnet('dr', ['10.50.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.50.0.0/27' }]),
        gatewayConnection('er', 'vpngw', { connectionType: 'ExpressRoute', peer: { id: rid('Microsoft.Network/expressRouteCircuits', 'circuit') } }),
      ]),
    ).toEqual({ spaces: ['10.50.0.0/16', '172.16.200.0/24', '192.168.10.0/24'], bgp: "gateway 'vpngw' learns routes over ExpressRoute" });
    const spoke = vnet('spoke', ['10.1.0.0/16'], [], {
      virtualNetworkPeerings: [
        { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, useRemoteGateways: true } },
      ],
    });
    const hub = vnet('hub', ['10.0.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.0.7.0/27' }]);
    expect(spacesOf([hub, spoke, vnetGateway('hubgw', 'hub', ['172.16.0.0/24'])], 'spoke')).toEqual({ spaces: ['172.16.0.0/24'] });
    expect(spacesOf([hub, testVnet(), vnetGateway('hubgw', 'hub', ['172.16.0.0/24'])])).toEqual({ spaces: [] });
  });

  it('says why, in words that have Japanese, when part of them cannot be read', () => {
    const cases: [object[], string][] = [
      [[testVnet(), vnetGateway('vpngw', 'vnet', "[parameters('prefixes')]")], "the point-to-site address pool of gateway 'vpngw' is not known"],
      [[testVnet(), vnetGateway('vpngw', 'vnet', [7])], "the point-to-site address pool of gateway 'vpngw' is not known (7 is not an address prefix)"],
      [
        [testVnet(), vnetGateway('vpngw', 'vnet'), gatewayConnection('c', 'vpngw', toSite('office')), localSite('office', "[parameters('prefixes')]")],
        "the address space of local network gateway 'office' is not known",
      ],
      [[testVnet(), vnetGateway('vpngw', 'vnet'), gatewayConnection('c', 'vpngw', toSite('missing'))], "the address space connection 'c' reaches is not known"],
      [[testVnet(), vnetGateway('vpngw', 'vnet'), gatewayConnection('c', 'vpngw', toGateway('missing'))], "the VNet connection 'c' reaches is not known"],
      [
        [testVnet(), vnetGateway('vpngw', 'vnet'), gatewayConnection('c', 'vpngw', toGateway('far-gw')), vnetGateway('far-gw', 'far')],
        "the VNet of gateway 'far-gw' is not in the scanned input",
      ],
      [
        [
          vnet('vnet', ['10.0.0.0/16'], [], {
            virtualNetworkPeerings: [
              { name: 'p', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, useRemoteGateways: true } },
            ],
          }),
        ],
        "VNet 'vnet' uses the gateway of a peered VNet that is not in the scanned input",
      ],
      [
        [
          vnet('vnet', ['10.0.0.0/16'], [], {
            virtualNetworkPeerings: [
              {
                name: 'p',
                properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, useRemoteGateways: "[parameters('prefixes')]" },
              },
            ],
          }),
        ],
        "whether VNet 'vnet' uses a peered VNet's gateway is not known",
      ],
    ];
    for (const [resources, start] of cases) {
      const { reason } = spacesOf(resources);
      expect(reason, start).toMatch(new RegExp(`^${start.replace(/[()[\]']/g, '\\$&')}`));
      expect(japaneseReason(`${reason as string}; what its gateway connects may widen VirtualNetwork`), reason).toBeDefined();
    }
  });

  it('says which gateway learns routes over BGP, which no input holds, in words that have Japanese', () => {
    const hub = vnet('hub', ['10.0.0.0/16'], [{ name: 'GatewaySubnet', prefix: '10.0.7.0/27' }]);
    const spoke = vnet('spoke', ['10.1.0.0/16'], [], {
      virtualNetworkPeerings: [
        { name: 'to-hub', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') }, useRemoteGateways: true } },
      ],
    });
    const cases: [object[], string | undefined, string?][] = [
      [[testVnet(), vnetGateway('er-gw', 'vnet', undefined, { gatewayType: 'ExpressRoute' })], "gateway 'er-gw' learns routes over ExpressRoute"],
      [[testVnet(), vnetGateway('vpngw', 'vnet', undefined, { enableBgp: true })], "gateway 'vpngw' learns routes over BGP from its VPN connections"],
      [
        [testVnet(), vnetGateway('vpngw', 'vnet', undefined, { enableBgp: "[parameters('prefixes')]" })],
        "whether gateway 'vpngw' learns routes over BGP is not known",
      ],
      [[testVnet(), vnetGateway('vpngw', 'vnet', undefined, { enableBgp: false })], undefined],
      [[hub, spoke, vnetGateway('hub-er', 'hub', undefined, { gatewayType: 'ExpressRoute' })], "gateway 'hub-er' learns routes over ExpressRoute", 'spoke'],
      [[hub, testVnet(), vnetGateway('hub-er', 'hub', undefined, { gatewayType: 'ExpressRoute' })], undefined],
      [[testVnet(), ...routeServer('rs', 'vnet')], "Route Server 'rs' learns routes over BGP"],
      [[hub, spoke, ...routeServer('rs', 'hub')], "Route Server 'rs' learns routes over BGP", 'spoke'],
      [
        [
          testVnet(),
          {
            type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
            apiVersion: '2024-05-01',
            name: 'vhub/to-vnet',
            properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') } },
          },
        ],
        "VNet 'vnet' is connected to virtual hub 'vhub', which gives it the routes it learns",
      ],
      [
        [
          vnet('vnet', ['10.0.0.0/16'], [], {
            virtualNetworkPeerings: [
              { name: 'RemoteVnetToHubPeering_1', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'HV_vhub_1') } } },
            ],
          }),
        ],
        "VNet 'vnet' is connected to virtual hub 'HV_vhub_1', which gives it the routes it learns",
      ],
      // Whose VNet is not known: it may be this one's.
      [
        [
          testVnet(),
          { type: 'Microsoft.Network/virtualHubs', apiVersion: '2024-05-01', name: 'rs', properties: {} },
          {
            type: 'Microsoft.Network/virtualHubs/ipConfigurations',
            apiVersion: '2024-05-01',
            name: 'rs/ipconfig1',
            properties: { subnet: { id: "[parameters('prefixes')]" } },
          },
        ],
        "the subnet of Route Server 'rs' is not known (parameter 'prefixes' has no value): it may be in VNet 'vnet'",
      ],
      [
        [testVnet(), hubConnection({ remoteVirtualNetwork: { id: "[parameters('prefixes')]" } })],
        "the VNet of a connection of virtual hub 'hub' is not known (parameter 'prefixes' has no value): it may be VNet 'vnet'",
      ],
    ];
    for (const [resources, start, vnetName] of cases) {
      const { bgp } = spacesOf(resources, vnetName);
      if (start === undefined) expect(bgp).toBeUndefined();
      else {
        expect(bgp, start).toMatch(new RegExp(`^${start.replace(/[()[\]']/g, '\\$&')}`));
        for (const reason of [
          `${bgp as string}: what it learns is in VirtualNetwork, and no input holds it (list the advertised prefixes as network.bgpPrefixes in .azvmsec.yaml)`,
          `${bgp as string}, and the advertised prefixes cannot be read (7 is not an address prefix)`,
          `${bgp as string}, which would put what it learns in VirtualNetwork`,
        ])
          expect(japaneseReason(reason), reason).toBeDefined();
      }
    }
  });
});
