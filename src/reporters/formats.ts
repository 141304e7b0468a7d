import type { Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { csvReportChunks } from './csv.js';
import { htmlReportChunks } from './html/index.js';
import { jsonReportChunks } from './json.js';
import { junitReportChunks } from './junit.js';
import { markdownReport } from './markdown.js';
import { sarifReportChunks } from './sarif.js';
import { joinChunks } from './stream.js';
import { terminalReport } from './terminal.js';

/** Every output format, in the order `--help` lists them. */
export const FORMATS = ['terminal', 'json', 'sarif', 'html', 'markdown', 'junit', 'csv'] as const;
export type Format = (typeof FORMATS)[number];

/** What some formats take besides the report; each reporter ignores what it does not use. */
export interface RenderOptions {
  /** ANSI colours (terminal). */
  readonly color?: boolean;
  /** `file:` URI of the folder file paths are relative to (SARIF `originalUriBaseIds`). */
  readonly srcRoot?: string;
  /** Rule page URL template (SARIF `helpUri`). */
  readonly docsUrl?: string;
}

export interface Reporter {
  readonly format: Format;
  /** What it is for, for --help and the README. */
  readonly description: string;
  /** The usual file extension. */
  readonly extension: string;
  /** The whole report as one string (tests, the library; small reports). */
  render(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options?: RenderOptions): string;
  /**
   * The same text in chunks, for writing to a file or standard output: the formats that list every
   * evaluation (json, sarif, junit, csv) yield it piece by piece, so any estate size is written with
   * bounded extra memory; html a section at a time (never the whole page as one string); the
   * summarised ones (terminal, markdown) their whole text at once.
   */
  chunks(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options?: RenderOptions): Iterable<string>;
}

type Render<T> = (report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options?: RenderOptions) => T;

/** A reporter that builds its text in one piece. */
function whole(format: Format, description: string, extension: string, render: Render<string>): Reporter {
  return { format, description, extension, render, chunks: (...args) => [render(...args)] };
}

/** A reporter that streams its text; `render` joins the chunks. */
function streamed(format: Format, description: string, extension: string, chunks: Render<Iterable<string>>): Reporter {
  return { format, description, extension, render: (...args) => joinChunks(chunks(...args)), chunks };
}

/** The reporters, all pure functions of (report, catalogue, locale[, options]) → text. */
export const REPORTERS: Readonly<Record<Format, Reporter>> = {
  terminal: whole('terminal', 'the five-point report for people (the default)', '.txt', (report, catalog, locale, options = {}) =>
    terminalReport(report, catalog, locale, { color: options.color ?? false }),
  ),
  json: streamed('json', 'the JSON contract (schema/report.schema.json)', '.json', jsonReportChunks),
  sarif: streamed('sarif', 'SARIF 2.1.0 for GitHub code scanning and Azure DevOps', '.sarif', (report, catalog, locale, options = {}) =>
    sarifReportChunks(report, catalog, locale, {
      ...(options.srcRoot !== undefined ? { srcRoot: options.srcRoot } : {}),
      ...(options.docsUrl !== undefined ? { docsUrl: options.docsUrl } : {}),
    }),
  ),
  html: streamed('html', 'one self-contained page with charts, English and Japanese, printable', '.html', htmlReportChunks),
  markdown: whole('markdown', 'a pull-request comment: summary first, details folded', '.md', markdownReport),
  junit: streamed('junit', 'JUnit XML, one test case per check, for test dashboards', '.xml', junitReportChunks),
  csv: streamed('csv', 'one row per finding or check, for spreadsheets', '.csv', csvReportChunks),
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
