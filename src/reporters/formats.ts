import type { Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { csvReport } from './csv.js';
import { htmlReport } from './html/index.js';
import { jsonReport } from './json.js';
import { junitReport } from './junit.js';
import { markdownReport } from './markdown.js';
import { sarifReport } from './sarif.js';
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
  render(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options?: RenderOptions): string;
}

/** The reporters, all pure functions of (report, catalogue, locale[, options]) → text. */
export const REPORTERS: Readonly<Record<Format, Reporter>> = {
  terminal: {
    format: 'terminal',
    description: 'the five-point report for people (the default)',
    extension: '.txt',
    render: (report, catalog, locale, options = {}) => terminalReport(report, catalog, locale, { color: options.color ?? false }),
  },
  json: { format: 'json', description: 'the JSON contract (schema/report.schema.json)', extension: '.json', render: jsonReport },
  sarif: {
    format: 'sarif',
    description: 'SARIF 2.1.0 for GitHub code scanning and Azure DevOps',
    extension: '.sarif',
    render: (report, catalog, locale, options = {}) =>
      sarifReport(report, catalog, locale, {
        ...(options.srcRoot !== undefined ? { srcRoot: options.srcRoot } : {}),
        ...(options.docsUrl !== undefined ? { docsUrl: options.docsUrl } : {}),
      }),
  },
  html: { format: 'html', description: 'one self-contained page with charts, English and Japanese, printable', extension: '.html', render: htmlReport },
  markdown: { format: 'markdown', description: 'a pull-request comment: summary first, details folded', extension: '.md', render: markdownReport },
  junit: { format: 'junit', description: 'JUnit XML, one test case per check, for test dashboards', extension: '.xml', render: junitReport },
  csv: { format: 'csv', description: 'one row per finding or check, for spreadsheets', extension: '.csv', render: csvReport },
};

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value);
}
