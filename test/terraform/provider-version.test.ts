import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { prop } from '../../src/model/value.js';
import { newestMajor, selectProviderVersion, type ProviderConstraint } from '../../src/inputs/terraform/provider-version.js';

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
    // Terraform reads "~> 3" as "~> 3.0" (it writes it so in the lock file: getproviders types_test.go), below 4.0.
    ['~> 3', 3],
    // A pre-release is selected only by an exact constraint; as a bound it compares as its release does.
    ['5.0.0-beta1', 5],
    ['< 4.0.0-beta1', 3],
    ['<= 4.0.0-rc1', 3],
    ['!= 4.0.0, < 4.0.1', 3],
  ])('%s → %s', (constraint, major) => {
    expect(newestMajor(constraint)).toBe(major);
  });

  it('has no answer without an upper bound (the newest release) or for what it cannot read', () => {
    // Before: the first number was taken, so ">= 3.0" read as 3 (public IPs Basic by default) and "< 4.0" as 4.
    for (const constraint of ['>= 3.0', '> 3.90', '!= 4.0.0', '>= 5.0.0-beta1', '', 'latest', '>= 3.0,']) expect(newestMajor(constraint)).toBeUndefined();
    // Nothing meets it.
    expect(newestMajor('>= 4.0, < 4.0')).toBeUndefined();
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

describe('selectProviderVersion: one azurerm version for the root module and every module it calls', () => {
  const c = (constraint: string, module = 'module.m', root = false): ProviderConstraint => ({ constraint, file: 'main.tf', module, root });

  it("is the newest meeting every module's constraint", () => {
    // Before: only the root module's constraint was read (">= 3.0": the newest release, undefined).
    expect(selectProviderVersion([c('>= 3.0', 'root module', true), c('~> 3.90')], undefined)).toEqual({ major: 3, diagnostics: [] });
    expect(selectProviderVersion([c('>= 3.0', 'root module', true), c('>= 3.50, < 5.0'), c('!= 4.1.0')], undefined).major).toBe(4);
    expect(selectProviderVersion([c('~> 4.0', 'root module', true), c('>= 3.100')], undefined).major).toBe(4);
    // A module without a constraint, or no constraint at all: the newest release.
    expect(selectProviderVersion([], undefined)).toEqual({ major: undefined, diagnostics: [] });
  });

  it('takes a pre-release only where a module names it exactly and every other constraint allows it', () => {
    expect(selectProviderVersion([c('>= 4.0', 'root module', true), c('5.0.0-beta1')], undefined).major).toBe(5);
    expect(selectProviderVersion([c('< 5.0', 'root module', true), c('5.0.0-beta1')], undefined).major).toBe(5); // 5.0.0-beta1 comes before 5.0.0
    const none = selectProviderVersion([c('< 4.0', 'root module', true), c('5.0.0-beta1')], undefined);
    expect(none.diagnostics.map((d) => d.message).join()).toContain('terraform init fails');
  });

  it("says terraform init fails when no version meets them all, and reads the root module's constraint", () => {
    const conflict = selectProviderVersion([c('~> 3.0', 'root module', true), c('>= 4.0', 'module.net')], undefined);
    expect(conflict.major).toBe(3);
    expect(conflict.diagnostics).toHaveLength(1);
    expect(conflict.diagnostics[0]).toMatchObject({ severity: 'warning' });
    expect(conflict.diagnostics[0]?.message).toMatch(
      /No azurerm version meets every module's constraint \("~> 3\.0" \(root module, main\.tf\), ">= 4\.0" \(module\.net, main\.tf\)\): terraform init fails\. Read with the root module's constraint, as azurerm 3\.x/,
    );
    // Two modules exclude each other, the root says nothing: read as the newest release.
    const modules = selectProviderVersion([c('~> 3.0', 'module.a'), c('~> 4.0', 'module.b')], undefined);
    expect(modules.major).toBeUndefined();
    expect(modules.diagnostics[0]?.message).toContain('Read with no constraint, as the newest release');
  });

  it("is the lock file's version when there is one, and says when the constraints reject it", () => {
    expect(selectProviderVersion([c('>= 3.0', 'root module', true), c('~> 4.0')], '4.10.0')).toEqual({ major: 4, diagnostics: [] });
    const stale = selectProviderVersion([c('>= 3.0', 'root module', true), c('~> 4.0')], '3.117.0');
    expect(stale.major).toBe(3);
    expect(stale.diagnostics[0]?.message).toContain('.terraform.lock.hcl records azurerm 3.117.0, which does not meet');
  });

  it('leaves out, with a warning, a constraint it cannot read', () => {
    const read = selectProviderVersion([c('~> 3.0', 'root module', true), c('${var.v}')], undefined);
    expect(read.major).toBe(3);
    expect(read.diagnostics[0]?.message).toContain('the azurerm version constraint "${var.v}" (module.m) cannot be read');
  });
});

describe('the azurerm version a configuration with modules gets', () => {
  const PIP = `
resource "azurerm_public_ip" "ip" {
  name                = "ip"
  resource_group_name = "rg"
  location            = "japaneast"
  allocation_method   = "Static"
}
`;
  const requires = (version: string): string => `
terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "${version}" }
  }
}
`;
  const scan = async (files: Record<string, string>): Promise<{ sku: unknown; messages: string[] }> => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-modver-'));
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), text);
    }
    const { resources, inputs } = await loadInputs({ paths: [root] });
    const input = inputs.find((i) => i.path.replace(/\/+$/, '') === root) ?? inputs[0];
    return {
      sku: prop(resources.find((r) => r.type === 'Microsoft.Network/publicIPAddresses')?.body ?? {}, 'sku', 'name'),
      messages: (input?.diagnostics ?? []).map((d) => d.message),
    };
  };

  it("narrows the root module's constraint by a local module's", async () => {
    // Before: the root's ">= 3.0" alone was read (the newest release: Standard), though terraform init installs a 3.x for the module's "~> 3.90".
    const files = {
      'main.tf': `${requires('>= 3.0')}\nmodule "pip" {\n  source = "./modules/pip"\n}\n`,
      'modules/pip/main.tf': `${requires('~> 3.90')}${PIP}`,
    };
    expect((await scan(files)).sku).toBe('Basic');
    // The root's own resource gets the same version.
    expect((await scan({ ...files, 'main.tf': `${files['main.tf']}${PIP}` })).sku).toBe('Basic');
  });

  it("reads a downloaded module's constraint, and a provider block's deprecated version", async () => {
    const manifest = JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'net', Source: 'registry.terraform.io/x/net/azurerm', Dir: '.terraform/modules/net' },
      ],
    });
    const downloaded = {
      'main.tf': `${requires('>= 3.0')}${PIP}\nmodule "net" {\n  source  = "x/net/azurerm"\n  version = "1.0.0"\n}\n`,
      '.terraform/modules/modules.json': manifest,
      '.terraform/modules/net/main.tf': requires('>= 3.0, < 4.0'),
    };
    expect((await scan(downloaded)).sku).toBe('Basic');
    const provider = {
      'main.tf': `${PIP}\nmodule "m" {\n  source = "./m"\n}\n`,
      'm/main.tf': 'provider "azurerm" {\n  version = "~> 3.0"\n  features {}\n}\n',
    };
    expect((await scan(provider)).sku).toBe('Basic');
  });

  it('reads the modules a local module downloads for each of its calls', async () => {
    // ./wrap is called twice; terraform init installs its registry module once per call key (a.net, b.net), each its own version.
    const manifest = JSON.stringify({
      Modules: [
        { Key: '', Source: '', Dir: '.' },
        { Key: 'a', Source: './wrap', Dir: 'wrap' },
        { Key: 'a.net', Source: 'registry.terraform.io/x/net/azurerm', Dir: '.terraform/modules/a.net' },
        { Key: 'b', Source: './wrap', Dir: 'wrap' },
        { Key: 'b.net', Source: 'registry.terraform.io/x/net/azurerm', Dir: '.terraform/modules/b.net' },
      ],
    });
    const result = await scan({
      'main.tf': `${PIP}\nmodule "a" {\n  source = "./wrap"\n}\nmodule "b" {\n  source = "./wrap"\n}\n`,
      'wrap/main.tf': 'module "net" {\n  source = "x/net/azurerm"\n}\n',
      '.terraform/modules/modules.json': manifest,
      '.terraform/modules/a.net/main.tf': requires('>= 3.0'),
      '.terraform/modules/b.net/main.tf': requires('>= 3.0, < 4.0'),
    });
    expect(result.sku).toBe('Basic');
  });

  it("says terraform init fails when the modules exclude each other, and reads the root module's constraint", async () => {
    const result = await scan({
      'main.tf': `${requires('~> 4.0')}${PIP}\nmodule "old" {\n  source = "./old"\n}\n`,
      'old/versions.tf': requires('~> 3.0'),
    });
    expect(result.sku).toBe('Standard');
    expect(
      result.messages.some((m) =>
        /No azurerm version meets every module's constraint .*"~> 3\.0" \(module\.old, .*old\/versions\.tf\).*terraform init fails/.test(m),
      ),
    ).toBe(true);
  });
});
