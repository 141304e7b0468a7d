import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import { run, SUBSCRIPTION_ID } from '../test-host.js';

// Expected values: id shapes from the examples on
// learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-resource.
const S = SUBSCRIPTION_ID;
const OTHER = '11111111-1111-1111-1111-111111111111';
const cases: [string, unknown][] = [
  [
    "[resourceId('Microsoft.Storage/storageAccounts', 'examplestorage')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/examplestorage`,
  ],
  [
    "[resourceId('otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]",
    `/subscriptions/${S}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
  ],
  [
    `[resourceId('${OTHER}', 'otherResourceGroup', 'Microsoft.Storage/storageAccounts', 'examplestorage')]`,
    `/subscriptions/${OTHER}/resourceGroups/otherResourceGroup/providers/Microsoft.Storage/storageAccounts/examplestorage`,
  ],
  [
    "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'sub')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sub`,
  ],
  [
    "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet/sub')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Network/virtualNetworks/vnet/subnets/sub`,
  ],
  // A trailing slash after the type, as some quickstart templates write it.
  [
    "[resourceId('Microsoft.Storage/storageAccounts/', 'examplestorage')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/examplestorage`,
  ],
  ["[RESOURCEID('Microsoft.Compute/virtualMachines', 'vm1')]", `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Compute/virtualMachines/vm1`],
  [
    "[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'acdd72a7-3385-48ef-bd42-f606fba81ae7')]",
    `/subscriptions/${S}/providers/Microsoft.Authorization/roleDefinitions/acdd72a7-3385-48ef-bd42-f606fba81ae7`,
  ],
  [
    `[subscriptionResourceId('${OTHER}', 'Microsoft.Resources/resourceGroups', 'rg2')]`,
    `/subscriptions/${OTHER}/providers/Microsoft.Resources/resourceGroups/rg2`,
  ],
  [
    "[tenantResourceId('Microsoft.Authorization/policyDefinitions', '0a914e76-4921-4c19-b460-a2d36003525a')]",
    '/providers/Microsoft.Authorization/policyDefinitions/0a914e76-4921-4c19-b460-a2d36003525a',
  ],
  [
    "[managementGroupResourceId('Microsoft.Authorization/policyDefinitions', 'locationpolicy')]",
    '/providers/Microsoft.Management/managementGroups/mg1/providers/Microsoft.Authorization/policyDefinitions/locationpolicy',
  ],
  [
    "[managementGroupResourceId('mg2', 'Microsoft.Authorization/policyDefinitions', 'locationpolicy')]",
    '/providers/Microsoft.Management/managementGroups/mg2/providers/Microsoft.Authorization/policyDefinitions/locationpolicy',
  ],
  [
    "[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'lock1')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Authorization/locks/lock1`,
  ],
  [
    "[extensionResourceId(resourceId('Microsoft.Storage/storageAccounts', 'st'), 'Microsoft.Authorization/roleAssignments', 'ra')]",
    `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Storage/storageAccounts/st/providers/Microsoft.Authorization/roleAssignments/ra`,
  ],
];

describe('resource functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('builds subscription-level ids when the deployment has no resource group', () => {
    const options = { resourceGroup: null };
    expect(run("[resourceId('Microsoft.Resources/resourceGroups', 'rg2')]", options)).toBe(
      `/subscriptions/${S}/providers/Microsoft.Resources/resourceGroups/rg2`,
    );
    expect(run(`[resourceId('${OTHER}', 'Microsoft.Resources/resourceGroups', 'rg2')]`, options)).toBe(
      `/subscriptions/${OTHER}/providers/Microsoft.Resources/resourceGroups/rg2`,
    );
  });

  it('builds ids in the form of the scope the template deploys to', () => {
    const id = "[resourceId('Microsoft.Authorization/policyDefinitions', 'audit-vms')]";
    expect(run(id, { deploymentScope: 'subscription' })).toBe(`/subscriptions/${S}/providers/Microsoft.Authorization/policyDefinitions/audit-vms`);
    // Microsoft: "Management group or tenant scope: /providers/{resourceProviderNamespace}/{resourceType}/{resourceName}".
    expect(run(id, { deploymentScope: 'managementGroup' })).toBe('/providers/Microsoft.Authorization/policyDefinitions/audit-vms');
    expect(run(id, { deploymentScope: 'tenant' })).toBe('/providers/Microsoft.Authorization/policyDefinitions/audit-vms');
    expect(run(`[resourceId('${OTHER}', 'rg2', 'Microsoft.Network/virtualNetworks', 'v')]`, { deploymentScope: 'managementGroup' })).toBe(
      `/subscriptions/${OTHER}/resourceGroups/rg2/providers/Microsoft.Network/virtualNetworks/v`,
    );
    expect(run(id, { deploymentScope: 'resourceGroup' })).toBe(
      `/subscriptions/${S}/resourceGroups/rg1/providers/Microsoft.Authorization/policyDefinitions/audit-vms`,
    );
  });

  it('leaves runtime state Unknown, with the most specific reason', () => {
    const reference = run("[reference('Microsoft.Network/publicIPAddresses/pip').ipAddress]");
    expect((reference as Unknown).reason).toBe("reference() to 'Microsoft.Network/publicIPAddresses/pip' is only known at deployment");
    expect(run("[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2022-09-01').keys[0].value]")).toBeInstanceOf(Unknown);
    expect(run("[listConnectionStrings('/x/y', '2020-01-01')]")).toBeInstanceOf(Unknown);
    expect(run("[pickZones('Microsoft.Compute', 'virtualMachines', 'westus2')]")).toBeInstanceOf(Unknown);
    expect(run("[providers('Microsoft.Web', 'sites')]")).toBeInstanceOf(Unknown);
  });

  it('refuses a type without matching names', () => {
    expect(() => run("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]")).toThrow(ExpressionError);
    expect(() => run("[resourceId('vm1')]")).toThrow(ExpressionError);
  });
});
