import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';

const MODULE = `
variable "name" { default = "x" }
resource "azurerm_network_security_group" "this" {
  name                = var.name
  location            = "japaneast"
  resource_group_name = "rg"
}
`;

async function root(calls: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-calls-'));
  await mkdir(path.join(dir, 'nsg'));
  await writeFile(path.join(dir, 'nsg', 'main.tf'), MODULE);
  await writeFile(path.join(dir, 'main.tf'), `variable "names" {}\n${calls}`);
  return dir;
}

describe('module calls Terraform cannot count here', () => {
  it('read one instance and say so, as resources do: an unknown for_each or count, a count past 100, a count that is no whole number', async () => {
    const dir = await root(`
module "unknown_each" {
  source   = "./nsg"
  for_each = var.names
  name     = "each-\${each.key}"
}
module "unknown_count" {
  source = "./nsg"
  count  = length(var.names)
  name   = "count-\${count.index}"
}
module "many" {
  source = "./nsg"
  count  = 150
  name   = "many-\${count.index}"
}
module "fraction" {
  source = "./nsg"
  count  = 1.5
  name   = "fraction"
}
`);
    const read = await readTerraformModule(dir, { display: (file) => path.relative(dir, file) });
    expect(read.diagnostics.map((d) => d.message).filter((message) => message.startsWith('main.tf: module.'))).toEqual([
      'main.tf: module.fraction: count 1.5 is not a whole number; one instance is read',
      'main.tf: module.many: count is 150; the first 100 instances are read',
      "main.tf: module.unknown_count: count is not known (variable 'names' has no value (no default, tfvars or --var)); one instance is read",
      "main.tf: module.unknown_each: for_each is not known (variable 'names' has no value (no default, tfvars or --var)); one instance is read",
    ]);
    const names = read.resources.map((resource) => resource.name);
    expect(names.filter((name) => name.startsWith('many-'))).toHaveLength(100);
    expect(names).toEqual(expect.arrayContaining(['count-0', 'fraction']));
    // The instance of an unknown for_each has an unknown name: it is read under its address.
    expect(read.resources.some((resource) => resource.name === 'module.unknown_each[_].azurerm_network_security_group.this')).toBe(true);
  });
});

describe('resource types that hold VMs azvmsec does not read', () => {
  it('make the input partial: a DevTest Labs VM', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-vmss-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `resource "azurerm_dev_test_linux_virtual_machine" "lab" {\n  name = "lab-vm"\n  lab_name = "lab"\n  resource_group_name = "rg"\n}\nresource "azurerm_dns_zone" "z" {\n  name = "contoso.com"\n  resource_group_name = "rg"\n}\n`,
    );
    const read = await readTerraformModule(dir, { display: (file) => path.relative(dir, file) });
    expect(read.status).toBe('partial');
    expect(read.diagnostics.map((d) => `${d.severity}: ${d.message}`)).toEqual([
      'info: Resource types azvmsec does not map (not checked): azurerm_dev_test_linux_virtual_machine (1), azurerm_dns_zone (1)',
      'warning: azurerm_dev_test_linux_virtual_machine (a DevTest Labs VM) is not read: the VMs of its 1 instance(s) are not checked',
    ]);
  });
});
