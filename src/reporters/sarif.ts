import { fingerprint, fingerprintScope } from '../findings/fingerprint.js';
import type { Evaluation, Finding, Report } from '../findings/types.js';
import { idKey } from '../model/resource-id.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, type Severity } from '../rules/pillars.js';
import { reasonIn } from '../i18n/reasons.js';
import { docsPath, warningMessage } from './common.js';
import { joinChunks, jsonChunks, lazyArray, type LazyArray } from './stream.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and Azure DevOps: the whole rule catalogue (so a rule that
 * found nothing still has help), one result per finding with a logical location (the resource id)
 * and a file location: relative to SRCROOT where the finding was read from a file (for a snapshot
 * file, which keeps no lines, its first line), none for a live scan. The stable fingerprint is
 * `partialFingerprints`, and accepted risks are kept as results with `suppressions`. Validated
 * against the OASIS schema by test/unit/reporters.test.ts.
 */
export interface SarifOptions {
  /** `file:` URI of the folder paths are relative to (the scan's working folder), ending in `/`. */
  readonly srcRoot?: string;
  /** Where rule pages are published; `{version}`, `{locale}` and `{id}` are filled in. */
  readonly docsUrl?: string;
}

/** The generated rule pages ship in the npm package (`files: docs`); this serves them per version. */
export const DEFAULT_DOCS_URL = 'https://unpkg.com/azvmsec@{version}/docs/rules/{locale}/{id}.md';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
/**
 * Kept at v1 though the fingerprints of findings on resources declared in files now hold the input:
 * those of snapshot and live scans are as they were and keep matching their alerts; a template's
 * finding gets a new value once, as it would under a v2 key.
 */
const FINGERPRINT_KEY = 'azvmsecFingerprint/v1';
const RESULT_KEY = 'azvmsecResult/v1';
const SRCROOT = 'SRCROOT';

/** GitHub reads `security-severity` (0–10) to rank alerts: ≥9 critical, ≥7 high, ≥4 medium, else low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

type Json = Record<string, unknown>;

/** GitHub code scanning refuses a SARIF run with more results than this (its upload fails). */
export const GITHUB_MAX_RESULTS = 25_000;

/**
 * Tags GitHub code scanning keeps per rule: it refuses a SARIF file with a rule of more than 20,
 * and keeps the first 10 of those it takes. The rest of a rule's framework mappings are in its
 * `properties.mappings`, whole.
 */
export const GITHUB_MAX_TAGS = 10;

/**
 * What to tell the user when GitHub code scanning would refuse the SARIF report of `report`: more
 * results than it takes, or results with no file to point at (a live scan, standard input, a pipe),
 * which fail the whole upload ("expected a physical location"); undefined when neither.
 */
export function sarifLimitWarning(report: Report): string | undefined {
  let results = 0;
  let unlocated = 0;
  for (const evaluation of report.evaluations) {
    if (evaluation.status !== 'fail') continue;
    results += evaluation.findings.length;
    // Only a finding of a resource from no file can lack a place (see physicalPlace).
    if (evaluation.resource.location || !notAFile(evaluation.resource.input)) continue;
    for (const finding of evaluation.findings) if (!finding.location.file) unlocated++;
  }
  const warnings: string[] = [];
  if (results > GITHUB_MAX_RESULTS) {
    warnings.push(
      `the SARIF report holds ${results} results, and GitHub code scanning refuses a run of more than 25,000: scan with --baseline to report only what changed, or keep the JSON report instead`,
    );
  }
  if (unlocated > 0) {
    warnings.push(
      `${unlocated} SARIF result(s) come from no file (a live scan, standard input or a pipe) and have only the resource id as location: GitHub code scanning refuses a SARIF file with such a result; scan a snapshot file in the repository (azvmsec collect) to upload it`,
    );
  }
  return warnings.length > 0 ? warnings.join('; ') : undefined;
}

export function sarifReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options: SarifOptions = {}): string {
  return joinChunks(sarifReportChunks(report, catalog, locale, options));
}

/** The text of {@link sarifReport} in chunks, one result at a time (exactly `JSON.stringify(toSarif(…), null, 2)` and a line break). */
export function* sarifReportChunks(
  report: Report,
  catalog: readonly RuleCatalogEntry[],
  locale: Locale,
  options: SarifOptions = {},
): Generator<string, void, undefined> {
  yield* jsonChunks(sarifShape(report, catalog, locale, options));
  yield '\n';
}

/** The SARIF log as one object (for validation); for a large estate, write {@link sarifReportChunks} instead. */
export function toSarif(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options: SarifOptions = {}): Json {
  const shape = sarifShape(report, catalog, locale, options);
  const [run] = shape.runs;
  // Replacing a key that exists keeps its place, so the key order stays the streamed one.
  return { ...shape, runs: [{ ...run, results: [...run.results.items()] }] };
}

/** The log with its results lazy; the one place that decides keys and their order. */
function sarifShape(
  report: Report,
  catalog: readonly RuleCatalogEntry[],
  locale: Locale,
  options: SarifOptions,
): Json & { runs: [Json & { results: LazyArray<Json> }] } {
  const rules = [...catalog].sort((a, b) => a.id.localeCompare(b.id));
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const docsUrl = (id: string): string =>
    (options.docsUrl ?? DEFAULT_DOCS_URL).replaceAll('{version}', report.tool.version).replaceAll('{locale}', locale).replaceAll('{id}', id);

  const ruleReference = (id: string): Json => {
    const index = ruleIndex.get(id);
    return index !== undefined ? { id, index } : { id };
  };
  const results = lazyArray(function* () {
    for (const evaluation of report.evaluations) {
      if (evaluation.status !== 'fail') continue;
      for (const finding of evaluation.findings) yield result(evaluation, finding, ruleIndex.get(evaluation.ruleId), locale);
    }
  });
  const errors = report.evaluations.filter((e) => e.status === 'error');
  const notifications: Json[] = [
    // The rule a notification is about is its associatedRule; its descriptor would name a notification kind.
    ...errors.map((e) => ({
      level: 'error',
      message: { text: e.reason !== undefined ? reasonIn(e.reason, locale) : `${e.ruleId} failed` },
      associatedRule: ruleReference(e.ruleId),
      locations: [{ logicalLocations: [logical(e)] }],
    })),
    ...(report.warnings ?? []).map((warning) => ({
      level: 'warning',
      message: { text: warningMessage(warning, locale) },
      ...(warning.ruleId ? { associatedRule: ruleReference(warning.ruleId) } : {}),
    })),
  ];

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'azvmsec',
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: docsUrl('README').replace(/docs\/rules\/[^/]+\/README\.md$/, ''),
            language: locale,
            rules: rules.map((rule) => descriptor(rule, locale, docsUrl(rule.id))),
          },
        },
        invocations: [{ executionSuccessful: errors.length === 0, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: {
          [SRCROOT]: {
            ...(options.srcRoot ? { uri: options.srcRoot } : {}),
            description: { text: 'The folder azvmsec scan ran in; file locations are relative to it.' },
          },
        },
        artifacts: artifacts(report),
        results,
        columnKind: 'unicodeCodePoints',
        properties: {
          summary: report.summary.map((s) => ({ pillar: s.pillar, title: PILLAR_TITLES[s.pillar][locale], score: s.score, pass: s.pass, fail: s.fail })),
          ...(report.profile ? { profile: report.profile.id } : {}),
          ...(report.baseline ? { baseline: report.baseline } : {}),
        },
      },
    ],
  };
}

function descriptor(rule: RuleCatalogEntry, locale: Locale, helpUri: string): Json {
  const mappings = Object.entries(rule.mappings).flatMap(([framework, ids]) => (ids as readonly string[]).map((id) => `${framework}/${id}`));
  const help = [
    `${rule.title[locale]}`,
    '',
    `${locale === 'ja' ? '対処' : 'Fix'}: ${rule.fix[locale]}`,
    '',
    `${locale === 'ja' ? '詳細' : 'Details'}: ${docsPath(rule.id, locale)}`,
  ];
  const tags = ['security', 'azure', PILLAR_TITLES[rule.pillar].en.replace(/^[0-9+.]+\s*/, ''), ...mappings].slice(0, GITHUB_MAX_TAGS);
  return {
    id: rule.id,
    name: pascalCase(rule.name),
    shortDescription: { text: rule.title[locale] },
    fullDescription: { text: `${rule.title[locale]} ${rule.fix[locale]}` },
    help: { text: help.join('\n'), markdown: [`**${rule.title[locale]}**`, '', help[2], '', `[${docsPath(rule.id, locale)}](${helpUri})`].join('\n') },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: rule.status !== 'deprecated' },
    properties: {
      tags,
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
      pillar: rule.pillar,
      severity: rule.severity,
      status: rule.status,
      docs: docsPath(rule.id, locale),
      mappings,
    },
  };
}

function result(evaluation: Evaluation, finding: Finding, ruleIndex: number | undefined, locale: Locale): Json {
  const location: Json = { logicalLocations: [logical(evaluation, finding.resourceId)] };
  const place = physicalPlace(evaluation, finding);
  if (place) {
    location['physicalLocation'] = {
      artifactLocation: artifactLocation(place.file),
      region: { startLine: place.line, startColumn: place.column },
    };
  }
  const suppression = evaluation.suppression;
  return {
    ruleId: evaluation.ruleId,
    ...(ruleIndex !== undefined ? { ruleIndex } : {}),
    kind: 'fail',
    level: LEVEL[evaluation.severity],
    message: { text: finding.message[locale] },
    locations: [location],
    partialFingerprints: partialFingerprints(evaluation, finding),
    ...(suppression
      ? {
          suppressions: [
            {
              kind: suppression.kind === 'inline' ? 'inSource' : 'external',
              status: 'accepted',
              justification: suppression.reason,
              properties: { source: suppression.source, ...(suppression.expires ? { expires: suppression.expires } : {}) },
            },
          ],
        }
      : {}),
    ...(evaluation.baseline ? { baselineState: evaluation.baseline === 'new' ? 'new' : 'updated' } : {}),
    properties: {
      pillar: evaluation.pillar,
      severity: evaluation.severity,
      resourceId: finding.resourceId,
      resourceType: evaluation.resource.type,
      pointer: finding.location.pointer,
      messageId: finding.messageId,
      ...(evaluation.defender ? { defenderForCloud: { ...evaluation.defender } } : {}),
    },
  };
}

/**
 * The finding's fingerprint (as in the JSON report: rule, resource pointed into, pointer, and the
 * input when the evaluated resource is declared in a file), and where that alone does not tell the
 * result from others, a second one of the evaluated resource (and that input) and the message id:
 * partialFingerprints are a result's unique identity, and result matchers would take results that
 * share them for one. That is when the finding points into another resource than the one evaluated
 * (each VM that one NSG rule exposes points at that rule), or when another finding of the
 * evaluation has the same fingerprint (a VM with neither the monitoring agent nor a data collection
 * rule: two findings at the VM).
 */
function partialFingerprints(evaluation: Evaluation, finding: Finding): Json {
  const own = finding.fingerprint;
  const shared = idKey(finding.resourceId) !== idKey(evaluation.resource.id) || sharedFingerprints(evaluation).has(own);
  return shared
    ? { [FINGERPRINT_KEY]: own, [RESULT_KEY]: fingerprint(evaluation.ruleId, evaluation.resource.id, finding.messageId, fingerprintScope(evaluation.resource)) }
    : { [FINGERPRINT_KEY]: own };
}

const sharedByEvaluation = new WeakMap<Evaluation, ReadonlySet<string>>();

/** The fingerprints more than one finding of the evaluation has (computed once per evaluation: a finding computes its fingerprint when read). */
function sharedFingerprints(evaluation: Evaluation): ReadonlySet<string> {
  let found = sharedByEvaluation.get(evaluation);
  if (!found) {
    const seen = new Set<string>();
    const twice = new Set<string>();
    if (evaluation.findings.length > 1) {
      for (const finding of evaluation.findings) {
        const print = finding.fingerprint;
        if (seen.has(print)) twice.add(print);
        else seen.add(print);
      }
    }
    found = twice;
    sharedByEvaluation.set(evaluation, found);
  }
  return found;
}

function logical(evaluation: Evaluation, resourceId = evaluation.resource.id): Json {
  const name = resourceId === evaluation.resource.id ? evaluation.resource.name : (resourceId.split('/').pop() ?? resourceId);
  return { fullyQualifiedName: resourceId, name, kind: 'resource' };
}

function artifacts(report: Report): Json[] {
  const files = new Set<string>();
  for (const evaluation of report.evaluations) {
    if (evaluation.status !== 'fail') continue;
    for (const finding of evaluation.findings) {
      const place = physicalPlace(evaluation, finding);
      if (place) files.add(place.file);
    }
  }
  return [...files].sort().map((file) => ({ location: artifactLocation(file) }));
}

/** Inputs that are no file in the repository: a live scan, standard input, a pipe (`<(az graph query …)` is `/dev/fd/63`). */
function notAFile(input: string): boolean {
  return input === '' || input === 'live' || input === '-' || /^\/(dev|proc)\//.test(input);
}

/**
 * The file, line and column a result points at. GitHub code scanning refuses a whole SARIF file
 * when one result has no physical location, so a finding read from a snapshot file (which keeps no
 * lines) points at the declaration of its resource, else at the first line of the file it was read
 * from; only a finding from no file at all (a live scan, standard input, a pipe) has none.
 */
function physicalPlace(evaluation: Evaluation, finding: Finding): { file: string; line: number; column: number } | undefined {
  if (finding.location.file) return { file: finding.location.file, line: finding.location.line ?? 1, column: finding.location.column ?? 1 };
  const declared = evaluation.resource.location;
  if (declared) return { file: declared.file, line: declared.line, column: declared.column };
  const input = evaluation.resource.input;
  return notAFile(input) ? undefined : { file: input, line: 1, column: 1 };
}

/**
 * Where a file is, as a SARIF artifact location: relative to SRCROOT (the folder the scan ran in),
 * or a `file:` URI for a file outside it (an absolute path, POSIX or Windows), which a base must
 * not be put in front of.
 */
export function artifactLocation(file: string): { uri: string; uriBaseId?: string } {
  const windows = /^([A-Za-z]):[\\/]/.exec(file);
  if (windows) return { uri: `file:///${windows[1]}:/${relativeUri(file.slice(3))}` };
  if (/^[\\/]{2}[^\\/]/.test(file)) return { uri: `file://${relativeUri(file.slice(2))}` };
  if (file.startsWith('/')) return { uri: `file://${relativeUri(file)}` };
  return { uri: relativeUri(file), uriBaseId: SRCROOT };
}

/** A relative path as a URI reference: forward slashes, each segment percent-encoded. */
export function relativeUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

function pascalCase(name: string): string {
  return name.replace(/(^|-)([a-z0-9])/g, (_whole, _dash: string, char: string) => char.toUpperCase());
}
