import type { Evaluation, Report } from '../findings/types.js';
import { format, type Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, PILLARS } from '../rules/pillars.js';
import { printable } from '../i18n/printable.js';
import { appendAll } from '../model/arrays.js';
import { STRINGS } from '../i18n/strings.js';
import { defenderText, docsPath, evaluationNote, groupBy, listed, place, TEXT, warningMessage } from './common.js';

const T = {
  title: { en: 'azvmsec — Azure VM security posture', ja: 'azvmsec — Azure VM セキュリティ評価' },
  headline: {
    en: '**{{fail}} failed** ({{blocking}} not accepted) · {{pass}} passed · {{unknown}} unknown · {{notAssessed}} not assessed',
    ja: '**不合格 {{fail}}** (未受容 {{blocking}}) · 合格 {{pass}} · 判定不能 {{unknown}} · 未評価 {{notAssessed}}',
  },
  baseline: {
    en: 'Compared with `{{file}}`: {{new}} new, {{changed}} changed, {{resolved}} resolved; {{unchanged}} unchanged not listed.',
    ja: '`{{file}}` との比較: 新規 {{new}}、変更 {{changed}}、解消 {{resolved}}。変更のない {{unchanged}} 件は省略。',
  },
  point: { en: 'Point', ja: 'ポイント' },
  score: { en: 'Score', ja: 'スコア' },
  failures: { en: 'Failures', ja: '不合格' },
  undecided: { en: 'Not decided: unknown, not assessed, errors', ja: '未判定: 判定不能・未評価・エラー' },
  suppressed: { en: 'Accepted risks (suppressed)', ja: '受容済みのリスク (抑制)' },
  attested: { en: 'Attested', ja: '証明済み' },
  warnings: { en: 'Warnings', ja: '警告' },
  controls: { en: 'Controls of {{profile}}', ja: '{{profile}} のコントロール' },
  control: { en: 'Control', ja: 'コントロール' },
  rules: { en: 'Rules', ja: 'ルール' },
  fix: { en: 'Fix', ja: '対処' },
  nothing: { en: 'Nothing failed.', ja: '不合格の項目はありません。' },
  more: {
    en: '… {{count}} more not shown: a pull-request comment holds 65,536 characters. The JSON, SARIF and HTML reports list them all.',
    ja: '… ほか {{count}} 件は省略しました (プルリクエストのコメントは 65,536 文字まで)。JSON・SARIF・HTML レポートにはすべて記載されます。',
  },
} as const;

/**
 * GitHub refuses a pull-request comment longer than 65,536 characters: the report stays under this
 * many (JavaScript counts a character outside the Basic Multilingual Plane as two, never fewer).
 */
export const MAX_MARKDOWN_LENGTH = 65_000;
/** What each section after the one being cut keeps for itself, so that warnings, say, are not crowded out by failures. */
const LATER_SECTION_SHARE = 4_000;
/** Room for the note of what a section's list leaves out. */
const SECTION_FRAME = 300;

/** A line of a section, and how many findings or evaluations it shows (0 for headings). */
export interface Entry {
  readonly text: string;
  readonly items: number;
}

/**
 * A pull-request comment: the headline and the score per point first, then the details folded in
 * `<details>` blocks. Every text from the scanned files is escaped (GitHub renders HTML in comments).
 * Past MAX_MARKDOWN_LENGTH, each section's list is cut and ends with how many it leaves out.
 */
export function markdownReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  const rules = new Map(catalog.map((rule) => [rule.id, rule]));
  const evaluations = listed(report);
  const total = (key: 'pass' | 'fail' | 'unknown' | 'notAssessed'): number => report.summary.reduce((sum, s) => sum + s[key], 0);
  const failing = evaluations.filter((e) => e.status === 'fail');
  const blocking = failing.filter((e) => !e.suppression);
  const lines: string[] = [`### ${T.title[locale]}`, ''];
  lines.push(
    format(T.headline[locale], {
      fail: total('fail'),
      blocking: blocking.length,
      pass: total('pass'),
      unknown: total('unknown'),
      notAssessed: total('notAssessed'),
    }),
  );
  if (report.baseline) lines.push('', format(T.baseline[locale], { ...report.baseline, file: code(report.baseline.file) }));
  const defender = report.defender;
  if (defender) {
    const counts = { ...defender, other: defender.compared - defender.agree - defender.differ };
    lines.push('', `${STRINGS.defenderTitle[locale]}: ${format(STRINGS.defenderSummary[locale], counts)}`);
  }
  lines.push('', `| ${T.point[locale]} | ${T.score[locale]} | ✗ | ✓ | ? | – |`, '|---|---:|---:|---:|---:|---:|');
  for (const s of report.summary) {
    lines.push(
      `| ${PILLAR_TITLES[s.pillar][locale]} | ${s.score === null ? '—' : `${s.score}`} | ${s.fail} | ${s.pass} | ${s.unknown + s.error} | ${s.notAssessed} |`,
    );
  }

  const sections: CommentSection[] = [];
  const section = (title: string, entries: Entry[], open = false): void => {
    if (entries.length > 0)
      sections.push({ head: ['', `<details${open ? ' open' : ''}><summary><b>${escape(title)}</b></summary>`, ''], entries, tail: ['', '</details>'] });
  };
  const line = (text: string, items = 0): Entry => ({ text, items });

  const failureLines: Entry[] = [];
  for (const pillar of PILLARS) {
    const mine = blocking.filter((e) => e.pillar === pillar);
    if (mine.length === 0) continue;
    failureLines.push(line(`#### ${PILLAR_TITLES[pillar][locale]}`), line(''));
    for (const [ruleId, group] of groupBy(mine, (e) => e.ruleId)) {
      const rule = rules.get(ruleId);
      const severity = group[0]?.severity ?? 'info';
      failureLines.push(
        line(`- **${ruleId}** ${escape(rule?.title[locale] ?? '')} — _${TEXT.severity[severity][locale]}_ ([docs](${docsPath(ruleId, locale)}))`),
      );
      for (const evaluation of group) {
        for (const finding of evaluation.findings) {
          const where = finding.location.file ? `${finding.location.file}:${finding.location.line ?? 1}` : evaluation.resource.name;
          failureLines.push(line(`  - ${code(where)} ${escape(finding.message[locale])}`, 1));
        }
        const defender = defenderText(evaluation, locale);
        if (defender) failureLines.push(line(`    - ${escape(defender)}`));
      }
      if (rule) failureLines.push(line(`  - ${T.fix[locale]}: ${escape(rule.fix[locale])}`));
    }
    failureLines.push(line(''));
  }
  if (blocking.length === 0) lines.push('', T.nothing[locale]);
  section(`${T.failures[locale]} (${blocking.length})`, failureLines);

  const list = (items: readonly Evaluation[]): Entry[] =>
    items.map((e) =>
      line(
        `- ${TEXT.status[e.status][locale]} **${e.ruleId}** ${escape(rules.get(e.ruleId)?.title[locale] ?? '')} — ${code(place(e))}: ${escape(evaluationNote(e, locale) ?? '')}`,
        1,
      ),
    );
  section(`${T.suppressed[locale]} (${failing.length - blocking.length})`, list(failing.filter((e) => e.suppression)));
  section(`${T.attested[locale]}`, list(evaluations.filter((e) => e.status === 'attested')));
  const undecided = evaluations.filter((e) => e.status === 'unknown' || e.status === 'not-assessed' || e.status === 'error');
  section(`${T.undecided[locale]} (${undecided.length})`, list(undecided));
  section(
    `${T.warnings[locale]} (${report.warnings?.length ?? 0})`,
    (report.warnings ?? []).map((w) => line(`- ⚠️ ${escape(warningMessage(w, locale))}`, 1)),
    true,
  );
  if (report.profile) {
    section(format(T.controls[locale], { profile: report.profile.title }), [
      line(`| ${T.control[locale]} | ${T.rules[locale]} | ✗ |`),
      line('|---|---|---:|'),
      ...report.profile.controls.map((c) =>
        line(`| ${escape(c.control)} | ${c.ruleIds.join(', ')} | ${blocking.filter((e) => c.ruleIds.includes(e.ruleId)).length} |`, 1),
      ),
    ]);
  }

  return fitComment(lines, sections, (count) => format(T.more[locale], { count }));
}

/** A part of a comment: its heading lines, its list (cut when the room ends) and its closing lines. */
export interface CommentSection {
  readonly head: readonly string[];
  readonly entries: readonly Entry[];
  readonly tail: readonly string[];
}

/**
 * The lines, then the sections, as one comment within MAX_MARKDOWN_LENGTH: each section in turn
 * takes what is left, less what the sections after it keep for themselves; a list cut short ends
 * with `more(how many it leaves out)`.
 */
export function fitComment(lines: readonly string[], sections: readonly CommentSection[], more: (count: number) => string): string {
  const out = [...lines];
  const size = (texts: readonly string[]): number => texts.reduce((sum, text) => sum + text.length + 1, 0);
  const frame = (section: CommentSection): number => size(section.head) + size(section.tail) + SECTION_FRAME;
  const kept = sections.map((section) => Math.min(size(section.entries.map((entry) => entry.text)), LATER_SECTION_SHARE) + frame(section));
  let length = size(out);
  sections.forEach((section, index) => {
    const budget = MAX_MARKDOWN_LENGTH - kept.slice(index + 1).reduce((sum, room) => sum + room, 0) - frame(section);
    appendAll(out, section.head);
    length += size(section.head);
    let cut = false;
    let hidden = 0;
    for (const entry of section.entries) {
      cut ||= length + entry.text.length + 1 > budget;
      if (cut) hidden += entry.items;
      else {
        out.push(entry.text);
        length += entry.text.length + 1;
      }
    }
    if (hidden > 0) {
      const note = ['', more(hidden)];
      appendAll(out, note);
      length += size(note);
    }
    appendAll(out, section.tail);
    length += size(section.tail);
  });
  return out.join('\n') + '\n';
}

/** Escapes Markdown and HTML in text from scanned files. */
export function escape(text: string): string {
  return printable(text.replace(/\r?\n/g, ' '))
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1');
}

/** Inline code that cannot be broken out of: backticks inside are replaced. */
function code(text: string): string {
  return `\`${printable(text.replaceAll('`', 'ˋ').replace(/\r?\n/g, ' '))}\``;
}
