import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { snapshotOf, SUB, TENANT } from '../../../../test/support/snapshot-snippets.js';
import { Analyses } from '../../../analyses/analyses.js';
import { evaluate } from '../../../engine/run.js';
import { readSnapshotValue } from '../../../inputs/snapshot/read.js';
import { ResourceGraph } from '../../../model/graph.js';
import rule from './rule.js';

const role = (actions: unknown, assignableScopes: unknown, type = 'CustomRole', notActions: unknown = []): object => ({
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/4b8c1f00-0000-4000-8000-000000000001`,
  name: '4b8c1f00-0000-4000-8000-000000000001',
  type: 'microsoft.authorization/roledefinitions',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: {
    roleName: 'Contoso Ops',
    type,
    description: 'Operations',
    permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
    assignableScopes,
  },
});
/** A custom role assignable at the subscription whose permissions (a block, or its actions) come from a parameter without a value. */
const rolePermissions = (permissions: unknown): object =>
  armTemplate(
    [
      {
        type: 'Microsoft.Authorization/roleDefinitions',
        apiVersion: '2022-04-01',
        name: "[guid(subscription().id, 'contoso-ops')]",
        properties: { roleName: 'Contoso Ops', type: 'customRole', permissions, assignableScopes: ['[subscription().id]'] },
      },
    ],
    { parameters: { actions: { type: 'array' }, block: { type: 'object' } } },
  );
const templateRole = (assignableScopes: unknown, actions: unknown[] = ['*']): object =>
  armTemplate(
    [
      {
        type: 'Microsoft.Authorization/roleDefinitions',
        apiVersion: '2022-04-01',
        name: "[guid(subscription().id, 'contoso-ops')]",
        properties: { roleName: 'Contoso Ops', type: 'customRole', permissions: [{ actions, notActions: [] }], assignableScopes },
      },
    ],
    { parameters: { scope: { type: 'string' }, action: { type: 'string' } } },
  );

testRule(rule, {
  url: import.meta.url,
  valid: [
    // Before: unknown, the scope read before the actions, though no action of the role is one the rule reports.
    {
      name: 'specific actions, assignable where a parameter without a value says',
      template: templateRole(["[parameters('scope')]"], ['Microsoft.Compute/virtualMachines/read']),
    },
    {
      name: 'specific actions',
      // The role, not its subscription (on which the rule says whether the custom roles were read).
      resource: '4b8c1f00-0000-4000-8000-000000000001',
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
    {
      // Before: reported as "as powerful as Owner", though without role assignment writes it is Contributor.
      name: 'star less the Authorization writes and deletes (as Contributor) at subscription scope',
      snapshot: {
        resources: [role(['*'], [`/subscriptions/${SUB}`], 'CustomRole', ['Microsoft.Authorization/*/Delete', 'Microsoft.Authorization/*/Write'])],
      },
      findings: [
        {
          messageId: 'wildcardLimited',
          data: { role: 'Contoso Ops', scope: `/subscriptions/${SUB}`, notActions: 'Microsoft.Authorization/*/Delete, Microsoft.Authorization/*/Write' },
        },
      ],
    },
  ],
  unknown: [
    { name: 'assignable scope from a parameter', template: templateRole(["[parameters('scope')]"]), reason: /scope/ },
    // Before: passed, the action not known skipped, though it may be '*'.
    {
      name: 'an action from a parameter without a value',
      template: templateRole(['/'], ["[parameters('action')]"]),
      reason: /parameter 'action' has no value/,
    },
    // Before: passed, a block whose actions are not known never counted as one to report.
    {
      name: 'the actions of a block from a parameter without a value',
      template: rolePermissions([{ actions: "[parameters('actions')]", notActions: [] }]),
      reason: /parameter 'actions' has no value/,
    },
    {
      name: 'a permission block from a parameter without a value',
      template: rolePermissions(["[parameters('block')]"]),
      reason: /parameter 'block' has no value/,
    },
  ],
  notApplicable: [
    { name: 'resource group only', snapshot: { resources: [role(['*'], [`/subscriptions/${SUB}/resourceGroups/rg-app`])] } },
    { name: 'built-in role', snapshot: { resources: [role(['*'], ['/'], 'BuiltInRole')] } },
  ],
});

describe('AZV-IAM-011 with reportEscalationActions', () => {
  const check = (actions: string[], notActions: string[] = []): { status: string; actions: unknown[] } => {
    const read = readSnapshotValue(snapshotOf({ resources: [role(actions, [`/subscriptions/${SUB}`], 'CustomRole', notActions)] }), 'roles.snapshot.json');
    if (read.status === 'error') throw new Error('unreadable snapshot');
    const graph = new ResourceGraph(read.resources);
    const [definition] = graph.ofType('Microsoft.Authorization/roleDefinitions');
    const result = evaluate(rule, definition!, new Analyses(graph), { reportEscalationActions: true });
    return { status: result.status, actions: result.findings.map((f) => f.data['action']) };
  };

  it('reports wildcard actions that grant role assignment or role definition writes', () => {
    expect(check(['*/write'])).toEqual({ status: 'fail', actions: ['*/write'] });
    expect(check(['Microsoft.Authorization/*'])).toEqual({ status: 'fail', actions: ['Microsoft.Authorization/*'] });
    expect(check(['microsoft.authorization/roleassignments/WRITE'])).toEqual({ status: 'fail', actions: ['microsoft.authorization/roleassignments/WRITE'] });
    expect(check(['Microsoft.Compute/virtualMachines/*'])).toEqual({ status: 'fail', actions: ['Microsoft.Compute/virtualMachines/*'] });
  });

  it('does not report what notActions take away, or actions that grant none of them', () => {
    expect(check(['*/write'], ['Microsoft.Authorization/*/write', 'Microsoft.Compute/virtualMachines/runCommand/action'])).toEqual({
      status: 'pass',
      actions: [],
    });
    expect(check(['*/read', 'Microsoft.Authorization/*/read'])).toEqual({ status: 'pass', actions: [] });
  });
});
