import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';
import { QUICKSTARTS, quickstartTemplates } from '../support/corpus.js';

/** The quickstart folders whose azuredeploy.json was built from the main.bicep beside it. */
const folders = quickstartTemplates()
  .map((template) => path.dirname(template))
  .filter((folder) => existsSync(path.join(folder, 'main.bicep')));

/**
 * Folders where the checks of main.bicep and of azuredeploy.json differ, and why. Anything else
 * that differs is a fault of the Bicep compiler.
 */
const EXPLAINED: Readonly<Record<string, string>> = {
  // main.bicep was changed after azuredeploy.json was built (other names, other resources, settings).
  'quickstarts/microsoft.compute/1vm-2nics-2subnets-1vnet': 'main.bicep adds a Bastion host the built template lacks',
  'quickstarts/microsoft.compute/2-vms-loadbalancer-lbrules': 'main.bicep names and builds its resources otherwise',
  'quickstarts/microsoft.compute/2-vms-loadbalancer-natrules': 'main.bicep names and builds its resources otherwise',
  'quickstarts/microsoft.web/webapp-windows-with-privateendpoint-applicationgateway': 'main.bicep names its resources otherwise',
  'quickstarts/microsoft.network/azurefirewall-create-with-ipgroups-and-linux-jumpbox':
    'main.bicep sets patchMode AutomaticByPlatform, the built template does not',
  // The built template holds registry modules (br/public:…), which an offline scan does not fetch.
  'application-workloads/azure-gamedev/gamedev-vm': 'registry module',
  'application-workloads/sharepoint/sharepoint-adfs': 'registry modules',
  'quickstarts/microsoft.app/container-app-dapr-pubsub-servicebus': 'registry modules',
};

async function statuses(file: string, parameterFiles: string[]): Promise<{ statuses: Map<string, string>; status?: string }> {
  const loaded = await loadInputs({ paths: [file], cwd: QUICKSTARTS, parameterFiles });
  const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
  const statuses = new Map(report.evaluations.map((e) => [`${e.ruleId} ${e.resource.id.toLowerCase()}`, e.status]));
  return { statuses, status: loaded.inputs.find((input) => input.path === path.relative(QUICKSTARTS, file))?.status };
}

describe.skipIf(folders.length === 0)('main.bicep against the azuredeploy.json Bicep built from it (quickstart corpus)', () => {
  it('gives the same verdicts, rule by rule and resource by resource', async () => {
    const differing: string[] = [];
    let evaluations = 0;
    for (const folder of folders) {
      const parameters = path.join(folder, 'azuredeploy.parameters.json');
      const parameterFiles = existsSync(parameters) ? [parameters] : [];
      const bicep = await statuses(path.join(folder, 'main.bicep'), parameterFiles);
      const built = await statuses(path.join(folder, 'azuredeploy.json'), parameterFiles);
      expect(bicep.status, folder).not.toBe('error');
      evaluations += built.statuses.size;
      const keys = new Set([...bicep.statuses.keys(), ...built.statuses.keys()]);
      if ([...keys].some((key) => bicep.statuses.get(key) !== built.statuses.get(key))) differing.push(path.relative(QUICKSTARTS, folder));
    }
    console.log(
      `Bicep oracle: ${folders.length} folders, ${folders.length - differing.length} with the same verdicts (${evaluations} evaluations of the built templates)`,
    );
    expect(differing.sort()).toEqual(Object.keys(EXPLAINED).sort());
  });
});
