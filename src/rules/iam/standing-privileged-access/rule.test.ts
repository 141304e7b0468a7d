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
          directoryRoleAssignments: [ga(1)[0] as object, { ...(ga(1)[0] as object), id: 'ra-group', principalId: ADMINS }],
          roleEligibilitySchedules: [],
          principals: [groupOf(ADMINS, 'Tier 0 admins', members(2))],
        },
        subscriptions: [],
      },
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
    snapshotOf({ entra: { directoryRoleAssignments: ga(count), roleEligibilitySchedules: [] }, subscriptions: [] }),
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
