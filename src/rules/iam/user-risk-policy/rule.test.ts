import { caPolicy, forbidden, organization, strengthGrant } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], licence: 'P1' | 'P2' = 'P2'): object => ({
  entra: { organization: organization(licence), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies },
});
const risk = (grant: object, levels = ['high']): object => caPolicy('CA006 High user risk', { userRiskLevels: levels, grant });
/** "Require risk remediation" with the built-in MFA strength, as Graph returns it with and without `Prefer: include-unknown-enum-members`. */
const remediation = (builtInControls: string[]): object => ({
  ...strengthGrant('00000000-0000-0000-0000-000000000002', 'Multifactor authentication', ['password,sms']),
  operator: 'AND',
  builtInControls,
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'MFA and password change', snapshot: tenant([risk({ operator: 'AND', builtInControls: ['mfa', 'passwordChange'] })]) },
    { name: 'block', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['block'] })]) },
    { name: 'risk remediation and an authentication strength', snapshot: tenant([risk(remediation(['riskRemediation']))]) },
  ],
  invalid: [
    { name: 'no risk policy', snapshot: tenant([caPolicy('CA001 MFA')]), findings: [{ messageId: 'missing' }] },
    { name: 'MFA only', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['mfa'] })]), findings: [{ messageId: 'missing' }] },
    { name: 'medium risk only', snapshot: tenant([risk({ operator: 'OR', builtInControls: ['block'] }, ['medium'])]), findings: [{ messageId: 'missing' }] },
  ],
  unknown: [
    {
      name: 'risk remediation read without the Prefer header',
      snapshot: tenant([risk(remediation(['unknownFutureValue']))]),
      reason: /unknownFutureValue.*include-unknown-enum-members/,
    },
  ],
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID P1 has no risk conditions', snapshot: tenant([], 'P1') }],
});
