import { open, readFile, stat } from 'node:fs/promises';
import type { InputSummary } from '../../model/input.js';
import type { Resource } from '../../model/resource.js';
import { decodeSnapshotBytes, looksLikeSnapshot, parseSnapshotText, readSnapshotValue } from './read.js';

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
  const gz = /\.gz$/i.test(file);
  let head: string;
  // A gzipped file is decompressed (and decoded) once: its head is the start of the text.
  let gzText: string | undefined;
  try {
    if (gz) {
      gzText = decodeSnapshotBytes(await readFile(file));
      head = gzText.slice(0, HEAD_BYTES);
    } else {
      head = await readHead(file);
    }
  } catch (error) {
    if (!gz) return undefined;
    return { summary: errorSummary(display, `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`), resources: [] };
  }
  if (!looksLikeSnapshot(head)) {
    return gz ? { summary: errorSummary(display, 'Not an azvmsec snapshot nor an export azvmsec reads'), resources: [] } : undefined;
  }
  // Only the parsed value is kept: the bytes and the text (each as large as the file) are let go
  // before the resources are read, so the peak memory of a large snapshot is the text and its parse.
  const parsed = gzText !== undefined ? parseSnapshotText(gzText) : await parseSnapshotFile(file, display);
  gzText = undefined;
  if ('summary' in parsed) return parsed;
  const read = 'value' in parsed ? readSnapshotValue(parsed.value, display, { owned: true }) : parsed.read;
  return {
    summary: { path: display, kind: 'snapshot', status: read.status, resources: read.resources.length, diagnostics: read.diagnostics },
    resources: read.resources,
  };
}

/** Reads, decodes and parses a snapshot file (not gzipped); the text is unreferenced once this returns. */
async function parseSnapshotFile(file: string, display: string): Promise<ReturnType<typeof parseSnapshotText> | SnapshotFileRead> {
  const text = await readSnapshotFileText(file, display);
  if (typeof text !== 'string') return text;
  return parseSnapshotText(text);
}

/** The text of a snapshot file; the bytes are unreferenced once this returns. */
async function readSnapshotFileText(file: string, display: string): Promise<string | SnapshotFileRead> {
  let bytes: Uint8Array;
  try {
    const size = (await stat(file)).size;
    if (size > SNAPSHOT_MAX_BYTES)
      return { summary: errorSummary(display, `File is ${size} bytes, over the ${SNAPSHOT_MAX_BYTES}-byte limit for a snapshot`), resources: [] };
    bytes = await readWhole(file, size);
  } catch (error) {
    return { summary: errorSummary(display, `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`), resources: [] };
  }
  try {
    return decodeSnapshotBytes(bytes);
  } catch (error) {
    return { summary: errorSummary(display, `Cannot decompress the file: ${error instanceof Error ? error.message : String(error)}`), resources: [] };
  }
}

/**
 * The whole file in as few reads as the system allows (fs.promises.readFile reads 512 KiB at a
 * time, one trip through the thread pool each: over a thousand for a large snapshot).
 */
async function readWhole(file: string, size: number): Promise<Uint8Array> {
  // A file that says it is empty (a pipe, a /proc file) is read the usual way, to its end.
  if (size === 0) return readFile(file);
  const handle = await open(file, 'r');
  try {
    // As readFile does: up to the size measured, or less if the file shrank meanwhile.
    const buffer = Buffer.allocUnsafeSlow(size);
    let length = 0;
    while (length < size) {
      const { bytesRead } = await handle.read(buffer, length, size - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return length === size ? buffer : buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
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
