import { PILLARS, SEVERITY_WEIGHT, type Pillar } from '../rules/pillars.js';
import type { Evaluation, PillarSummary, Status } from './types.js';

/**
 * Per-pillar counts and a score: the severity-weighted share of passes among evaluations that were
 * decided (pass or fail). Unknown, not-assessed, attested and error evaluations do not count toward
 * it; a suppressed failure still counts as a failure (an accepted risk is still a risk).
 */
export function summarize(evaluations: readonly Evaluation[], rulesByPillar: ReadonlyMap<Pillar, readonly string[]>): PillarSummary[] {
  // One pass over the evaluations (a large tenant has hundreds of thousands), then one summary per pillar.
  const tallies = new Map<Pillar, { counts: Map<Status, number>; suppressed: number; weightPassed: number; weightDecided: number; evaluated: Set<string> }>();
  for (const pillar of PILLARS) tallies.set(pillar, { counts: new Map(), suppressed: 0, weightPassed: 0, weightDecided: 0, evaluated: new Set() });
  for (const evaluation of evaluations) {
    const tally = tallies.get(evaluation.pillar);
    if (!tally) continue;
    tally.counts.set(evaluation.status, (tally.counts.get(evaluation.status) ?? 0) + 1);
    if (evaluation.status === 'fail' && evaluation.suppression !== undefined) tally.suppressed++;
    if (evaluation.status === 'pass' || evaluation.status === 'fail') {
      const weight = SEVERITY_WEIGHT[evaluation.severity];
      tally.weightDecided += weight;
      if (evaluation.status === 'pass') tally.weightPassed += weight;
    }
    if (evaluation.status !== 'not-applicable') tally.evaluated.add(evaluation.ruleId);
  }
  return PILLARS.map((pillar) => {
    const { counts, suppressed, weightPassed, weightDecided, evaluated } = tallies.get(pillar) as NonNullable<ReturnType<typeof tallies.get>>;
    const count = (status: Status): number => counts.get(status) ?? 0;
    return {
      pillar,
      score: weightDecided === 0 ? null : Math.round((100 * weightPassed) / weightDecided),
      pass: count('pass'),
      fail: count('fail'),
      unknown: count('unknown'),
      error: count('error'),
      notAssessed: count('not-assessed'),
      suppressed,
      attested: count('attested'),
      rulesWithoutEvidence: (rulesByPillar.get(pillar) ?? []).filter((ruleId) => !evaluated.has(ruleId)),
    };
  });
}

const STATUS_ORDER: Readonly<Record<Status, number>> = { fail: 0, error: 1, unknown: 2, 'not-assessed': 3, attested: 4, pass: 5, 'not-applicable': 6 };

/** `localeCompare` without its arguments is this collator's `compare`, made once instead of per call. */
const collator = new Intl.Collator();

/**
 * Sorts in report order (`compareEvaluations`), comparing each distinct rule id and resource id
 * with the collator once rather than at every comparison: a large estate has millions of
 * evaluations over a few hundred thousand resources.
 */
export function sortEvaluations(evaluations: Evaluation[]): void {
  const ruleRank = ranks(evaluations.map((evaluation) => evaluation.ruleId));
  const idRank = ranks(evaluations.map((evaluation) => evaluation.resource.id));
  const keys = evaluations.map(
    (evaluation) =>
      ((PILLARS.indexOf(evaluation.pillar) * 8 + STATUS_ORDER[evaluation.status]) * 1024 + (ruleRank.get(evaluation.ruleId) as number)) * 2 ** 32 +
      (idRank.get(evaluation.resource.id) as number),
  );
  const order = evaluations.map((_, index) => index).sort((a, b) => (keys[a] as number) - (keys[b] as number) || a - b);
  const sorted = order.map((index) => evaluations[index] as Evaluation);
  sorted.forEach((evaluation, index) => (evaluations[index] = evaluation));
}

/** The collator order of each distinct string as a number; strings the collator finds equal share one. */
function ranks(values: readonly string[]): Map<string, number> {
  const distinct = [...new Set(values)].sort(collator.compare);
  const rank = new Map<string, number>();
  let current = 0;
  distinct.forEach((value, index) => {
    if (index > 0 && collator.compare(distinct[index - 1] as string, value) !== 0) current = index;
    rank.set(value, current);
  });
  return rank;
}

/** Report order: pillar, then status (fail first), then rule id, then resource id. */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  return (
    PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    collator.compare(a.ruleId, b.ruleId) ||
    collator.compare(a.resource.id, b.resource.id)
  );
}
