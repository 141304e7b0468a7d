import type { Evaluation, Report } from '../findings/types.js';
import type { Locale } from '../i18n/locale.js';
import type { RuleCatalogEntry } from '../rules/define-rule.js';
import { PILLAR_TITLES, PILLARS } from '../rules/pillars.js';
import { attestationText, defenderText, groupBy, listed, place, suppressionText, TEXT } from './common.js';
import { joinChunks } from './stream.js';
import { reasonIn } from '../i18n/reasons.js';

/**
 * JUnit XML for test dashboards: one test suite per point, one test case per evaluation. A failure
 * is a `failure`; unknown, not assessed and attested are `skipped` with the reason; a rule that
 * crashed is an `error`. An accepted risk (suppressed failure) is `skipped` with its justification,
 * so it does not turn a dashboard red. A failure's text ends with what Defender for Cloud's
 * assessment of the same measure says, where the input holds one. Test case names are unique
 * within a rule (see testCaseNames).
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
  const base = (e: Evaluation): string => `${e.ruleId} ${titles.get(e.ruleId) ?? ''} — ${e.resource.name}`;
  const unique = testCaseNames(evaluations, base);
  for (const pillar of PILLARS) {
    const mine = evaluations.filter((e) => e.pillar === pillar);
    yield `  <testsuite name="${xml(PILLAR_TITLES[pillar][locale])}" tests="${mine.length}" failures="${count(mine, 'failure')}" errors="${count(mine, 'error')}" skipped="${count(mine, 'skipped')}">\n`;
    for (const evaluation of mine) {
      const open = `    <testcase classname="${xml(`azvmsec.${evaluation.pillar}.${evaluation.ruleId}`)}" name="${xml(unique.get(evaluation) ?? base(evaluation))}" file="${xml(place(evaluation).replace(/:\d+$/, ''))}"`;
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

/**
 * Test case names unique within a rule (the class name): GitLab and Jenkins key test cases by class
 * name and name and keep one of those that share both, so two resources of one name (`vm01` in two
 * resource groups, or in two templates) would show as one result. The name is the rule, its title
 * and the resource name; where several evaluations of a rule share it, each is followed by where it
 * is (file:line, or the resource id), and by a number where even that is shared (a template deployed
 * twice by one file). Returns the names that differ from `base`: finding the shared ones takes a
 * 32-bit hash per evaluation and exact keys for the few whose hash is shared, not a string per
 * evaluation (a 50,000-VM estate has 1.9 million).
 */
function testCaseNames(evaluations: readonly Evaluation[], base: (evaluation: Evaluation) => string): ReadonlyMap<Evaluation, string> {
  const hashes = new Uint32Array(evaluations.length);
  evaluations.forEach((evaluation, index) => {
    hashes[index] = fnv1a(evaluation.resource.name, fnv1a(evaluation.ruleId));
  });
  const sorted = hashes.slice().sort();
  const collided = new Set<number>();
  for (let index = 1; index < sorted.length; index++) if (sorted[index] === sorted[index - 1]) collided.add(sorted[index] as number);
  // The evaluations whose hash another shares, grouped by their exact rule and name.
  const groups = groupBy(
    evaluations.filter((_evaluation, index) => collided.has(hashes[index] as number)),
    (evaluation) => `${evaluation.ruleId}\n${evaluation.resource.name}`,
  );
  const names = new Map<Evaluation, string>();
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const placed = groupBy(group, (evaluation) => `${base(evaluation)} (${place(evaluation)})`);
    for (const [name, same] of placed) same.forEach((evaluation, index) => names.set(evaluation, same.length > 1 ? `${name} #${index + 1}` : name));
  }
  return names;
}

/** FNV-1a, 32 bits, of a string's UTF-16 code units, continuing from `hash`. */
function fnv1a(text: string, hash = 0x811c9dc5): number {
  let h = hash;
  for (let index = 0; index < text.length; index++) h = Math.imul(h ^ text.charCodeAt(index), 0x01000193) >>> 0;
  return Math.imul(h ^ 0x0a, 0x01000193) >>> 0;
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
