import type { Evaluation, Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, PILLARS } from '../rules/pillars.js';
import { attestationText, defenderText, listed, place, suppressionText, TEXT } from './common.js';
import { joinChunks } from './stream.js';
import { reasonIn } from '../i18n/reasons.js';

/**
 * JUnit XML for test dashboards: one test suite per point, one test case per evaluation. A failure
 * is a `failure`; unknown, not assessed and attested are `skipped` with the reason; a rule that
 * crashed is an `error`. An accepted risk (suppressed failure) is `skipped` with its justification,
 * so it does not turn a dashboard red. A failure's text ends with what Defender for Cloud's
 * assessment of the same measure says, where the input holds one.
 */
export function junitReport(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): string {
  return joinChunks(junitReportChunks(report, catalog, locale));
}

/** The text of {@link junitReport} one line at a time. */
export function* junitReportChunks(report: Report, catalog: readonly RuleCatalogEntry[], locale: Locale): Generator<string, void, undefined> {
  const titles = new Map(catalog.map((rule) => [rule.id, rule.title[locale]]));
  const evaluations = listed(report);
  const count = (list: readonly Evaluation[], kind: Outcome): number => list.filter((e) => outcome(e) === kind).length;
  yield '<?xml version="1.0" encoding="UTF-8"?>\n';
  yield `<testsuites name="azvmsec" tests="${evaluations.length}" failures="${count(evaluations, 'failure')}" errors="${count(evaluations, 'error')}" skipped="${count(evaluations, 'skipped')}">\n`;
  for (const pillar of PILLARS) {
    const mine = evaluations.filter((e) => e.pillar === pillar);
    yield `  <testsuite name="${xml(PILLAR_TITLES[pillar][locale])}" tests="${mine.length}" failures="${count(mine, 'failure')}" errors="${count(mine, 'error')}" skipped="${count(mine, 'skipped')}">\n`;
    for (const evaluation of mine) {
      const name = `${evaluation.ruleId} ${titles.get(evaluation.ruleId) ?? ''} — ${evaluation.resource.name}`;
      const open = `    <testcase classname="${xml(`azvmsec.${evaluation.pillar}.${evaluation.ruleId}`)}" name="${xml(name)}" file="${xml(place(evaluation).replace(/:\d+$/, ''))}"`;
      const kind = outcome(evaluation);
      if (kind === 'pass') {
        yield `${open} />\n`;
        continue;
      }
      yield `${open}>\n`;
      if (kind === 'failure') {
        const text = evaluation.findings.map((f) => `${f.location.file ? `${f.location.file}:${f.location.line ?? 1}` : f.resourceId}: ${f.message[locale]}`);
        const defender = defenderText(evaluation, locale);
        if (defender) text.push(defender);
        yield `      <failure message="${xml(evaluation.findings[0]?.message[locale] ?? '')}" type="${evaluation.severity}">${xml(text.join('\n'))}</failure>\n`;
      } else if (kind === 'error') {
        yield `      <error message="${xml(evaluation.reason ?? '')}" type="rule-error" />\n`;
      } else {
        const reason =
          suppressionText(evaluation, locale) ??
          attestationText(evaluation, locale) ??
          `${TEXT.status[evaluation.status][locale]}: ${reasonIn(evaluation.reason ?? '', locale)}`;
        yield `      <skipped message="${xml(reason)}" />\n`;
      }
      yield '    </testcase>\n';
    }
    yield '  </testsuite>\n';
  }
  yield '</testsuites>\n';
}

type Outcome = 'pass' | 'failure' | 'error' | 'skipped';

function outcome(evaluation: Evaluation): Outcome {
  if (evaluation.status === 'pass') return 'pass';
  if (evaluation.status === 'fail') return evaluation.suppression ? 'skipped' : 'failure';
  if (evaluation.status === 'error') return 'error';
  return 'skipped';
}

/** Escapes text for an XML attribute or element; drops characters XML 1.0 cannot hold. */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}
