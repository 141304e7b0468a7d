import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/findings/fingerprint.js';
import { cli, ROOT } from '../support/cli.js';
import { folderOf } from '../support/files.js';
import { snapshotOf, vm } from '../support/snapshot-snippets.js';

/**
 * The same resource id in two inputs: two copies of a template (a name built from parameters, the
 * placeholder subscription), two Terraform roots. A finding in one is not the finding in the other,
 * so a baseline of one must not hide the other. Snapshots are the other way round: a snapshot of
 * the same estate taken again, to another file, must still match the baseline of the first.
 */

interface JsonFinding {
  readonly fingerprint: string;
  readonly resourceId: string;
  readonly location: { readonly file?: string; readonly pointer: string };
}
interface JsonEvaluation {
  readonly ruleId: string;
  readonly status: string;
  readonly resource: { readonly id: string; readonly input: string; readonly location?: object };
  readonly findings: JsonFinding[];
  readonly baseline?: string;
}
interface JsonReport {
  readonly evaluations: JsonEvaluation[];
  readonly baseline?: { new: number; changed: number; unchanged: number; resolved: number };
}

const estate = await readFile(path.join(ROOT, 'test/fixtures/parity/estate.json'), 'utf8');
const terraform = await readFile(path.join(ROOT, 'test/fixtures/parity/terraform/main.tf'), 'utf8');

/** The estate with password sign-in to its VM turned off (AZV-VM-013 passes). */
function withoutPasswords(): string {
  type Vm = { type: string; properties: { osProfile: { linuxConfiguration: { disablePasswordAuthentication: boolean } } } };
  const template = JSON.parse(estate) as { resources: Vm[] };
  const vm = template.resources.find((resource) => resource.type === 'Microsoft.Compute/virtualMachines')!;
  vm.properties.osProfile.linuxConfiguration.disablePasswordAuthentication = true;
  return JSON.stringify(template, null, 2);
}

async function scanJson(cwd: string, args: string[]): Promise<JsonReport> {
  const { stdout, stderr } = await cli(['scan', ...args, '--format', 'json'], { cwd });
  expect(stderr).not.toMatch(/error/i);
  return JSON.parse(stdout) as JsonReport;
}

const listed = (report: JsonReport): JsonEvaluation[] => report.evaluations.filter((e) => e.status !== 'not-applicable');
const failing = (report: JsonReport, input: string): JsonEvaluation[] => report.evaluations.filter((e) => e.status === 'fail' && e.resource.input === input);

describe('the same resource id in two inputs', () => {
  it('gives findings that differ per input (JSON fingerprints and SARIF partialFingerprints)', async () => {
    const root = await folderOf({ 'a/estate.json': estate, 'b/estate.json': estate });
    const report = await scanJson(root, ['a', 'b']);
    const a = failing(report, 'a/estate.json');
    const b = failing(report, 'b/estate.json');
    expect(a.length).toBeGreaterThan(3);
    // The same checks fail on the same ids in both…
    expect(b.map((e) => `${e.ruleId} ${e.resource.id}`)).toEqual(a.map((e) => `${e.ruleId} ${e.resource.id}`));
    // …with fingerprints of their own.
    const prints = (list: JsonEvaluation[]): Set<string> => new Set(list.flatMap((e) => e.findings.map((f) => f.fingerprint)));
    const shared = [...prints(a)].filter((print) => prints(b).has(print));
    expect(shared).toEqual([]);
    // Within one input a fingerprint is still the hash of rule, resource id and pointer, and the input.
    const finding = a[0]!.findings[0]!;
    expect(finding.fingerprint).not.toBe(fingerprint(a[0]!.ruleId, finding.resourceId, finding.location.pointer));
    expect(finding.fingerprint).toBe(fingerprint(a[0]!.ruleId, finding.resourceId, finding.location.pointer, 'a/estate.json'));

    const { stdout } = await cli(['scan', 'a', 'b', '--format', 'sarif'], { cwd: root });
    const results = (JSON.parse(stdout) as { runs: { results: { partialFingerprints: Record<string, string> }[] }[] }).runs[0]!.results;
    expect(results.length).toBe(a.concat(b).reduce((sum, e) => sum + e.findings.length, 0));
    const identities = results.map((r) => JSON.stringify(r.partialFingerprints));
    expect(new Set(identities).size).toBe(identities.length);
  });

  it('does not let a baseline of one input suppress the same finding in another', async () => {
    const root = await folderOf({ 'a/estate.json': estate, 'b/estate.json': estate });
    await writeFile(path.join(root, 'a.json'), JSON.stringify(await scanJson(root, ['a'])));
    const report = await scanJson(root, ['a', 'b', '--baseline', 'a.json']);
    // Everything of b is new; nothing of a is listed.
    expect(report.evaluations.every((e) => e.resource.input === 'b/estate.json' && e.baseline === 'new')).toBe(true);
    const all = await scanJson(root, ['a', 'b']);
    const ofB = listed(all).filter((e) => e.resource.input === 'b/estate.json').length;
    expect(report.evaluations).toHaveLength(ofB);
    expect(report.baseline).toEqual({ file: 'a.json', new: ofB, changed: 0, unchanged: listed(all).length - ofB, resolved: 0 });
  });

  it('does not hide a new failure in one input behind the same failure, in the baseline, of another', async () => {
    // In the baseline, a allows no password sign-in and b does; then a allows it too.
    const root = await folderOf({ 'a/estate.json': withoutPasswords(), 'b/estate.json': estate });
    const before = await scanJson(root, ['a', 'b']);
    const vm013 = before.evaluations.filter((e) => e.ruleId === 'AZV-VM-013');
    expect(vm013.map((e) => [e.resource.input, e.status]).sort()).toEqual([
      ['a/estate.json', 'pass'],
      ['b/estate.json', 'fail'],
    ]);
    await writeFile(path.join(root, 'before.json'), JSON.stringify(before));
    await writeFile(path.join(root, 'a/estate.json'), estate);
    const report = await scanJson(root, ['a', 'b', '--baseline', 'before.json']);
    expect(report.evaluations.map((e) => [e.ruleId, e.resource.input, e.status, e.baseline])).toEqual([['AZV-VM-013', 'a/estate.json', 'fail', 'changed']]);
    // And fixing it in b is seen, though a fails the same way as b did.
    await writeFile(path.join(root, 'a/estate.json'), withoutPasswords());
    await writeFile(path.join(root, 'b/estate.json'), withoutPasswords());
    const fixed = await scanJson(root, ['a', 'b', '--baseline', 'before.json']);
    expect(fixed.evaluations.map((e) => [e.ruleId, e.resource.input, e.status, e.baseline])).toEqual([['AZV-VM-013', 'b/estate.json', 'pass', 'changed']]);
    expect(fixed.baseline).toMatchObject({ changed: 1, resolved: 1 });
  });

  it('tells apart Terraform roots whose resources get the same placeholder ids', async () => {
    const root = await folderOf({ 'env-a/main.tf': terraform, 'env-b/main.tf': terraform });
    await writeFile(path.join(root, 'a.json'), JSON.stringify(await scanJson(root, ['env-a'])));
    const all = await scanJson(root, ['env-a', 'env-b']);
    const a = failing(all, 'env-a');
    const b = failing(all, 'env-b');
    expect(a.length).toBeGreaterThan(3);
    expect(b.map((e) => `${e.ruleId} ${e.resource.id}`)).toEqual(a.map((e) => `${e.ruleId} ${e.resource.id}`));
    const printsOfA = new Set(a.flatMap((e) => e.findings.map((f) => f.fingerprint)));
    expect(b.flatMap((e) => e.findings).filter((f) => printsOfA.has(f.fingerprint))).toEqual([]);
    const report = await scanJson(root, ['env-a', 'env-b', '--baseline', 'a.json']);
    expect(report.evaluations.length).toBeGreaterThan(0);
    expect(report.evaluations.every((e) => e.resource.input === 'env-b' && e.baseline === 'new')).toBe(true);
  }, 60_000);

  it('still matches a baseline written before fingerprints held the input', async () => {
    const root = await folderOf({ 'a/estate.json': estate, 'b/estate.json': estate });
    const report = await scanJson(root, ['a', 'b']);
    // What earlier versions wrote: the hash of rule, resource id and pointer alone.
    const older = structuredClone(report);
    for (const evaluation of older.evaluations) {
      for (const finding of evaluation.findings) {
        (finding as { fingerprint: string }).fingerprint = fingerprint(evaluation.ruleId, finding.resourceId, finding.location.pointer);
      }
    }
    expect(older).not.toEqual(report);
    await writeFile(path.join(root, 'older.json'), JSON.stringify(older));
    await writeFile(path.join(root, 'now.json'), JSON.stringify(report));
    const against = await scanJson(root, ['a', 'b', '--baseline', 'older.json']);
    expect(against.evaluations).toEqual([]);
    expect(against.baseline).toMatchObject({ new: 0, changed: 0, resolved: 0 });
    const diff = await cli(['diff', 'older.json', 'now.json', '--format', 'json'], { cwd: root });
    expect(JSON.parse(diff.stdout)).toMatchObject({
      regressed: [],
      improved: [],
      changed: [],
      unchangedFailures: report.evaluations.filter((e) => e.status === 'fail').length,
    });
  });
});

describe('snapshots of the same estate', () => {
  it('keep their fingerprints from file to file, as they always were, so a new snapshot matches the last one', async () => {
    const snapshot = JSON.stringify(snapshotOf({ resources: [...vm('vm01'), ...vm('vm02', { linux: false })] }));
    const root = await folderOf({ 'monday.json': snapshot, 'tuesday/estate.json': snapshot });
    const monday = await scanJson(root, ['monday.json']);
    const found = monday.evaluations.filter((e) => e.status === 'fail');
    expect(found.length).toBeGreaterThan(3);
    for (const evaluation of found) {
      expect(evaluation.resource.location).toBeUndefined();
      for (const finding of evaluation.findings) expect(finding.fingerprint).toBe(fingerprint(evaluation.ruleId, finding.resourceId, finding.location.pointer));
    }
    await writeFile(path.join(root, 'monday-report.json'), JSON.stringify(monday));
    const tuesday = await scanJson(root, ['tuesday/estate.json', '--baseline', 'monday-report.json']);
    expect(tuesday.evaluations).toEqual([]);
    expect(tuesday.baseline).toMatchObject({ new: 0, changed: 0, resolved: 0, unchanged: listed(monday).length });
  });
});
