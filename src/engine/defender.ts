import type { DefenderComparison, DefenderSummary, Evaluation } from '../findings/types.js';
import type { ResourceGraph } from '../model/graph.js';
import type { Rule } from '../rules/define-rule.js';
import { ASSESSMENT_TYPE, defenderAssessment, type Assessment } from '../rules/shared/defender-assessments.js';

/**
 * Sets on each evaluation of a rule that names Defender for Cloud assessments (its
 * `defender-for-cloud` mapping) what the input's assessment of the resource says, and whether it
 * agrees, and returns how many it set, agree and differ. Only live scans and snapshots hold
 * assessments; for anything else this is one look-up.
 */
export function compareWithDefender(evaluations: Evaluation[], graph: ResourceGraph, rules: readonly Rule[]): DefenderSummary | undefined {
  if (graph.ofType(ASSESSMENT_TYPE).length === 0) return undefined;
  const summary = { compared: 0, agree: 0, differ: 0 };
  const keysByRule = new Map<string, readonly string[]>();
  for (const rule of rules) {
    const keys = rule.mappings['defender-for-cloud'];
    if (keys && keys.length > 0) keysByRule.set(rule.id, keys);
  }
  for (let i = 0; i < evaluations.length; i++) {
    const evaluation = evaluations[i] as Evaluation;
    const keys = keysByRule.get(evaluation.ruleId);
    if (keys === undefined) continue;
    const found = keys.map((key) => defenderAssessment(graph, evaluation.resource.id, key)).filter((each) => each !== undefined);
    // A rule may name several assessments that each cover some resources (Internet-facing VMs and the others): the one that applies.
    const assessment = found.find((each) => each.status !== 'NotApplicable') ?? found[0];
    if (assessment === undefined) continue;
    const defender = comparison(evaluation, assessment);
    evaluations[i] = { ...evaluation, defender };
    summary.compared++;
    if (defender.agrees !== undefined) summary[defender.agrees ? 'agree' : 'differ']++;
  }
  return summary.compared > 0 ? summary : undefined;
}

function comparison(evaluation: Evaluation, { key, name, status }: Assessment): DefenderComparison {
  const ours = evaluation.status === 'pass' ? 'Healthy' : evaluation.status === 'fail' ? 'Unhealthy' : undefined;
  const theirs = status === 'NotApplicable' ? undefined : status;
  return ours === undefined || theirs === undefined ? { key, name, status } : { key, name, status, agrees: ours === theirs };
}
