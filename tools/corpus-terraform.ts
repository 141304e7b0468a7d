// Reads every Terraform project of the azurerm examples corpus (a folder with .tf files, as a root
// module with its local modules), runs every rule, and prints projects ok / partial / error,
// resources mapped and unmapped by Terraform type, Unknown values and the time.
import { performance } from 'node:perf_hooks';
import { scanTerraformCorpus, terraformProjects } from '../test/support/terraform-corpus.js';

const projects = terraformProjects();
if (projects.length === 0) {
  console.error('The Terraform corpus is not at ../shared/corpus/terraform-provider-azurerm-examples.');
  process.exitCode = 2;
} else {
  const started = performance.now();
  const result = await scanTerraformCorpus(projects);
  const seconds = (performance.now() - started) / 1000;
  const total = (counts: Record<string, number>): number => Object.values(counts).reduce((sum, n) => sum + n, 0);
  const table = (counts: Record<string, number>): string[] =>
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .map(([type, count]) => `  ${String(count).padStart(5)}  ${type}`);
  console.log(`projects        ${result.projects}`);
  console.log(`ok              ${result.ok}`);
  console.log(`partial         ${result.partial}`);
  console.log(`error           ${result.error} (${result.crashes.length} crashes)`);
  console.log(`resources       ${result.resources} ARM resources`);
  console.log(`mapped          ${total(result.mapped)} instances of ${Object.keys(result.mapped).length} types`);
  console.log(`unmapped        ${total(result.unmapped)} instances of ${Object.keys(result.unmapped).length} types`);
  console.log(`unknown values  ${result.unknownValues}`);
  console.log(`evaluations     ${result.evaluations} (${result.statuses})`);
  console.log(`time            ${seconds.toFixed(1)} s`);
  console.log('\nmapped by type');
  for (const line of table(result.mapped)) console.log(line);
  console.log('\nunmapped by type');
  for (const line of table(result.unmapped)) console.log(line);
  if (result.errors.length > 0 || result.crashes.length > 0) console.log('\nerrors');
  for (const line of [...result.errors, ...result.crashes]) console.log(`  ${line}`);
}
