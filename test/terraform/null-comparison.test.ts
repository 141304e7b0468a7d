import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { isUnknown } from '../../src/model/value.js';

describe('comparing with null', () => {
  it('is known for an object or list that is there, even with a member not known; not for a value not known at all', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-null-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
variable "subnet_id" {}
locals {
  ip_configuration = { subnet_id = var.subnet_id, create_public_ip = false }
}
resource "azurerm_public_ip" "bastion" {
  # The modules' own pattern: one IP when a configuration is given and asks for it.
  count               = local.ip_configuration != null ? (local.ip_configuration.create_public_ip ? 1 : 0) : 1
  name                = "pip-bastion"
  location            = "japaneast"
  resource_group_name = "rg"
  allocation_method   = "Static"
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "japaneast"
  tags = {
    object = local.ip_configuration == null ? "null" : "given"
    list   = [var.subnet_id] != null ? "given" : "null"
    value  = var.subnet_id != null ? "given" : "null"
  }
}
`,
    );
    const result = await readTerraformModule(dir);
    // Before: count not known (one public IP read that Terraform does not create) and each tag an Unknown.
    expect(result.resources.filter((r) => r.type === 'Microsoft.Network/publicIPAddresses')).toEqual([]);
    expect(result.diagnostics.map((d) => d.message).filter((m) => m.includes('count is not known'))).toEqual([]);
    const tags = result.resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups')?.body['tags'] as Record<string, unknown>;
    expect(tags['object']).toBe('given');
    expect(tags['list']).toBe('given');
    expect(isUnknown(tags['value'] as never)).toBe(true);
  });
});
