import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { renderDiff } from '../../src/cli/diff-command.js';
import { readPreviousReport } from '../../src/cli/previous-report.js';
import { applyBaseline, diffReports, parsePreviousReport, previousReportElement } from '../../src/findings/baseline.js';
import { readJsonFile } from '../../src/inputs/snapshot/file.js';
import { cli } from '../support/cli.js';
import { controlCharacters } from '../support/control-characters.js';

/** Two JSON reports of the example estate: the later one with one failure fixed and one new. */
async function reports(): Promise<{ folder: string; before: string; after: string }> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-baseline-'));
  const before = path.join(folder, 'before.json');
  expect((await cli(['scan', 'examples', '--format', 'json', '--output', before])).code).toBe(1);
  const report = JSON.parse(await readFile(before, 'utf8'));
  const fail = report.evaluations.findIndex((e: { status: string }) => e.status === 'fail');
  const pass = report.evaluations.findIndex((e: { status: string }) => e.status === 'pass');
  const older = structuredClone(report);
  // In the older report, the first failure passed (so it is new now) and the first pass failed (resolved now).
  older.evaluations[fail] = { ...older.evaluations[fail], status: 'pass', findings: [] };
  older.evaluations[pass] = { ...older.evaluations[pass], status: 'fail', findings: [{ fingerprint: 'f'.repeat(32) }] };
  const old = path.join(folder, 'old.json');
  await writeFile(old, JSON.stringify(older));
  return { folder, before: old, after: before };
}

describe('--baseline', () => {
  it('lists only what is new or changed, and the exit code counts only those', async () => {
    const { before, after } = await reports();
    const same = await cli(['scan', 'examples', '--format', 'json', '--baseline', after]);
    expect(same.code).toBe(0);
    const sameReport = JSON.parse(same.stdout);
    expect(sameReport.evaluations).toEqual([]);
    expect(sameReport.baseline).toMatchObject({ new: 0, changed: 0, resolved: 0 });
    expect(sameReport.baseline.unchanged).toBeGreaterThan(100);
    // A point checked with nothing new says so, not that the inputs hold nothing it checks.
    const terminal = await cli(['scan', 'examples', '--baseline', after]);
    expect(terminal.stdout).toContain('Nothing new or changed since the baseline.');
    expect(terminal.stdout).not.toContain('the inputs hold no resources this point checks');

    const changed = await cli(['scan', 'examples', '--format', 'json', '--baseline', before]);
    const report = JSON.parse(changed.stdout);
    expect(report.evaluations.map((e: { baseline: string }) => e.baseline)).toEqual(['changed', 'changed']);
    expect(report.baseline).toMatchObject({ changed: 2, resolved: 1 });
  });

  it('marks new evaluations and SARIF baselineState', async () => {
    const { after } = await reports();
    const previous = JSON.parse(await readFile(after, 'utf8'));
    previous.evaluations = previous.evaluations.slice(1);
    const parsed = parsePreviousReport(previous);
    expect(parsed.ok).toBe(true);
    const folder = path.dirname(after);
    await writeFile(path.join(folder, 'fewer.json'), JSON.stringify(previous));
    const { stdout } = await cli(['scan', 'examples', '--format', 'sarif', '--baseline', path.join(folder, 'fewer.json')]);
    const results = JSON.parse(stdout).runs[0].results;
    expect(results.every((r: { baselineState: string }) => r.baselineState === 'new')).toBe(true);
  });

  it('rejects a file that is not a JSON report', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-baseline-'));
    await writeFile(path.join(folder, 'x.json'), '{"hello": 1}');
    const { code, stderr } = await cli(['scan', 'examples', '--baseline', path.join(folder, 'x.json')]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/not an azvmsec JSON report/);
    expect(parsePreviousReport({}).ok).toBe(false);
    expect(applyBaseline).toBeTypeOf('function');
  });
});

describe('azvmsec diff', () => {
  it('summarises what improved and what regressed; exit 1 when something regressed', async () => {
    const { before, after } = await reports();
    const forward = await cli(['diff', before, after]);
    expect(forward.code).toBe(1);
    expect(forward.stdout).toMatch(/Regressed \(1\)/);
    expect(forward.stdout).toMatch(/Improved \(1\)/);
    const backward = await cli(['diff', after, before, '--format', 'json']);
    const diff = JSON.parse(backward.stdout);
    expect(diff.regressed).toHaveLength(1);
    expect(diff.improved).toHaveLength(1);
    expect(diff.scores).toHaveLength(6);
    const same = await cli(['diff', after, after, '--format', 'markdown', '--lang', 'ja']);
    expect(same.code).toBe(0);
    expect(same.stdout).toContain('悪化した項目はありません');
  });

  it('prints names from the scanned files with their control characters spelled out, and escaped in Markdown', async () => {
    const { folder, before, after } = await reports();
    const report = JSON.parse(await readFile(after, 'utf8'));
    const hostile = `vm\u001b[2J\r<img src=x onerror=alert(1)>\u202e|`;
    for (const evaluation of report.evaluations) evaluation.resource.name = hostile;
    const named = path.join(folder, 'hostile.json');
    await writeFile(named, JSON.stringify(report));
    const terminal = await cli(['diff', before, named]);
    expect(terminal.stdout).toContain('vm\\u001b[2J\\r<img');
    expect(controlCharacters(terminal.stdout)).toEqual([]);
    const markdown = await cli(['diff', before, named, '--format', 'markdown']);
    expect(markdown.stdout).not.toContain('<img');
    expect(markdown.stdout).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(controlCharacters(markdown.stdout)).toEqual([]);
  });

  it('keeps a Markdown diff within a pull-request comment, the scores included; a terminal diff whole', () => {
    const entries = (count: number, prefix: string) =>
      Array.from({ length: count }, (_, i) => ({
        ruleId: 'AZV-VM-013',
        title: 'Password sign-in disabled',
        resourceId: `/x/${prefix}-${i}`,
        resourceName: `${prefix}-${i}`,
        before: 'pass',
        after: 'fail',
      }));
    const diff = {
      regressed: entries(3000, 'vm'),
      improved: entries(40, 'fixed'),
      changed: [],
      unchangedFailures: 7,
      scores: [{ pillar: 'VM', before: 80, after: 40 }],
    };
    const markdown = renderDiff(diff, 'old.json', 'new.json', 'en', true);
    expect(markdown.length).toBeLessThanOrEqual(65_536);
    const shown = markdown.match(/^- AZV-VM-013 .* vm-\d+ /gm)?.length ?? 0;
    expect(shown).toBeGreaterThan(500);
    expect(markdown).toContain(`… ${3000 - shown} more not shown: a pull-request comment holds 65,536 characters.`);
    // The lists after the cut one, and the scores, keep room of their own.
    expect(markdown.match(/^- AZV-VM-013 .* fixed-\d+ /gm)).toHaveLength(40);
    expect(markdown).toContain('- 3. Virtual machine: 80 → 40 (-40)');
    expect(renderDiff(diff, 'old.json', 'new.json', 'en', false).match(/^ {2}AZV-VM-013 .* vm-\d+ /gm)).toHaveLength(3000);
  });

  it('compares by fingerprint, not line numbers', () => {
    const make = (fingerprints: string[]) => ({
      schemaVersion: '1.0',
      evaluations: [{ ruleId: 'AZV-VM-013', status: 'fail', resource: { id: '/x/VM1' }, findings: fingerprints.map((fingerprint) => ({ fingerprint })) }],
    });
    const a = parsePreviousReport(make(['a', 'b']));
    const b = parsePreviousReport({ ...make(['b', 'a']), evaluations: [{ ...make(['b', 'a']).evaluations[0]!, resource: { id: '/X/vm1' } }] });
    if (!a.ok || !b.ok) throw new Error('parse');
    expect(diffReports(a.report, b.report)).toMatchObject({ regressed: [], improved: [], changed: [], unchangedFailures: 1 });
    const fewer = parsePreviousReport(make(['a']));
    if (!fewer.ok) throw new Error('parse');
    expect(diffReports(a.report, fewer.report).improved).toHaveLength(1);
  });
});

describe('reading an earlier report back', () => {
  it('reads it in chunks (gzipped too), keeping of each evaluation what a comparison needs and none of the exposure', async () => {
    const { folder, after } = await reports();
    const whole = JSON.parse(await readFile(after, 'utf8'));
    const read = await readPreviousReport(after, folder);
    if (!read.ok) throw new Error(read.message);
    expect(read.report.evaluations).toHaveLength(whole.evaluations.length);
    const failing = whole.evaluations.findIndex((e: { status: string }) => e.status === 'fail');
    const kept = read.report.evaluations[failing] as unknown as Record<string, unknown>;
    expect(Object.keys(kept).sort()).toEqual(['findings', 'pillar', 'resource', 'ruleId', 'severity', 'status', 'title']);
    // A resource declared in a file keeps its input and location, and its findings their resource and pointer (to compare with reports of before).
    const { id, name, input, location } = whole.evaluations[failing].resource;
    expect(kept['resource']).toEqual({ id, name, input, location });
    type Written = { fingerprint: string; resourceId: string; location: { pointer: string } };
    expect(kept['findings']).toEqual(
      whole.evaluations[failing].findings.map((f: Written) => ({
        fingerprint: f.fingerprint,
        resourceId: f.resourceId,
        location: { pointer: f.location.pointer },
      })),
    );
    // Of a resource of a snapshot or a live scan, the id and name and the fingerprints are enough.
    const live = { ...whole.evaluations[failing], resource: { id, name, type: 'x', input: 'live' } };
    expect(previousReportElement(live)).toEqual({
      ...kept,
      resource: { id, name },
      findings: live.findings.map((f: Written) => ({ fingerprint: f.fingerprint })),
    });
    expect(previousReportElement(whole.exposure[0])).toBeNull();
    const gz = path.join(folder, 'after.json.gz');
    await writeFile(gz, gzipSync(await readFile(after)));
    const unzipped = await readPreviousReport(gz, folder);
    expect(unzipped.ok && unzipped.report.evaluations).toEqual(read.report.evaluations);
  });

  it('says why a file is not one: too large, not JSON (with the place), missing', async () => {
    const { folder, after } = await reports();
    expect(await readJsonFile(after, { maxBytes: 100, what: 'a JSON report' })).toEqual({
      error: expect.stringMatching(/^File is \d+ bytes, over the 100-byte limit for a JSON report$/),
    });
    await writeFile(path.join(folder, 'broken.json'), '{\n  "schemaVersion": "1.0",\n  "evaluations": [ { ] \n}');
    expect(await readPreviousReport('broken.json', folder)).toEqual({ ok: false, message: expect.stringMatching(/^Invalid JSON: .* \(line 3, column \d+\)$/) });
    expect(await readPreviousReport('missing.json', folder)).toEqual({ ok: false, message: expect.stringMatching(/^Cannot read the file: ENOENT/) });
  });
});
