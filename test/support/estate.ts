import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeEstate } from '../../bench/estate.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import type { Resource } from '../../src/model/resource.js';

/** The resources of a generated estate (bench/estate.ts) of `vms` VMs, read as `azvmsec scan` reads its snapshot. */
export async function generatedEstate(vms: number, seed?: number): Promise<Resource[]> {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'azvmsec-estate-'));
  try {
    const file = path.join(folder, 'estate.json');
    writeEstate(file, vms, seed);
    return (await loadInputs({ paths: [file] })).resources;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
