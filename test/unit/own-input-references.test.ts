import { describe, expect, it } from 'vitest';
import { ResourceGraph } from '../../src/model/graph.js';
import { createResource, type Resource } from '../../src/model/resource.js';
import { cli } from '../support/cli.js';
import { armTemplate, linuxVm, rid } from '../support/arm-snippets.js';
import { bastion } from '../support/edge-snippets.js';
import { folderOf } from '../support/files.js';
import { netNic, nsg, publicIpAddress, vnet, type RuleSpec, type SubnetSpec } from '../support/network-snippets.js';

/**
 * Two inputs that declare the same resource ids: one template in two folders (scanned without a
 * deployment scope, both get the placeholder subscription and resource group), two Terraform roots.
 * They are two deployments: a reference from one reads its own resource, and what each input gets
 * is what it gets scanned alone, whichever order the inputs are named in.
 */

interface JsonEvaluation {
  readonly ruleId: string;
  readonly status: string;
  readonly resource: { readonly id: string; readonly input: string };
  readonly findings: readonly { readonly location: { readonly file?: string; readonly pointer: string } }[];
}

async function evaluations(cwd: string, inputs: string[]): Promise<Map<string, string>> {
  const { stdout, stderr } = await cli(['scan', ...inputs, '--format', 'json', '--fail-on', 'none'], { cwd });
  expect(stderr).toBe('');
  const report = JSON.parse(stdout) as { evaluations: JsonEvaluation[] };
  const byKey = new Map<string, string>();
  for (const e of report.evaluations) {
    const findings = e.findings.map((f) => `${f.location.file ?? ''}#${f.location.pointer}`).sort();
    byKey.set(`${e.ruleId} ${e.resource.input} ${e.resource.id.toLowerCase()}`, [e.status, ...findings].join(' '));
  }
  return byKey;
}

const sorted = (map: Map<string, string>): [string, string][] => [...map].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));

/**
 * Scans `a` and `b` (folders or files under `root`) alone and together in both orders: together,
 * each evaluation is what that input got alone. Returns the evaluations of the scans alone.
 */
async function scannedAloneAndTogether(root: string, a: string, b: string): Promise<Map<string, string>> {
  const alone = new Map([...(await evaluations(root, [a])), ...(await evaluations(root, [b]))]);
  expect(sorted(await evaluations(root, [a, b]))).toEqual(sorted(alone));
  expect(sorted(await evaluations(root, [b, a]))).toEqual(sorted(alone));
  return alone;
}

/** The status and findings of one rule on the resource of `type` and `name` in `input`. */
function verdict(all: Map<string, string>, ruleId: string, input: string, type: string, name: string): string | undefined {
  const suffix = `/providers/${type}/${name}`.toLowerCase();
  const found = [...all].filter(([key]) => key.startsWith(`${ruleId} ${input} `) && key.endsWith(suffix));
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0]?.[1];
}

const VM = 'Microsoft.Compute/virtualMachines';
const SSH: RuleSpec[] = [{ name: 'allow-ssh', priority: 100, from: '*', port: 22 }];

interface EstateSpec {
  /** The rules of NSG `web-nsg` (none: Azure's defaults alone). */
  readonly nsgRules?: RuleSpec[];
  /** Whether subnet `workload` names `web-nsg`. */
  readonly subnetNsg?: boolean;
  /** Whether the VM's NIC names `web-nsg`. */
  readonly nicNsg?: boolean;
  readonly pipSku?: string;
  readonly extraSubnets?: SubnetSpec[];
  readonly extra?: object[];
}

/** A VNet, NSG `web-nsg`, public IP, NIC and VM `vm` with the same names (so the same ids) in every copy. */
function estate(spec: EstateSpec): string {
  return JSON.stringify(
    armTemplate([
      vnet('vnet', ['10.0.0.0/16'], [{ name: 'workload', prefix: '10.0.0.0/24', ...(spec.subnetNsg ? { nsg: 'web-nsg' } : {}) }, ...(spec.extraSubnets ?? [])]),
      nsg('web-nsg', spec.nsgRules ?? []),
      publicIpAddress('vm-pip', spec.pipSku ?? 'Standard'),
      netNic('vm-nic', { publicIp: 'vm-pip', ...(spec.nicNsg ? { nsg: 'web-nsg' } : {}) }),
      linuxVm('vm'),
      ...(spec.extra ?? []),
    ]),
    null,
    2,
  );
}

async function twoCopies(a: EstateSpec, b: EstateSpec): Promise<Map<string, string>> {
  const root = await folderOf({ 'a/estate.json': estate(a), 'b/estate.json': estate(b) });
  return scannedAloneAndTogether(root, 'a', 'b');
}

describe('two templates that deploy the same ids', () => {
  it("read each its own subnet NSG (AZV-NET-002 never reads the other's rules)", async () => {
    const all = await twoCopies({ subnetNsg: true }, { subnetNsg: true, nsgRules: SSH });
    expect(verdict(all, 'AZV-NET-002', 'a/estate.json', VM, 'vm')).toBe('pass');
    expect(verdict(all, 'AZV-NET-002', 'b/estate.json', VM, 'vm')).toBe('fail b/estate.json#/properties/securityRules/0');
  });

  it('read each its own subnet and VNet', async () => {
    // Only the subnet differs: in a, it names the NSG (closed); in b, it names none, and a Basic public IP is open.
    const all = await twoCopies({ subnetNsg: true, pipSku: 'Basic' }, { pipSku: 'Basic' });
    expect(verdict(all, 'AZV-NET-002', 'a/estate.json', VM, 'vm')).toBe('pass');
    expect(verdict(all, 'AZV-NET-002', 'b/estate.json', VM, 'vm')).toMatch(/^fail /);
  });

  it('read each its own VNet for the Bastion that covers it (AZV-CONN-001)', async () => {
    const withBastion: EstateSpec = {
      subnetNsg: true,
      extraSubnets: [{ name: 'AzureBastionSubnet', prefix: '10.0.1.0/26' }],
      extra: [bastion('bastion'), publicIpAddress('bastion-pip')],
    };
    const all = await twoCopies(withBastion, { subnetNsg: true });
    expect(verdict(all, 'AZV-CONN-001', 'a/estate.json', 'Microsoft.Network/virtualNetworks', 'vnet')).toBe('pass');
    expect(verdict(all, 'AZV-CONN-001', 'b/estate.json', 'Microsoft.Network/virtualNetworks', 'vnet')).toMatch(/^fail /);
  });

  it('read each its own NIC', async () => {
    const all = await twoCopies({ nicNsg: true, pipSku: 'Basic' }, { pipSku: 'Basic' });
    expect(verdict(all, 'AZV-NET-002', 'a/estate.json', VM, 'vm')).toBe('pass');
    expect(verdict(all, 'AZV-NET-002', 'b/estate.json', VM, 'vm')).toMatch(/^fail /);
  });

  it('read each its own public IP', async () => {
    // No NSG in either: a Standard public IP admits nothing without one, a Basic one everything.
    const all = await twoCopies({ pipSku: 'Standard' }, { pipSku: 'Basic' });
    expect(verdict(all, 'AZV-NET-002', 'a/estate.json', VM, 'vm')).toBe('pass');
    expect(verdict(all, 'AZV-NET-002', 'b/estate.json', VM, 'vm')).toMatch(/^fail /);
  });
});

/** The parity estate in Terraform: `ssh` adds an NSG rule from the Internet, `forced` a 0.0.0.0/0 route to a firewall. */
function terraformRoot(options: { ssh: boolean; forced: boolean }): string {
  const rule = `
  security_rule {
    name                       = "ssh-from-internet"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }`;
  const route = `
resource "azurerm_route_table" "egress" {
  name                = "egress"
  location            = "japaneast"
  resource_group_name = "rg"

  route {
    name                   = "default"
    address_prefix         = "0.0.0.0/0"
    next_hop_type          = "VirtualAppliance"
    next_hop_in_ip_address = "10.10.2.4"
  }
}

resource "azurerm_subnet_route_table_association" "app" {
  subnet_id      = azurerm_subnet.app.id
  route_table_id = azurerm_route_table.egress.id
}
`;
  return `
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = "japaneast"
  resource_group_name = "rg"
  address_space       = ["10.10.0.0/16"]
}

resource "azurerm_subnet" "app" {
  name                 = "app"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = ["10.10.1.0/24"]
}

resource "azurerm_network_security_group" "app" {
  name                = "nsg"
  location            = "japaneast"
  resource_group_name = "rg"
${options.ssh ? rule : ''}
}

resource "azurerm_subnet_network_security_group_association" "app" {
  subnet_id                 = azurerm_subnet.app.id
  network_security_group_id = azurerm_network_security_group.app.id
}
${options.forced ? route : ''}
resource "azurerm_public_ip" "vm" {
  name                = "pip"
  location            = "japaneast"
  resource_group_name = "rg"
  allocation_method   = "Static"
  sku                 = "Standard"
}

resource "azurerm_network_interface" "vm" {
  name                = "nic"
  location            = "japaneast"
  resource_group_name = "rg"

  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = azurerm_subnet.app.id
    private_ip_address_allocation = "Dynamic"
    public_ip_address_id          = azurerm_public_ip.vm.id
  }
}

resource "azurerm_linux_virtual_machine" "vm" {
  name                            = "vm"
  location                        = "japaneast"
  resource_group_name             = "rg"
  size                            = "Standard_B2s"
  admin_username                  = "azureuser"
  disable_password_authentication = true
  network_interface_ids           = [azurerm_network_interface.vm.id]

  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-rsa AAAAB3NzaC1yc2E"
  }

  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }

  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}
`;
}

describe('two Terraform roots whose resources get the same placeholder ids', () => {
  it('read each its own NSG and subnet route table (AZV-NET-002, AZV-NET-011)', async () => {
    const root = await folderOf({ 'env-a/main.tf': terraformRoot({ ssh: false, forced: false }), 'env-b/main.tf': terraformRoot({ ssh: true, forced: true }) });
    const all = await scannedAloneAndTogether(root, 'env-a', 'env-b');
    // A Terraform root is one input, named by its folder.
    expect(verdict(all, 'AZV-NET-002', 'env-a', VM, 'vm')).toBe('pass');
    expect(verdict(all, 'AZV-NET-002', 'env-b', VM, 'vm')).toMatch(/^fail env-b\/main\.tf#/);
    const egressA = verdict(all, 'AZV-NET-011', 'env-a', VM, 'vm');
    const egressB = verdict(all, 'AZV-NET-011', 'env-b', VM, 'vm');
    expect(egressA).toMatch(/^fail /);
    expect(egressA).not.toMatch(/env-b/);
    expect(egressB).not.toMatch(/env-a/);
    expect(egressB).not.toBe(egressA);
  });
});

describe('ResourceGraph lookups of an id several inputs have', () => {
  const subnetId = rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'workload');
  const nsgId = rid('Microsoft.Network/networkSecurityGroups', 'web-nsg');
  /** A resource as a template declares it (with a source map), or as a snapshot lists it (none). */
  const declared = (id: string, input: string, body: Record<string, string> = {}, fromAzure = false): Resource =>
    createResource({
      id,
      type: id.includes('/subnets/') ? 'Microsoft.Network/virtualNetworks/subnets' : 'Microsoft.Network/networkSecurityGroups',
      name: id.split('/').pop() as string,
      body: { properties: body },
      input,
      ...(fromAzure ? {} : { source: { file: input, locate: () => ({ file: input, line: 1, column: 1 }) } }),
    });
  const nic = (input: string): Resource =>
    createResource({
      id: rid('Microsoft.Network/networkInterfaces', `nic-${input}`),
      type: 'Microsoft.Network/networkInterfaces',
      name: `nic-${input}`,
      body: { properties: { networkSecurityGroup: { id: nsgId } } },
      input,
      source: { file: input, locate: () => undefined },
    });

  it('give each input its own resource, and an input without the id the same one whichever order the inputs came in', () => {
    const a = declared(nsgId, 'a.json', { from: 'a' });
    const b = declared(nsgId, 'b.json', { from: 'b' });
    for (const order of [
      [a, b],
      [b, a],
    ]) {
      const graph = new ResourceGraph([...order, nic('a.json'), nic('b.json'), nic('c.json')]);
      expect(graph.get(nsgId, nic('a.json'))?.body).toEqual({ properties: { from: 'a' } });
      expect(graph.get(nsgId, nic('b.json'))?.body).toEqual({ properties: { from: 'b' } });
      // An input that does not declare it: the input whose path sorts first, not the first named.
      expect(graph.get(nsgId, nic('c.json'))?.input).toBe('a.json');
      expect(graph.get(nsgId)?.input).toBe('a.json');
      // Keys that tell them apart, and references keyed as they resolve.
      expect(graph.keyOf(a)).not.toBe(graph.keyOf(b));
      expect(graph.referenceKey(a.key, nic('b.json'))).toBe(graph.keyOf(b));
      expect(graph.referenceKey(a.key, nic('c.json'))).toBe(graph.keyOf(a));
      expect(graph.referencesTo(b, ['Microsoft.Network/networkInterfaces']).map((r) => r.resource.input)).toEqual(['b.json']);
      expect(
        graph
          .referencesTo(a, ['Microsoft.Network/networkInterfaces'])
          .map((r) => r.resource.input)
          .sort(),
      ).toEqual(['a.json', 'c.json']);
    }
  });

  it('give a template that references an existing resource the one a snapshot lists', () => {
    const fromSnapshot = declared(subnetId, 'estate.snapshot.json', { from: 'azure' }, true);
    const fromOther = declared(subnetId, 'a.json', { from: 'a' });
    const template = nic('z.json');
    for (const order of [
      [fromOther, fromSnapshot],
      [fromSnapshot, fromOther],
    ]) {
      const graph = new ResourceGraph([...order, template]);
      // z.json does not declare the subnet: what exists is what it names, before another template's.
      expect(graph.get(subnetId, template)?.input).toBe('estate.snapshot.json');
      expect(graph.get(subnetId, fromOther)?.input).toBe('a.json');
    }
    // With the snapshot alone, nothing is shared: the plain key, as for one input.
    const alone = new ResourceGraph([fromSnapshot, template]);
    expect(alone.get(subnetId, template)).toBe(fromSnapshot);
    expect(alone.keyOf(fromSnapshot)).toBe(fromSnapshot.key);
    expect(alone.referenceKey(fromSnapshot.key, template)).toBe(fromSnapshot.key);
  });
});
