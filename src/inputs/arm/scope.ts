import type { ValueObject } from '../../model/value.js';

/**
 * The placeholder deployment scope a template is read in. No Azure call is made: ids and scope
 * functions (`resourceGroup()`, `subscription()`, …) are built from these values, which a library
 * caller may set to match a real subscription.
 */
export interface DeploymentScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tenantId: string;
  readonly managementGroup: string;
  readonly deploymentName: string;
}

export const DEFAULT_SCOPE: DeploymentScope = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'azvmsec-rg',
  location: 'japaneast',
  tenantId: '00000000-0000-0000-0000-000000000000',
  managementGroup: 'azvmsec-mg',
  deploymentName: 'azvmsec',
};

export function resourceGroupObject(scope: DeploymentScope): ValueObject {
  return {
    id: `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`,
    name: scope.resourceGroup,
    type: 'Microsoft.Resources/resourceGroups',
    location: scope.location,
    tags: {},
    properties: { provisioningState: 'Succeeded' },
  };
}

export function subscriptionObject(scope: DeploymentScope): ValueObject {
  return {
    id: `/subscriptions/${scope.subscriptionId}`,
    subscriptionId: scope.subscriptionId,
    tenantId: scope.tenantId,
    displayName: 'azvmsec placeholder subscription',
  };
}

export function tenantObject(scope: DeploymentScope): ValueObject {
  return { id: `/tenants/${scope.tenantId}`, tenantId: scope.tenantId, countryCode: 'JP', displayName: 'azvmsec placeholder tenant' };
}

export function managementGroupObject(scope: DeploymentScope): ValueObject {
  return {
    id: `/providers/Microsoft.Management/managementGroups/${scope.managementGroup}`,
    name: scope.managementGroup,
    type: 'Microsoft.Management/managementGroups',
    properties: { displayName: scope.managementGroup, tenantId: scope.tenantId },
  };
}

/** `environment()` for the Azure public cloud, as documented in template-functions-deployment. */
export const AZURE_CLOUD: ValueObject = {
  name: 'AzureCloud',
  gallery: 'https://gallery.azure.com/',
  graph: 'https://graph.windows.net/',
  portal: 'https://portal.azure.com',
  graphAudience: 'https://graph.windows.net/',
  activeDirectoryDataLake: 'https://datalake.azure.net/',
  batch: 'https://batch.core.windows.net/',
  media: 'https://rest.media.azure.net',
  sqlManagement: 'https://management.core.windows.net:8443/',
  vmImageAliasDoc: 'https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/aliases.json',
  resourceManager: 'https://management.azure.com/',
  authentication: {
    loginEndpoint: 'https://login.microsoftonline.com/',
    audiences: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    tenant: 'common',
    identityProvider: 'AAD',
  },
  suffixes: {
    acrLoginServer: '.azurecr.io',
    azureDatalakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net',
    azureDatalakeStoreFileSystem: 'azuredatalakestore.net',
    azureFrontDoorEndpointSuffix: 'azurefd.net',
    keyvaultDns: '.vault.azure.net',
    sqlServerHostname: '.database.windows.net',
    storage: 'core.windows.net',
  },
};
