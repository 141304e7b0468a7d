import type { Evaluation, Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import type { JsonReport } from './json-schema.js';
import { warningMessage } from './common.js';
import { joinChunks, jsonChunks, lazyArray, type LazyArray } from './stream.js';
import { reasonIn } from '../i18n/reasons.js';

/** Version of the JSON contract; see json-schema.ts for what changes it. */
export const REPORT_SCHEMA_VERSION = '1.0';

/**
 * The JSON contract automation relies on (schema: `schema/report.schema.json`). Not-applicable
 * evaluations are left out; messages are in the chosen language. The whole text, for the library
 * API; {@link jsonReportChunks} writes the same text one evaluation at a time.
 */
export function jsonReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  return joinChunks(jsonReportChunks(report, catalog, locale));
}

/**
 * The text of {@link jsonReport} in chunks — exactly `JSON.stringify(toJsonReport(…), null, 2)`
 * and a line break — built one evaluation and one VM exposure at a time, so an estate of any size
 * is written with bounded extra memory.
 */
export function* jsonReportChunks(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): Generator<string, void, undefined> {
  yield* jsonChunks(jsonReportShape(report, catalog, locale));
  yield '\n';
}

/** The report as one object (for validation and the library); for a large estate, write {@link jsonReportChunks} instead. */
export function toJsonReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): JsonReport {
  const shape = jsonReportShape(report, catalog, locale);
  // Replacing keys that exist keeps their place, so the key order stays the streamed one.
  return { ...shape, evaluations: [...shape.evaluations.items()], exposure: [...shape.exposure.items()] };
}

type JsonEvaluation = JsonReport['evaluations'][number];
type JsonReportShape = Omit<JsonReport, 'evaluations' | 'exposure'> & {
  readonly evaluations: LazyArray<JsonEvaluation>;
  readonly exposure: LazyArray<JsonReport['exposure'][number]>;
};

/** The report with its two per-resource arrays lazy; the one place that decides keys and their order. */
function jsonReportShape(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): JsonReportShape {
  const titles = new Map(catalog.map((rule) => [rule.id, rule.title[locale]]));
  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    tool: report.tool,
    locale,
    inputs: report.inputs.map((input) => ({
      path: input.path,
      kind: input.kind,
      status: input.status,
      resources: input.resources,
      diagnostics: input.diagnostics.map((d) => ({
        severity: d.severity,
        message: d.message,
        ...(d.line !== undefined ? { line: d.line } : {}),
        ...(d.column !== undefined ? { column: d.column } : {}),
      })),
    })),
    evaluations: lazyArray(function* () {
      for (const evaluation of report.evaluations) {
        if (evaluation.status !== 'not-applicable') yield toJsonEvaluation(evaluation, titles.get(evaluation.ruleId) ?? evaluation.ruleId, locale);
      }
    }),
    summary: report.summary.map((pillar) => ({ ...pillar, rulesWithoutEvidence: [...pillar.rulesWithoutEvidence] })),
    exposure: lazyArray(() => report.exposure as JsonReport['exposure']),
    ...(report.warnings ? { warnings: report.warnings.map((warning) => ({ ...warning, message: warningMessage(warning, locale) })) } : {}),
    ...(report.profile
      ? { profile: { ...report.profile, controls: report.profile.controls.map((c) => ({ control: c.control, ruleIds: [...c.ruleIds] })) } }
      : {}),
    ...(report.baseline ? { baseline: { ...report.baseline } } : {}),
    ...(report.defender ? { defender: { ...report.defender } } : {}),
  };
}

function toJsonEvaluation(evaluation: Evaluation, title: string, locale: Locale): JsonEvaluation {
  const location = evaluation.resource.location;
  return {
    ruleId: evaluation.ruleId,
    title,
    pillar: evaluation.pillar,
    severity: evaluation.severity,
    status: evaluation.status as JsonEvaluation['status'],
    resource: {
      id: evaluation.resource.id,
      type: evaluation.resource.type,
      name: evaluation.resource.name,
      input: evaluation.resource.input,
      ...(location ? { location: { file: location.file, line: location.line, column: location.column } } : {}),
    },
    ...(evaluation.reason !== undefined ? { reason: reasonIn(evaluation.reason, locale) } : {}),
    findings: evaluation.findings.map((finding) => ({
      message: finding.message[locale],
      messageId: finding.messageId,
      data: { ...finding.data },
      resourceId: finding.resourceId,
      location: { ...finding.location },
      fingerprint: finding.fingerprint,
    })),
    ...(evaluation.suppression ? { suppression: { ...evaluation.suppression } } : {}),
    ...(evaluation.attestation ? { attestation: { ...evaluation.attestation } } : {}),
    ...(evaluation.baseline ? { baseline: evaluation.baseline } : {}),
    ...(evaluation.defender ? { defender: { ...evaluation.defender } } : {}),
  };
}
