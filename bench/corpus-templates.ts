/**
 * The quickstart corpus end to end, in one process (run by bench/run.ts): each azuredeploy.json
 * with its parameter file is read, expanded, put in a graph, checked by every rule and rendered
 * as a JSON report. Then the same for each main.bicep beside an azuredeploy.json Bicep built from
 * it, compiled by azvmsec, against the time its built template took. Prints one JSON line:
 * templates, seconds and the slowest ten; and for Bicep, files, seconds, the built templates'
 * seconds and the slowest ten.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
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
const builtTimes = new Map(times);
times.sort((a, b) => b[1] - a[1]);

const bicepTimes: [string, number][] = [];
let builtSeconds = 0;
for (const template of templates) {
  const file = path.join(path.dirname(template), 'main.bicep');
  if (!existsSync(file)) continue;
  const t = performance.now();
  const loaded = await loadInputs({ paths: [file], cwd: QUICKSTARTS });
  const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
  jsonReport(report, RULES, 'en');
  bicepTimes.push([file.slice(QUICKSTARTS.length + 1), performance.now() - t]);
  builtSeconds += (builtTimes.get(template.slice(QUICKSTARTS.length + 1)) ?? 0) / 1000;
}
const bicepSeconds = bicepTimes.reduce((sum, [, ms]) => sum + ms, 0) / 1000;
bicepTimes.sort((a, b) => b[1] - a[1]);
console.log(
  JSON.stringify({
    templates: templates.length,
    seconds,
    slowest: times.slice(0, 10),
    bicep: { files: bicepTimes.length, seconds: bicepSeconds, builtSeconds, slowest: bicepTimes.slice(0, 10) },
  }),
);
