import { describe, expect, it } from 'vitest';
import { BREAK_GLASS, caPolicy, PHISHING_RESISTANT, strengthGrant } from '../../../test/support/snapshot-snippets.js';
import { isUnknown, Unknown, type Value } from '../../model/value.js';
import {
  AZURE_MANAGEMENT_APP,
  evaluateConditionalAccess,
  grantVerdict,
  isMultifactor,
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
/** Office 365 Exchange Online. */
const EXCHANGE_ONLINE = '00000002-0000-0ff1-ce00-000000000000';
const ARM_MFA: CaRequirement = { ...ALL_USERS_MFA, applications: [AZURE_MANAGEMENT_APP] };
const USER_RISK: CaRequirement = { ...ALL_USERS_MFA, userRiskLevels: ['high'], grant: 'password-change' };

const SECURITY_ADMIN = '194ae4cb-b126-40b2-bd5b-6091b380977d';
const ADMINS_3: CaRequirement = { ...ADMINS_PR, users: { kind: 'roles', roleIds: [GA, PRA, SECURITY_ADMIN] } };

const block = { operator: 'OR', builtInControls: ['block'] };

/** A policy with extra `conditions` members (ones `caPolicy` does not take). */
function withConditions(policy: Record<string, unknown>, conditions: object): Record<string, unknown> {
  return { ...policy, conditions: { ...(policy['conditions'] as object), ...conditions } };
}
/** Grant controls with an authentication strength as the given object. */
const strength = (authenticationStrength: object, operator = 'OR', builtInControls: string[] = []): object => ({
  operator,
  builtInControls,
  customAuthenticationFactors: [],
  termsOfUse: [],
  authenticationStrength,
});
const CUSTOM_STRENGTH = '7f1c0000-0000-4000-8000-000000000002';

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
  ['ARM: all apps excluding another app', ARM_MFA, [caPolicy('All', { applications: { excludeApplications: [EXCHANGE_ONLINE] } })], 'enforced'],
  ['all apps excluding one', ALL_USERS_MFA, [caPolicy('All', { applications: { excludeApplications: [EXCHANGE_ONLINE] } })], 'excluded'],
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
  [
    'legacy: blocking device code flow only does not block legacy clients',
    LEGACY_BLOCK,
    [withConditions(caPolicy('Block device code flow', { grant: block }), { authenticationFlows: { transferMethods: 'deviceCodeFlow' } })],
    'missing',
  ],
  [
    'authentication flows "none" do not narrow',
    LEGACY_BLOCK,
    [
      withConditions(caPolicy('Block legacy', { clientAppTypes: ['exchangeActiveSync', 'other'], grant: block }), {
        authenticationFlows: { transferMethods: 'none' },
      }),
    ],
    'enforced',
  ],
  ['only at elevated insider risk', ALL_USERS_MFA, [withConditions(caPolicy('MFA'), { insiderRiskLevels: 'elevated' })], 'missing'],
  [
    'only applications matching a filter',
    ALL_USERS_MFA,
    [caPolicy('MFA', { applications: { applicationFilter: { mode: 'exclude', rule: 'CustomSecurityAttribute.Engineering_Project -eq "Baker"' } } })],
    'missing',
  ],
  [
    'a custom strength that allows password alone is not MFA',
    ALL_USERS_MFA,
    [
      caPolicy('Weak', {
        grant: strength({
          id: CUSTOM_STRENGTH,
          displayName: 'Password or SMS',
          policyType: 'custom',
          requirementsSatisfied: 'none',
          allowedCombinations: ['password', 'sms'],
        }),
      }),
    ],
    'missing',
  ],
  [
    'a custom strength without requirementsSatisfied: single-factor combinations are not MFA',
    ALL_USERS_MFA,
    [caPolicy('Weak', { grant: strength({ id: CUSTOM_STRENGTH, displayName: 'Mixed', allowedCombinations: ['fido2', 'password'] }) })],
    'missing',
  ],
  [
    'a custom strength without requirementsSatisfied: multifactor combinations are MFA',
    ALL_USERS_MFA,
    [
      caPolicy('Strong', {
        grant: strength({ id: CUSTOM_STRENGTH, displayName: 'Mixed', allowedCombinations: ['fido2', 'password, microsoftAuthenticatorPush'] }),
      }),
    ],
    'enforced',
  ],
  [
    'the built-in MFA strength known by id only',
    ALL_USERS_MFA,
    [caPolicy('MFA', { grant: strength({ id: '00000000-0000-0000-0000-000000000002' }) })],
    'enforced',
  ],
  [
    'a Terraform strength id path to the phishing-resistant strength',
    ADMINS_PR,
    [caPolicy('Admins', { grant: strength({ id: '/policies/authenticationStrengthPolicies/00000000-0000-0000-0000-000000000004' }) })],
    'enforced',
  ],
  [
    'admins: a single-factor custom strength is not even MFA',
    ADMINS_PR,
    [caPolicy('Admins', { grant: strength({ id: CUSTOM_STRENGTH, requirementsSatisfied: 'none', allowedCombinations: ['password'] }) })],
    'missing',
  ],
  [
    'user risk: risk remediation AND an authentication strength',
    USER_RISK,
    [caPolicy('Risk', { userRiskLevels: ['high'], grant: strength({ id: '00000000-0000-0000-0000-000000000002' }, 'AND', ['riskRemediation']) })],
    'enforced',
  ],
  [
    'user risk: risk remediation without an authentication strength',
    USER_RISK,
    [caPolicy('Risk', { userRiskLevels: ['high'], grant: { operator: 'AND', builtInControls: ['riskRemediation'] } })],
    'missing',
  ],
  [
    'admins: one policy per role',
    ADMINS_3,
    [
      caPolicy('A', { users: { includeUsers: [], includeRoles: [GA] }, grant: PHISHING_RESISTANT }),
      caPolicy('B', { users: { includeUsers: [], includeRoles: [PRA, SECURITY_ADMIN] }, grant: PHISHING_RESISTANT }),
    ],
    'enforced',
  ],
  [
    'admins: the worst role decides',
    ADMINS_3,
    [
      caPolicy('A', { users: { includeUsers: [], includeRoles: [GA, PRA] }, grant: PHISHING_RESISTANT }),
      caPolicy('B', { users: { includeUsers: [], includeRoles: [SECURITY_ADMIN] } }),
    ],
    'weaker',
  ],
  [
    'admins: excluding a role another policy covers is no broad exclusion',
    ADMINS_PR,
    [
      caPolicy('All but PRA', { users: { excludeRoles: [PRA] }, grant: PHISHING_RESISTANT }),
      caPolicy('PRA', { users: { includeUsers: [], includeRoles: [PRA] }, grant: PHISHING_RESISTANT }),
    ],
    'enforced',
  ],
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

  it('is unknown when a grant control the input cannot read decides the answer', () => {
    const futureControl = { operator: 'OR', builtInControls: ['unknownFutureValue'] };
    expect(grantVerdict(futureControl, 'password-change')).toBeInstanceOf(Unknown);
    const risk = caPolicy('Risk', { userRiskLevels: ['high'], grant: strength({ id: '00000000-0000-0000-0000-000000000002' }, 'AND', ['unknownFutureValue']) });
    expect(evaluateConditionalAccess([risk] as Value, USER_RISK)).toMatchObject({ reason: expect.stringMatching(/include-unknown-enum-members/) });
    // …but not when the other controls decide it either way.
    expect(grantVerdict({ operator: 'AND', builtInControls: ['block', 'unknownFutureValue'] }, 'password-change')).toBe('satisfied');
    expect(grantVerdict({ operator: 'OR', builtInControls: ['compliantDevice', 'unknownFutureValue'] }, 'mfa')).toBe('unsatisfied');
    // A disabled policy does not matter.
    expect(evaluateConditionalAccess([caPolicy('Off', { state: 'disabled', grant: futureControl })] as Value, USER_RISK)).toMatchObject({ outcome: 'missing' });
  });

  it('is unknown for a custom authentication strength known by id only', () => {
    const policy = caPolicy('Custom', { grant: strength({ id: `/policies/authenticationStrengthPolicies/${CUSTOM_STRENGTH}` }) });
    expect(evaluateConditionalAccess([policy] as Value, ALL_USERS_MFA)).toMatchObject({ reason: expect.stringMatching(/known only by id/) });
    expect(evaluateConditionalAccess([policy] as Value, ADMINS_PR)).toBeInstanceOf(Unknown);
  });

  it('is unknown for a role when only an unreadable policy could cover it, unless another role has none', () => {
    const unreadable = caPolicy('A', { users: { includeUsers: [], includeRoles: [GA] }, grant: { operator: 'OR', builtInControls: ['unknownFutureValue'] } });
    const pra = caPolicy('B', { users: { includeUsers: [], includeRoles: [PRA] }, grant: PHISHING_RESISTANT });
    expect(evaluateConditionalAccess([unreadable, pra] as Value, ADMINS_PR)).toBeInstanceOf(Unknown);
    expect(evaluateConditionalAccess([unreadable, pra] as Value, ADMINS_3)).toMatchObject({ outcome: 'missing' });
  });

  it('reads grant operators and phishing-resistant combinations', () => {
    expect(grantVerdict({ operator: 'OR', builtInControls: ['mfa'] }, 'phishing-resistant-mfa')).toBe('weaker');
    expect(grantVerdict({ operator: 'OR', builtInControls: ['compliantDevice'] }, 'mfa')).toBe('unsatisfied');
    expect(grantVerdict({}, 'mfa')).toBe('unsatisfied');
    expect(isPhishingResistant('fido2')).toBe(true);
    expect(isPhishingResistant('password,microsoftAuthenticatorPush')).toBe(false);
    expect(isMultifactor('password, sms')).toBe(true);
    expect(isMultifactor('deviceBasedPush')).toBe(true);
    expect(isMultifactor('sms')).toBe(false);
    expect(isMultifactor('x509CertificateSingleFactor')).toBe(false);
  });
});
