import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { linuxVm, rid } from '../../../test/support/arm-snippets.js';
import {
  adminRules,
  applicationGateway,
  azureFirewall,
  graphOf,
  hubConnection,
  hubFirewall,
  ipPoolLoadBalancer,
  lbMembership,
  loadBalancer,
  netNic,
  nsg,
  privateDnsLink,
  privateDnsRecord,
  publicIpAddress,
  routeTable,
  scaleSet,
  testVnet,
  vmTemplate,
  vnet,
  vnetGateway,
  type RuleSpec,
} from '../../../test/support/network-snippets.js';
import { japaneseReason } from '../../i18n/reasons.js';
import { loadInputs } from '../../inputs/files/load.js';
import { readSnapshotValue } from '../../inputs/snapshot/read.js';
import { ResourceGraph } from '../../model/graph.js';
import { isUnknown } from '../../model/value.js';
import { networkAnalysis, scaleSetsByModel } from './exposure.js';

/**
 * Every reason the network exposure analysis gives (what `azvmsec explain` and the NET/CONN rules
 * print) has Japanese: the templates of src/i18n/reasons/network-analysis.ts and those of the
 * reasons they hold.
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** The reasons of the analysis of every VM and scale set: problems, unknown subnets and NSGs, segments and the rules that may decide them. */
function reasonsOf(graph: ResourceGraph): Set<string> {
  const analysis = networkAnalysis(graph);
  const reasons = new Set<string>();
  const add = (reason: string | undefined): void => void (reason !== undefined && reasons.add(reason));
  for (const machine of [...graph.ofType('Microsoft.Compute/virtualMachines'), ...scaleSetsByModel(graph)]) {
    const network = analysis.vm(machine);
    network.problems.forEach(add);
    for (const target of network.targets) for (const value of [target.subnet, target.subnetNsg, target.nicNsg]) if (isUnknown(value)) add(value.reason);
    for (const path of network.paths) add(path.unknown);
    const segments = [...network.exposures, ...[...network.latent, ...network.lateral, ...network.bastion].flatMap((each) => each.segments)];
    for (const segment of segments) {
      add(segment.reason);
      for (const maybe of segment.maybeRules) add(maybe.reason);
    }
  }
  return reasons;
}

function expectJapanese(reasons: Iterable<string>): void {
  const missing = [...reasons].filter((reason) => japaneseReason(reason) === undefined);
  expect(missing, 'reasons with no Japanese').toEqual([]);
}

/** A VM with a Standard public IP in `vnet/workload` (10.0.1.0/24) behind `subnet-nsg`. */
function exposed(rules: RuleSpec[], nic: Parameters<typeof netNic>[1] = {}, extra: object[] = []): object {
  return vmTemplate([
    testVnet({ nsg: 'subnet-nsg' }),
    nsg('subnet-nsg', rules),
    netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip', ...nic }),
    publicIpAddress('app-pip'),
    ...extra,
  ]);
}

const DYNAMIC = { privateIp: undefined as unknown as string, ipConfiguration: { privateIPAllocationMethod: 'Dynamic' } };

interface Case {
  readonly name: string;
  readonly graph: () => ResourceGraph;
  /** Reasons (whole) the case must give: each one of the templates of this area. */
  readonly gives: readonly string[];
}

const VNET_TAG = "route table 'rt' has a route for 0.0.0.0/0: the VirtualNetwork tag may then cover it";
const NOT_COMMITTED = "whether its security admin configuration is committed to the VNet's region is not recorded in the input";

const cases: Case[] = [
  {
    name: 'a route for 0.0.0.0/0 may put the Internet in VirtualNetwork',
    graph: () =>
      graphOf(
        vmTemplate([
          testVnet({ nsg: 'subnet-nsg', routeTable: 'rt' }),
          nsg('subnet-nsg', []),
          routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
          publicIpAddress('app-pip'),
        ]),
      ),
    gives: [`AllowVnetInBound in subnet-nsg: ${VNET_TAG}`],
  },
  {
    name: 'an NSG, a subnet and a NIC outside the input',
    graph: () =>
      graphOf(
        vmTemplate([
          testVnet({ nsg: 'shared-nsg' }),
          netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
          netNic('other-nic', { vnet: 'elsewhere', nsg: 'nic-nsg' }),
          nsg('nic-nsg', []),
          publicIpAddress('app-pip'),
          linuxVm('app-2'),
          linuxVm('app-3', {}, { networkProfile: { networkInterfaces: [{ id: rid('Microsoft.Network/networkInterfaces', 'other-nic') }] } }),
        ]),
      ),
    gives: [
      "Microsoft.Network/networkSecurityGroups 'shared-nsg' is not in the scanned input",
      "the subnet NSG cannot be read: Microsoft.Network/networkSecurityGroups 'shared-nsg' is not in the scanned input",
      "Microsoft.Network/networkInterfaces 'app-2-nic' is not in the scanned input",
      "Microsoft.Network/virtualNetworks/subnets 'elsewhere/workload' is not in the scanned input",
      "AllowVnetInBound in nic-nsg: the VM's virtual network is not known (Microsoft.Network/virtualNetworks/subnets 'elsewhere/workload' is not in the scanned input)",
    ],
  },
  {
    name: 'a dynamic private IP and a rule for part of its subnet',
    graph: () => graphOf(exposed([{ name: 'half', priority: 100, port: 22, to: '10.0.1.0/25' }], DYNAMIC)),
    gives: ["half in subnet-nsg: the VM's private IP is dynamic: it may or may not fall in 10.0.1.0/25"],
  },
  {
    name: 'rule fields that are not valid',
    graph: () =>
      graphOf(
        exposed([
          { name: 'source', priority: 100, port: 25, from: 'not an address!' },
          { name: 'access', priority: 105, port: 22, access: 'Sometimes' },
          { name: 'protocol', priority: 110, port: 23, protocol: 'Carrier-Pigeon' },
          { name: 'ports', priority: 120, port: 'ssh' },
          { name: 'priority', priority: 'first', port: 26 },
        ]),
      ),
    gives: [
      'access in subnet-nsg: the rule\'s access is "Sometimes"',
      'protocol in subnet-nsg: the rule\'s protocol is "Carrier-Pigeon"',
      'ports in subnet-nsg: the port range "ssh" is not valid',
      'source in subnet-nsg: the address "not an address!" is not an IP, CIDR or service tag',
      'priority in subnet-nsg: the rule has no valid priority',
    ],
  },
  {
    name: 'security admin rules that may be in force',
    graph: () =>
      graphOf(exposed([{ name: 'rdp', priority: 100, port: 3389 }], {}, adminRules([{ name: 'deny-rdp', priority: 10, access: 'Deny', port: '3389' }]))),
    gives: [
      `Azure Virtual Network Manager security admin rule avnm/admin/guardrails/deny-rdp (Deny, priority 10) may decide this traffic before the NSGs: ${NOT_COMMITTED}`,
    ],
  },
  {
    name: 'a security admin rule whose network group has no static member',
    graph: () =>
      graphOf(exposed([{ name: 'rdp', priority: 100, port: 3389 }], {}, adminRules([{ name: 'deny-rdp', priority: 10, access: 'Deny', port: '3389' }], []))),
    gives: [
      `Azure Virtual Network Manager security admin rule avnm/admin/guardrails/deny-rdp (Deny, priority 10) may decide this traffic before the NSGs: network group 'guarded' has no static member in the input (its members may be added by Azure Policy), and ${NOT_COMMITTED}`,
    ],
  },
  {
    name: 'a DNAT rule, a load balancer pool and an Application Gateway pool that may hold a dynamic IP',
    graph: () => {
      const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[] } };
      gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
      return graphOf(
        vmTemplate([
          testVnet({ nsg: 'subnet-nsg' }, [
            { name: 'appgw', prefix: '10.0.5.0/24' },
            { name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' },
          ]),
          nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*', from: '10.0.0.0/8' }]),
          netNic('app-1-nic'),
          azureFirewall('fw', [{ name: 'rdp', sources: ['*'], port: 4000, translatedAddress: '10.0.1.4', translatedPort: 3389 }]),
          ipPoolLoadBalancer(),
          publicIpAddress('lb-pip'),
          gateway,
          publicIpAddress('agw-pip'),
        ]),
      );
    },
    gives: [
      "the VM's private IP is dynamic and DNAT rule 'rdp' translates to an address in its subnet",
      "whether rule 'web' of load balancer 'lb' sends to this VM's pool is not known: the VM's private IP is dynamic and backend pool 'pool' lists an address in its subnet",
      "the VM's private IP is dynamic and backend pool 'web' of 'agw' lists an address in its subnet",
    ],
  },
  {
    name: "DNAT rules of firewalls in VNets not peered with the VM's, each with something that may route past their peers",
    graph: () => {
      const subnetOf = (vnetName: string, subnet: string): object => ({ id: rid('Microsoft.Network/virtualNetworks/subnets', vnetName, subnet) });
      const remoteGateway = {
        virtualNetworkPeerings: [
          { name: 'to-gw', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'gw-hub') }, useRemoteGateways: true } },
        ],
      };
      return graphOf({
        ...(vmTemplate([
          testVnet(),
          netNic('app-1-nic', { privateIp: '10.0.1.4' }),
          ...hubFirewall('vpn-hub'),
          vnetGateway('vpngw', 'vpn-hub'),
          ...hubFirewall('rs-hub'),
          { type: 'Microsoft.Network/virtualHubs', apiVersion: '2024-05-01', name: 'rs', properties: { sku: 'Standard' } },
          {
            type: 'Microsoft.Network/virtualHubs/ipConfigurations',
            apiVersion: '2024-05-01',
            name: 'rs/ipconfig1',
            properties: { subnet: subnetOf('rs-hub', 'RouteServerSubnet') },
          },
          ...hubFirewall('wan-hub'),
          {
            type: 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections',
            apiVersion: '2024-05-01',
            name: 'vhub/to-wan-hub',
            properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'wan-hub') } },
          },
          ...hubFirewall('transit-hub', remoteGateway),
          ...hubFirewall('vwan-hub', {
            virtualNetworkPeerings: [
              {
                name: 'RemoteVnetToHubPeering_1',
                properties: {
                  remoteVirtualNetwork: {
                    id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/RG_vhub_1/providers/Microsoft.Network/virtualNetworks/HV_vhub_1',
                  },
                },
              },
            ],
          }),
          ...hubFirewall('nva-hub', {}, { routeTable: 'nva-rt' }),
          routeTable('nva-rt', [{ name: 'to-nva', prefix: '10.0.0.0/8', nextHopType: 'VirtualAppliance', nextHopIpAddress: '192.168.0.4' }]),
          ...hubFirewall('hop-hub', {}, { routeTable: 'hop-rt' }),
          routeTable('hop-rt', [{ name: 'somewhere', prefix: '10.0.0.0/8', nextHopType: "[parameters('hop')]" }]),
          ...hubFirewall('lost-hub', {}, { routeTable: 'missing-rt' }),
        ]) as object),
        parameters: { hop: { type: 'string' } },
      });
    },
    gives: [
      "VNet 'vnet' is neither VNet 'vpn-hub' of 'vpn-hub-fw' nor peered with it, but gateway 'vpngw' in VNet 'vpn-hub' may route the traffic there",
      "VNet 'vnet' is neither VNet 'rs-hub' of 'rs-hub-fw' nor peered with it, but Route Server 'rs' in VNet 'rs-hub' may route the traffic there",
      "VNet 'vnet' is neither VNet 'wan-hub' of 'wan-hub-fw' nor peered with it, but VNet 'wan-hub' is connected to virtual hub 'vhub', which may route the traffic there",
      "VNet 'vnet' is neither VNet 'vwan-hub' of 'vwan-hub-fw' nor peered with it, but VNet 'vwan-hub' is connected to virtual hub 'HV_vhub_1', which may route the traffic there",
      "VNet 'vnet' is neither VNet 'transit-hub' of 'transit-hub-fw' nor peered with it, but VNet 'transit-hub' uses a peered VNet's gateway, which may route the traffic there",
      "VNet 'vnet' is neither VNet 'nva-hub' of 'nva-hub-fw' nor peered with it, but route table 'nva-rt' of subnet 'nva-hub/AzureFirewallSubnet' sends traffic to VirtualAppliance, which may route it there",
      "VNet 'vnet' is neither VNet 'hop-hub' of 'hop-hub-fw' nor peered with it, but route table 'hop-rt' of subnet 'hop-hub/AzureFirewallSubnet' has a route whose next hop is not known",
      "VNet 'vnet' is neither VNet 'lost-hub' of 'lost-hub-fw' nor peered with it, but the route table of subnet 'lost-hub/AzureFirewallSubnet' is not known (Microsoft.Network/routeTables 'missing-rt' is not in the scanned input)",
    ],
  },
  ...(
    [
      [
        'Route Server',
        {
          type: 'Microsoft.Network/virtualHubs/ipConfigurations',
          apiVersion: '2024-05-01',
          name: 'rs/ipconfig1',
          properties: { subnet: { id: "[parameters('somewhere')]" } },
        },
        "the VNet of Route Server 'rs' is not known: it may be this one, and route the traffic there",
      ],
      [
        'virtual hub connection',
        hubConnection({ remoteVirtualNetwork: { id: "[parameters('somewhere')]" } }),
        "the VNet of a connection of virtual hub 'hub' is not known: it may be this one, and the hub route the traffic there",
      ],
    ] as const
  ).map(([what, router, reason]) => ({
    name: `a DNAT rule of a firewall in a VNet not peered with the VM's, beside a ${what} whose VNet is not known`,
    graph: () =>
      graphOf({
        ...(vmTemplate([testVnet(), netNic('app-1-nic', { privateIp: '10.0.1.4' }), ...hubFirewall('fw-hub'), router]) as object),
        parameters: { somewhere: { type: 'string' } },
      }),
    gives: [`VNet 'vnet' is neither VNet 'fw-hub' of 'fw-hub-fw' nor peered with it, but ${reason}`],
  })),
  {
    name: "a DNAT rule of a firewall in a VNet not peered with the VM's, where a network manager manages connectivity",
    graph: () =>
      graphOf(
        vmTemplate([
          testVnet(),
          netNic('app-1-nic', { privateIp: '10.0.1.4' }),
          ...hubFirewall('hub'),
          { type: 'Microsoft.Network/networkManagers', apiVersion: '2024-05-01', name: 'avnm', properties: { networkManagerScopeAccesses: ['Connectivity'] } },
        ]),
      ),
    gives: [
      "VNet 'vnet' is neither VNet 'hub' of 'hub-fw' nor peered with it, but network manager 'avnm' manages connectivity, which may connect the two VNets without peering them",
    ],
  },
  {
    // Each reason gateway-spaces.ts gives is checked in gateway-spaces.test.ts; this is the form the tag says it in.
    name: "an address space a gateway connects the VM's VNet to, not known",
    graph: () =>
      graphOf(
        vmTemplate([
          testVnet({ nsg: 'subnet-nsg' }),
          nsg('subnet-nsg', []),
          netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
          publicIpAddress('app-pip'),
          vnetGateway('vpngw', 'vnet', ['not-a-prefix']),
        ]),
      ),
    gives: [
      'AllowVnetInBound in subnet-nsg: the point-to-site address pool of gateway \'vpngw\' is not known ("not-a-prefix" is not an address prefix); what its gateway connects may widen VirtualNetwork',
    ],
  },
  {
    name: 'load balancer rules with floating IP: the frontend address is matched against the rules',
    graph: () =>
      graphOf({
        ...(vmTemplate([
          testVnet({ nsg: 'subnet-nsg' }),
          nsg('subnet-nsg', [
            { name: 'one-address', priority: 100, port: 22, to: '20.48.1.7' },
            { name: 'service-tag', priority: 110, port: 23, to: 'AzureCloud' },
            {
              name: 'group',
              priority: 120,
              port: 24,
              to: [],
              properties: { destinationApplicationSecurityGroups: [{ id: rid('Microsoft.Network/applicationSecurityGroups', 'web') }] },
            },
          ]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
          loadBalancer('lb', {
            publicIp: 'lb-pip',
            lbRules: [
              { name: 'ssh', frontendPort: 22, backendPort: 22, floating: true },
              { name: 'telnet', frontendPort: 23, backendPort: 23, floating: true },
              { name: 'other', frontendPort: 24, backendPort: 24, floating: true },
              { name: 'web', frontendPort: 80, backendPort: 80, floating: "[parameters('floating')]" },
            ],
          }),
          publicIpAddress('lb-pip'),
        ]) as object),
        parameters: { floating: { type: 'bool' } },
      }),
    gives: [
      "one-address in subnet-nsg: the address of public IP 'lb-pip' is not known until it is deployed",
      "service-tag in subnet-nsg: whether service tag AzureCloud holds the load balancer frontend's address is not known",
      "group in subnet-nsg: whether a rule naming application security group 'web' applies to traffic addressed to a load balancer frontend (floating IP) is not documented",
      "whether rule 'web' of load balancer 'lb' uses floating IP is not known: parameter 'floating' has no value",
    ],
  },
  ...(
    [
      [{}, "firewall policy 'elsewhere' of 'fw' is not in the scanned input", []],
      [{ firewallPolicy: { id: "[parameters('policy')]" } }, "the firewall policy of 'fw' is not known (parameter 'policy' has no value)", []],
      [
        {},
        "rule collection group 'dnat' of firewall policy 'elsewhere' is not in the scanned input",
        [
          {
            type: 'Microsoft.Network/firewallPolicies',
            apiVersion: '2024-05-01',
            name: 'elsewhere',
            properties: { ruleCollectionGroups: [{ id: `${rid('Microsoft.Network/firewallPolicies', 'elsewhere')}/ruleCollectionGroups/dnat` }] },
          },
        ],
      ],
    ] as const
  ).map(([properties, reason, extra]) => ({
    name: `a firewall whose policy is not all read: ${reason}`,
    graph: () => {
      const firewall = azureFirewall('fw', []) as { properties: Record<string, unknown> };
      delete firewall.properties['natRuleCollections'];
      Object.assign(firewall.properties, { firewallPolicy: { id: rid('Microsoft.Network/firewallPolicies', 'elsewhere') } }, properties);
      const resources = [
        testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
        firewall,
        ...extra,
      ];
      return graphOf({ ...(vmTemplate(resources) as object), parameters: { policy: { type: 'string' } } });
    },
    gives: [`DNAT rule '(unknown)' translates to an address that is not known (${reason})`],
  })),
  {
    name: 'DNAT rules to FQDNs the DNS records of the input do not resolve',
    graph: () =>
      graphOf(
        vmTemplate([
          testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4' }),
          azureFirewall('fw', [
            { name: 'rdp', sources: ['*'], port: 4000, translatedFqdn: 'rdp.contoso.internal', translatedPort: 3389 },
            { name: 'ssh', sources: ['*'], port: 4001, translatedFqdn: 'loop.contoso.internal', translatedPort: 22 },
            { name: 'web', sources: ['*'], port: 4002, translatedFqdn: 'web.contoso.com', translatedPort: 443 },
            { name: 'app', sources: ['*'], port: 4003, translatedFqdn: 'app.fabrikam.internal', translatedPort: 22 },
            { name: 'db', sources: ['*'], port: 4004, translatedFqdn: 'db.corp.internal', translatedPort: 5432 },
          ]),
          privateDnsLink('corp.internal', 'vnet'),
          privateDnsRecord('contoso.internal', 'loop', 'CNAME', ['loop.contoso.internal']),
          privateDnsRecord('fabrikam.internal', 'app', 'A', ['10.0.1.4']),
          privateDnsLink('fabrikam.internal', 'other'),
          {
            type: 'Microsoft.Network/dnsZones/A',
            apiVersion: '2023-07-01-preview',
            name: 'contoso.com/web',
            properties: { TTL: 300, targetResource: { id: rid('Microsoft.Network/publicIPAddresses', 'web-pip') } },
          },
        ]),
      ),
    gives: [
      "DNAT rule 'rdp' translates to an address that is not known (no DNS zone in the input has a record for 'rdp.contoso.internal')",
      "DNAT rule 'app' translates to an address that is not known (the private DNS zones with a record for 'app.fabrikam.internal' are not linked to VNet 'vnet')",
      "DNAT rule 'db' translates to an address that is not known (private DNS zone 'corp.internal', linked to VNet 'vnet', answers for 'db.corp.internal' there, and the input holds no record for it in that zone)",
      "DNAT rule 'ssh' translates to an address that is not known (the CNAME records for 'loop.contoso.internal' lead more than 8 deep)",
      "DNAT rule 'web' translates to an address that is not known (the DNS record 'contoso.com/web' is an alias of an Azure resource)",
    ],
  },
  {
    name: 'no NSG and a public IP outside the input',
    graph: () => graphOf(vmTemplate([testVnet(), netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'elsewhere-pip' })])),
    gives: ["no NSG applies and the public IP's SKU is not known (Microsoft.Network/publicIPAddresses 'elsewhere-pip' is not in the scanned input)"],
  },
  {
    name: 'a scale set whose instances get a public IP of no given SKU',
    graph: () => graphOf(vmTemplate([testVnet(), scaleSet({ ipConfiguration: { publicIPAddressConfiguration: { name: 'instance-pip', properties: {} } } })])),
    gives: ["no NSG applies and the SKU of the instances' public IPs is not given"],
  },
  {
    name: 'a snapshot whose rows have no properties',
    graph: () => {
      const vm = (name: string): string =>
        `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/${name}`;
      const read = readSnapshotValue(
        [
          { id: vm('listed'), type: 'Microsoft.Compute/virtualMachines' },
          { id: vm('flattened'), type: 'Microsoft.Compute/virtualMachines', networkProfile: { networkInterfaces: [] } },
        ],
        'resources.json',
      );
      return new ResourceGraph(read.resources);
    },
    gives: [
      "the export of Microsoft.Compute/virtualMachines 'listed' has no properties (az resource list does not include them)",
      "the export of Microsoft.Compute/virtualMachines 'flattened' has its settings where properties belong, in another shape (as az vm list writes them)",
    ],
  },
  ...((): Case[] => {
    const network = [
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
    ];
    const member = (ipConfiguration: Record<string, unknown> = {}): object => netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration });
    const inGatewayPool = { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'web') }] };
    const gateway = (change: (properties: Record<string, unknown>) => void): object => {
      const made = applicationGateway('agw', 443, 8080) as { properties: Record<string, unknown> };
      change(made.properties);
      return made;
    };
    const lb = (change: (properties: Record<string, unknown>) => void): object => {
      const made = loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'web', frontendPort: 80, backendPort: 8080 }] }) as {
        properties: Record<string, unknown>;
      };
      change(made.properties);
      return made;
    };
    const of =
      (resources: object[], ...parameters: string[]): (() => ResourceGraph) =>
      () =>
        graphOf({ ...vmTemplate([...network, ...resources]), parameters: Object.fromEntries(parameters.map((name) => [name, { type: 'array' }])) });
    const unset = (name: string): string => `parameter '${name}' has no value`;
    return [
      {
        name: 'pools of a load balancer and a gateway outside the input',
        graph: of([
          member({
            ...inGatewayPool,
            loadBalancerBackendAddressPools: [{ id: rid('Microsoft.Network/loadBalancers/backendAddressPools', 'other-lb', 'pool') }],
          }),
        ]),
        gives: ["load balancer of backend pool 'pool' is not in the scanned input", "Application Gateway of backend pool 'web' is not in the scanned input"],
      },
      {
        name: 'load balancer rules not known',
        graph: of(
          [
            member(lbMembership('lb', [], true)),
            lb((properties) => {
              properties['loadBalancingRules'] = "[parameters('rules')]";
              properties['inboundNatRules'] = "[parameters('nat')]";
            }),
            publicIpAddress('lb-pip'),
          ],
          'rules',
          'nat',
        ),
        gives: [
          `the load-balancing rules of load balancer 'lb' are not known (${unset('rules')})`,
          `the inbound NAT rules of load balancer 'lb' are not known (${unset('nat')})`,
        ],
      },
      {
        name: 'load balancer pools or their addresses not known',
        graph: () =>
          graphOf({
            ...vmTemplate([
              ...network,
              member(),
              lb(
                (properties) =>
                  void (properties['backendAddressPools'] = [{ name: 'pool', properties: { loadBalancerBackendAddresses: "[parameters('addresses')]" } }]),
              ),
              publicIpAddress('lb-pip'),
            ]),
            parameters: { addresses: { type: 'array' } },
          }),
        gives: [
          `whether rule 'web' of load balancer 'lb' sends to this VM's pool is not known: the backend addresses of pool 'pool' of 'lb' are not known (${unset('addresses')})`,
        ],
      },
      {
        name: 'load balancer pools not known',
        graph: of([member(), lb((properties) => void (properties['backendAddressPools'] = "[parameters('pools')]")), publicIpAddress('lb-pip')], 'pools'),
        gives: [`whether rule 'web' of load balancer 'lb' sends to this VM's pool is not known: the backend pools of 'lb' are not known (${unset('pools')})`],
      },
      {
        name: 'Application Gateway pools, their addresses and routing rules not known',
        graph: of(
          [
            member(inGatewayPool),
            gateway((properties) => {
              properties['backendAddressPools'] = [
                { name: 'web', properties: {} },
                { name: 'listed', properties: { backendAddresses: "[parameters('backends')]" } },
              ];
              const [rule] = properties['requestRoutingRules'] as { name: string; properties: Record<string, unknown> }[];
              const second = { ...(rule as object), name: 'listed-route' } as { name: string; properties: Record<string, unknown> };
              second.properties = {
                ...(rule as { properties: object }).properties,
                priority: 200,
                backendAddressPool: { id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'listed') },
              };
              const third = { ...(rule as object), name: 'pool-route' } as { name: string; properties: Record<string, unknown> };
              third.properties = { ...(rule as { properties: object }).properties, priority: 300, backendAddressPool: { id: "[parameters('pool')]" } };
              properties['requestRoutingRules'] = [rule, second, third];
              properties['routingRules'] = "[parameters('layer4s')]";
            }),
            publicIpAddress('agw-pip'),
          ],
          'backends',
          'pool',
          'layer4s',
        ),
        gives: [
          `backend pool 'listed' of 'agw' lists addresses that are not known (${unset('backends')})`,
          `whether rule 'pool-route' of Application Gateway 'agw' sends to this VM's pool is not known: ${unset('pool')}`,
          `the routing rules of Application Gateway 'agw' are not known (${unset('layer4s')})`,
        ],
      },
      {
        name: 'Application Gateway pools and request routing rules not known',
        graph: of(
          [
            member(),
            gateway((properties) => {
              properties['backendAddressPools'] = "[parameters('pools')]";
              properties['requestRoutingRules'] = "[parameters('rules')]";
            }),
            publicIpAddress('agw-pip'),
          ],
          'pools',
          'rules',
        ),
        gives: [`the request routing rules of Application Gateway 'agw' are not known (${unset('rules')})`],
      },
      {
        name: "an Application Gateway backend by FQDN whose record is a NIC's address outside the input",
        graph: of([
          member(),
          gateway(
            (properties) => void (properties['backendAddressPools'] = [{ name: 'web', properties: { backendAddresses: [{ fqdn: 'web.contoso.internal' }] } }]),
          ),
          publicIpAddress('agw-pip'),
          privateDnsRecord('contoso.internal', 'web', 'A', [
            "[reference(resourceId('Microsoft.Network/networkInterfaces', 'outside-nic'), '2024-05-01').ipConfigurations[0].properties.privateIPAddress]",
          ]),
        ]),
        gives: [
          "backend pool 'web' of 'agw' lists an address that is not known (reference() to '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers/Microsoft.Network/networkInterfaces/outside-nic' is only known at deployment)",
        ],
      },
      {
        name: 'a spoke peering with a VNet not known, and a gateway in another VNet listing its VM',
        graph: () =>
          graphOf({
            ...vmTemplate([
              testVnet({ nsg: 'subnet-nsg' }, [], {
                virtualNetworkPeerings: [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: "[parameters('hub')]" } } }],
              }),
              nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
              vnet('hub', ['10.9.0.0/16'], [{ name: 'appgw', prefix: '10.9.5.0/24' }]),
              member(),
              gateway((properties) => {
                properties['backendAddressPools'] = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
                properties['gatewayIPConfigurations'] = [
                  { name: 'gw', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'hub', 'appgw') } } },
                ];
              }),
              publicIpAddress('agw-pip'),
            ]),
            parameters: { hub: { type: 'string' } },
          }),
        gives: [`VNet 'vnet' has a peering whose remote VNet is not known (${unset('hub')}): it may be peered with VNet 'hub' of 'agw'`],
      },
    ];
  })(),
];

describe('reasons of the network exposure analysis in Japanese', () => {
  for (const c of cases) {
    it(c.name, () => {
      const reasons = reasonsOf(c.graph());
      for (const reason of c.gives) expect([...reasons], reason).toContain(reason);
      expectJapanese(reasons);
    });
  }

  it('over the example estate', async () => {
    const loaded = await loadInputs({ paths: ['examples'], cwd: ROOT });
    const graph = new ResourceGraph(loaded.resources);
    expect(graph.ofType('Microsoft.Compute/virtualMachines').length).toBeGreaterThan(0);
    expectJapanese(reasonsOf(graph));
  });
});

describe('reasons the cases above do not reach', () => {
  it('are rendered by the template of their form', () => {
    const tooMany = 'are too many or too scattered to evaluate (over 1000000 comparisons)';
    const admin = 'Azure Virtual Network Manager security admin rule m/c/r/x';
    const decides = `may decide this traffic before the NSGs: its rule collection is not in the scanned input, and ${NOT_COMMITTED}`;
    const rendered: [string, string][] = [
      [`the rules of 'a' and 'b' ${tooMany}`, "'a' と 'b' のルールが"],
      [`the rules of the subnet NSG and 'b' ${tooMany}`, "サブネットの NSG と 'b' のルールが"],
      [`the rules of 'a' and the NIC NSG ${tooMany}`, "'a' と NIC の NSG のルールが"],
      [`the rules of 'a' ${tooMany}`, "'a' のルールが"],
      [`${admin} (unknown access, unknown priority) ${decides}`, 'm/c/r/x（アクセス不明、優先度不明）'],
      [`${admin} (unknown access, priority 5) ${decides}`, 'm/c/r/x（アクセス不明、優先度 5）'],
      [`${admin} (AlwaysAllow, unknown priority) ${decides}`, 'm/c/r/x（AlwaysAllow、優先度不明）'],
      ["the VM's private IP is dynamic and backend pool 'p' lists an address in its subnet", "バックエンドプール 'p' が"],
      [
        'Microsoft Graph /organization answered 403 (Authorization_RequestDenied): the permission Organization.Read.All is missing',
        '403（Authorization_RequestDenied）',
      ],
      ['Microsoft Graph /groupSettings could not be read: getaddrinfo ENOTFOUND graph.microsoft.com', 'getaddrinfo ENOTFOUND graph.microsoft.com'],
      ['ARM Microsoft.Insights/diagnosticSettings (key vault) answered 403: the role Reader is missing', 'ロール Reader が割り当てられていません'],
      ['ARM Microsoft.Security/pricings failed: socket hang up', 'ARM Microsoft.Security/pricings が失敗しました: socket hang up'],
    ];
    for (const [reason, part] of rendered) expect(japaneseReason(reason), reason).toContain(part);
  });
});
