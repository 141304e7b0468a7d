// Node flags for scans of large snapshot files: read by bin/azvmsec.js and by the benchmark
// (bench/run.ts), which measures scans the way the command line runs them.
import { opendirSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import path from 'node:path';

/**
 * A larger young generation (V8's default semi-space is 16 MB): a scan of tens of thousands of
 * VMs keeps gigabytes of resources and results alive, and each of the hundreds of young
 * collections then costs more; with 32 MB there are half as many (50,000 VMs: about a fifth less
 * time). And a fixed heap growth of 1.5 between full collections: on a heap of gigabytes V8
 * otherwise lets garbage pile up well past the live size (50,000 VMs: a peak of 2.7 GB
 * instead of 1.85 GB, in the same time; see README, Performance). And a heap of up to three quarters
 * of the machine's memory, never less than V8's usual 4 GiB: a scan keeps about 3.5 times its
 * snapshot, and snapshots of up to 1 GiB are read. Small scans never reach the sizes where any of
 * these matters, and are not relaunched to apply them.
 */
export const LARGE_INPUT_FLAGS = [
  '--max-semi-space-size=32',
  '--heap-growing-percent=50',
  `--max-old-space-size=${Math.max(4096, Math.floor((totalmem() / 2 ** 20) * 0.75))}`,
];

/** A file argument at least this large makes the scan a large one. */
export const LARGE_INPUT_BYTES = 64 * 1024 * 1024;

/** Entries of a directory argument looked at: enough for a folder of snapshots, bounded for a folder of a hundred thousand templates. */
const DIRECTORY_ENTRIES_LOOKED_AT = 1000;

/**
 * The flags to relaunch Node with for these command-line arguments, or undefined: no argument names
 * a file of LARGE_INPUT_BYTES or more, or a directory holding one (among its first entries, not in
 * subdirectories), or the flags are already set. Reading live Azure (`scan --live`, `collect`) is
 * taken as large: the tenant's size is not known before it is read, and the relaunch costs a tenth of
 * a second against the seconds a collection takes. So is a scan of standard input (`-`) or of a pipe
 * (`<(az graph query …)`), for the same reason.
 */
export function largeInputFlags(args, execArgv) {
  if (execArgv.some((arg) => arg.startsWith('--max-semi-space-size'))) return undefined;
  if (args[0] === 'collect' || args.includes('--live')) return LARGE_INPUT_FLAGS;
  if (args[0] === 'scan' && args.includes('-')) return LARGE_INPUT_FLAGS;
  for (const arg of args) {
    if (arg.startsWith('-')) continue;
    try {
      const stat = statSync(arg, { throwIfNoEntry: false });
      if (args[0] === 'scan' && stat?.isFIFO()) return LARGE_INPUT_FLAGS;
      if (stat?.isFile() && stat.size >= LARGE_INPUT_BYTES) return LARGE_INPUT_FLAGS;
      if (stat?.isDirectory() && holdsLargeFile(arg)) return LARGE_INPUT_FLAGS;
    } catch {
      // Unreadable: the scan itself will say so.
    }
  }
  return undefined;
}

function holdsLargeFile(directory) {
  const entries = opendirSync(directory);
  try {
    for (let looked = 0; looked < DIRECTORY_ENTRIES_LOOKED_AT; looked++) {
      const entry = entries.readSync();
      if (entry === null) return false;
      if (entry.isFile() && statSync(path.join(directory, entry.name)).size >= LARGE_INPUT_BYTES) return true;
    }
    return false;
  } finally {
    entries.closeSync();
  }
}
