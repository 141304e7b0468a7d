import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STANDALONE_NSG as context } from '../support/standalone-nsg.js';
import { Analyses } from '../../src/analyses/analyses.js';
import { PUBLIC } from '../../src/analyses/network/addresses.js';
import { evaluateNsg, startFlow } from '../../src/analyses/network/evaluate.js';
import { protocolBit } from '../../src/analyses/network/ports.js';
import { evaluate } from '../../src/engine/run.js';
import { evaluateRoot, parseTerraformFile } from '../../src/inputs/terraform/module.js';
import { mapInstances } from '../../src/inputs/terraform/resources.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { createResource, get, type Resource } from '../../src/model/resource.js';
import { asArray, prop } from '../../src/model/value.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { findRule } from '../../src/rules/index.js';

/**
 * Agreement with KICS's labelled azurerm fixtures, for the KICS queries that assert what one of
 * our rules asserts. KICS judges single Terraform blocks; azvmsec judges VMs. Two views:
 * - rule: the azvmsec rule run on the fixture. KICS fixtures hold NSGs and NICs attached to no
 *   VM, so the rule has nothing to judge and stays silent on most positives ("not attached").
 * - mapped facts: what the Terraform reader put in the graph, judged the way the rule judges one
 *   VM's NSG / NIC (NSG semantics with priorities and deny precedence; enableIPForwarding; a
 *   public IP on an IP configuration). This measures the reader, block for block, against KICS.
 * Every disagreement in the facts view is listed in KNOWN with its reason; a new one fails.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const queriesDir = path.resolve(repoRoot, '../shared/corpus/kics-azure/assets/queries/terraform/azure');

/** What the graph says, per judged block (its name) — KICS labels whole files, and every block of a positive file is positive. */
type Facts = (graph: ResourceGraph) => { name: string; flags: boolean }[];

/**
 * NSGs of the graph; a security rule whose NSG is not in the fixture (KICS writes lone
 * azurerm_network_security_rule blocks) is judged as an NSG of its own, the way KICS judges a block.
 */
function nsgsOf(graph: ResourceGraph): Resource[] {
  const nsgs = graph.ofType('Microsoft.Network/networkSecurityGroups').filter((nsg) => !nsg.embeddedIn);
  for (const rule of graph.ofType('Microsoft.Network/networkSecurityGroups/securityRules')) {
    if (rule.embeddedIn) continue;
    const address = /azurerm_[a-z_]+\.[\w-]+/.exec(rule.id)?.[0] ?? rule.name;
    nsgs.push(
      createResource({
        id: `${rule.id}-nsg`,
        type: 'Microsoft.Network/networkSecurityGroups',
        name: address,
        body: { properties: { securityRules: [rule.body] } },
        input: 'kics',
      }),
    );
  }
  return nsgs;
}

/** Per NSG (per lone rule block): does it admit TCP `port` from the Internet? Keyed by the block's Terraform name. */
const admitsInternet =
  (port: number): Facts =>
  (graph) =>
    nsgsOf(graph).map((nsg) => ({
      name: nsg.name,
      flags: evaluateNsg(nsg, 'nic', 'Inbound', [startFlow()], context).some(
        (flow) => flow.verdict !== 'unreachable' && flow.ports.has(port) && (flow.protocols & protocolBit('Tcp')) !== 0 && flow.remote.overlaps(PUBLIC),
      ),
    }));

const QUERIES: { dir: string; rule: string; facts: Facts }[] = [
  { dir: 'ssh_is_exposed_to_the_internet', rule: 'AZV-NET-002', facts: admitsInternet(22) },
  { dir: 'rdp_is_exposed_to_the_internet', rule: 'AZV-NET-002', facts: admitsInternet(3389) },
  {
    dir: 'network_interfaces_ip_forwarding_enabled',
    rule: 'AZV-NET-010',
    facts: (graph) =>
      graph.ofType('Microsoft.Network/networkInterfaces').map((nic) => ({ name: nic.name, flags: get(nic, 'properties', 'enableIPForwarding') === true })),
  },
  {
    dir: 'network_interfaces_with_public_ip',
    rule: 'AZV-NET-005',
    facts: (graph) =>
      graph.ofType('Microsoft.Network/networkInterfaces').map((nic) => {
        const configurations = asArray(get(nic, 'properties', 'ipConfigurations'));
        return { name: nic.name, flags: Array.isArray(configurations) && configurations.some((c) => prop(c, 'properties', 'publicIPAddress') !== undefined) };
      }),
  },
];

/** Agreement per query: mapped facts, then the rule itself. */
const FIGURES = [
  'ssh_is_exposed_to_the_internet (AZV-NET-002): facts 18/21 blocks, rule 1/2 files',
  'rdp_is_exposed_to_the_internet (AZV-NET-002): facts 18/21 blocks, rule 1/2 files',
  'network_interfaces_ip_forwarding_enabled (AZV-NET-010): facts 3/3 blocks, rule 2/3 files',
  'network_interfaces_with_public_ip (AZV-NET-005): facts 2/2 blocks, rule 1/2 files',
];

/** Disagreements in the facts view, by query folder and file, with why. */
const KNOWN: Readonly<Record<string, string>> = {
  'ssh_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative5':
    'source_address_prefix "/1" is not an address prefix Azure accepts; azvmsec reads an unreadable source as possibly anything (maybe reachable), KICS passes it',
  'ssh_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative8':
    'destination_port_range holds a comma list, which Azure rejects in a single range; azvmsec reads the unreadable range as possibly any port (maybe reachable), KICS reads the listed ports',
  'ssh_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative11':
    'destination_port_range holds a comma list, which Azure rejects in a single range; azvmsec reads the unreadable range as possibly any port (maybe reachable), KICS reads the listed ports',
  'rdp_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative5':
    'source_address_prefix "/1" is not an address prefix Azure accepts; azvmsec reads an unreadable source as possibly anything (maybe reachable), KICS passes it',
  'rdp_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative8':
    'destination_port_range holds a comma list, which Azure rejects in a single range; azvmsec reads the unreadable range as possibly any port (maybe reachable), KICS reads the listed ports',
  'rdp_is_exposed_to_the_internet/negative.tf/azurerm_network_security_rule.negative11':
    'destination_port_range holds a comma list, which Azure rejects in a single range; azvmsec reads the unreadable range as possibly any port (maybe reachable), KICS reads the listed ports',
};

async function graphOf(file: string): Promise<ResourceGraph> {
  const parsed = await parseTerraformFile(file, path.basename(file));
  if ('error' in parsed) throw new Error(parsed.error.message);
  const evaluation = evaluateRoot(
    { dir: path.dirname(file), files: [parsed], diagnostics: [] },
    { subscriptionId: '00000000-0000-0000-0000-000000000000', loadModule: () => undefined, display: (f) => f },
  );
  return new ResourceGraph(mapInstances(evaluation.instances, path.basename(file)).resources);
}

describe.skipIf(!existsSync(queriesDir))(`KICS Terraform agreement (corpus at ${queriesDir}; skipped when absent)`, () => {
  const report: string[] = [];
  for (const query of QUERIES) {
    it(`${query.dir}: every disagreement is explained`, async () => {
      const rule = findRule(query.rule) as Rule;
      const testDir = path.join(queriesDir, query.dir, 'test');
      const files = readdirSync(testDir).filter((file) => /^(positive|negative)\d*\.tf$/.test(file));
      let factsAgree = 0;
      let blocks = 0;
      let ruleAgree = 0;
      const unexplained: string[] = [];
      for (const file of files) {
        const kicsFlags = file.startsWith('positive');
        const graph = await graphOf(path.join(testDir, file));
        const analyses = new Analyses(graph);
        const ruleFlags = [...graph.resources, ...graph.ofType('Microsoft.Network/networkInterfaces')].some(
          (resource) =>
            rule.resourceTypes.some((type) => type.toLowerCase() === resource.type.toLowerCase()) && evaluate(rule, resource, analyses, {}).status === 'fail',
        );
        if (ruleFlags === kicsFlags) ruleAgree++;
        for (const block of query.facts(graph)) {
          blocks++;
          if (block.flags === kicsFlags) factsAgree++;
          else if (KNOWN[`${query.dir}/${file}/${block.name}`] === undefined)
            unexplained.push(`${file}/${block.name}: KICS ${kicsFlags ? 'flags' : 'passes'}, azvmsec ${block.flags ? 'flags' : 'passes'}`);
        }
      }
      report.push(`${query.dir} (${query.rule}): facts ${factsAgree}/${blocks} blocks, rule ${ruleAgree}/${files.length} files`);
      expect(unexplained).toEqual([]);
    });
  }

  it('agrees on the figures recorded here', () => {
    expect(report).toEqual(FIGURES);
  });
});
