import type { Evaluation, ExposurePath, PillarSummary, PortRange, Report, VmExposure } from '../../findings/types.js';
import { format, type Locale, type Localized } from '../../i18n/locale.js';
import type { RuleCatalogEntry } from '../../rules/define-rule.js';
import { PILLAR_TITLES, PILLARS, SEVERITIES, type Pillar, type Severity } from '../../rules/pillars.js';
import { attestationText, defenderText, docsPath, groupBy, listed, suppressionText, TEXT, warningMessage } from '../common.js';
import { barChart, columnChart } from './charts.js';
import { escapeHtml } from './escape.js';
import { appendAll } from '../../model/arrays.js';
import { joinChunks } from '../stream.js';
import { HTML_SCRIPT, HTML_STYLE } from './assets.js';
import { pathKindName } from '../../i18n/paths.js';
import { reasonIn } from '../../i18n/reasons.js';

/**
 * One self-contained HTML page a manager can read and print: no script, style, font or image is
 * loaded from anywhere (a Content-Security-Policy forbids it). Both languages are in the page; a
 * switch shows one (`locale` picks the first shown). Every string that comes from the scanned
 * files is escaped.
 */
export function htmlReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  return joinChunks(htmlReportChunks(report, catalog, locale));
}

/**
 * The page in pieces, a section at a time, for writing out: the page of a 50,000-VM estate is
 * 400 MB, most of what V8 holds in one string.
 */
export function* htmlReportChunks(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): Generator<string, void, undefined> {
  const rules = new Map(catalog.map((rule) => [rule.id, rule]));
  const evaluations = listed(report);
  const resources = report.inputs.reduce((sum, input) => sum + input.resources, 0);
  const body: string[] = [];

  body.push(
    '<header class="top">',
    `<div><h1>${t(S.title)}</h1>`,
    `<p class="meta">${t(S.scanned, { inputs: report.inputs.length, resources, evaluations: evaluations.length })} · azvmsec ${escapeHtml(report.tool.version)}${
      report.profile ? ` · ${t(S.profile)}: <b>${escapeHtml(report.profile.title)}</b>` : ''
    }</p></div>`,
    '<div class="switch no-print" role="group" aria-label="Language / 言語">',
    `<button type="button" data-set-lang="en" aria-pressed="${locale === 'en'}">English</button>`,
    `<button type="button" data-set-lang="ja" aria-pressed="${locale === 'ja'}">日本語</button>`,
    '</div>',
    '</header>',
  );

  body.push(glance(report, evaluations));
  if (report.baseline) body.push(`<p class="note">${t(S.baseline, { ...report.baseline })}</p>`);
  if (report.warnings && report.warnings.length > 0) {
    body.push(`<section class="warnings"><h2>${t(S.warnings)}</h2><ul>`);
    for (const w of report.warnings) body.push(`<li>${both((l) => escapeHtml(warningMessage(w, l)))}</li>`);
    body.push('</ul></section>');
  }

  for (const pillar of PILLARS) body.push(pillarSection(pillar, report, evaluations, rules));
  appendAll(body, exposureSection(report.exposure));
  body.push(notAssessedSection(report, evaluations, rules));
  if (report.profile) body.push(profileSection(report, evaluations));
  body.push(`<footer>${t(S.footer)}</footer>`);

  yield [
    '<!DOCTYPE html>',
    `<html lang="${locale}" data-lang="${locale}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(S.title[locale])}</title>`,
    `<style>${HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '',
  ].join('\n');
  for (const part of body) yield `${part}\n`;
  yield ['</main>', `<script>${HTML_SCRIPT.replace('__TITLES__', JSON.stringify(S.title).replaceAll('<', '\\u003c'))}</script>`, '</body>', '</html>', ''].join(
    '\n',
  );
}

const S = {
  title: { en: 'Azure VM security posture', ja: 'Azure VM セキュリティ評価' },
  scanned: {
    en: '{{inputs}} input(s), {{resources}} resource(s), {{evaluations}} check(s)',
    ja: '入力 {{inputs}} 件、リソース {{resources}} 件、確認 {{evaluations}} 件',
  },
  profile: { en: 'Profile', ja: 'プロファイル' },
  glance: { en: 'The five points at a glance', ja: '5 つのポイントの概要' },
  scoreChart: { en: 'Score per point (0–100)', ja: 'ポイント別スコア (0–100)' },
  severityChart: { en: 'Open failures by severity', ja: '重大度別の未対処の不合格' },
  notScored: { en: 'not assessed', ja: '未評価' },
  failed: { en: 'failed', ja: '不合格' },
  passed: { en: 'passed', ja: '合格' },
  undecided: { en: 'unknown', ja: '判定不能' },
  notAssessed: { en: 'not assessed', ja: '未評価' },
  baseline: {
    en: 'Only checks that are new or changed since {{file}} are listed: {{new}} new, {{changed}} changed, {{resolved}} resolved, {{unchanged}} unchanged.',
    ja: '{{file}} 以降に新規または変更された確認のみを表示: 新規 {{new}}、変更 {{changed}}、解消 {{resolved}}、変更なし {{unchanged}}。',
  },
  warnings: { en: 'Suppression and attestation warnings', ja: '抑制と証明に関する警告' },
  checks: { en: 'Checks', ja: '確認項目' },
  noChecks: { en: 'The inputs hold nothing this point checks.', ja: 'このポイントで確認するリソースが入力に含まれていません。' },
  fix: { en: 'Fix', ja: '対処' },
  docs: { en: 'Documentation', ja: 'ドキュメント' },
  failingResources: { en: 'Failing resources', ja: '不合格のリソース' },
  passingChecks: { en: 'Passing checks', ja: '合格した確認' },
  acceptedRisk: { en: 'Accepted risk', ja: '受容済みのリスク' },
  exposure: { en: 'VMs reachable from the Internet', ja: 'インターネットから到達可能な VM' },
  exposureNone: { en: 'No VM port is reachable from the Internet.', ja: 'インターネットから到達できる VM のポートはありません。' },
  fromInternet: { en: 'from the whole Internet', ja: 'インターネット全体から' },
  restricted: { en: 'from some Internet sources only', ja: '一部のインターネットの送信元からのみ' },
  cannotTell: { en: 'cannot tell', ja: '判定不能' },
  via: { en: 'via', ja: '経由' },
  decidedBy: { en: 'allowed by', ja: '許可したルール' },
  noNsg: { en: 'no NSG on the way', ja: '経路上に NSG なし' },
  sources: { en: 'sources', ja: '送信元' },
  notAssessedTitle: { en: 'What was not assessed, and why', ja: '評価できなかった項目とその理由' },
  noEvidenceRules: { en: 'Checks with nothing to look at in the inputs', ja: '入力に確認対象がなかったチェック' },
  everythingAssessed: { en: 'Every check could be decided from the inputs.', ja: 'すべての確認を入力から判定できました。' },
  controls: { en: 'Controls', ja: 'コントロール' },
  control: { en: 'Control', ja: 'コントロール' },
  rules: { en: 'Rules', ja: 'ルール' },
  status: { en: 'Status', ja: '状態' },
  why: { en: 'Why', ja: '理由' },
  resources: { en: 'Resources', ja: 'リソース' },
  footer: {
    en: 'Generated by azvmsec. Scores weigh passes and failures by severity; unknown and not-assessed checks do not count, and accepted risks still count as failures.',
    ja: 'azvmsec が生成。スコアは重大度で重み付けした合格と不合格の割合です。判定不能・未評価は含まず、受容済みのリスクは不合格として数えます。',
  },
} satisfies Record<string, Localized>;

const SEVERITY_COLOR: Readonly<Record<Severity, string>> = { critical: '#8b0000', high: '#cf222e', medium: '#d4760a', low: '#bf8700', info: '#6e7781' };
const PILLAR_SHORT: Readonly<Record<Pillar, Localized>> = {
  CONN: { en: '1 Connection', ja: '1 接続' },
  NET: { en: '2 Network', ja: '2 ネットワーク' },
  VM: { en: '3 VM', ja: '3 VM' },
  IAM: { en: '4 Entra ID', ja: '4 Entra ID' },
  MON: { en: '5 Monitoring', ja: '5 監視' },
  REC: { en: '+ Backup', ja: '+ バックアップ' },
};

/** Both languages of a text; CSS shows the chosen one. */
function t(text: Localized, data?: Readonly<Record<string, string | number>>): string {
  return both((locale) => escapeHtml(format(text[locale], data)));
}

function both(render: (locale: Locale) => string): string {
  const en = render('en');
  const ja = render('ja');
  return en === ja ? en : `<span lang="en">${en}</span><span lang="ja">${ja}</span>`;
}

/** A reason in both languages (English as written where it has no Japanese). */
function reasonHtml(reason: string): string {
  return both((locale) => escapeHtml(reasonIn(reason, locale)));
}

function scoreClass(score: number | null): string {
  if (score === null) return 'none';
  return score >= 80 ? 'good' : score >= 50 ? 'fair' : 'poor';
}

const SCORE_COLOR: Readonly<Record<string, string>> = { good: '#1a7f37', fair: '#bf8700', poor: '#cf222e', none: '#afb8c1' };

function glance(report: Report, evaluations: readonly Evaluation[]): string {
  const cards = report.summary.map((s) => card(s));
  const score = columnChart(
    report.summary.map((s) => ({ label: PILLAR_SHORT[s.pillar], value: s.score, color: SCORE_COLOR[scoreClass(s.score)] as string })),
    { max: 100, title: S.scoreChart },
  );
  const open = evaluations.filter((e) => e.status === 'fail' && !e.suppression);
  const severity = barChart(
    SEVERITIES.map((sev) => ({
      label: TEXT.severity[sev],
      value: open.filter((e) => e.severity === sev).reduce((sum, e) => sum + Math.max(1, e.findings.length), 0),
      color: SEVERITY_COLOR[sev],
    })),
    { title: S.severityChart },
  );
  return [
    `<section class="glance"><h2>${t(S.glance)}</h2>`,
    `<div class="cards">${cards.join('')}</div>`,
    '<div class="charts">',
    `<figure><figcaption>${t(S.scoreChart)}</figcaption>${score}</figure>`,
    `<figure><figcaption>${t(S.severityChart)}</figcaption>${severity}</figure>`,
    '</div></section>',
  ].join('\n');
}

function card(s: PillarSummary): string {
  const cls = scoreClass(s.score);
  return [
    `<a class="card ${cls}" href="#pillar-${s.pillar}" data-pillar="${s.pillar}">`,
    `<div class="card-title">${t(PILLAR_TITLES[s.pillar])}</div>`,
    `<div class="score" data-score="${s.score ?? ''}">${s.score === null ? `<span class="na">—</span>` : `${s.score}<small>/100</small>`}</div>`,
    `<div class="counts">`,
    s.fail + s.pass > 0 ? `<span class="c-fail">${s.fail} ${t(S.failed)}</span>` : '',
    s.fail + s.pass > 0 ? `<span class="c-pass">${s.pass} ${t(S.passed)}</span>` : '',
    s.unknown + s.error > 0 ? `<span class="c-unknown">${s.unknown + s.error} ${t(S.undecided)}</span>` : '',
    s.notAssessed > 0 ? `<span class="c-na">${s.notAssessed} ${t(S.notAssessed)}</span>` : '',
    s.score === null && s.notAssessed === 0 && s.fail + s.pass === 0 ? `<span class="c-na">${t(S.notScored)}</span>` : '',
    '</div></a>',
  ].join('');
}

function pillarSection(pillar: Pillar, report: Report, evaluations: readonly Evaluation[], rules: ReadonlyMap<string, RuleCatalogEntry>): string {
  const summary = report.summary.find((s) => s.pillar === pillar);
  const mine = evaluations.filter((e) => e.pillar === pillar);
  const out: string[] = [
    `<section class="pillar" id="pillar-${pillar}">`,
    `<h2><span class="badge ${scoreClass(summary?.score ?? null)}">${summary?.score ?? '—'}</span> ${t(PILLAR_TITLES[pillar])}</h2>`,
  ];
  if (mine.length === 0) {
    out.push(`<p class="muted">${t(S.noChecks)}</p></section>`);
    return out.join('\n');
  }
  const failing = groupBy(
    mine.filter((e) => e.status === 'fail'),
    (e) => e.ruleId,
  );
  for (const [ruleId, group] of failing) {
    const rule = rules.get(ruleId);
    const severity = group[0]?.severity ?? 'info';
    const open = group.filter((e) => !e.suppression);
    out.push(
      `<article class="check fail${open.length === 0 ? ' accepted' : ''}">`,
      `<h3><span class="sev sev-${severity}">${t(TEXT.severity[severity])}</span> <code>${escapeHtml(ruleId)}</code> ${rule ? t(rule.title) : ''}</h3>`,
      '<ul class="resources">',
    );
    for (const evaluation of group) {
      for (const finding of evaluation.findings) {
        const where = finding.location.file ? `${finding.location.file}:${finding.location.line ?? 1}` : finding.resourceId;
        out.push(
          `<li${evaluation.suppression ? ' class="suppressed"' : ''}><b>${escapeHtml(evaluation.resource.name)}</b> <code class="where">${escapeHtml(where)}</code><br>${both((l) => escapeHtml(finding.message[l]))}${
            evaluation.suppression
              ? `<div class="accepted-note">${t(S.acceptedRisk)}: ${both((l) => escapeHtml(suppressionText(evaluation, l) ?? ''))}</div>`
              : ''
          }${evaluation.defender ? `<div class="defender-note">${both((l) => escapeHtml(defenderText(evaluation, l) ?? ''))}</div>` : ''}</li>`,
        );
      }
    }
    out.push('</ul>');
    if (rule) out.push(`<p class="fix"><b>${t(S.fix)}:</b> ${t(rule.fix)} <span class="docs">(${both((l) => escapeHtml(docsPath(ruleId, l)))})</span></p>`);
    out.push('</article>');
  }
  const errors = mine.filter((e) => e.status === 'error');
  for (const evaluation of errors) {
    out.push(`<article class="check error"><h3><code>${escapeHtml(evaluation.ruleId)}</code> ${escapeHtml(evaluation.reason ?? '')}</h3></article>`);
  }
  const passing = groupBy(
    mine.filter((e) => e.status === 'pass' || e.status === 'attested'),
    (e) => e.ruleId,
  );
  if (passing.size > 0) {
    out.push(`<h4>${t(S.passingChecks)}</h4><ul class="passing">`);
    for (const [ruleId, group] of passing) {
      const attested = group.filter((e) => e.status === 'attested');
      out.push(
        `<li><span class="ok">✓</span> <code>${escapeHtml(ruleId)}</code> ${rules.get(ruleId) ? t((rules.get(ruleId) as RuleCatalogEntry).title) : ''} <span class="muted">(${group.length})</span>${
          attested.length > 0 ? ` <span class="attested">${both((l) => escapeHtml(attestationText(attested[0] as Evaluation, l) ?? ''))}</span>` : ''
        }</li>`,
      );
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function ports(ranges: readonly PortRange[]): string {
  return ranges.map((r) => (r.from === r.to ? `${r.from}` : `${r.from}-${r.to}`)).join(', ');
}

/** One exposure path as a chain: sources → how traffic gets in → the NSG rules that let it through → the VM. */
function trace(path: ExposurePath, vm: string): string {
  const steps: string[] = [];
  steps.push(`<span class="step src">${path.sources.length > 0 ? escapeHtml(path.sources.join(', ')) : '?'}</span>`);
  const via = path.path;
  if (via) {
    steps.push(
      `<span class="step">${both((locale) => escapeHtml(pathKindName(via.kind, locale)))} <code>${escapeHtml(via.via.name)}</code>${via.rule ? ` <span class="muted">${escapeHtml(via.rule)}</span>` : ''}</span>`,
    );
  }
  for (const rule of path.rules) {
    steps.push(
      `<span class="step nsg">${escapeHtml(rule.attachment)} NSG <code>${escapeHtml(rule.nsg.name)}</code> · ${escapeHtml(rule.name)}${
        rule.priority !== undefined ? ` (${escapeHtml(String(rule.priority))})` : ''
      }${rule.location ? ` <small class="muted">${escapeHtml(`${rule.location.file}:${rule.location.line}`)}</small>` : ''}</span>`,
    );
  }
  if (path.noNsg) steps.push(`<span class="step nsg">${t(S.noNsg)}</span>`);
  steps.push(`<span class="step vm"><b>${escapeHtml(vm)}</b>${path.path ? ` <small>NIC ${escapeHtml(path.path.nic.name)}</small>` : ''}</span>`);
  return `<b>${escapeHtml(path.protocol.toUpperCase())} ${escapeHtml(ports(path.ports))}</b><div class="chain">${steps.join('<span class="arrow">→</span>')}</div>${path.reason ? `<div class="muted">${reasonHtml(path.reason)}</div>` : ''}`;
}

/** The exposure section, a VM at a time: an estate has thousands of exposed VMs. */
function exposureSection(exposures: readonly VmExposure[]): string[] {
  const exposed = exposures.filter((e) => e.internet.paths.length + e.restricted.paths.length + e.unknown.paths.length > 0);
  const parts = [`<section class="exposure" id="exposure"><h2>${t(S.exposure)}</h2>`];
  if (exposed.length === 0) parts.push(`<p class="muted">${t(S.exposureNone)}</p>`);
  for (const exposure of exposed) {
    const out = [`<article class="vm"><h3>${escapeHtml(exposure.vm.name)}</h3><ul class="traces">`];
    for (const [bucket, cls, label] of [
      [exposure.internet, 'internet', S.fromInternet],
      [exposure.restricted, 'restricted', S.restricted],
      [exposure.unknown, 'unknown', S.cannotTell],
    ] as const) {
      for (const path of bucket.paths) out.push(`<li class="${cls}"><span class="tag ${cls}">${t(label)}</span> ${trace(path, exposure.vm.name)}</li>`);
    }
    out.push('</ul></article>');
    parts.push(out.join('\n'));
  }
  parts.push('</section>');
  return parts;
}

function notAssessedSection(report: Report, evaluations: readonly Evaluation[], rules: ReadonlyMap<string, RuleCatalogEntry>): string {
  const undecided = evaluations.filter((e) => e.status === 'unknown' || e.status === 'not-assessed');
  const withoutEvidence = report.summary.flatMap((s) => s.rulesWithoutEvidence);
  const out = [`<section class="not-assessed" id="not-assessed"><h2>${t(S.notAssessedTitle)}</h2>`];
  if (undecided.length === 0 && withoutEvidence.length === 0) out.push(`<p class="muted">${t(S.everythingAssessed)}</p>`);
  if (undecided.length > 0) {
    out.push(`<table><thead><tr><th>${t(S.rules)}</th><th>${t(S.status)}</th><th>${t(S.why)}</th><th>${t(S.resources)}</th></tr></thead><tbody>`);
    for (const group of groupBy(undecided, (e) => `${e.ruleId}\n${e.status}\n${e.reason ?? ''}`).values()) {
      const first = group[0] as Evaluation;
      const rule = rules.get(first.ruleId);
      out.push(
        `<tr><td><code>${escapeHtml(first.ruleId)}</code> ${rule ? t(rule.title) : ''}</td><td>${t(TEXT.status[first.status])}</td><td>${reasonHtml(first.reason ?? '')}</td><td>${group
          .map((e) => escapeHtml(e.resource.name))
          .join(', ')}</td></tr>`,
      );
    }
    out.push('</tbody></table>');
  }
  if (withoutEvidence.length > 0) {
    out.push(`<h3>${t(S.noEvidenceRules)}</h3><ul class="compact">`);
    for (const id of withoutEvidence) {
      const rule = rules.get(id);
      out.push(`<li><code>${escapeHtml(id)}</code> ${rule ? t(rule.title) : ''}</li>`);
    }
    out.push('</ul>');
  }
  out.push('</section>');
  return out.join('\n');
}

function profileSection(report: Report, evaluations: readonly Evaluation[]): string {
  const profile = report.profile;
  if (!profile) return '';
  const out = [
    `<section class="profile" id="profile"><h2>${t(S.controls)}: ${escapeHtml(profile.title)}</h2>`,
    `<table><thead><tr><th>${t(S.control)}</th><th>${t(S.rules)}</th><th>${t(S.status)}</th></tr></thead><tbody>`,
  ];
  for (const control of profile.controls) {
    const mine = evaluations.filter((e) => control.ruleIds.includes(e.ruleId));
    const fails = mine.filter((e) => e.status === 'fail' && !e.suppression).length;
    const status =
      fails > 0 ? `<span class="c-fail">${fails} ${t(S.failed)}</span>` : mine.some((e) => e.status === 'pass') ? `<span class="c-pass">✓</span>` : '—';
    out.push(
      `<tr><td><b>${escapeHtml(control.control)}</b></td><td>${control.ruleIds.map((id) => `<code>${escapeHtml(id)}</code>`).join(' ')}</td><td>${status}</td></tr>`,
    );
  }
  out.push('</tbody></table></section>');
  return out.join('\n');
}
