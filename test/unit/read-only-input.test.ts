import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRules } from '../../src/engine/run.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { RULES } from '../../src/rules/index.js';
import { ROOT } from '../support/cli.js';
import { generatedEstate } from '../support/estate.js';
import { freezeBodies } from '../support/frozen.js';

/**
 * Rules and analyses read the input and never write to it: a write would let one rule's work
 * change what the next one reads (the exposure analysis once added the peerings a VNet's peers
 * declare to the VNet's own list, and AZV-CONN-001 then counted a peering only the hub had asked
 * for). With every body frozen a write throws and its evaluation is an error.
 */
function verdicts(resources: readonly Resource[], frozen: boolean): string[] {
  const graph = new ResourceGraph(resources);
  if (frozen) freezeBodies(graph.resources);
  return runRules(graph, RULES).map((e) => `${e.ruleId} ${e.resource.id} ${e.status} ${e.reason ?? ''}`);
}

describe('the input stays as read', () => {
  it('on a generated estate of a hub and two spokes of peered VNets', { timeout: 60_000 }, async () => {
    const open = verdicts(await generatedEstate(400), false);
    const frozen = verdicts(await generatedEstate(400), true);
    expect(frozen.filter((line) => line.includes(' error '))).toEqual([]);
    expect(frozen).toEqual(open);
  });

  it('on the example estate', { timeout: 60_000 }, async () => {
    const read = async (): Promise<Resource[]> => (await loadInputs({ paths: [path.join(ROOT, 'examples')] })).resources;
    const frozen = verdicts(await read(), true);
    expect(frozen.filter((line) => line.includes(' error '))).toEqual([]);
    expect(frozen).toEqual(verdicts(await read(), false));
  });
});
