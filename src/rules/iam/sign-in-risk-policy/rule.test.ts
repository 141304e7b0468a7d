import { caPolicy, forbidden, organization } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], licence: 'P1' | 'P2' = 'P2'): object => ({
  entra: { organization: organization(licence), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies },
});
const risk = (levels: string[], options: object = {}): object => caPolicy('CA007 Sign-in risk MFA', { signInRiskLevels: levels, ...options });

testRule(rule, {
  url: import.meta.url,
  valid: [{ name: 'medium and high require MFA', snapshot: tenant([risk(['medium', 'high'])]) }],
  invalid: [
    { name: 'high only', snapshot: tenant([risk(['high'])]), findings: [{ messageId: 'missing', data: { levels: 'medium/high' } }] },
    {
      name: 'a custom strength that allows a password alone',
      snapshot: tenant([
        risk(['medium', 'high'], {
          grant: {
            operator: 'OR',
            builtInControls: [],
            authenticationStrength: {
              id: '7f1c0000-0000-4000-8000-000000000002',
              requirementsSatisfied: 'none',
              allowedCombinations: ['password', 'password,sms'],
            },
          },
        }),
      ]),
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'report-only',
      snapshot: tenant([risk(['medium', 'high'], { state: 'enabledForReportingButNotEnforced' })]),
      findings: [{ messageId: 'reportOnly', data: { policy: 'CA007 Sign-in risk MFA', levels: 'medium/high' } }],
    },
  ],
  unknown: [
    {
      name: 'a custom authentication strength known by id only',
      snapshot: tenant([
        risk(['medium', 'high'], { grant: { operator: 'OR', builtInControls: [], authenticationStrength: { id: '7f1c0000-0000-4000-8000-000000000001' } } }),
      ]),
      reason: /known only by id/,
    },
  ],
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID P1', snapshot: tenant([], 'P1') }],
});
