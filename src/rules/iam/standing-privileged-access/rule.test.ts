import { forbidden, organization, roleAssignment, ROLES, SUB, TENANT } from '../../../../test/support/snapshot-snippets.js';
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
      name: 'subscription without classic administrators',
      snapshot: { resources: [roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, 'a1a1a1a1-0000-4000-8000-000000000001')] },
    },
  ],
  invalid: [
    {
      name: 'six Global Administrators',
      snapshot: { entra: { directoryRoleAssignments: ga(6) }, subscriptions: [] },
      findings: [{ messageId: 'globalAdmins', at: '/properties/directoryRoleAssignments', data: { count: 6, active: 6, minimum: 2, maximum: 4 } }],
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
  ],
  unknown: [
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
