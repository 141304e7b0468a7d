import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type * as Read from '../../src/inputs/terraform/read.js';

// Reading the folder named `boom` fails in a way no check foresaw (a stack overflow).
vi.mock('../../src/inputs/terraform/read.js', async (importOriginal) => {
  const actual = await importOriginal<typeof Read>();
  return {
    ...actual,
    readTerraformModule: (dir: string, options: Parameters<typeof actual.readTerraformModule>[1]) => {
      if (path.basename(dir) === 'boom') throw new RangeError('Maximum call stack size exceeded');
      return actual.readTerraformModule(dir, options);
    },
  };
});

const { loadTerraform } = await import('../../src/inputs/terraform/files.js');

describe('a Terraform module that breaks the reader', () => {
  it('is an error input of its own, and the other modules are read', async () => {
    const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-'));
    for (const name of ['boom', 'web']) {
      await mkdir(path.join(folder, name));
      await writeFile(
        path.join(folder, name, 'main.tf'),
        `resource "azurerm_network_security_group" "x" {\n  name = "nsg-${name}"\n  location = "japaneast"\n  resource_group_name = "rg"\n}\n`,
      );
    }
    const { inputs, resources } = await loadTerraform([path.join(folder, 'boom'), path.join(folder, 'web')], [], {
      display: (file) => path.relative(folder, file),
      maxFileBytes: 1024 * 1024,
    });
    expect(inputs.find((input) => input.path === 'boom')).toEqual({
      path: 'boom',
      kind: 'terraform',
      status: 'error',
      resources: 0,
      diagnostics: [{ severity: 'error', message: 'Cannot read the module: nested too deeply to read' }],
    });
    expect(inputs.find((input) => input.path === 'web')?.status).toBe('ok');
    expect(resources.map((resource) => resource.name)).toEqual(['nsg-web']);
  });
});
