import type { Evaluation, Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import type { JsonReport } from './json-schema.js';
import { warningMessage } from './common.js';

/** Version of the JSON contract; see json-schema.ts for what changes it. */
export const REPORT_SCHEMA_VERSION = '1.0';

/**
 * The JSON contract automation relies on (schema: `schema/report.schema.json`). Not-applicable
 * evaluations are left out; messages are in the chosen language.
 */
export function jsonReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  return JSON.stringify(toJsonReport(report, catalog, locale), null, 2) + '\n';
}

export function toJsonReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): JsonReport {
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
    evaluations: report.evaluations
      .filter((evaluation) => evaluation.status !== 'not-applicable')
      .map((evaluation) => toJsonEvaluation(evaluation, titles.get(evaluation.ruleId) ?? evaluation.ruleId, locale)),
    summary: report.summary.map((pillar) => ({ ...pillar, rulesWithoutEvidence: [...pillar.rulesWithoutEvidence] })),
    exposure: report.exposure as JsonReport['exposure'],
    ...(report.warnings ? { warnings: report.warnings.map((warning) => ({ ...warning, message: warningMessage(warning, locale) })) } : {}),
    ...(report.profile
      ? { profile: { ...report.profile, controls: report.profile.controls.map((c) => ({ control: c.control, ruleIds: [...c.ruleIds] })) } }
      : {}),
    ...(report.baseline ? { baseline: { ...report.baseline } } : {}),
  };
}

function toJsonEvaluation(evaluation: Evaluation, title: string, locale: Locale): JsonReport['evaluations'][number] {
  const location = evaluation.resource.location;
  return {
    ruleId: evaluation.ruleId,
    title,
    pillar: evaluation.pillar,
    severity: evaluation.severity,
    status: evaluation.status as JsonReport['evaluations'][number]['status'],
    resource: {
      id: evaluation.resource.id,
      type: evaluation.resource.type,
      name: evaluation.resource.name,
      input: evaluation.resource.input,
      ...(location ? { location: { file: location.file, line: location.line, column: location.column } } : {}),
    },
    ...(evaluation.reason !== undefined ? { reason: evaluation.reason } : {}),
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
  };
}
