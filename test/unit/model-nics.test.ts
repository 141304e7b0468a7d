import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { explainVm } from '../../src/analyses/network/explain.js';
import { exposureSummary } from '../../src/analyses/network/exposure-summary.js';
import { defaultOptions, evaluate } from '../../src/engine/run.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { graphOf, nsg, scaleSet, testVnet } from '../support/network-snippets.js';
import { armTemplate, linuxVm, rid } from '../support/arm-snippets.js';

/** The rules that judge a VM, or a scale set's model, by the network analysis of its NICs (AZV-NET-001 reads the model itself). */
const EXPOSURE_RULES = ['AZV-NET-002', 'AZV-NET-003', 'AZV-NET-004', 'AZV-NET-009', 'AZV-NET-011', 'AZV-NET-019', 'AZV-CONN-003'];

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

describe('NICs made from a model (scale sets, VMs that create their own) and the network rules', () => {
  it("read a scale set's model: NIC configuration NSGs, instance public IPs, load balancer NAT pools", () => {
    // Before: these rules read virtual machines only, so a template's scale set got no evaluation at all.
    const open = nsg('vmss-nsg', [{ name: 'rdp', priority: 100, port: 3389 }]);
    const publicIp = { publicIPAddressConfiguration: { name: 'instance-pip', sku: { name: 'Standard' }, properties: { idleTimeoutInMinutes: 15 } } };
    const graph = graphOf(armTemplate([testVnet(), open, scaleSet({ nsg: 'vmss-nsg', ipConfiguration: publicIp })]));
    const got = statuses(graph);
    expect(Object.keys(got).sort()).toEqual([...EXPOSURE_RULES].sort());
    expect(got['AZV-NET-002']).toBe('fail: ');
    const analyses = new Analyses(graph);
    const [resource] = graph.ofType('Microsoft.Compute/virtualMachineScaleSets');
    const rule = RULES.find((r) => r.id === 'AZV-NET-002');
    const evaluation = evaluate(rule!, resource!, analyses, defaultOptions(rule!));
    // The report's exposure section and `azvmsec explain` show it too.
    expect(exposureSummary(graph).map((summary) => [summary.vm.name, summary.internet.tcp])).toEqual([['web-vmss', [{ from: 3389, to: 3389 }]]]);
    expect(explainVm(graph, resource!, 'en')).toContain('TCP 3389 via public IP instance-pip');
    // The message names what it is about: a scale set, in both languages.
    expect(evaluation.findings.map((f) => [f.message.en, f.location.pointer])).toEqual([
      [
        'VM scale set "web-vmss" accepts TCP 3389 from the whole Internet through public IP instance-pip, allowed by vmss-nsg/rdp (priority 100).',
        '/properties/securityRules/0',
      ],
    ]);
    expect(evaluation.findings[0]?.message.ja).toMatch(/^VM スケール セット "web-vmss" /);
  });

  it('read a VM that creates its own NICs from its NIC configurations, as a scale set is read', () => {
    // Before: "the VM creates its own NICs (networkInterfaceConfigurations), which this analysis does not read yet", unknown.
    const configurations = scaleSet({ nsg: 'vm-nsg', ipConfiguration: { publicIPAddressConfiguration: { name: 'vm-pip', sku: { name: 'Standard' } } } }) as {
      properties: { virtualMachineProfile: { networkProfile: object } };
    };
    const vm = linuxVm('app-1', {}, { networkProfile: { networkApiVersion: '2022-11-01', ...configurations.properties.virtualMachineProfile.networkProfile } });
    const graph = graphOf(armTemplate([testVnet(), nsg('vm-nsg', [{ name: 'ssh', priority: 100, port: 22 }]), vm]));
    const analyses = new Analyses(graph);
    const rule = RULES.find((r) => r.id === 'AZV-NET-002');
    const [resource] = graph.ofType('Microsoft.Compute/virtualMachines');
    const evaluation = evaluate(rule!, resource!, analyses, defaultOptions(rule!));
    expect(evaluation.findings.map((f) => f.message.en)).toEqual([
      'VM "app-1" accepts TCP 22 from the whole Internet through public IP vm-pip, allowed by vm-nsg/ssh (priority 100).',
    ]);
  });

  it('count a scale set among what a subnet and a VNet host', () => {
    // Before: a subnet or VNet holding only scale sets hosted "no VM", so its NSG and Bastion checks were not applicable.
    const graph = graphOf(armTemplate([testVnet(), scaleSet()]));
    const analyses = new Analyses(graph);
    const status = (id: string, type: string): string => {
      const rule = RULES.find((r) => r.id === id);
      const [resource] = graph.ofType(type);
      return evaluate(rule!, resource!, analyses, defaultOptions(rule!)).status;
    };
    expect(status('AZV-NET-008', 'Microsoft.Network/virtualNetworks/subnets')).toBe('fail');
    expect(status('AZV-CONN-001', 'Microsoft.Network/virtualNetworks')).toBe('fail');
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
    expect(exposureSummary(graph).map((summary) => summary.vm.name)).toEqual(['web-vmss_1']);
    for (const status of Object.values(statuses(graph, [...EXPOSURE_RULES, 'AZV-NET-001']))) {
      expect(status).toBe('not-applicable: its VMs in the input are checked one by one');
    }
  });
});
