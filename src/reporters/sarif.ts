import type { Evaluation, Finding, Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, type Severity } from '../rules/pillars.js';
import { docsPath, warningMessage } from './common.js';
import { joinChunks, jsonChunks, lazyArray, type LazyArray } from './stream.js';

/**
 * SARIF 2.1.0 for GitHub code scanning and Azure DevOps: the whole rule catalogue (so a rule that
 * found nothing still has help), one result per finding with a relative file location (template
 * inputs) or a logical location (the resource id, for live and snapshot inputs), the stable
 * fingerprint as `partialFingerprints`, and accepted risks kept as results with `suppressions`.
 * Validated against the OASIS schema by test/unit/reporters.test.ts.
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
const FINGERPRINT_KEY = 'azvmsecFingerprint/v1';
const SRCROOT = 'SRCROOT';

/** GitHub reads `security-severity` (0–10) to rank alerts: ≥9 critical, ≥7 high, ≥4 medium, else low. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };
const LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };

type Json = Record<string, unknown>;

/** GitHub code scanning refuses a SARIF run with more results than this (its upload fails). */
export const GITHUB_MAX_RESULTS = 25_000;

/** What to tell the user when the SARIF report of `report` holds more results than GitHub code scanning takes; undefined when it does not. */
export function sarifLimitWarning(report: Report): string | undefined {
  let results = 0;
  for (const evaluation of report.evaluations) if (evaluation.status === 'fail') results += evaluation.findings.length;
  if (results <= GITHUB_MAX_RESULTS) return undefined;
  return `the SARIF report holds ${results} results, and GitHub code scanning refuses a run of more than 25,000: scan with --baseline to report only what changed, or keep the JSON report instead`;
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

  const results = lazyArray(function* () {
    for (const evaluation of report.evaluations) {
      if (evaluation.status !== 'fail') continue;
      for (const finding of evaluation.findings) yield result(evaluation, finding, ruleIndex.get(evaluation.ruleId), locale);
    }
  });
  const errors = report.evaluations.filter((e) => e.status === 'error');
  const notifications: Json[] = [
    ...errors.map((e) => ({
      level: 'error',
      message: { text: e.reason ?? `${e.ruleId} failed` },
      descriptor: { id: e.ruleId },
      locations: [{ logicalLocations: [logical(e)] }],
    })),
    ...(report.warnings ?? []).map((warning) => ({
      level: 'warning',
      message: { text: warningMessage(warning, locale) },
      ...(warning.ruleId ? { descriptor: { id: warning.ruleId } } : {}),
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
  return {
    id: rule.id,
    name: pascalCase(rule.name),
    shortDescription: { text: rule.title[locale] },
    fullDescription: { text: `${rule.title[locale]} ${rule.fix[locale]}` },
    help: { text: help.join('\n'), markdown: [`**${rule.title[locale]}**`, '', help[2], '', `[${docsPath(rule.id, locale)}](${helpUri})`].join('\n') },
    helpUri,
    defaultConfiguration: { level: LEVEL[rule.severity], enabled: rule.status !== 'deprecated' },
    properties: {
      tags: ['security', 'azure', PILLAR_TITLES[rule.pillar].en.replace(/^[0-9+.]+\s*/, ''), ...mappings],
      'security-severity': SECURITY_SEVERITY[rule.severity],
      precision: 'high',
      'problem.severity': LEVEL[rule.severity] === 'note' ? 'recommendation' : LEVEL[rule.severity],
      pillar: rule.pillar,
      severity: rule.severity,
      status: rule.status,
      docs: docsPath(rule.id, locale),
    },
  };
}

function result(evaluation: Evaluation, finding: Finding, ruleIndex: number | undefined, locale: Locale): Json {
  const location: Json = { logicalLocations: [logical(evaluation, finding.resourceId)] };
  if (finding.location.file) {
    location['physicalLocation'] = {
      artifactLocation: { uri: relativeUri(finding.location.file), uriBaseId: SRCROOT },
      region: { startLine: finding.location.line ?? 1, startColumn: finding.location.column ?? 1 },
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
    partialFingerprints: { [FINGERPRINT_KEY]: finding.fingerprint },
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

function logical(evaluation: Evaluation, resourceId = evaluation.resource.id): Json {
  const name = resourceId === evaluation.resource.id ? evaluation.resource.name : (resourceId.split('/').pop() ?? resourceId);
  return { fullyQualifiedName: resourceId, name, kind: 'resource' };
}

function artifacts(report: Report): Json[] {
  const files = new Set<string>();
  for (const evaluation of report.evaluations) {
    if (evaluation.status !== 'fail') continue;
    for (const finding of evaluation.findings) if (finding.location.file) files.add(finding.location.file);
  }
  return [...files].sort().map((file) => ({ location: { uri: relativeUri(file), uriBaseId: SRCROOT } }));
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
