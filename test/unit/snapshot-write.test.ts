import { describe, expect, it } from 'vitest';
import { readSnapshotText } from '../../src/inputs/snapshot/read.js';
import type { Snapshot } from '../../src/inputs/snapshot/schema.js';
import { snapshotChunks } from '../../src/inputs/snapshot/write.js';
import { SUB, snapshotOf } from '../support/snapshot-snippets.js';

/** A snapshot of the test helpers' shape, with a key left undefined (JSON leaves it out). */
function snapshotWith(resources: Snapshot['resources'], entra?: object): Snapshot {
  const snapshot = snapshotOf({ resources, ...(entra ? { entra } : {}) }) as unknown as Snapshot;
  return { ...snapshot, entra: snapshot.entra ?? undefined };
}

const vm = (i: number): Snapshot['resources'][number] => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-${i}`,
  name: `vm-${i}`,
  type: 'microsoft.compute/virtualmachines',
  subscriptionId: SUB,
  properties: { osProfile: { computerName: `vm-${i}\n"quoted"` } },
});

describe('snapshotChunks', () => {
  it('parses back to the snapshot, undefined keys left out as JSON.stringify leaves them', () => {
    for (const snapshot of [snapshotWith([]), snapshotWith([vm(1), vm(2)]), snapshotWith([vm(3)], { conditionalAccessPolicies: [] })]) {
      const text = [...snapshotChunks(snapshot)].join('');
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(snapshot)));
      expect(text.startsWith('{"format":"azvmsec-snapshot",')).toBe(true);
      expect(text.endsWith('}\n')).toBe(true);
    }
  });

  it('is written a row at a time, never as one string: no chunk holds two rows', () => {
    const rows = Array.from({ length: 1000 }, (_, i) => vm(i));
    const chunks = [...snapshotChunks(snapshotWith(rows))];
    const longestRow = Math.max(...rows.map((row) => JSON.stringify(row).length));
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(longestRow * 2);
    // A row a line: each line of the resources is one row.
    const lines = chunks.join('').split('\n');
    expect(lines.filter((line) => line.includes('"type":"microsoft.compute/virtualmachines"'))).toHaveLength(1000);
  });

  it('reads back as the snapshot it was written from', () => {
    const text = [...snapshotChunks(snapshotWith([vm(1), vm(2)]))].join('');
    const read = readSnapshotText(text, 'snapshot.json');
    expect(read).toMatchObject({ format: 'azvmsec-snapshot', status: 'ok', diagnostics: [] });
    expect(read.resources.filter((r) => r.type === 'Microsoft.Compute/virtualMachines').map((r) => r.name)).toEqual(['vm-1', 'vm-2']);
  });
});
