import { attr, block, blocks, calc, enabled, ref, secret, type Shape, type ShapeSource } from './shape.js';
import { childOf, inResourceGroup, type Mapping } from './types.js';
import { isObject, isUnknown, type Value } from '../../../model/value.js';

/**
 * azurerm hybrid connectivity → ARM: VPN and ExpressRoute gateways, their connections, local
 * network gateways, ExpressRoute circuits and ExpressRoute Direct ports: what the rules for point 1
 * read (gateway SKU and point-to-site authentication, IKE version and IPsec policies, MACsec).
 * Shared keys, authorization keys and RADIUS secrets are never copied.
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

/** An ExpressRoute Direct port link (`link1`, `link2`) as an entry of ARM's `links`. */
function link(name: string): (source: ShapeSource) => Value | undefined {
  return (source) => {
    const found = source.attrs[name];
    const item = Array.isArray(found) ? found[0] : found;
    if (item === undefined || item === null) return undefined;
    if (isUnknown(item) || !isObject(item)) return isUnknown(item) ? item : undefined;
    source.record(`/properties/links/${name === 'link1' ? 0 : 1}`, [...source.path, name, 0]);
    const value = (key: string): Value | undefined => item[key];
    const admin = value('admin_enabled');
    const sci = value('macsec_sci_enabled');
    return {
      name,
      properties: {
        adminState: isUnknown(admin) ? admin : admin === true ? 'Enabled' : 'Disabled',
        macSecConfig: {
          ...(value('macsec_cipher') !== undefined ? { cipher: value('macsec_cipher') as Value } : {}),
          ...(value('macsec_ckn_keyvault_secret_id') !== undefined ? { cknSecretIdentifier: value('macsec_ckn_keyvault_secret_id') as Value } : {}),
          ...(value('macsec_cak_keyvault_secret_id') !== undefined ? { cakSecretIdentifier: value('macsec_cak_keyvault_secret_id') as Value } : {}),
          sciState: isUnknown(sci) ? sci : sci === true ? 'Enabled' : 'Disabled',
        },
      },
    };
  };
}

export const HYBRID: Readonly<Record<string, Mapping>> = {
  azurerm_virtual_network_gateway: {
    type: 'Microsoft.Network/virtualNetworkGateways',
    id: inResourceGroup('Microsoft.Network/virtualNetworkGateways'),
    body: {
      ...common,
      properties: {
        gatewayType: attr('type'),
        vpnType: attr('vpn_type', { default: 'RouteBased' }),
        sku: { name: attr('sku'), tier: attr('sku') },
        vpnGatewayGeneration: attr('generation'),
        activeActive: attr('active_active', { default: false }),
        enableBgp: attr('bgp_enabled|enable_bgp', { default: false }),
        enablePrivateIpAddress: attr('private_ip_address_enabled', { default: false }),
        ipConfigurations: blocks('ip_configuration', {
          name: attr('name', { default: 'vnetGatewayConfig' }),
          properties: {
            subnet: ref('subnet_id'),
            publicIPAddress: ref('public_ip_address_id'),
            privateIPAllocationMethod: attr('private_ip_address_allocation', { default: 'Dynamic' }),
          },
        }),
        vpnClientConfiguration: block('vpn_client_configuration', {
          vpnClientAddressPool: { addressPrefixes: attr('address_space') },
          vpnClientProtocols: attr('vpn_client_protocols'),
          vpnAuthenticationTypes: attr('vpn_auth_types'),
          aadTenant: attr('aad_tenant'),
          aadAudience: attr('aad_audience'),
          aadIssuer: attr('aad_issuer'),
          vpnClientRootCertificates: blocks('root_certificate', { name: attr('name'), properties: { publicCertData: attr('public_cert_data') } }),
          vpnClientRevokedCertificates: blocks('revoked_certificate', { name: attr('name'), properties: { thumbprint: attr('thumbprint') } }),
          radiusServerAddress: attr('radius_server_address'),
          radiusServerSecret: secret('radius_server_secret'),
          radiusServers: blocks('radius_server', {
            radiusServerAddress: attr('address'),
            radiusServerScore: attr('score'),
            radiusServerSecret: secret('secret'),
          }),
        }),
      },
    },
  },
  azurerm_virtual_network_gateway_connection: {
    type: 'Microsoft.Network/connections',
    id: inResourceGroup('Microsoft.Network/connections'),
    body: {
      ...common,
      properties: {
        connectionType: attr('type'),
        virtualNetworkGateway1: ref('virtual_network_gateway_id'),
        virtualNetworkGateway2: ref('peer_virtual_network_gateway_id'),
        localNetworkGateway2: ref('local_network_gateway_id'),
        peer: ref('express_route_circuit_id'),
        connectionProtocol: attr('connection_protocol'),
        connectionMode: attr('connection_mode'),
        sharedKey: secret('shared_key'),
        authorizationKey: secret('authorization_key'),
        enableBgp: attr('bgp_enabled|enable_bgp', { default: false }),
        useLocalAzureIpAddress: attr('local_azure_ip_address_enabled', { default: false }),
        usePolicyBasedTrafficSelectors: attr('use_policy_based_traffic_selectors', { default: false }),
        expressRouteGatewayBypass: attr('express_route_gateway_bypass'),
        dpdTimeoutSeconds: attr('dpd_timeout_seconds'),
        ipsecPolicies: blocks('ipsec_policy', {
          dhGroup: attr('dh_group'),
          ikeEncryption: attr('ike_encryption'),
          ikeIntegrity: attr('ike_integrity'),
          ipsecEncryption: attr('ipsec_encryption'),
          ipsecIntegrity: attr('ipsec_integrity'),
          pfsGroup: attr('pfs_group'),
          saDataSizeKilobytes: attr('sa_datasize'),
          saLifeTimeSeconds: attr('sa_lifetime'),
        }),
      },
    },
  },
  azurerm_local_network_gateway: {
    type: 'Microsoft.Network/localNetworkGateways',
    id: inResourceGroup('Microsoft.Network/localNetworkGateways'),
    body: {
      ...common,
      properties: {
        gatewayIpAddress: attr('gateway_address'),
        fqdn: attr('gateway_fqdn'),
        localNetworkAddressSpace: { addressPrefixes: attr('address_space') },
      },
    },
  },
  azurerm_express_route_circuit: {
    type: 'Microsoft.Network/expressRouteCircuits',
    id: inResourceGroup('Microsoft.Network/expressRouteCircuits'),
    body: {
      ...common,
      sku: calc((source) => {
        const sku = source.attrs['sku'];
        const item = Array.isArray(sku) ? sku[0] : sku;
        if (isUnknown(item)) return item;
        if (!isObject(item)) return undefined;
        source.record('/sku', [...source.path, 'sku', 0]);
        const tier = item['tier'];
        const family = item['family'];
        return {
          name: typeof tier === 'string' && typeof family === 'string' ? `${tier}_${family}` : (tier ?? null),
          tier: tier ?? null,
          family: family ?? null,
        };
      }),
      properties: {
        serviceProviderProperties: {
          serviceProviderName: attr('service_provider_name'),
          peeringLocation: attr('peering_location'),
          bandwidthInMbps: attr('bandwidth_in_mbps'),
        },
        expressRoutePort: ref('express_route_port_id'),
        bandwidthInGbps: attr('bandwidth_in_gbps'),
        allowClassicOperations: attr('allow_classic_operations', { default: false }),
        authorizationKey: secret('authorization_key'),
      },
    },
  },
  azurerm_express_route_port: {
    type: 'Microsoft.Network/expressRoutePorts',
    id: inResourceGroup('Microsoft.Network/expressRoutePorts'),
    body: {
      ...common,
      properties: {
        peeringLocation: attr('peering_location'),
        bandwidthInGbps: attr('bandwidth_in_gbps'),
        encapsulation: attr('encapsulation'),
        billingType: attr('billing_type'),
        links: calc((source) => {
          const links = [link('link1')(source), link('link2')(source)].filter((item) => item !== undefined);
          return links.length > 0 ? links : undefined;
        }),
      },
    },
  },
  azurerm_express_route_circuit_peering: {
    type: 'Microsoft.Network/expressRouteCircuits/peerings',
    id: (attrs, ctx) =>
      `${inResourceGroup('Microsoft.Network/expressRouteCircuits', 'express_route_circuit_name')(attrs, ctx)}/peerings/${typeof attrs['peering_type'] === 'string' ? attrs['peering_type'] : ctx.fallbackName}`,
    body: {
      properties: {
        peeringType: attr('peering_type'),
        vlanId: attr('vlan_id'),
        primaryPeerAddressPrefix: attr('primary_peer_address_prefix'),
        secondaryPeerAddressPrefix: attr('secondary_peer_address_prefix'),
        peerASN: attr('peer_asn'),
        sharedKey: secret('shared_key'),
        state: enabled('ipv4_enabled', 'Enabled', 'Disabled', true),
      },
    },
  },
  azurerm_virtual_hub_connection: {
    type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
    id: childOf('virtual_hub_id', 'hubVirtualNetworkConnections'),
    body: {
      properties: {
        remoteVirtualNetwork: ref('remote_virtual_network_id'),
        enableInternetSecurity: attr('internet_security_enabled', { default: false }),
        routingConfiguration: block('routing', { associatedRouteTable: ref('associated_route_table_id') }),
      },
    },
  },
  azurerm_virtual_hub: {
    type: 'Microsoft.Network/virtualHubs',
    id: inResourceGroup('Microsoft.Network/virtualHubs'),
    body: { ...common, properties: { addressPrefix: attr('address_prefix'), virtualWan: ref('virtual_wan_id'), sku: attr('sku') } },
  },
  /** A virtual hub's ExpressRoute and site-to-site VPN gateways: the hub passes on the routes on-premises advertises through them. */
  azurerm_express_route_gateway: {
    type: 'Microsoft.Network/expressRouteGateways',
    id: inResourceGroup('Microsoft.Network/expressRouteGateways'),
    body: { ...common, properties: { virtualHub: ref('virtual_hub_id') } },
  },
  azurerm_vpn_gateway: {
    type: 'Microsoft.Network/vpnGateways',
    id: inResourceGroup('Microsoft.Network/vpnGateways'),
    body: { ...common, properties: { virtualHub: ref('virtual_hub_id') } },
  },
  /** A virtual hub's routing intent: an Internet policy sends its VNets a default route to the firewall. */
  azurerm_virtual_hub_routing_intent: {
    type: 'Microsoft.Network/virtualHubs/routingIntent',
    id: childOf('virtual_hub_id', 'routingIntent'),
    body: {
      properties: { routingPolicies: blocks('routing_policy', { name: attr('name'), destinations: attr('destinations'), nextHop: attr('next_hop') }) },
    },
  },
  azurerm_virtual_hub_route_table: {
    type: 'Microsoft.Network/virtualHubs/hubRouteTables',
    id: childOf('virtual_hub_id', 'hubRouteTables'),
    body: {
      properties: {
        labels: attr('labels'),
        routes: blocks('route', {
          name: attr('name'),
          destinationType: attr('destinations_type'),
          destinations: attr('destinations'),
          nextHopType: attr('next_hop_type', { default: 'ResourceId' }),
          nextHop: attr('next_hop'),
        }),
      },
    },
  },
  /** A hub route declared on its own: azurerm puts it into its route table's `routes`, as the `route` blocks of the table are. */
  azurerm_virtual_hub_route_table_route: {
    id: (a) => `${String(a['route_table_id'])}|route|${String(a['name'])}`,
    patches: (source) => [
      {
        target: source.attrs['route_table_id'],
        path: ['properties', 'routes'],
        value: {
          name: source.attrs['name'] ?? null,
          destinationType: source.attrs['destinations_type'] ?? null,
          destinations: source.attrs['destinations'] ?? null,
          nextHopType: source.attrs['next_hop_type'] ?? 'ResourceId',
          nextHop: source.attrs['next_hop'] ?? null,
        },
        append: true,
        from: ['destinations'],
      },
    ],
  },
  /** A Route Server is, in ARM, a virtual hub with one IP configuration in its VNet's RouteServerSubnet. */
  azurerm_route_server: {
    type: 'Microsoft.Network/virtualHubs/ipConfigurations',
    id: (attrs, ctx) => `${inResourceGroup('Microsoft.Network/virtualHubs')(attrs, ctx)}/ipConfigurations/ipconfig1`,
    body: { properties: { subnet: ref('subnet_id'), publicIPAddress: ref('public_ip_address_id') } },
  },
};
