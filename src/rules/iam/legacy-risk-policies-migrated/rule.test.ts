import { caPolicy, forbidden, organization, strengthGrant } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], licence: 'P1' | 'P2' = 'P2'): object => ({
  entra: { organization: organization(licence), conditionalAccessPolicies: policies },
});
const userRisk = caPolicy('CA006 User risk', { userRiskLevels: ['high'], grant: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } });
const signInRisk = caPolicy('CA007 Sign-in risk', { signInRiskLevels: ['medium', 'high'] });
/** "Require risk remediation" with the built-in MFA strength, as Graph returns it with and without `Prefer: include-unknown-enum-members`. */
const remediation = (builtInControls: string[]): object =>
  caPolicy('CA006 User risk remediation', {
    userRiskLevels: ['high'],
    grant: { ...strengthGrant('00000000-0000-0000-0000-000000000002', 'Multifactor authentication', ['password,sms']), operator: 'AND', builtInControls },
  });

testRule(rule, {
  url: import.meta.url,
  valid: [],
  validImpossible: 'the legacy Identity Protection policies are not in Microsoft Graph v1.0: at best the rule is not assessed, to attest',
  invalid: [
    {
      name: 'no risk-based Conditional Access',
      snapshot: tenant([caPolicy('CA001 MFA')]),
      findings: [{ messageId: 'notMigrated', data: { missing: 'user risk and sign-in risk' } }],
    },
    { name: 'sign-in risk missing', snapshot: tenant([userRisk]), findings: [{ messageId: 'notMigrated', data: { missing: 'sign-in risk' } }] },
  ],
  unknown: [
    {
      name: 'risk remediation read without the Prefer header',
      snapshot: tenant([remediation(['unknownFutureValue']), signInRisk]),
      reason: /unknownFutureValue/,
    },
  ],
  notAssessed: [
    { name: 'migrated: confirm the legacy policies are off', snapshot: tenant([userRisk, signInRisk]), reason: /attestation/ },
    { name: 'migrated to risk remediation', snapshot: tenant([remediation(['riskRemediation']), signInRisk]), reason: /attestation/ },
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID P1', snapshot: tenant([], 'P1') }],
});
