import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { buildReport } from '../../src/scan.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { CORPUS } from './cli.js';

export const TERRAFORM_EXAMPLES = path.join(CORPUS, 'terraform-provider-azurerm-examples');

/** Every folder of the azurerm examples corpus that holds `.tf` files, sorted; empty when absent. */
export function terraformProjects(): string[] {
  const found: string[] = [];
  const visit = (directory: string): void => {
    const entries = readdirSync(directory, { withFileTypes: true });
    if (entries.some((entry) => entry.isFile() && entry.name.endsWith('.tf'))) found.push(directory);
    for (const entry of entries) if (entry.isDirectory()) visit(path.join(directory, entry.name));
  };
  try {
    if (statSync(TERRAFORM_EXAMPLES).isDirectory()) visit(TERRAFORM_EXAMPLES);
  } catch {
    return [];
  }
  return found.sort();
}

export interface TerraformCorpusResult {
  projects: number;
  ok: number;
  partial: number;
  error: number;
  resources: number;
  unknownValues: number;
  evaluations: number;
  statuses: string;
  mapped: Record<string, number>;
  unmapped: Record<string, number>;
  errors: string[];
  crashes: string[];
}

/** Reads every project as a root module (with its local modules) and runs every rule on it. */
export async function scanTerraformCorpus(projects: readonly string[]): Promise<TerraformCorpusResult> {
  const result: TerraformCorpusResult = {
    projects: 0,
    ok: 0,
    partial: 0,
    error: 0,
    resources: 0,
    unknownValues: 0,
    evaluations: 0,
    statuses: '',
    mapped: {},
    unmapped: {},
    errors: [],
    crashes: [],
  };
  const statuses = new Map<string, number>();
  for (const project of projects) {
    const display = (file: string): string => path.relative(TERRAFORM_EXAMPLES, file).split(path.sep).join('/');
    result.projects++;
    try {
      const read = await readTerraformModule(project, { display });
      result[read.status]++;
      if (read.status === 'error')
        result.errors.push(
          `${display(project)}: ${read.diagnostics
            .filter((d) => d.severity === 'error')
            .map((d) => d.message)
            .join('; ')}`,
        );
      result.resources += read.resources.length;
      result.unknownValues += read.unknownValues;
      for (const [type, count] of Object.entries(read.mapped)) result.mapped[type] = (result.mapped[type] ?? 0) + count;
      for (const [type, count] of Object.entries(read.unmapped)) result.unmapped[type] = (result.unmapped[type] ?? 0) + count;
      const report = buildReport([], new ResourceGraph(read.resources), RULES);
      for (const evaluation of report.evaluations) {
        result.evaluations++;
        statuses.set(evaluation.status, (statuses.get(evaluation.status) ?? 0) + 1);
      }
    } catch (error) {
      result.error++;
      result.crashes.push(`${display(project)}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }
  result.statuses = [...statuses].map(([status, count]) => `${status} ${count}`).join(', ');
  return result;
}
