import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writeEstate } from '../../bench/estate.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { readSnapshotCandidate } from '../../src/inputs/snapshot/file.js';
import { canonicalId, decodeSnapshotBytes, readSnapshotValue, SUBSCRIPTION_TYPE } from '../../src/inputs/snapshot/read.js';
import { ENTRA_TENANT_TYPE } from '../../src/model/entra.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { parseResourceId } from '../../src/model/resource-id.js';

/**
 * The snapshot file reader takes a fast path (one read of the whole file, JSON.parse, rows made
 * resource bodies in place, ids read without splitting). It must give exactly what the careful path
 * gives: the positional JSON reader, rows copied, ids split and parsed.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const folder = mkdtempSync(path.join(tmpdir(), 'azvmsec-fast-path-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function carefulRead(file: string, input: string): ReturnType<typeof readSnapshotValue> {
  const document = parseJson(decodeSnapshotBytes(readFileSync(file)));
  return readSnapshotValue(document.value, input);
}

/** Resources as JSON with their keys in order (Unknown as its reason), so that key order counts too. */
function snapshotOf(resources: readonly Resource[]): string {
  return JSON.stringify(resources);
}

async function expectSameRead(file: string): Promise<Resource[]> {
  const fast = await readSnapshotCandidate(file, 'tenant.json');
  const careful = carefulRead(file, 'tenant.json');
  expect(fast).toBeDefined();
  expect(fast?.summary).toEqual({
    path: 'tenant.json',
    kind: 'snapshot',
    status: careful.status,
    resources: careful.resources.length,
    diagnostics: careful.diagnostics,
  });
  const resources = fast?.resources ?? [];
  expect(resources).toEqual(careful.resources);
  expect(snapshotOf(resources)).toBe(snapshotOf(careful.resources));
  // The graphs built on them index the same resources.
  const [a, b] = [new ResourceGraph(resources), new ResourceGraph(careful.resources)];
  expect(snapshotOf(a.resources)).toBe(snapshotOf(b.resources));
  for (const resource of resources) expect(a.get(resource.id)?.key).toBe(b.get(resource.id)?.key);
  return resources;
}

/** Each row's id, type and name as the careful id functions give them. */
function expectCarefulIds(resources: readonly Resource[]): void {
  for (const resource of resources) {
    if (resource.type === ENTRA_TENANT_TYPE) continue;
    expect(resource.id).toBe(canonicalId(resource.id));
    if (resource.type === SUBSCRIPTION_TYPE) continue;
    const parsed = parseResourceId(resource.id);
    expect(parsed?.type.toLowerCase()).toBe(resource.type.toLowerCase());
    expect(resource.name).toBe(parsed?.name);
  }
}

describe('snapshot reading: the fast path gives what the careful path gives', () => {
  it('the example tenant snapshot', async () => {
    const resources = await expectSameRead(path.join(root, 'examples/tenant/contoso-tenant.snapshot.json'));
    expect(resources.length).toBeGreaterThan(10);
    expectCarefulIds(resources);
  });

  it('a generated estate of 200 VMs, plain and gzipped', async () => {
    const file = path.join(folder, 'estate-200.json');
    const stats = writeEstate(file, 200);
    const resources = await expectSameRead(file);
    expect(resources.length).toBe(stats.resources + 1);
    expectCarefulIds(resources);
    const gz = path.join(folder, 'estate-200.json.gz');
    writeFileSync(gz, gzipSync(readFileSync(file)));
    expect(snapshotOf((await readSnapshotCandidate(gz, 'tenant.json'))?.resources ?? [])).toBe(snapshotOf(resources));
    // Gzipped under a plain name (`az graph query … | gzip > estate.json`): told by its first bytes.
    const named = path.join(folder, 'gzipped', 'estate.json');
    mkdirSync(path.dirname(named));
    writeFileSync(named, gzipSync(readFileSync(file)));
    expect(snapshotOf((await readSnapshotCandidate(named, 'tenant.json'))?.resources ?? [])).toBe(snapshotOf(resources));
    const loaded = await loadInputs({ paths: [path.dirname(named)] });
    expect(loaded.inputs.map((input) => [input.kind, input.status, input.resources])).toEqual([['snapshot', 'ok', resources.length]]);
  });

  it('rows with ids written loosely (case, slashes, spaces), duplicates and no properties', async () => {
    const sub = '11111111-1111-4111-8111-111111111111';
    const vm = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1`;
    const rows = [
      { id: vm, name: 'vm1', type: 'microsoft.compute/virtualmachines', subscriptionId: sub, properties: {} },
      { id: ` /SUBSCRIPTIONS/${sub}/resourcegroups/rg/Providers/Microsoft.Compute/virtualMachines/vm1/ `, type: 'x', properties: {} },
      {
        id: `/subscriptions/${sub}//resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s`,
        type: 'Microsoft.Network/virtualNetworks/subnets',
      },
      { name: 'no id' },
      { id: `/subscriptions/${sub}`, type: 'microsoft.resources/subscriptions', properties: null },
      { id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Web/sites/providers`, type: 'x' },
      { type: 'Microsoft.Compute/disks', id: `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.Compute/disks/d` },
    ];
    const file = path.join(folder, 'rows.json');
    writeFileSync(file, JSON.stringify({ data: rows, skip_token: 'next', total_records: 10 }));
    await expectSameRead(file);
    // The value handed to the reader is left as it was.
    const value = JSON.parse(JSON.stringify(rows)) as unknown[];
    readSnapshotValue(value, 'rows.json');
    expect(value).toEqual(rows);
  });
});
