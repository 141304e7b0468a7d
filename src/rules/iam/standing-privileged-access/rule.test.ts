import { describe, expect, it } from 'vitest';
import {
  forbidden,
  organization,
  roleAssignment,
  ROLES,
  snapshotOf,
  SUB,
  TENANT,
  user,
  withoutPrincipalType,
} from '../../../../test/support/snapshot-snippets.js';
import { runRules } from '../../../engine/run.js';
import { japaneseReason } from '../../../i18n/reasons.js';
import { readSnapshotValue } from '../../../inputs/snapshot/read.js';
import { entraSection } from '../../../model/entra.js';
import { ResourceGraph } from '../../../model/graph.js';
import { createResource } from '../../../model/resource.js';
import { isObject, Unknown, type ValueObject } from '../../../model/value.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const GA = '62e90394-69f5-4237-9190-012177145e10';
const ga = (n: number, kind = 'unifiedRoleAssignment'): object[] =>
  Array.from({ length: n }, (_, i) => ({
    '@odata.type': `#microsoft.graph.${kind}`,
    id: `${kind}-${i}`,
    roleDefinitionId: GA,
    principalId: `d0d0d0d0-0000-4000-8000-00000000000${i}`,
    directoryScopeId: '/',
  }));
/** The PIM schedules of the first `n` of {@link ga}'s principals: `type` Assigned (permanent unless `until`) or Activated. */
const schedules = (n: number, type: 'Assigned' | 'Activated', until?: string): object[] =>
  ga(n, 'unifiedRoleAssignmentSchedule').map((item) => ({
    ...item,
    assignmentType: type,
    memberType: 'Direct',
    scheduleInfo: { startDateTime: '2026-01-05T09:00:00Z', expiration: until ? { type: 'afterDateTime', endDateTime: until } : { type: 'noExpiration' } },
  }));
/** A P2 tenant whose Global Administrators are `active` (with their schedules) and `eligible`. */
const pimTenant = (active: object[], eligible: number, assignmentSchedules: object[]): object => ({
  entra: {
    organization: organization('P2'),
    directoryRoleAssignments: active,
    roleEligibilitySchedules: ga(eligible, 'unifiedRoleEligibilitySchedule').map((item, i) => ({
      ...item,
      principalId: `e0e0e0e0-0000-4000-8000-00000000000${i}`,
    })),
    roleAssignmentSchedules: assignmentSchedules,
  },
  subscriptions: [],
});
const group = (id: string): object => ({
  '@odata.type': '#microsoft.graph.group',
  id,
  displayName: 'Tier 0 admins',
  securityEnabled: true,
  isAssignableToRole: true,
});
/** A group entry with the member users `azvmsec collect` lists (transitiveMembers). */
const groupOf = (id: string, displayName: string, members: object[]): object => ({
  '@odata.type': '#microsoft.graph.group',
  id,
  displayName,
  securityEnabled: true,
  transitiveMembers: members,
});
const members = (n: number): object[] => Array.from({ length: n }, (_, i) => user(`c1c1c1c1-0000-4000-8000-00000000000${i}`, `Member ${i}`));
const ADMINS = 'b1b1b1b1-0000-4000-8000-000000000001';
const MG = '/providers/Microsoft.Management/managementGroups/mg-prod';
/** The subscription, under management group mg-prod (and the tenant root group). */
const underMg = [
  { subscriptionId: SUB, displayName: 'Contoso Production', state: 'Enabled', status: 'ok', managementGroups: [{ name: 'mg-prod' }, { name: TENANT }] },
];
const classicAdmin = {
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/classicAdministrators/co-admin-1`,
  name: 'co-admin-1',
  type: 'microsoft.authorization/classicadministrators',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: { emailAddress: 'old.admin@contoso-trading.example', role: 'CoAdministrator' },
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'two Global Administrators', snapshot: { entra: { directoryRoleAssignments: ga(2), roleEligibilitySchedules: [] }, subscriptions: [] } },
    {
      name: 'two Global Administrators, Entra ID P1 (no PIM)',
      snapshot: { entra: { organization: organization('P1'), directoryRoleAssignments: ga(2) }, subscriptions: [] },
    },
    {
      name: 'subscription without classic administrators, Owner held by a group with no active member (they activate through PIM for Groups)',
      snapshot: {
        resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, ADMINS, 'Group')],
        entra: { directoryRoleAssignments: ga(2), roleEligibilitySchedules: [], principals: [groupOf(ADMINS, 'Subscription admins', [])] },
      },
    },
    {
      name: 'a user with Owner at a management group the subscription is not under',
      snapshot: {
        resources: [roleAssignment('/providers/Microsoft.Management/managementGroups/mg-dev', ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001')],
        subscriptions: underMg,
      },
    },
    {
      name: 'Global Administrator held by a user and a group whose two members the input lists',
      snapshot: {
        entra: {
          organization: organization('P1'),
          directoryRoleAssignments: [ga(1)[0] as object, { ...(ga(1)[0] as object), id: 'ra-group', principalId: ADMINS }],
          roleEligibilitySchedules: [],
          principals: [groupOf(ADMINS, 'Tier 0 admins', members(2))],
        },
        subscriptions: [],
      },
    },
    {
      name: 'Entra ID P2: the two emergency access accounts permanently active, two administrators eligible',
      snapshot: pimTenant(ga(2), 2, schedules(2, 'Assigned')),
    },
    {
      name: 'Entra ID P2: three active Global Administrators, one of them activated through PIM',
      snapshot: pimTenant(ga(3), 0, [...schedules(2, 'Assigned'), ...schedules(3, 'Activated').slice(2)]),
    },
    {
      name: 'Entra ID P2: three active Global Administrators, one of them until a date (time-bound)',
      snapshot: pimTenant(ga(3), 0, [...schedules(2, 'Assigned'), ...schedules(3, 'Assigned', '2026-12-31T00:00:00Z').slice(2)]),
    },
    {
      name: 'Entra ID P1 (no PIM): four permanently active Global Administrators',
      snapshot: { entra: { organization: organization('P1'), directoryRoleAssignments: ga(4) }, subscriptions: [] },
    },
    {
      name: 'a user with Contributor: not a role that grants roles',
      snapshot: { resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.contributor, 'a1a1a1a1-0000-4000-8000-000000000001')] },
    },
  ],
  invalid: [
    {
      name: 'six Global Administrators',
      snapshot: { entra: { directoryRoleAssignments: ga(6) }, subscriptions: [] },
      findings: [{ messageId: 'globalAdmins', at: '/properties/directoryRoleAssignments', data: { count: 6, active: 6, minimum: 2, maximum: 4 } }],
    },
    {
      name: 'five Global Administrators, two of them activated through PIM',
      snapshot: {
        entra: {
          directoryRoleAssignments: ga(5),
          roleEligibilitySchedules: ga(2, 'unifiedRoleEligibilitySchedule'),
          roleAssignmentSchedules: ga(2, 'unifiedRoleAssignmentSchedule').map((item) => ({ ...item, assignmentType: 'Activated' })),
        },
        subscriptions: [],
      },
      findings: [{ messageId: 'globalAdmins', data: { count: 5, active: 3, minimum: 2, maximum: 4 } }],
    },
    {
      name: 'five active Global Administrators and a group, eligibility unreadable',
      snapshot: {
        entra: {
          directoryRoleAssignments: ga(6),
          principals: [group('d0d0d0d0-0000-4000-8000-000000000005')],
          unavailable: { roleEligibilitySchedules: forbidden('RoleManagement.Read.Directory') },
        },
        subscriptions: [],
      },
      findings: [{ messageId: 'globalAdmins', data: { count: 5, active: 5, minimum: 2, maximum: 4 } }],
    },
    {
      name: 'Global Administrator held by a user and a group whose six members the input lists',
      snapshot: {
        entra: {
          organization: organization('P2'),
          directoryRoleAssignments: [ga(1)[0] as object, { ...(ga(1)[0] as object), id: 'ra-group', principalId: ADMINS }],
          roleEligibilitySchedules: [],
          principals: [groupOf(ADMINS, 'Tier 0 admins', members(6))],
        },
        subscriptions: [],
      },
      findings: [{ messageId: 'globalAdmins', data: { count: 7, active: 7, minimum: 2, maximum: 4 } }],
    },
    {
      // Before: the permanent ones were counted only in the message of a count out of range.
      name: 'Entra ID P2: three permanently active Global Administrators',
      snapshot: pimTenant(ga(3), 1, schedules(3, 'Assigned')),
      findings: [
        {
          messageId: 'permanentGlobalAdmins',
          at: '/properties/directoryRoleAssignments',
          data: {
            count: 3,
            principals: 'd0d0d0d0-0000-4000-8000-000000000000, d0d0d0d0-0000-4000-8000-000000000001, d0d0d0d0-0000-4000-8000-000000000002',
            breakGlass: 2,
          },
        },
      ],
    },
    {
      name: 'Entra ID P2: a permanently active user and a group of two permanently active, named as the directory names them',
      snapshot: {
        entra: {
          ...(pimTenant([ga(1)[0] as object, { ...(ga(1)[0] as object), id: 'ra-group', principalId: ADMINS }], 0, []) as { entra: object }).entra,
          principals: [user('d0d0d0d0-0000-4000-8000-000000000000', 'Aiko Tanaka'), groupOf(ADMINS, 'Tier 0 admins', members(2))],
        },
        subscriptions: [],
      },
      findings: [{ messageId: 'permanentGlobalAdmins', data: { count: 3, principals: 'Aiko Tanaka, Member 0, Member 1', breakGlass: 2 } }],
    },
    {
      name: 'a group with standing Owner, its members listed',
      snapshot: {
        resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, ADMINS, 'Group', 'ra-group-owner')],
        entra: { directoryRoleAssignments: ga(2), roleEligibilitySchedules: [], principals: [groupOf(ADMINS, 'Subscription admins', members(2))] },
      },
      findings: [
        {
          messageId: 'standingGroup',
          resource: 'ra-group-owner',
          data: { group: 'Subscription admins', role: 'Owner', scope: `/subscriptions/${SUB}`, members: 'Member 0, Member 1' },
        },
      ],
    },
    {
      name: 'a user with standing Owner at a management group above the subscription',
      snapshot: { resources: [roleAssignment(MG, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001', 'User', 'ra-mg-owner')], subscriptions: underMg },
      findings: [{ messageId: 'standingOwner', resource: 'ra-mg-owner', data: { principal: 'a1a1a1a1-0000-4000-8000-000000000001', scope: MG } }],
    },
    {
      name: 'a classic co-administrator',
      snapshot: { resources: [classicAdmin] },
      findings: [{ messageId: 'classicAdministrator', resource: 'co-admin-1', data: { name: 'old.admin@contoso-trading.example', role: 'CoAdministrator' } }],
    },
    {
      name: 'a standing User Access Administrator',
      snapshot: {
        resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.userAccessAdministrator, 'a1a1a1a1-0000-4000-8000-000000000001', 'User', 'ra-uaa')],
      },
      findings: [{ messageId: 'standingUaa', resource: 'ra-uaa', data: { principal: 'a1a1a1a1-0000-4000-8000-000000000001', scope: `/subscriptions/${SUB}` } }],
    },
    {
      // Before: only User Access Administrator was looked at, and Owner holds every permission it has.
      name: 'a standing Owner',
      snapshot: { resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001', 'User', 'ra-owner')] },
      findings: [
        { messageId: 'standingOwner', resource: 'ra-owner', data: { principal: 'a1a1a1a1-0000-4000-8000-000000000001', scope: `/subscriptions/${SUB}` } },
      ],
    },
  ],
  unknown: [
    {
      // Templates and Terraform seldom write principalType: whether a user holds it is not known.
      name: 'a standing Owner whose assignment does not say what kind of principal holds it',
      resource: SUB,
      snapshot: {
        resources: [withoutPrincipalType(roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000009', 'User', 'ra-untyped'))],
      },
      reason: /does not say whether it is a user, a group or a service principal/,
    },
    {
      name: 'Owner held by a group whose members the input does not list',
      snapshot: { resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, ADMINS, 'Group')] },
      reason: /group 'b1b1b1b1-0000-4000-8000-000000000001' holds a privileged role in the subscription, and the input does not list its members/,
    },
    {
      name: 'a user with Owner at a management group, the groups above the subscription not in the input',
      snapshot: { resources: [roleAssignment(MG, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001')] },
      reason: /management groups subscription .* sits under/,
    },
    {
      name: "a user's assignment at subscription scope without its role",
      snapshot: {
        resources: [
          (({ properties, ...rest }) => ({ ...rest, properties: { ...(properties as object), roleDefinitionId: undefined } }))(
            roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001') as { properties: unknown },
          ),
        ],
      },
      reason: /the role of a user's assignment at subscription scope is not known \(the role assignment has no roleDefinitionId\)/,
    },
    {
      name: 'three permanently active Global Administrators, the licence not known',
      snapshot: { entra: { directoryRoleAssignments: ga(3), roleEligibilitySchedules: [], roleAssignmentSchedules: [] }, subscriptions: [] },
      reason: /whether the tenant has Entra ID P2 \(Privileged Identity Management\).* is not known/,
    },
    {
      name: 'Entra ID P2: three active Global Administrators, the PIM schedules unreadable',
      snapshot: {
        entra: {
          organization: organization('P2'),
          directoryRoleAssignments: ga(3),
          roleEligibilitySchedules: [],
          unavailable: { roleAssignmentSchedules: forbidden('RoleManagement.Read.Directory') },
        },
        subscriptions: [],
      },
      reason: /which active Global Administrators were activated through PIM or are time-bound is not known/,
    },
    {
      name: 'Global Administrator held by a group',
      snapshot: {
        entra: { directoryRoleAssignments: ga(3), roleEligibilitySchedules: [], principals: [group('d0d0d0d0-0000-4000-8000-000000000002')] },
        subscriptions: [],
      },
      reason: /group.*members/,
    },
  ],
  notAssessed: [
    {
      name: 'three active Global Administrators, eligibility unreadable',
      snapshot: {
        entra: { directoryRoleAssignments: ga(3), unavailable: { roleEligibilitySchedules: forbidden('RoleManagement.Read.Directory') } },
        subscriptions: [],
      },
      reason: /eligible.*RoleManagement\.Read\.Directory/,
    },
    {
      name: 'directory roles unreadable',
      snapshot: { entra: { unavailable: { directoryRoleAssignments: forbidden('RoleManagement.Read.Directory') } }, subscriptions: [] },
      reason: /RoleManagement/,
    },
  ],
});

/** The tenant of `entra`, with entry `index` of its active assignments given `change` (values not known). */
function withUnsureEntry(count: number, index: number, change: (entry: ValueObject) => ValueObject): ReturnType<typeof runRules> {
  const read = readSnapshotValue(
    snapshotOf({ entra: { organization: organization('P1'), directoryRoleAssignments: ga(count), roleEligibilitySchedules: [] }, subscriptions: [] }),
    'tenant.json',
  );
  const resources = read.resources.map((resource) => {
    const entries = entraSection(resource, 'directoryRoleAssignments');
    if (!Array.isArray(entries)) return resource;
    const changed = entries.map((entry, i) => (i === index && isObject(entry) ? change(entry) : entry));
    return createResource({
      ...resource,
      body: { ...resource.body, properties: { ...(resource.body['properties'] as ValueObject), directoryRoleAssignments: changed } },
    });
  });
  return runRules(new ResourceGraph(resources), [rule]);
}

describe('an assignment whose role or principal is not known', () => {
  const unknown = new Unknown("parameter 'globalAdministrator' has no value");
  it('may be the Global Administrator that brings the count into range, or out of it', () => {
    expect(withUnsureEntry(2, 1, (entry) => ({ ...entry, roleDefinitionId: unknown })).map((e) => e.status)).toEqual(['unknown']);
    const [five] = withUnsureEntry(5, 4, (entry) => ({ ...entry, principalId: unknown }));
    expect(five?.reason).toMatch(/role or principal of 1 directory role assignment/);
    expect(japaneseReason(five?.reason ?? '')).toMatch(/ロールまたはプリンシパルが不明/);
  });
  it('changes nothing where every count it allows gives the same verdict', () => {
    expect(withUnsureEntry(3, 2, (entry) => ({ ...entry, principalId: unknown })).map((e) => e.status)).toEqual(['pass']);
    expect(withUnsureEntry(6, 5, (entry) => ({ ...entry, roleDefinitionId: unknown })).map((e) => e.status)).toEqual(['fail']);
    expect(withUnsureEntry(1, 0, (entry) => ({ ...entry, principalId: unknown })).map((e) => e.status)).toEqual(['fail']);
  });
});

describe('emergency access accounts', () => {
  const tenant = (allowed: string[], breakGlass?: number) => {
    const read = readSnapshotValue(snapshotOf(pimTenant(ga(4), 0, schedules(4, 'Assigned'))), 'tenant.json');
    const options = rule.options?.parse({ allowedStandingPrincipals: allowed, ...(breakGlass === undefined ? {} : { breakGlassAccounts: breakGlass }) });
    return runRules(new ResourceGraph(read.resources), [rule], { ruleOptions: new Map([[rule.id, options]]) }).map((e) => e.status);
  };
  it('are those named in allowedStandingPrincipals, or as many as breakGlassAccounts', () => {
    expect(tenant([])).toEqual(['fail']);
    expect(tenant(['D0D0D0D0-0000-4000-8000-000000000000', 'd0d0d0d0-0000-4000-8000-000000000001'])).toEqual(['pass']);
    expect(tenant([], 4)).toEqual(['pass']);
  });
});

describe('a PIM schedule whose type or expiration is not known', () => {
  const unknown = new Unknown("parameter 'assignmentType' has no value");
  /** Entra ID P2, three active Global Administrators, the third activated through PIM, with `change` made to its schedule. */
  const statusWith = (change: (schedule: ValueObject) => ValueObject): string[] => {
    const snapshot = pimTenant(ga(3), 0, [...schedules(2, 'Assigned'), ...schedules(3, 'Activated').slice(2)]);
    const read = readSnapshotValue(snapshotOf(snapshot), 'tenant.json');
    const resources = read.resources.map((resource) => {
      const entries = entraSection(resource, 'roleAssignmentSchedules');
      if (!Array.isArray(entries)) return resource;
      const changed = entries.map((entry, i) => (i === 2 && isObject(entry) ? change(entry) : entry));
      return createResource({
        ...resource,
        body: { ...resource.body, properties: { ...(resource.body['properties'] as ValueObject), roleAssignmentSchedules: changed } },
      });
    });
    return runRules(new ResourceGraph(resources), [rule]).map((e) => e.status);
  };
  it('may be the activation that keeps the permanent ones to the emergency access accounts', () => {
    expect(statusWith((schedule) => schedule)).toEqual(['pass']);
    expect(statusWith((schedule) => ({ ...schedule, assignmentType: unknown }))).toEqual(['unknown']);
    expect(statusWith((schedule) => ({ ...schedule, assignmentType: 'Assigned', scheduleInfo: unknown }))).toEqual(['unknown']);
    expect(statusWith((schedule) => ({ ...schedule, principalId: unknown }))).toEqual(['unknown']);
    expect(statusWith((schedule) => ({ ...schedule, assignmentType: 'Assigned' }))).toEqual(['fail']);
  });
});
