import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { argRow, roleAssignment, ROLES, SUB, TENANT, vm } from '../../../../test/support/snapshot-snippets.js';
import { keyVault } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const PRINCIPAL = 'bbbbbbbb-0000-4000-8000-0000000000a1';
const identity = { type: 'SystemAssigned', principalId: PRINCIPAL, tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de' };
const withRole = (scope: string, role: string): object => ({
  resources: [...vm('vm-app-01', { identity }), roleAssignment(scope, role, PRINCIPAL, 'ServicePrincipal', 'ra-vm-app-01')],
});

const CUSTOM = '4b8c1f00-0000-4000-8000-000000000099';
/** A custom role definition as Resource Graph authorizationresources returns it. */
const customRole = (actions: string[], notActions: string[] = []): object => ({
  id: `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/${CUSTOM}`,
  name: CUSTOM,
  type: 'microsoft.authorization/roledefinitions',
  tenantId: TENANT,
  subscriptionId: SUB,
  properties: {
    roleName: 'Contoso Ops',
    type: 'CustomRole',
    description: '',
    permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
    assignableScopes: [`/subscriptions/${SUB}`],
  },
});
/** The VM's identity holds the custom role at subscription scope. */
const withCustomRole = (actions: string[], notActions: string[] = []): object => ({
  resources: [...(withRole(`/subscriptions/${SUB}`, CUSTOM) as { resources: object[] }).resources, customRole(actions, notActions)],
});
const customFinding = [
  {
    messageId: 'broadRole',
    resource: 'ra-vm-app-01',
    at: '/properties/roleDefinitionId',
    data: { vm: 'vm-app-01', role: 'Contoso Ops', scope: `/subscriptions/${SUB}` },
  },
];

/** The subscription templates are read in. */
const TEMPLATE_SUBSCRIPTION = '/subscriptions/00000000-0000-0000-0000-000000000000';

const VM_PRINCIPAL = "[reference(resourceId('rg-app', 'Microsoft.Compute/virtualMachines', 'vm-app-01'), '2024-07-01', 'full').identity.principalId]";

/** A role assignment named ra-vm-app-01, at the scope of the template that declares it. */
const assignmentTo = (role: string, principalId: string): Record<string, unknown> => ({
  type: 'Microsoft.Authorization/roleAssignments',
  apiVersion: '2022-04-01',
  name: 'ra-vm-app-01',
  properties: {
    roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${role}')]`,
    principalId,
    principalType: 'ServicePrincipal',
  },
});

/** A subscription deployment; its VM (with system- and user-assigned identities) is deployed by a nested deployment to rg-app. */
const subscriptionTemplate = (resources: object[], parameters: object = {}): object =>
  armTemplate(resources, { $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#', parameters });

const vmInResourceGroup = {
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name: 'app',
  resourceGroup: 'rg-app',
  properties: {
    mode: 'Incremental',
    // Inner scope, as Bicep writes modules: with outer scope the parent, at subscription scope, would evaluate resourceId().
    expressionEvaluationOptions: { scope: 'inner' },
    template: armTemplate([
      { type: 'Microsoft.ManagedIdentity/userAssignedIdentities', apiVersion: '2023-01-31', name: 'id-app', location: 'japaneast' },
      linuxVm('vm-app-01', {
        identity: {
          type: 'SystemAssigned, UserAssigned',
          userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app')]": {} },
        },
      }),
    ]),
  },
};

/** A VM whose identity type comes from a parameter without a value, Contributor on its resource group (holding a Key Vault) to its system-assigned identity when `assigned`. */
const identityTypeFromParameter = (assigned: boolean): object =>
  armTemplate(
    [
      linuxVm('vm-app-01', { identity: { type: "[parameters('idType')]" } }),
      keyVault('kv-app'),
      ...(assigned
        ? [
            {
              ...assignmentTo(
                ROLES.contributor,
                "[reference(resourceId('Microsoft.Compute/virtualMachines', 'vm-app-01'), '2024-07-01', 'full').identity.principalId]",
              ),
              scope: undefined,
            },
          ]
        : []),
    ],
    { parameters: { idType: { type: 'string' } } },
  );

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Reader at subscription scope', snapshot: withRole(`/subscriptions/${SUB}`, ROLES.reader) },
    {
      name: 'a custom role that reads everything and writes policy assignments only, at subscription scope',
      snapshot: withCustomRole(
        ['*/read', 'Microsoft.Authorization/*/write'],
        ['Microsoft.Authorization/roleAssignments/*', 'Microsoft.Authorization/roleDefinitions/*'],
      ),
    },
    {
      name: "template: Contributor on the resource group to the VM's system-assigned identity",
      template: armTemplate([
        linuxVm('vm-app-01', { identity: { type: 'SystemAssigned' } }),
        { ...assignmentTo(ROLES.contributor, VM_PRINCIPAL), scope: undefined },
      ]),
    },
    {
      name: 'template: an identity type from a parameter without a value, and no role assignment: no identity it may have holds a broad role',
      template: identityTypeFromParameter(false),
    },
    {
      name: 'template: a system-assigned identity and no role assignment',
      template: armTemplate([linuxVm('vm-app-01', { identity: { type: 'SystemAssigned' } })]),
    },
    {
      name: 'template: Storage Blob Data Reader at subscription scope, a built-in role the rule knows by its id',
      template: subscriptionTemplate([vmInResourceGroup, assignmentTo('2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', VM_PRINCIPAL)]),
    },
    {
      name: 'a role whose definition is not in the snapshot, which holds every custom role: a built-in one',
      snapshot: withRole(`/subscriptions/${SUB}`, CUSTOM),
    },
    { name: 'Contributor on its resource group only', snapshot: withRole(`/subscriptions/${SUB}/resourceGroups/rg-app`, ROLES.contributor) },
    {
      name: 'Contributor on a resource group whose vault is in another group',
      snapshot: {
        resources: [
          ...(withRole(`/subscriptions/${SUB}/resourceGroups/rg-app`, ROLES.contributor) as { resources: object[] }).resources,
          argRow('Microsoft.RecoveryServices/vaults', 'rg-backup', 'rsv-prod', {}),
        ],
      },
    },
  ],
  invalid: [
    { name: 'a custom role with "*" at subscription scope', snapshot: withCustomRole(['*']), findings: customFinding },
    {
      name: 'a custom role with "*" less the Authorization writes (as Contributor) at subscription scope',
      snapshot: withCustomRole(['*'], ['Microsoft.Authorization/*/Write', 'Microsoft.Authorization/*/Delete']),
      findings: customFinding,
    },
    {
      name: 'a custom role that writes role assignments (Microsoft.Authorization/*/write) at subscription scope',
      snapshot: withCustomRole(['Microsoft.Authorization/*/write', 'Microsoft.Resources/subscriptions/resourceGroups/read']),
      findings: customFinding,
    },
    {
      // The rule catalog: such roles on a resource group holding Recovery Services vaults or Key Vaults.
      name: 'Contributor on a resource group that holds a Recovery Services vault and a Key Vault',
      snapshot: {
        resources: [
          ...(withRole(`/subscriptions/${SUB}/resourceGroups/rg-app`, ROLES.contributor) as { resources: object[] }).resources,
          argRow('Microsoft.RecoveryServices/vaults', 'rg-app', 'rsv-prod', {}),
          argRow('Microsoft.KeyVault/vaults', 'rg-app', 'kv-disks', {}),
        ],
      },
      findings: [
        {
          messageId: 'vaultGroupRole',
          resource: 'ra-vm-app-01',
          at: '/properties/roleDefinitionId',
          data: { vm: 'vm-app-01', role: 'Contributor', scope: `/subscriptions/${SUB}/resourcegroups/rg-app`, vaults: 'rsv-prod, kv-disks' },
        },
      ],
    },
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
      name: "template: Owner at subscription scope to the VM's system-assigned identity, read through reference()",
      template: subscriptionTemplate([vmInResourceGroup, assignmentTo(ROLES.owner, VM_PRINCIPAL)]),
      findings: [{ messageId: 'broadRole', resource: 'ra-vm-app-01', data: { vm: 'vm-app-01', role: 'Owner', scope: TEMPLATE_SUBSCRIPTION } }],
    },
    {
      name: 'template: Contributor at subscription scope to a user-assigned identity the template creates',
      template: subscriptionTemplate([
        vmInResourceGroup,
        assignmentTo(
          ROLES.contributor,
          `[reference(resourceId('rg-app', 'Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app'), '2023-01-31').principalId]`,
        ),
      ]),
      findings: [{ messageId: 'broadRole', resource: 'ra-vm-app-01', data: { vm: 'vm-app-01', role: 'Contributor', scope: TEMPLATE_SUBSCRIPTION } }],
    },
    {
      name: 'Backup Contributor at the root',
      snapshot: withRole('/', ROLES.backupContributor),
      findings: [{ messageId: 'broadRole', resource: 'ra-vm-app-01' }],
    },
  ],
  unknown: [
    // Before: pass, the role taken for a built-in one; a custom role defined outside the template may grant '*'.
    {
      name: 'template: a role at subscription scope whose definition is neither in the input nor a built-in role the rule knows',
      template: subscriptionTemplate([vmInResourceGroup, assignmentTo(CUSTOM, VM_PRINCIPAL)]),
      reason: /^role definition 4b8c1f00-0000-4000-8000-000000000099 is not in the input and is not a built-in role azvmsec knows/,
    },
    {
      name: 'template: a custom role whose actions come from a parameter without a value, at subscription scope',
      template: subscriptionTemplate(
        [
          vmInResourceGroup,
          {
            type: 'Microsoft.Authorization/roleDefinitions',
            apiVersion: '2022-04-01',
            name: CUSTOM,
            properties: {
              roleName: 'Contoso Ops',
              type: 'CustomRole',
              permissions: [{ actions: "[parameters('actions')]", notActions: [] }],
              assignableScopes: ['[subscription().id]'],
            },
          },
          assignmentTo(CUSTOM, VM_PRINCIPAL),
        ],
        { actions: { type: 'array' } },
      ),
      reason: /parameter 'actions'/,
    },
    {
      name: 'template: Owner at subscription scope to a principal given by a parameter without a value',
      template: subscriptionTemplate([vmInResourceGroup, assignmentTo(ROLES.owner, "[parameters('principalId')]")], { principalId: { type: 'string' } }),
      reason: /parameter 'principalId'/,
    },
    // Before: not applicable, "the VM has no managed identity": a type not known gave no principal.
    {
      name: "template: an identity type from a parameter without a value, Contributor on the Key Vault's resource group to the system-assigned identity",
      template: identityTypeFromParameter(true),
      reason:
        /whether "vm-app-01" has a system-assigned identity is not known \(parameter 'idType' has no value\): if it has, that identity may hold a broad role/,
    },
  ],
  notApplicable: [{ name: 'no managed identity', template: armTemplate([linuxVm('vm-app-01')]) }],
});
