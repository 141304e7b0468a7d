import { rid } from '../../../../test/support/arm-snippets.js';
import {
  hubConnection,
  lbMembership,
  loadBalancer,
  netNic,
  routeTable,
  routingIntent,
  testVnet,
  virtualHub,
  vmTemplate,
  vnet,
} from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const natGateway = {
  natGateway: { id: '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers/Microsoft.Network/natGateways/nat' },
};

/**
 * The VM NIC in subnet `workload` of the VNet named `vnet` (an expression of `vnetName`, a Bicep `param vnetName string`
 * scanned alone), and the given resources: unless one of them is that VNet, the subnet is not known.
 */
const unplacedNic = (resources: object[], vnet = "parameters('vnetName')"): object => ({
  ...(vmTemplate([
    ...resources,
    netNic('app-1-nic', { ipConfiguration: { subnet: { id: `[resourceId('Microsoft.Network/virtualNetworks/subnets', ${vnet}, 'workload')]` } } }),
  ]) as object),
  parameters: { vnetName: { type: 'string' } },
});

/** Subnet `vnet/workload` declared as its own resource, as templates that add subnets one by one write it. */
const separateSubnet = (apiVersion: string): object => ({
  type: 'Microsoft.Network/virtualNetworks/subnets',
  apiVersion,
  name: 'vnet/workload',
  dependsOn: ["[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]"],
  properties: { addressPrefix: '10.0.1.0/24' },
});

/** A load balancer with an outbound rule for its backend pool. */
function withOutboundRule(lb: object): object {
  const typed = lb as { name: string; properties: object };
  const pool = { id: rid('Microsoft.Network/loadBalancers/backendAddressPools', typed.name, 'pool') };
  const frontend = { id: rid('Microsoft.Network/loadBalancers/frontendIPConfigurations', typed.name, 'frontend') };
  const outboundRules = [{ name: 'egress', properties: { protocol: 'All', backendAddressPool: pool, frontendIPConfigurations: [frontend] } }];
  return { ...typed, properties: { ...typed.properties, outboundRules } };
}

/** A load balancer whose outbound rules come from parameter `rules`. */
function withOutboundRulesFromParameter(lb: object): object {
  const typed = lb as { properties: object };
  return { ...typed, properties: { ...typed.properties, outboundRules: "[parameters('rules')]" } };
}

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'private subnet with a NAT gateway',
      template: vmTemplate([testVnet({ properties: { defaultOutboundAccess: false, ...natGateway } }), netNic('app-1-nic')]),
      resource: 'vnet/workload',
    },
    {
      name: 'API 2025-07-01 VNets are private by default',
      template: vmTemplate([{ ...testVnet(), apiVersion: '2025-07-01' }, netNic('app-1-nic')]),
      resource: 'vnet/workload',
    },
    {
      name: 'subnet declared on its own with API 2025-07-01 in an older VNet',
      template: vmTemplate([vnet('vnet', ['10.0.0.0/16'], []), separateSubnet('2025-07-01'), netNic('app-1-nic')]),
      resource: 'vnet/workload',
    },
  ],
  invalid: [
    {
      name: 'default outbound access and nothing explicit',
      template: vmTemplate([testVnet(), netNic('app-1-nic')]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload' } }],
    },
    {
      // Before: unknown. The NIC's resourceId() of the same parameter names this subnet, whatever its value.
      name: 'VNet named by a parameter without a value, its VM NIC following it, default outbound access and nothing explicit',
      template: unplacedNic([{ ...(testVnet() as object), name: "[parameters('vnetName')]" }]),
      resource: "[parameters('vnetName')]/workload",
      findings: [{ messageId: 'implicit', at: '/properties', data: { name: "[parameters('vnetName')]/workload" } }],
    },
    {
      name: 'the VMs in the backend pool of a load balancer with an outbound rule: explicit, but not private',
      template: vmTemplate([
        testVnet(),
        netNic('app-1-nic', { ipConfiguration: lbMembership('egress-lb', [], true) }),
        withOutboundRule(loadBalancer('egress-lb', { publicIp: 'egress-pip' })),
      ]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'notPrivate', resource: 'vnet/workload', data: { name: 'vnet/workload' } }],
    },
    {
      // "Deployed in the backend pool of a basic public load balancer" is explicit outbound (Microsoft Learn).
      name: 'the VMs in the backend pool of a Basic public load balancer: explicit, but not private',
      template: vmTemplate([
        testVnet(),
        netNic('app-1-nic', { ipConfiguration: lbMembership('basic-lb', [], true) }),
        loadBalancer('basic-lb', { sku: 'Basic', publicIp: 'basic-pip' }),
      ]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'notPrivate', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload' } }],
    },
    {
      name: 'the VMs in the backend pool of a Basic internal load balancer: no explicit method',
      template: vmTemplate([
        testVnet(),
        netNic('app-1-nic', { ipConfiguration: lbMembership('basic-lb', [], true) }),
        loadBalancer('basic-lb', { sku: 'Basic' }),
      ]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload' } }],
    },
    {
      name: 'the VMs in the backend pool of a Standard public load balancer without outbound rules: no explicit method',
      template: vmTemplate([
        testVnet(),
        netNic('app-1-nic', { ipConfiguration: lbMembership('web-lb', [], true) }),
        loadBalancer('web-lb', { publicIp: 'web-pip' }),
      ]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload' } }],
    },
    {
      name: 'subnet declared on its own with an older API in a 2025-07-01 VNet',
      template: vmTemplate([{ ...vnet('vnet', ['10.0.0.0/16'], []), apiVersion: '2025-07-01' }, separateSubnet('2024-05-01'), netNic('app-1-nic')]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload', at: '/properties', data: { name: 'vnet/workload' } }],
    },
    {
      name: 'a spoke of a virtual hub whose routing intent sends Internet traffic to its firewall: explicit, but not private',
      template: vmTemplate([testVnet(), netNic('app-1-nic'), virtualHub(), hubConnection(), routingIntent(['Internet'])]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'notPrivate', resource: 'vnet/workload', at: '/properties' }],
    },
    {
      name: 'a spoke of a virtual hub whose connection does not take its default route',
      template: vmTemplate([testVnet(), netNic('app-1-nic'), virtualHub(), hubConnection({ enableInternetSecurity: false }), routingIntent(['Internet'])]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload', at: '/properties' }],
    },
    {
      name: 'a route whose prefix is not known may be the default route to the firewall: still not private, the method unsure',
      template: {
        ...(vmTemplate([
          testVnet({ routeTable: 'egress' }),
          routeTable('egress', [{ name: 'out', prefix: "[parameters('egressPrefix')]", nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }]),
          netNic('app-1-nic'),
        ]) as object),
        parameters: { egressPrefix: { type: 'string' } },
      },
      resource: 'vnet/workload',
      findings: [
        {
          messageId: 'unsureMethod',
          resource: 'vnet/workload',
          at: '/properties',
          data: { name: 'vnet/workload', reason: "parameter 'egressPrefix' has no value" },
        },
      ],
    },
    {
      name: 'a route whose prefix is not known, to the Internet: no explicit method either way',
      template: {
        ...(vmTemplate([
          testVnet({ routeTable: 'egress' }),
          routeTable('egress', [{ name: 'out', prefix: "[parameters('egressPrefix')]", nextHopType: 'Internet' }]),
          netNic('app-1-nic'),
        ]) as object),
        parameters: { egressPrefix: { type: 'string' } },
      },
      resource: 'vnet/workload',
      findings: [{ messageId: 'implicit', resource: 'vnet/workload' }],
    },
    {
      name: 'a NAT gateway given by a parameter without a value: not private whatever it is',
      template: {
        ...(vmTemplate([testVnet({ properties: { natGateway: "[parameters('nat')]" } }), netNic('app-1-nic')]) as object),
        parameters: { nat: { type: 'object' } },
      },
      resource: 'vnet/workload',
      findings: [{ messageId: 'unsureMethod', resource: 'vnet/workload', data: { name: 'vnet/workload', reason: "parameter 'nat' has no value" } }],
    },
    {
      name: 'backend pools from a parameter without a value: an outbound rule may cover them, the method unsure',
      template: {
        ...(vmTemplate([
          testVnet(),
          netNic('app-1-nic', { ipConfiguration: { loadBalancerBackendAddressPools: "[parameters('pools')]" } }),
          withOutboundRule(loadBalancer('egress-lb', { publicIp: 'egress-pip' })),
        ]) as object),
        parameters: { pools: { type: 'array' } },
      },
      resource: 'vnet/workload',
      findings: [{ messageId: 'unsureMethod', resource: 'vnet/workload', data: { name: 'vnet/workload', reason: "parameter 'pools' has no value" } }],
    },
    {
      name: "a load balancer's outbound rules from a parameter without a value: the method unsure",
      template: {
        ...(vmTemplate([
          testVnet(),
          netNic('app-1-nic', { ipConfiguration: lbMembership('egress-lb', [], true) }),
          withOutboundRulesFromParameter(loadBalancer('egress-lb', { publicIp: 'egress-pip' })),
        ]) as object),
        parameters: { rules: { type: 'array' } },
      },
      resource: 'vnet/workload',
      findings: [{ messageId: 'unsureMethod', resource: 'vnet/workload', data: { name: 'vnet/workload', reason: "parameter 'rules' has no value" } }],
    },
    {
      name: 'backend pools from a parameter without a value, but a NAT gateway: explicit, not private',
      template: {
        ...(vmTemplate([
          testVnet({ properties: natGateway }),
          netNic('app-1-nic', { ipConfiguration: { loadBalancerBackendAddressPools: "[parameters('pools')]" } }),
        ]) as object),
        parameters: { pools: { type: 'array' } },
      },
      resource: 'vnet/workload',
      findings: [{ messageId: 'notPrivate', resource: 'vnet/workload', data: { name: 'vnet/workload' } }],
    },
    {
      name: 'NAT gateway but defaultOutboundAccess true',
      template: vmTemplate([testVnet({ properties: { defaultOutboundAccess: true, ...natGateway } }), netNic('app-1-nic')]),
      resource: 'vnet/workload',
      findings: [{ messageId: 'notPrivate', resource: 'vnet/workload', at: '/properties/defaultOutboundAccess' }],
    },
  ],
  unknown: [
    {
      name: 'defaultOutboundAccess from an unset parameter',
      template: {
        ...(vmTemplate([testVnet({ properties: { defaultOutboundAccess: "[parameters('dao')]" } }), netNic('app-1-nic')]) as object),
        parameters: { dao: { type: 'bool' } },
      },
      resource: 'vnet/workload',
      reason: /parameter 'dao' has no value/,
    },
    {
      // A name made from the parameter by take() stays expression text: the NIC's subnet id is not known.
      name: 'VNet named by take() of a parameter without a value, its VM NIC following it: the subnet may host the VM',
      template: unplacedNic([{ ...(testVnet() as object), name: "[take(parameters('vnetName'), 64)]" }], "take(parameters('vnetName'), 64)"),
      resource: "[take(parameters('vnetName'), 64)]/workload",
      reason: /a NIC of "app-1" cannot be followed to its subnet \(parameter 'vnetName' has no value\): it may be in this subnet/,
    },
  ],
  notApplicable: [
    {
      name: 'VM NIC whose subnet is not known, and a private subnet: private wherever the VM is',
      template: unplacedNic([testVnet({ properties: { defaultOutboundAccess: false } })]),
      resource: 'vnet/workload',
    },
    {
      name: 'VM NIC whose subnet is not known, and a platform subnet no VM can sit in',
      template: unplacedNic([testVnet({}, [{ name: 'AzureBastionSubnet', prefix: '10.0.2.0/26' }])]),
      resource: 'vnet/AzureBastionSubnet',
    },
    {
      name: 'subnet without VMs',
      template: vmTemplate([testVnet({}, [{ name: 'spare', prefix: '10.0.7.0/24' }]), netNic('app-1-nic')]),
      resource: 'vnet/spare',
    },
  ],
});
