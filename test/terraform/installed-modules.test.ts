import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';

async function write(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
}

const ROOT = `
module "vm" {
  source  = "Azure/avm-res-compute-virtualmachine/azurerm"
  version = "0.19.0"
  name    = "web-01"
}
`;

/** A registry module as terraform init downloads it: a VM, a local submodule for its NIC, a remote one for its NSG. */
const DOWNLOADED = {
  '.terraform/modules/vm/main.tf': `
variable "name" { type = string }
module "nic" {
  source = "./modules/nic"
  name   = var.name
}
module "nsg" {
  source = "Azure/avm-res-network-networksecuritygroup/azurerm"
  name   = var.name
}
resource "azurerm_linux_virtual_machine" "this" {
  name                            = var.name
  location                        = "japaneast"
  resource_group_name             = "rg-web"
  size                            = "Standard_B2s"
  admin_username                  = "azureuser"
  disable_password_authentication = false
  network_interface_ids           = [module.nic.id]
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`,
  '.terraform/modules/vm/modules/nic/main.tf': `
variable "name" { type = string }
resource "azurerm_network_interface" "this" {
  name                = "\${var.name}-nic"
  location            = "japaneast"
  resource_group_name = "rg-web"
  ip_configuration {
    name                          = "ipconfig1"
    private_ip_address_allocation = "Dynamic"
  }
}
output "id" { value = azurerm_network_interface.this.id }
`,
  '.terraform/modules/vm.nsg/main.tf': `
variable "name" { type = string }
resource "azurerm_network_security_group" "this" {
  name                = "\${var.name}-nsg"
  location            = "japaneast"
  resource_group_name = "rg-web"
}
`,
};

const MANIFEST = JSON.stringify({
  Modules: [
    { Key: '', Source: '', Dir: '.' },
    { Key: 'vm', Source: 'registry.terraform.io/Azure/avm-res-compute-virtualmachine/azurerm', Version: '0.19.0', Dir: '.terraform/modules/vm' },
    { Key: 'vm.nic', Source: './modules/nic', Dir: '.terraform/modules/vm/modules/nic' },
    { Key: 'vm.nsg', Source: 'registry.terraform.io/Azure/avm-res-network-networksecuritygroup/azurerm', Version: '0.4.0', Dir: '.terraform/modules/vm.nsg' },
    { Key: 'elsewhere', Source: 'x', Dir: '../../etc' },
  ],
});

describe('remote Terraform modules', () => {
  it('are read from the folders terraform init downloaded them to, nested ones too', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-init-'));
    await write(root, { 'main.tf': ROOT, ...DOWNLOADED, '.terraform/modules/modules.json': MANIFEST });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    // One input: the downloaded modules are read as part of the root that calls them, not walked into.
    expect(loaded.inputs.map((input) => [input.kind, input.status, input.resources])).toEqual([['terraform', 'partial', 3]]);
    expect(loaded.inputs[0]?.diagnostics.map((d) => d.message)).toEqual([
      '.terraform/modules/modules.json: module elsewhere is recorded outside the root module (../../etc): not read',
    ]);
    const graph = new ResourceGraph(loaded.resources);
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0];
    expect(vm?.name).toBe('web-01');
    expect(graph.ofType('Microsoft.Network/networkSecurityGroups').map((nsg) => nsg.name)).toEqual(['web-01-nsg']);
    const report = buildReport(loaded.inputs, graph, RULES);
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.status).toBe('fail');
  });

  it('not downloaded, make the input partial with a warning saying so', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-noinit-'));
    await write(root, { 'main.tf': ROOT });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    expect(loaded.inputs.map((input) => [input.kind, input.status, input.resources])).toEqual([['terraform', 'partial', 0]]);
    expect(loaded.inputs[0]?.diagnostics.map((d) => d.message)).toEqual([
      'main.tf: module.vm: remote module "Azure/avm-res-compute-virtualmachine/azurerm" is not read (run terraform init: azvmsec reads the modules it downloads); its resources are not in the scan and its outputs are Unknown',
    ]);
  });
});
