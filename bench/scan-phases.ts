/**
 * One measured scan of one snapshot, in a fresh process (run by bench/run.ts): the time of each
 * phase of `azvmsec scan <snapshot>` and the peak resident memory, printed as one JSON line.
 * With `--parse-only`: the floor instead, the time `JSON.parse` takes on the same file.
 */
import { readFileSync, rmSync, statSync } from 'node:fs';
import { networkAnalysis } from '../src/analyses/network/exposure.js';
import { Analyses } from '../src/analyses/analyses.js';
import { loadInputs } from '../src/inputs/files/load.js';
import { ResourceGraph } from '../src/model/graph.js';
import { writeFileChunks } from '../src/cli/write-report.js';
import { jsonReportChunks } from '../src/reporters/json.js';
import { terminalReport } from '../src/reporters/terminal.js';
import { RULES } from '../src/rules/index.js';
import { buildReport } from '../src/scan.js';

const [file, mode] = process.argv.slice(2);
if (!file) throw new Error('usage: scan-phases.ts <snapshot> [--parse-only]');
const baselineRss = process.memoryUsage().rss;
const now = (): number => performance.now();

if (mode === '--parse-only') {
  const text = readFileSync(file, 'utf8');
  const started = now();
  const value = JSON.parse(text) as { resources: unknown[] };
  const parse = now() - started;
  console.log(JSON.stringify({ parse, resources: value.resources.length, maxRss: process.resourceUsage().maxRSS * 1024, baselineRss }));
} else {
  const rules = RULES.filter((rule) => rule.status === 'stable');
  const t0 = now();
  const loaded = await loadInputs({ paths: [file] });
  const t1 = now();
  const graph = new ResourceGraph(loaded.resources);
  const t2 = now();
  // Exposure analysis: every VM's NSG chains and paths, computed once and shared by the rules.
  const analyses = new Analyses(graph);
  const network = analyses.get(networkAnalysis);
  for (const vm of graph.ofType('Microsoft.Compute/virtualMachines')) network.vm(vm);
  const t3 = now();
  const report = buildReport(loaded.inputs, graph, rules, analyses);
  const t4 = now();
  const terminal = terminalReport(report, RULES, 'en', { color: false });
  const t5 = now();
  // The peak of the scan itself, before the JSON report (measured after it, apart) adds its own.
  const maxRss = process.resourceUsage().maxRSS * 1024;
  // `--format json --output FILE`: streamed one evaluation at a time to a file next to the
  // snapshot (as the CLI writes it), then deleted; it never exists as one string.
  let json: { ms: number; bytes: number } | { error: string };
  const target = file.replace(/(\.json)?$/, '.report.json');
  try {
    const started = now();
    await writeFileChunks(target, jsonReportChunks(report, RULES, 'en'));
    json = { ms: now() - started, bytes: statSync(target).size };
  } catch (error) {
    json = { error: error instanceof Error ? error.message : String(error) };
  } finally {
    rmSync(target, { force: true });
  }
  const errors = report.evaluations.filter((e) => e.status === 'error');
  if (errors.length > 0) console.error(`${errors.length} rule errors, first: ${errors[0]?.reason}`);
  console.log(
    JSON.stringify({
      read: t1 - t0,
      graph: t2 - t1,
      exposure: t3 - t2,
      rules: t4 - t3,
      report: t5 - t4,
      total: t5 - t0,
      resources: loaded.resources.length,
      evaluations: report.evaluations.length,
      rules_run: rules.length,
      terminalLines: terminal.split('\n').length,
      json,
      maxRss,
      maxRssWithJson: process.resourceUsage().maxRSS * 1024,
      baselineRss,
    }),
  );
}
