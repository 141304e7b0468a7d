import pc from 'picocolors';
import type { Evaluation, ExposurePath, PillarSummary, Report } from '../findings/types.js';
import { format, type Locale } from '../i18n/locale.js';
import { STRINGS } from '../i18n/strings.js';
import { printable } from '../i18n/printable.js';
import { attestationText, defenderText, suppressionText, TEXT, warningMessage } from './common.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, PILLARS, type Severity } from '../rules/pillars.js';
import { pathKindName } from '../i18n/paths.js';
import { reasonIn } from '../i18n/reasons.js';

export interface TerminalOptions {
  /** ANSI colours; the CLI turns them on only for a TTY. */
  readonly color: boolean;
  /** Failing resources listed per rule before "… and N more". */
  readonly maxPerRule?: number;
}

type Colors = ReturnType<typeof pc.createColors>;

const SEVERITY_LABEL: Readonly<Record<Severity, string>> = { critical: 'CRITICAL', high: 'HIGH', medium: 'MEDIUM', low: 'LOW', info: 'INFO' };

/**
 * The five-point report for people: per pillar its score, then each failing rule with where
 * (file:line) and the fix in one line, then what could not be decided and why.
 */
export function terminalReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale, options: TerminalOptions): string {
  const c = pc.createColors(options.color);
  const rules = new Map(catalog.map((rule) => [rule.id, rule]));
  const text = (key: keyof typeof STRINGS, data?: Record<string, string | number>): string => format(STRINGS[key][locale], data);
  const lines: string[] = [];
  const resources = report.inputs.reduce((sum, input) => sum + input.resources, 0);
  const maxPerRule = options.maxPerRule ?? 10;
  const { counted, pillars } = tally(report.evaluations, maxPerRule);

  lines.push(c.bold(text('reportTitle')));
  lines.push(text('scanned', { inputs: report.inputs.length, resources, evaluations: counted }));
  if (report.baseline) {
    const b = report.baseline;
    lines.push(
      locale === 'ja'
        ? `${printable(b.file)} との比較: 新規 ${b.new}、変更 ${b.changed}、解消 ${b.resolved}。変更のない ${b.unchanged} 件は省略。`
        : `Compared with ${printable(b.file)}: ${b.new} new, ${b.changed} changed, ${b.resolved} resolved; ${b.unchanged} unchanged not listed.`,
    );
  }
  if (report.profile) lines.push(`${locale === 'ja' ? 'プロファイル' : 'Profile'}: ${printable(report.profile.title)}`);

  for (const pillar of PILLARS) {
    const summary = report.summary.find((s) => s.pillar === pillar) as PillarSummary;
    const mine = pillars.get(pillar);
    lines.push('');
    lines.push(`${c.bold(PILLAR_TITLES[pillar][locale])}  ${scoreLabel(summary, c, locale)}`);
    if (!mine) {
      const hasRules = catalog.some((rule) => rule.pillar === pillar);
      // Against a baseline only what is new or changed is listed: a point checked with nothing new was assessed.
      const checked = summary.pass + summary.fail + summary.unknown + summary.error + summary.notAssessed + (summary.attested ?? 0) > 0;
      lines.push(`  ${c.dim(text(report.baseline && checked ? 'nothingNew' : hasRules ? 'noEvidence' : 'noRules'))}`);
      continue;
    }
    for (const [ruleId, group] of mine.fail) {
      const rule = rules.get(ruleId);
      const severity = group.first.severity;
      lines.push(`  ${c.red('✗')} ${severityColor(severity, c)(SEVERITY_LABEL[severity])} ${c.bold(ruleId)} ${rule?.title[locale] ?? ''}`);
      for (const evaluation of group.shown) {
        for (const finding of evaluation.findings) {
          const where = finding.location.file ? `${finding.location.file}:${finding.location.line ?? 1}:${finding.location.column ?? 1}` : finding.resourceId;
          lines.push(`      ${c.cyan(printable(where))}`);
          lines.push(`        ${printable(finding.message[locale])}`);
          if (evaluation.suppression) lines.push(`        ${c.dim(printable(suppressionText(evaluation, locale) ?? ''))}`);
        }
        if (evaluation.defender) lines.push(`        ${c.dim(printable(defenderText(evaluation, locale) ?? ''))}`);
      }
      if (group.count > group.shown.length) lines.push(`      ${c.dim(text('more', { count: group.count - group.shown.length }))}`);
      if (rule) lines.push(`      ${c.green(text('fix'))}: ${rule.fix[locale]}`);
    }
    for (const evaluation of mine.error) {
      lines.push(
        `  ${c.magenta('!')} ${c.bold(evaluation.ruleId)} ${printable(evaluation.resource.name)}: ${text('ruleErrored', { reason: printable(evaluation.reason ?? '') })}`,
      );
    }
    for (const [groups, mark, because] of [
      [mine.unknown, c.yellow('?'), 'unknownBecause'],
      [mine.notAssessed, c.dim('-'), 'notAssessedBecause'],
    ] as const) {
      for (const [ruleId, group] of groups) {
        lines.push(`  ${mark} ${c.bold(ruleId)} ${rules.get(ruleId)?.title[locale] ?? ''}`);
        for (const evaluation of group.shown) {
          lines.push(`      ${evaluationPlace(evaluation)} — ${text(because, { reason: printable(reasonIn(evaluation.reason ?? '', locale)) })}`);
        }
        if (group.count > group.shown.length) lines.push(`      ${c.dim(text('more', { count: group.count - group.shown.length }))}`);
      }
    }
    for (const evaluation of mine.attested) {
      lines.push(
        `  ${c.cyan('~')} ${c.bold(evaluation.ruleId)} ${rules.get(evaluation.ruleId)?.title[locale] ?? ''} — ${printable(attestationText(evaluation, locale) ?? '')}`,
      );
    }
    for (const [ruleId, group] of mine.pass) {
      lines.push(`  ${c.green('✓')} ${c.bold(ruleId)} ${rules.get(ruleId)?.title[locale] ?? ''} ${c.dim(`(${group.count})`)}`);
    }
  }

  if (report.exposure.length > 0) {
    lines.push('');
    lines.push(c.bold(text('exposureTitle')));
    const exposed = report.exposure.filter((e) => e.internet.paths.length + e.restricted.paths.length + e.unknown.paths.length > 0);
    if (exposed.length === 0) lines.push(`  ${c.green(text('exposureNone'))}`);
    for (const exposure of exposed) {
      const parts = [
        ...exposure.internet.paths.map((p) => c.red(pathLabel(p, locale))),
        ...exposure.restricted.paths.map((p) => c.yellow(`${pathLabel(p, locale)} ${text('exposureRestricted')}`)),
        ...exposure.unknown.paths.map((p) => c.dim(`${pathLabel(p, locale)} ${text('exposureUnknown')}`)),
      ];
      lines.push(`  ${c.bold(printable(exposure.vm.name))}: ${parts.join(', ')}`);
    }
    if (exposed.length > 0) lines.push(`  ${c.dim(text('exposureHint'))}`);
  }

  const defender = report.defender;
  if (defender) {
    lines.push('');
    lines.push(c.bold(text('defenderTitle')));
    lines.push(
      `  ${text('defenderSummary', { compared: defender.compared, agree: defender.agree, differ: defender.differ, other: defender.compared - defender.agree - defender.differ })}`,
    );
    const differing = report.evaluations.filter((evaluation) => evaluation.defender?.agrees === false);
    for (const evaluation of differing.slice(0, DIFFERENCES_SHOWN)) {
      const data = {
        rule: evaluation.ruleId,
        resource: evaluation.resource.name,
        ours: TEXT.status[evaluation.status][locale],
        theirs: evaluation.defender?.status ?? '',
        name: evaluation.defender?.name ?? '',
      };
      lines.push(`  ${c.yellow('≠')} ${printable(text('defenderDiffers', data))}`);
    }
    if (differing.length > DIFFERENCES_SHOWN) lines.push(`  ${c.dim(text('more', { count: differing.length - DIFFERENCES_SHOWN }))}`);
    if (differing.length > 0) lines.push(`  ${c.dim(text('defenderHint'))}`);
  }

  const problems = report.inputs.filter((input) => input.diagnostics.some((d) => d.severity !== 'info'));
  if (problems.length > 0) {
    lines.push('');
    lines.push(c.bold(text('inputProblems')));
    for (const input of problems) {
      for (const d of input.diagnostics.filter((x) => x.severity !== 'info')) {
        const where = d.line !== undefined ? `${input.path}:${d.line}:${d.column ?? 1}` : input.path;
        lines.push(`  ${d.severity === 'error' ? c.red(d.severity) : c.yellow(d.severity)} ${printable(where)} ${printable(d.message)}`);
      }
    }
  }

  if (report.warnings && report.warnings.length > 0) {
    lines.push('');
    lines.push(c.bold(locale === 'ja' ? '抑制と証明に関する警告' : 'Suppression and attestation warnings'));
    for (const warning of report.warnings) lines.push(`  ${c.yellow('!')} ${printable(warningMessage(warning, locale))}`);
  }

  const total = (key: 'pass' | 'fail' | 'unknown' | 'error' | 'notAssessed'): number => report.summary.reduce((sum, s) => sum + s[key], 0);
  lines.push('');
  lines.push(
    c.bold(text('totals', { fail: total('fail'), pass: total('pass'), unknown: total('unknown'), error: total('error'), notAssessed: total('notAssessed') })),
  );
  return lines.join('\n') + '\n';
}

function pathLabel(path: ExposurePath, locale: Locale): string {
  const ports = path.ports.map(({ from, to }) => (from === to ? String(from) : `${from}-${to}`)).join(',');
  const via = path.path ? ` (${pathKindName(path.path.kind, locale)} ${printable(path.path.via.name)})` : '';
  return `${path.protocol.toUpperCase()} ${ports}${via}`;
}

function evaluationPlace(evaluation: Evaluation): string {
  const location = evaluation.resource.location;
  return printable(location ? `${evaluation.resource.name} (${location.file}:${location.line})` : evaluation.resource.name);
}

function scoreLabel(summary: PillarSummary, c: Colors, locale: Locale): string {
  if (summary.score === null) return c.dim(`${STRINGS.score[locale]} —`);
  const color = summary.score >= 80 ? c.green : summary.score >= 50 ? c.yellow : c.red;
  return color(`${STRINGS.score[locale]} ${summary.score}/100`);
}

function severityColor(severity: Severity, c: Colors): (text: string) => string {
  if (severity === 'critical' || severity === 'high') return c.red;
  if (severity === 'medium') return c.yellow;
  return c.dim;
}

/** Differences with Defender for Cloud listed before "… and N more". */
const DIFFERENCES_SHOWN = 20;

/** A rule's evaluations of one status: how many, and the first few, to show. */
interface Group {
  readonly first: Evaluation;
  count: number;
  readonly shown: Evaluation[];
}

/** A pillar's evaluations, by status and then rule in report order. */
interface PillarTally {
  readonly fail: Map<string, Group>;
  readonly unknown: Map<string, Group>;
  readonly notAssessed: Map<string, Group>;
  readonly pass: Map<string, Group>;
  readonly error: Evaluation[];
  readonly attested: Evaluation[];
}

/** The statuses shown grouped by rule, and the tally's list for each (errors and attestations are listed one by one). */
const GROUPED: Partial<Record<Evaluation['status'], 'fail' | 'unknown' | 'notAssessed' | 'pass'>> = {
  fail: 'fail',
  unknown: 'unknown',
  'not-assessed': 'notAssessed',
  pass: 'pass',
};

/**
 * One pass over the evaluations (millions on a large estate): each pillar's groups keep a count and
 * the first `shown` evaluations, in report order. Not-applicable evaluations are not counted.
 */
function tally(evaluations: readonly Evaluation[], shown: number): { counted: number; pillars: Map<string, PillarTally> } {
  const pillars = new Map<string, PillarTally>();
  let counted = 0;
  const add = (groups: Map<string, Group>, evaluation: Evaluation): void => {
    const group = groups.get(evaluation.ruleId);
    if (!group) groups.set(evaluation.ruleId, { first: evaluation, count: 1, shown: shown > 0 ? [evaluation] : [] });
    else if (group.count++ < shown) group.shown.push(evaluation);
  };
  for (let i = 0; i < evaluations.length; i++) {
    const evaluation = evaluations[i] as Evaluation;
    if (evaluation.status === 'not-applicable') continue;
    counted++;
    let mine = pillars.get(evaluation.pillar);
    if (!mine) {
      mine = { fail: new Map(), unknown: new Map(), notAssessed: new Map(), pass: new Map(), error: [], attested: [] };
      pillars.set(evaluation.pillar, mine);
    }
    const grouped = GROUPED[evaluation.status];
    if (grouped) add(mine[grouped], evaluation);
    else if (evaluation.status === 'error' || evaluation.status === 'attested') mine[evaluation.status].push(evaluation);
  }
  return { counted, pillars };
}
