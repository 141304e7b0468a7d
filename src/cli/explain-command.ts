import path from 'node:path';
import { Analyses } from '../analyses/analyses.js';
import { explainVm } from '../analyses/network/explain.js';
import { networkAnalysis } from '../analyses/network/exposure.js';
import { vmExposures } from '../engine/exposure.js';
import { localeFromEnvironment } from '../i18n/locale.js';
import { printable } from '../i18n/printable.js';
import { loadInputs } from '../inputs/files/load.js';
import { ResourceGraph } from '../model/graph.js';
import { idKey } from '../model/resource-id.js';
import { formatIssues, loadConfigFile } from './config-file.js';
import { bicepCacheOption, DEPLOYMENT_TIME, EXIT, type CliIo } from './main.js';
import { standardInputRefusal } from './standard-input.js';

export interface ExplainCommandOptions {
  readonly format: 'terminal' | 'json';
  readonly lang?: 'en' | 'ja';
  readonly paramFile: string[];
  readonly exclude: string[];
  readonly bicepCache?: string;
  /** Configuration file, or false for none (`--no-config`); found upward from the first path otherwise. */
  readonly config?: string | false;
}

/** `azvmsec explain VM [PATH...]`: why each port of a VM is or is not reachable from the Internet. */
export async function explainCommand(vmName: string, paths: readonly string[], options: ExplainCommandOptions, io: CliIo): Promise<number> {
  const refusal = standardInputRefusal(paths, io);
  if (refusal !== undefined) {
    io.stderr(`azvmsec: ${refusal}\n`);
    return EXIT.usage;
  }
  // The configuration as scan reads it: its language, and what it says of the network.
  const configured =
    options.config === false ? { ok: true as const, config: {} } : await loadConfigFile(options.config, path.resolve(io.cwd, paths[0] ?? '.'), io.cwd);
  if (!configured.ok) {
    io.stderr(formatIssues(configured.file, configured.issues));
    return EXIT.usage;
  }
  const locale = options.lang ?? configured.config.language ?? localeFromEnvironment(io.env);
  const loaded = await loadInputs({
    paths: paths.length > 0 ? paths : ['.'],
    cwd: io.cwd,
    parameterFiles: options.paramFile,
    exclude: options.exclude,
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...bicepCacheOption(options.bicepCache, io),
    deploymentTime: DEPLOYMENT_TIME,
  });
  const graph = new ResourceGraph(loaded.resources, configured.config.network);
  const vms = [...graph.ofType('Microsoft.Compute/virtualMachines'), ...graph.ofType('Microsoft.Compute/virtualMachineScaleSets')];
  const wanted = vmName.toLowerCase();
  const matches = vms.filter((vm) => vm.name.toLowerCase() === wanted || vm.key === idKey(vmName));
  if (matches.length === 0) {
    const known = vms.map((vm) => vm.name).sort();
    io.stderr(`azvmsec: no VM named ${vmName} in the inputs${known.length > 0 ? `; VMs found: ${printable(known.join(', '))}` : ''}\n`);
    return EXIT.usage;
  }
  const analyses = new Analyses(graph);
  if (options.format === 'json') {
    const keys = new Set(matches.map((vm) => vm.key));
    const exposures = vmExposures(analyses).filter((exposure) => keys.has(idKey(exposure.vm.id)));
    io.stdout(JSON.stringify(exposures, null, 2) + '\n');
  } else {
    const analysis = analyses.get(networkAnalysis);
    io.stdout(matches.map((vm) => explainVm(graph, vm, locale, analysis)).join('\n'));
  }
  return EXIT.clean;
}
