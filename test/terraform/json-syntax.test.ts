import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from '@cdktf/hcl2json';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { readTerraformJson } from '../../src/inputs/terraform/json-syntax.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { locate } from '../../src/model/resource.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parity');

async function scan(paths: string[], cwd: string): Promise<{ evaluations: string[]; loaded: Awaited<ReturnType<typeof loadInputs>> }> {
  const loaded = await loadInputs({ paths, cwd });
  const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
  const evaluations = report.evaluations
    .map((e) => `${e.ruleId} ${e.resource.id.toLowerCase()} ${e.status} ${[...new Set(e.findings.map((f) => f.messageId))].sort().join(',')}`)
    .sort();
  return { evaluations, loaded };
}

describe('Terraform JSON syntax (.tf.json)', () => {
  it('gives the evaluations the same configuration gives in HCL', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'azvmsec-tfjson-'));
    for (const name of readdirSync(path.join(fixtures, 'terraform'))) {
      const json = await parse(name, readFileSync(path.join(fixtures, 'terraform', name), 'utf8'));
      writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(json, null, 2));
    }
    const hcl = await scan(['terraform'], fixtures);
    const json = await scan([dir], dir);
    expect(json.loaded.inputs.map((input) => [input.kind, input.status])).toEqual(hcl.loaded.inputs.map((input) => [input.kind, input.status]));
    expect(json.evaluations).toEqual(hcl.evaluations);
    expect(json.evaluations.filter((line) => / fail /.test(line)).length).toBeGreaterThan(3);
  });

  it('reads blocks written as one object, labels as lists of objects, and "//" comments, as CDK for Terraform writes them', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'azvmsec-cdktf-'));
    const config = {
      '//': { metadata: { backend: 'local', stackName: 'web' } },
      terraform: { required_providers: { azurerm: { source: 'hashicorp/azurerm', version: '4.14.0' } } },
      provider: { azurerm: [{ features: {} }] },
      variable: { admin: { type: 'string', default: 'azureuser' } },
      locals: { prefix: 'cdk' },
      resource: [
        {
          azurerm_network_interface: {
            nic: {
              '//': { metadata: { path: 'web/nic' } },
              name: '${local.prefix}-nic',
              location: 'japaneast',
              resource_group_name: 'rg-web',
              ip_configuration: {
                name: 'ipconfig1',
                subnet_id: '/subscriptions/s/resourceGroups/rg-web/providers/Microsoft.Network/virtualNetworks/v/subnets/a',
                private_ip_address_allocation: 'Dynamic',
              },
            },
          },
        },
        {
          azurerm_linux_virtual_machine: {
            vm: {
              name: '${local.prefix}-vm',
              location: 'japaneast',
              resource_group_name: 'rg-web',
              size: 'Standard_B2s',
              admin_username: '${var.admin}',
              disable_password_authentication: false,
              network_interface_ids: ['${azurerm_network_interface.nic.id}'],
              os_disk: { caching: 'ReadWrite', storage_account_type: 'Premium_LRS' },
              source_image_reference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
            },
          },
        },
      ],
    };
    writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(config, null, 2));
    const { evaluations, loaded } = await scan([dir], dir);
    expect(loaded.inputs.map((input) => [input.kind, input.resources])).toEqual([['terraform', 2]]);
    const vm = new ResourceGraph(loaded.resources).ofType('Microsoft.Compute/virtualMachines')[0];
    expect(vm?.name).toBe('cdk-vm');
    expect(evaluations).toContain(`AZV-VM-013 ${vm?.id.toLowerCase()} fail passwordAllowed`);
    // Findings point into the JSON file: the VM's block, and the attribute a value came from.
    const text = readFileSync(path.join(dir, 'cdk.tf.json'), 'utf8').split('\n');
    const vmLine = text.findIndex((line) => line.includes('"vm": {')) + 1;
    expect(locate(vm!, '')?.line).toBe(vmLine);
    const caching = locate(vm!, '/properties/storageProfile/osDisk/caching');
    expect(text[(caching?.line ?? 0) - 1]).toContain('"caching": "ReadWrite"');
  });

  it('names the place of a syntax error, refuses a file that is not one object, and keeps `__proto__` a label', () => {
    expect(() => readTerraformJson('{"resource": {"a": {"b": {"x": 1,}}}}')).not.toThrow();
    expect(() => readTerraformJson('{"resource": {"a": \n  {"b": [}}}')).toThrow(/line 2, column 10/);
    expect(readTerraformJson('[1, 2]')).toEqual({ problem: 'a Terraform JSON file holds one object' });
    const read = readTerraformJson('{"resource": {"__proto__": {"constructor": {"name": "x"}}}, "locals": [{"a": 1}, {"b": 2}]}');
    expect('json' in read && Object.keys(read.json['resource'] as object)).toEqual(['__proto__']);
    expect('json' in read && read.json['locals']).toEqual([{ a: 1 }, { b: 2 }]);
    expect('json' in read && read.blocks.map((block) => block.labels)).toEqual([['__proto__', 'constructor']]);
    expect(({} as Record<string, unknown>)['name']).toBeUndefined();
  });
});
