// Scans every azuredeploy.json of the quickstart corpus (with its parameter file) and prints
// how many inputs were ok / partial / error, the resources produced, Unknown values and the time.
import { performance } from 'node:perf_hooks';
import { quickstartTemplates, scanCorpus } from '../test/support/corpus.js';

const templates = quickstartTemplates();
if (templates.length === 0) {
  console.error('The quickstart corpus is not at ../shared/corpus/azure-quickstart-templates.');
  process.exitCode = 2;
} else {
  const started = performance.now();
  const result = await scanCorpus(templates);
  const seconds = (performance.now() - started) / 1000;
  console.log(`templates       ${result.templates}`);
  console.log(`ok              ${result.ok}`);
  console.log(`partial         ${result.partial}`);
  console.log(`error           ${result.error}`);
  console.log(`resources       ${result.resources}`);
  console.log(`unknown values  ${result.unknownValues}`);
  console.log(`evaluations     ${result.evaluations} (${result.statuses})`);
  console.log(`time            ${seconds.toFixed(1)} s (${(result.templates / seconds).toFixed(0)} templates/s)`);
  if (process.argv.includes('--list-errors')) for (const line of result.errors) console.log(line);
}
