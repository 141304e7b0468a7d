/**
 * The quickstart corpus end to end, in one process (run by bench/run.ts): each azuredeploy.json
 * with its parameter file is read, expanded, put in a graph, checked by every rule and rendered
 * as a JSON report. Prints one JSON line: templates, seconds and the slowest ten.
 */
import { quickstartTemplates, QUICKSTARTS } from '../test/support/corpus.js';
import { loadInputs } from '../src/inputs/files/load.js';
import { ResourceGraph } from '../src/model/graph.js';
import { jsonReport } from '../src/reporters/json.js';
import { RULES } from '../src/rules/index.js';
import { buildReport } from '../src/scan.js';

const templates = quickstartTemplates();
const times: [string, number][] = [];
const started = performance.now();
for (const template of templates) {
  const t = performance.now();
  const loaded = await loadInputs({ paths: [template], cwd: QUICKSTARTS });
  const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
  jsonReport(report, RULES, 'en');
  times.push([template.slice(QUICKSTARTS.length + 1), performance.now() - t]);
}
const seconds = (performance.now() - started) / 1000;
times.sort((a, b) => b[1] - a[1]);
console.log(JSON.stringify({ templates: templates.length, seconds, slowest: times.slice(0, 10) }));
