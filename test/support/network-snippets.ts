/**
 * Network building blocks for inline tests: a VNet with subnets, NSGs and rules, NICs, load
 * balancers, Application Gateways and firewalls, written as ARM declarations with literal ids
 * (`rid`), in the shape of the Azure quickstart templates.
 */
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { ResourceGraph, type NetworkFacts } from '../../src/model/graph.js';
import { armTemplate, linuxVm, rid } from './arm-snippets.js';

type Json = Record<string, unknown>;

export interface SubnetSpec {
  readonly name: string;
  readonly prefix: string | string[];
  readonly nsg?: string;
  readonly routeTable?: string;
  readonly properties?: Json;
}

export function vnet(name: string, addressPrefixes: string[], subnets: SubnetSpec[], properties: Json = {}): Json {
  return {
    type: 'Microsoft.Network/virtualNetworks',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      addressSpace: { addressPrefixes },
      subnets: subnets.map((subnet) => ({
        name: subnet.name,
        properties: {
          ...(Array.isArray(subnet.prefix) ? { addressPrefixes: subnet.prefix } : { addressPrefix: subnet.prefix }),
          ...(subnet.nsg ? { networkSecurityGroup: { id: rid('Microsoft.Network/networkSecurityGroups', subnet.nsg) } } : {}),
          ...(subnet.routeTable ? { routeTable: { id: rid('Microsoft.Network/routeTables', subnet.routeTable) } } : {}),
          ...subnet.properties,
        },
      })),
      ...properties,
    },
  };
}

export interface RuleSpec {
  readonly name: string;
  readonly priority: number | string;
  readonly access?: 'Allow' | 'Deny' | string;
  readonly direction?: 'Inbound' | 'Outbound' | string;
  readonly protocol?: string;
  /** `sourceAddressPrefix` (string) or `sourceAddressPrefixes` (array). */
  readonly from?: string | string[];
  readonly to?: string | string[];
  /** `destinationPortRange` (string or number) or `destinationPortRanges` (array). */
  readonly port?: string | number | (string | number)[];
  readonly sourcePort?: string;
  readonly properties?: Json;
}

export function securityRule(spec: RuleSpec): Json {
  const from = spec.from ?? '*';
  const to = spec.to ?? '*';
  const port = spec.port ?? '*';
  return {
    name: spec.name,
    properties: {
      priority: spec.priority,
      access: spec.access ?? 'Allow',
      direction: spec.direction ?? 'Inbound',
      protocol: spec.protocol ?? 'Tcp',
      sourcePortRange: spec.sourcePort ?? '*',
      ...(Array.isArray(from) ? { sourceAddressPrefixes: from } : { sourceAddressPrefix: from }),
      ...(Array.isArray(to) ? { destinationAddressPrefixes: to } : { destinationAddressPrefix: to }),
      ...(Array.isArray(port) ? { destinationPortRanges: port.map(String) } : { destinationPortRange: String(port) }),
      ...spec.properties,
    },
  };
}

export function nsg(name: string, rules: RuleSpec[]): Json {
  return {
    type: 'Microsoft.Network/networkSecurityGroups',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: { securityRules: rules.map(securityRule) },
  };
}

export interface NicSpec {
  readonly subnet?: string;
  readonly vnet?: string;
  readonly nsg?: string;
  readonly privateIp?: string;
  readonly publicIp?: string;
  readonly asgs?: string[];
  readonly ipConfiguration?: Json;
  readonly properties?: Json;
}

/** A NIC in `vnet/subnet` (default `vnet/workload`), static when `privateIp` is given. */
export function netNic(name: string, spec: NicSpec = {}): Json {
  return {
    type: 'Microsoft.Network/networkInterfaces',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', spec.vnet ?? 'vnet', spec.subnet ?? 'workload') },
            ...(spec.privateIp ? { privateIPAllocationMethod: 'Static', privateIPAddress: spec.privateIp } : { privateIPAllocationMethod: 'Dynamic' }),
            ...(spec.publicIp ? { publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', spec.publicIp) } } : {}),
            ...(spec.asgs ? { applicationSecurityGroups: spec.asgs.map((asg) => ({ id: rid('Microsoft.Network/applicationSecurityGroups', asg) })) } : {}),
            ...spec.ipConfiguration,
          },
        },
      ],
      ...(spec.nsg ? { networkSecurityGroup: { id: rid('Microsoft.Network/networkSecurityGroups', spec.nsg) } } : {}),
      ...spec.properties,
    },
  };
}

export function publicIpAddress(name: string, sku = 'Standard', version = 'IPv4'): Json {
  return {
    type: 'Microsoft.Network/publicIPAddresses',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    sku: { name: sku },
    properties: { publicIPAllocationMethod: 'Static', publicIPAddressVersion: version },
  };
}

export function routeTable(name: string, routes: { name: string; prefix: string; nextHopType: string; nextHopIpAddress?: string }[]): Json {
  return {
    type: 'Microsoft.Network/routeTables',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      routes: routes.map((route) => ({
        name: route.name,
        properties: {
          addressPrefix: route.prefix,
          nextHopType: route.nextHopType,
          ...(route.nextHopIpAddress ? { nextHopIpAddress: route.nextHopIpAddress } : {}),
        },
      })),
    },
  };
}

export interface LbSpec {
  readonly sku?: string;
  readonly publicIp?: string;
  readonly natRules?: { name: string; frontendPort: number; backendPort: number; protocol?: string; floating?: unknown }[];
  readonly lbRules?: { name: string; frontendPort: number; backendPort: number; protocol?: string; floating?: unknown }[];
}

export function loadBalancer(name: string, spec: LbSpec): Json {
  const frontend = { id: rid('Microsoft.Network/loadBalancers/frontendIPConfigurations', name, 'frontend') };
  return {
    type: 'Microsoft.Network/loadBalancers',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    sku: { name: spec.sku ?? 'Standard' },
    properties: {
      frontendIPConfigurations: [
        {
          name: 'frontend',
          properties: spec.publicIp
            ? { publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', spec.publicIp) } }
            : { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'workload') }, privateIPAllocationMethod: 'Dynamic' },
        },
      ],
      backendAddressPools: [{ name: 'pool' }],
      inboundNatRules: (spec.natRules ?? []).map((rule) => ({
        name: rule.name,
        properties: {
          frontendIPConfiguration: frontend,
          protocol: rule.protocol ?? 'Tcp',
          frontendPort: rule.frontendPort,
          backendPort: rule.backendPort,
          ...(rule.floating !== undefined ? { enableFloatingIP: rule.floating } : {}),
        },
      })),
      loadBalancingRules: (spec.lbRules ?? []).map((rule) => ({
        name: rule.name,
        properties: {
          frontendIPConfiguration: frontend,
          backendAddressPool: { id: rid('Microsoft.Network/loadBalancers/backendAddressPools', name, 'pool') },
          protocol: rule.protocol ?? 'Tcp',
          frontendPort: rule.frontendPort,
          backendPort: rule.backendPort,
          ...(rule.floating !== undefined ? { enableFloatingIP: rule.floating } : {}),
        },
      })),
    },
  };
}

/** NIC ipConfiguration properties that put it behind a load balancer's NAT rules and pool. */
export function lbMembership(lb: string, natRules: string[] = [], inPool = false): Json {
  return {
    loadBalancerInboundNatRules: natRules.map((rule) => ({ id: rid('Microsoft.Network/loadBalancers/inboundNatRules', lb, rule) })),
    ...(inPool ? { loadBalancerBackendAddressPools: [{ id: rid('Microsoft.Network/loadBalancers/backendAddressPools', lb, 'pool') }] } : {}),
  };
}

/** A public Application Gateway in `vnet/appgw` with one HTTPS listener on `listenerPort` to `backendPort`. */
export function applicationGateway(name: string, listenerPort: number, backendPort: number): Json {
  const sub = (type: string, child: string): { id: string } => ({ id: rid(`Microsoft.Network/applicationGateways/${type}`, name, child) });
  return {
    type: 'Microsoft.Network/applicationGateways',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      sku: { name: 'WAF_v2', tier: 'WAF_v2', capacity: 2 },
      gatewayIPConfigurations: [{ name: 'gw', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'appgw') } } }],
      frontendIPConfigurations: [{ name: 'public', properties: { publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', `${name}-pip`) } } }],
      frontendPorts: [{ name: 'port', properties: { port: listenerPort } }],
      backendAddressPools: [{ name: 'web' }],
      backendHttpSettingsCollection: [{ name: 'settings', properties: { port: backendPort, protocol: 'Http' } }],
      httpListeners: [
        {
          name: 'listener',
          properties: { frontendIPConfiguration: sub('frontendIPConfigurations', 'public'), frontendPort: sub('frontendPorts', 'port'), protocol: 'Https' },
        },
      ],
      requestRoutingRules: [
        {
          name: 'route',
          properties: {
            ruleType: 'Basic',
            priority: 100,
            httpListener: sub('httpListeners', 'listener'),
            backendAddressPool: sub('backendAddressPools', 'web'),
            backendHttpSettings: sub('backendHttpSettingsCollection', 'settings'),
          },
        },
      ],
    },
  };
}

export interface DnatSpec {
  readonly name: string;
  readonly sources: string[];
  readonly port: number;
  readonly translatedAddress?: string;
  readonly translatedFqdn?: string;
  readonly translatedPort: number;
}

/** A classic Azure Firewall in `<vnetName>/AzureFirewallSubnet` (`vnet` by default) with one DNAT collection. */
export function azureFirewall(name: string, rules: DnatSpec[], vnetName = 'vnet'): Json {
  return {
    type: 'Microsoft.Network/azureFirewalls',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      ipConfigurations: [
        {
          name: 'config',
          properties: {
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', vnetName, 'AzureFirewallSubnet') },
            publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', `${name}-pip`) },
          },
        },
      ],
      natRuleCollections: [
        {
          name: 'dnat',
          properties: {
            priority: 100,
            action: { type: 'Dnat' },
            rules: rules.map((rule) => ({
              name: rule.name,
              protocols: ['TCP'],
              sourceAddresses: rule.sources,
              destinationAddresses: ['20.0.0.10'],
              destinationPorts: [String(rule.port)],
              ...(rule.translatedFqdn !== undefined ? { translatedFqdn: rule.translatedFqdn } : { translatedAddress: rule.translatedAddress }),
              translatedPort: String(rule.translatedPort),
            })),
          },
        },
      ],
    },
  };
}

/**
 * A hub VNet `hub` that reuses the test network's 10.0.0.0/16, with firewall `<hub>-fw` in its
 * AzureFirewallSubnet, whose DNAT rule sends port 4000 from anywhere to port 3389 of 10.0.1.4 (the
 * test VM's address); `hubProperties` are added to the VNet (peerings), `subnet` to its subnet.
 */
export function hubFirewall(hub: string, hubProperties: Json = {}, subnet: Partial<SubnetSpec> = {}): Json[] {
  return [
    vnet(hub, ['10.0.0.0/16'], [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26', ...subnet }], hubProperties),
    azureFirewall(`${hub}-fw`, [{ name: 'rdp', sources: ['*'], port: 4000, translatedAddress: '10.0.1.4', translatedPort: 3389 }], hub),
  ];
}

/** A record set of private DNS zone `zone`: `A` with addresses, or `CNAME` with its target. */
export function privateDnsRecord(zone: string, name: string, kind: 'A' | 'CNAME', values: string[]): Json {
  return dnsRecord('privateDnsZones', zone, name, kind, values);
}

/** A record set of public DNS zone `zone`, as `privateDnsRecord`. */
export function publicDnsRecord(zone: string, name: string, kind: 'A' | 'CNAME', values: string[]): Json {
  return dnsRecord('dnsZones', zone, name, kind, values);
}

function dnsRecord(zoneType: string, zone: string, name: string, kind: 'A' | 'CNAME', values: string[]): Json {
  return {
    type: `Microsoft.Network/${zoneType}/${kind}`,
    apiVersion: '2024-06-01',
    name: `${zone}/${name}`,
    properties: kind === 'A' ? { ttl: 300, aRecords: values.map((ipv4Address) => ({ ipv4Address })) } : { ttl: 300, cnameRecord: { cname: values[0] } },
  };
}

/**
 * A virtual network gateway in `<vnetName>/GatewaySubnet`, with a point-to-site client address pool
 * when `pool` is given; `properties` are added (gatewayType ExpressRoute, enableBgp).
 */
export function vnetGateway(name: string, vnetName = 'vnet', pool?: unknown, properties: Json = {}): Json {
  return {
    type: 'Microsoft.Network/virtualNetworkGateways',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      gatewayType: 'Vpn',
      ipConfigurations: [{ name: 'ip', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', vnetName, 'GatewaySubnet') } } }],
      ...(pool === undefined ? {} : { vpnClientConfiguration: { vpnClientAddressPool: { addressPrefixes: pool } } }),
      ...properties,
    },
  };
}

/** A connection of gateway `from` to what `to` names: a site (`toSite`) or another gateway (`toGateway`). */
export function gatewayConnection(name: string, from: string, to: Json): Json {
  return {
    type: 'Microsoft.Network/connections',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: { connectionType: 'IPsec', virtualNetworkGateway1: { id: rid('Microsoft.Network/virtualNetworkGateways', from) }, ...to },
  };
}

export const toSite = (name: string): Json => ({ localNetworkGateway2: { id: rid('Microsoft.Network/localNetworkGateways', name) } });
export const toGateway = (name: string): Json => ({
  connectionType: 'Vnet2Vnet',
  virtualNetworkGateway2: { id: rid('Microsoft.Network/virtualNetworkGateways', name) },
});

/** A local network gateway: an on-premises site at these address prefixes. */
export function localSite(name: string, prefixes: unknown): Json {
  return {
    type: 'Microsoft.Network/localNetworkGateways',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: { gatewayIpAddress: '198.51.100.1', localNetworkAddressSpace: { addressPrefixes: prefixes } },
  };
}

/** A link of private DNS zone `zone` to VNet `vnetName`: Azure DNS answers from the zone in that VNet. `properties` are added (resolutionPolicy). */
export function privateDnsLink(zone: string, vnetName: string, properties: Json = {}): Json {
  return {
    type: 'Microsoft.Network/privateDnsZones/virtualNetworkLinks',
    apiVersion: '2024-06-01',
    name: `${zone}/${vnetName}-link`,
    location: 'global',
    properties: { virtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', vnetName) }, registrationEnabled: false, ...properties },
  };
}

/** The usual test network: `vnet` 10.0.0.0/16 with `workload` 10.0.1.0/24 and the given extra subnets. */
export function testVnet(workload: Partial<SubnetSpec> = {}, extra: SubnetSpec[] = [], properties: Json = {}): Json {
  return vnet('vnet', ['10.0.0.0/16'], [{ name: 'workload', prefix: '10.0.1.0/24', ...workload }, ...extra], properties);
}

/** A scale set `web-vmss` in `vnet/workload`: an NSG on its NIC configuration when `nsg` is given, `ipConfiguration` properties added. */
export function scaleSet(spec: { nsg?: string; ipConfiguration?: Json } = {}): Json {
  return {
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    apiVersion: '2024-07-01',
    name: 'web-vmss',
    location: 'japaneast',
    sku: { name: 'Standard_B2s', capacity: 2 },
    properties: {
      virtualMachineProfile: {
        networkProfile: {
          networkInterfaceConfigurations: [
            {
              name: 'web-nic',
              properties: {
                ...(spec.nsg ? { networkSecurityGroup: { id: rid('Microsoft.Network/networkSecurityGroups', spec.nsg) } } : {}),
                ipConfigurations: [
                  { name: 'ip', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'workload') }, ...spec.ipConfiguration } },
                ],
              },
            },
          ],
        },
      },
    },
  };
}

/** A VM `app-1` with NIC `app-1-nic`, in a template with the given other resources. */
export function vmTemplate(resources: object[], extra: object = {}): object {
  return armTemplate([linuxVm('app-1'), ...resources], extra);
}

/** Reads a template through the real JSON and ARM readers into a resource graph, with what the configuration says of the network. */
export function graphOf(template: object, network: NetworkFacts = {}): ResourceGraph {
  const read = expandTemplate(parseJson(JSON.stringify(template, null, 2)), { file: 'test.json' });
  return new ResourceGraph(read.resources, network);
}

/** An Azure Virtual Network Manager whose security admin rules apply to network group `guarded` (static member `members`, if any). */
export function adminRules(rules: { name: string; priority: number; access: string; port: string; from?: string }[], members: string[] = ['vnet']): object[] {
  const manager = 'Microsoft.Network/networkManagers';
  const group = `${manager}/networkGroups`;
  return [
    { type: manager, apiVersion: '2024-05-01', name: 'avnm', location: 'japaneast', properties: { networkManagerScopeAccesses: ['SecurityAdmin'] } },
    { type: group, apiVersion: '2024-05-01', name: 'avnm/guarded', properties: {} },
    ...members.map((vnet) => ({
      type: `${group}/staticMembers`,
      apiVersion: '2024-05-01',
      name: `avnm/guarded/${vnet}`,
      properties: { resourceId: rid('Microsoft.Network/virtualNetworks', vnet) },
    })),
    { type: `${manager}/securityAdminConfigurations`, apiVersion: '2024-05-01', name: 'avnm/admin', properties: {} },
    {
      type: `${manager}/securityAdminConfigurations/ruleCollections`,
      apiVersion: '2024-05-01',
      name: 'avnm/admin/guardrails',
      properties: { appliesToGroups: [{ networkGroupId: `[resourceId('${group}', 'avnm', 'guarded')]` }] },
    },
    ...rules.map((rule) => ({
      type: `${manager}/securityAdminConfigurations/ruleCollections/rules`,
      apiVersion: '2024-05-01',
      name: `avnm/admin/guardrails/${rule.name}`,
      kind: 'Custom',
      properties: {
        priority: rule.priority,
        direction: 'Inbound',
        access: rule.access,
        protocol: 'Tcp',
        sources: [{ addressPrefix: rule.from ?? 'Internet', addressPrefixType: 'ServiceTag' }],
        destinations: [{ addressPrefix: '*', addressPrefixType: 'IPPrefix' }],
        sourcePortRanges: ['0-65535'],
        destinationPortRanges: [rule.port],
      },
    })),
  ];
}

/** The load balancer `lb` (rule `web`, 80 to 8080) with its pool configured by IP address: 10.0.1.4 in `vnet`. */
export function ipPoolLoadBalancer(): object {
  const lb = loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'web', frontendPort: 80, backendPort: 8080 }] }) as {
    properties: { backendAddressPools: object[] };
  };
  lb.properties.backendAddressPools = [
    {
      name: 'pool',
      properties: {
        loadBalancerBackendAddresses: [
          { name: 'app-1', properties: { ipAddress: '10.0.1.4', virtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') } } },
        ],
      },
    },
  ];
  return lb;
}

/** A Route Server: a virtual hub with its IP configuration in `<vnetName>/RouteServerSubnet`. */
export function routeServer(name: string, vnetName: string): object[] {
  return [
    { type: 'Microsoft.Network/virtualHubs', apiVersion: '2024-05-01', name, properties: { sku: 'Standard' } },
    {
      type: 'Microsoft.Network/virtualHubs/ipConfigurations',
      apiVersion: '2024-05-01',
      name: `${name}/ipconfig1`,
      properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', vnetName, 'RouteServerSubnet') } },
    },
  ];
}

/** A virtual WAN hub 'hub', its connection to VNet 'vnet', its routing intent and route tables (to its firewall 'hub-fw'). */
export const virtualHub = (properties: object = {}): object => ({
  type: 'Microsoft.Network/virtualHubs',
  apiVersion: '2024-05-01',
  name: 'hub',
  location: 'japaneast',
  properties: { addressPrefix: '10.100.0.0/23', ...properties },
});
export const hubConnection = (properties: object = { enableInternetSecurity: true }): object => ({
  type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
  apiVersion: '2024-05-01',
  name: 'hub/to-vnet',
  properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') }, ...properties },
});
const virtualHubFirewall = rid('Microsoft.Network/azureFirewalls', 'hub-fw');
export const routingIntent = (destinations: string[]): object => ({
  type: 'Microsoft.Network/virtualHubs/routingIntent',
  apiVersion: '2024-05-01',
  name: 'hub/intent',
  properties: { routingPolicies: [{ name: 'policy', destinations, nextHop: virtualHubFirewall }] },
});
export const hubRouteTable = (name: string, destinations: string[]): object => ({
  type: 'Microsoft.Network/virtualHubs/hubRouteTables',
  apiVersion: '2024-05-01',
  name: `hub/${name}`,
  properties: { routes: [{ name: 'to-firewall', destinationType: 'CIDR', destinations, nextHopType: 'ResourceId', nextHop: virtualHubFirewall }] },
});
