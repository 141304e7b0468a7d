import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const profile = (sku: string): object => ({
  type: 'Microsoft.Cdn/profiles',
  apiVersion: '2024-02-01',
  name: 'shop-afd',
  location: 'Global',
  sku: { name: sku },
});
const endpoint = {
  type: 'Microsoft.Cdn/profiles/afdEndpoints',
  apiVersion: '2024-02-01',
  name: 'shop-afd/shop',
  location: 'Global',
  properties: { enabledState: 'Enabled' },
};
const securityPolicy = (wafPolicy: unknown = rid('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies', 'shopwaf')): object => ({
  type: 'Microsoft.Cdn/profiles/securityPolicies',
  apiVersion: '2024-02-01',
  name: 'shop-afd/waf',
  properties: {
    parameters: {
      type: 'WebApplicationFirewall',
      wafPolicy: { id: wafPolicy },
      associations: [{ domains: [{ id: rid('Microsoft.Cdn/profiles/afdEndpoints', 'shop-afd', 'shop') }], patternsToMatch: ['/*'] }],
    },
  },
});
const classic = (link?: string): object => ({
  type: 'Microsoft.Network/frontDoors',
  apiVersion: '2021-06-01',
  name: 'shop-fd',
  location: 'Global',
  properties: {
    frontendEndpoints: [{ name: 'shop', properties: { hostName: 'shop-fd.azurefd.net', ...(link ? { webApplicationFirewallPolicyLink: { id: link } } : {}) } }],
  },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'Front Door Premium endpoint with a WAF security policy',
      template: armTemplate([profile('Premium_AzureFrontDoor'), endpoint, securityPolicy()]),
      resource: 'shop-afd',
    },
  ],
  invalid: [
    {
      name: 'Front Door Standard endpoint without WAF',
      template: armTemplate([profile('Standard_AzureFrontDoor'), endpoint]),
      resource: 'shop-afd',
      findings: [{ messageId: 'noWaf', resource: 'shop-afd/shop', at: '', data: { name: 'shop-afd', domain: 'endpoint "shop"' } }],
    },
    {
      name: 'classic Front Door without WAF, retiring',
      template: armTemplate([classic()]),
      findings: [
        { messageId: 'retiring', data: { name: 'shop-fd', tier: 'Azure Front Door (classic)', retirement: '2027-03-31', days: 121, asOf: '2026-11-30' } },
        { messageId: 'noWaf', at: '/properties/frontendEndpoints/0', data: { name: 'shop-fd', domain: 'frontend endpoint "shop"' } },
      ],
    },
    {
      name: 'CDN from Edgio',
      template: armTemplate([profile('Standard_Verizon')]),
      findings: [{ messageId: 'retired', at: '/sku', data: { name: 'shop-afd', tier: 'Azure CDN from Edgio', retirement: '2025-01-15' } }],
    },
    {
      name: 'CDN from Akamai',
      template: armTemplate([profile('Standard_Akamai')]),
      findings: [{ messageId: 'retired', at: '/sku', data: { name: 'shop-afd', tier: 'Azure CDN Standard from Akamai', retirement: '2023-10-31' } }],
    },
  ],
  unknown: [
    {
      // Before: failed, "no WAF security policy", though the WAF policy read from Azure names one of the profile the input lacks.
      name: 'Front Door Premium endpoint, the WAF policy linked to a security policy of the profile the input does not hold',
      template: armTemplate([
        profile('Premium_AzureFrontDoor'),
        endpoint,
        {
          type: 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
          apiVersion: '2024-02-01',
          name: 'shopwaf',
          location: 'Global',
          sku: { name: 'Premium_AzureFrontDoor' },
          properties: {
            policySettings: { enabledState: 'Enabled', mode: 'Prevention' },
            securityPolicyLinks: [{ id: rid('Microsoft.Cdn/profiles/securityPolicies', 'shop-afd', 'waf') }],
          },
        },
      ]),
      resource: 'shop-afd',
      reason: /WAF policy 'shopwaf' is linked to security policy 'waf' of the profile, which is not in the input/,
    },
    {
      name: 'WAF link from an unset parameter',
      template: {
        ...(armTemplate([profile('Premium_AzureFrontDoor'), endpoint, securityPolicy("[parameters('waf')]")]) as object),
        parameters: { waf: { type: 'string' } },
      },
      resource: 'shop-afd',
      reason: /parameter 'waf' has no value/,
    },
    {
      // Before: failed, "no WAF security policy": the security policy named its profile with a value
      // not known (as a module's parameter set from another module's output), so it was no profile's.
      name: 'a security policy whose profile is named by a value not known',
      template: {
        ...(armTemplate([
          profile('Premium_AzureFrontDoor'),
          endpoint,
          { ...securityPolicy(), name: "[format('{0}/waf', take(parameters('profileName'), 60))]" },
        ]) as object),
        parameters: { profileName: { type: 'string' } },
      },
      resource: 'shop-afd',
      reason: /the profile of security policy '.*' is not known: it may be this one/,
    },
  ],
  notApplicable: [{ name: 'CDN profile of another kind', template: armTemplate([profile('Standard_ChinaCdn')]) }],
});
