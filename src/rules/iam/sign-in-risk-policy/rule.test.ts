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
      name: 'report-only',
      snapshot: tenant([risk(['medium', 'high'], { state: 'enabledForReportingButNotEnforced' })]),
      findings: [{ messageId: 'reportOnly', data: { policy: 'CA007 Sign-in risk MFA', levels: 'medium/high' } }],
    },
  ],
  unknownImpossible: 'Graph JSON is always known; an unreadable section is not assessed',
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID P1', snapshot: tenant([], 'P1') }],
});
