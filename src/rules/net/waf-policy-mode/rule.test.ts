import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { wafPolicy } from '../../../../test/support/edge-snippets.js';
import { applicationGateway } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const gatewayWith = (properties: Record<string, unknown>): Record<string, unknown> => {
  const gateway = applicationGateway('web-agw', 443, 443) as { properties: Record<string, unknown> };
  return { ...gateway, properties: { ...gateway.properties, ...properties } };
};
const used = (policy: object): object =>
  armTemplate([policy, gatewayWith({ firewallPolicy: { id: rid('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', 'web-waf') } })]);

/**
 * A gateway naming its WAF policy `[<name>]`, `name` an expression of `wafName`, a parameter without a value (a Bicep
 * `param wafName string` scanned alone), and `policies`: unless one of them is named so, the gateway's policy is not known.
 */
const gatewayNaming = (name: string, ...policies: object[]): object => ({
  ...(armTemplate([
    ...policies,
    gatewayWith({ firewallPolicy: { id: `[resourceId('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', ${name})]` } }),
  ]) as object),
  parameters: { wafName: { type: 'string' } },
});

/** A Front Door WAF policy of the given tier, attached to an endpoint by a security policy. */
const frontDoor = (sku: string, managedRuleSets: object[]): object =>
  armTemplate([
    {
      type: 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
      apiVersion: '2024-02-01',
      name: 'shopwaf',
      location: 'Global',
      sku: { name: sku },
      properties: {
        policySettings: { enabledState: 'Enabled', mode: 'Prevention', requestBodyCheck: 'Enabled' },
        managedRules: { managedRuleSets },
      },
    },
    {
      type: 'Microsoft.Cdn/profiles/securityPolicies',
      apiVersion: '2024-02-01',
      name: 'shop-afd/waf',
      properties: {
        parameters: {
          type: 'WebApplicationFirewall',
          wafPolicy: { id: rid('Microsoft.Network/FrontDoorWebApplicationFirewallPolicies', 'shopwaf') },
          associations: [{ domains: [{ id: rid('Microsoft.Cdn/profiles/afdEndpoints', 'shop-afd', 'shop') }], patternsToMatch: ['/*'] }],
        },
      },
    },
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Prevention with DRS 2.1 and Bot Manager', template: used(wafPolicy('web-waf')), resource: 'web-waf' },
    {
      name: 'Front Door Premium policy',
      template: frontDoor('Premium_AzureFrontDoor', [
        { ruleSetType: 'Microsoft_DefaultRuleSet', ruleSetVersion: '2.1', ruleSetAction: 'Block' },
        { ruleSetType: 'Microsoft_BotManagerRuleSet', ruleSetVersion: '1.1' },
      ]),
      resource: 'shopwaf',
    },
  ],
  invalid: [
    {
      // Before: not applicable, "no gateway uses this policy": read from Azure, the policy lists the gateway that does.
      name: 'policy in Detection whose gateway is outside the input, as the policy read from Azure lists it',
      template: armTemplate([
        (() => {
          const policy = wafPolicy('spare-waf', { mode: 'Detection' }) as { properties: Record<string, unknown> };
          return { ...policy, properties: { ...policy.properties, applicationGateways: [{ id: rid('Microsoft.Network/applicationGateways', 'other-agw') }] } };
        })(),
      ]),
      resource: 'spare-waf',
      findings: [{ messageId: 'detection', data: { name: 'spare-waf', mode: 'Detection' } }],
    },
    {
      // Azure WAF supports N to N-2 (DRS 2.2, 2.1, 2.0 on Front Door): DRS 1.x is past them.
      name: 'Front Door Premium policy on DefaultRuleSet 1.0',
      template: frontDoor('Premium_AzureFrontDoor', [
        { ruleSetType: 'DefaultRuleSet', ruleSetVersion: '1.0' },
        { ruleSetType: 'Microsoft_BotManagerRuleSet', ruleSetVersion: '1.1' },
      ]),
      resource: 'shopwaf',
      findings: [{ messageId: 'outdatedRuleSet', data: { name: 'shopwaf', ruleSets: 'DefaultRuleSet 1.0, Microsoft_BotManagerRuleSet 1.1' } }],
    },
    {
      name: 'Front Door Standard policy (custom rules only): one tier finding, not rule set findings',
      template: frontDoor('Standard_AzureFrontDoor', []),
      resource: 'shopwaf',
      findings: [{ messageId: 'standardTier', at: '/sku/name', data: { name: 'shopwaf' } }],
    },
    {
      name: 'Detection mode, no body check, OWASP 3.1, no Bot Manager',
      template: used(wafPolicy('web-waf', { mode: 'Detection', requestBodyCheck: false }, [{ ruleSetType: 'OWASP', ruleSetVersion: '3.1' }])),
      resource: 'web-waf',
      findings: [
        { messageId: 'detection', at: '/properties/policySettings', data: { name: 'web-waf', mode: 'Detection' } },
        { messageId: 'noBodyCheck', data: { name: 'web-waf' } },
        { messageId: 'outdatedRuleSet', at: '/properties/managedRules', data: { name: 'web-waf', ruleSets: 'OWASP 3.1' } },
        { messageId: 'noBotManager', data: { name: 'web-waf' } },
      ],
    },
    {
      // Before: unknown. The gateway's resourceId() of the same parameter names this policy, whatever its value.
      name: 'policy named by a parameter without a value, in Detection mode, the gateway naming it so',
      template: gatewayNaming("parameters('wafName')", { ...wafPolicy('web-waf', { mode: 'Detection' }), name: "[parameters('wafName')]" }),
      resource: "[parameters('wafName')]",
      findings: [{ messageId: 'detection', at: '/properties/policySettings', data: { name: "[parameters('wafName')]", mode: 'Detection' } }],
    },
    {
      name: 'disabled policy',
      template: used(wafPolicy('web-waf', { state: 'Disabled' })),
      resource: 'web-waf',
      findings: [{ messageId: 'disabled', data: { name: 'web-waf', state: 'Disabled' } }],
    },
    {
      name: 'legacy WAF configuration in Detection mode',
      template: armTemplate([
        gatewayWith({ webApplicationFirewallConfiguration: { enabled: true, firewallMode: 'Detection', ruleSetType: 'OWASP', ruleSetVersion: '3.2' } }),
      ]),
      findings: [{ messageId: 'detection', at: '/properties/webApplicationFirewallConfiguration', data: { name: 'web-agw', mode: 'Detection' } }],
    },
  ],
  unknown: [
    {
      name: 'mode from an unset parameter',
      template: { ...(used(wafPolicy('web-waf', { mode: "[parameters('mode')]" })) as object), parameters: { mode: { type: 'string' } } },
      resource: 'web-waf',
      reason: /parameter 'mode' has no value/,
    },
    {
      // A name made from the parameter by take() stays expression text: the gateway's policy id is not known.
      name: 'policy named by take() of a parameter without a value, in Detection mode, the gateway naming it so: it may be the gateway policy',
      template: gatewayNaming("take(parameters('wafName'), 80)", { ...wafPolicy('web-waf', { mode: 'Detection' }), name: "[take(parameters('wafName'), 80)]" }),
      resource: "[take(parameters('wafName'), 80)]",
      reason: /the WAF policy of Microsoft\.Network\/applicationGateways 'web-agw' is not known \(parameter 'wafName' has no value\): it may be this one/,
    },
  ],
  notApplicable: [
    { name: 'policy no gateway uses', template: armTemplate([wafPolicy('spare-waf', { mode: 'Detection' })]) },
    {
      name: 'a gateway policy not known, and a policy that would pass: passes whichever gateway uses it',
      template: gatewayNaming("parameters('wafName')", wafPolicy('spare-waf')),
      resource: 'spare-waf',
    },
    {
      name: 'a gateway policy not known, and a Front Door policy: a gateway cannot use it',
      template: gatewayNaming("parameters('wafName')", {
        type: 'Microsoft.Network/FrontDoorWebApplicationFirewallPolicies',
        apiVersion: '2024-02-01',
        name: 'spare-fd-waf',
        location: 'Global',
        sku: { name: 'Premium_AzureFrontDoor' },
        properties: { policySettings: { enabledState: 'Enabled', mode: 'Detection' } },
      }),
      resource: 'spare-fd-waf',
    },
    { name: 'gateway without WAF (AZV-NET-019 judges it)', template: armTemplate([gatewayWith({})]) },
  ],
});
