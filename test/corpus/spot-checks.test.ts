import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { scan } from '../../src/scan.js';
import { QUICKSTARTS, quickstartTemplates } from '../support/corpus.js';

/** Spot checks of the ARM expansion against real quickstart templates, with their parameter files. */
const present = quickstartTemplates().length > 0;
const at = (folder: string): string => path.join(QUICKSTARTS, folder, 'azuredeploy.json');
const vmNames = async (folder: string, parameterFiles: string[] = []): Promise<string[]> =>
  (await loadInputs({ paths: [at(folder)], cwd: QUICKSTARTS, parameterFiles })).resources
    .filter((r) => r.type === 'Microsoft.Compute/virtualMachines')
    .map((r) => r.name);

/** 1-based line of the first line at or after `from` that contains `needle`. */
function lineOf(file: string, needle: string, from = 1): number {
  const lines = readFileSync(file, 'utf8').split('\n');
  const index = lines.findIndex((line, i) => i + 1 >= from && line.includes(needle));
  if (index < 0) throw new Error(`${needle} not in ${file}`);
  return index + 1;
}

describe.skipIf(!present)('ARM expansion on the quickstart corpus', () => {
  it('copy loops give the right number of resources with the right names', async () => {
    // count: variables('numberOfInstances') = 2; name: concat(variables('vmNamePrefix'), copyindex())
    expect(await vmNames('quickstarts/microsoft.network/load-balancer-ipv6-create')).toEqual(['myIPv6VM0', 'myIPv6VM1']);
    // count: length(range(0, 2)); name: format('{0}{1}', 'myVM', add(range(0, 2)[copyIndex()], 1))
    expect(await vmNames('quickstarts/microsoft.network/fw-docs-qs')).toEqual(['myVM1', 'myVM2']);
  });

  it('a condition that evaluates to false removes the resource', async () => {
    const folder = 'quickstarts/microsoft.machinelearningservices/machine-learning-workspace-vnet';
    const types = async (parameterFiles: string[]): Promise<string[]> =>
      (await loadInputs({ paths: [at(folder)], cwd: QUICKSTARTS, parameterFiles })).resources.map((r) => r.type);
    // The parameter file asks for a private endpoint, so vnetOption defaults to 'new'.
    expect(await types([])).toContain('Microsoft.Network/virtualNetworks');
    const scratch = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-'));
    const existing = path.join(scratch, 'existing-vnet.parameters.json');
    const original = JSON.parse(readFileSync(path.join(QUICKSTARTS, folder, 'azuredeploy.parameters.json'), 'utf8'));
    original.parameters.vnetOption = { value: 'existing' };
    original.parameters.subnetOption = { value: 'existing' };
    await writeFile(existing, JSON.stringify(original));
    const withExisting = await types([existing]);
    expect(withExisting).not.toContain('Microsoft.Network/virtualNetworks');
    expect(withExisting).not.toContain('Microsoft.Network/virtualNetworks/subnets');
    expect(withExisting).toContain('Microsoft.MachineLearningServices/workspaces');
  });

  it('nested deployments with inner scope see their own parameters (passed from the parent)', async () => {
    // The linked nested/paramvm.json names its VMs from "Backend VM Name Base" and a copy index.
    const names = await vmNames('demos/parameterized-linked-templates');
    expect(names).toEqual(expect.arrayContaining(['GEN-UNIQUE-8-0', 'GEN-UNIQUE-8-1', 'frontend-jumpvm']));
  });

  it('a finding on a resource made by a copy loop points at its line in the template', async () => {
    const file = at('quickstarts/microsoft.network/load-balancer-ipv6-create');
    const report = await scan({ paths: [file], cwd: QUICKSTARTS });
    const findings = report.evaluations.filter((e) => e.ruleId === 'AZV-VM-006' && e.status === 'fail').flatMap((e) => e.findings);
    expect(findings.map((f) => f.resourceId.split('/').pop())).toEqual(['myIPv6VM0', 'myIPv6VM1']);
    const declaration = lineOf(file, '"name": "[concat(variables(\'vmNamePrefix\'), copyindex())]"');
    const properties = lineOf(file, '"properties"', declaration);
    for (const finding of findings)
      expect(finding.location).toMatchObject({ file: path.relative(QUICKSTARTS, file), line: properties, pointer: '/properties' });
  });

  it('a finding on a resource from a linked deployment points into the linked file', async () => {
    const report = await scan({ paths: [path.join(QUICKSTARTS, 'demos/parameterized-linked-templates')], cwd: QUICKSTARTS });
    const finding = report.evaluations.find((e) => e.ruleId === 'AZV-VM-006' && e.resource.name === 'frontend-jumpvm')?.findings[0];
    const linked = path.join(QUICKSTARTS, 'demos/parameterized-linked-templates/nested/paramvm.json');
    expect(finding?.location.file).toBe('demos/parameterized-linked-templates/nested/paramvm.json');
    const vm = lineOf(linked, '"Microsoft.Compute/virtualMachines"');
    expect(finding?.location.line).toBeGreaterThan(vm);
    expect(finding?.location.line).toBe(lineOf(linked, '"properties"', vm));
  });
});
