import { caPolicy, forbidden } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const LEGACY_BLOCK = caPolicy('CA002 Block legacy authentication', {
  clientAppTypes: ['exchangeActiveSync', 'other'],
  grant: { operator: 'OR', builtInControls: ['block'] },
});
const AZURE_MANAGEMENT = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

const tenant = (isEnabled: unknown, policies: object[]): object => ({
  entra: { securityDefaults: { id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled }, conditionalAccessPolicies: policies },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'security defaults on', snapshot: tenant(true, []) },
    { name: 'off, with an MFA policy for all users and a legacy-authentication block', snapshot: tenant(false, [caPolicy('CA001 MFA'), LEGACY_BLOCK]) },
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
      snapshot: tenant(false, [LEGACY_BLOCK]),
      findings: [{ messageId: 'noMfaPolicy', data: { count: 1 } }],
    },
    {
      name: 'off, MFA for the Azure management app only',
      snapshot: tenant(false, [caPolicy('CA020 MFA Azure management', { applications: { includeApplications: [AZURE_MANAGEMENT] } }), LEGACY_BLOCK]),
      findings: [{ messageId: 'noMfaPolicy', data: { count: 2 } }],
    },
    {
      name: 'off, MFA for all users but legacy authentication not blocked',
      snapshot: tenant(false, [caPolicy('CA001 MFA')]),
      findings: [{ messageId: 'noLegacyBlock', data: { count: 1 } }],
    },
  ],
  unknown: [{ name: 'isEnabled missing', snapshot: tenant(null, []), reason: /does not say/ }],
  notAssessed: [{ name: 'unreadable', snapshot: { entra: { unavailable: { securityDefaults: forbidden('Policy.Read.All') } } }, reason: /Policy\.Read\.All/ }],
});
