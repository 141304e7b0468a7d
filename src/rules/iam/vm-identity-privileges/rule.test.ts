import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { roleAssignment, ROLES, SUB, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const PRINCIPAL = 'bbbbbbbb-0000-4000-8000-0000000000a1';
const identity = { type: 'SystemAssigned', principalId: PRINCIPAL, tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de' };
const withRole = (scope: string, role: string): object => ({
  resources: [...vm('vm-app-01', { identity }), roleAssignment(scope, role, PRINCIPAL, 'ServicePrincipal', 'ra-vm-app-01')],
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Reader at subscription scope', snapshot: withRole(`/subscriptions/${SUB}`, ROLES.reader) },
    { name: 'Contributor on its resource group only', snapshot: withRole(`/subscriptions/${SUB}/resourceGroups/rg-app`, ROLES.contributor) },
  ],
  invalid: [
    {
      name: 'Contributor at subscription scope',
      snapshot: withRole(`/subscriptions/${SUB}`, ROLES.contributor),
      findings: [
        {
          messageId: 'broadRole',
          resource: 'ra-vm-app-01',
          at: '/properties/roleDefinitionId',
          data: { vm: 'vm-app-01', role: 'Contributor', scope: `/subscriptions/${SUB}` },
        },
      ],
    },
    {
      name: 'Backup Contributor at the root',
      snapshot: withRole('/', ROLES.backupContributor),
      findings: [{ messageId: 'broadRole', resource: 'ra-vm-app-01' }],
    },
  ],
  unknown: [
    {
      name: 'template: assignment to reference().principalId',
      template: armTemplate([
        linuxVm('vm-app-01', { identity: { type: 'SystemAssigned' } }),
        {
          type: 'Microsoft.Authorization/roleAssignments',
          apiVersion: '2022-04-01',
          name: "[guid(subscription().id, 'vm-app-01')]",
          properties: {
            roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${ROLES.owner}')]`,
            principalId: "[reference(resourceId('Microsoft.Compute/virtualMachines', 'vm-app-01'), '2024-07-01', 'full').identity.principalId]",
            principalType: 'ServicePrincipal',
          },
        },
      ]),
      reason: /principal|reference/i,
    },
  ],
  notApplicable: [{ name: 'no managed identity', template: armTemplate([linuxVm('vm-app-01')]) }],
});
