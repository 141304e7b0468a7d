import { compareEvaluations, summarize } from './findings/summary.js';
import type { Report } from './findings/types.js';
import { loadInputs, type LoadOptions } from './inputs/files/load.js';
import { ResourceGraph } from './model/graph.js';
import type { Rule } from './rules/define-rule.js';
import type { Pillar } from './rules/pillars.js';
import { RULES } from './rules/index.js';
import { VERSION } from './version.js';
import { Analyses } from './analyses/analyses.js';
import { vmExposures } from './engine/exposure.js';
import { runRules } from './engine/run.js';

export interface ScanOptions extends LoadOptions {
  /** Rules to run; every stable rule by default. */
  readonly rules?: readonly Rule[];
}

/** Reads the inputs, builds the resource graph, runs the rules and returns the report. */
export async function scan(options: ScanOptions): Promise<Report> {
  const loaded = await loadInputs(options);
  const rules = options.rules ?? RULES.filter((rule) => rule.status === 'stable');
  return buildReport(loaded.inputs, new ResourceGraph(loaded.resources), rules);
}

export function buildReport(inputs: Report['inputs'], graph: ResourceGraph, rules: readonly Rule[]): Report {
  const analyses = new Analyses(graph);
  const evaluations = runRules(graph, rules, {}, analyses).sort(compareEvaluations);
  const rulesByPillar = new Map<Pillar, string[]>();
  for (const rule of rules) rulesByPillar.set(rule.pillar, [...(rulesByPillar.get(rule.pillar) ?? []), rule.id]);
  return {
    tool: { name: 'azvmsec', version: VERSION },
    inputs,
    evaluations,
    summary: summarize(evaluations, rulesByPillar),
    exposure: vmExposures(analyses),
  };
}
