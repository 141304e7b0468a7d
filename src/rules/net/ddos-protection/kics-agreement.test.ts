import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../../analyses/analyses.js';
import { defaultOptions, evaluate } from '../../../engine/run.js';
import { evaluateRoot, parseTerraformFile } from '../../../inputs/terraform/module.js';
import { mapInstances } from '../../../inputs/terraform/resources.js';
import { ResourceGraph } from '../../../model/graph.js';
import { get } from '../../../model/resource.js';
import { prop } from '../../../model/value.js';
import type { Rule } from '../../define-rule.js';
import frontDoor from '../front-door-cdn/rule.js';
import wafPolicyMode from '../waf-policy-mode/rule.js';
import ddos from './rule.js';

/**
 * Agreement with KICS's labelled azurerm fixtures for the edge controls of point 2 (kept beside
 * AZV-NET-018; it also covers AZV-NET-020 and AZV-NET-021). KICS labels whole files; a positive
 * should make the azvmsec view flag, a negative should not. Two views:
 * - rule: the rule run on the fixture through the Terraform reader, flagging on the message ids
 *   that assert what the KICS query asserts.
 * - facts (DDoS only): AZV-NET-018 judges public IPs that front VMs, and the fixtures have none, so
 *   the VNet facts the rule reads (enableDdosProtection with a plan) are judged directly.
 * Every disagreement is listed in KNOWN with its reason; a new one fails the test. On the
 * Application Gateway positive, the gateway without waf_configuration is left to AZV-NET-019 (which
 * needs VMs behind it); the file agrees through its waf_configuration { enabled = false } block.
 */
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const queriesDir = path.resolve(repoRoot, '../shared/corpus/kics-azure/assets/queries/terraform/azure');

async function graphOf(file: string): Promise<ResourceGraph> {
  const parsed = await parseTerraformFile(file, path.basename(file), readFileSync(file, 'utf8'));
  if ('error' in parsed) throw new Error(parsed.error.message);
  const evaluation = evaluateRoot(
    { dir: path.dirname(file), files: [parsed], diagnostics: [] },
    { subscriptionId: 'sub', vars: {}, loadModule: () => undefined, display: (f) => f },
  );
  return new ResourceGraph(mapInstances(evaluation.instances, path.basename(file)).resources);
}

function ruleFlags(rule: Rule, messageIds: readonly string[]): (graph: ResourceGraph) => string {
  return (graph) => {
    const analyses = new Analyses(graph);
    const evaluations = rule.resourceTypes.flatMap((type) => graph.ofType(type)).map((r) => evaluate(rule, r, analyses, defaultOptions(rule)));
    if (evaluations.some((e) => e.findings.some((f) => messageIds.includes(f.messageId)))) return 'flag';
    if (evaluations.length > 0 && evaluations.every((e) => e.status === 'pass' || e.status === 'fail')) return 'clean';
    return evaluations.map((e) => e.status).join(',') || 'nothing evaluated';
  };
}

const ddosFacts = (graph: ResourceGraph): string =>
  graph
    .ofType('Microsoft.Network/virtualNetworks')
    .some((vnet) => get(vnet, 'properties', 'enableDdosProtection') !== true || typeof prop(get(vnet, 'properties', 'ddosProtectionPlan'), 'id') !== 'string')
    ? 'flag'
    : 'clean';

const PAIRS: readonly { query: string; view: string; judge: (graph: ResourceGraph) => string }[] = [
  { query: 'virtual_network_with_ddos_protection_plan_disabled', view: 'AZV-NET-018 rule', judge: ruleFlags(ddos, ['notCovered', 'disabled']) },
  { query: 'virtual_network_with_ddos_protection_plan_disabled', view: 'AZV-NET-018 facts', judge: ddosFacts },
  { query: 'waf_is_disabled_for_azure_application_gateway', view: 'AZV-NET-020 rule', judge: ruleFlags(wafPolicyMode, ['disabled']) },
  { query: 'azure_front_door_waf_disabled', view: 'AZV-NET-021 rule', judge: ruleFlags(frontDoor, ['noWaf']) },
];

const FIGURES = [
  'virtual_network_with_ddos_protection_plan_disabled × AZV-NET-018 rule: 0/3',
  'virtual_network_with_ddos_protection_plan_disabled × AZV-NET-018 facts: 3/3',
  'waf_is_disabled_for_azure_application_gateway × AZV-NET-020 rule: 2/2',
  'azure_front_door_waf_disabled × AZV-NET-021 rule: 2/2',
];

const NO_VM = 'the fixture has no VM, so no public IP fronts a VM: AZV-NET-018 has nothing to judge (the facts view agrees)';
const KNOWN: Readonly<Record<string, string>> = {
  'virtual_network_with_ddos_protection_plan_disabled/negative.tf × AZV-NET-018 rule': NO_VM,
  'virtual_network_with_ddos_protection_plan_disabled/positive1.tf × AZV-NET-018 rule': NO_VM,
  'virtual_network_with_ddos_protection_plan_disabled/positive2.tf × AZV-NET-018 rule': NO_VM,
};

describe.skipIf(!existsSync(queriesDir))('KICS agreement: edge controls of point 2', () => {
  it('agrees on every fixture except the listed disagreements, with the recorded figures', async () => {
    const figures: string[] = [];
    const disagreements = new Map<string, string>();
    for (const { query, view, judge } of PAIRS) {
      const folder = path.join(queriesDir, query, 'test');
      const files = readdirSync(folder).filter((file) => file.endsWith('.tf'));
      let agree = 0;
      for (const file of files) {
        const expected = file.startsWith('positive') ? 'flag' : 'clean';
        const got = judge(await graphOf(path.join(folder, file)));
        if (got === expected) agree++;
        else disagreements.set(`${query}/${file} × ${view}`, got);
      }
      figures.push(`${query} × ${view}: ${agree}/${files.length}`);
    }
    expect(figures).toEqual(FIGURES);
    expect([...disagreements.keys()].sort()).toEqual(Object.keys(KNOWN).sort());
  });
});
