import { execFileSync } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { armTemplate, linuxVm } from '../support/arm-snippets.js';
import { ROOT } from '../support/cli.js';

const SNAPSHOT = readFileSync(path.join(ROOT, 'examples/tenant/contoso-tenant.snapshot.json'));

/** The bytes as standard input gives them: in pieces, the first a single byte (gzip's two-byte mark is cut). */
const piped = (bytes: Uint8Array, piece = 1000): Readable =>
  Readable.from([
    bytes.subarray(0, 1),
    ...Array.from({ length: Math.ceil((bytes.length - 1) / piece) }, (_, i) => bytes.subarray(1 + i * piece, 1 + (i + 1) * piece)),
  ]);

const copiesLeft = async (): Promise<string[]> => (await readdir(os.tmpdir())).filter((name) => name.startsWith('azvmsec-input-'));

describe('inputs read as they come: standard input and pipes', () => {
  it('reads a snapshot, a gzip snapshot and a template from standard input, named `-`, and leaves no copy behind', async () => {
    const before = await copiesLeft();
    const file = await loadInputs({ paths: ['examples/tenant'], cwd: ROOT });
    for (const bytes of [SNAPSHOT, gzipSync(SNAPSHOT)]) {
      const stdin = await loadInputs({ paths: ['-'], cwd: ROOT, stdin: piped(bytes) });
      expect(stdin.inputs).toEqual([{ ...(file.inputs[0] as object), path: '-' }]);
      expect(stdin.resources.map((r) => r.id)).toEqual(file.resources.map((r) => r.id));
      expect(new Set(stdin.resources.map((r) => r.input))).toEqual(new Set(['-']));
    }
    const template = await loadInputs({ paths: ['-'], stdin: piped(Buffer.from(JSON.stringify(armTemplate([linuxVm('vm1')]), null, 2))) });
    expect(template.inputs[0]).toMatchObject({ path: '-', kind: 'arm-template', status: 'ok', resources: 1 });
    expect(template.resources[0]?.source?.locate('')?.file).toBe('-');
    expect(await copiesLeft()).toEqual(before);
  });

  it('says where standard input is not JSON, by line and column', async () => {
    const { inputs } = await loadInputs({ paths: ['-'], stdin: piped(Buffer.from('{\n  "resources": [\n    {"id": ]\n}')) });
    expect(inputs).toEqual([expect.objectContaining({ path: '-', status: 'error', diagnostics: [expect.objectContaining({ line: 3, severity: 'error' })] })]);
  });

  it('reads a named pipe given by name (a process substitution is one), and never one met in a folder', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-pipe-'));
    const pipe = path.join(folder, 'estate');
    execFileSync('mkfifo', [pipe]);
    const writer = createWriteStream(pipe);
    writer.end(SNAPSHOT);
    const read = await loadInputs({ paths: ['estate'], cwd: folder });
    expect(read.inputs).toEqual([expect.objectContaining({ path: 'estate', kind: 'snapshot', status: 'ok', resources: 34 })]);
    // A pipe met while walking a folder is reported, not opened (nothing writes to it now).
    execFileSync('mkfifo', [path.join(folder, 'pipe.json')]);
    const walked = await loadInputs({ paths: [folder], cwd: folder });
    expect(walked.inputs).toEqual([
      expect.objectContaining({ path: 'pipe.json', diagnostics: [expect.objectContaining({ message: 'not a regular file: not read' })] }),
    ]);
  });

  it('stops at the limit, and says so; the other inputs are still read', async () => {
    const endless = Readable.from(
      (function* () {
        for (;;) yield Buffer.alloc(64 * 1024, 0x20);
      })(),
    );
    const { inputs, resources } = await loadInputs({ paths: ['-', 'examples/tenant'], cwd: ROOT, stdin: endless, maxStreamBytes: 1024 * 1024 });
    expect(inputs.find((i) => i.path === '-')).toMatchObject({ status: 'error', diagnostics: [{ message: expect.stringMatching(/1048576-byte limit/) }] });
    expect(resources.length).toBe(34);
    expect(endless.destroyed).toBe(true);
  });

  it('leaves devices unread: /dev/zero never ends', async () => {
    const { inputs } = await loadInputs({ paths: ['/dev/zero'] });
    expect(inputs).toEqual([
      expect.objectContaining({ path: '/dev/zero', status: 'error', diagnostics: [expect.objectContaining({ message: 'not a regular file: not read' })] }),
    ]);
  });

  it('names a missing standard input rather than reading nothing', async () => {
    const { inputs } = await loadInputs({ paths: ['-'] });
    expect(inputs).toEqual([
      expect.objectContaining({
        path: '-',
        status: 'error',
        diagnostics: [expect.objectContaining({ message: expect.stringMatching(/standard input was named/) })],
      }),
    ]);
    expect(existsSync('-')).toBe(false);
  });
});
