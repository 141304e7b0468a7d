import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { InputSummary } from '../../model/input.js';
import type { Resource } from '../../model/resource.js';
import { ChunkedJsonReader } from '../json/chunked.js';
import { decodeSnapshotBytes, parseSnapshotText, readSnapshotValue, snapshotHead } from './read.js';
import { shareRepeatedStrings } from './share-strings.js';

/**
 * Snapshots are read in chunks, never as one string (json/chunked.ts), so V8's limit on a string's
 * length (about 512 MiB) does not apply; memory does. A scan keeps about 3.6 times the snapshot's
 * size (README, Performance): 1 GiB, about 100,000 VMs, is what a machine of 8 GB or more can take.
 */
export const SNAPSHOT_MAX_BYTES = 1024 * 1024 * 1024;
/**
 * The first bytes that tell a snapshot or an export from other JSON; the file loader decides on the
 * same bytes (a first row with more than 4 kB before its `type` was a snapshot to the loader and a
 * template here).
 */
export const SNAPSHOT_HEAD_BYTES = 16 * 1024;
/** Bytes read at a time: few trips through the thread pool, and one buffer reused for the whole file. */
const CHUNK_BYTES = 8 * 1024 * 1024;

export interface SnapshotFileRead {
  readonly summary: InputSummary;
  readonly resources: Resource[];
}

/** The bytes of a file (gunzipped when it is gzip), chunk by chunk; a chunk is only valid until the next is asked for. */
type Chunks = () => AsyncGenerator<Uint8Array>;

/**
 * Reads `file` as a snapshot or an export when it is one, and says nothing (undefined) otherwise,
 * so the caller can try it as an ARM template. Only the first few kilobytes are read to decide;
 * ARM templates never count as snapshots. The input of each resource is `display`.
 */
export async function readSnapshotCandidate(file: string, display: string, maxBytes = SNAPSHOT_MAX_BYTES): Promise<SnapshotFileRead | undefined> {
  let gz = /\.gz$/i.test(file);
  let head: Uint8Array;
  try {
    head = gz ? new Uint8Array() : await readHead(file);
  } catch {
    return undefined;
  }
  // Gzipped whatever its name (`az graph query … | gzip > estate.json`): read as a `.gz` file is.
  gz ||= isGzip(head);
  const chunks = chunksOf(file, maxBytes, 'a snapshot', gz);
  if (gz) {
    try {
      head = await firstBytes(chunks(), SNAPSHOT_HEAD_BYTES);
    } catch (error) {
      return { summary: errorSummary(display, readFailure(error)), resources: [] };
    }
  }
  const notSnapshot = gz ? { summary: errorSummary(display, 'Not an azvmsec snapshot nor an export azvmsec reads'), resources: [] } : undefined;
  const seen = snapshotHead(headText(head), head.length >= SNAPSHOT_HEAD_BYTES);
  if (seen === undefined) return notSnapshot;
  // A file that only may hold rows is given up at its first object when that is no resource row:
  // a large JSON file of another kind in a repository is not read to its end for nothing.
  let firstObject = true;
  const rowsOnly = (value: unknown): unknown => {
    if (seen === 'maybe' && firstObject && typeof value === 'object' && value !== null) {
      firstObject = false;
      const id = (value as { id?: unknown }).id;
      if (typeof id !== 'string' || !id.startsWith('/')) throw new NotRows();
    }
    return value;
  };
  const parsed = isUtf16(head) ? await parseWhole(chunks) : await parseChunks(chunks, rowsOnly);
  if ('error' in parsed) return seen === 'maybe' ? notSnapshot : { summary: errorSummary(display, parsed.error, parsed.place), resources: [] };
  const read = readSnapshotValue(parsed.value, display, { owned: true });
  if (seen === 'maybe' && read.resources.length === 0) return notSnapshot;
  return {
    summary: { path: display, kind: 'snapshot', status: read.status, resources: read.resources.length, diagnostics: read.diagnostics },
    resources: read.resources,
  };
}

type Parsed = { value: unknown } | { error: string; place?: { line: number; column: number } };

/**
 * Any JSON file too large to hold as one string, read the way snapshots are (gzipped when `.gz`):
 * azvmsec's own JSON reports, read back as baselines and by `azvmsec diff`, pass a gigabyte from
 * about 40,000 VMs. `eachValue` sees each element of the top-level arrays as it is read and returns
 * what to keep of it. A file over `maxBytes` is refused before it is read, as too large for `what`.
 */
export async function readJsonFile(
  file: string,
  options: { readonly maxBytes: number; readonly what: string; readonly eachValue?: (value: unknown) => unknown },
): Promise<Parsed> {
  const { maxBytes, what, eachValue } = options;
  const named = /\.gz$/i.test(file);
  let head: Uint8Array;
  let chunks: Chunks;
  try {
    // A plain file's head is read as such: a first chunk is a buffer of up to 8 MiB.
    head = named ? new Uint8Array() : await readHead(file);
    chunks = chunksOf(file, maxBytes, what, named || isGzip(head));
    if (named || isGzip(head)) head = await firstBytes(chunks(), 2);
  } catch (error) {
    return { error: readFailure(error) };
  }
  return isUtf16(head) ? parseWhole(chunks) : parseChunks(chunks, eachValue);
}

/** The snapshot's value, read chunk by chunk; repeated strings are made one as each element is read. */
async function parseChunks(chunks: Chunks, keep: (value: unknown) => unknown = (value) => value): Promise<Parsed> {
  const pool = new Map<string, string>();
  const reader = new ChunkedJsonReader({ eachValue: (value) => keep(shareRepeatedStrings(value, pool)) });
  try {
    for await (const chunk of chunks()) if (!reader.feed(chunk)) break;
  } catch (error) {
    return { error: readFailure(error) };
  }
  const result = reader.end();
  if ('value' in result) return result;
  let place: { line: number; column: number } | undefined;
  try {
    place = await placeOf(chunks(), result.error.offset);
  } catch {
    // Read once already: a file that fails on the second read is still reported, without the place.
  }
  const { kind, message } = result.error;
  return { error: kind === 'syntax' ? `Invalid JSON: ${message}` : message, ...(place ? { place } : {}) };
}

/** A UTF-16 snapshot (rare: a byte-order mark says so) is decoded whole, so within V8's string limit. */
async function parseWhole(chunks: Chunks): Promise<Parsed> {
  let text: string;
  try {
    const parts: Buffer[] = [];
    for await (const chunk of chunks()) parts.push(Buffer.from(chunk));
    text = decodeSnapshotBytes(Buffer.concat(parts));
  } catch (error) {
    return { error: readFailure(error) };
  }
  const parsed = parseSnapshotText(text);
  return 'value' in parsed ? parsed : { error: parsed.read.diagnostics[0]?.message ?? 'Invalid JSON' };
}

/** The line and column (1-based, in characters) of a byte offset of the text (after a UTF-8 byte-order mark). */
async function placeOf(chunks: AsyncGenerator<Uint8Array>, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let column = 1;
  let position = 0;
  let skip = -1;
  for await (const chunk of chunks) {
    if (skip < 0) skip = chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf ? 3 : 0;
    for (let i = 0; i < chunk.length; i++) {
      if (skip > 0) {
        skip--;
        continue;
      }
      if (position++ === offset) return { line, column };
      const byte = chunk[i] as number;
      if (byte === 0x0a) {
        line++;
        column = 1;
      } else if ((byte & 0xc0) !== 0x80) column++;
    }
  }
  return { line, column };
}

/** The bytes of `file`, gunzipped when `gz`; over `maxBytes`, refused as too large for `what`. */
function chunksOf(file: string, maxBytes: number, what: string, gz: boolean): Chunks {
  return gz ? () => gunzippedChunks(file, maxBytes, what) : () => fileChunks(file, maxBytes, what);
}

/** The file's bytes, in chunks of one reused buffer; refused by its size before any is read. */
async function* fileChunks(file: string, maxBytes: number, what: string): AsyncGenerator<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const size = (await handle.stat()).size;
    if (size > maxBytes) throw new TooLarge(`File is ${size} bytes, over the ${maxBytes}-byte limit for ${what}`);
    // A file that says it is empty (a pipe, a /proc file) is read to its end all the same.
    const buffer = Buffer.allocUnsafeSlow(Math.min(CHUNK_BYTES, Math.max(size, SNAPSHOT_HEAD_BYTES)));
    let total = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      total += bytesRead;
      if (total > maxBytes) throw new TooLarge(`File is over the ${maxBytes}-byte limit for ${what}`);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

/** The gunzipped bytes of a file, as they come; a file that inflates past the limit is refused there. */
async function* gunzippedChunks(file: string, maxBytes: number, what: string): AsyncGenerator<Uint8Array> {
  // Loaded with the first gzipped file: start-up does not pay for zlib and streams.
  const [{ pipeline }, { createGunzip }] = await Promise.all([import('node:stream'), import('node:zlib')]);
  // pipeline, not pipe: a read error reaches the inflated stream, and stopping early closes the file.
  const inflated = createGunzip({ chunkSize: 1024 * 1024 });
  pipeline(createReadStream(file), inflated, () => {
    // Errors surface through the inflated stream, read below.
  });
  let total = 0;
  for await (const chunk of inflated as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) throw new TooLarge(`File inflates to more than the ${maxBytes}-byte limit for ${what}`);
    yield chunk;
  }
}

/** Up to `count` first bytes of the chunks. */
async function firstBytes(chunks: AsyncGenerator<Uint8Array>, count: number): Promise<Uint8Array> {
  const parts: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of chunks) {
      parts.push(Buffer.from(chunk.subarray(0, count - length)));
      length += Math.min(chunk.length, count - length);
      if (length >= count) break;
    }
  } finally {
    await chunks.return(undefined);
  }
  return Buffer.concat(parts);
}

/** A file over the size limit: said as it is, not as a read failure. */
class TooLarge extends Error {}

/** A file that may have held resource rows turned out to hold something else. */
class NotRows extends Error {}

/** Gzip's magic number: the file is compressed, whatever its name. */
function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function isUtf16(bytes: Uint8Array): boolean {
  return (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
}

/** The first bytes as text (a character cut at the end becomes a replacement character). */
function headText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2, bytes.length - (bytes.length % 2)));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2, bytes.length - (bytes.length % 2)));
  return new TextDecoder('utf-8').decode(bytes);
}

async function readHead(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = new Uint8Array(SNAPSHOT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNAPSHOT_HEAD_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** Why the file could not be read; a file over the size limit is said as it is. */
function readFailure(error: unknown): string {
  if (error instanceof TooLarge) return error.message;
  return `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`;
}

function errorSummary(path: string, message: string, place?: { line: number; column: number }): InputSummary {
  return { path, kind: 'snapshot', status: 'error', resources: 0, diagnostics: [{ severity: 'error', message, ...place }] };
}
