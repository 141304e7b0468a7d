import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { vmExposures } from '../../src/engine/exposure.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';
import { armTemplate, linuxVm } from '../support/arm-snippets.js';
import { folderOf } from '../support/files.js';
import { netNic, nsg, publicIpAddress, vnet } from '../support/network-snippets.js';

/**
 * Two templates of one folder that declare the same NSG (ids compare case-insensitively: a
 * hand-written template and the Bicep file that replaced it, say), each with its own VM behind it.
 */
function deployment(vm: string, nsgName: string, priority: number): string {
  return JSON.stringify(
    armTemplate([
      vnet('vnet', ['10.0.0.0/16'], [{ name: 'workload', prefix: '10.0.0.0/24', nsg: nsgName }]),
      nsg(nsgName, [{ name: 'allow-ssh', priority, from: '*', port: 22 }]),
      publicIpAddress(`${vm}-pip`),
      netNic(`${vm}-nic`, { publicIp: `${vm}-pip` }),
      linuxVm(vm),
    ]),
    null,
    2,
  );
}

describe('resources two inputs both declare', () => {
  it("point each VM's findings and deciding rules at the NSG of its own input", async () => {
    const root = await folderOf({ 'a.json': deployment('vm-a', 'Web-NSG', 100), 'b.json': deployment('vm-b', 'web-nsg', 200) });
    const loaded = await loadInputs({ paths: [root] });
    const graph = new ResourceGraph(loaded.resources);
    const analyses = new Analyses(graph);
    const report = buildReport(loaded.inputs, graph, RULES, analyses);
    const findings = report.evaluations.filter((e) => e.ruleId === 'AZV-NET-002').flatMap((e) => e.findings.map((f) => ({ vm: e.resource.name, f })));
    const fileOf = (vm: string): string[] => findings.filter((each) => each.vm === vm).map((each) => path.basename(each.f.location.file ?? ''));
    expect(fileOf('vm-a')).toEqual(['a.json']);
    expect(fileOf('vm-b')).toEqual(['b.json']);
    for (const exposure of vmExposures(analyses)) {
      const rules = exposure.internet.paths.flatMap((entry) => entry.rules);
      expect(rules.length).toBeGreaterThan(0);
      const own = exposure.vm.name === 'vm-a' ? 'a.json' : 'b.json';
      expect(rules.map((rule) => path.basename(rule.location?.file ?? ''))).toEqual(rules.map(() => own));
    }
    const notes = (file: string) => loaded.inputs.find((input) => input.path.endsWith(file))?.diagnostics.map((d) => `${d.severity}: ${d.message}`);
    expect(notes('a.json')).toEqual([]);
    expect(notes('b.json')).toEqual([
      "info: declares 2 resources that a.json in the same folder also declares (Microsoft.Network/virtualNetworks 'vnet', Microsoft.Network/networkSecurityGroups 'web-nsg'): both are checked, each as its own input writes it, so findings about them come from both",
    ]);
  });

  it('say nothing of templates in different folders (separate deployments that reuse names)', async () => {
    const root = await folderOf({ 'a/main.json': deployment('vm-a', 'web-nsg', 100), 'b/main.json': deployment('vm-a', 'web-nsg', 100) });
    const loaded = await loadInputs({ paths: [root] });
    expect(loaded.inputs.flatMap((input) => input.diagnostics)).toEqual([]);
  });
});
