import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { defaultOptions, evaluate } from '../../src/engine/run.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { graphOf, scaleSet } from '../support/network-snippets.js';
import { armTemplate, rid } from '../support/arm-snippets.js';

/** The rules that judge a VM by the network analysis of its NICs (AZV-NET-001 reads a scale set's model itself). */
const EXPOSURE_RULES = ['AZV-NET-002', 'AZV-NET-003', 'AZV-NET-004', 'AZV-NET-009', 'AZV-NET-011', 'AZV-NET-019', 'AZV-CONN-003', 'AZV-CONN-004'];

function statuses(graph: ResourceGraph, ids: readonly string[] = EXPOSURE_RULES): Record<string, string> {
  const analyses = new Analyses(graph);
  const [resource] = graph.ofType('Microsoft.Compute/virtualMachineScaleSets');
  if (!resource) throw new Error('no scale set');
  return Object.fromEntries(
    RULES.filter((rule) => ids.includes(rule.id)).map((rule) => {
      const evaluation = evaluate(rule, resource, analyses, defaultOptions(rule));
      return [rule.id, `${evaluation.status}: ${evaluation.reason ?? ''}`];
    }),
  );
}

describe('scale sets and the network exposure rules', () => {
  it('say a scale set is not assessed when its VMs are not in the input, rather than pass over it', () => {
    // Before: these rules read virtual machines only, so a template's scale set got no evaluation at all.
    const got = statuses(graphOf(armTemplate([scaleSet({ nsg: 'open-nsg' })])));
    expect(Object.keys(got).sort()).toEqual([...EXPOSURE_RULES].sort());
    for (const status of Object.values(got)) expect(status).toMatch(/^not-assessed: the network profile of a scale set .* is not analysed yet/);
  });

  it('leave a scale set whose VMs the input holds to the checks of those VMs', () => {
    const vmss = rid('Microsoft.Compute/virtualMachineScaleSets', 'web-vmss');
    const rows = [
      { id: vmss, type: 'microsoft.compute/virtualmachinescalesets', name: 'web-vmss', properties: { orchestrationMode: 'Flexible' } },
      {
        id: rid('Microsoft.Compute/virtualMachines', 'web-vmss_1'),
        type: 'microsoft.compute/virtualmachines',
        name: 'web-vmss_1',
        properties: { virtualMachineScaleSet: { id: vmss } },
      },
    ];
    const graph = new ResourceGraph(readSnapshotValue(rows, 'export.json').resources);
    for (const status of Object.values(statuses(graph, [...EXPOSURE_RULES, 'AZV-NET-001']))) {
      expect(status).toBe('not-applicable: its 1 VM(s) in the input are checked one by one');
    }
  });
});
