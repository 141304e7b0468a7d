import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callFunction } from '../../src/inputs/terraform/functions.js';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { isUnknown } from '../../src/model/value.js';

const RG = '/subscriptions/1111/resourceGroups/app';
const VNET = `${RG}/providers/Microsoft.Network/virtualNetworks/hub`;

describe('provider-defined functions of azapi and azurerm (Terraform 1.8+)', () => {
  it('azapi builds ids under a parent: top-level, child, resource group and extension types', () => {
    expect(callFunction('provider::azapi::build_resource_id', [RG, 'Microsoft.Network/virtualNetworks', 'hub'])).toBe(VNET);
    expect(callFunction('provider::azapi::build_resource_id', [VNET, 'Microsoft.Network/virtualNetworks/subnets', 'web'])).toBe(`${VNET}/subnets/web`);
    expect(callFunction('provider::azapi::build_resource_id', ['/subscriptions/1111', 'Microsoft.Resources/resourceGroups', 'ops'])).toBe(
      '/subscriptions/1111/resourceGroups/ops',
    );
    expect(callFunction('provider::azapi::build_resource_id', [VNET, 'Microsoft.Authorization/locks', 'keep'])).toBe(
      `${VNET}/providers/Microsoft.Authorization/locks/keep`,
    );
    expect(callFunction('provider::azapi::resource_group_resource_id', ['1111', 'app', 'Microsoft.Network/virtualNetworks/subnets', ['hub', 'web']])).toBe(
      `${VNET}/subnets/web`,
    );
    expect(callFunction('provider::azapi::subscription_resource_id', ['1111', 'Microsoft.Resources/resourceGroups', ['app']])).toBe(
      '/subscriptions/1111/providers/Microsoft.Resources/resourceGroups/app',
    );
  });

  it('azapi and azurerm take an id apart; one of another type fails as try() reads a failure', () => {
    expect(callFunction('provider::azapi::parse_resource_id', ['Microsoft.Network/virtualNetworks/subnets', `${VNET}/subnets/web`])).toMatchObject({
      name: 'web',
      parent_id: VNET,
      resource_group_name: 'app',
      subscription_id: '1111',
      provider_namespace: 'Microsoft.Network',
      parts: { virtualNetworks: 'hub', subnets: 'web' },
    });
    expect(callFunction('provider::azapi::parse_resource_id', ['Microsoft.Resources/resourceGroups', RG])).toMatchObject({
      name: 'app',
      parent_id: '/subscriptions/1111',
    });
    expect(callFunction('provider::azapi::parse_resource_id', ['Microsoft.Resources/resourceGroups', null])).toBeNull();
    const wrong = callFunction('provider::azapi::parse_resource_id', ['Microsoft.Resources/resourceGroups', 'app']);
    expect(isUnknown(wrong) && wrong.reason).toMatch(/did not match the type Microsoft\.Resources\/resourceGroups/);
    expect(callFunction('provider::azurerm::parse_resource_id', [`${VNET}/subnets/web`])).toEqual({
      resource_name: 'web',
      resource_provider: 'Microsoft.Network',
      resource_group_name: 'app',
      resource_type: 'subnets',
      resource_scope: '',
      full_resource_type: 'Microsoft.Network/virtualNetworks/subnets',
      subscription_id: '1111',
      parent_resources: { virtualNetworks: 'hub' },
    });
    expect(callFunction('provider::azurerm::normalise_resource_id', ['/SUBSCRIPTIONS/1111/resourcegroups/app'])).toBe(RG);
  });

  it('bad arguments and functions not known here are unknown with why, never a throw', () => {
    const missing = callFunction('provider::azapi::build_resource_id', [null, 'Microsoft.Network/virtualNetworks', 'hub']);
    expect(isUnknown(missing) && missing.reason).toMatch(/build_resource_id\(\) failed: parent_id must be a non-empty text/);
    const count = callFunction('provider::azapi::resource_group_resource_id', ['1111', 'app', 'Microsoft.Network/virtualNetworks/subnets', ['hub']]);
    expect(isUnknown(count) && count.reason).toMatch(/1 names do not fit/);
    const other = callFunction('provider::time::rfc3339_parse', ['2026-01-01T00:00:00Z']);
    // Before: "Terraform has no function …", which is not so.
    expect(isUnknown(other) && other.reason).toBe('the provider function provider::time::rfc3339_parse() is not evaluated by this reader');
  });

  it('a NIC placed and a VM wired with them are read with their real ids', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-provider-fn-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
variable "subnet_id" {
  default = "${VNET}/subnets/web"
}
locals {
  subnet    = provider::azurerm::parse_resource_id(var.subnet_id)
  rg_id     = provider::azapi::build_resource_id("/subscriptions/\${local.subnet.subscription_id}", "Microsoft.Resources/resourceGroups", local.subnet.resource_group_name)
  nic_id    = provider::azapi::build_resource_id(local.rg_id, "Microsoft.Network/networkInterfaces", "nic-web")
  vnet_name = try(provider::azapi::parse_resource_id("Microsoft.Network/virtualNetworks", var.subnet_id).name, local.subnet.parent_resources.virtualNetworks)
}
resource "azurerm_network_interface" "web" {
  name                = "nic-web"
  location            = "japaneast"
  resource_group_name = local.subnet.resource_group_name
  tags                = { vnet = local.vnet_name }
  ip_configuration {
    name                          = "ipc"
    subnet_id                     = var.subnet_id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azapi_resource" "vm" {
  type      = "Microsoft.Compute/virtualMachines@2024-07-01"
  name      = "vm-web"
  parent_id = local.rg_id
  location  = "japaneast"
  body = {
    properties = {
      networkProfile = { networkInterfaces = [{ id = local.nic_id }] }
    }
  }
}
`,
    );
    const result = await readTerraformModule(dir, { subscriptionId: '1111' });
    expect(result.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const nic = result.resources.find((r) => r.type === 'Microsoft.Network/networkInterfaces');
    const vm = result.resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines');
    // Before: unknown-resource-group for both, and the VM's NIC an Unknown.
    expect(nic?.id).toBe(`${RG}/providers/Microsoft.Network/networkInterfaces/nic-web`);
    expect(nic?.body['tags']).toEqual({ vnet: 'hub' });
    expect(vm?.id).toBe(`${RG}/providers/Microsoft.Compute/virtualMachines/vm-web`);
    expect(vm?.body['properties']).toMatchObject({ networkProfile: { networkInterfaces: [{ id: nic?.id }] } });
  });
});
