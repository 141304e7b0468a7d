import { azureFirewall, netNic, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withDnat = (sources: string[], translatedPort: number): object =>
  vmTemplate([
    testVnet({}, [{ name: 'AzureFirewallSubnet', prefix: '10.0.6.0/26' }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
    azureFirewall('fw', [{ name: 'admin', sources, port: 4000, translatedAddress: '10.0.1.4', translatedPort }]),
  ]);

/** The same rule on the firewall's private address: DNAT for traffic from peered VNets or on-premises, not from the Internet. */
function onPrivateFrontend(template: object): object {
  const copy = structuredClone(template) as { resources: { type: string; properties: { natRuleCollections?: { properties: { rules: object[] } }[] } }[] };
  for (const resource of copy.resources) {
    for (const collection of resource.properties.natRuleCollections ?? []) {
      collection.properties.rules = collection.properties.rules.map((natRule) => ({ ...natRule, destinationAddresses: ['10.0.6.4'] }));
    }
  }
  return copy;
}

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'RDP DNAT from one admin address', template: withDnat(['203.0.113.10'], 3389) },
    { name: 'web DNAT from anywhere', template: withDnat(['*'], 443) },
    { name: "RDP DNAT from * on the firewall's private address (not reachable from the Internet)", template: onPrivateFrontend(withDnat(['*'], 3389)) },
  ],
  invalid: [
    {
      name: 'RDP DNAT from *',
      template: withDnat(['*'], 3389),
      findings: [
        {
          messageId: 'broad',
          resource: 'fw',
          at: '/properties/natRuleCollections/0/properties/rules/0',
          data: { name: 'fw', rule: 'admin', ports: '3389', sources: 'Internet' },
        },
      ],
    },
    {
      name: 'SSH DNAT from a /4 of public space',
      template: withDnat(['64.0.0.0/4'], 22),
      findings: [{ messageId: 'broad', resource: 'fw', data: { name: 'fw', rule: 'admin', ports: '22', sources: '64.0.0.0/4' } }],
    },
  ],
  unknown: [
    {
      name: 'sources from an unset parameter',
      template: { ...withDnat(["[parameters('sources')]" as unknown as string], 22), parameters: { sources: { type: 'array' } } },
      reason: /parameter 'sources' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'firewall without DNAT rules',
      template: vmTemplate([{ type: 'Microsoft.Network/azureFirewalls', apiVersion: '2024-05-01', name: 'fw', location: 'japaneast', properties: {} }]),
    },
  ],
});
