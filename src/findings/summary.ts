import { PILLARS, SEVERITY_WEIGHT, type Pillar } from '../rules/pillars.js';
import type { Evaluation, PillarSummary, Status } from './types.js';

/**
 * Per-pillar counts and a score: the severity-weighted share of passes among evaluations that were
 * decided (pass or fail). Unknown, not-assessed, attested and error evaluations do not count toward
 * it; a suppressed failure still counts as a failure (an accepted risk is still a risk).
 */
export function summarize(evaluations: readonly Evaluation[], rulesByPillar: ReadonlyMap<Pillar, readonly string[]>): PillarSummary[] {
  return PILLARS.map((pillar) => {
    const mine = evaluations.filter((evaluation) => evaluation.pillar === pillar);
    const count = (status: Status): number => mine.filter((evaluation) => evaluation.status === status).length;
    let weightPassed = 0;
    let weightDecided = 0;
    for (const evaluation of mine) {
      if (evaluation.status !== 'pass' && evaluation.status !== 'fail') continue;
      const weight = SEVERITY_WEIGHT[evaluation.severity];
      weightDecided += weight;
      if (evaluation.status === 'pass') weightPassed += weight;
    }
    const evaluated = new Set(mine.filter((evaluation) => evaluation.status !== 'not-applicable').map((evaluation) => evaluation.ruleId));
    return {
      pillar,
      score: weightDecided === 0 ? null : Math.round((100 * weightPassed) / weightDecided),
      pass: count('pass'),
      fail: count('fail'),
      unknown: count('unknown'),
      error: count('error'),
      notAssessed: count('not-assessed'),
      suppressed: mine.filter((evaluation) => evaluation.status === 'fail' && evaluation.suppression !== undefined).length,
      attested: count('attested'),
      rulesWithoutEvidence: (rulesByPillar.get(pillar) ?? []).filter((ruleId) => !evaluated.has(ruleId)),
    };
  });
}

const STATUS_ORDER: Readonly<Record<Status, number>> = { fail: 0, error: 1, unknown: 2, 'not-assessed': 3, attested: 4, pass: 5, 'not-applicable': 6 };

/** Report order: pillar, then status (fail first), then rule id, then resource id. */
export function compareEvaluations(a: Evaluation, b: Evaluation): number {
  return (
    PILLARS.indexOf(a.pillar) - PILLARS.indexOf(b.pillar) ||
    STATUS_ORDER[a.status] - STATUS_ORDER[b.status] ||
    a.ruleId.localeCompare(b.ruleId) ||
    a.resource.id.localeCompare(b.resource.id)
  );
}
