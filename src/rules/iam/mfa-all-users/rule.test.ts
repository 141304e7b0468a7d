import { BREAK_GLASS, caPolicy, forbidden, organization } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], extra: object = {}): object => ({
  entra: { organization: organization('P1'), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies, ...extra },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'MFA for all users, break-glass excluded',
      snapshot: tenant([caPolicy('CA001 Require MFA for all users', { users: { excludeUsers: BREAK_GLASS } })]),
    },
    { name: 'security defaults on', snapshot: { entra: { securityDefaults: { isEnabled: true }, conditionalAccessPolicies: [] } } },
  ],
  invalid: [
    { name: 'no policy', snapshot: tenant([]), findings: [{ messageId: 'missing', at: '/properties/conditionalAccessPolicies' }] },
    {
      name: 'report-only',
      snapshot: tenant([caPolicy('CA001 MFA', { state: 'enabledForReportingButNotEnforced' })]),
      findings: [{ messageId: 'reportOnly', at: '/properties/conditionalAccessPolicies/0', data: { policy: 'CA001 MFA' } }],
    },
    {
      name: 'excludes a group',
      snapshot: tenant([caPolicy('CA001 MFA', { users: { excludeGroups: ['f1f1f1f1-0000-4000-8000-000000000001'] } })]),
      findings: [{ messageId: 'excluded', data: { policy: 'CA001 MFA', exclusions: '1 group' } }],
    },
    {
      name: 'MFA only at elevated insider risk',
      snapshot: tenant([
        ((policy: Record<string, unknown>): object => ({ ...policy, conditions: { ...(policy['conditions'] as object), insiderRiskLevels: 'elevated' } }))(
          caPolicy('CA001 MFA for risky insiders'),
        ),
      ]),
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'MFA or compliant device',
      snapshot: tenant([caPolicy('CA001 MFA', { grant: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] } })]),
      findings: [{ messageId: 'missing' }],
    },
  ],
  unknown: [
    {
      name: 'no policy, and security defaults say nothing',
      snapshot: tenant([caPolicy('CA001 MFA', { state: 'disabled' })], { securityDefaults: { isEnabled: null } }),
      reason: /security defaults.*does not say/,
    },
  ],
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { securityDefaults: { isEnabled: false }, unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
    {
      name: 'no policy, and security defaults unreadable',
      snapshot: { entra: { organization: organization('P1'), conditionalAccessPolicies: [], unavailable: { securityDefaults: forbidden('Policy.Read.All') } } },
      reason: /security defaults.*Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID Free without security defaults', snapshot: tenant([], { organization: organization('Free') }) }],
});
