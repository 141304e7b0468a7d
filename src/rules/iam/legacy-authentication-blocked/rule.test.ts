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
// Microsoft's "Block device code flow" policy: all users, all resources, all client apps, one authentication flow.
const blockDeviceCodeFlow = ((policy: Record<string, unknown>): object => ({
  ...policy,
  conditions: { ...(policy['conditions'] as object), authenticationFlows: { transferMethods: 'deviceCodeFlow' } },
}))(caPolicy('Block device code flow', { grant: { operator: 'OR', builtInControls: ['block'] } }));

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
      name: 'an enabled policy that does not block, security defaults unreadable (so off)',
      snapshot: {
        entra: {
          organization: organization('P1'),
          conditionalAccessPolicies: [caPolicy('CA001 MFA')],
          unavailable: { securityDefaults: forbidden('Policy.Read.All') },
        },
      },
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'blocks device code flow only',
      snapshot: tenant([blockDeviceCodeFlow]),
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'report-only',
      snapshot: tenant([block({ state: 'enabledForReportingButNotEnforced' })]),
      findings: [{ messageId: 'reportOnly', data: { policy: 'CA004 Block legacy authentication' } }],
    },
  ],
  unknown: [
    {
      name: 'no blocking policy, and security defaults say nothing',
      snapshot: tenant([caPolicy('CA001 MFA', { state: 'enabledForReportingButNotEnforced' })], { securityDefaults: { isEnabled: null } }),
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
      name: 'no blocking policy, and security defaults unreadable',
      snapshot: { entra: { organization: organization('P1'), conditionalAccessPolicies: [], unavailable: { securityDefaults: forbidden('Policy.Read.All') } } },
      reason: /security defaults.*Policy\.Read\.All/,
    },
  ],
  notApplicable: [{ name: 'Entra ID Free', snapshot: tenant([], { organization: organization('Free') }) }],
});
