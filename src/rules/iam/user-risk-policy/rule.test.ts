import { caPolicy, forbidden, organization } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], licence: 'P1' | 'P2' = 'P2'): object => ({
  entra: { organization: organization(licence), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies },
});
const risk = (grant: object, levels = ['high']): object => caPolicy('CA006 High user risk', { userRiskLevels: levels, grant });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'MFA and password change', snapshot: tenant([risk({ operator: 'AND', builtInControls: ['mfa', 'passwordChange'] })]) },
    { name: 'block', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['block'] })]) },
  ],
  invalid: [
    { name: 'no risk policy', snapshot: tenant([caPolicy('CA001 MFA')]), findings: [{ messageId: 'missing' }] },
    { name: 'MFA only', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['mfa'] })]), findings: [{ messageId: 'missing' }] },
    { name: 'medium risk only', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['block'] }, ['medium'])]), findings: [{ messageId: 'missing' }] },
  ],
  unknownImpossible: 'Graph JSON is always known; an unreadable section is not assessed',
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID P1 has no risk conditions', snapshot: tenant([], 'P1') }],
});
