import { createReadStream } from 'node:fs';
import { mkdtemp, open, rename, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe } from './walk.js';

/** The path argument that names standard input. */
export const STANDARD_INPUT = '-';

/** The files inputs read as they come were copied to, what they are copies of, and what could not be copied. */
export interface SpooledInputs {
  /** The paths to walk: each input that is read as it comes replaced by its copy. */
  readonly paths: readonly string[];
  /** What each copy is a copy of: `-` or the pipe's full path. */
  readonly originals: ReadonlyMap<string, string>;
  /** What could not be copied, named as in `originals`. */
  readonly problems: readonly { path: string; message: string }[];
  /** Removes the copies. */
  readonly remove: () => Promise<void>;
}

/**
 * Inputs that can be read only once, as they come: standard input (`-`), a named pipe, a process
 * substitution (`azvmsec scan <(az graph query …)`, which the shell passes as `/dev/fd/63`). Each
 * is copied to a file of its own in a fresh temporary folder, so that it is read like any other
 * file: told apart by its first bytes (a gzip copy is named `.json.gz`), read in chunks, errors
 * placed by line and column. Only paths named on the command line are read this way; a pipe met
 * while walking a folder is never opened (walk.ts). A copy stops at `maxBytes`.
 */
export async function spoolStreams(
  paths: readonly string[],
  cwd: string,
  stdin: AsyncIterable<Uint8Array> | undefined,
  maxBytes: number,
): Promise<SpooledInputs> {
  let folder: string | undefined;
  const out: string[] = [];
  const originals = new Map<string, string>();
  const problems: { path: string; message: string }[] = [];
  for (const [index, given] of paths.entries()) {
    const original = given === STANDARD_INPUT ? given : path.resolve(cwd, given);
    let source: (() => AsyncIterable<Uint8Array>) | undefined;
    if (given === STANDARD_INPUT) {
      if (stdin === undefined) {
        problems.push({ path: original, message: 'standard input was named, but none was given to read' });
        continue;
      }
      source = () => stdin;
    } else if (await readAsItComes(original)) source = () => createReadStream(original);
    if (source === undefined) {
      out.push(given);
      continue;
    }
    try {
      // Readable by this user alone: templates and snapshots can hold secrets.
      folder ??= await mkdtemp(path.join(os.tmpdir(), 'azvmsec-input-'));
      const file = await copy(source, path.join(folder, String(index)), maxBytes);
      originals.set(file, original);
      out.push(file);
    } catch (error) {
      problems.push({ path: original, message: error instanceof TooLarge ? error.message : `Cannot read: ${describe(error)}` });
    }
  }
  const created = folder;
  return { paths: out, originals, problems, remove: async () => (created === undefined ? undefined : rm(created, { recursive: true, force: true })) };
}

/**
 * A pipe: there is no reading it twice. Devices and sockets stay unread (walk.ts says so):
 * `/dev/zero` never ends, and `/dev/stdin` on a terminal would wait for typing.
 */
async function readAsItComes(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFIFO();
  } catch {
    // Missing or unreadable: the walk says so.
    return false;
  }
}

class TooLarge extends Error {}

/** Copies the bytes to `base` + `.json`, or `.json.gz` when they start as gzip does; the copy's path. */
async function copy(source: () => AsyncIterable<Uint8Array>, base: string, maxBytes: number): Promise<string> {
  const partial = `${base}.part`;
  const handle = await open(partial, 'wx', 0o600);
  const head: number[] = [];
  let total = 0;
  try {
    // Opened only once the copy can be written: a pipe left unread would stay open.
    for await (const chunk of source()) {
      for (let i = 0; head.length < 2 && i < chunk.length; i++) head.push(chunk[i] as number);
      total += chunk.length;
      // Leaving the loop closes a stream source.
      if (total > maxBytes) throw new TooLarge(`Over the ${maxBytes}-byte limit for an input read as it comes: not read`);
      await handle.write(chunk);
    }
  } finally {
    await handle.close();
  }
  const file = head[0] === 0x1f && head[1] === 0x8b ? `${base}.json.gz` : `${base}.json`;
  await rename(partial, file);
  return file;
}
