import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateTemplateString, force } from '../../src/inputs/terraform/evaluate.js';
import { callFunction } from '../../src/inputs/terraform/functions.js';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { get, type Resource } from '../../src/model/resource.js';
import { isUnknown, Unknown, type Value } from '../../src/model/value.js';

const render = (text: string): Value => force(evaluateTemplateString(text, { budget: { steps: 10_000 }, lookup: () => undefined }));
const reason = (value: Value): string | undefined => (isUnknown(value) ? value.reason : undefined);

async function read(files: Record<string, string>, folder = '.'): Promise<Resource[]> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-semantics-'));
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), text);
  }
  return (await readTerraformModule(path.join(root, folder))).resources;
}

/** A resource by its name, or (a resource group, named by its address) by the end of its address. */
const byName = (resources: readonly Resource[], name: string): Resource =>
  resources.find((resource) => resource.name === name || resource.name.endsWith(`.${name}`)) as Resource;

describe('Terraform equality operators', () => {
  it('"a == b returns true if a and b both have the same type and the same value": "5" == 5 is false', () => {
    expect(render('${"5" == 5}')).toBe(false);
    expect(render('${"5" != 5}')).toBe(true);
    expect(render('${true == "true"}')).toBe(false);
    expect(render('${1 == 1.0}')).toBe(true);
    expect(render('${["5"] == [5]}')).toBe(false);
    expect(render('${{ a = 1 } == { a = "1" }}')).toBe(false);
  });

  it('compare lists by their elements, objects whatever the order of their keys, and never a set with a list', () => {
    expect(render('${[1, [2, "x"]] == [1, [2, "x"]]}')).toBe(true);
    expect(render('${{ a = 1, b = { c = null } } == { b = { c = null }, a = 1 }}')).toBe(true);
    expect(render('${{ a = 1 } == { a = 1, b = 2 }}')).toBe(false);
    expect(render('${toset(["a", "b"]) == toset(["b", "a"])}')).toBe(true);
    expect(render('${toset(["a"]) == ["a"]}')).toBe(false);
  });

  it('decide what a resource is given: a number-typed variable is not equal to text', async () => {
    const resources = await read({
      'main.tf': `
variable "ssh_port" {
  type    = number
  default = "22"
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "japaneast"
  resource_group_name = "rg"
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = var.ssh_port == "22" ? "Allow" : "Deny"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = var.ssh_port
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}
`,
    });
    // Before: "22" == 22 read as true, and the rule as an Allow Terraform does not write.
    expect(get(byName(resources, 'nsg'), 'properties', 'securityRules', 0, 'properties', 'access')).toBe('Deny');
  });
});

describe('conditional expressions', () => {
  it('give the type both results convert to: `var.example ? 12 : "hello"` "will always return a string"', () => {
    expect(render('${true ? 12 : "hello"}')).toBe('12');
    expect(render('${false ? "any" : 22}')).toBe('22');
    expect(render('${true ? true : "no"}')).toBe('true');
    expect(render('${true ? 12 : 13}')).toBe(12);
    expect(render('${true ? 12 : null}')).toBe(12);
    expect(render('${(true ? 22 : "*") == 22}')).toBe(false);
  });
});

describe('the logical operators', () => {
  it('short-circuit "in both directions" (hashicorp/hcl#713): a value not known && false is false, || true is true', () => {
    const notKnown = new Unknown('var.flag not known');
    const withFlag = (text: string): Value =>
      force(evaluateTemplateString(text, { budget: { steps: 10_000 }, lookup: (name) => (name === 'flag' ? notKnown : undefined) }));
    expect(withFlag('${flag && false}')).toBe(false);
    expect(withFlag('${flag || true}')).toBe(true);
    expect(withFlag('${false && flag}')).toBe(false);
    expect(reason(withFlag('${flag && true}'))).toBe('var.flag not known');
    expect(reason(withFlag('${flag || false}'))).toBe('var.flag not known');
  });
});

describe('the arithmetic and comparison operators', () => {
  it('"expect number values": text that is a number converts, anything else is an error try() steps over', () => {
    expect(render('${"5" < 10}')).toBe(true);
    expect(reason(render('${"a" < 1}'))).toMatch(/is not a number/);
    expect(reason(render('${true + 1}'))).toMatch(/is not a number/);
    expect(render('${try("0x10" + 1, "error")}')).toBe('error');
  });
});

describe('Terraform type conversion functions', () => {
  it('tomap and tolist give their elements one type, "the most general type"', () => {
    expect(render('${tomap({ a = "foo", b = true })}')).toEqual({ a: 'foo', b: 'true' });
    expect(render('${tomap({ a = 1, b = 2 })}')).toEqual({ a: 1, b: 2 });
    expect(render('${tolist(["a", "b", 3])}')).toEqual(['a', 'b', '3']);
    expect(callFunction('tomap', [null])).toBeNull();
    expect(reason(render('${tomap(["a"])}'))).toBe('tomap(): cannot convert tuple to map');
    expect(reason(render('${tolist({ a = 1 })}'))).toBe('tolist(): cannot convert object to list');
    expect(reason(render('${toset("a")}'))).toBe('toset(): cannot convert string to set');
  });

  it('tonumber, tobool and tostring convert what Terraform converts and refuse the rest', () => {
    expect(render('${tonumber("1.5e3")}')).toBe(1500);
    expect(reason(render('${tonumber("abc")}'))).toMatch(/is not a number/);
    expect(reason(render('${tonumber("0x10")}'))).toMatch(/is not a number/);
    expect(reason(render('${tonumber(true)}'))).toMatch(/is not a number/);
    expect(render('${tobool("true")}')).toBe(true);
    expect(render('${tobool("false")}')).toBe(false);
    // Before: tobool("yes") and tobool(1) were false.
    expect(reason(render('${tobool("yes")}'))).toBe('tobool(): cannot convert "yes" to bool');
    expect(render('${can(tobool(1))}')).toBe(false);
    expect(render('${tostring(1)}')).toBe('1');
    expect(render('${tostring(true)}')).toBe('true');
    expect(callFunction('tostring', [null])).toBeNull();
    // Before: the JSON text of the list.
    expect(reason(render('${tostring([])}'))).toBe('tostring(): cannot convert tuple to string');
    expect(render('${try(tostring({ a = 1 }), "not text")}')).toBe('not text');
  });

  it('a variable of type map(any) or list(any) gives its elements one type', async () => {
    const resources = await read({
      'main.tf': `
variable "tags" {
  type    = map(any)
  default = { env = "prod", cost = 100, critical = true }
}
variable "ports" {
  type    = list(any)
  default = [22, "3389"]
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "japaneast"
  tags     = merge(var.tags, { ports = join(",", var.ports), first = var.ports[0] == "22" ? "text" : "number" })
}
`,
    });
    expect(get(byName(resources, 'rg'), 'tags')).toEqual({ env: 'prod', cost: '100', critical: 'true', ports: '22,3389', first: 'text' });
  });
});

describe('Terraform IP network functions with IPv6', () => {
  it('cidrsubnet, cidrhost and cidrsubnets as the Terraform docs show them', () => {
    expect(render('${cidrsubnet("fd00:db8:deca::/48", 16, 1)}')).toBe('fd00:db8:deca:1::/64');
    expect(render('${cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)}')).toBe('fd00:fd12:3456:7800:a200::/72');
    expect(render('${cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)}')).toBe('fd00:fd12:3456:7890::22');
    expect(render('${cidrsubnets("fd00:fd12:3456:7890::/56", 16, 16, 16, 32)}')).toEqual([
      'fd00:fd12:3456:7800::/72',
      'fd00:fd12:3456:7800:100::/72',
      'fd00:fd12:3456:7800:200::/72',
      'fd00:fd12:3456:7800:300::/88',
    ]);
    expect(render('${cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)}')).toEqual(['10.1.0.0/20', '10.1.16.0/20', '10.1.32.0/24', '10.1.48.0/20']);
    expect(render('${cidrhost("10.0.0.0/8", -2)}')).toBe('10.255.255.254');
    expect(render('${cidrhost("fd00::/64", -1)}')).toBe('fd00::ffff:ffff:ffff:ffff');
    expect(render('${cidrnetmask("172.16.0.0/12")}')).toBe('255.240.0.0');
  });

  it('refuse what Terraform refuses: a netmask of IPv6, more than 32 new bits, no room left', () => {
    expect(reason(render('${cidrnetmask("fd00::/8")}'))).toMatch(/IPv6 prefix, which has no netmask/);
    expect(reason(render('${cidrsubnet("fd00::/16", 33, 0)}'))).toMatch(/out of range/);
    expect(reason(render('${cidrsubnets("10.1.0.0/30", 1, 1, 1)}'))).toMatch(/not enough remaining address space/);
    expect(render('${try(cidrsubnet("10.0.0.0/8", 8, 256), "none")}')).toBe('none');
    expect(render('${can(cidrhost("not-a-prefix", 1))}')).toBe(false);
  });

  it('give a dual-stack subnet both of its prefixes', async () => {
    const resources = await read({
      'main.tf': `
locals {
  v6 = "fd00:db8:deca::/48"
}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  location            = "japaneast"
  resource_group_name = "rg"
  address_space       = ["10.0.0.0/16", local.v6]
}
resource "azurerm_subnet" "app" {
  name                 = "app"
  resource_group_name  = "rg"
  virtual_network_name = azurerm_virtual_network.vnet.name
  address_prefixes     = [cidrsubnet("10.0.0.0/16", 8, 1), cidrsubnet(local.v6, 16, 1)]
}
`,
    });
    // Before: the IPv6 prefix was Unknown ("not an IPv4 CIDR prefix this reader computes with").
    expect(get(byName(resources, 'vnet/app'), 'properties', 'addressPrefixes')).toEqual(['10.0.1.0/24', 'fd00:db8:deca:1::/64']);
  });
});

describe('csvdecode()', () => {
  it('reads a header row and one map of strings per line, as RFC 4180 and Go read CSV', () => {
    expect(callFunction('csvdecode', ['a,b,c\n1,2,3\n4,5,6\n'])).toEqual([
      { a: '1', b: '2', c: '3' },
      { a: '4', b: '5', c: '6' },
    ]);
    expect(callFunction('csvdecode', ['name,rule\r\n"web, front","say ""hi""\r\nthere"\r\n\r\n'])).toEqual([{ name: 'web, front', rule: 'say "hi"\nthere' }]);
    expect(callFunction('csvdecode', ['a,b\n'])).toEqual([]);
    expect(reason(callFunction('csvdecode', ['a,b\n1\n']))).toMatch(/wrong number of fields/);
    expect(render('${try(csvdecode("a\\n\\"x"), [])}')).toEqual([]);
  });
});

describe('path.module, path.root and path.cwd', () => {
  it('are what terraform plan gives in the root module folder, and file() reads through each', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-paths-'));
    const files: Record<string, string> = {
      'app/main.tf': `
module "vm" {
  source = "./modules/vm"
}
resource "azurerm_resource_group" "root" {
  name     = "root"
  location = "japaneast"
  tags = {
    module = path.module
    root   = path.root
    cwd    = path.cwd == abspath(path.root) ? "absolute" : path.cwd
    base   = basename(path.module)
  }
}
`,
      'app/modules/vm/main.tf': `
resource "azurerm_resource_group" "child" {
  name     = "child"
  location = "japaneast"
  tags = {
    module       = path.module
    root         = path.root
    from_module  = file("\${path.module}/name.txt")
    from_cwd     = file("\${path.cwd}/top.txt")
    from_abspath = file(abspath("\${path.module}/name.txt"))
  }
}
`,
      'app/modules/vm/name.txt': 'child-file',
      'app/top.txt': 'top-file',
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), text);
    }
    const resources = (await readTerraformModule(path.join(root, 'app'))).resources;
    // Before: path.module was the folder's absolute path, path.root too, and path.cwd ".".
    expect(get(byName(resources, 'root'), 'tags')).toEqual({ module: '.', root: '.', cwd: 'absolute', base: '.' });
    expect(get(byName(resources, 'child'), 'tags')).toEqual({
      module: 'modules/vm',
      root: '.',
      from_module: 'child-file',
      from_cwd: 'top-file',
      from_abspath: 'child-file',
    });
  });
});

describe('an identity block of a resource without a mapping', () => {
  it('exports principal_id known only after apply, not an attribute missing that try() steps over', async () => {
    const resources = await read({
      'main.tf': `
resource "azurerm_linux_function_app" "fn" {
  name                = "fn"
  location            = "japaneast"
  resource_group_name = "rg"
  identity {
    type = "SystemAssigned"
  }
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "japaneast"
  tags = {
    principal = try(azurerm_linux_function_app.fn.identity[0].principal_id, "none")
  }
}
`,
    });
    const principal = get(byName(resources, 'rg'), 'tags', 'principal') as Value;
    // Before: "none" (the attribute read as missing).
    expect(reason(principal)).toBe('azurerm_linux_function_app.fn.identity.principal_id is known only after apply');
  });

  it('any azurerm block exports the attributes it does not write as known only after apply, and those it writes as written', async () => {
    const resources = await read({
      'main.tf': `
resource "azurerm_kubernetes_cluster" "aks" {
  name                = "aks"
  location            = "japaneast"
  resource_group_name = "rg"
  aci_connector_linux {
    subnet_name = "aci"
  }
}
resource "azurerm_resource_group" "rg" {
  name     = "rg"
  location = "japaneast"
  tags = {
    connector = try(azurerm_kubernetes_cluster.aks.aci_connector_linux[0].connector_identity[0].object_id, "none")
    subnet    = azurerm_kubernetes_cluster.aks.aci_connector_linux[0].subnet_name
  }
}
`,
    });
    const tags = get(byName(resources, 'rg'), 'tags') as Record<string, Value>;
    // Before: "none" (Terraform stops on an attribute missing; this one the provider computes).
    expect(reason(tags['connector'] as Value)).toBe('azurerm_kubernetes_cluster.aks.aci_connector_linux.connector_identity is known only after apply');
    expect(tags['subnet']).toBe('aci');
  });
});
