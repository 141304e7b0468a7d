import { describe, expect, it } from 'vitest';
import { BREAK_GLASS, caPolicy, PHISHING_RESISTANT, strengthGrant } from '../../../test/support/snapshot-snippets.js';
import { isUnknown, Unknown, type Value } from '../../model/value.js';
import {
  AZURE_MANAGEMENT_APP,
  evaluateConditionalAccess,
  grantVerdict,
  isPhishingResistant,
  type CaOutcome,
  type CaRequirement,
} from './conditional-access.js';

const ALL_USERS_MFA: CaRequirement = {
  users: { kind: 'all-users' },
  applications: ['All'],
  clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
  grant: 'mfa',
  breakGlassAccounts: 2,
};
const GA = '62e90394-69f5-4237-9190-012177145e10';
const PRA = 'e8611ab8-c189-46e8-94e1-60213ab1f814';
const ADMINS_PR: CaRequirement = { ...ALL_USERS_MFA, users: { kind: 'roles', roleIds: [GA, PRA] }, grant: 'phishing-resistant-mfa' };
const LEGACY_BLOCK: CaRequirement = { ...ALL_USERS_MFA, clientAppTypes: ['exchangeActiveSync', 'other'], grant: 'block' };
const ARM_MFA: CaRequirement = { ...ALL_USERS_MFA, applications: [AZURE_MANAGEMENT_APP] };
const USER_RISK: CaRequirement = { ...ALL_USERS_MFA, userRiskLevels: ['high'], grant: 'password-change' };

const block = { operator: 'OR', builtInControls: ['block'] };

const cases: [name: string, requirement: CaRequirement, policies: object[], outcome: CaOutcome][] = [
  ['no policies', ALL_USERS_MFA, [], 'missing'],
  ['all users, all apps, MFA', ALL_USERS_MFA, [caPolicy('MFA')], 'enforced'],
  ['report-only is not enforced', ALL_USERS_MFA, [caPolicy('MFA', { state: 'enabledForReportingButNotEnforced' })], 'report-only'],
  ['disabled counts for nothing', ALL_USERS_MFA, [caPolicy('MFA', { state: 'disabled' })], 'missing'],
  ['two break-glass accounts are tolerated', ALL_USERS_MFA, [caPolicy('MFA', { users: { excludeUsers: BREAK_GLASS } })], 'enforced'],
  [
    'three excluded users are not',
    ALL_USERS_MFA,
    [caPolicy('MFA', { users: { excludeUsers: [...BREAK_GLASS, 'e0e0e0e0-0000-4000-8000-000000000003'] } })],
    'excluded',
  ],
  ['an excluded group is reported', ALL_USERS_MFA, [caPolicy('MFA', { users: { excludeGroups: ['f1f1f1f1-0000-4000-8000-000000000001'] } })], 'excluded'],
  ['excluded guests are reported', ALL_USERS_MFA, [caPolicy('MFA', { users: { excludeUsers: ['GuestsOrExternalUsers'] } })], 'excluded'],
  ['a clean policy wins over an excluding one', ALL_USERS_MFA, [caPolicy('A', { users: { excludeGroups: ['g'] } }), caPolicy('B')], 'enforced'],
  ['a group of users only', ALL_USERS_MFA, [caPolicy('MFA', { users: { includeUsers: [], includeGroups: ['g'] } })], 'missing'],
  ['one app only', ALL_USERS_MFA, [caPolicy('MFA', { applications: { includeApplications: ['00000003-0000-0ff1-ce00-000000000000'] } })], 'missing'],
  ['browser only', ALL_USERS_MFA, [caPolicy('MFA', { clientAppTypes: ['browser'] })], 'missing'],
  [
    'outside trusted locations only',
    ALL_USERS_MFA,
    [caPolicy('MFA', { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } })],
    'missing',
  ],
  ['only at high sign-in risk', ALL_USERS_MFA, [caPolicy('MFA', { signInRiskLevels: ['high'] })], 'missing'],
  [
    'MFA OR compliant device does not require MFA',
    ALL_USERS_MFA,
    [caPolicy('MFA', { grant: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] } })],
    'missing',
  ],
  [
    'MFA AND compliant device requires MFA',
    ALL_USERS_MFA,
    [caPolicy('MFA', { grant: { operator: 'AND', builtInControls: ['mfa', 'compliantDevice'] } })],
    'enforced',
  ],
  [
    'an authentication strength is MFA',
    ALL_USERS_MFA,
    [caPolicy('MFA', { grant: strengthGrant('00000000-0000-0000-0000-000000000002', 'Multifactor authentication', ['password,sms']) })],
    'enforced',
  ],
  ['terms of use only', ALL_USERS_MFA, [caPolicy('ToU', { grant: { operator: 'OR', builtInControls: [], termsOfUse: ['t'] } })], 'missing'],
  [
    'admins: phishing-resistant strength',
    ADMINS_PR,
    [caPolicy('Admins', { users: { includeUsers: [], includeRoles: [GA, PRA] }, grant: PHISHING_RESISTANT })],
    'enforced',
  ],
  ['admins: covered by an all-users policy', ADMINS_PR, [caPolicy('All', { grant: PHISHING_RESISTANT })], 'enforced'],
  ['admins: plain MFA is weaker', ADMINS_PR, [caPolicy('Admins', { users: { includeUsers: [], includeRoles: [GA, PRA] } })], 'weaker'],
  [
    'admins: passwordless strength is weaker',
    ADMINS_PR,
    [
      caPolicy('Admins', {
        users: { includeUsers: [], includeRoles: [GA, PRA] },
        grant: strengthGrant('00000000-0000-0000-0000-000000000003', 'Passwordless MFA', [
          'windowsHelloForBusiness',
          'fido2',
          'x509CertificateMultiFactor',
          'deviceBasedPush',
        ]),
      }),
    ],
    'weaker',
  ],
  [
    'admins: custom strength of FIDO2 only',
    ADMINS_PR,
    [
      caPolicy('Admins', {
        users: { includeUsers: [], includeRoles: [GA, PRA] },
        grant: strengthGrant('7f1c0000-0000-4000-8000-000000000001', 'FIDO2 only', ['fido2']),
      }),
    ],
    'enforced',
  ],
  ['admins: one role missing', ADMINS_PR, [caPolicy('Admins', { users: { includeUsers: [], includeRoles: [GA] }, grant: PHISHING_RESISTANT })], 'missing'],
  ['admins: role excluded from all users', ADMINS_PR, [caPolicy('All', { users: { excludeRoles: [PRA] }, grant: PHISHING_RESISTANT })], 'missing'],
  [
    'legacy: block exchangeActiveSync and other',
    LEGACY_BLOCK,
    [caPolicy('Block legacy', { clientAppTypes: ['exchangeActiveSync', 'other'], grant: block })],
    'enforced',
  ],
  ['legacy: other only', LEGACY_BLOCK, [caPolicy('Block legacy', { clientAppTypes: ['other'], grant: block })], 'missing'],
  ['legacy: MFA does not block', LEGACY_BLOCK, [caPolicy('MFA', { clientAppTypes: ['exchangeActiveSync', 'other'] })], 'missing'],
  ['ARM: the Azure management app', ARM_MFA, [caPolicy('ARM', { applications: { includeApplications: [AZURE_MANAGEMENT_APP] } })], 'enforced'],
  ['ARM: all apps excluding it', ARM_MFA, [caPolicy('All', { applications: { excludeApplications: [AZURE_MANAGEMENT_APP] } })], 'missing'],
  [
    'user risk: MFA AND password change',
    USER_RISK,
    [caPolicy('Risk', { userRiskLevels: ['high'], grant: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } })],
    'enforced',
  ],
  ['user risk: block', USER_RISK, [caPolicy('Risk', { userRiskLevels: ['high'], grant: block })], 'enforced'],
  [
    'user risk: MFA OR password change',
    USER_RISK,
    [caPolicy('Risk', { userRiskLevels: ['high'], grant: { operator: 'OR', builtInControls: ['mfa', 'passwordChange'] } })],
    'missing',
  ],
  ['user risk: medium only', USER_RISK, [caPolicy('Risk', { userRiskLevels: ['medium'], grant: block })], 'missing'],
];

describe('Conditional Access evaluation', () => {
  it.each(cases)('%s', (_, requirement, policies, outcome) => {
    const verdict = evaluateConditionalAccess(policies as Value, requirement);
    if (isUnknown(verdict)) throw new Error(verdict.reason);
    expect(verdict.outcome).toBe(outcome);
  });

  it('names the broad exclusions', () => {
    const verdict = evaluateConditionalAccess([caPolicy('MFA', { users: { excludeUsers: ['a', 'b', 'c'], excludeGroups: ['g'] } })] as Value, ALL_USERS_MFA);
    if (isUnknown(verdict)) throw new Error(verdict.reason);
    expect(verdict.policy?.broadExclusions).toEqual(['3 users', '1 group']);
  });

  it('is unknown when a policy the answer depends on is unknown', () => {
    const policy = caPolicy('MFA', { state: 'enabled' }) as Record<string, Value>;
    const unknownState = { ...policy, state: new Unknown('var.state has no value') };
    expect(evaluateConditionalAccess([unknownState], ALL_USERS_MFA)).toBeInstanceOf(Unknown);
    // …but not when another policy already enforces it.
    expect(evaluateConditionalAccess([unknownState, policy as Value], ALL_USERS_MFA)).toMatchObject({ outcome: 'enforced' });
    expect(evaluateConditionalAccess(new Unknown('403'), ALL_USERS_MFA)).toBeInstanceOf(Unknown);
  });

  it('reads grant operators and phishing-resistant combinations', () => {
    expect(grantVerdict({ operator: 'OR', builtInControls: ['mfa'] }, 'phishing-resistant-mfa')).toBe('weaker');
    expect(grantVerdict({ operator: 'OR', builtInControls: ['compliantDevice'] }, 'mfa')).toBe('unsatisfied');
    expect(grantVerdict({}, 'mfa')).toBe('unsatisfied');
    expect(isPhishingResistant('fido2')).toBe(true);
    expect(isPhishingResistant('password,microsoftAuthenticatorPush')).toBe(false);
  });
});
