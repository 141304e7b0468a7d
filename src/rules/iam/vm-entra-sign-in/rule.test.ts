import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import {
  argRow,
  BREAK_GLASS,
  caPolicy,
  forbidden,
  ROLES,
  roleAssignment,
  SUB,
  user,
  vm,
  withoutPrincipalType,
} from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const loginExtension = (vmName: string, type = 'AADSSHLoginForLinux', publisher = 'Microsoft.Azure.ActiveDirectory'): object =>
  argRow('Microsoft.Compute/virtualMachines/extensions', 'rg-app', `${vmName}/${type}`, {
    publisher,
    type,
    typeHandlerVersion: '1.0',
    autoUpgradeMinorVersion: true,
    provisioningState: 'Succeeded',
  });
/** The system-assigned identity the login extension needs. */
const SYSTEM_IDENTITY = { type: 'SystemAssigned', principalId: 'bbbbbbbb-0000-4000-8000-0000000000a1', tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de' };
const loginVm = (): object[] => vm('vm-app-01', { identity: SYSTEM_IDENTITY });
const withLogin = (entra: object): object => ({ resources: [...loginVm(), loginExtension('vm-app-01')], entra });
const WINDOWS_SIGN_IN = '372140e0-b3b7-4226-8ef9-d57986796201';
const LINUX_SIGN_IN = 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0';
const mfaFor = (app: string): object => caPolicy(`CA010 MFA for ${app}`, { applications: { includeApplications: [app] } });

const CHIKA = 'a0c0ffee-0000-4000-8000-000000000003';
const BEN = 'a0c0ffee-0000-4000-8000-000000000002';
const MFA_FOR_ALL = { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [caPolicy('CA001 MFA')] };
/** `userRegistrationDetails` as Graph returns it for a user. */
const registration = (id: string, isMfaCapable: boolean): object => ({
  id,
  userPrincipalName: `${id.slice(-4)}@contoso-trading.example`,
  userType: 'member',
  isMfaCapable,
  isMfaRegistered: isMfaCapable,
  methodsRegistered: isMfaCapable ? ['microsoftAuthenticatorPush'] : [],
});
/** A VM with Entra login, a user who holds `role` at `scope`, and the tenant's MFA registration. */
const withHolder = (role: string, scope: string, entra: object, login = true): object => ({
  resources: [...loginVm(), ...(login ? [loginExtension('vm-app-01')] : []), roleAssignment(scope, role, CHIKA)],
  entra: { ...MFA_FOR_ALL, principals: [user(CHIKA, 'Chika Mori'), user(BEN, 'Ben Ito')], ...entra },
});
const RG_APP = `/subscriptions/${SUB}/resourceGroups/rg-app`;
const OPERATORS = 'b0c0ffee-0000-4000-8000-000000000001';
/** The group entry as `azvmsec collect` writes it: with its member users (nested groups' included). */
const operators = (members?: object[]): object => ({
  '@odata.type': '#microsoft.graph.group',
  id: OPERATORS,
  displayName: 'VM Operators',
  securityEnabled: true,
  ...(members ? { transitiveMembers: members } : {}),
});

/** A VM whose login role is held by the VM Operators group (members listed), with one MFA policy. */
const operatorsExcludedBy = (policy: object, extra: object = {}): object => ({
  resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.vmAdminLogin, OPERATORS, 'Group')],
  entra: {
    securityDefaults: { isEnabled: false },
    conditionalAccessPolicies: [policy],
    principals: [operators([user(CHIKA, 'Chika Mori')])],
    userRegistrationDetails: [registration(CHIKA, true)],
    ...extra,
  },
});
const LEGACY_BLOCK = caPolicy('CA002 Block legacy authentication', {
  clientAppTypes: ['exchangeActiveSync', 'other'],
  grant: { operator: 'OR', builtInControls: ['block'] },
});
const HELPDESK_ADMIN = '729827e3-9c14-49f7-bb1b-9608f156bbb8';

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'Entra login and MFA for all users',
      snapshot: withLogin({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [caPolicy('CA001 MFA')] }),
    },
    { name: 'Entra login and security defaults', snapshot: withLogin({ securityDefaults: { isEnabled: true } }) },
    {
      name: 'Linux Entra login and MFA for Azure Linux VM Sign-In',
      snapshot: withLogin({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [mfaFor(LINUX_SIGN_IN)] }),
    },
    {
      name: 'the user with VM Administrator Login can do MFA',
      snapshot: withHolder(ROLES.vmAdminLogin, RG_APP, { userRegistrationDetails: [registration(CHIKA, true), registration(BEN, false)] }),
    },
    {
      name: 'the user without MFA holds Reader only, or is disabled (no registration details)',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.reader, BEN), roleAssignment(RG_APP, ROLES.owner, CHIKA)],
        entra: { ...MFA_FOR_ALL, userRegistrationDetails: [registration(BEN, false)] },
      },
    },
    {
      name: 'a group holds the login role, and its members can do MFA',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.vmAdminLogin, OPERATORS, 'Group')],
        entra: { ...MFA_FOR_ALL, principals: [operators([user(CHIKA, 'Chika Mori')])], userRegistrationDetails: [registration(CHIKA, true)] },
      },
    },
    {
      name: 'MFA for browser and mobile apps and desktop clients (the modern clients VM sign-in uses)',
      snapshot: withLogin({
        securityDefaults: { isEnabled: false },
        conditionalAccessPolicies: [caPolicy('CA001 MFA modern clients', { clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'] })],
      }),
    },
    {
      name: 'the MFA policy excludes break-glass accounts, which hold no login role',
      snapshot: operatorsExcludedBy(caPolicy('CA001 MFA', { users: { excludeUsers: BREAK_GLASS } })),
    },
    {
      name: 'one policy excludes the login group, another covers everyone',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.vmAdminLogin, OPERATORS, 'Group')],
        entra: {
          securityDefaults: { isEnabled: false },
          conditionalAccessPolicies: [caPolicy('CA001 MFA', { users: { excludeGroups: [OPERATORS] } }), caPolicy('CA009 MFA VM sign-in', {})],
          principals: [operators([user(CHIKA, 'Chika Mori')])],
          userRegistrationDetails: [registration(CHIKA, true)],
        },
      },
    },
  ],
  invalid: [
    {
      name: 'only a legacy-authentication block policy (it does not apply to VM sign-in)',
      snapshot: withLogin({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [LEGACY_BLOCK] }),
      findings: [{ messageId: 'noMfa', resource: '9c1f4a2e-0000-4000-8000-00000000c0de', data: { vm: 'vm-app-01' } }],
    },
    {
      name: 'MFA for browser sign-ins only',
      snapshot: withLogin({
        securityDefaults: { isEnabled: false },
        conditionalAccessPolicies: [caPolicy('CA003 MFA browser', { clientAppTypes: ['browser'] })],
      }),
      findings: [{ messageId: 'noMfa', resource: '9c1f4a2e-0000-4000-8000-00000000c0de', data: { vm: 'vm-app-01' } }],
    },
    {
      name: 'the MFA policy excludes the group holding VM Administrator Login',
      snapshot: operatorsExcludedBy(caPolicy('CA001 MFA', { users: { excludeUsers: BREAK_GLASS, excludeGroups: [OPERATORS] } })),
      findings: [
        {
          messageId: 'mfaExcluded',
          resource: '9c1f4a2e-0000-4000-8000-00000000c0de',
          at: '/properties/conditionalAccessPolicies/0',
          data: { vm: 'vm-app-01', policy: 'CA001 MFA', principals: 'VM Operators' },
        },
      ],
    },
    {
      // Templates and Terraform seldom write principalType: the directory entry tells a user.
      name: 'the MFA policy excludes a user holding the login role through an assignment without principalType',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), withoutPrincipalType(roleAssignment(RG_APP, ROLES.vmAdminLogin, CHIKA))],
        entra: {
          securityDefaults: { isEnabled: false },
          conditionalAccessPolicies: [caPolicy('CA001 MFA', { users: { excludeUsers: [CHIKA] } })],
          principals: [user(CHIKA, 'Chika Mori')],
          userRegistrationDetails: [registration(CHIKA, true)],
        },
      },
      findings: [
        {
          messageId: 'mfaExcluded',
          resource: '9c1f4a2e-0000-4000-8000-00000000c0de',
          data: { vm: 'vm-app-01', policy: 'CA001 MFA', principals: 'Chika Mori' },
        },
      ],
    },
    {
      name: 'the MFA policy excludes a member of the login group (one account "for break-glass")',
      snapshot: operatorsExcludedBy(caPolicy('CA001 MFA', { users: { excludeUsers: [CHIKA] } })),
      findings: [
        {
          messageId: 'mfaExcluded',
          resource: '9c1f4a2e-0000-4000-8000-00000000c0de',
          data: { vm: 'vm-app-01', policy: 'CA001 MFA', principals: 'Chika Mori' },
        },
      ],
    },
    {
      name: 'the MFA policy excludes a directory role a member of the login group holds',
      snapshot: operatorsExcludedBy(caPolicy('CA001 MFA', { users: { excludeRoles: [HELPDESK_ADMIN] } }), {
        directoryRoleAssignments: [
          { '@odata.type': '#microsoft.graph.unifiedRoleAssignment', id: 'ra-1', roleDefinitionId: HELPDESK_ADMIN, principalId: CHIKA, directoryScopeId: '/' },
        ],
      }),
      findings: [
        {
          messageId: 'mfaExcluded',
          resource: '9c1f4a2e-0000-4000-8000-00000000c0de',
          data: { vm: 'vm-app-01', policy: 'CA001 MFA', principals: 'Chika Mori' },
        },
      ],
    },
    {
      name: 'a login extension of that name from another publisher',
      snapshot: { resources: [...loginVm(), loginExtension('vm-app-01', 'AADSSHLoginForLinux', 'Contoso.Fake')], entra: MFA_FOR_ALL },
      findings: [{ messageId: 'noEntraLogin', data: { vm: 'vm-app-01' } }],
    },
    {
      name: 'the login extension without a system-assigned identity',
      snapshot: { resources: [...vm('vm-app-01', { identity: { type: 'UserAssigned' } }), loginExtension('vm-app-01')], entra: MFA_FOR_ALL },
      findings: [{ messageId: 'noSystemIdentity', data: { vm: 'vm-app-01', extension: 'AADSSHLoginForLinux' } }],
    },
    {
      name: 'a member of a group with VM Administrator Login cannot do MFA',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.vmAdminLogin, OPERATORS, 'Group')],
        entra: {
          ...MFA_FOR_ALL,
          principals: [operators([user(CHIKA, 'Chika Mori'), user(BEN, 'Ben Ito')])],
          userRegistrationDetails: [registration(CHIKA, true), registration(BEN, false)],
        },
      },
      findings: [{ messageId: 'notMfaCapable', data: { vm: 'vm-app-01', users: 'Ben Ito' } }],
    },
    {
      name: 'a user who cannot do MFA holds VM User Login',
      snapshot: withHolder(ROLES.vmUserLogin, RG_APP, { userRegistrationDetails: [registration(CHIKA, false)] }),
      findings: [{ messageId: 'notMfaCapable', data: { vm: 'vm-app-01', users: 'Chika Mori' } }],
    },
    {
      name: 'no Entra login, and a Contributor of the subscription who cannot do MFA',
      snapshot: withHolder(ROLES.contributor, `/subscriptions/${SUB}`, { userRegistrationDetails: [registration(CHIKA, false)] }, false),
      findings: [
        { messageId: 'notMfaCapable', data: { vm: 'vm-app-01', users: 'Chika Mori' } },
        { messageId: 'noEntraLogin', data: { vm: 'vm-app-01' } },
      ],
    },
    { name: 'local accounts only', snapshot: { resources: vm('vm-app-01') }, findings: [{ messageId: 'noEntraLogin', data: { vm: 'vm-app-01' } }] },
    {
      name: 'Entra login without MFA',
      snapshot: withLogin({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [] }),
      findings: [{ messageId: 'noMfa', resource: '9c1f4a2e-0000-4000-8000-00000000c0de', data: { vm: 'vm-app-01' } }],
    },
    {
      name: 'Linux Entra login, MFA for the Windows sign-in app only',
      snapshot: withLogin({ securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [mfaFor(WINDOWS_SIGN_IN)] }),
      findings: [{ messageId: 'noMfa', resource: '9c1f4a2e-0000-4000-8000-00000000c0de', data: { vm: 'vm-app-01' } }],
    },
  ],
  unknown: [
    {
      name: 'the MFA policy excludes a group whose members the input does not list',
      snapshot: operatorsExcludedBy(caPolicy('CA001 MFA', { users: { excludeGroups: ['c0c0ffee-0000-4000-8000-000000000009'] } })),
      reason: /CA001 MFA.*excludes group c0c0ffee-0000-4000-8000-000000000009, and the input does not list its members/,
    },
    {
      name: 'template: MFA needs tenant data',
      template: armTemplate([
        linuxVm('vm-app-01', { identity: { type: 'SystemAssigned' } }),
        {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          apiVersion: '2024-07-01',
          name: 'vm-app-01/AADSSHLoginForLinux',
          location: 'japaneast',
          properties: { publisher: 'Microsoft.Azure.ActiveDirectory', type: 'AADSSHLoginForLinux', typeHandlerVersion: '1.0' },
        },
      ]),
      reason: /Conditional Access/,
    },
  ],
  notAssessed: [
    {
      name: 'a group holds the login role, and the input does not list its members',
      snapshot: {
        resources: [...loginVm(), loginExtension('vm-app-01'), roleAssignment(RG_APP, ROLES.vmAdminLogin, OPERATORS, 'Group')],
        entra: { ...MFA_FOR_ALL, principals: [operators()], userRegistrationDetails: [] },
      },
      reason: /group 'VM Operators'.*does not list its members/,
    },
    {
      name: 'a user holds VM Administrator Login, MFA registration unreadable',
      snapshot: withHolder(ROLES.vmAdminLogin, RG_APP, { unavailable: { userRegistrationDetails: forbidden('AuditLog.Read.All') } }),
      reason: /1 user\(s\) hold roles.*AuditLog\.Read\.All/,
    },
    {
      name: 'policies unreadable',
      snapshot: withLogin({ unavailable: { conditionalAccessPolicies: forbidden('Policy.Read.All') } }),
      reason: /Policy\.Read\.All/,
    },
    {
      name: 'no MFA policy, and security defaults unreadable',
      snapshot: withLogin({ conditionalAccessPolicies: [], unavailable: { securityDefaults: forbidden('Policy.Read.All') } }),
      reason: /security defaults.*Policy\.Read\.All/,
    },
  ],
});
