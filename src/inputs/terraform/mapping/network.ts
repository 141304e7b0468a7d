import { isUnknown, type Value } from '../../../model/value.js';
import { attr, blocks, calc, lit, pick, ref, refs, type Shape, type ShapeSource } from './shape.js';
import { childByName, childOf, inResourceGroup, type Mapping, type Patch } from './types.js';

/**
 * azurerm networking → Microsoft.Network: NICs and their associations, NSGs and rules, VNets,
 * subnets and their associations, peerings, route tables, public IPs, NAT gateways, ASGs, DDoS
 * plans, Network Watcher and flow logs, and DNS record sets.
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

export const NSG_RULE: Shape = {
  name: attr('name'),
  properties: {
    description: attr('description'),
    priority: attr('priority'),
    direction: attr('direction'),
    access: attr('access'),
    protocol: attr('protocol'),
    sourcePortRange: attr('source_port_range'),
    sourcePortRanges: attr('source_port_ranges'),
    destinationPortRange: attr('destination_port_range'),
    destinationPortRanges: attr('destination_port_ranges'),
    sourceAddressPrefix: attr('source_address_prefix'),
    sourceAddressPrefixes: attr('source_address_prefixes'),
    destinationAddressPrefix: attr('destination_address_prefix'),
    destinationAddressPrefixes: attr('destination_address_prefixes'),
    sourceApplicationSecurityGroups: refs('source_application_security_group_ids'),
    destinationApplicationSecurityGroups: refs('destination_application_security_group_ids'),
  },
};

const IP_CONFIGURATION: Shape = {
  name: attr('name'),
  properties: {
    subnet: ref('subnet_id'),
    privateIPAllocationMethod: attr('private_ip_address_allocation'),
    privateIPAddress: attr('private_ip_address'),
    privateIPAddressVersion: attr('private_ip_address_version'),
    publicIPAddress: ref('public_ip_address_id'),
    primary: attr('primary'),
    gatewayLoadBalancer: ref('gateway_load_balancer_frontend_ip_configuration_id'),
  },
};

/** Subnet address prefixes: `address_prefixes` (v3+), `address_prefix` (v2). */
const subnetPrefixes = attr('address_prefixes|address_prefix', { map: (value) => (Array.isArray(value) ? value : [value]) });

/** Service endpoints: `service_endpoints = [..]` (v3, v4) or `service_endpoint { service }` blocks (v5). */
const serviceEndpoints = calc((source) => {
  const found = pick(source.attrs, 'service_endpoint|service_endpoints');
  if (!found) return undefined;
  if (isUnknown(found.value)) return found.value;
  const list = Array.isArray(found.value) ? found.value : [found.value];
  return list.map((item) => ({
    service: typeof item === 'object' && item !== null && !Array.isArray(item) && !isUnknown(item) ? (item['service'] ?? null) : item,
  }));
});

/** `private_endpoint_network_policies` (v4: Disabled|Enabled|…) or the v3 boolean `_enabled`. */
const privateEndpointPolicies = calc((source) => {
  const v4 = pick(source.attrs, 'private_endpoint_network_policies');
  if (v4) return v4.value;
  const v3 = pick(source.attrs, 'private_endpoint_network_policies_enabled|enforce_private_link_endpoint_network_policies');
  if (!v3) return undefined;
  if (isUnknown(v3.value)) return v3.value;
  const on = v3.value === true;
  return v3.name === 'enforce_private_link_endpoint_network_policies' ? (on ? 'Disabled' : 'Enabled') : on ? 'Enabled' : 'Disabled';
});

export const SUBNET_PROPERTIES: Shape = {
  addressPrefixes: subnetPrefixes,
  serviceEndpoints,
  privateEndpointNetworkPolicies: privateEndpointPolicies,
  // azurerm default true (catalog §7); written out so rules see it.
  defaultOutboundAccess: attr('default_outbound_access_enabled', { default: true }),
  networkSecurityGroup: ref('network_security_group_id'),
  routeTable: ref('route_table_id'),
  natGateway: ref('nat_gateway_id'),
  delegations: blocks('delegation', { name: attr('name'), properties: { serviceName: calc((s) => firstOf(s, 'service_delegation', 'name')) } }),
};

function firstOf(source: ShapeSource, blockName: string, key: string): Value | undefined {
  const value = source.attrs[blockName];
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === 'object' && first !== null && !Array.isArray(first) && !isUnknown(first) ? first[key] : undefined;
}

const setOn =
  (targetKey: string, path: string[], valueKey: string) =>
  (source: ShapeSource): Patch[] => [{ target: source.attrs[targetKey], path, value: refValue(source.attrs[valueKey]), from: [valueKey] }];

const refValue = (value: Value | undefined): Value => (isUnknown(value) ? value : value === undefined || value === null ? null : { id: value });

/** Associations that add a reference to one IP configuration of a NIC. */
const onIpConfiguration =
  (collection: string, valueKey: string) =>
  (source: ShapeSource): Patch[] => [
    {
      target: source.attrs['network_interface_id'],
      select: { collection: ['properties', 'ipConfigurations'], name: source.attrs['ip_configuration_name'] },
      path: ['properties', collection],
      value: refValue(source.attrs[valueKey]),
      append: true,
      from: [valueKey],
    },
  ];

export const NETWORK: Record<string, Mapping> = {
  azurerm_network_interface: {
    type: 'Microsoft.Network/networkInterfaces',
    id: inResourceGroup('Microsoft.Network/networkInterfaces'),
    body: {
      ...common,
      properties: {
        ipConfigurations: blocks('ip_configuration', IP_CONFIGURATION),
        enableIPForwarding: attr('ip_forwarding_enabled|enable_ip_forwarding', { default: false }),
        enableAcceleratedNetworking: attr('accelerated_networking_enabled|enable_accelerated_networking'),
        dnsSettings: { dnsServers: attr('dns_servers') },
      },
    },
  },
  azurerm_network_interface_security_group_association: {
    id: (a) => `${String(a['network_interface_id'])}|nsg`,
    patches: setOn('network_interface_id', ['properties', 'networkSecurityGroup'], 'network_security_group_id'),
  },
  azurerm_network_interface_application_security_group_association: {
    id: (a) => `${String(a['network_interface_id'])}|asg`,
    patches: (source) => [
      {
        target: source.attrs['network_interface_id'],
        select: { collection: ['properties', 'ipConfigurations'], name: undefined },
        path: ['properties', 'applicationSecurityGroups'],
        value: refValue(source.attrs['application_security_group_id']),
        append: true,
        from: ['application_security_group_id'],
      },
    ],
  },
  azurerm_network_interface_backend_address_pool_association: {
    id: (a) => `${String(a['network_interface_id'])}|pool`,
    patches: onIpConfiguration('loadBalancerBackendAddressPools', 'backend_address_pool_id'),
  },
  azurerm_network_interface_nat_rule_association: {
    id: (a) => `${String(a['network_interface_id'])}|nat`,
    patches: onIpConfiguration('loadBalancerInboundNatRules', 'nat_rule_id'),
  },
  azurerm_network_interface_application_gateway_backend_address_pool_association: {
    id: (a) => `${String(a['network_interface_id'])}|agw`,
    patches: onIpConfiguration('applicationGatewayBackendAddressPools', 'backend_address_pool_id'),
  },
  azurerm_network_security_group: {
    type: 'Microsoft.Network/networkSecurityGroups',
    id: inResourceGroup('Microsoft.Network/networkSecurityGroups'),
    body: { ...common, properties: { securityRules: blocks('security_rule', NSG_RULE) } },
  },
  azurerm_network_security_rule: {
    type: 'Microsoft.Network/networkSecurityGroups/securityRules',
    id: childByName('Microsoft.Network/networkSecurityGroups', 'network_security_group_name', 'securityRules'),
    body: NSG_RULE,
  },
  azurerm_application_security_group: {
    type: 'Microsoft.Network/applicationSecurityGroups',
    id: inResourceGroup('Microsoft.Network/applicationSecurityGroups'),
    body: { ...common },
  },
  azurerm_virtual_network: {
    type: 'Microsoft.Network/virtualNetworks',
    id: inResourceGroup('Microsoft.Network/virtualNetworks'),
    body: {
      ...common,
      properties: {
        addressSpace: { addressPrefixes: attr('address_space') },
        dhcpOptions: { dnsServers: attr('dns_servers') },
        subnets: blocks('subnet', {
          name: attr('name'),
          properties: {
            addressPrefixes: subnetPrefixes,
            networkSecurityGroup: ref('security_group'),
            routeTable: ref('route_table_id'),
            serviceEndpoints,
            privateEndpointNetworkPolicies: privateEndpointPolicies,
            defaultOutboundAccess: attr('default_outbound_access_enabled'),
          },
        }),
        enableDdosProtection: calc((s) => firstOf(s, 'ddos_protection_plan', 'enable')),
        ddosProtectionPlan: calc((s) => {
          const id = firstOf(s, 'ddos_protection_plan', 'id');
          return id === undefined ? undefined : refValue(id);
        }),
        flowTimeoutInMinutes: attr('flow_timeout_in_minutes'),
      },
    },
  },
  azurerm_subnet: {
    type: 'Microsoft.Network/virtualNetworks/subnets',
    id: childByName('Microsoft.Network/virtualNetworks', 'virtual_network_name', 'subnets'),
    body: { name: attr('name'), properties: SUBNET_PROPERTIES },
  },
  azurerm_subnet_network_security_group_association: {
    id: (a) => `${String(a['subnet_id'])}|nsg`,
    patches: setOn('subnet_id', ['properties', 'networkSecurityGroup'], 'network_security_group_id'),
  },
  azurerm_subnet_route_table_association: {
    id: (a) => `${String(a['subnet_id'])}|rt`,
    patches: setOn('subnet_id', ['properties', 'routeTable'], 'route_table_id'),
  },
  azurerm_subnet_nat_gateway_association: {
    id: (a) => `${String(a['subnet_id'])}|nat`,
    patches: setOn('subnet_id', ['properties', 'natGateway'], 'nat_gateway_id'),
  },
  azurerm_virtual_network_peering: {
    type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
    id: childByName('Microsoft.Network/virtualNetworks', 'virtual_network_name', 'virtualNetworkPeerings'),
    body: {
      name: attr('name'),
      properties: {
        remoteVirtualNetwork: ref('remote_virtual_network_id'),
        allowVirtualNetworkAccess: attr('allow_virtual_network_access', { default: true }),
        allowForwardedTraffic: attr('allow_forwarded_traffic', { default: false }),
        allowGatewayTransit: attr('allow_gateway_transit', { default: false }),
        useRemoteGateways: attr('use_remote_gateways', { default: false }),
      },
    },
  },
  azurerm_route_table: {
    type: 'Microsoft.Network/routeTables',
    id: inResourceGroup('Microsoft.Network/routeTables'),
    body: {
      ...common,
      properties: {
        routes: blocks('route', {
          name: attr('name'),
          properties: { addressPrefix: attr('address_prefix'), nextHopType: attr('next_hop_type'), nextHopIpAddress: attr('next_hop_in_ip_address') },
        }),
        disableBgpRoutePropagation: calc((source) => {
          const v4 = pick(source.attrs, 'bgp_route_propagation_enabled');
          if (v4) return isUnknown(v4.value) ? v4.value : v4.value !== true;
          const v3 = pick(source.attrs, 'disable_bgp_route_propagation');
          return v3 ? v3.value : false;
        }),
      },
    },
  },
  azurerm_route: {
    type: 'Microsoft.Network/routeTables/routes',
    id: childByName('Microsoft.Network/routeTables', 'route_table_name', 'routes'),
    body: {
      name: attr('name'),
      properties: { addressPrefix: attr('address_prefix'), nextHopType: attr('next_hop_type'), nextHopIpAddress: attr('next_hop_in_ip_address') },
    },
  },
  azurerm_public_ip: {
    type: 'Microsoft.Network/publicIPAddresses',
    id: inResourceGroup('Microsoft.Network/publicIPAddresses'),
    body: {
      ...common,
      zones: attr('zones'),
      // azurerm v4 and later default the SKU to Standard; v3 defaulted to Basic.
      sku: {
        name: attr('sku', { default: (s) => (s.ctx.azurermMajor !== undefined && s.ctx.azurermMajor < 4 ? 'Basic' : 'Standard') }),
        tier: attr('sku_tier'),
      },
      properties: {
        publicIPAllocationMethod: attr('allocation_method'),
        publicIPAddressVersion: attr('ip_version', { default: 'IPv4' }),
        ddosSettings: { protectionMode: attr('ddos_protection_mode'), ddosProtectionPlan: ref('ddos_protection_plan_id') },
        publicIPPrefix: ref('public_ip_prefix_id'),
        dnsSettings: { domainNameLabel: attr('domain_name_label') },
        idleTimeoutInMinutes: attr('idle_timeout_in_minutes'),
        // Known once applied (a plan's prior state, or a static address).
        ipAddress: attr('ip_address'),
      },
    },
    note: (attrs, ctx) =>
      attrs['sku'] === undefined || attrs['sku'] === null
        ? `azurerm_public_ip without sku: read as ${ctx.azurermMajor !== undefined && ctx.azurermMajor < 4 ? `Basic (azurerm ${ctx.azurermMajor}.x default; Standard from v4)` : 'Standard (azurerm v4+ default; Basic before v4)'}`
        : undefined,
  },
  ...dnsRecords('azurerm_private_dns', 'Microsoft.Network/privateDnsZones'),
  ...dnsRecords('azurerm_dns', 'Microsoft.Network/dnsZones'),
  azurerm_private_dns_zone_virtual_network_link: {
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    id: childByName('Microsoft.Network/privateDnsZones', 'private_dns_zone_name', 'virtualNetworkLinks'),
    body: {
      properties: {
        virtualNetwork: ref('virtual_network_id'),
        registrationEnabled: attr('registration_enabled', { default: false }),
        resolutionPolicy: attr('resolution_policy'),
      },
    },
  },
  azurerm_public_ip_prefix: {
    type: 'Microsoft.Network/publicIPPrefixes',
    id: inResourceGroup('Microsoft.Network/publicIPPrefixes'),
    body: { ...common, properties: { prefixLength: attr('prefix_length') } },
  },
  azurerm_nat_gateway: {
    type: 'Microsoft.Network/natGateways',
    id: inResourceGroup('Microsoft.Network/natGateways'),
    body: { ...common, sku: { name: attr('sku_name', { default: 'Standard' }) }, properties: { idleTimeoutInMinutes: attr('idle_timeout_in_minutes') } },
  },
  azurerm_nat_gateway_public_ip_association: {
    id: (a) => `${String(a['nat_gateway_id'])}|pip`,
    patches: (source) => [
      {
        target: source.attrs['nat_gateway_id'],
        path: ['properties', 'publicIpAddresses'],
        value: refValue(source.attrs['public_ip_address_id']),
        append: true,
        from: ['public_ip_address_id'],
      },
    ],
  },
  azurerm_network_ddos_protection_plan: {
    type: 'Microsoft.Network/ddosProtectionPlans',
    id: inResourceGroup('Microsoft.Network/ddosProtectionPlans'),
    body: { ...common },
  },
  azurerm_network_watcher: {
    type: 'Microsoft.Network/networkWatchers',
    id: inResourceGroup('Microsoft.Network/networkWatchers'),
    body: { ...common },
  },
  azurerm_network_watcher_flow_log: {
    type: 'Microsoft.Network/networkWatchers/flowLogs',
    id: childByName('Microsoft.Network/networkWatchers', 'network_watcher_name', 'flowLogs'),
    body: {
      ...common,
      properties: {
        targetResourceId: attr('target_resource_id|network_security_group_id'),
        storageId: attr('storage_account_id'),
        enabled: attr('enabled'),
        format: { type: lit('JSON'), version: attr('version') },
        retentionPolicy: { enabled: calc((s) => firstOf(s, 'retention_policy', 'enabled')), days: calc((s) => firstOf(s, 'retention_policy', 'days')) },
        flowAnalyticsConfiguration: {
          networkWatcherFlowAnalyticsConfiguration: {
            enabled: calc((s) => firstOf(s, 'traffic_analytics', 'enabled')),
            workspaceResourceId: calc((s) => firstOf(s, 'traffic_analytics', 'workspace_resource_id')),
            // azurerm's default when the traffic_analytics block leaves it out: 60 minutes.
            trafficAnalyticsInterval: calc((s) => {
              const interval = firstOf(s, 'traffic_analytics', 'interval_in_minutes');
              if (interval !== undefined && interval !== null) return interval;
              const block = s.attrs['traffic_analytics'];
              const first = Array.isArray(block) ? block[0] : block;
              return first === undefined || first === null ? undefined : 60;
            }),
          },
        },
      },
    },
  },
  azurerm_private_endpoint: {
    type: 'Microsoft.Network/privateEndpoints',
    id: inResourceGroup('Microsoft.Network/privateEndpoints'),
    body: {
      ...common,
      properties: {
        subnet: ref('subnet_id'),
        privateLinkServiceConnections: blocks('private_service_connection', {
          name: attr('name'),
          properties: { privateLinkServiceId: attr('private_connection_resource_id'), groupIds: attr('subresource_names') },
        }),
      },
    },
  },
  azurerm_ip_group: {
    type: 'Microsoft.Network/ipGroups',
    id: inResourceGroup('Microsoft.Network/ipGroups'),
    body: { ...common, properties: { ipAddresses: attr('cidrs') } },
  },
  azurerm_lb_outbound_rule: {
    type: 'Microsoft.Network/loadBalancers/outboundRules',
    id: childOf('loadbalancer_id', 'outboundRules'),
    body: { name: attr('name'), properties: { protocol: attr('protocol'), backendAddressPool: ref('backend_address_pool_id') } },
  },
};

/**
 * A, AAAA and CNAME record sets of private (`azurerm_private_dns_*_record`) and public
 * (`azurerm_dns_*_record`) DNS zones: a firewall DNAT rule may translate to a name they resolve.
 */
function dnsRecords(prefix: string, zoneType: string): Record<string, Mapping> {
  const addresses = (field: string) =>
    calc((s) => {
      const records = s.attrs['records'];
      if (isUnknown(records) || !Array.isArray(records)) return records;
      return records.map((address) => (isUnknown(address) ? address : { [field]: address }));
    });
  const record = (kind: string, properties: Shape): Mapping => ({
    type: `${zoneType}/${kind}`,
    id: childByName(zoneType, 'zone_name', kind),
    body: { name: attr('name'), properties: { ttl: attr('ttl'), targetResource: ref('target_resource_id'), ...properties } },
  });
  return {
    [`${prefix}_a_record`]: record('A', { aRecords: addresses('ipv4Address') }),
    [`${prefix}_aaaa_record`]: record('AAAA', { aaaaRecords: addresses('ipv6Address') }),
    [`${prefix}_cname_record`]: record('CNAME', { cnameRecord: { cname: attr('record') } }),
  };
}
