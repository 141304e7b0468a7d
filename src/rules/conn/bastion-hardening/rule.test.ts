import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { bastion } from '../../../../test/support/edge-snippets.js';
import { nsg, vnet, type RuleSpec } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

/** A Bastion host in `vnet/AzureBastionSubnet`, the subnet behind an NSG with `rules` when they are given. */
const host = (properties: Record<string, unknown>, sku = 'Standard', rules?: RuleSpec[]): object =>
  armTemplate([
    vnet('vnet', ['10.0.0.0/16'], [{ name: 'AzureBastionSubnet', prefix: '10.0.0.0/26', ...(rules ? { nsg: 'bastion-nsg' } : {}) }]),
    ...(rules ? [nsg('bastion-nsg', rules)] : []),
    bastion('bas', { sku, properties }),
  ]);

/** The inbound rules Azure requires on AzureBastionSubnet, HTTPS from `clients`. */
const bastionRules = (clients: string): RuleSpec[] => [
  { name: 'https-in', priority: 120, port: 443, from: clients },
  { name: 'gateway-manager-in', priority: 130, port: 443, from: 'GatewayManager' },
  { name: 'load-balancer-in', priority: 140, port: 443, from: 'AzureLoadBalancer' },
  { name: 'host-communication-in', priority: 150, port: ['8080', '5701'], from: 'VirtualNetwork', to: 'VirtualNetwork' },
  { name: 'deny-all-in', priority: 4000, port: '*', access: 'Deny', from: '*' },
];

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'defaults (no shareable link, no tunneling)', template: host({}) },
    { name: 'tunneling and IP connect off', template: host({ enableTunneling: false, enableIpConnect: false, networkAcls: { ipRules: [] } }, 'Premium') },
    { name: 'private-only Premium with IP connect', template: host({ enableIpConnect: true, enablePrivateOnlyBastion: true }, 'Premium') },
    {
      name: "tunneling and IP connect whose public endpoint AzureBastionSubnet's NSG opens to the administrators' range only",
      template: host({ enableTunneling: true, enableIpConnect: true }, 'Standard', bastionRules('203.0.113.0/24')),
    },
  ],
  invalid: [
    {
      name: 'shareable links on',
      template: host({ enableShareableLink: true }),
      findings: [{ messageId: 'shareableLink', at: '/properties/enableShareableLink', data: { name: 'bas' } }],
    },
    {
      name: 'tunneling and IP connect without an allow-list',
      template: host({ enableTunneling: true, enableIpConnect: true }),
      findings: [
        { messageId: 'unscoped', at: '/properties/enableTunneling', data: { name: 'bas', feature: 'native client tunneling' } },
        { messageId: 'unscoped', at: '/properties/enableIpConnect', data: { name: 'bas', feature: 'IP-based connection' } },
      ],
    },
    {
      name: "tunneling behind AzureBastionSubnet's NSG that admits HTTPS from the Internet",
      template: host({ enableTunneling: true }, 'Standard', bastionRules('Internet')),
      findings: [{ messageId: 'unscoped', at: '/properties/enableTunneling', data: { name: 'bas', feature: 'native client tunneling' } }],
    },
    {
      name: 'tunneling on a Premium host with networkAcls.ipRules (they apply to the Developer SKU only)',
      template: host({ enableTunneling: true, networkAcls: { ipRules: [{ addressPrefix: '203.0.113.0/24' }] } }, 'Premium'),
      findings: [{ messageId: 'unscoped', at: '/properties/enableTunneling', data: { name: 'bas', feature: 'native client tunneling' } }],
    },
  ],
  unknown: [
    {
      name: 'shareable link from an unset parameter',
      template: { ...(host({ enableShareableLink: "[parameters('share')]" }) as object), parameters: { share: { type: 'bool' } } },
      reason: /parameter 'share' has no value/,
    },
    {
      name: "tunneling, AzureBastionSubnet's NSG admitting HTTPS from a parameter without value",
      template: {
        ...(host({ enableTunneling: true }, 'Standard', bastionRules("[parameters('admins')]")) as object),
        parameters: { admins: { type: 'string' } },
      },
      reason: /subnet 'vnet\/AzureBastionSubnet' may admit HTTPS from the whole Internet: .*parameter 'admins' has no value/,
    },
    {
      name: 'tunneling on a host whose subnet is not in the input',
      template: armTemplate([bastion('bas', { properties: { enableTunneling: true } })]),
      reason: /the subnet of Bastion 'bas' is not in the scanned input/,
    },
  ],
  // Every Bastion host has these settings (absent means off), so nothing is not applicable.
  notApplicable: [],
});
