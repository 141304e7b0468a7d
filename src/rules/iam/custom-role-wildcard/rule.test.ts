import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { SUB, TENANT } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

const role = (actions: unknown, assignableScopes: unknown, type = 'CustomRole'): object => ({
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4b8c1f00-0000-4000-8000-000000000001`,
  name: '4b8c1f00-0000-4000-8000-000000000001',
  type: 'microsoft.authorization/roledefinitions',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: {
    roleName: 'Contoso Ops',
    type,
    description: 'Operations',
    permissions: [{ actions, notActions: [], dataActions: [], notDataActions: [] }],
    assignableScopes,
  },
});
const templateRole = (assignableScopes: unknown): object =>
  armTemplate([
    {
      type: 'Microsoft.Authorization/roleDefinitions',
      apiVersion: '2022-04-01',
      name: "[guid(subscription().id, 'contoso-ops')]",
      properties: { roleName: 'Contoso Ops', type: 'customRole', permissions: [{ actions: ['*'], notActions: [] }], assignableScopes },
    },
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'specific actions',
      snapshot: { resources: [role(['Microsoft.Compute/virtualMachines/start/action', 'Microsoft.Compute/virtualMachines/read'], [`/subscriptions/${SUB}`])] },
    },
  ],
  invalid: [
    {
      name: 'star at subscription scope',
      snapshot: { resources: [role(['*'], [`/subscriptions/${SUB}`])] },
      findings: [{ messageId: 'wildcard', at: '/properties/permissions/0/actions/0', data: { role: 'Contoso Ops', scope: `/subscriptions/${SUB}` } }],
    },
    { name: 'star in a template, subscription scope', template: templateRole(['[subscription().id]']), findings: [{ messageId: 'wildcard' }] },
  ],
  unknown: [{ name: 'assignable scope from a parameter', template: templateRole(["[parameters('scope')]"]), reason: /scope/ }],
  notApplicable: [
    { name: 'resource group only', snapshot: { resources: [role(['*'], [`/subscriptions/${SUB}/resourceGroups/rg-app`])] } },
    { name: 'built-in role', snapshot: { resources: [role(['*'], ['/'], 'BuiltInRole')] } },
  ],
});
