import { describe, expect, it } from 'vitest';
import { rid } from '../../../test/support/arm-snippets.js';
import { controlCharacters } from '../../../test/support/control-characters.js';
import {
  adminRules,
  applicationGateway,
  azureFirewall,
  gatewayConnection,
  graphOf,
  hubConnection,
  hubFirewall,
  ipPoolLoadBalancer,
  lbMembership,
  loadBalancer,
  localSite,
  netNic,
  nsg,
  privateDnsLink,
  publicDnsRecord,
  privateDnsRecord,
  publicIpAddress,
  routeTable,
  securityRule,
  testVnet,
  toSite,
  vmTemplate,
  vnet,
  vnetGateway,
  type RuleSpec,
  type SubnetSpec,
} from '../../../test/support/network-snippets.js';
import type { NetworkFacts } from '../../model/graph.js';
import { locate } from '../../model/resource.js';
import { parseCidr } from './addresses.js';
import { explainVm } from './explain.js';
import type { IntervalSet } from './interval-set.js';
import { networkAnalysis } from './exposure.js';
import { exposureSummary, type ExposureEntry, type ExposureSummary } from './exposure-summary.js';

type Answer = 'internet' | 'restricted' | 'unknown' | 'closed';

function answer(summary: ExposureSummary, protocol: 'tcp' | 'udp', port: number): Answer {
  const has = (ranges: readonly { from: number; to: number }[]): boolean => ranges.some(({ from, to }) => from <= port && port <= to);
  if (has(summary.internet[protocol])) return 'internet';
  if (has(summary.restricted[protocol])) return 'restricted';
  if (has(summary.unknown[protocol])) return 'unknown';
  return 'closed';
}

function summaryOf(template: object, network?: NetworkFacts): ExposureSummary {
  const summaries = exposureSummary(graphOf(template, network));
  expect(summaries).toHaveLength(1);
  return summaries[0] as ExposureSummary;
}

/** A VM with a Standard public IP, a subnet NSG and optionally a NIC NSG. */
function exposed(
  subnetRules: RuleSpec[] | undefined,
  nicRules?: RuleSpec[],
  options: { sku?: string; version?: string; nic?: Parameters<typeof netNic>[1]; extra?: object[] } = {},
): object {
  return vmTemplate([
    testVnet(subnetRules ? { nsg: 'subnet-nsg' } : {}),
    ...(subnetRules ? [nsg('subnet-nsg', subnetRules)] : []),
    ...(nicRules ? [nsg('nic-nsg', nicRules)] : []),
    // Azure gives an IP configuration a public IP of its own IP version only.
    netNic('app-1-nic', {
      publicIp: 'app-pip',
      privateIp: '10.0.1.4',
      ...(nicRules ? { nsg: 'nic-nsg' } : {}),
      ...(options.version === 'IPv6' ? { ipConfiguration: { privateIPAddressVersion: 'IPv6' } } : {}),
      ...options.nic,
    }),
    publicIpAddress('app-pip', options.sku, options.version),
    ...(options.extra ?? []),
  ]);
}

/** A public IP resource with the address Azure gave it (as live and snapshot inputs have it). */
function withAddress(publicIp: object, address: string): object {
  const typed = publicIp as { properties: object };
  return { ...typed, properties: { ...typed.properties, ipAddress: address } };
}

const TO_FRONTEND: RuleSpec[] = [{ name: 'to-frontend', priority: 100, port: 22, to: '20.48.1.7' }];
const TO_VNET: RuleSpec[] = [{ name: 'to-vnet', priority: 100, port: 22, to: 'VirtualNetwork' }];

/** A VM in the pool of public load balancer `lb`, whose rule `ssh` sends frontend port 2222 to 22, with or without floating IP. */
function behindLoadBalancer(rules: RuleSpec[], floating: unknown, address?: string, parameters?: object): object {
  return {
    ...(vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', rules),
      netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
      loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'ssh', frontendPort: 2222, backendPort: 22, floating }] }),
      address ? withAddress(publicIpAddress('lb-pip'), address) : publicIpAddress('lb-pip'),
    ]) as object),
    ...(parameters ? { parameters } : {}),
  };
}

/** A VM at 10.0.1.4 and a firewall whose DNAT rule sends port 4000 from anywhere to port 3389 of `fqdn`. */
/** A private record sending the DNAT rule's name to an address that is not the VM's. */
const OTHER_RDP = privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.9']);

function firewallToName(fqdn: string, records: readonly object[]): object {
  return vmTemplate([
    testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
    azureFirewall('fw', [{ name: 'rdp', sources: ['*'], port: 4000, translatedFqdn: fqdn, translatedPort: 3389 }]),
    ...records,
  ]);
}

/** A VM at 10.0.1.4 in `vnet` and a firewall in VNet `hub` (see `hubFirewall`), with `extra` added to the template. */
function firewallInHub(hubProperties: Record<string, unknown>, extra: object[] = [], subnet: Partial<SubnetSpec> = {}): object {
  return vmTemplate([testVnet(), ...hubFirewall('hub', hubProperties, subnet), netNic('app-1-nic', { privateIp: '10.0.1.4' }), ...extra]);
}

const PEERED_TO_VNET = {
  virtualNetworkPeerings: [{ name: 'to-vnet', properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'vnet') } } }],
};

/** A VPN gateway in `vnet/GatewaySubnet` with a site-to-site connection to an office network at `prefix`. */
function siteToSite(prefix: string): object[] {
  return [vnetGateway('vpngw'), localSite('office', [prefix]), gatewayConnection('to-office', 'vpngw', toSite('office'))];
}

/** A VM at 10.0.1.4 behind no NSG and a firewall in its VNet that runs firewall policy `policy`, with `extra` added. */
function policyFirewall(policy: string, extra: object[]): object {
  const firewall = azureFirewall('fw', []) as { properties: Record<string, unknown> };
  delete firewall.properties['natRuleCollections'];
  firewall.properties['firewallPolicy'] = { id: rid('Microsoft.Network/firewallPolicies', policy) };
  return vmTemplate([
    testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
    firewall,
    ...extra,
  ]);
}

/** The NIC with the id of its first IP configuration's public IP replaced by `id`, when given. */
function withPublicIpId(nic: object, id: string | undefined): object {
  if (id === undefined) return nic;
  const configuration = (nic as { properties: { ipConfigurations: { properties: { publicIPAddress: { id: string } } }[] } }).properties.ipConfigurations[0];
  if (configuration) configuration.properties.publicIPAddress = { id };
  return nic;
}

/** A firewall policy, its parent `base` when given. */
function firewallPolicy(name: string, properties: object = {}, base?: string): object {
  return {
    type: 'Microsoft.Network/firewallPolicies',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: { ...properties, ...(base ? { basePolicy: { id: rid('Microsoft.Network/firewallPolicies', base) } } : {}) },
  };
}

/** A rule collection group of `policy` whose DNAT rule sends port 4000 from anywhere to 10.0.1.4:3389. */
function dnatGroup(policy: string): object {
  return {
    type: 'Microsoft.Network/firewallPolicies/ruleCollectionGroups',
    apiVersion: '2024-05-01',
    name: `${policy}/dnat`,
    properties: {
      priority: 100,
      ruleCollections: [
        {
          ruleCollectionType: 'FirewallPolicyNatRuleCollection',
          name: 'inbound',
          priority: 100,
          action: { type: 'DNAT' },
          rules: [
            {
              ruleType: 'NatRule',
              name: 'rdp',
              ipProtocols: ['TCP'],
              sourceAddresses: ['*'],
              destinationAddresses: ['20.0.0.1'],
              destinationPorts: ['4000'],
              translatedAddress: '10.0.1.4',
              translatedPort: '3389',
            },
          ],
        },
      ],
    },
  };
}

interface Case {
  readonly name: string;
  readonly template: object;
  /** What the configuration says of the network. */
  readonly network?: NetworkFacts;
  readonly expect: readonly [protocol: 'tcp' | 'udp', port: number, answer: Answer][];
}

/** Allows HTTPS from anywhere to the members of application security group `web`. */
const HTTPS_TO_WEB_ASG: RuleSpec = {
  name: 'web',
  priority: 100,
  port: 443,
  to: [],
  properties: { destinationApplicationSecurityGroups: [{ id: rid('Microsoft.Network/applicationSecurityGroups', 'web') }] },
};

/** The gateway of `applicationGateway` with its routing rule made path-based: `/api/*` to pool `api` on 9090, everything else to `web`. */
function pathBasedGateway(): object {
  const gateway = applicationGateway('agw', 443, 8080) as { properties: Record<string, unknown[]> };
  const sub = (type: string, child: string): { id: string } => ({ id: rid(`Microsoft.Network/applicationGateways/${type}`, 'agw', child) });
  const properties = gateway.properties;
  properties['backendAddressPools'] = [{ name: 'web' }, { name: 'api' }];
  properties['backendHttpSettingsCollection'] = [
    ...(properties['backendHttpSettingsCollection'] ?? []),
    { name: 'api-settings', properties: { port: 9090, protocol: 'Http' } },
  ];
  properties['urlPathMaps'] = [
    {
      name: 'paths',
      properties: {
        defaultBackendAddressPool: sub('backendAddressPools', 'web'),
        defaultBackendHttpSettings: sub('backendHttpSettingsCollection', 'settings'),
        pathRules: [
          {
            name: 'api',
            properties: {
              paths: ['/api/*'],
              backendAddressPool: sub('backendAddressPools', 'api'),
              backendHttpSettings: sub('backendHttpSettingsCollection', 'api-settings'),
            },
          },
        ],
      },
    },
  ];
  properties['requestRoutingRules'] = [
    {
      name: 'route',
      properties: { ruleType: 'PathBasedRouting', priority: 100, httpListener: sub('httpListeners', 'listener'), urlPathMap: sub('urlPathMaps', 'paths') },
    },
  ];
  return gateway;
}

/** A v2 gateway proxying TCP (Layer 4): listener on 1433 to backend settings on 1433, pool `web`. */
function tcpProxyGateway(): object {
  const gateway = applicationGateway('agw', 443, 8080) as { properties: Record<string, unknown[]> };
  const sub = (type: string, child: string): { id: string } => ({ id: rid(`Microsoft.Network/applicationGateways/${type}`, 'agw', child) });
  const properties = gateway.properties;
  properties['frontendPorts'] = [{ name: 'sql', properties: { port: 1433 } }];
  properties['httpListeners'] = [];
  properties['requestRoutingRules'] = [];
  properties['backendHttpSettingsCollection'] = [];
  properties['listeners'] = [
    {
      name: 'tcp',
      properties: { frontendIPConfiguration: sub('frontendIPConfigurations', 'public'), frontendPort: sub('frontendPorts', 'sql'), protocol: 'Tcp' },
    },
  ];
  properties['backendSettingsCollection'] = [{ name: 'tcp-settings', properties: { port: 1433, protocol: 'Tcp' } }];
  properties['routingRules'] = [
    {
      name: 'tcp-route',
      properties: {
        ruleType: 'Basic',
        priority: 100,
        listener: sub('listeners', 'tcp'),
        backendAddressPool: sub('backendAddressPools', 'web'),
        backendSettings: sub('backendSettingsCollection', 'tcp-settings'),
      },
    },
  ];
  return gateway;
}

/** A NIC in Application Gateway pool `pool` of `agw`. */
function gatewayMember(pool: string): object {
  return netNic('app-1-nic', {
    privateIp: '10.0.1.4',
    ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', pool) }] },
  });
}

const cases: Case[] = [
  {
    name: 'allow SSH from * reaches through a Standard public IP',
    template: exposed([{ name: 'ssh', priority: 100, port: 22 }]),
    expect: [
      ['tcp', 22, 'internet'],
      ['tcp', 23, 'closed'],
      ['udp', 22, 'closed'],
    ],
  },
  {
    name: 'a higher-priority Deny shadows the Allow',
    template: exposed([
      { name: 'deny-ssh', priority: 100, port: 22, access: 'Deny' },
      { name: 'allow-ssh', priority: 200, port: 22 },
    ]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    // "You can't create two security rules with the same priority and direction": which one a written order puts first decides nothing.
    name: 'an Allow and a Deny with the same priority and direction, either way round: unknown',
    template: exposed([
      { name: 'allow-ssh', priority: 100, port: 22 },
      { name: 'deny-ssh', priority: 100, port: 22, access: 'Deny' },
      { name: 'deny-rdp', priority: 200, port: 3389, access: 'Deny' },
      { name: 'allow-rdp', priority: 200, port: 3389 },
      { name: 'https', priority: 300, port: 443 },
    ]),
    expect: [
      ['tcp', 22, 'unknown'],
      ['tcp', 3389, 'unknown'],
      ['tcp', 443, 'internet'],
    ],
  },
  {
    // "Priority: a number between 100 and 4096."; "you can't specify multiple service tags … in a single rule".
    name: 'a rule with a priority Azure does not accept, or two service tags: unknown where it would decide',
    template: exposed([
      { name: 'deny-ssh', priority: 50, port: 22, access: 'Deny' },
      { name: 'allow-ssh', priority: 100, port: 22 },
      { name: 'allow-rdp', priority: 5000, port: 3389 },
      { name: 'tags', priority: 300, port: 443, from: ['AzureCloud', 'Internet'] },
    ]),
    expect: [
      ['tcp', 22, 'unknown'],
      ['tcp', 3389, 'unknown'],
      ['tcp', 443, 'unknown'],
    ],
  },
  {
    // A 0.0.0.0/0 route may put every address in VirtualNetwork, and Internet is what lies outside it:
    // an address is in one or the other, so an Allow of each lets it in either way; an Allow of
    // Internet over a Deny of everything depends on which.
    name: 'a 0.0.0.0/0 route: an Allow from Internet with AllowVnetInBound below admits either way, over a Deny it is unknown',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg', routeTable: 'rt' }),
      nsg('subnet-nsg', [
        { name: 'ssh', priority: 100, port: 22, from: 'Internet' },
        { name: 'rdp', priority: 110, port: 3389, from: 'Internet' },
        { name: 'deny-rdp', priority: 120, port: 3389, access: 'Deny' },
      ]),
      routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
      publicIpAddress('app-pip'),
    ]),
    expect: [
      ['tcp', 22, 'internet'],
      ['tcp', 3389, 'unknown'],
    ],
  },
  {
    name: 'a lower-priority Deny does not shadow the Allow',
    template: exposed([
      { name: 'allow-ssh', priority: 100, port: 22 },
      { name: 'deny-ssh', priority: 200, port: 22, access: 'Deny' },
    ]),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'subnet Deny wins over NIC Allow',
    template: exposed([{ name: 'deny-rdp', priority: 100, port: 3389, access: 'Deny', from: 'Internet' }], [{ name: 'allow-rdp', priority: 100, port: 3389 }]),
    expect: [['tcp', 3389, 'closed']],
  },
  {
    name: 'subnet Allow with NIC default deny stays closed',
    template: exposed([{ name: 'allow-rdp', priority: 100, port: 3389 }], []),
    expect: [['tcp', 3389, 'closed']],
  },
  {
    name: 'subnet Allow and NIC Allow both admit',
    template: exposed([{ name: 'allow-rdp', priority: 100, port: 3389 }], [{ name: 'allow-rdp-nic', priority: 300, port: '3000-4000' }]),
    expect: [
      ['tcp', 3389, 'internet'],
      ['tcp', 3000, 'closed'],
    ],
  },
  {
    name: 'no NSG and a Standard public IP: closed',
    template: exposed(undefined),
    expect: [
      ['tcp', 22, 'closed'],
      ['udp', 53, 'closed'],
    ],
  },
  {
    name: 'no NSG and a Basic public IP: every port open',
    template: exposed(undefined, undefined, { sku: 'Basic' }),
    expect: [
      ['tcp', 22, 'internet'],
      ['udp', 53, 'internet'],
      ['tcp', 65535, 'internet'],
    ],
  },
  ...[
    {
      name: 'no NSG and a template public IP without SKU: cannot tell (Basic, open, was the default)',
      subnetRules: undefined,
      expect: [
        ['tcp', 22, 'unknown'],
        ['udp', 53, 'unknown'],
      ] as Case['expect'],
    },
    {
      name: 'an NSG and a template public IP without SKU: the NSG decides',
      subnetRules: [{ name: 'allow-ssh', priority: 100, port: 22 }],
      expect: [
        ['tcp', 22, 'internet'],
        ['tcp', 3389, 'closed'],
      ] as Case['expect'],
    },
  ].map(({ name, subnetRules, expect }) => {
    const template = exposed(subnetRules) as { resources: { type: string; sku?: unknown }[] };
    for (const resource of template.resources) if (resource.type === 'Microsoft.Network/publicIPAddresses') delete resource.sku;
    return { name, template, expect };
  }),
  {
    name: 'port lists and ranges',
    template: exposed([{ name: 'list', priority: 100, port: ['22', '8000-8010', 3389] }]),
    expect: [
      ['tcp', 22, 'internet'],
      ['tcp', 8005, 'internet'],
      ['tcp', 8011, 'closed'],
      ['tcp', 3389, 'internet'],
      ['tcp', 7999, 'closed'],
    ],
  },
  {
    name: 'protocol * opens TCP and UDP',
    template: exposed([{ name: 'any', priority: 100, port: 445, protocol: '*' }]),
    expect: [
      ['tcp', 445, 'internet'],
      ['udp', 445, 'internet'],
    ],
  },
  {
    name: 'protocol Udp opens UDP only',
    template: exposed([{ name: 'udp', priority: 100, port: 53, protocol: 'Udp' }]),
    expect: [
      ['udp', 53, 'internet'],
      ['tcp', 53, 'closed'],
    ],
  },
  ...['*', 'Any', 'Internet', '0.0.0.0/0'].map((from) => ({
    name: `source "${from}" means anywhere`,
    template: exposed([{ name: 'ssh', priority: 100, port: 22, from }]),
    expect: [['tcp', 22, 'internet']] as Case['expect'],
  })),
  {
    // An IPv4 packet never matches ::/0: the rule opens the IPv6 Internet only.
    name: 'source "::/0" means every IPv6 address: nothing of the IPv4 Internet, all of the IPv6 one',
    template: exposed([{ name: 'ssh', priority: 100, port: 22, from: '::/0' }]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'source "::/0" on an IPv6 IP configuration means anywhere',
    template: exposed([{ name: 'ssh', priority: 100, port: 22, from: '::/0' }], undefined, { version: 'IPv6' }),
    expect: [['tcp', 22, 'internet']],
  },
  {
    // "0.0.0.0/0 … represents all IP addresses" of IPv4: as a destination, not an IPv6 VM's own address either.
    name: 'destination "0.0.0.0/0" is not an IPv6 IP configuration',
    template: exposed(
      [
        { name: 'ssh', priority: 100, port: 22, from: '::/0', to: '0.0.0.0/0' },
        { name: 'rdp', priority: 110, port: 3389, from: '::/0', to: '*' },
      ],
      undefined,
      { version: 'IPv6', nic: { privateIp: 'fd00:db8::4' } },
    ),
    expect: [
      ['tcp', 22, 'closed'],
      ['tcp', 3389, 'internet'],
    ],
  },
  {
    name: 'prefix lists that add up to all IPv4 mean anywhere',
    template: exposed([{ name: 'halves', priority: 100, port: 22, from: ['0.0.0.0/1', '128.0.0.0/1'] }]),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'a narrow source is restricted',
    template: exposed([{ name: 'admin', priority: 100, port: 22, from: '203.0.113.0/24' }]),
    expect: [['tcp', 22, 'restricted']],
  },
  {
    name: 'a private source is not reachable from the Internet',
    template: exposed([{ name: 'corp', priority: 100, port: 22, from: '10.0.0.0/8' }]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    // Anyone can rent an address in Azure: reachable from some of the Internet, not closed.
    name: 'a Microsoft service tag is not Internet-wide, but its addresses are on the Internet: restricted',
    template: exposed([{ name: 'cloud', priority: 100, port: 22, from: 'AzureCloud' }]),
    expect: [['tcp', 22, 'restricted']],
  },
  {
    // Other customers' apps send from App Service's shared addresses; Storage and GatewayManager send only what Microsoft sends.
    name: "service tags of multi-tenant services are on the Internet, those of Microsoft's own services are not",
    template: exposed([
      { name: 'apps', priority: 100, port: 22, from: 'AppService' },
      { name: 'cloud-region', priority: 110, port: 23, from: 'AzureCloud.JapanEast' },
      { name: 'gateway-manager', priority: 120, port: 443, from: 'GatewayManager' },
      { name: 'storage', priority: 130, port: 3389, from: 'Storage' },
      { name: 'connectors', priority: 140, port: 8080, from: 'AzureConnectors' },
    ]),
    expect: [
      ['tcp', 22, 'restricted'],
      ['tcp', 23, 'restricted'],
      ['tcp', 443, 'closed'],
      ['tcp', 3389, 'closed'],
      // A tag not known to be Microsoft's own service is taken as one anyone can send from.
      ['tcp', 8080, 'restricted'],
    ],
  },
  {
    name: 'a platform tag (AzureLoadBalancer) is not on the Internet',
    template: exposed([{ name: 'probe', priority: 100, port: 22, from: 'AzureLoadBalancer' }]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    // Before: "restricted", and AZV-NET-002 passed a VM open to all of the Internet but one /24.
    name: 'a narrow Deny before an Allow from * leaves the port open to the Internet (all of it but that range)',
    template: exposed([
      { name: 'deny-some', priority: 100, port: 22, from: '198.51.100.0/24', access: 'Deny' },
      { name: 'ssh', priority: 200, port: 22 },
    ]),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'a Deny of half the IPv4 space before an Allow from * leaves the other half: restricted',
    template: exposed([
      { name: 'deny-half', priority: 100, port: 22, from: '0.0.0.0/1', access: 'Deny' },
      { name: 'ssh', priority: 200, port: 22 },
    ]),
    expect: [['tcp', 22, 'restricted']],
  },
  {
    name: 'Denies above an Allow from * that leave out just under a /8 still leave the Internet in; a /8 more does not',
    template: exposed([
      { name: 'deny-almost', priority: 100, port: 22, from: ['198.0.0.0/9', '198.128.0.0/10', '198.192.0.0/11'], access: 'Deny' },
      { name: 'deny-a-slash-8', priority: 110, port: 23, from: '198.0.0.0/8', access: 'Deny' },
      { name: 'ssh-telnet', priority: 200, port: ['22', '23'] },
    ]),
    expect: [
      ['tcp', 22, 'internet'],
      ['tcp', 23, 'restricted'],
    ],
  },
  {
    name: 'ASG member: the destination ASG matches the NIC',
    template: exposed([HTTPS_TO_WEB_ASG], undefined, { nic: { asgs: ['web'] } }),
    expect: [['tcp', 443, 'internet']],
  },
  {
    name: 'ASG non-member: the rule does not apply',
    template: exposed([HTTPS_TO_WEB_ASG], undefined, { nic: { asgs: ['db'] } }),
    expect: [['tcp', 443, 'closed']],
  },
  {
    // The group list held a value not known: the rule was taken not to apply (closed).
    name: 'ASG membership not known: a rule on a group may apply',
    template: {
      ...(exposed([HTTPS_TO_WEB_ASG], undefined, { nic: { ipConfiguration: { applicationSecurityGroups: [{ id: "[parameters('group')]" }] } } }) as object),
      parameters: { group: { type: 'string' } },
    },
    expect: [
      ['tcp', 443, 'unknown'],
      ['tcp', 22, 'closed'],
    ],
  },
  {
    name: 'destination prefix that excludes the VM does not apply',
    template: exposed([{ name: 'other', priority: 100, port: 22, to: '10.0.2.0/24' }]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'destination prefix that includes the static VM IP applies',
    template: exposed([{ name: 'mine', priority: 100, port: 22, to: '10.0.1.4' }]),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'destination prefix and a dynamic VM IP: unknown',
    template: exposed([{ name: 'half', priority: 100, port: 22, to: '10.0.1.0/25' }], undefined, {
      nic: { privateIp: undefined as unknown as string, ipConfiguration: { privateIPAllocationMethod: 'Dynamic' } },
    }),
    expect: [['tcp', 22, 'unknown']],
  },
  {
    name: 'outbound-only rules do not open inbound ports',
    template: exposed([{ name: 'out', priority: 100, port: 22, direction: 'Outbound' }]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'a rule whose source is an unset parameter makes the verdict unknown',
    template: {
      ...exposed([{ name: 'param', priority: 100, port: 22, from: "[parameters('adminSource')]" }]),
      parameters: { adminSource: { type: 'string' } },
    },
    expect: [
      ['tcp', 22, 'unknown'],
      ['tcp', 80, 'closed'],
    ],
  },
  {
    // A securityRules list not known was replaced with the rules declared on their own: a Deny the parameter may give was lost.
    name: 'security rules given by a parameter, and an Allow declared on its own: unknown',
    template: (() => {
      const template = exposed([]) as { resources: { name: string; properties: Record<string, unknown> }[]; parameters?: object };
      (template.resources.find((resource) => resource.name === 'subnet-nsg') as { properties: Record<string, unknown> }).properties = {
        securityRules: "[parameters('rules')]",
      };
      const { properties } = securityRule({ name: 'ssh', priority: 300, port: 22 }) as { properties: object };
      const declared = { type: 'Microsoft.Network/networkSecurityGroups/securityRules', apiVersion: '2024-05-01', name: 'subnet-nsg/ssh', properties };
      return { ...template, resources: [...template.resources, declared], parameters: { rules: { type: 'array' } } };
    })(),
    expect: [
      ['tcp', 22, 'unknown'],
      ['tcp', 80, 'unknown'],
    ],
  },
  {
    name: 'an unknown Deny in front of the default DenyAll still gives closed',
    template: {
      ...exposed([{ name: 'param', priority: 100, port: 22, access: 'Deny', from: "[parameters('blocked')]" }]),
      parameters: { blocked: { type: 'string' } },
    },
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'source port limits do not stop an attacker',
    template: exposed([
      { name: 'deny-odd', priority: 100, port: 22, access: 'Deny', sourcePort: '1000' },
      { name: 'ssh', priority: 200, port: 22 },
    ]),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'IPv6 public IP: a ::/0-only world and an IPv6 range',
    template: exposed(
      [
        { name: 'v6', priority: 100, port: 22, from: '2001:db8::/32' },
        { name: 'v4', priority: 110, port: 80, from: '0.0.0.0/1' },
      ],
      undefined,
      { version: 'IPv6' },
    ),
    expect: [
      ['tcp', 22, 'restricted'],
      ['tcp', 80, 'closed'],
    ],
  },
  {
    name: 'load balancer NAT: frontend 50022 to backend 22, the NSG sees 22',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [
        { name: 'ssh', priority: 100, port: 22 },
        { name: 'fe', priority: 110, port: 50022 },
      ]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['ssh']) }),
      loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'ssh', frontendPort: 50022, backendPort: 22 }] }),
      publicIpAddress('lb-pip'),
    ]),
    expect: [
      ['tcp', 22, 'internet'],
      ['tcp', 50022, 'closed'],
    ],
  },
  {
    name: 'load-balancing rule forwards only its backend port',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
      loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'web', frontendPort: 80, backendPort: 8080 }] }),
      publicIpAddress('lb-pip'),
    ]),
    expect: [
      ['tcp', 8080, 'internet'],
      ['tcp', 80, 'closed'],
      ['tcp', 22, 'closed'],
    ],
  },
  {
    // The rule was followed to no VM: port 8080 was closed.
    name: 'load-balancing rule whose backend pool is not known may send to the VM in its pool',
    template: (() => {
      const lb = loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'web', frontendPort: 80, backendPort: 8080 }] }) as {
        properties: { loadBalancingRules: { properties: Record<string, unknown> }[] };
      };
      (lb.properties.loadBalancingRules[0] as { properties: Record<string, unknown> }).properties['backendAddressPool'] = { id: "[parameters('pool')]" };
      return {
        ...(vmTemplate([
          testVnet({ nsg: 'subnet-nsg' }),
          nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
          lb,
          publicIpAddress('lb-pip'),
        ]) as object),
        parameters: { pool: { type: 'string' } },
      };
    })(),
    expect: [
      ['tcp', 8080, 'unknown'],
      ['tcp', 22, 'closed'],
    ],
  },
  // Floating IP: Azure leaves the frontend's address as the destination, so the NSG rules' destinations are matched
  // against it (AKS writes its NSG rules to the frontend's public IP). Before, the VM's own address was used.
  {
    name: 'floating IP: a rule to the frontend address admits the traffic',
    template: behindLoadBalancer(TO_FRONTEND, true, '20.48.1.7'),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'without floating IP: a rule to the frontend address does not',
    template: behindLoadBalancer(TO_FRONTEND, false, '20.48.1.7'),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'floating IP: a rule to VirtualNetwork does not admit traffic addressed to a public frontend',
    template: behindLoadBalancer(TO_VNET, true, '20.48.1.7'),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'without floating IP: a rule to VirtualNetwork admits it',
    template: behindLoadBalancer(TO_VNET, false, '20.48.1.7'),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: "floating IP: a rule to one public address is unknown when the frontend's address is not given",
    template: behindLoadBalancer(TO_FRONTEND, true),
    expect: [['tcp', 22, 'unknown']],
  },
  {
    name: 'floating IP: a rule to Internet admits traffic addressed to a public frontend',
    template: behindLoadBalancer([{ name: 'internet', priority: 100, port: 22, to: 'Internet' }], true),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'floating IP: a rule to a private range does not admit it',
    template: behindLoadBalancer([{ name: 'private', priority: 100, port: 22, to: '10.0.0.0/8' }], true),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'floating IP, a rule to any address: the traffic is admitted',
    template: behindLoadBalancer([{ name: 'any', priority: 100, port: 22 }], true),
    expect: [['tcp', 22, 'internet']],
  },
  {
    name: 'floating IP not known: the path is unknown',
    template: behindLoadBalancer(TO_VNET, "[parameters('floating')]", '20.48.1.7', { floating: { type: 'bool' } }),
    expect: [['tcp', 22, 'unknown']],
  },
  {
    // Only pools naming the NIC's IP configuration were followed: a pool configured by IP address reached no VM.
    name: 'load balancer pool configured by IP address holds the VM with that static IP',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ipPoolLoadBalancer(),
      publicIpAddress('lb-pip'),
    ]),
    expect: [
      ['tcp', 8080, 'internet'],
      ['tcp', 22, 'closed'],
    ],
  },
  {
    name: 'load balancer pool configured by IP address and a dynamic VM IP in that subnet: unknown',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
      netNic('app-1-nic'),
      ipPoolLoadBalancer(),
      publicIpAddress('lb-pip'),
    ]),
    expect: [
      ['tcp', 8080, 'unknown'],
      ['tcp', 22, 'closed'],
    ],
  },
  {
    name: 'load balancer pool configured by another IP address does not hold the VM',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.5' }),
      ipPoolLoadBalancer(),
      publicIpAddress('lb-pip'),
    ]),
    expect: [['tcp', 8080, 'closed']],
  },
  // A VM whose private IP or subnet is not known was in no pool configured by IP address, nor in an Application Gateway pool listing an address.
  ...(
    [
      ['a static private IP not known', { privateIp: "[parameters('ip')]" }, 'unknown'],
      ['a subnet not known, its static IP listed', { privateIp: '10.0.1.4', ipConfiguration: { subnet: { id: "[parameters('subnet')]" } } }, 'unknown'],
      ['a subnet not known, its static IP not listed', { privateIp: '10.0.1.5', ipConfiguration: { subnet: { id: "[parameters('subnet')]" } } }, 'closed'],
      ['a subnet not known, its IP dynamic', { ipConfiguration: { subnet: { id: "[parameters('subnet')]" } } }, 'unknown'],
    ] as const
  ).flatMap(([what, spec, answer]): Case[] => {
    const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[] } };
    gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
    const network = [
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
    ];
    const parameters = { parameters: { ip: { type: 'string' }, subnet: { type: 'string' } } };
    return [
      {
        name: `load balancer pool configured by IP address, the VM with ${what}: ${answer}`,
        template: vmTemplate([...network, netNic('app-1-nic', spec), ipPoolLoadBalancer(), publicIpAddress('lb-pip')], parameters),
        expect: [['tcp', 8080, answer]],
      },
      ...(what.startsWith('a static private IP')
        ? [
            {
              name: `Application Gateway pool listing an address, the VM with ${what}: ${answer}`,
              template: vmTemplate([...network, netNic('app-1-nic', spec), gateway, publicIpAddress('agw-pip')], parameters),
              expect: [['tcp', 8080, answer]] as Case['expect'],
            },
          ]
        : []),
    ];
  }),
  // A backend address read with reference(nic)…privateIPAddress was dropped: the pool held no VM.
  ...(
    [
      ['app-1-nic', 'internet'],
      ['app-2-nic', 'closed'],
      ['outside-nic', 'unknown'],
    ] as const
  ).flatMap(([nic, answer]): Case[] => {
    const address = `[reference(resourceId('Microsoft.Network/networkInterfaces', '${nic}'), '2024-05-01').ipConfigurations[0].properties.privateIPAddress]`;
    const lb = ipPoolLoadBalancer() as { properties: { backendAddressPools: { properties: { loadBalancerBackendAddresses: { properties: object }[] } }[] } };
    const member = lb.properties.backendAddressPools[0]?.properties.loadBalancerBackendAddresses[0] as { properties: object };
    member.properties = { ...member.properties, ipAddress: address };
    const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[] } };
    gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: address }] } }];
    const network = [
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
    ];
    return [
      {
        name: `load balancer pool listing reference(${nic})'s private IP, app-1-nic's being dynamic: ${answer}`,
        template: vmTemplate([...network, netNic('app-1-nic'), netNic('app-2-nic'), lb, publicIpAddress('lb-pip')]),
        expect: [['tcp', 8080, answer]],
      },
      {
        name: `Application Gateway pool listing reference(${nic})'s private IP, app-1-nic's being dynamic: ${answer}`,
        template: vmTemplate([...network, netNic('app-1-nic'), netNic('app-2-nic'), gateway, publicIpAddress('agw-pip')]),
        expect: [['tcp', 8080, answer]],
      },
    ];
  }),
  // Values not known that were dropped where a load balancer or gateway may send to the VM: each read as "no path", never as unknown.
  ...((): Case[] => {
    const network = [
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
    ];
    const withParameters = (template: object, ...names: string[]): object => ({
      ...template,
      parameters: Object.fromEntries(names.map((name) => [name, { type: name.endsWith('s') ? 'array' : 'string' }])),
    });
    /** `applicationGateway('agw', 443, 8080)` with `change` made to its properties. */
    const gateway = (change: (properties: Record<string, unknown>) => void): object => {
      const made = applicationGateway('agw', 443, 8080) as { properties: Record<string, unknown> };
      change(made.properties);
      return made;
    };
    const lbWith = (change: (properties: Record<string, unknown>) => void): object => {
      const made = loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'web', frontendPort: 80, backendPort: 8080 }] }) as {
        properties: Record<string, unknown>;
      };
      change(made.properties);
      return made;
    };
    const inLbPool = netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) });
    const reference = (nic: string): string =>
      `[reference(resourceId('Microsoft.Network/networkInterfaces', '${nic}'), '2024-05-01').ipConfigurations[0].properties.privateIPAddress]`;
    return [
      {
        name: "Application Gateway: the NIC's backend pool id from an unset parameter: unknown",
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: "[parameters('pool')]" }] } }),
            applicationGateway('agw', 443, 8080),
            publicIpAddress('agw-pip'),
          ]),
          'pool',
        ),
        expect: [['tcp', 8080, 'unknown']],
      },
      {
        name: "Application Gateway: the NIC's list of backend pools from an unset parameter: unknown",
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: { applicationGatewayBackendAddressPools: "[parameters('pools')]" } }),
            applicationGateway('agw', 443, 8080),
            publicIpAddress('agw-pip'),
          ]),
          'pools',
        ),
        expect: [['tcp', 8080, 'unknown']],
      },
      {
        name: "Application Gateway: a pool's backend addresses from an unset parameter may be the VM's: unknown on the backend port",
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4' }),
            gateway((properties) => void (properties['backendAddressPools'] = [{ name: 'web', properties: { backendAddresses: "[parameters('backends')]" } }])),
            publicIpAddress('agw-pip'),
          ]),
          'backends',
        ),
        expect: [
          ['tcp', 8080, 'unknown'],
          ['tcp', 22, 'closed'],
        ],
      },
      {
        // The gateway's pools were not read at all: a NIC naming its pool, which a routing rule names, was behind no gateway.
        name: 'Application Gateway: backend pools from an unset parameter, the NIC naming the pool a rule sends to: reached',
        template: withParameters(
          vmTemplate([
            ...network,
            gatewayMember('web'),
            gateway((properties) => void (properties['backendAddressPools'] = "[parameters('pools')]")),
            publicIpAddress('agw-pip'),
          ]),
          'pools',
        ),
        expect: [
          ['tcp', 8080, 'internet'],
          ['tcp', 22, 'closed'],
        ],
      },
      {
        name: 'Application Gateway: backend pools from an unset parameter may list a VM that names no pool: unknown',
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4' }),
            gateway((properties) => void (properties['backendAddressPools'] = "[parameters('pools')]")),
            publicIpAddress('agw-pip'),
          ]),
          'pools',
        ),
        expect: [['tcp', 8080, 'unknown']],
      },
      {
        name: 'Application Gateway: request routing rules from an unset parameter may send any port to the pool: unknown',
        template: withParameters(
          vmTemplate([
            ...network,
            gatewayMember('web'),
            gateway((properties) => void (properties['requestRoutingRules'] = "[parameters('rules')]")),
            publicIpAddress('agw-pip'),
          ]),
          'rules',
        ),
        expect: [
          ['tcp', 8080, 'unknown'],
          ['tcp', 22, 'unknown'],
        ],
      },
      {
        name: "Application Gateway: a routing rule's backend pool from an unset parameter: unknown",
        template: withParameters(
          vmTemplate([
            ...network,
            gatewayMember('web'),
            gateway((properties) => {
              const [rule] = properties['requestRoutingRules'] as { properties: Record<string, unknown> }[];
              (rule as { properties: Record<string, unknown> }).properties['backendAddressPool'] = { id: "[parameters('pool')]" };
            }),
            publicIpAddress('agw-pip'),
          ]),
          'pool',
        ),
        expect: [['tcp', 8080, 'unknown']],
      },
      ...(
        [
          ['app-1-nic', 'internet'],
          ['app-2-nic', 'closed'],
          ['outside-nic', 'unknown'],
        ] as const
      ).flatMap(([nic, answer]): Case[] => [
        {
          // The record was held, its address not known: it was passed over as a name no zone holds.
          name: `Application Gateway backend by an FQDN whose private A record is reference(${nic})'s private IP, app-1-nic's being dynamic: ${answer}`,
          template: vmTemplate([
            ...network,
            netNic('app-1-nic'),
            netNic('app-2-nic'),
            gateway(
              (properties) =>
                void (properties['backendAddressPools'] = [{ name: 'web', properties: { backendAddresses: [{ fqdn: 'web.contoso.internal' }] } }]),
            ),
            publicIpAddress('agw-pip'),
            privateDnsRecord('contoso.internal', 'web', 'A', [reference(nic)]),
          ]),
          expect: [['tcp', 8080, answer]],
        },
        {
          name: `DNAT to an FQDN whose private A record is reference(${nic})'s private IP: ${answer}`,
          template: firewallToName('rdp.contoso.internal', [privateDnsRecord('contoso.internal', 'rdp', 'A', [reference(nic)]), netNic('app-2-nic')]),
          expect: [['tcp', 3389, answer]],
        },
      ]),
      {
        // NAT rules of a load balancer outside the input were unknown; its pools were read as no pool at all.
        name: 'load balancer backend pool of a load balancer outside the input: unknown',
        template: vmTemplate([
          ...network,
          netNic('app-1-nic', {
            privateIp: '10.0.1.4',
            ipConfiguration: { loadBalancerBackendAddressPools: [{ id: rid('Microsoft.Network/loadBalancers/backendAddressPools', 'other-lb', 'pool') }] },
          }),
        ]),
        expect: [['tcp', 22, 'unknown']],
      },
      {
        name: 'Application Gateway backend pool of a gateway outside the input: unknown',
        template: vmTemplate([...network, gatewayMember('web')]),
        expect: [
          ['tcp', 8080, 'unknown'],
          ['udp', 53, 'closed'],
        ],
      },
      {
        name: 'load balancer: load-balancing rules from an unset parameter, the VM in its pool: unknown',
        template: withParameters(
          vmTemplate([
            ...network,
            inLbPool,
            lbWith((properties) => void (properties['loadBalancingRules'] = "[parameters('rules')]")),
            publicIpAddress('lb-pip'),
          ]),
          'rules',
        ),
        expect: [['tcp', 22, 'unknown']],
      },
      {
        name: 'load balancer: inbound NAT rules from an unset parameter, the VM in its pool: unknown',
        template: withParameters(
          vmTemplate([...network, inLbPool, lbWith((properties) => void (properties['inboundNatRules'] = "[parameters('rules')]")), publicIpAddress('lb-pip')]),
          'rules',
        ),
        expect: [
          ['tcp', 22, 'unknown'],
          ['tcp', 8080, 'internet'],
        ],
      },
      {
        name: "load balancer: a pool's backend addresses from an unset parameter may be the VM's: unknown",
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4' }),
            lbWith(
              (properties) =>
                void (properties['backendAddressPools'] = [{ name: 'pool', properties: { loadBalancerBackendAddresses: "[parameters('addresses')]" } }]),
            ),
            publicIpAddress('lb-pip'),
          ]),
          'addresses',
        ),
        expect: [
          ['tcp', 8080, 'unknown'],
          ['tcp', 22, 'closed'],
        ],
      },
      {
        name: 'load balancer: backend pools from an unset parameter may list the VM: unknown',
        template: withParameters(
          vmTemplate([
            ...network,
            netNic('app-1-nic', { privateIp: '10.0.1.4' }),
            lbWith((properties) => void (properties['backendAddressPools'] = "[parameters('pools')]")),
            publicIpAddress('lb-pip'),
          ]),
          'pools',
        ),
        expect: [['tcp', 8080, 'unknown']],
      },
      ...(
        [
          ['whose space the spoke may peer with', '10.9.0.0/16', 'unknown'],
          ['whose space overlaps the spoke (Azure refuses to peer them)', '10.0.0.0/16', 'closed'],
        ] as const
      ).map(([what, space, answer]): Case => ({
        // The spoke's peering to a hub given by a parameter was left out of the hub gateway's reach.
        name: `Application Gateway in a hub ${what}, listing the VM's address, the spoke's peering naming its remote from an unset parameter: ${answer}`,
        template: withParameters(
          vmTemplate([
            testVnet({ nsg: 'subnet-nsg' }, [], {
              virtualNetworkPeerings: [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: "[parameters('hub')]" } } }],
            }),
            nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
            vnet('hub', [space], [{ name: 'appgw', prefix: space.replace('0.0/16', '5.0/24') }]),
            netNic('app-1-nic', { privateIp: '10.0.1.4' }),
            gateway((properties) => {
              properties['backendAddressPools'] = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
              properties['gatewayIPConfigurations'] = [
                { name: 'gw', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'hub', 'appgw') } } },
              ];
            }),
            publicIpAddress('agw-pip'),
          ]),
          'hub',
        ),
        expect: [['tcp', 8080, answer]],
      })),
    ];
  })(),
  {
    name: 'internal load balancer is not a path',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [{ name: 'all', priority: 100, port: '*' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['ssh']) }),
      loadBalancer('lb', { natRules: [{ name: 'ssh', frontendPort: 50022, backendPort: 22 }] }),
    ]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'Application Gateway: the backend port is reached from the gateway subnet',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: 8080, from: '10.0.5.0/24' }]),
      netNic('app-1-nic', {
        privateIp: '10.0.1.4',
        ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'web') }] },
      }),
      applicationGateway('agw', 443, 8080),
      publicIpAddress('agw-pip'),
    ]),
    expect: [
      ['tcp', 8080, 'internet'],
      ['tcp', 443, 'closed'],
    ],
  },
  ...(
    [
      ['its subnet NSG admits HTTPS from one range: restricted to it', [{ name: 'clients', priority: 100, port: 443, from: '203.0.113.0/24' }], 'restricted'],
      ['its subnet NSG admits HTTPS from the Internet', [{ name: 'clients', priority: 100, port: 443, from: 'Internet' }], 'internet'],
      ['its subnet NSG admits no client: closed', [{ name: 'gateway-manager', priority: 100, port: '65200-65535', from: 'GatewayManager' }], 'closed'],
      [
        "its subnet NSG's client rule cannot be read: judged as the whole Internet",
        [{ name: 'clients', priority: 100, port: 443, from: "[parameters('clients')]" }],
        'internet',
      ],
    ] as const
  ).map(([what, rules, answer]) => ({
    // The gateway's own subnet NSG chooses which clients reach its listeners: it was read as the whole Internet.
    name: `Application Gateway: ${what}`,
    template: {
      ...(vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24', nsg: 'appgw-nsg' }]),
        nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: 8080, from: '10.0.5.0/24' }]),
        nsg('appgw-nsg', [...rules]),
        netNic('app-1-nic', {
          privateIp: '10.0.1.4',
          ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'web') }] },
        }),
        applicationGateway('agw', 443, 8080),
        publicIpAddress('agw-pip'),
      ]) as object),
      parameters: { clients: { type: 'string' } },
    },
    expect: [['tcp', 8080, answer]] as Case['expect'],
  })),
  {
    // A pool listing an address was matched only against static IPs: a dynamic IP in that subnet was read as not a member.
    name: 'Application Gateway pool listing an address in the subnet of a VM with a dynamic IP: unknown',
    template: (() => {
      const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[] } };
      gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
      return vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
        nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: '*', from: '10.0.5.0/24' }]),
        netNic('app-1-nic'),
        gateway,
        publicIpAddress('agw-pip'),
      ]);
    })(),
    expect: [
      ['tcp', 8080, 'unknown'],
      ['tcp', 443, 'closed'],
    ],
  },
  // A pool listing an address matched a VM with that address in any VNet: the gateway routes only to its VNet and its peers.
  ...(
    [
      ['not peered with it', {}, 'closed'],
      ['peered with it', PEERED_TO_VNET, 'internet'],
    ] as const
  ).map(([what, edgeProperties, answer]): Case => ({
    name: `Application Gateway pool listing the VM's address, the gateway in another VNet with the same address space, ${what}`,
    template: (() => {
      const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[]; gatewayIPConfigurations: object[] } };
      gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ ipAddress: '10.0.1.4' }] } }];
      gateway.properties.gatewayIPConfigurations = [
        { name: 'gw', properties: { subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'edge', 'appgw') } } },
      ];
      return vmTemplate([
        testVnet(),
        vnet('edge', ['10.0.0.0/16'], [{ name: 'appgw', prefix: '10.0.5.0/24' }], edgeProperties),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
        gateway,
        publicIpAddress('agw-pip'),
      ]);
    })(),
    expect: [['tcp', 8080, answer]],
  })),
  // A backend listed by FQDN was passed over: a VM published by its DNS name was not seen behind the gateway.
  ...(
    [
      ['an FQDN a private DNS record resolves to the VM', [privateDnsRecord('contoso.internal', 'web', 'A', ['10.0.1.4'])], 'internet'],
      ['an FQDN no DNS zone of the input holds (a PaaS name, most often)', [], 'closed'],
      [
        "an FQDN whose private zone is linked to the gateway's VNet",
        [privateDnsRecord('contoso.internal', 'web', 'A', ['10.0.1.4']), privateDnsLink('contoso.internal', 'vnet')],
        'internet',
      ],
      [
        'an FQDN whose private zone is linked only to another VNet (the gateway cannot resolve it)',
        [privateDnsRecord('contoso.internal', 'web', 'A', ['10.0.1.4']), privateDnsLink('contoso.internal', 'other')],
        'closed',
      ],
    ] as const
  ).map(([what, records, answer]): Case => ({
    name: `Application Gateway backend listed by ${what}`,
    template: (() => {
      const gateway = applicationGateway('agw', 443, 8080) as { properties: { backendAddressPools: object[] } };
      gateway.properties.backendAddressPools = [{ name: 'web', properties: { backendAddresses: [{ fqdn: 'web.contoso.internal' }] } }];
      return vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
        nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: '*', from: '10.0.5.0/24' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
        gateway,
        publicIpAddress('agw-pip'),
        ...records,
      ]);
    })(),
    expect: [['tcp', 8080, answer]],
  })),
  {
    name: 'Application Gateway blocked by the VM NSG',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'deny-appgw', priority: 100, port: '*', from: '10.0.5.0/24', access: 'Deny' }]),
      netNic('app-1-nic', {
        privateIp: '10.0.1.4',
        ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'agw', 'web') }] },
      }),
      applicationGateway('agw', 443, 8080),
    ]),
    expect: [['tcp', 8080, 'closed']],
  },
  {
    // Only rules naming the pool directly were followed: a path-based rule reached no VM.
    name: 'Application Gateway path-based rule: a path rule sends to the pool, with its own backend port',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: '*', from: '10.0.5.0/24' }]),
      gatewayMember('api'),
      pathBasedGateway(),
      publicIpAddress('agw-pip'),
    ]),
    expect: [
      ['tcp', 9090, 'internet'],
      ['tcp', 8080, 'closed'],
    ],
  },
  {
    name: "Application Gateway path-based rule: the URL path map's default pool",
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: '*', from: '10.0.5.0/24' }]),
      gatewayMember('web'),
      pathBasedGateway(),
      publicIpAddress('agw-pip'),
    ]),
    expect: [
      ['tcp', 8080, 'internet'],
      ['tcp', 9090, 'closed'],
    ],
  },
  {
    // TCP/TLS proxy routing rules (routingRules, listeners, backendSettingsCollection) were not read.
    name: 'Application Gateway TCP proxy: a Layer 4 routing rule reaches the backend port',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'appgw', prefix: '10.0.5.0/24' }]),
      nsg('subnet-nsg', [{ name: 'from-appgw', priority: 100, port: '*', from: '10.0.5.0/24' }]),
      gatewayMember('web'),
      tcpProxyGateway(),
      publicIpAddress('agw-pip'),
    ]),
    expect: [
      ['tcp', 1433, 'internet'],
      ['tcp', 8080, 'closed'],
    ],
  },
  {
    // A DNAT rule on the firewall's private IP was read as open to the Internet.
    name: "Firewall DNAT on the firewall's private IP is not an Internet path",
    template: (() => {
      const firewall = azureFirewall('fw', [{ name: 'rdp', sources: ['*'], port: 4000, translatedAddress: '10.0.1.4', translatedPort: 3389 }]) as {
        properties: { natRuleCollections: { properties: { rules: Record<string, unknown>[] } }[] };
      };
      ((firewall.properties.natRuleCollections[0] as { properties: { rules: Record<string, unknown>[] } }).properties.rules[0] as Record<string, unknown>)[
        'destinationAddresses'
      ] = ['10.0.6.4'];
      return vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
        nsg('subnet-nsg', [{ name: 'from-fw', priority: 100, port: '*', from: '10.0.6.0/26' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
        firewall,
      ]);
    })(),
    expect: [['tcp', 3389, 'closed']],
  },
  // Azure refuses a public IP of another IP version than its IP configuration's
  // (IPVersionForPublicIpAndNicIpConfigurationMustMatch): one not in the input is IPv4 here, and the
  // IPv4 Deny applies to all its clients.
  ...(
    [
      ['not in the input', {}],
      ['not known', { publicIpId: "[parameters('pip')]" }],
    ] as const
  ).map(([what, extra]): Case => ({
    name: `A public IP ${what} on an IPv4 IP configuration is reached from IPv4 addresses only`,
    template: {
      ...(vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }),
        nsg('subnet-nsg', [
          // Half the IPv4 space denied: what is left is restricted, unless IPv6 clients came in too.
          { name: 'deny-some', priority: 100, access: 'Deny', from: '0.0.0.0/1', port: '3389' },
          { name: 'rdp-any', priority: 200, from: '*', port: '3389' },
        ]),
        withPublicIpId(netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'elsewhere-pip' }), 'publicIpId' in extra ? extra.publicIpId : undefined),
      ]) as object),
      parameters: { pip: { type: 'string' } },
    },
    expect: [['tcp', 3389, 'restricted']],
  })),
  {
    name: 'A public IP whose IP version is not known, on an IPv6 IP configuration, is reached from IPv6 addresses',
    template: {
      ...(vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }),
        nsg('subnet-nsg', [{ name: 'ssh-v6', priority: 100, from: '2001:db8::/32', port: '22' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip', ipConfiguration: { privateIPAddressVersion: 'IPv6' } }),
        publicIpAddress('app-pip', undefined, "[parameters('version')]"),
      ]) as object),
      parameters: { version: { type: 'string' } },
    },
    expect: [['tcp', 22, 'restricted']],
  },
  {
    // A load balancer translates NAT44 and NAT66 only.
    name: 'A load balancer frontend whose public IP is not in the input reaches an IPv4 IP configuration from IPv4 addresses only',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [
        { name: 'deny-some', priority: 100, access: 'Deny', from: '0.0.0.0/1', port: '3389' },
        { name: 'rdp-any', priority: 200, from: '*', port: '3389' },
      ]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['rdp']) }),
      loadBalancer('lb', { publicIp: 'elsewhere-pip', natRules: [{ name: 'rdp', frontendPort: 50001, backendPort: 3389 }] }),
    ]),
    expect: [['tcp', 3389, 'restricted']],
  },
  {
    name: "Firewall policy DNAT from * to the VM on 3389, in the firewall's own policy",
    template: policyFirewall('fwp', [firewallPolicy('fwp'), dnatGroup('fwp')]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    // Microsoft: "policies created with non-empty parent policies inherit all rule collections from the parent policy".
    name: "Firewall policy DNAT from * to the VM on 3389, in the parent of the firewall's policy",
    template: policyFirewall('child', [firewallPolicy('child', {}, 'parent'), firewallPolicy('parent'), dnatGroup('parent')]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: 'A firewall whose policy is not in the input may forward anything to the VM',
    template: policyFirewall('elsewhere', []),
    expect: [['tcp', 3389, 'unknown']],
  },
  {
    name: 'A firewall whose policy lists a rule collection group not in the input may forward anything to the VM',
    template: policyFirewall('fwp', [
      firewallPolicy('fwp', { ruleCollectionGroups: [{ id: `${rid('Microsoft.Network/firewallPolicies', 'fwp')}/ruleCollectionGroups/dnat` }] }),
    ]),
    expect: [['tcp', 3389, 'unknown']],
  },
  {
    name: 'Firewall DNAT from * to the VM on 3389',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
      nsg('subnet-nsg', []),
      netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      azureFirewall('fw', [{ name: 'rdp', sources: ['*'], port: 4000, translatedAddress: '10.0.1.4', translatedPort: 3389 }]),
    ]),
    expect: [
      ['tcp', 3389, 'internet'],
      ['tcp', 4000, 'closed'],
    ],
  },
  {
    name: 'Firewall DNAT from an admin range is restricted',
    template: vmTemplate([
      testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      azureFirewall('fw', [{ name: 'ssh', sources: ['203.0.113.10'], port: 2222, translatedAddress: '10.0.1.4', translatedPort: 22 }]),
    ]),
    expect: [['tcp', 22, 'restricted']],
  },
  // A DNAT rule to reference(nic)…privateIPAddress translates to that IP configuration's address, dynamic or not.
  ...(
    [
      ['app-1-nic', 'internet'],
      ['app-2-nic', 'closed'],
      ['outside-nic', 'unknown'],
    ] as const
  ).map(([target, verdict]) => ({
    name: `Firewall DNAT to reference(${target}).ipConfigurations[0].properties.privateIPAddress, app-1-nic's address being dynamic: ${verdict}`,
    template: vmTemplate([
      testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
      netNic('app-1-nic'),
      netNic('app-2-nic'),
      azureFirewall('fw', [
        {
          name: 'ssh',
          sources: ['*'],
          port: 2222,
          translatedAddress: `[reference(resourceId('Microsoft.Network/networkInterfaces', '${target}'), '2024-05-01').ipConfigurations[0].properties.privateIPAddress]`,
          translatedPort: 22,
        },
      ]),
    ]),
    expect: [['tcp', 22, verdict]] as [['tcp', number, Answer]],
  })),
  {
    name: 'Firewall DNAT to another VM does not reach this one',
    template: vmTemplate([
      testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      azureFirewall('fw', [{ name: 'ssh', sources: ['*'], port: 2222, translatedAddress: '10.0.1.9', translatedPort: 22 }]),
    ]),
    expect: [['tcp', 22, 'closed']],
  },
  // A DNAT rule reached every VM with the translated address, in any VNet: address spaces are reused, and the firewall routes
  // only to its own VNet and the VNets peered with it, unless a gateway or a route takes the traffic further.
  {
    name: "Firewall DNAT to a VM's address in a VNet the firewall's VNet is not peered with does not reach it",
    template: firewallInHub({}),
    expect: [['tcp', 3389, 'closed']],
  },
  {
    name: "Firewall DNAT reaches a VM in a VNet peered with the firewall's VNet",
    template: firewallInHub(PEERED_TO_VNET),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: "Firewall DNAT reaches a VM in a VNet whose peering to the firewall's VNet is declared on its side only",
    template: firewallInHub({}, [
      {
        type: 'Microsoft.Network/virtualNetworks/virtualNetworkPeerings',
        apiVersion: '2024-05-01',
        name: 'vnet/to-hub',
        properties: { remoteVirtualNetwork: { id: rid('Microsoft.Network/virtualNetworks', 'hub') } },
      },
    ]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: "Firewall DNAT to a VM in an unpeered VNet is unknown when a gateway in the firewall's VNet may route there",
    template: firewallInHub({}, [vnetGateway('hub-vpn', 'hub')]),
    expect: [['tcp', 3389, 'unknown']],
  },
  ...(
    [
      ['SecurityAdmin', 'closed'],
      ['Connectivity', 'unknown'],
    ] as const
  ).map(([access, answer]): Case => ({
    name: `Firewall DNAT to a VM in an unpeered VNet, a network manager with ${access} access: ${answer} (a mesh connects VNets without peering)`,
    template: firewallInHub({}, [
      { type: 'Microsoft.Network/networkManagers', apiVersion: '2024-05-01', name: 'avnm', properties: { networkManagerScopeAccesses: [access] } },
    ]),
    expect: [['tcp', 3389, answer]],
  })),
  {
    name: "Firewall DNAT to a VM in an unpeered VNet is unknown when the firewall's subnet routes to an appliance",
    template: firewallInHub(
      {},
      [routeTable('fw-rt', [{ name: 'to-nva', prefix: '10.0.0.0/8', nextHopType: 'VirtualAppliance', nextHopIpAddress: '192.168.0.4' }])],
      { routeTable: 'fw-rt' },
    ),
    expect: [['tcp', 3389, 'unknown']],
  },
  // A DNAT rule translating to an FQDN reaches the VM its name resolves to through the input's DNS zones; it was passed over.
  {
    name: 'Firewall DNAT to an FQDN that a private DNS record resolves to the VM',
    template: firewallToName('rdp.contoso.internal', [privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4'])]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: 'Firewall DNAT to an FQDN resolved through a CNAME record (name written with its final dot)',
    template: firewallToName('Jump.Contoso.Internal.', [
      privateDnsRecord('contoso.internal', 'jump', 'CNAME', ['app-1.contoso.internal.']),
      privateDnsRecord('contoso.internal', 'app-1', 'A', ['10.0.1.4']),
    ]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: 'Firewall DNAT to an FQDN that resolves to another VM does not reach this one',
    template: firewallToName('rdp.contoso.internal', [privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.9'])]),
    expect: [['tcp', 3389, 'closed']],
  },
  {
    name: 'Firewall DNAT to an FQDN no DNS zone of the input holds is unknown',
    template: firewallToName('rdp.contoso.internal', []),
    expect: [
      ['tcp', 3389, 'unknown'],
      ['tcp', 22, 'closed'],
    ],
  },
  // Azure DNS answers from a private zone only in the VNets linked to it: the firewall's VNet must be one.
  {
    name: "Firewall DNAT to an FQDN whose private zone is linked to the firewall's VNet",
    template: firewallToName('rdp.contoso.internal', [
      privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4']),
      privateDnsLink('contoso.internal', 'vnet'),
    ]),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: 'Firewall DNAT to an FQDN whose private zone is linked only to another VNet is unknown: the firewall cannot resolve it there',
    template: firewallToName('rdp.contoso.internal', [
      privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4']),
      privateDnsLink('contoso.internal', 'other'),
    ]),
    expect: [['tcp', 3389, 'unknown']],
  },
  {
    name: "Firewall DNAT to an FQDN whose private zone is linked only to another VNet, the firewall's VNet using its own DNS servers",
    template: (() => {
      const template = firewallToName('rdp.contoso.internal', [
        privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4']),
        privateDnsLink('contoso.internal', 'other'),
      ]) as {
        resources: { type: string; properties: Record<string, unknown> }[];
      };
      const network = template.resources.find((resource) => resource.type === 'Microsoft.Network/virtualNetworks');
      if (network) network.properties['dhcpOptions'] = { dnsServers: ['10.0.0.53'] };
      return template;
    })(),
    expect: [['tcp', 3389, 'internet']],
  },
  // Where a private zone is linked, Azure DNS answers from it alone for the names under it (split-horizon).
  ...(
    [
      ['the linked private zone has the record: its answer, not the public one', [OTHER_RDP], {}, 'closed'],
      [
        'a more specific linked private zone has the record',
        [privateDnsRecord('rdp.contoso.internal', '@', 'A', ['10.0.1.9']), privateDnsLink('rdp.contoso.internal', 'vnet')],
        {},
        'closed',
      ],
      ['the linked private zone lacks the record: unknown, not the public answer', [], {}, 'unknown'],
      ['the linked private zone lacks the record and its link falls back to public DNS', [], { resolutionPolicy: 'NxDomainRedirect' }, 'internet'],
    ] as const
  ).map(([what, records, link, answer]): Case => ({
    name: `Firewall DNAT to an FQDN in a public zone and in a private zone linked to the firewall's VNet, ${what}`,
    template: firewallToName('rdp.contoso.internal', [
      publicDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4']),
      privateDnsRecord('contoso.internal', 'other', 'A', ['10.0.1.8']),
      privateDnsLink('contoso.internal', 'vnet', link),
      ...records,
    ]),
    expect: [['tcp', 3389, answer]],
  })),
  {
    name: 'Firewall DNAT to an FQDN whose CNAME records loop is unknown',
    template: firewallToName('a.contoso.internal', [
      privateDnsRecord('contoso.internal', 'a', 'CNAME', ['b.contoso.internal']),
      privateDnsRecord('contoso.internal', 'b', 'CNAME', ['a.contoso.internal']),
    ]),
    expect: [['tcp', 3389, 'unknown']],
  },
  // VirtualNetwork holds the on-premises address spaces a VNet's gateway connects it to: AllowVnetInBound admits them.
  ...(
    [
      ['203.0.113.0/24', 'restricted'],
      ["[parameters('officePrefix')]", 'unknown'],
    ] as const
  ).map(([prefix, answer]): Case => ({
    name: `A site-to-site connection to an office at ${prefix} puts it in VirtualNetwork: a public-IP VM with the default rules is ${answer}`,
    template: {
      ...(vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.7.0/27' }]),
        nsg('subnet-nsg', []),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
        publicIpAddress('app-pip'),
        ...siteToSite(prefix),
      ]) as object),
      parameters: { officePrefix: { type: 'string' } },
    },
    expect: [['tcp', 3389, answer]],
  })),
  // And the routes its gateways learn over BGP, which no input holds: unknown until the configuration lists them.
  ...(
    [
      ['an ExpressRoute gateway', { gatewayType: 'ExpressRoute' }, undefined, 'unknown'],
      ['a VPN gateway with BGP', { enableBgp: true }, undefined, 'unknown'],
      ['a VPN gateway without BGP', {}, undefined, 'closed'],
      ['an ExpressRoute gateway, the advertised prefixes configured', { gatewayType: 'ExpressRoute' }, ['10.200.0.0/16', '192.168.0.0/16'], 'closed'],
      ['an ExpressRoute gateway, on-premises advertising the default route', { gatewayType: 'ExpressRoute' }, ['0.0.0.0/0'], 'internet'],
      ['an ExpressRoute gateway, the advertised prefixes not readable', { gatewayType: 'ExpressRoute' }, ['10.200.0.0/99'], 'unknown'],
      // Lists by the gateway, Route Server or hub that learns them, by name or id, case aside; '*' for the others.
      ['an ExpressRoute gateway, its prefixes listed under its name', { gatewayType: 'ExpressRoute' }, { GW: ['10.200.0.0/16'] }, 'closed'],
      ['an ExpressRoute gateway, prefixes listed for another gateway only', { gatewayType: 'ExpressRoute' }, { 'other-gw': ['0.0.0.0/0'] }, 'unknown'],
      [
        'an ExpressRoute gateway, the default route listed for any other source',
        { gatewayType: 'ExpressRoute' },
        { 'other-gw': ['10.0.0.0/8'], '*': ['0.0.0.0/0'] },
        'internet',
      ],
      [
        'an ExpressRoute gateway, the default route listed under its id',
        { gatewayType: 'ExpressRoute' },
        { [rid('Microsoft.Network/virtualNetworkGateways', 'gw').toUpperCase()]: ['0.0.0.0/0'], '*': ['10.0.0.0/8'] },
        'internet',
      ],
    ] as const
  ).map(([what, gateway, bgpPrefixes, answer]): Case => ({
    name: `A public-IP VM with the default rules in a VNet with ${what} is ${answer}`,
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }, [{ name: 'GatewaySubnet', prefix: '10.0.7.0/27' }]),
      nsg('subnet-nsg', []),
      netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
      publicIpAddress('app-pip'),
      vnetGateway('gw', 'vnet', undefined, gateway),
    ]),
    ...(bgpPrefixes ? { network: { bgpPrefixes } } : {}),
    expect: [['tcp', 3389, answer]],
  })),
  // A virtual hub connection whose VNet is not known may be this VNet's: what the hub learns may be in VirtualNetwork.
  ...(
    [
      ['nothing configured', undefined, 'unknown'],
      ['its advertised prefixes private', { hub: ['10.200.0.0/16'] }, 'closed'],
      ['the default route among its advertised prefixes', { hub: ['0.0.0.0/0'] }, 'unknown'],
    ] as const
  ).map(([what, bgpPrefixes, answer]): Case => ({
    name: `A public-IP VM with the default rules beside a hub connection whose VNet is not known, ${what}, is ${answer}`,
    template: {
      ...(vmTemplate([
        testVnet({ nsg: 'subnet-nsg' }),
        nsg('subnet-nsg', []),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
        publicIpAddress('app-pip'),
        hubConnection({ remoteVirtualNetwork: { id: "[parameters('spoke')]" } }),
      ]) as object),
      parameters: { spoke: { type: 'string' } },
    },
    ...(bgpPrefixes ? { network: { bgpPrefixes } } : {}),
    expect: [['tcp', 3389, answer]],
  })),
  {
    name: 'UDR 0.0.0.0/0 widens VirtualNetwork: AllowVnetInBound gives unknown, never a pass',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg', routeTable: 'rt' }),
      nsg('subnet-nsg', []),
      routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
      netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
      publicIpAddress('app-pip'),
    ]),
    expect: [
      ['tcp', 22, 'unknown'],
      ['udp', 53, 'unknown'],
    ],
  },
  {
    name: 'without a wide UDR, AllowVnetInBound does not admit the Internet',
    template: vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', []),
      netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
      publicIpAddress('app-pip'),
    ]),
    expect: [['tcp', 22, 'closed']],
  },
  {
    name: 'NSG outside the input: unknown',
    template: vmTemplate([testVnet({ nsg: 'shared-nsg' }), netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }), publicIpAddress('app-pip')]),
    expect: [['tcp', 22, 'unknown']],
  },
  // Azure Virtual Network Manager security admin rules come before the NSGs; none is known to be in force (its commit is not in the input).
  {
    name: 'an admin Deny that may be in force makes what the NSGs admit unknown, and only that',
    template: exposed(
      [
        { name: 'rdp', priority: 100, port: 3389 },
        { name: 'https', priority: 110, port: 443 },
      ],
      undefined,
      { extra: adminRules([{ name: 'deny-rdp', priority: 10, access: 'Deny', port: '3389' }]) },
    ),
    expect: [
      ['tcp', 3389, 'unknown'],
      ['tcp', 443, 'internet'],
      ['tcp', 22, 'closed'],
    ],
  },
  {
    name: 'an admin Always allow that may be in force makes what the NSGs deny unknown',
    template: exposed([{ name: 'https', priority: 110, port: 443 }], undefined, {
      extra: adminRules([{ name: 'always-ssh', priority: 10, access: 'AlwaysAllow', port: '22' }]),
    }),
    expect: [
      ['tcp', 22, 'unknown'],
      ['tcp', 443, 'internet'],
      ['tcp', 3389, 'closed'],
    ],
  },
  {
    name: 'an admin Allow hands over to the NSGs, and rules for other VNets or sources change nothing',
    template: exposed([{ name: 'rdp', priority: 100, port: 3389 }], undefined, {
      extra: [
        ...adminRules(
          [
            { name: 'allow-rdp', priority: 10, access: 'Allow', port: '3389' },
            { name: 'deny-rdp-from-office', priority: 20, access: 'Deny', port: '3389', from: '203.0.113.0/24' },
          ],
          ['other-vnet'],
        ),
      ],
    }),
    expect: [['tcp', 3389, 'internet']],
  },
  {
    name: 'a network group without static members may hold the VNet (Azure Policy adds members)',
    template: exposed([{ name: 'rdp', priority: 100, port: 3389 }], undefined, {
      extra: adminRules([{ name: 'deny-rdp', priority: 10, access: 'Deny', port: '3389' }], []),
    }),
    expect: [['tcp', 3389, 'unknown']],
  },
];

describe('network exposure: NSG and path semantics', () => {
  for (const c of cases) {
    it(c.name, () => {
      const summary = summaryOf(c.template, c.network);
      const got = c.expect.map(([protocol, port]) => [protocol, port, answer(summary, protocol, port)]);
      expect(got).toEqual(c.expect);
    });
  }

  it('names the service tags an exposure admits, and leaves them unsaid inside the Internet', () => {
    const summary = summaryOf(
      exposed([
        { name: 'ssh-cloud', priority: 100, port: 22, from: 'azurecloud' },
        { name: 'rdp-apps', priority: 110, port: 3389, from: 'AppService.WestUS' },
        { name: 'https', priority: 120, port: 443, from: 'Internet' },
      ]),
    );
    const on = (port: number): ExposureEntry | undefined =>
      [...summary.internet.entries, ...summary.restricted.entries].find((e) => e.ports.some((r) => r.from <= port && r.to >= port));
    expect(on(22)).toMatchObject({ sources: ['AzureCloud'], rules: [{ name: 'ssh-cloud' }] });
    expect(on(3389)).toMatchObject({ sources: ['AppService.WestUS'] });
    expect(on(443)).toMatchObject({ sources: ['Internet (IPv4)'] });
    expect(answer(summary, 'tcp', 443)).toBe('internet');
  });

  it('keeps the sources that surely get through apart from the undecided rest, each with its own rules', () => {
    const summary = summaryOf(
      vmTemplate([
        testVnet({ nsg: 'subnet-nsg', routeTable: 'rt' }),
        nsg('subnet-nsg', [{ name: 'rdp-office', priority: 100, port: 3389, from: '203.0.113.0/24' }]),
        routeTable('rt', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.6.4' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-pip' }),
        publicIpAddress('app-pip'),
      ]),
    );
    const rdp = (entries: readonly ExposureEntry[]): ExposureEntry | undefined => entries.find((e) => e.ports.some((r) => r.from <= 3389 && r.to >= 3389));
    expect(rdp(summary.restricted.entries)).toMatchObject({ sources: ['203.0.113.0/24'], rules: [{ name: 'rdp-office' }] });
    expect(rdp(summary.unknown.entries)).toMatchObject({
      sources: [],
      rules: [{ name: 'DenyAllInBound' }],
      reason: expect.stringContaining("route table 'rt'"),
    });
  });

  it('keeps the deciding rule with its NSG, priority and a pointer that locates it', () => {
    const template = exposed([
      { name: 'deny-telnet', priority: 90, port: 23, access: 'Deny' },
      { name: 'ssh', priority: 100, port: 22 },
    ]);
    const graph = graphOf(template);
    const [summary] = exposureSummary(graph);
    const entry = summary?.internet.entries.find((e) => e.protocol === 'Tcp');
    expect(entry?.path?.kind).toBe('public-ip');
    expect(entry?.rules.map((rule) => [rule.name, rule.priority, rule.attachment, rule.pointer])).toEqual([
      ['ssh', 100, 'subnet', '/properties/securityRules/1'],
    ]);
    const nsgResource = graph.get(entry?.rules[0]?.nsgId ?? '');
    expect(nsgResource && locate(nsgResource, entry?.rules[0]?.pointer ?? '')?.line).toBeGreaterThan(1);
  });

  it('evaluates each NSG once for all ports (a 1000-rule NSG stays fast)', () => {
    const rules: RuleSpec[] = Array.from({ length: 1000 }, (_, i) => ({
      name: `r${i}`,
      priority: 100 + i,
      port: 1000 + i * 3,
      access: i % 2 ? 'Deny' : 'Allow',
    }));
    const summary = summaryOf(exposed(rules));
    expect(answer(summary, 'tcp', 1000)).toBe('internet');
    expect(answer(summary, 'tcp', 1003)).toBe('closed');
  });

  it('an NSG past Azure limits (4,000 scattered rules) is unknown with its reason, not minutes of work', () => {
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const rules: RuleSpec[] = Array.from({ length: 4000 }, (_, i) => ({
      name: `r${i}`,
      priority: 100 + i,
      access: i % 2 ? 'Deny' : 'Allow',
      from: `${1 + Math.floor(next() * 222)}.${Math.floor(next() * 256)}.0.0/${8 + Math.floor(next() * 16)}`,
      port: `${Math.floor(next() * 30000)}-${30000 + Math.floor(next() * 35535)}`,
    }));
    const graph = graphOf(exposed(rules));
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    const { exposures } = networkAnalysis(graph).vm(vm);
    const reason = "the rules of 'subnet-nsg' are too many or too scattered to evaluate (over 1000000 comparisons)";
    expect(exposures.map((e) => [e.protocol, e.reach, e.reason])).toEqual([
      ['Tcp', 'unknown', reason],
      ['Udp', 'unknown', reason],
    ]);
  });

  it('a rule with 50,000 source prefixes and 2,000 ports is read with each merged once', () => {
    const from = Array.from({ length: 50_000 }, (_, i) => `20.${(i >> 8) & 255}.${i & 255}.1/32`);
    const port = Array.from({ length: 2000 }, (_, i) => i * 16 + 1);
    const summary = summaryOf(exposed([{ name: 'partners', priority: 100, from, port }]));
    expect(answer(summary, 'tcp', 17)).toBe('restricted');
    expect(answer(summary, 'tcp', 18)).toBe('closed');
  });

  it('explains a VM per port in English and Japanese', () => {
    const graph = graphOf(
      exposed([
        { name: 'ssh', priority: 100, port: 22 },
        { name: 'admin', priority: 110, port: 3389, from: '203.0.113.0/24' },
      ]),
    );
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    const analysis = networkAnalysis(graph);
    const en = explainVm(graph, vm, 'en', analysis);
    expect(en).toContain('Reachable from the whole Internet:');
    expect(en).toMatch(/TCP 22 via public IP app-pip from Internet \(IPv4\) — allowed by "ssh" \(subnet NSG subnet-nsg, priority 100/);
    expect(en).toMatch(/TCP 3389 via public IP app-pip from 203\.0\.113\.0\/24/);
    const ja = explainVm(graph, vm, 'ja', analysis);
    expect(ja).toContain('インターネット全体から到達可能:');
    expect(ja).toContain('優先度 100');
  });

  it('says when a path is addressed to a load balancer frontend (floating IP)', () => {
    const graph = graphOf(behindLoadBalancer([{ name: 'to-frontend', priority: 100, port: 22, to: '20.48.1.7' }], true, '20.48.1.7'));
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    expect(explainVm(graph, vm, 'en')).toContain(
      'TCP 22 via load-balancing rule lb "ssh", frontend port 2222 (floating IP: addressed to the frontend 20.48.1.7/32)',
    );
    expect(explainVm(graph, vm, 'ja')).toContain('(フローティング IP: 宛先はフロントエンド 20.48.1.7/32)');
  });

  it('names the host a DNAT rule translates to by FQDN', () => {
    const graph = graphOf(firewallToName('rdp.contoso.internal', [privateDnsRecord('contoso.internal', 'rdp', 'A', ['10.0.1.4'])]));
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    expect(explainVm(graph, vm, 'en')).toMatch(/TCP 3389 via Azure Firewall DNAT rule fw "rdp", frontend port 4000 \(to rdp\.contoso\.internal\)/);
    expect(explainVm(graph, vm, 'ja')).toContain('(宛先 rdp.contoso.internal)');
  });

  // A peering whose remote VNet is not known was left out of every other VNet's VirtualNetwork tag.
  it("takes a VNet whose peering names a remote not known into another VNet's VirtualNetwork tag as may-be, unless their spaces overlap", () => {
    const tagOf = (spokeSpace: string): { maybe: boolean; reason: string | undefined } => {
      const spoke = vnet('spoke', [spokeSpace], [{ name: 'default', prefix: spokeSpace.replace('/16', '/24') }], {
        virtualNetworkPeerings: [{ name: 'to-hub', properties: { remoteVirtualNetwork: { id: "[parameters('hub')]" } } }],
      });
      const graph = graphOf({ ...vmTemplate([testVnet(), netNic('app-1-nic', { privateIp: '10.0.1.4' }), spoke]), parameters: { hub: { type: 'string' } } });
      const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
      if (!vm) throw new Error('no VM');
      const target = networkAnalysis(graph).vm(vm).targets[0];
      if (!target) throw new Error('no target');
      return { maybe: target.virtualNetwork.maybe.covers(parseCidr(spokeSpace) as IntervalSet), reason: target.virtualNetwork.reason };
    };
    expect(tagOf('10.9.0.0/16')).toEqual({
      maybe: true,
      reason:
        "VNet 'spoke' has a peering whose remote VNet is not known (parameter 'hub' has no value): it may be peered with VNet 'vnet', and VirtualNetwork then takes in its space",
    });
    expect(tagOf('10.0.0.0/16')).toEqual({ maybe: false, reason: undefined });
  });

  it('names a rule that may decide in place of the deciding one, and why that is not known', () => {
    // ssh-maybe (ports not known) sits above ssh, which allows the same: port 22 is reachable either way.
    const template = {
      ...exposed([
        { name: 'ssh-maybe', priority: 100, port: "[parameters('port')]" },
        { name: 'ssh', priority: 200, port: 22 },
      ]),
      parameters: { port: { type: 'string' } },
    };
    const graph = graphOf(template);
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    const text = explainVm(graph, vm, 'en', networkAnalysis(graph));
    expect(text).toMatch(
      /TCP 22 via public IP app-pip from Internet \(IPv4\) — allowed by "ssh" \(subnet NSG subnet-nsg, priority 200, Allow from \*\) — unless decided first by "ssh-maybe" \(subnet NSG subnet-nsg, priority 100, Allow from \*\) \(ssh-maybe in subnet-nsg: .*parameter 'port' has no value/,
    );
    expect(explainVm(graph, vm, 'ja', networkAnalysis(graph))).toContain('先に判定している可能性のあるルール "ssh-maybe"');
  });

  it('spells out control characters in names from the scanned files', () => {
    const graph = graphOf(exposed([{ name: 'ssh\r\u001b[8m\nfake', priority: 100, port: 22 }]));
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    if (!vm) throw new Error('no VM');
    const text = explainVm(graph, vm, 'en', networkAnalysis(graph));
    expect(text).toContain('allowed by "ssh\\r\\u001b[8m\\nfake"');
    expect(controlCharacters(text)).toEqual([]);
  });
});
