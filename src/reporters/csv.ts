import type { Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { evaluationNote, listed } from './common.js';

/**
 * CSV for spreadsheets (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break).
 * One row per finding of a failing evaluation, one row per other evaluation. A cell that starts
 * with = + - @ (or a tab or carriage return) is prefixed with ' so a spreadsheet never runs it as
 * a formula: resource names and messages come from the scanned files.
 */
export const CSV_COLUMNS = [
  'pillar',
  'ruleId',
  'title',
  'severity',
  'status',
  'suppressed',
  'resourceName',
  'resourceType',
  'resourceId',
  'file',
  'line',
  'column',
  'message',
  'note',
  'fingerprint',
] as const;

export function csvReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  const titles = new Map(catalog.map((rule) => [rule.id, rule.title[locale]]));
  const rows: (string | number | undefined)[][] = [[...CSV_COLUMNS]];
  for (const evaluation of listed(report)) {
    const base = [
      evaluation.pillar,
      evaluation.ruleId,
      titles.get(evaluation.ruleId) ?? '',
      evaluation.severity,
      evaluation.status,
      evaluation.suppression ? 'yes' : '',
      evaluation.resource.name,
      evaluation.resource.type,
      evaluation.resource.id,
    ];
    const note = evaluationNote(evaluation, locale) ?? '';
    if (evaluation.findings.length === 0) {
      const at = evaluation.resource.location;
      rows.push([...base, at?.file, at?.line, at?.column, '', note, '']);
      continue;
    }
    for (const finding of evaluation.findings) {
      rows.push([...base, finding.location.file, finding.location.line, finding.location.column, finding.message[locale], note, finding.fingerprint]);
    }
  }
  return rows.map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
