import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, firewallPolicy, rid } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withPolicy = (mode: string | undefined, base?: string): object =>
  armTemplate([
    firewall('hub-fw', { policy: 'hub-policy' }),
    firewallPolicy('hub-policy', {
      ...(mode ? { threatIntelMode: mode } : {}),
      ...(base ? { basePolicy: { id: rid('Microsoft.Network/firewallPolicies', 'base-policy') } } : {}),
    }),
    ...(base ? [firewallPolicy('base-policy', { threatIntelMode: base })] : []),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'policy in Deny mode', template: withPolicy('Deny') },
    { name: 'child policy inherits Deny from its base policy', template: withPolicy('Alert', 'Deny') },
    { name: 'classic firewall in Deny mode', template: armTemplate([firewall('hub-fw', { properties: { threatIntelMode: 'Deny' } })]) },
  ],
  invalid: [
    {
      name: 'policy in Alert mode',
      template: withPolicy('Alert'),
      findings: [
        { messageId: 'notDeny', resource: 'hub-policy', at: '/properties/threatIntelMode', data: { name: 'hub-fw', mode: 'Alert', where: 'hub-policy' } },
      ],
    },
    {
      name: 'policy without threatIntelMode defaults to Alert',
      template: withPolicy(undefined),
      findings: [{ messageId: 'notDeny', resource: 'hub-policy', data: { name: 'hub-fw', mode: 'Alert', where: 'hub-policy' } }],
    },
    {
      name: 'Basic firewall and policy in Alert mode: the tier cannot deny',
      template: armTemplate([
        firewall('hub-fw', { tier: 'Basic', policy: 'hub-policy' }),
        firewallPolicy('hub-policy', { sku: { tier: 'Basic' }, threatIntelMode: 'Alert' }),
      ]),
      findings: [{ messageId: 'basicTier', resource: 'hub-fw', at: '/properties/sku/tier', data: { name: 'hub-fw' } }],
    },
    {
      name: 'classic firewall with threat intelligence off',
      template: armTemplate([firewall('hub-fw', { properties: { threatIntelMode: 'Off' } })]),
      findings: [{ messageId: 'notDeny', at: '/properties/threatIntelMode', data: { name: 'hub-fw', mode: 'Off', where: 'hub-fw' } }],
    },
  ],
  unknown: [
    {
      name: 'policy outside the input',
      template: armTemplate([firewall('hub-fw', { policy: 'shared-policy' })]),
      reason: /firewallPolicies 'shared-policy' is not in the scanned input/,
    },
    {
      name: 'mode from an unset parameter',
      template: { ...(withPolicy("[parameters('mode')]") as object), parameters: { mode: { type: 'string' } } },
      reason: /parameter 'mode' has no value/,
    },
  ],
  // Every Azure Firewall has a threat-intelligence mode, so there is no not-applicable case.
  notApplicable: [],
});
