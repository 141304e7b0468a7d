import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Vitest's global setup: every temporary folder the tests make (os.tmpdir() in the test threads and
 * in the command-line processes they start) lies under one folder of this run, removed when the run
 * ends. The hostile-input tests alone write about 400 MB per run (a 100 MB file, 100,000 files),
 * and left in the system's temporary folder, runs added up until the disk was full.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'azvmsec-tests-'));
  // Open to every user, as the system's temporary folder is: a test runs the scan as `nobody`.
  chmodSync(root, 0o1777);
  // Read by os.tmpdir() on every call, and inherited by the test threads and child processes.
  process.env['TMPDIR'] = root;
  return () => {
    // Tests lock files and folders (mode 000) to check unreadable inputs: opened again to be removed.
    unlock(root);
    rmSync(root, { recursive: true, force: true });
  };
}

function unlock(folder: string): void {
  try {
    chmodSync(folder, 0o777);
    for (const entry of readdirSync(folder, { withFileTypes: true })) if (entry.isDirectory()) unlock(path.join(folder, entry.name));
  } catch {
    // Gone already, or not ours to change: rmSync says the rest.
  }
}
