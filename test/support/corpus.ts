import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildReport } from '../../src/scan.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { CORPUS } from './cli.js';
import { japaneseReason } from '../../src/i18n/reasons.js';

export const QUICKSTARTS = path.join(CORPUS, 'azure-quickstart-templates');

/** Every azuredeploy.json of the quickstart corpus, sorted; empty when the corpus is absent. */
export function quickstartTemplates(): string[] {
  const found: string[] = [];
  const visit = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (entry.name === 'azuredeploy.json') found.push(full);
    }
  };
  try {
    if (statSync(QUICKSTARTS).isDirectory()) visit(QUICKSTARTS);
  } catch {
    return [];
  }
  return found.sort();
}

export interface CorpusResult {
  templates: number;
  ok: number;
  partial: number;
  error: number;
  resources: number;
  unknownValues: number;
  evaluations: number;
  statuses: string;
  errors: string[];
  /** Distinct reasons of evaluations that no template of src/i18n/reasons/ renders in Japanese. */
  untranslated: string[];
}

/** Reads the templates one by one (with their paired parameter files) and runs every rule. */
export async function scanCorpus(templates: readonly string[]): Promise<CorpusResult> {
  const result: CorpusResult = {
    templates: 0,
    ok: 0,
    partial: 0,
    error: 0,
    resources: 0,
    unknownValues: 0,
    evaluations: 0,
    statuses: '',
    errors: [],
    untranslated: [],
  };
  const untranslated = new Set<string>();
  const statuses = new Map<string, number>();
  for (const template of templates) {
    const loaded = await loadInputs({ paths: [template], cwd: QUICKSTARTS });
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    for (const input of loaded.inputs.filter((i) => i.kind === 'arm-template')) {
      result.templates++;
      result[input.status]++;
      if (input.status === 'error') result.errors.push(`${input.path}: ${input.diagnostics.map((d) => d.message).join('; ')}`);
    }
    result.resources += loaded.resources.length;
    result.unknownValues += loaded.unknownValues;
    for (const evaluation of report.evaluations) {
      result.evaluations++;
      statuses.set(evaluation.status, (statuses.get(evaluation.status) ?? 0) + 1);
      const reason = evaluation.reason;
      if (reason !== undefined && evaluation.status !== 'error' && japaneseReason(reason) === undefined) untranslated.add(reason);
    }
  }
  result.untranslated = [...untranslated].sort();
  result.statuses = [...statuses].map(([status, count]) => `${status} ${count}`).join(', ');
  return result;
}
