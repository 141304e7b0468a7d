import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOf } from '../support/files.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { isUnknown } from '../../src/model/value.js';
import type { Resource } from '../../src/model/resource.js';

/** A template as `az bicep build` writes it: a VM whose name, encryption at host and password are parameters. */
const TEMPLATE = JSON.stringify({
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  metadata: { _generator: { name: 'bicep', version: '0.30.3.12046' } },
  parameters: {
    vmName: { type: 'string', defaultValue: 'vm-default' },
    encryptionAtHost: { type: 'bool', defaultValue: true },
    adminPassword: { type: 'securestring', defaultValue: '' },
  },
  resources: [
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: "[parameters('vmName')]",
      location: 'japaneast',
      properties: {
        securityProfile: { encryptionAtHost: "[parameters('encryptionAtHost')]" },
        osProfile: { computerName: 'vm', adminUsername: 'azureuser', adminPassword: "[parameters('adminPassword')]" },
      },
    },
  ],
});

/** The Bicep file TEMPLATE is built from. */
const SOURCE = `param vmName string = 'vm-default'
param encryptionAtHost bool = true
@secure()
param adminPassword string = ''

resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: vmName
  location: 'japaneast'
  properties: {
    securityProfile: { encryptionAtHost: encryptionAtHost }
    osProfile: { computerName: 'vm', adminUsername: 'azureuser', adminPassword: adminPassword }
  }
}
`;

function folder(files: Record<string, string>): Promise<string> {
  return folderOf(files, 'azvmsec-bicepparam-');
}

function vm(resources: readonly Resource[]): { name: string; encryptionAtHost: unknown; password: unknown } {
  const found = resources.find((resource) => resource.type === 'Microsoft.Compute/virtualMachines') as Resource;
  const properties = found.body['properties'] as Record<string, Record<string, unknown>>;
  return { name: found.name, encryptionAtHost: properties['securityProfile']?.['encryptionAtHost'], password: properties['osProfile']?.['adminPassword'] };
}

describe('Bicep parameter files in a scan', () => {
  it('reads a template with the .bicepparam file that names its Bicep file', async () => {
    // Before: .bicepparam files were never read, and the VM was checked with the template's defaults (encryption at host on).
    const root = await folder({
      'main.bicep': SOURCE,
      'main.json': TEMPLATE,
      'main.bicepparam': [
        "using './main.bicep'",
        "var environment = 'prod'",
        "param vmName = 'web-${environment}'",
        'param encryptionAtHost = false',
        "param adminPassword = getSecret('sub', 'rg', 'kv', 'vm-admin')",
      ].join('\n'),
    });
    const { inputs, resources } = await loadInputs({ paths: [root], cwd: root });
    expect(inputs.map((input) => [input.path, input.kind, input.status, input.diagnostics])).toEqual([
      ['main.bicepparam', 'arm-parameters', 'ok', []],
      ['main.json', 'arm-template', 'ok', []],
    ]);
    const read = vm(resources);
    expect({ name: read.name, encryptionAtHost: read.encryptionAtHost }).toEqual({ name: 'web-prod', encryptionAtHost: false });
    expect(isUnknown(read.password)).toBe(true);
  });

  it('uses none of several files for one template without being told which, and says so', async () => {
    const root = await folder({
      'infra/main.bicep': SOURCE,
      'infra/main.json': TEMPLATE,
      'env/dev.bicepparam': "using '../infra/main.bicep'\nparam encryptionAtHost = false",
      'env/prod.bicepparam': "using '../infra/main.bicep'\nparam vmName = 'prod-vm'",
    });
    const { inputs, resources } = await loadInputs({ paths: [root], cwd: root });
    const template = inputs.find((input) => input.path === 'infra/main.json');
    expect(template?.status).toBe('partial');
    expect(template?.diagnostics.map((d) => d.message)).toEqual([
      '2 Bicep parameter files are for this template (env/dev.bicepparam, env/prod.bicepparam): parameter defaults were used; name one with --param-file infra/main.json=FILE',
    ]);
    expect(vm(resources).name).toBe('vm-default');

    const chosen = await loadInputs({
      paths: [root],
      cwd: root,
      parameterFiles: [`${path.join(root, 'infra/main.json')}=${path.join(root, 'env/prod.bicepparam')}`],
    });
    expect(vm(chosen.resources).name).toBe('prod-vm');
    expect(chosen.inputs.find((input) => input.path === 'infra/main.json')?.status).toBe('ok');
    expect(chosen.inputs.find((input) => input.path === 'env/dev.bicepparam')?.diagnostics.map((d) => d.message)).toEqual([
      'infra/main.json was read with another parameter file, or without one (see its diagnostics)',
    ]);
  });

  it('follows extends inside the scan, and names templates from a registry', async () => {
    const root = await folder({
      'main.json': TEMPLATE,
      'base.bicepparam': "using none\nparam vmName = 'base-vm'\nparam encryptionAtHost = false",
      'derived.bicepparam': "using './main.json'\nextends './base.bicepparam'\nparam vmName = '${base.vmName}-2'",
      'avm.bicepparam': "using 'br/public:avm/res/compute/virtual-machine:0.9.0'\nparam name = 'x'",
    });
    const { inputs, resources } = await loadInputs({ paths: [root], cwd: root });
    expect({ name: vm(resources).name, encryptionAtHost: vm(resources).encryptionAtHost }).toEqual({ name: 'base-vm-2', encryptionAtHost: false });
    expect(inputs.map((input) => [input.path, input.status, input.diagnostics.map((d) => d.message)])).toEqual([
      [
        'avm.bicepparam',
        'ok',
        ['Its template br/public:avm/res/compute/virtual-machine:0.9.0 is a registry module or template spec, which an offline scan does not read'],
      ],
      ['base.bicepparam', 'ok', ['A base parameter file (using none): read where another parameter file extends it']],
      ['derived.bicepparam', 'ok', []],
      ['main.json', 'ok', []],
    ]);
  });

  it('reports a broken parameter file at its place and checks the template with its defaults, saying so', async () => {
    const outside = await folder({ 'secret.bicepparam': 'using none\nparam encryptionAtHost = false' });
    const root = await folder({
      'main.json': TEMPLATE,
      'main.bicepparam': "using './main.json'\nparam vmName = 'unterminated",
      'other.json': TEMPLATE.replace('vm-default', 'other-vm'),
      'other.bicepparam': "using './other.json'\nextends 'OUTSIDE'",
      'third.json': TEMPLATE.replace('vm-default', 'third-vm'),
      'third.bicepparam': "using './third.json'\nparam encryptionAtHost = 1 == 'x' ? true : nothere",
    });
    await writeFile(path.join(root, 'other.bicepparam'), `using './other.json'\nextends '${path.relative(root, path.join(outside, 'secret.bicepparam'))}'`);
    const { inputs } = await loadInputs({ paths: [root], cwd: root });
    const shown = Object.fromEntries(
      inputs.map((input) => [input.path, [input.status, ...input.diagnostics.map((d) => `${d.line ?? ''}:${d.column ?? ''} ${d.message}`)]]),
    );
    expect(shown['main.bicepparam']).toEqual(['error', '2:16 Invalid Bicep parameter file: Unterminated string']);
    expect(shown['main.json']).toEqual(['partial', ': main.bicepparam could not be read; parameter defaults were used']);
    expect(shown['other.bicepparam']?.[0]).toBe('error');
    expect(shown['other.bicepparam']?.[1]).toMatch(/^2:1 The base parameter file .* cannot be read: .* is outside the scan root$/);
    expect(shown['third.json']).toEqual([
      'partial',
      ": third.bicepparam:2:1: param encryptionAtHost: 'nothere' is not declared in the parameter file; its value is unknown",
    ]);
  });
});
