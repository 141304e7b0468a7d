import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';

describe('an azapi resource group without parent_id', () => {
  it('is in the provider subscription, as azapi documents, and what is built on its id is too', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-azapi-rg-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
resource "azapi_resource" "rg" {
  type     = "Microsoft.Resources/resourceGroups@2024-03-01"
  name     = "rg-web"
  location = "japaneast"
}
resource "azapi_resource" "vnet" {
  type      = "Microsoft.Network/virtualNetworks@2024-05-01"
  name      = "vnet-web"
  parent_id = azapi_resource.rg.id
  location  = "japaneast"
  body = {
    properties = { addressSpace = { addressPrefixes = ["10.1.0.0/16"] } }
  }
}
`,
    );
    const result = await readTerraformModule(dir, { subscriptionId: '2222' });
    // Before: /subscriptions/2222/resourceGroups/unknown-resource-group/providers/Unknown/unknown/azapi_resource.rg-parent/resourceGroups/rg-web
    expect(result.resources.map((r) => r.id).sort()).toEqual([
      '/subscriptions/2222/resourceGroups/rg-web',
      '/subscriptions/2222/resourceGroups/rg-web/providers/Microsoft.Network/virtualNetworks/vnet-web',
    ]);
  });
});

describe('data "azapi_client_config"', () => {
  it('gives the scan subscription and its id, which azapi modules build parent ids on', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-azapi-client-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
data "azapi_client_config" "current" {}
resource "azapi_resource" "rg" {
  type      = "Microsoft.Resources/resourceGroups@2024-03-01"
  name      = "rg-app"
  location  = "japaneast"
  parent_id = data.azapi_client_config.current.subscription_resource_id
}
resource "azapi_resource" "vnet" {
  type      = "Microsoft.Network/virtualNetworks@2024-05-01"
  name      = "vnet-app"
  location  = "japaneast"
  parent_id = "/subscriptions/\${data.azapi_client_config.current.subscription_id}/resourceGroups/rg-app"
  body      = { properties = { addressSpace = { addressPrefixes = ["10.0.0.0/16"] } } }
}
`,
    );
    const result = await readTerraformModule(dir, { subscriptionId: '3333' });
    // Before: both under /subscriptions/3333/resourceGroups/unknown-resource-group/providers/Unknown/unknown/….
    expect(result.resources.map((r) => r.id).sort()).toEqual([
      '/subscriptions/3333/resourceGroups/rg-app',
      '/subscriptions/3333/resourceGroups/rg-app/providers/Microsoft.Network/virtualNetworks/vnet-app',
    ]);
  });
});

describe('an azapi parent_id written as a template on a resource group whose name is not known', () => {
  it('is that resource group as the reader built it, so what is in it joins its id', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-azapi-placeholder-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
variable "suffix" {}
data "azurerm_client_config" "current" {}
resource "azurerm_resource_group" "app" {
  name     = "rg-\${var.suffix}"
  location = "japaneast"
}
resource "azapi_resource" "vnet" {
  type      = "Microsoft.Network/virtualNetworks@2024-05-01"
  name      = "vnet-app"
  location  = "japaneast"
  parent_id = "/subscriptions/\${data.azurerm_client_config.current.subscription_id}/resourceGroups/\${azurerm_resource_group.app.name}"
  body      = { properties = { addressSpace = { addressPrefixes = ["10.0.0.0/16"] } } }
}
`,
    );
    const result = await readTerraformModule(dir, { subscriptionId: '4444' });
    const group = result.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups');
    const vnet = result.resources.find((r) => r.type === 'Microsoft.Network/virtualNetworks');
    expect(group?.id).toBe('/subscriptions/4444/resourceGroups/azurerm_resource_group.app');
    // Before: /subscriptions/4444/resourceGroups/unknown-resource-group/providers/Unknown/unknown/azapi_resource.vnet-parent/….
    expect(vnet?.id).toBe(`${group?.id}/providers/Microsoft.Network/virtualNetworks/vnet-app`);
  });
});
