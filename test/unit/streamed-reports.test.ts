import { readFile, mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeEstate } from '../../bench/estate.js';
import { applyBaseline, parsePreviousReport } from '../../src/findings/baseline.js';
import type { Report } from '../../src/findings/types.js';
import { scan } from '../../src/index.js';
import { PROFILES, profileRules } from '../../src/profiles/index.js';
import { csvReportChunks } from '../../src/reporters/csv.js';
import { FORMATS, REPORTERS } from '../../src/reporters/formats.js';
import { jsonReport, jsonReportChunks, toJsonReport } from '../../src/reporters/json.js';
import { jsonReportSchema } from '../../src/reporters/json-schema.js';
import { junitReportChunks } from '../../src/reporters/junit.js';
import { htmlReportChunks } from '../../src/reporters/html/index.js';
import { sarifReport, sarifReportChunks, toSarif } from '../../src/reporters/sarif.js';
import { joinChunks } from '../../src/reporters/stream.js';
import { RULES } from '../../src/rules/index.js';
import { cli, ROOT } from '../support/cli.js';

/**
 * The json, sarif, junit and csv reports are written in chunks (one evaluation at a time) so an
 * estate of any size fits in memory; the text must stay byte for byte what one JSON.stringify gave.
 */
const LOCALES = ['en', 'ja'] as const;
let examples: Report;
let generated: Report;

beforeAll(async () => {
  examples = await scan({ paths: ['examples'], cwd: ROOT });
  // A generated snapshot estate, with accepted risks, an unused suppression (a warning), a profile and a baseline.
  const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-stream-'));
  const file = path.join(folder, 'estate.json');
  writeEstate(file, 40);
  const first = await scan({ paths: [file] });
  const profile = PROFILES[0];
  if (!profile) throw new Error('no profile');
  const inProfile = new Set(profileRules(profile, RULES).map((rule) => rule.id));
  // A failure of a profile rule that the baseline below does not know (odd place), so it stays in the report.
  const failing = first.evaluations
    .filter((e) => e.status !== 'not-applicable')
    .find((e, index) => index % 2 === 1 && e.status === 'fail' && inProfile.has(e.ruleId));
  if (!failing) throw new Error('the generated estate has no failing check');
  const report = await scan({
    paths: [file],
    suppressions: [
      { rule: failing.ruleId, resource: { name: failing.resource.name }, reason: 'Accepted until the migration to the new hub' },
      { rule: 'AZV-VM-013', resource: { name: 'no-such-vm' }, reason: 'A VM that was deleted last year' },
    ],
    profile,
  });
  // The baseline knew every other evaluation: the rest are new (kept, marked), the known ones are left out.
  const before = JSON.parse(jsonReport(first, RULES, 'en')) as { evaluations: unknown[] };
  const previous = parsePreviousReport({ ...before, evaluations: before.evaluations.filter((_, index) => index % 2 === 0) });
  if (!previous.ok) throw new Error(previous.message);
  generated = applyBaseline(report, previous.report, 'previous.json');
});

describe('streamed reports', () => {
  it('the generated estate exercises the optional parts of the report', () => {
    expect(generated.evaluations.length).toBeGreaterThan(500);
    expect(generated.exposure.length).toBe(40);
    expect(generated.evaluations.some((e) => e.suppression)).toBe(true);
    expect(generated.warnings?.length).toBeGreaterThan(0);
    expect(generated.profile).toBeDefined();
    expect(generated.baseline).toBeDefined();
  });

  for (const [name, report] of [
    ['the example estate', (): Report => examples],
    ['a generated estate', (): Report => generated],
  ] as const) {
    it(`JSON: the streamed text of ${name} is JSON.stringify(toJsonReport(…), null, 2) + "\\n", byte for byte`, () => {
      for (const locale of LOCALES) {
        const whole = JSON.stringify(toJsonReport(report(), RULES, locale), null, 2) + '\n';
        const chunks = [...jsonReportChunks(report(), RULES, locale)];
        expect(chunks.join('')).toBe(whole);
        expect(jsonReport(report(), RULES, locale)).toBe(whole);
        // One chunk per evaluation at least: the report never exists as one string.
        const listed = report().evaluations.filter((e) => e.status !== 'not-applicable').length;
        expect(chunks.length).toBeGreaterThan(listed);
        expect(jsonReportSchema.safeParse(JSON.parse(whole)).success).toBe(true);
      }
    });

    it(`SARIF: the streamed text of ${name} is JSON.stringify(toSarif(…), null, 2) + "\\n", byte for byte`, () => {
      for (const locale of LOCALES) {
        const options = { srcRoot: 'file:///repo/' };
        const whole = JSON.stringify(toSarif(report(), RULES, locale, options), null, 2) + '\n';
        expect(joinChunks(sarifReportChunks(report(), RULES, locale, options))).toBe(whole);
        expect(sarifReport(report(), RULES, locale, options)).toBe(whole);
      }
    });

    it(`JUnit and CSV of ${name} come one line or row at a time`, () => {
      const listed = report().evaluations.filter((e) => e.status !== 'not-applicable').length;
      expect([...junitReportChunks(report(), RULES, 'en')].length).toBeGreaterThan(listed);
      expect([...csvReportChunks(report(), RULES, 'en')].length).toBeGreaterThan(listed);
    });

    it(`HTML of ${name} comes a section at a time, the page never one string`, () => {
      const chunks = [...htmlReportChunks(report(), RULES, 'en')];
      expect(chunks.length).toBeGreaterThan(8);
      expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(chunks.join('').length / 2);
    });
  }

  it('every reporter’s chunks join to its rendered text', () => {
    for (const format of FORMATS) {
      for (const locale of LOCALES) {
        const options = { srcRoot: 'file:///repo/' };
        expect(joinChunks(REPORTERS[format].chunks(generated, RULES, locale, options)), format).toBe(
          REPORTERS[format].render(generated, RULES, locale, options),
        );
      }
    }
  });

  it('azvmsec scan streams each --output file and standard output in full', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-stream-cli-'));
    const files = Object.fromEntries(['json', 'sarif', 'junit', 'csv', 'html'].map((format) => [format, path.join(folder, 'nested', `report.${format}`)]));
    const { code, stdout, stderr } = await cli([
      'scan',
      'examples',
      '--format',
      'json',
      '--fail-on',
      'none',
      ...Object.entries(files).flatMap(([format, file]) => ['--output', `${format}=${file}`]),
    ]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { evaluations: unknown[] };
    expect(report.evaluations.length).toBeGreaterThan(100);
    for (const [format, file] of Object.entries(files)) {
      const text = await readFile(file, 'utf8');
      expect(text.length, format).toBeGreaterThan(1000);
      expect(text.endsWith('\n'), format).toBe(true);
    }
    expect(await readFile(files['csv'] as string, 'utf8')).toMatch(/^\uFEFFpillar,ruleId,/);
    // Standard output (in 64 KiB pieces) and the file (a write stream) hold the same text.
    expect(await readFile(files['json'] as string, 'utf8')).toBe(stdout);
  });

  it('azvmsec scan reports a file it cannot write and exits 2', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-stream-cli-'));
    const { code, stderr } = await cli(['scan', 'examples', '--format', 'json', '--output', folder]);
    expect(stderr).toMatch(/EISDIR/);
    expect(code).toBe(2);
  });
});
