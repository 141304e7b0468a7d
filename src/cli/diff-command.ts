import { diffReports, type DiffEntry, type PreviousReport, type ReportDiff } from '../findings/baseline.js';
import { format, localeFromEnvironment, type Locale, type Localized } from '../i18n/locale.js';
import { PILLAR_TITLES, type Pillar } from '../rules/pillars.js';
import { printable } from '../i18n/printable.js';
import { escape as escapeMarkdown, fitComment, type CommentSection, type Entry } from '../reporters/markdown.js';
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
  more: {
    en: '… {{count}} more not shown: a pull-request comment holds 65,536 characters. `azvmsec diff --format json` lists them all.',
    ja: '… ほか {{count}} 件は省略しました (プルリクエストのコメントは 65,536 文字まで)。`azvmsec diff --format json` にはすべて記載されます。',
  },
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
  const heading = (text: string, level: number): string[] => [markdown ? `${'#'.repeat(level + 2)} ${text}` : text, ''];
  const entry = (e: DiffEntry): Entry => {
    const change = `${e.before ?? '—'} → ${e.after ?? '—'}`;
    const text = `${e.ruleId} ${e.title ?? ''} — ${e.resourceName ?? e.resourceId} (${change})`;
    // Names and titles come from scanned files: escaped for Markdown, control characters spelled out.
    return { text: markdown ? `- ${escapeMarkdown(text)}` : `  ${printable(text)}`, items: 1 };
  };
  const sections: CommentSection[] = [
    {
      head: heading(format(T.regressed[locale], { count: diff.regressed.length }), 2),
      entries: diff.regressed.length > 0 ? diff.regressed.map(entry) : [{ text: markdown ? T.none[locale] : `  ${T.none[locale]}`, items: 0 }],
      tail: [''],
    },
    {
      head: heading(format(T.improved[locale], { count: diff.improved.length }), 2),
      entries: diff.improved.map(entry),
      tail: diff.improved.length > 0 ? [''] : [],
    },
  ];
  if (diff.changed.length > 0)
    sections.push({ head: heading(format(T.changed[locale], { count: diff.changed.length }), 2), entries: diff.changed.map(entry), tail: [''] });
  const scores = diff.scores.map((score) => {
    const before = score.before ?? '—';
    const after = score.after ?? '—';
    const delta =
      score.before !== null && score.after !== null && score.after !== score.before
        ? ` (${score.after > score.before ? '+' : ''}${score.after - score.before})`
        : '';
    return { text: `${markdown ? '- ' : '  '}${PILLAR_TITLES[score.pillar as Pillar][locale]}: ${before} → ${after}${delta}`, items: 0 };
  });
  sections.push({ head: [format(T.unchanged[locale], { count: diff.unchangedFailures }), '', ...heading(T.scores[locale], 2)], entries: scores, tail: [] });
  const title = heading(format(T.title[locale], { old: oldFile, new: newFile }), 1);
  // As a pull-request comment, within GitHub's length; on a terminal, whole.
  if (markdown) return fitComment(title, sections, (count) => format(T.more[locale], { count }));
  return [...title, ...sections.flatMap((section) => [...section.head, ...section.entries.map((each) => each.text), ...section.tail])].join('\n') + '\n';
}
