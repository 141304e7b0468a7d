import { open, readFile, stat } from 'node:fs/promises';
import type { InputSummary } from '../../model/input.js';
import type { Resource } from '../../model/resource.js';
import { decodeSnapshotBytes, looksLikeSnapshot, readSnapshotBytes } from './read.js';

/** Snapshots of large tenants are big; the string JSON.parse takes tops out near 512 MiB anyway. */
export const SNAPSHOT_MAX_BYTES = 512 * 1024 * 1024;
const HEAD_BYTES = 4096;

export interface SnapshotFileRead {
  readonly summary: InputSummary;
  readonly resources: Resource[];
}

/**
 * Reads `file` as a snapshot or an export when it is one, and says nothing (undefined) otherwise,
 * so the caller can try it as an ARM template. Only the first few kilobytes are read to decide;
 * ARM templates never count as snapshots. The input of each resource is `display`.
 */
export async function readSnapshotCandidate(file: string, display: string): Promise<SnapshotFileRead | undefined> {
  let head: string;
  let bytes: Uint8Array | undefined;
  try {
    const gz = /\.gz$/i.test(file);
    if (gz) {
      bytes = await readFile(file);
      head = decodeSnapshotBytes(bytes).slice(0, HEAD_BYTES);
    } else {
      head = await readHead(file);
    }
  } catch (error) {
    if (!/\.gz$/i.test(file)) return undefined;
    return { summary: errorSummary(display, `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`), resources: [] };
  }
  if (!looksLikeSnapshot(head)) {
    return /\.gz$/i.test(file) ? { summary: errorSummary(display, 'Not an azvmsec snapshot nor an export azvmsec reads'), resources: [] } : undefined;
  }
  try {
    if (!bytes) {
      const size = (await stat(file)).size;
      if (size > SNAPSHOT_MAX_BYTES)
        return { summary: errorSummary(display, `File is ${size} bytes, over the ${SNAPSHOT_MAX_BYTES}-byte limit for a snapshot`), resources: [] };
      bytes = await readFile(file);
    }
  } catch (error) {
    return { summary: errorSummary(display, `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`), resources: [] };
  }
  const read = readSnapshotBytes(bytes, display);
  return {
    summary: { path: display, kind: 'snapshot', status: read.status, resources: read.resources.length, diagnostics: read.diagnostics },
    resources: read.resources,
  };
}

async function readHead(file: string): Promise<string> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const bytes = buffer.subarray(0, bytesRead);
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2, bytesRead - (bytesRead % 2)));
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2, bytesRead - (bytesRead % 2)));
    return new TextDecoder('utf-8').decode(bytes);
  } finally {
    await handle.close();
  }
}

function errorSummary(path: string, message: string): InputSummary {
  return { path, kind: 'snapshot', status: 'error', resources: 0, diagnostics: [{ severity: 'error', message }] };
}
