import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../support/cli.js';

const BIN = path.join(ROOT, 'bin', 'azvmsec.js');
const built = existsSync(path.join(ROOT, 'dist', 'bundle', 'main.js'));

/**
 * Runs the built CLI with its standard output read by a reader that closes the pipe after the
 * first piece, as `azvmsec … | head -1` does; the report is larger than the pipe buffer, so later
 * writes meet EPIPE.
 */
function closedEarly(args: string[]): Promise<{ code: number | null; signal: NodeJS.Signals | null; first: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let first = '';
    let stderr = '';
    child.stdout.once('data', (data: Buffer) => {
      first = data.toString('utf8');
      child.stdout.destroy();
    });
    child.stderr.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, first, stderr }));
  });
}

// Spawns bin/azvmsec.js, which runs the bundle of `npm run build`; skipped before a build.
describe.skipIf(!built)('standard output closed by its reader (EPIPE)', { timeout: 60_000 }, () => {
  it('scan stops writing quietly and exits with the verdict of the scan', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-epipe-'));
    const sarif = path.join(folder, 'report.sarif');
    const { code, signal, first, stderr } = await closedEarly(['scan', 'examples', '--format', 'json', '-o', `sarif=${sarif}`]);
    expect(first.startsWith('{')).toBe(true);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
    expect(signal).toBeNull();
    // The examples fail high-severity checks: exit 1, as when the whole report is read.
    expect(code).toBe(1);
    // The --output files are still written in full.
    const log = JSON.parse(await readFile(sarif, 'utf8')) as { runs: { results: unknown[] }[] };
    expect(log.runs[0]?.results.length).toBeGreaterThan(0);
  });

  it('scan --fail-on none exits 0', async () => {
    const { code, stderr } = await closedEarly(['scan', 'examples', '--format', 'sarif', '--fail-on', 'none']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });

  it('commands that print with plain writes (rules) exit quietly too', async () => {
    const { code, stderr } = await closedEarly(['rules', '--format', 'json']);
    expect(stderr).not.toContain('EPIPE');
    expect(stderr).toBe('');
    expect(code).toBe(0);
  });
});
