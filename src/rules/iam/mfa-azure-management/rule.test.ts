import { AZURE_MANAGEMENT_APP } from '../../../analyses/identity/conditional-access.js';
import { caPolicy, forbidden, organization } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], extra: object = {}): object => ({
  entra: { organization: organization('P1'), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies, ...extra },
});
const apps = (includeApplications: string[]): object => ({ applications: { includeApplications } });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'all apps', snapshot: tenant([caPolicy('CA001 MFA')]) },
    { name: 'Azure management and admin portals', snapshot: tenant([caPolicy('CA002 Admin MFA', apps([AZURE_MANAGEMENT_APP, 'MicrosoftAdminPortals']))]) },
    {
      // Excluding another app (Office 365 Exchange Online) leaves Azure management and the admin portals covered.
      name: 'all apps but Exchange Online',
      snapshot: tenant([
        caPolicy('CA001 MFA', { applications: { includeApplications: ['All'], excludeApplications: ['00000002-0000-0ff1-ce00-000000000000'] } }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'Azure management only',
      snapshot: tenant([caPolicy('CA002 ARM MFA', apps([AZURE_MANAGEMENT_APP]))]),
      findings: [{ messageId: 'missing', data: { target: 'Microsoft admin portals' } }],
    },
    {
      name: 'report-only for Azure management',
      snapshot: tenant([caPolicy('CA002 ARM MFA', { ...apps([AZURE_MANAGEMENT_APP, 'MicrosoftAdminPortals']), state: 'enabledForReportingButNotEnforced' })]),
      findings: [
        { messageId: 'reportOnly', data: { policy: 'CA002 ARM MFA', target: 'Azure management' } },
        { messageId: 'reportOnly', data: { policy: 'CA002 ARM MFA', target: 'Microsoft admin portals' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'report-only policy, and security defaults say nothing',
      snapshot: tenant([caPolicy('CA002 ARM MFA', { ...apps([AZURE_MANAGEMENT_APP]), state: 'enabledForReportingButNotEnforced' })], { securityDefaults: {} }),
      reason: /security defaults.*does not say/,
    },
  ],
  notAssessed: [
    {
      name: 'policies unreadable',
      snapshot: { entra: { unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } } },
      reason: /Policy\.Read\.All/,
    },
    {
      name: 'no policy, and no security defaults in the input',
      snapshot: { entra: { organization: organization('P1'), conditionalAccessPolicies: [] } },
      reason: /security defaults.*identitySecurityDefaultsEnforcementPolicy/,
    },
  ],
  notApplicable: [{ name: 'Entra ID Free', snapshot: tenant([], { organization: organization('Free') }) }],
});
