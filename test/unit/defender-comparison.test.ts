import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/findings/types.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { csvReport } from '../../src/reporters/csv.js';
import { jsonReport } from '../../src/reporters/json.js';
import { junitReport } from '../../src/reporters/junit.js';
import { markdownReport } from '../../src/reporters/markdown.js';
import { sarifReport } from '../../src/reporters/sarif.js';
import { terminalReport } from '../../src/reporters/terminal.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';
import { argRow, armId, assessment, snapshotOf, vm } from '../support/snapshot-snippets.js';

const GUEST_ATTESTATION = 'b7604066-ed76-45f9-a5c1-c97e4812dc55';
const INTERNET_FACING_NSG = '483f12ed-ae23-447e-a2de-a67a10db4353';
const OTHER_VMS_NSG = 'a9341235-9389-42f0-a0bf-9bfb57960d44';
const vmId = (name: string): string => armId('Microsoft.Compute/virtualMachines', 'rg-app', name);
/** The VMs' subnet, without an NSG. */
const vnet = argRow('Microsoft.Network/virtualNetworks', 'rg-app', 'vnet-app', {
  addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
  subnets: [
    {
      name: 'snet-app',
      id: `${armId('Microsoft.Network/virtualNetworks', 'rg-app', 'vnet-app')}/subnets/snet-app`,
      properties: { addressPrefix: '10.0.1.0/24' },
    },
  ],
});

function scan(resources: object[]): Report {
  const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshotOf({ resources }))), 'estate.snapshot.json');
  const input = {
    path: 'estate.snapshot.json',
    kind: 'snapshot' as const,
    status: read.status,
    resources: read.resources.length,
    diagnostics: read.diagnostics,
  };
  return buildReport([input], new ResourceGraph(read.resources), RULES);
}

const evaluation = (report: Report, ruleId: string, name: string) => report.evaluations.find((each) => each.ruleId === ruleId && each.resource.name === name);

describe("Defender for Cloud's assessments beside the verdicts", () => {
  // Both VMs are Trusted Launch without the Guest Attestation extension (AZV-VM-007 fails), in a
  // subnet without an NSG (AZV-NET-001 fails).
  const report = scan([
    vnet,
    ...vm('vm-a'),
    ...vm('vm-b'),
    assessment(vmId('vm-a'), GUEST_ATTESTATION, 'Unhealthy', 'Virtual machines guest attestation status should be healthy'),
    assessment(vmId('vm-b'), GUEST_ATTESTATION, 'Healthy', 'Virtual machines guest attestation status should be healthy'),
    // Of the two NSG assessments, the one that applies to the VM is compared.
    assessment(vmId('vm-a'), INTERNET_FACING_NSG, 'NotApplicable'),
    assessment(vmId('vm-a'), OTHER_VMS_NSG, 'Unhealthy', 'Non-internet-facing virtual machines should be protected with network security groups'),
  ]);

  it('say whether they agree with each verdict of the same measure', () => {
    expect(evaluation(report, 'AZV-VM-007', 'vm-a')).toMatchObject({
      status: 'fail',
      defender: { key: GUEST_ATTESTATION, status: 'Unhealthy', name: 'Virtual machines guest attestation status should be healthy', agrees: true },
    });
    expect(evaluation(report, 'AZV-VM-007', 'vm-b')).toMatchObject({ status: 'fail', defender: { status: 'Healthy', agrees: false } });
    expect(evaluation(report, 'AZV-NET-001', 'vm-a')).toMatchObject({ status: 'fail', defender: { key: OTHER_VMS_NSG, status: 'Unhealthy', agrees: true } });
    // No assessment in the input, or a rule that names none: nothing is said.
    expect(evaluation(report, 'AZV-NET-001', 'vm-b')?.defender).toBeUndefined();
    expect(report.defender).toEqual({ compared: 3, agree: 2, differ: 1 });
    expect(report.evaluations.filter((each) => each.defender).map((each) => `${each.ruleId} ${each.resource.name}`)).toEqual([
      'AZV-NET-001 vm-a',
      'AZV-VM-007 vm-a',
      'AZV-VM-007 vm-b',
    ]);
  });

  it('are in the terminal report (differences listed), the JSON report and SARIF', () => {
    const text = terminalReport(report, RULES, 'en', { color: false });
    expect(text).toContain('Defender for Cloud agrees: "Virtual machines guest attestation status should be healthy" is Unhealthy');
    expect(text).toContain(
      [
        'Compared with Defender for Cloud',
        '  3 verdict(s) have a Defender for Cloud assessment of the same measure: 2 agree, 1 differ, 0 do not compare.',
        '  ≠ AZV-VM-007 vm-b: azvmsec fail, Defender for Cloud Healthy ("Virtual machines guest attestation status should be healthy")',
      ].join('\n'),
    );
    expect(terminalReport(report, RULES, 'ja', { color: false })).toContain('Defender for Cloud との比較');
    const json = JSON.parse(jsonReport(report, RULES, 'en')) as {
      defender?: object;
      evaluations: { ruleId: string; resource: { name: string }; defender?: object }[];
    };
    expect(json.defender).toEqual({ compared: 3, agree: 2, differ: 1 });
    expect(json.evaluations.find((each) => each.ruleId === 'AZV-VM-007' && each.resource.name === 'vm-b')?.defender).toEqual({
      key: GUEST_ATTESTATION,
      name: 'Virtual machines guest attestation status should be healthy',
      status: 'Healthy',
      agrees: false,
    });
    const sarif = JSON.parse(sarifReport(report, RULES, 'en')) as { runs: { results: { ruleId: string; properties: { defenderForCloud?: object } }[] }[] };
    expect(sarif.runs[0]?.results.filter((result) => result.properties.defenderForCloud).length).toBe(3);
  });

  it('are in the CSV (two columns), Markdown (the count and a line under each failure) and JUnit (in the failure) reports', () => {
    const rows = csvReport(report, RULES, 'en').trimEnd().split('\r\n');
    expect(rows[0]).toMatch(/,fingerprint,defenderForCloud,defenderAgrees$/);
    const vmB = rows.find((row) => row.includes(',AZV-VM-007,') && row.includes(',vm-b,')) ?? '';
    expect(vmB).toMatch(/,Healthy,no$/);
    expect(rows.find((row) => row.includes(',AZV-NET-001,') && row.includes(',vm-b,'))).toMatch(/,,$/);
    const markdown = markdownReport(report, RULES, 'en');
    expect(markdown).toContain(
      'Compared with Defender for Cloud: 3 verdict(s) have a Defender for Cloud assessment of the same measure: 2 agree, 1 differ, 0 do not compare.',
    );
    expect(markdown).toContain('    - Defender for Cloud differs: "Virtual machines guest attestation status should be healthy" is Healthy');
    expect(markdownReport(report, RULES, 'ja')).toContain('Defender for Cloud との比較: 同じ対策についての');
    expect(junitReport(report, RULES, 'en')).toContain(
      'Defender for Cloud differs: &quot;Virtual machines guest attestation status should be healthy&quot; is Healthy</failure>',
    );
  });

  it('leave a report without assessments as it was', () => {
    const plain = scan([vnet, ...vm('vm-a')]);
    expect(plain.evaluations.some((each) => each.defender)).toBe(false);
    expect(plain.defender).toBeUndefined();
    expect(terminalReport(plain, RULES, 'en', { color: false })).not.toContain('Defender for Cloud agrees');
    expect(markdownReport(plain, RULES, 'en')).not.toMatch(/Compared with Defender for Cloud|Defender for Cloud (agrees|differs)/);
    expect(
      csvReport(plain, RULES, 'en')
        .split('\r\n')
        .slice(1, -1)
        .every((row) => row.endsWith(',,')),
    ).toBe(true);
  });
});
