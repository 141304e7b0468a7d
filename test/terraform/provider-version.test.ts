import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { prop } from '../../src/model/value.js';
import { newestMajor } from '../../src/inputs/terraform/provider-version.js';

describe('newestMajor: the provider major terraform init installs for a constraint', () => {
  it.each([
    ['3.117.0', 3],
    ['= 3.117.0', 3],
    ['~> 3.50', 3],
    ['~> 3.50.1', 3],
    ['<= 3.9', 3],
    ['< 4.0', 3],
    ['< 4', 3],
    ['< 4.0.0', 3],
    ['< 4.1', 4],
    ['>= 3.0, < 4.0', 3],
    ['>= 3.0, ~> 4.10, < 5', 4],
    ['> 2.0, <= 3.1, != 3.0.1', 3],
  ])('%s → %s', (constraint, major) => {
    expect(newestMajor(constraint)).toBe(major);
  });

  it('has no answer without an upper bound (the newest release) or for what it cannot read', () => {
    // Before: the first number was taken, so ">= 3.0" read as 3 (public IPs Basic by default) and "< 4.0" as 4.
    for (const constraint of ['>= 3.0', '> 3.90', '~> 3', '!= 4.0.0', '', 'latest', '>= 3.0,']) expect(newestMajor(constraint)).toBeUndefined();
  });
});

describe('the azurerm version a configuration gets', () => {
  const PIP = `
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = ">= 3.0" }
  }
}
resource "azurerm_public_ip" "ip" {
  name                = "ip"
  resource_group_name = "rg"
  location            = "japaneast"
  allocation_method   = "Static"
}
`;
  const LOCK = `# This file is maintained automatically by "terraform init".
provider "registry.terraform.io/hashicorp/azurerm" {
  version     = "3.117.0"
  constraints = ">= 3.0.0"
  hashes = [
    "h1:Ynfg+Iy7x6K8M6W1AhqXCe3wkoiqIQhROlca7C3KC3w=",
  ]
}
`;
  const sku = async (files: Record<string, string>): Promise<unknown> => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-lock-'));
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(root, name), text);
    const { resources } = await loadInputs({ paths: [root] });
    return prop(resources.find((r) => r.type === 'Microsoft.Network/publicIPAddresses')?.body ?? {}, 'sku', 'name');
  };

  it('is the one the dependency lock file records, whatever newer ones the constraint allows', async () => {
    // Before: the lock file was not read, and ">= 3.0" gave the newest major, where public IPs are Standard by default.
    expect(await sku({ 'main.tf': PIP })).toBe('Standard');
    expect(await sku({ 'main.tf': PIP, '.terraform.lock.hcl': LOCK })).toBe('Basic');
  });
});
