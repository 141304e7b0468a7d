import { diffReports, type DiffEntry, type PreviousReport, type ReportDiff } from '../findings/baseline.js';
import { format, localeFromEnvironment, type Locale, type Localized } from '../i18n/locale.js';
import { PILLAR_TITLES, type Pillar } from '../rules/pillars.js';
import { printable } from '../i18n/printable.js';
import { appendAll } from '../model/arrays.js';
import { escape as escapeMarkdown } from '../reporters/markdown.js';
import { EXIT, type CliIo, type DiffCommandOptions } from './main.js';
import { readPreviousReport } from './previous-report.js';

const T = {
  title: { en: 'azvmsec diff: {{old}} → {{new}}', ja: 'azvmsec diff: {{old}} → {{new}}' },
  regressed: { en: 'Regressed ({{count}})', ja: '悪化 ({{count}})' },
  improved: { en: 'Improved ({{count}})', ja: '改善 ({{count}})' },
  changed: { en: 'Still failing, findings changed ({{count}})', ja: '引き続き不合格、指摘内容が変化 ({{count}})' },
  unchanged: { en: '{{count}} failure(s) unchanged.', ja: '変化のない不合格 {{count}} 件。' },
  scores: { en: 'Scores', ja: 'スコア' },
  none: { en: 'Nothing regressed.', ja: '悪化した項目はありません。' },
} satisfies Record<string, Localized>;

/** `azvmsec diff OLD.json NEW.json`: exit 1 when something regressed, 2 when a file is not a JSON report. */
export async function diffCommand(oldFile: string, newFile: string, options: DiffCommandOptions, io: CliIo): Promise<number> {
  const reports: PreviousReport[] = [];
  for (const file of [oldFile, newFile]) {
    const parsed = await readPreviousReport(file, io.cwd);
    if (!parsed.ok) {
      io.stderr(`azvmsec: ${file}: ${parsed.message}\n`);
      return EXIT.usage;
    }
    reports.push(parsed.report);
  }
  const diff = diffReports(reports[0] as PreviousReport, reports[1] as PreviousReport);
  const locale = options.lang ?? localeFromEnvironment(io.env);
  if (options.format === 'json') io.stdout(JSON.stringify({ old: oldFile, new: newFile, ...diff }, null, 2) + '\n');
  else io.stdout(renderDiff(diff, oldFile, newFile, locale, options.format === 'markdown'));
  return diff.regressed.length > 0 ? EXIT.findings : EXIT.clean;
}

export function renderDiff(diff: ReportDiff, oldFile: string, newFile: string, locale: Locale, markdown: boolean): string {
  const lines: string[] = [];
  const heading = (text: string, level: number): void => {
    lines.push(markdown ? `${'#'.repeat(level + 2)} ${text}` : text, '');
  };
  const entry = (e: DiffEntry): string => {
    const change = `${e.before ?? '—'} → ${e.after ?? '—'}`;
    const text = `${e.ruleId} ${e.title ?? ''} — ${e.resourceName ?? e.resourceId} (${change})`;
    // Names and titles come from scanned files: escaped for Markdown, control characters spelled out.
    return markdown ? `- ${escapeMarkdown(text)}` : `  ${printable(text)}`;
  };
  heading(format(T.title[locale], { old: oldFile, new: newFile }), 1);
  heading(format(T.regressed[locale], { count: diff.regressed.length }), 2);
  appendAll(lines, diff.regressed.length > 0 ? diff.regressed.map(entry) : [markdown ? T.none[locale] : `  ${T.none[locale]}`]).push('');
  heading(format(T.improved[locale], { count: diff.improved.length }), 2);
  if (diff.improved.length > 0) appendAll(lines, diff.improved.map(entry)).push('');
  if (diff.changed.length > 0) {
    heading(format(T.changed[locale], { count: diff.changed.length }), 2);
    appendAll(lines, diff.changed.map(entry)).push('');
  }
  lines.push(format(T.unchanged[locale], { count: diff.unchangedFailures }), '');
  heading(T.scores[locale], 2);
  for (const score of diff.scores) {
    const before = score.before ?? '—';
    const after = score.after ?? '—';
    const delta =
      score.before !== null && score.after !== null && score.after !== score.before
        ? ` (${score.after > score.before ? '+' : ''}${score.after - score.before})`
        : '';
    lines.push(`${markdown ? '- ' : '  '}${PILLAR_TITLES[score.pillar as Pillar][locale]}: ${before} → ${after}${delta}`);
  }
  return lines.join('\n') + '\n';
}
