import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { createResource, type Resource } from '../../src/model/resource.js';
import { isUnknown, Unknown, type Value } from '../../src/model/value.js';
import { RULES } from '../../src/rules/index.js';
import { QUICKSTARTS, quickstartTemplates } from '../support/corpus.js';
import { generatedEstate } from '../support/estate.js';
import { FUZZ_SEED } from './settings.js';

/**
 * "Unknown is a value", checked on the quickstart templates that declare VMs: each setting of
 * each resource (every value below `properties`, `sku`, `identity` and `zones`) is made a value not
 * known, in turn, and no verdict may go from fail to pass for it, nor from pass to fail. A check
 * that passes on a value it cannot read would pass the same way on a parameter with no value; one
 * that fails on it takes what it cannot read for a value that fails.
 *
 * `npm test` takes every eighth template (about 4,000 inputs); `npm run fuzz` takes them all
 * (about 38,000).
 */
const rules = RULES.filter((rule) => rule.status === 'stable');
const EVERY = process.env['AZVMSEC_FUZZ_RUNS'] === undefined ? 8 : 1;

/**
 * Where a setting not known leaves a pass, by template, rule, resource type and setting (array
 * indexes left out). Anything else is a check that passes on a value it cannot read.
 */
const EXPLAINED: ReadonlySet<string> = new Set([
  // The subnet is also declared as a child resource, which holds the route table: without the
  // VNet's own copy (its name not known), the child is what is read.
  'application-workloads/cohesive/cohesive-vns3-free-try-now AZV-NET-011 Microsoft.Network/virtualNetworks properties/subnets/name',
  // The VNet is declared twice (again to set its DNS server): the other declaration is read.
  'application-workloads/active-directory/create-ad-forest-with-subdomain AZV-NET-001 Microsoft.Network/virtualNetworks properties/subnets/name',
]);

/** The paths of the values below `top` (objects and arrays walked, values not known left out). */
function settings(value: Value | undefined, at: (string | number)[], out: (string | number)[][]): void {
  if (Array.isArray(value)) value.forEach((item, index) => settings(item, [...at, index], out));
  else if (value !== null && typeof value === 'object' && !isUnknown(value)) for (const key of Object.keys(value)) settings(value[key], [...at, key], out);
  else if (value !== undefined && !isUnknown(value)) out.push(at);
}

/** A copy of `body` with the value at `at` not known (values not known elsewhere kept as they are). */
function withUnknown(body: Value, at: readonly (string | number)[]): Value {
  if (at.length === 0) return new Unknown(`a setting made unknown by the test`);
  const [head, ...rest] = at as [string | number, ...(string | number)[]];
  if (Array.isArray(body)) return body.map((item, index) => (index === head ? withUnknown(item, rest) : item));
  const record = body as Record<string, Value>;
  return { ...record, [head]: withUnknown(record[head] as Value, rest) };
}

function verdicts(resources: readonly Resource[]): Map<string, string> {
  return new Map(runRules(new ResourceGraph(resources), rules).map((e) => [`${e.ruleId} ${e.resource.id.toLowerCase()}`, e.status]));
}

const templates = quickstartTemplates();

describe.skipIf(templates.length === 0)('a setting not known (quickstart corpus)', () => {
  // Every template (npm run fuzz): 37 s alone, 41 s beside the other fuzz tests, more on a busy machine.
  it('never turns a failing verdict into a pass, nor a passing one into a failure', { timeout: EVERY === 1 ? 600_000 : 60_000 }, async () => {
    const found = new Set<string>();
    const failed = new Set<string>();
    let inputs = 0;
    let vmTemplates = 0;
    for (const template of templates) {
      const { resources } = await loadInputs({ paths: [template], cwd: QUICKSTARTS });
      if (!resources.some((resource) => /\/virtualmachines$/i.test(resource.type))) continue;
      if (vmTemplates++ % EVERY !== 0) continue;
      const before = verdicts(resources);
      for (const [index, resource] of resources.entries()) {
        const paths: (string | number)[][] = [];
        for (const top of ['properties', 'sku', 'identity', 'zones']) settings(resource.body[top], [top], paths);
        for (const at of paths) {
          inputs++;
          const changed = createResource({ ...resource, body: withUnknown(resource.body, at) as Resource['body'] });
          const after = verdicts(resources.map((each, i) => (i === index ? changed : each)));
          for (const [key, status] of after) {
            const was = before.get(key);
            if (!((status === 'pass' && was === 'fail') || (status === 'fail' && was === 'pass'))) continue;
            const flip = `${key.split(' ')[0]} ${resource.type} ${at.filter((part) => typeof part === 'string').join('/')}`;
            (status === 'pass' ? found : failed).add(`${path.dirname(path.relative(QUICKSTARTS, template))} ${flip}`);
          }
        }
      }
    }
    expect(inputs).toBeGreaterThan(EVERY === 1 ? 30_000 : 3_000);
    expect([...found].filter((flip) => !EXPLAINED.has(flip)).sort()).toEqual([]);
    expect([...failed].sort()).toEqual([]);
  });
});

/**
 * The same on the bundled example estate, which the corpus lacks in kind: a tenant snapshot with
 * Microsoft Entra data and subscription settings beside templates, Bicep and Terraform. Every
 * setting, `kind`, `tags` and `location` included; every fourth one in `npm test`.
 */
describe('a setting not known (the example estate)', () => {
  it('never turns a failing verdict into a pass, nor a passing one into a failure', { timeout: EVERY === 1 ? 300_000 : 60_000 }, async () => {
    const { resources } = await loadInputs({ paths: [path.join(import.meta.dirname, '../../examples')] });
    const before = verdicts(resources);
    const flips = new Set<string>();
    let inputs = 0;
    for (const [index, resource] of resources.entries()) {
      const paths: (string | number)[][] = [];
      for (const top of ['properties', 'sku', 'identity', 'zones', 'kind', 'tags', 'location']) settings(resource.body[top], [top], paths);
      for (const at of paths) {
        if (inputs++ % (EVERY === 1 ? 1 : 4) !== 0) continue;
        const changed = createResource({ ...resource, body: withUnknown(resource.body, at) as Resource['body'] });
        for (const [key, status] of verdicts(resources.map((each, i) => (i === index ? changed : each)))) {
          const was = before.get(key);
          if ((status === 'pass' && was === 'fail') || (status === 'fail' && was === 'pass'))
            flips.add(`${was} → ${status}: ${key.split(' ')[0]} ${resource.type} ${at.filter((part) => typeof part === 'string').join('/')}`);
        }
      }
    }
    expect(inputs).toBeGreaterThan(1_000);
    expect([...flips].sort()).toEqual([]);
  });
});

/**
 * The same on a generated estate (bench/estate.ts, 8 VMs, seeded with AZVMSEC_FUZZ_SEED): a
 * tenant's Resource Graph rows, with hub and spoke VNets, a firewall, Bastion, an Application
 * Gateway and NSGs of up to 1,000 rules, which neither the corpus nor the example estate has.
 * Every seventh setting in `npm run fuzz` (about 2,500, each a whole scan), every 97th in `npm test`;
 * which ones moves with the seed.
 */
describe('a setting not known (a generated estate)', () => {
  it('never turns a failing verdict into a pass, nor a passing one into a failure', { timeout: EVERY === 1 ? 900_000 : 60_000 }, async () => {
    const resources = await generatedEstate(8, FUZZ_SEED);
    const before = verdicts(resources);
    const every = EVERY === 1 ? 7 : 97;
    const flips = new Set<string>();
    let inputs = 0;
    let tried = 0;
    for (const [index, resource] of resources.entries()) {
      const paths: (string | number)[][] = [];
      for (const top of ['properties', 'sku', 'identity', 'zones', 'kind', 'tags', 'location']) settings(resource.body[top], [top], paths);
      for (const at of paths) {
        if (inputs++ % every !== FUZZ_SEED % every) continue;
        tried++;
        const changed = createResource({ ...resource, body: withUnknown(resource.body, at) as Resource['body'] });
        for (const [key, status] of verdicts(resources.map((each, i) => (i === index ? changed : each)))) {
          const was = before.get(key);
          if ((status === 'pass' && was === 'fail') || (status === 'fail' && was === 'pass'))
            flips.add(`${was} → ${status}: ${key.split(' ')[0]} ${resource.name} ${at.join('/')}`);
        }
      }
    }
    expect(tried).toBeGreaterThan(100);
    expect([...flips].sort()).toEqual([]);
  });
});
