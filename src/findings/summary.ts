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
  // An indexed loop: this one runs once, over millions, mostly before V8 optimizes it, and for…of
  // then allocates a result object per evaluation.
  for (let i = 0; i < evaluations.length; i++) {
    const evaluation = evaluations[i] as Evaluation;
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
 * Sorts in report order (`compareEvaluations`). Each distinct rule id and resource id is compared
 * with the collator once, to a rank; the evaluations are then placed by two stable counting sorts
 * on those ranks (resource, then pillar, status and rule), in time linear in their number: a large
 * estate has millions of evaluations over a few hundred thousand resources.
 */
export function sortEvaluations(evaluations: Evaluation[]): void {
  const count = evaluations.length;
  const ruleIds = new Set<string>();
  // Keyed by the resource object, shared by a resource's evaluations: cheaper to look up than its id.
  const resources = new Set<Evaluation['resource']>();
  for (let i = 0; i < count; i++) {
    const evaluation = evaluations[i] as Evaluation;
    ruleIds.add(evaluation.ruleId);
    resources.add(evaluation.resource);
  }
  const ruleRank = ranks(ruleIds, (ruleId) => ruleId);
  const idRank = ranks(resources, (resource) => resource.id);
  const major = new Int32Array(count);
  const minor = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const evaluation = evaluations[i] as Evaluation;
    major[i] = (PILLARS.indexOf(evaluation.pillar) * 8 + STATUS_ORDER[evaluation.status]) * ruleRank.size + (ruleRank.get(evaluation.ruleId) as number);
    minor[i] = idRank.get(evaluation.resource) as number;
  }
  const byResource = countingSort(identity(count), minor, idRank.size);
  const order = countingSort(byResource, major, PILLARS.length * 8 * ruleRank.size);
  const sorted = new Array<Evaluation>(count);
  for (let i = 0; i < count; i++) sorted[i] = evaluations[order[i] as number] as Evaluation;
  for (let i = 0; i < count; i++) evaluations[i] = sorted[i] as Evaluation;
}

/** The indexes 0 … count − 1. */
function identity(count: number): Int32Array {
  const indexes = new Int32Array(count);
  for (let i = 0; i < count; i++) indexes[i] = i;
  return indexes;
}

/**
 * `indexes` stably reordered by `key[index]`, each key below `size`. Indexed loops: iterating a
 * typed array with for…of allocates a result object per element (60 MB at 10,000 VMs).
 */
function countingSort(indexes: Int32Array, key: Int32Array, size: number): Int32Array {
  const count = indexes.length;
  const start = new Int32Array(size + 1);
  for (let i = 0; i < count; i++) (start[(key[indexes[i] as number] as number) + 1] as number)++;
  for (let k = 1; k <= size; k++) start[k] = (start[k] as number) + (start[k - 1] as number);
  const sorted = new Int32Array(count);
  for (let i = 0; i < count; i++) {
    const index = indexes[i] as number;
    sorted[(start[key[index] as number] as number)++] = index;
  }
  return sorted;
}

/** The collator order of each item's text as a number; items whose texts the collator finds equal share one. */
function ranks<T>(items: ReadonlySet<T>, textOf: (item: T) => string): Map<T, number> {
  const sorted = [...items].sort((a, b) => collator.compare(textOf(a), textOf(b)));
  const rank = new Map<T, number>();
  let current = 0;
  sorted.forEach((item, index) => {
    if (index > 0 && collator.compare(textOf(sorted[index - 1] as T), textOf(item)) !== 0) current = index;
    rank.set(item, current);
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
