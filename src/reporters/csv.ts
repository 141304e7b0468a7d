import type { Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { spelledOut } from '../i18n/printable.js';
import { evaluationNote } from './common.js';
import { joinChunks } from './stream.js';

/**
 * CSV for spreadsheets (RFC 4180: CRLF, fields quoted when they hold a comma, quote or line break).
 * One row per finding of a failing evaluation, one row per other evaluation. Resource names and
 * messages come from the scanned files: control characters but line feeds are spelled out, and a
 * text cell that starts with = + - @ is prefixed with ' so a spreadsheet never runs it as a
 * formula (see {@link csvCell}). Where Defender for Cloud assessed the same measure on the
 * resource, the last two columns give its status and whether it agrees (`yes`, `no`, or empty
 * when it does not compare). The text starts with a UTF-8 byte-order
 * mark: without it Excel reads a CSV file in the system's code page (Shift_JIS on Japanese Windows),
 * and every Japanese title, message and name is garbled.
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
  'defenderForCloud',
  'defenderAgrees',
] as const;

/** The byte-order mark Excel needs to read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

export function csvReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  return joinChunks(csvReportChunks(report, catalog, locale));
}

/** The text of {@link csvReport} one row at a time. */
export function* csvReportChunks(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): Generator<string, void, undefined> {
  const titles = new Map(catalog.map((rule) => [rule.id, rule.title[locale]]));
  const row = (cells: readonly (string | number | undefined)[]): string => cells.map(csvCell).join(',') + '\r\n';
  yield CSV_BOM + row(CSV_COLUMNS);
  for (const evaluation of report.evaluations) {
    if (evaluation.status === 'not-applicable') continue;
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
    const defender = evaluation.defender;
    const compared = [defender?.status, defender?.agrees === undefined ? undefined : defender.agrees ? 'yes' : 'no'];
    if (evaluation.findings.length === 0) {
      const at = evaluation.resource.location;
      yield row([...base, at?.file, at?.line, at?.column, '', note, '', ...compared]);
      continue;
    }
    for (const finding of evaluation.findings) {
      yield row([
        ...base,
        finding.location.file,
        finding.location.line,
        finding.location.column,
        finding.message[locale],
        note,
        finding.fingerprint,
        ...compared,
      ]);
    }
  }
}

/** Controls but the line feed (C0, DEL, C1) and the marks and overrides that reorder text, as the terminal and HTML reports spell them out. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * One cell. Text (every string cell: names, ids, messages and reasons can come from the scanned
 * files) keeps its line feeds, which Excel and LibreOffice show as line breaks inside a quoted
 * cell, with a CRLF written as one; every other control character and right-to-left override is
 * spelled out (`\r`, `\t`, `\u0000`): a NUL ends the row for some readers, a lone CR ends it for
 * others, and an override disguises a name. A text that then starts with = + - @ gets a leading '
 * (OWASP CSV injection; a tab or carriage return, the other two it lists, can no longer lead).
 * Numbers (line, column) are written as they are.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  if (text.search(UNPRINTABLE) !== -1) text = text.replaceAll('\r\n', '\n').replace(UNPRINTABLE, spelledOut);
  if (/^[=+\-@]/.test(text)) text = `'${text}`;
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}
