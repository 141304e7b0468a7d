import type { Evaluation, PolicyWarning, Report, Status } from '../findings/types.js';
import { format, type Locale, type Localized } from '../i18n/locale.js';
import type { Severity } from '../rules/pillars.js';
import { reasonIn } from '../i18n/reasons.js';

/** Texts the file reporters share (SARIF, HTML, Markdown, JUnit, CSV). */
export const TEXT = {
  status: {
    pass: { en: 'pass', ja: '合格' },
    fail: { en: 'fail', ja: '不合格' },
    unknown: { en: 'unknown', ja: '判定不能' },
    'not-applicable': { en: 'not applicable', ja: '対象外' },
    'not-assessed': { en: 'not assessed', ja: '未評価' },
    attested: { en: 'attested', ja: '証明済み' },
    error: { en: 'error', ja: 'エラー' },
  } satisfies Record<Status, Localized>,
  severity: {
    critical: { en: 'critical', ja: '緊急' },
    high: { en: 'high', ja: '高' },
    medium: { en: 'medium', ja: '中' },
    low: { en: 'low', ja: '低' },
    info: { en: 'info', ja: '情報' },
  } satisfies Record<Severity, Localized>,
  suppressed: { en: 'suppressed', ja: '抑制済み' },
  suppressedBecause: { en: 'Risk accepted ({{source}}): {{reason}}', ja: 'リスク受容 ({{source}}): {{reason}}' },
  until: { en: 'until {{date}}', ja: '{{date}} まで' },
  attestedBy: { en: 'Attested by {{by}} on {{date}}: {{evidence}}', ja: '{{by}} が {{date}} に証明: {{evidence}}' },
  defender: {
    agrees: { en: 'Defender for Cloud agrees: "{{name}}" is {{status}}', ja: 'Defender for Cloud も同じ判定: "{{name}}" は {{status}}' },
    differs: { en: 'Defender for Cloud differs: "{{name}}" is {{status}}', ja: 'Defender for Cloud とは判定が異なります: "{{name}}" は {{status}}' },
    says: { en: 'Defender for Cloud: "{{name}}" is {{status}}', ja: 'Defender for Cloud: "{{name}}" は {{status}}' },
  },
  warnings: {
    'suppression-expired': {
      en: 'Suppression of {{rule}} for {{target}} expired on {{expires}} and no longer applies ({{source}}).',
      ja: '{{target}} に対する {{rule}} の抑制は {{expires}} に期限切れとなり、適用されていません ({{source}})。',
    },
    'suppression-unused': {
      en: 'Suppression of {{rule}} for {{target}} matched no failing check: remove it ({{source}}).',
      ja: '{{target}} に対する {{rule}} の抑制に該当する不合格項目がありません。削除してください ({{source}})。',
    },
    'suppression-invalid': {
      en: 'Suppression of {{rule}} on {{target}} is not applied: {{problem}} ({{source}}).',
      ja: '{{target}} の {{rule}} の抑制は適用されていません: {{problem}} ({{source}})。',
    },
    'attestation-expired': {
      en: 'Attestation of {{rule}} expired on {{expires}} and no longer applies ({{source}}).',
      ja: '{{rule}} の証明は {{expires}} に期限切れとなり、適用されていません ({{source}})。',
    },
    'attestation-unused': {
      en: 'Attestation of {{rule}} matched no unassessed check: remove it ({{source}}).',
      ja: '{{rule}} の証明に該当する未評価の項目がありません。削除してください ({{source}})。',
    },
  } satisfies Record<PolicyWarning['kind'], Localized>,
} as const;

export function warningMessage(warning: PolicyWarning, locale: Locale): string {
  return format(TEXT.warnings[warning.kind][locale], {
    rule: warning.ruleId || '?',
    target: warning.target ?? '*',
    source: warning.source,
    expires: warning.expires ?? '',
    problem: warning.problem ?? '',
  });
}

export function suppressionText(evaluation: Evaluation, locale: Locale): string | undefined {
  const s = evaluation.suppression;
  if (!s) return undefined;
  const text = format(TEXT.suppressedBecause[locale], { source: s.source, reason: s.reason });
  return s.expires ? `${text} (${format(TEXT.until[locale], { date: s.expires })})` : text;
}

export function attestationText(evaluation: Evaluation, locale: Locale): string | undefined {
  const a = evaluation.attestation;
  return a ? format(TEXT.attestedBy[locale], { by: a.by, date: a.date, evidence: a.evidence }) : undefined;
}

/** What Defender for Cloud's assessment of the same measure says, and whether it agrees. */
export function defenderText(evaluation: Evaluation, locale: Locale): string | undefined {
  const d = evaluation.defender;
  if (!d) return undefined;
  const key = d.agrees === undefined ? 'says' : d.agrees ? 'agrees' : 'differs';
  return format(TEXT.defender[key][locale], { name: d.name, status: d.status });
}

/** Evaluations a report lists: every one but not-applicable. */
export function listed(report: Report): Evaluation[] {
  return report.evaluations.filter((evaluation) => evaluation.status !== 'not-applicable');
}

/** The place of an evaluation: file:line of the first finding or of the resource, else the resource id. */
export function place(evaluation: Evaluation): string {
  const finding = evaluation.findings[0];
  if (finding?.location.file) return `${finding.location.file}:${finding.location.line ?? 1}`;
  const location = evaluation.resource.location;
  return location ? `${location.file}:${location.line}` : evaluation.resource.id;
}

/** The generated documentation page of a rule, relative to the package root. */
export function docsPath(ruleId: string, locale: Locale): string {
  return `docs/rules/${locale}/${ruleId}.md`;
}

/** The reason text of an evaluation that is not a plain pass or fail. */
export function evaluationNote(evaluation: Evaluation, locale: Locale): string | undefined {
  return (
    (evaluation.reason !== undefined ? reasonIn(evaluation.reason, locale) : undefined) ??
    attestationText(evaluation, locale) ??
    suppressionText(evaluation, locale)
  );
}

/**
 * Items grouped by key, groups in the order their key first appears, items in input order. Linear:
 * each item is pushed onto its group (a rule failing on 50,000 VMs is one group of 50,000).
 */
export function groupBy<T>(items: Iterable<T>, key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
