import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, firewallPolicy } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const premium = (mode: string | undefined): object =>
  armTemplate([
    firewall('hub-fw', { tier: 'Premium', policy: 'hub-policy' }),
    firewallPolicy('hub-policy', { sku: { tier: 'Premium' }, ...(mode ? { intrusionDetection: { mode } } : {}) }),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [{ name: 'Premium with IDPS Deny', template: premium('Deny') }],
  invalid: [
    {
      name: 'Standard tier',
      template: armTemplate([firewall('hub-fw', { policy: 'hub-policy' }), firewallPolicy('hub-policy')]),
      findings: [{ messageId: 'notPremium', at: '/properties/sku', data: { name: 'hub-fw', tier: 'Standard' } }],
    },
    {
      name: 'Premium with IDPS Alert',
      template: premium('Alert'),
      findings: [
        {
          messageId: 'idpsNotDeny',
          resource: 'hub-policy',
          at: '/properties/intrusionDetection/mode',
          data: { name: 'hub-fw', mode: 'Alert', policy: 'hub-policy' },
        },
      ],
    },
    {
      name: 'Premium without intrusionDetection (Off)',
      template: premium(undefined),
      findings: [{ messageId: 'idpsNotDeny', resource: 'hub-policy', data: { name: 'hub-fw', mode: 'Off', policy: 'hub-policy' } }],
    },
    {
      name: 'Premium firewall with classic rules',
      template: armTemplate([firewall('hub-fw', { tier: 'Premium' })]),
      findings: [{ messageId: 'noPolicy', data: { name: 'hub-fw' } }],
    },
  ],
  unknown: [
    {
      name: 'tier from an unset parameter',
      template: { ...(armTemplate([firewall('hub-fw', { tier: "[parameters('tier')]" })]) as object), parameters: { tier: { type: 'string' } } },
      reason: /parameter 'tier' has no value/,
    },
  ],
  // Every Azure Firewall has a tier, so there is no not-applicable case.
  notApplicable: [],
});
