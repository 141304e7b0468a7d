import { sortEvaluations, summarize } from './findings/summary.js';
import type { Report } from './findings/types.js';
import { loadInputs, type LoadOptions } from './inputs/files/load.js';
import { ResourceGraph, type NetworkFacts } from './model/graph.js';
import type { Rule } from './rules/define-rule.js';
import type { Pillar } from './rules/pillars.js';
import { RULES } from './rules/index.js';
import { VERSION } from './version.js';
import { Analyses } from './analyses/analyses.js';
import { vmExposures } from './engine/exposure.js';
import { applyPolicy, type PolicyOptions } from './engine/policy.js';
import { compareWithDefender } from './engine/defender.js';
import { runRules } from './engine/run.js';
import { profileControls, profileRules, type ProfileDefinition } from './profiles/index.js';

/** What a run takes besides the inputs and rules; every field is optional. */
export interface ReportOptions extends PolicyOptions {
  /** Options per rule id, already validated by each rule's schema. */
  readonly ruleOptions?: ReadonlyMap<string, unknown>;
  /** Run only the profile's rules, and list its controls in the report. */
  readonly profile?: ProfileDefinition;
  /** Analyses already computed on the same graph (benchmarks time them apart). */
  readonly analyses?: Analyses;
  /** What the inputs cannot hold about the network (`.azvmsec.yaml`, `network`), for the graph `scan` and the live scan build. */
  readonly network?: NetworkFacts;
}

export interface ScanOptions extends LoadOptions, ReportOptions {
  /** Rules to run; every stable rule by default. */
  readonly rules?: readonly Rule[];
}

/** Reads the inputs, builds the resource graph, runs the rules and returns the report. */
export async function scan(options: ScanOptions): Promise<Report> {
  const loaded = await loadInputs(options);
  const rules = options.rules ?? RULES.filter((rule) => rule.status === 'stable');
  return buildReport(loaded.inputs, new ResourceGraph(loaded.resources, options.network), rules, options);
}

/** Runs the rules on a graph and builds the report. The fourth argument may also be the graph's Analyses. */
export function buildReport(inputs: Report['inputs'], graph: ResourceGraph, rules: readonly Rule[], optionsOrAnalyses: ReportOptions | Analyses = {}): Report {
  const options: ReportOptions = optionsOrAnalyses instanceof Analyses ? { analyses: optionsOrAnalyses } : optionsOrAnalyses;
  if (options.profile) {
    const selected = new Set(profileRules(options.profile, rules).map((rule) => rule.id));
    rules = rules.filter((rule) => selected.has(rule.id));
  }
  const analyses = options.analyses ?? new Analyses(graph);
  const raw = runRules(graph, rules, options.ruleOptions ? { ruleOptions: options.ruleOptions } : {}, analyses);
  const { evaluations, warnings } = applyPolicy(raw, graph, new Set(rules.map((rule) => rule.id)), options);
  const defender = compareWithDefender(evaluations, graph, rules);
  sortEvaluations(evaluations);
  const rulesByPillar = new Map<Pillar, string[]>();
  for (const rule of rules) rulesByPillar.set(rule.pillar, [...(rulesByPillar.get(rule.pillar) ?? []), rule.id]);
  return {
    tool: { name: 'azvmsec', version: VERSION },
    inputs,
    evaluations,
    summary: summarize(evaluations, rulesByPillar),
    exposure: vmExposures(analyses),
    ...(warnings.length > 0 ? { warnings } : {}),
    ...(defender ? { defender } : {}),
    ...(options.profile ? { profile: { id: options.profile.id, title: options.profile.title, controls: profileControls(options.profile, rules) } } : {}),
  };
}
