import { caPolicy, forbidden } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (isEnabled: unknown, policies: object[]): object => ({
  entra: { securityDefaults: { id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled }, conditionalAccessPolicies: policies },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'security defaults on', snapshot: tenant(true, []) },
    { name: 'off, with an MFA policy for all users', snapshot: tenant(false, [caPolicy('CA001 MFA')]) },
  ],
  invalid: [
    { name: 'off, no policy', snapshot: tenant(false, []), findings: [{ messageId: 'nothingInForce', at: '/properties/securityDefaults/isEnabled' }] },
    {
      name: 'off, only disabled policies',
      snapshot: tenant(false, [caPolicy('CA001 MFA', { state: 'disabled' })]),
      findings: [{ messageId: 'nothingInForce' }],
    },
    {
      name: 'off, enabled policies without MFA for all',
      snapshot: tenant(false, [caPolicy('Block legacy', { clientAppTypes: ['other'], grant: { operator: 'OR', builtInControls: ['block'] } })]),
      findings: [{ messageId: 'noMfaPolicy', data: { count: 1 } }],
    },
  ],
  unknown: [{ name: 'isEnabled missing', snapshot: tenant(null, []), reason: /does not say/ }],
  notAssessed: [{ name: 'unreadable', snapshot: { entra: { unavailable: { securityDefaults: forbidden('Policy.Read.All') } } }, reason: /Policy\.Read\.All/ }],
});
