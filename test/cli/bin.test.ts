import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JavaScript next to the command line, without type declarations
import { LARGE_INPUT_BYTES, LARGE_INPUT_FLAGS, largeInputFlags } from '../../bin/large-input.js';
import { VERSION } from '../../src/version.js';
import { ROOT } from '../support/cli.js';

const BIN = path.join(ROOT, 'bin', 'azvmsec.js');
const built = existsSync(path.join(ROOT, 'dist', 'bundle', 'main.js'));

async function bin(args: string[], cwd = ROOT, nodeFlags: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [...nodeFlags, BIN, ...args], {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      maxBuffer: 1 << 26,
    });
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

  it('runs a scan of a large snapshot in a Node with a larger young generation, with the same output and exit code', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-bin-'));
    const file = path.join(folder, 'large.snapshot.json');
    // The example tenant's snapshot, padded with whitespace past the size that asks for the flags.
    const text = await readFile(path.join(ROOT, 'examples', 'tenant', 'contoso-tenant.snapshot.json'), 'utf8');
    await writeFile(file, text.replace(/}\s*$/, `${' '.repeat(LARGE_INPUT_BYTES)}}`));
    const relaunched = await bin(['scan', file, '--format', 'json']);
    const direct = await bin(['scan', file, '--format', 'json'], ROOT, LARGE_INPUT_FLAGS as string[]);
    expect(relaunched.code).toBe(1);
    expect(relaunched.code).toBe(direct.code);
    expect(JSON.parse(relaunched.stdout)).toEqual(JSON.parse(direct.stdout));
    expect(relaunched.stderr).toBe(direct.stderr);
  });
});

describe('largeInputFlags (bin/large-input.js)', () => {
  it('asks for the flags when an argument names a file of 64 MiB or more or a folder holding one, or Azure is read live, and only then', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-large-'));
    const large = path.join(folder, 'large.json');
    const small = path.join(folder, 'small.json');
    const nested = path.join(folder, 'nested');
    await writeFile(small, '{}');
    await writeFile(large, '');
    await truncate(large, LARGE_INPUT_BYTES); // sparse: no 64 MiB written
    await mkdir(nested);
    expect(largeInputFlags(['scan', large], [])).toEqual(LARGE_INPUT_FLAGS);
    expect(largeInputFlags(['scan', small, '--output', large], [])).toEqual(LARGE_INPUT_FLAGS);
    expect(largeInputFlags(['scan', folder], [])).toEqual(LARGE_INPUT_FLAGS);
    expect(largeInputFlags(['scan', small, nested, path.join(folder, 'missing.json')], [])).toBeUndefined();
    expect(largeInputFlags(['scan', large], ['--max-semi-space-size=64'])).toBeUndefined();
    // Live Azure: the tenant's size is unknown until it is read.
    expect(largeInputFlags(['scan', '--live', '--subscription', 'x'], [])).toEqual(LARGE_INPUT_FLAGS);
    expect(largeInputFlags(['collect', '--output', small], [])).toEqual(LARGE_INPUT_FLAGS);
    expect(largeInputFlags(['collect'], ['--max-semi-space-size=32'])).toBeUndefined();
    // Standard input and pipes: their size is unknown until they are read.
    expect(largeInputFlags(['scan', '-'], [])).toEqual(LARGE_INPUT_FLAGS);
    execFileSync('mkfifo', [path.join(folder, 'pipe')]);
    expect(largeInputFlags(['scan', path.join(folder, 'pipe')], [])).toEqual(LARGE_INPUT_FLAGS);
    await truncate(large, LARGE_INPUT_BYTES - 1);
    expect(largeInputFlags(['scan', large], [])).toBeUndefined();
    expect(largeInputFlags(['scan', folder], [])).toBeUndefined();
  });
});
