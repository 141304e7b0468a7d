import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { RULES } from '../../src/rules/index.js';
import { quickstartTemplates } from '../support/corpus.js';
import { generatedEstate } from '../support/estate.js';

/**
 * A verdict is about the estate, not about the order its resources were written or listed in: the
 * same resources read in another order (reversed, shuffled) must give every (rule, resource) the
 * same statuses and the same findings. Found so: a template that declares one NSG three times
 * (its parameters name them alike) was judged by whichever declaration came first.
 */
const rules = RULES.filter((rule) => rule.status === 'stable');

/** Each (rule, resource id)'s statuses and finding messages, sorted: an id may be declared more than once. */
function verdicts(resources: readonly Resource[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const evaluation of runRules(new ResourceGraph(resources), rules)) {
    const key = `${evaluation.ruleId} ${evaluation.resource.id}`;
    const verdict = `${evaluation.status}: ${evaluation.findings
      .map((finding) => finding.message.en)
      .sort()
      .join(' | ')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), verdict]);
  }
  return new Map([...byKey].map(([key, list]) => [key, list.sort().join(' ;; ')]));
}

/** The resources in other orders: reversed, and shuffled by a seeded generator. */
function reorderings(resources: readonly Resource[], seed: number): Resource[][] {
  let state = seed;
  const random = (): number => (state = (state * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const shuffled = resources.slice();
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j] as Resource, shuffled[i] as Resource];
  }
  return [resources.slice().reverse(), shuffled];
}

function differences(resources: readonly Resource[], seed: number): string[] {
  const before = verdicts(resources);
  const found: string[] = [];
  for (const order of reorderings(resources, seed)) {
    for (const [key, verdict] of verdicts(order)) if (before.get(key) !== verdict) found.push(`${key}: ${before.get(key)} → ${verdict}`);
  }
  return found;
}

describe('the order of resources', () => {
  it('changes no verdict of the example estate', async () => {
    const { resources } = await loadInputs({ paths: ['examples'] });
    expect(resources.length).toBeGreaterThan(100);
    expect(differences(resources, 1)).toEqual([]);
  });

  it('changes no verdict of a generated estate', async () => {
    expect(differences(await generatedEstate(8), 2)).toEqual([]);
  });

  const templates = quickstartTemplates();
  it.skipIf(templates.length === 0)(
    'changes no verdict of a quickstart template that declares one id more than once, nor of every 20th other',
    { timeout: 120_000 },
    async () => {
      let repeating = 0;
      const found: string[] = [];
      for (const [index, template] of templates.entries()) {
        const { resources } = await loadInputs({ paths: [template] });
        const repeats = new Set(resources.map((resource) => resource.key)).size < resources.length;
        if (repeats) repeating++;
        else if (index % 20 !== 0) continue;
        for (const difference of differences(resources, index)) found.push(`${path.basename(path.dirname(template))} ${difference}`);
      }
      expect(repeating).toBeGreaterThan(10);
      expect(found).toEqual([]);
    },
  );
});
