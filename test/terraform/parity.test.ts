import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';

/**
 * One small estate written twice, as an ARM template and as Terraform (test/fixtures/parity/):
 * every rule must give the same evaluation (status and message ids) on the same resource ids.
 * Only pointers may differ (a Terraform default written out vs. an absent ARM property).
 */
const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/parity');

async function evaluations(paths: string[]): Promise<string[]> {
  const loaded = await loadInputs({ paths, cwd: fixtures });
  for (const input of loaded.inputs) expect(input.status, `${input.path}: ${JSON.stringify(input.diagnostics)}`).not.toBe('error');
  const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
  return report.evaluations
    .map((e) => `${e.ruleId} ${e.resource.id.toLowerCase()} ${e.status} ${[...new Set((e.findings ?? []).map((f) => f.messageId))].sort().join(',')}`)
    .sort();
}

describe('ARM and Terraform parity', () => {
  it('gives the same evaluations for the same estate', async () => {
    const arm = await evaluations(['estate.json']);
    const terraform = await evaluations(['terraform']);
    expect(terraform).toEqual(arm);
    // The estate has real findings in both: SSH from the Internet, a public IP, password sign-in.
    expect(arm.filter((line) => / fail /.test(line)).map((line) => line.split(' ')[0])).toEqual(
      expect.arrayContaining(['AZV-NET-002', 'AZV-NET-005', 'AZV-VM-013']),
    );
  });
});
