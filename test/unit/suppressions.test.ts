import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { globMatcher, selects } from '../../src/engine/policy.js';
import { createResource } from '../../src/model/resource.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { defineRule } from '../../src/rules/define-rule.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport, scan } from '../../src/scan.js';
import { armTemplate, linuxVm } from '../support/arm-snippets.js';
import { cli, ROOT } from '../support/cli.js';

const NOW = new Date('2026-06-01T12:00:00Z');
const PASSWORD_VM = { disablePasswordAuthentication: false };

/** A template with one Linux VM that allows password sign-in (AZV-VM-013 fails), with resource metadata. */
async function templateFolder(metadata?: object): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-suppress-'));
  const vm = linuxVm('vm-legacy', metadata ? { metadata } : {}, {
    osProfile: { computerName: 'vm-legacy', adminUsername: 'azureuser', adminPassword: 'x', linuxConfiguration: PASSWORD_VM },
  });
  await writeFile(path.join(folder, 'main.json'), JSON.stringify(armTemplate([vm]), null, 2));
  return folder;
}

const VM_013 = RULES.filter((rule) => rule.id === 'AZV-VM-013');

describe('suppressions from the configuration', () => {
  it('keep the failure in the report, marked with its justification, and out of the exit code', async () => {
    const folder = await templateFolder();
    const report = await scan({
      paths: [folder],
      rules: VM_013,
      now: NOW,
      suppressions: [{ rule: 'AZV-VM-013', resource: { name: 'vm-*' }, reason: 'Break-glass VM kept for the vendor until March', expires: '2026-12-31' }],
    });
    const evaluation = report.evaluations.find((e) => e.ruleId === 'AZV-VM-013');
    expect(evaluation?.status).toBe('fail');
    expect(evaluation?.suppression).toMatchObject({ kind: 'config', reason: 'Break-glass VM kept for the vendor until March', expires: '2026-12-31' });
    expect(report.summary.find((s) => s.pillar === 'VM')).toMatchObject({ fail: 1, suppressed: 1 });
    expect(report.warnings).toBeUndefined();
  });

  it('stop applying after they expire, and the report says so', async () => {
    const folder = await templateFolder();
    const report = await scan({
      paths: [folder],
      rules: VM_013,
      now: NOW,
      suppressions: [{ rule: 'AZV-VM-013', resource: { name: 'vm-legacy' }, reason: 'Vendor migration finishes in May', expires: '2026-05-31' }],
    });
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.suppression).toBeUndefined();
    expect(report.warnings).toEqual([
      expect.objectContaining({ kind: 'suppression-expired', ruleId: 'AZV-VM-013', expires: '2026-05-31', source: 'options suppressions[0]' }),
    ]);
  });

  it('that match nothing are reported as unused', async () => {
    const folder = await templateFolder();
    const report = await scan({
      paths: [folder],
      rules: VM_013,
      now: NOW,
      suppressions: [{ rule: 'AZV-VM-013', resource: { name: 'vm-other' }, reason: 'A VM that was deleted last year' }],
    });
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'suppression-unused', target: 'name=vm-other' })]);
  });

  it('never expire without a clock: the engine does not read it', async () => {
    const folder = await templateFolder();
    const report = await scan({
      paths: [folder],
      rules: VM_013,
      suppressions: [
        { rule: 'AZV-VM-013', resource: { type: 'microsoft.compute/virtualmachines' }, reason: 'Accepted until the 2020 review', expires: '2020-01-01' },
      ],
    });
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.suppression).toBeDefined();
  });
});

describe('inline suppressions', () => {
  it('in ARM resource metadata (azvmsec.suppressions and azvmsec-ignore)', async () => {
    for (const metadata of [
      { azvmsec: { suppressions: [{ rule: 'AZV-VM-013', reason: 'Vendor appliance needs password sign-in' }] } },
      { 'azvmsec-ignore': ['AZV-VM-013 reason: Vendor appliance needs password sign-in expires: 2027-01-01'] },
    ]) {
      const folder = await templateFolder(metadata);
      const report = await scan({ paths: [folder], cwd: folder, rules: VM_013, now: NOW });
      const suppression = report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.suppression;
      expect(suppression).toMatchObject({ kind: 'inline', reason: 'Vendor appliance needs password sign-in' });
      expect(suppression?.source).toMatch(/^main\.json:\d+$/);
    }
  });

  it('without a reason are not applied and are reported', async () => {
    const folder = await templateFolder({ 'azvmsec-ignore': 'AZV-VM-013' });
    const report = await scan({ paths: [folder], cwd: folder, rules: VM_013, now: NOW });
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.suppression).toBeUndefined();
    expect(report.warnings).toEqual([
      expect.objectContaining({ kind: 'suppression-invalid', ruleId: 'AZV-VM-013', problem: 'a reason is required: say why the risk is accepted' }),
    ]);
  });

  it('expired inline suppressions are reported', async () => {
    const folder = await templateFolder({ 'azvmsec-ignore': ['AZV-VM-013 reason: waiting for the vendor patch expires: 2026-01-15'] });
    const report = await scan({ paths: [folder], cwd: folder, rules: VM_013, now: NOW });
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.suppression).toBeUndefined();
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'suppression-expired', expires: '2026-01-15' })]);
  });

  it('in Terraform comments, with their file and line', async () => {
    const report = await scan({ paths: ['examples/terraform'], cwd: ROOT, now: NOW });
    const suppressed = report.evaluations.filter((e) => e.suppression);
    expect(suppressed.map((e) => e.ruleId)).toEqual(['AZV-VM-004']);
    expect(suppressed[0]?.suppression).toMatchObject({
      kind: 'inline',
      reason: 'the POS vendor image does not support encryption at host yet',
      expires: '2027-03-31',
      source: 'examples/terraform/branch-office/main.tf:115',
    });
  });
});

describe('attestations', () => {
  const estateRule = defineRule({
    id: 'AZV-IAM-999',
    name: 'test-estate-rule',
    pillar: 'IAM',
    severity: 'high',
    status: 'stable',
    since: '0.0.0',
    resourceTypes: ['Microsoft.Compute/virtualMachines'],
    title: { en: 't', ja: 't' },
    fix: { en: 'f', ja: 'f' },
    messages: { m: { en: 'm', ja: 'm' } },
    mappings: {},
    check: (_resource, context) => context.notAssessed('the tenant is not in the input'),
  });
  const graph = new ResourceGraph([
    createResource({
      id: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/virtualMachines/vm1',
      type: 'Microsoft.Compute/virtualMachines',
      name: 'vm1',
      body: {},
      input: 'x',
    }),
  ]);
  const attestation = {
    rule: 'AZV-IAM-999',
    by: 'Aiko Sato (security team)',
    date: '2026-05-20',
    evidence: 'Conditional Access export reviewed, ticket SEC-1234',
  };

  it('turn a not-assessed evaluation into attested, never pass', () => {
    const report = buildReport([], graph, [estateRule], { now: NOW, attestations: [attestation] });
    expect(report.evaluations[0]).toMatchObject({ status: 'attested', attestation: { by: 'Aiko Sato (security team)', date: '2026-05-20' } });
    expect(report.summary.find((s) => s.pillar === 'IAM')).toMatchObject({ pass: 0, attested: 1, notAssessed: 0, score: null });
  });

  it('expire like suppressions', () => {
    const report = buildReport([], graph, [estateRule], { now: NOW, attestations: [{ ...attestation, expires: '2026-05-31' }] });
    expect(report.evaluations[0]?.status).toBe('not-assessed');
    expect(report.warnings).toEqual([expect.objectContaining({ kind: 'attestation-expired' })]);
  });
});

describe('resource selectors', () => {
  const vm = {
    id: '/subscriptions/s1/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/web01',
    name: 'web01',
    type: 'Microsoft.Compute/virtualMachines',
  };
  it('match ids with * within a segment and ** across, case-insensitively', () => {
    expect(selects({ id: '/subscriptions/*/resourceGroups/RG-WEB/**' }, vm)).toBe(true);
    expect(selects({ id: '/subscriptions/*/web01' }, vm)).toBe(false);
    expect(selects({ id: '**/web01' }, vm)).toBe(true);
    expect(selects({ name: 'web*', type: 'microsoft.compute/virtualmachines' }, vm)).toBe(true);
    expect(selects({ name: 'web*', type: 'Microsoft.Network/networkInterfaces' }, vm)).toBe(false);
    expect(globMatcher('a.b(c)', false)('a.b(c)')).toBe(true);
    expect(globMatcher('a.b(c)', false)('aXb(c)')).toBe(false);
    expect(globMatcher('Web-??', false)('WEB-01')).toBe(true);
    expect(globMatcher('/subscriptions/*/x', true)('/subscriptions/a/b/x')).toBe(false);
    // As a backtracking regular expression: 30 s for this one name, and years for longer ones.
    expect(globMatcher(`${'*a'.repeat(20)}b`, false)('a'.repeat(5000))).toBe(false);
  });
});

describe('azvmsec scan with .azvmsec.yaml', () => {
  async function withConfig(yaml: string): Promise<string> {
    const folder = await templateFolder();
    await writeFile(path.join(folder, '.azvmsec.yaml'), yaml);
    return folder;
  }

  it('rejects a suppression without a reason, with a clear message and exit 2', async () => {
    const folder = await withConfig('suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm-legacy }\n');
    const { code, stderr } = await cli(['scan', '.'], { cwd: folder });
    expect(code).toBe(2);
    expect(stderr).toBe('azvmsec: .azvmsec.yaml: suppressions[0].reason: a reason is required: say why the risk is accepted\n');
  });

  it('rejects a short reason', async () => {
    const folder = await withConfig('suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm-legacy }\n    reason: legacy\n');
    const { code, stderr } = await cli(['scan', '.'], { cwd: folder });
    expect(code).toBe(2);
    expect(stderr).toContain('suppressions[0].reason: the reason must say why in at least 10 characters');
  });

  it('accepts the risk: exit 0, the report marks it', async () => {
    const others = 'failOn: high\nrules:\n  AZV-VM-009: off\n  AZV-REC-001: { enabled: false }\n';
    const plain = await cli(['scan', '.'], { cwd: await withConfig(others) });
    expect(plain.code).toBe(1);
    const folder = await withConfig(
      `${others}suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm-legacy }\n    reason: Vendor appliance, replaced in Q3\n    expires: 2099-12-31\n`,
    );
    const { code, stdout } = await cli(['scan', '.', '--format', 'json'], { cwd: folder });
    expect(code).toBe(0);
    const report = JSON.parse(stdout);
    expect(report.evaluations.find((e: { ruleId: string }) => e.ruleId === 'AZV-VM-013').suppression).toMatchObject({
      kind: 'config',
      reason: 'Vendor appliance, replaced in Q3',
    });
    expect(report.evaluations.some((e: { ruleId: string }) => e.ruleId === 'AZV-VM-009' || e.ruleId === 'AZV-REC-001')).toBe(false);
  });

  it('reports an expired suppression in the terminal report, and fails again', async () => {
    const folder = await withConfig(
      'suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm-legacy }\n    reason: Vendor appliance, replaced in Q3\n    expires: 2020-01-31\n',
    );
    const { code, stdout } = await cli(['scan', '.', '--fail-on', 'medium'], { cwd: folder });
    expect(code).toBe(1);
    expect(stdout).toContain('Suppression of AZV-VM-013 for name=vm-legacy expired on 2020-01-31');
  });
});
