import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../support/cli.js';

const BIN = path.join(ROOT, 'bin', 'azvmsec.js');
const built = existsSync(path.join(ROOT, 'dist', 'bundle', 'main.js'));

async function bin(args: string[], cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

// The bundle npm run build writes (tools/bundle.ts): what bin/azvmsec.js runs. Skipped before a build.
describe.skipIf(!built)('bin/azvmsec.js (the bundled command line)', { timeout: 30_000 }, () => {
  it('prints the version', async () => {
    expect((await bin(['--version'])).stdout.trim()).toBe(VERSION);
  });

  it('scans ARM templates and Terraform (the parser stays outside the bundle)', async () => {
    const { code, stdout } = await bin(['scan', 'examples/spoke-web', 'examples/terraform', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout) as { inputs: { kind: string; status: string }[] };
    const kinds = report.inputs.filter((input) => input.status !== 'error').map((input) => input.kind);
    expect(kinds).toContain('arm-template');
    expect(kinds).toContain('terraform');
  });

  it('reads a .azvmsec.yaml (YAML loaded on demand)', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-bin-'));
    await writeFile(path.join(folder, '.azvmsec.yaml'), 'rules:\n  AZV-VM-999: off\n');
    const { code, stderr } = await bin(['scan', folder]);
    expect(code).toBe(2);
    expect(stderr).toContain('no rule AZV-VM-999');
  });

  it('finds the rule pages next to the bundle', async () => {
    const { code, stdout } = await bin(['rules', 'AZV-VM-013']);
    expect(code).toBe(0);
    expect(stdout).toContain('# AZV-VM-013');
  });
});
