import { BREAK_GLASS, caPolicy, forbidden, organization } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const tenant = (policies: object[], extra: object = {}): object => ({
  entra: { organization: organization('P1'), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies, ...extra },
});
const block = (options: object = {}): object =>
  caPolicy('CA004 Block legacy authentication', {
    clientAppTypes: ['exchangeActiveSync', 'other'],
    grant: { operator: 'OR', builtInControls: ['block'] },
    ...options,
  });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'blocks legacy clients', snapshot: tenant([block({ users: { excludeUsers: BREAK_GLASS } })]) },
    { name: 'security defaults on', snapshot: { entra: { securityDefaults: { isEnabled: true } } } },
  ],
  invalid: [
    { name: 'no policy', snapshot: tenant([caPolicy('CA001 MFA')]), findings: [{ messageId: 'missing' }] },
    { name: 'other clients only', snapshot: tenant([block({ clientAppTypes: ['other'] })]), findings: [{ messageId: 'missing' }] },
    {
      name: 'report-only',
      snapshot: tenant([block({ state: 'enabledForReportingButNotEnforced' })]),
      findings: [{ messageId: 'reportOnly', data: { policy: 'CA004 Block legacy authentication' } }],
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
  notApplicable: [{ name: 'Entra ID Free', snapshot: tenant([], { organization: organization('Free') }) }],
});
