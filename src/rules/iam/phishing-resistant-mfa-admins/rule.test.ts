import { ADMIN_ROLES } from '../../shared/entra.js';
import { caPolicy, forbidden, organization, PHISHING_RESISTANT } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

/** Global, Privileged Role and Security Administrator. */
const TOP_ROLES = ['62e90394-69f5-4237-9190-012177145e10', 'e8611ab8-c189-46e8-94e1-60213ab1f814', '194ae4cb-b126-40b2-bd5b-6091b380977d'];
const ROLES = [...ADMIN_ROLES];
const tenant = (policies: object[], extra: object = {}): object => ({
  entra: { organization: organization('P1'), securityDefaults: { isEnabled: false }, conditionalAccessPolicies: policies, ...extra },
});
const admins = (options: object = {}): object =>
  caPolicy('CA003 Phishing-resistant MFA for admins', { users: { includeUsers: [], includeRoles: ROLES }, grant: PHISHING_RESISTANT, ...options });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'admin roles with the phishing-resistant strength', snapshot: tenant([admins()]) },
    { name: 'all users with the phishing-resistant strength', snapshot: tenant([caPolicy('All', { grant: PHISHING_RESISTANT })]) },
    {
      name: 'one policy for Global Administrator, another for the other roles',
      snapshot: tenant([
        caPolicy('CA003a Global Administrator', { users: { includeUsers: [], includeRoles: ROLES.slice(0, 1) }, grant: PHISHING_RESISTANT }),
        caPolicy('CA003b Other admins', { users: { includeUsers: [], includeRoles: ROLES.slice(1) }, grant: PHISHING_RESISTANT }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'plain MFA',
      snapshot: tenant([admins({ grant: { operator: 'OR', builtInControls: ['mfa'] } })]),
      findings: [{ messageId: 'weaker', at: '/properties/conditionalAccessPolicies/0', data: { policy: 'CA003 Phishing-resistant MFA for admins' } }],
    },
    {
      // Before: the default roles were these three only; Microsoft recommends at least 15.
      name: 'only Global, Privileged Role and Security Administrator covered',
      snapshot: tenant([admins({ users: { includeUsers: [], includeRoles: TOP_ROLES } })]),
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'Security Administrator not covered',
      snapshot: tenant([admins({ users: { includeUsers: [], includeRoles: ROLES.filter((role) => role !== TOP_ROLES[2]) } })]),
      findings: [{ messageId: 'missing' }],
    },
    {
      name: 'security defaults do not count',
      snapshot: { entra: { securityDefaults: { isEnabled: true }, conditionalAccessPolicies: [] } },
      findings: [{ messageId: 'missing' }],
    },
  ],
  unknown: [
    {
      name: 'a custom authentication strength known by id only',
      snapshot: tenant([admins({ grant: { operator: 'OR', builtInControls: [], authenticationStrength: { id: '7f1c0000-0000-4000-8000-000000000001' } } })]),
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
  notApplicable: [{ name: 'Entra ID Free', snapshot: tenant([], { organization: organization('Free') }) }],
});
