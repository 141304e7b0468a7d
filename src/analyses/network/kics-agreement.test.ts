import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { STANDALONE_NSG as context } from '../../../test/support/standalone-nsg.js';
import { Analyses } from '../analyses.js';
import { evaluate } from '../../engine/run.js';
import { expandTemplate } from '../../inputs/arm/expand.js';
import { parseJson } from '../../inputs/json/parse.js';
import { ResourceGraph } from '../../model/graph.js';
import { createResource, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import managementPorts from '../../rules/net/management-ports-internet/rule.js';
import { PUBLIC } from './addresses.js';
import { evaluateNsg, startFlow } from './evaluate.js';
import { protocolBit } from './ports.js';

/**
 * Agreement with KICS's labelled ARM fixtures for its NSG queries. KICS judges single NSG rules;
 * azvmsec judges VMs. Two views are compared:
 * - rules: AZV-NET-002 run on the fixture as it is. The fixtures hold NSGs attached to no VM, so
 *   azvmsec reports nothing; every KICS positive is a disagreement of kind "not attached".
 * - NSG semantics: each NSG of the fixture evaluated as if it filtered a VM with a public IP
 *   (priority order, deny precedence, default rules): does it admit the Internet on the port?
 * Every disagreement must be listed below with its reason; a new one fails the test.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const corpus = path.resolve(repoRoot, '../shared/corpus/kics-azure');
const queriesDir = path.join(corpus, 'assets/queries/azureResourceManager');

interface KicsQuery {
  readonly dir: string;
  readonly queryName: string;
  readonly port: number;
}

/**
 * Agreement per query on the JSON fixtures (the Bicep twins wait for the Bicep reader).
 * AZV-NET-002 agrees only on the negatives: every positive NSG is attached to no VM, so there is
 * nothing to evaluate (KICS flags rules that protect nothing). The NSG-semantics view disagrees
 * only on the Blueprint-artifact positives listed in KNOWN; its agreement on the Blueprint
 * negatives is trivial, for the same reason.
 */
const FIGURES = [
  'Network Security Group With Unrestricted Access To RDP: NSG semantics 9/12, AZV-NET-002 6/12',
  'Network Security Group With Unrestricted Access To SSH: NSG semantics 9/13, AZV-NET-002 6/13',
];

/** Disagreements in the NSG-semantics view, by query folder and file, with why. */
const KNOWN: Readonly<Record<string, string>> = {
  'network_security_group_with_unrestricted_access_to_rdp/positive5.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_ssh/positive5.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_rdp/positive6.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_ssh/positive6.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_ssh/positive7.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_rdp/positive4.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
  'network_security_group_with_unrestricted_access_to_ssh/positive4.json':
    'a Blueprint artifact wrapping a template (properties.template): not an ARM deployment template, so azvmsec does not read it',
};

function nsgQueries(): KicsQuery[] {
  return readdirSync(queriesDir)
    .map((dir) => {
      const metadata = JSON.parse(readFileSync(path.join(queriesDir, dir, 'metadata.json'), 'utf8')) as { queryName: string; descriptionText?: string };
      const text = `${metadata.queryName} ${metadata.descriptionText ?? ''}`;
      if (!/network security group/i.test(metadata.queryName)) return undefined;
      const port = /rdp|3389/i.test(text) ? 3389 : /ssh|\b22\b/i.test(text) ? 22 : undefined;
      return port === undefined ? undefined : { dir, queryName: metadata.queryName, port };
    })
    .filter((query): query is KicsQuery => query !== undefined);
}

/** NSGs of a graph, plus one per parent for security rules declared without their NSG. */
function nsgsOf(graph: ResourceGraph): Resource[] {
  const nsgs = graph.ofType('Microsoft.Network/networkSecurityGroups').filter((nsg) => !nsg.embeddedIn);
  const orphans = new Map<string, Resource[]>();
  for (const rule of graph.ofType('Microsoft.Network/networkSecurityGroups/securityRules')) {
    const parent = parentId(rule.id);
    if (!parent || graph.get(parent)) continue;
    orphans.set(idKey(parent), [...(orphans.get(idKey(parent)) ?? []), rule]);
  }
  for (const [parent, rules] of orphans) {
    nsgs.push(
      createResource({
        id: parent,
        type: 'Microsoft.Network/networkSecurityGroups',
        name: parent.split('/').pop() ?? parent,
        body: { properties: { securityRules: rules.map((rule) => rule.body) } },
        input: 'kics',
      }),
    );
  }
  return nsgs;
}

function admitsInternet(graph: ResourceGraph, port: number): boolean {
  return nsgsOf(graph).some((nsg) =>
    evaluateNsg(nsg, 'nic', 'Inbound', [startFlow()], context).some(
      (flow) => flow.verdict !== 'unreachable' && flow.ports.has(port) && (flow.protocols & protocolBit('Tcp')) !== 0 && flow.remote.overlaps(PUBLIC),
    ),
  );
}

describe.skipIf(!existsSync(queriesDir))(`KICS agreement (corpus at ${corpus}; skipped when absent)`, () => {
  const queries = existsSync(queriesDir) ? nsgQueries() : [];
  const report: string[] = [];

  it('finds the NSG queries by their metadata', () => {
    expect(queries.map((query) => query.dir).sort()).toEqual([
      'network_security_group_with_unrestricted_access_to_rdp',
      'network_security_group_with_unrestricted_access_to_ssh',
    ]);
  });

  for (const query of queries) {
    it(`${query.queryName}: every disagreement is explained`, () => {
      const testDir = path.join(queriesDir, query.dir, 'test');
      const files = readdirSync(testDir).filter((file) => /^(positive|negative)\d*\.json$/.test(file));
      let semanticAgree = 0;
      let ruleAgree = 0;
      const unexplained: string[] = [];
      for (const file of files) {
        const kicsFlags = file.startsWith('positive');
        const read = expandTemplate(parseJson(readFileSync(path.join(testDir, file), 'utf8')), { file });
        const graph = new ResourceGraph(read.resources);
        const analyses = new Analyses(graph);
        const ruleFlags = graph.ofType('Microsoft.Compute/virtualMachines').some((vm) => evaluate(managementPorts, vm, analyses, {}).status === 'fail');
        const semanticFlags = admitsInternet(graph, query.port);
        if (ruleFlags === kicsFlags) ruleAgree++;
        if (semanticFlags === kicsFlags) semanticAgree++;
        else if (KNOWN[`${query.dir}/${file}`] === undefined)
          unexplained.push(`${file}: KICS ${kicsFlags ? 'flags' : 'passes'}, azvmsec NSG semantics ${semanticFlags ? 'flags' : 'passes'}`);
      }
      report.push(`${query.queryName}: NSG semantics ${semanticAgree}/${files.length}, AZV-NET-002 ${ruleAgree}/${files.length}`);
      expect(unexplained).toEqual([]);
    });
  }

  it('agrees on the figures recorded here', () => {
    expect(report).toEqual(FIGURES);
  });
});
