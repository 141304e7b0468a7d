import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, InputSummary } from '../../model/input.js';
import type { Resource } from '../../model/resource.js';
import { isTerraformPlan, readTerraformPlan } from './plan.js';
import { isTerraformFileName } from './names.js';
import { readTerraformModule } from './read.js';
import { appendAll } from '../../model/arrays.js';

/**
 * How the file loader hands Terraform to this adapter: every folder with `.tf` or `.tf.json` files is one root
 * module input of kind `terraform`, unless another root in the scan calls it as a local module
 * (then it is read as part of that root, not on its own); JSON files shaped like
 * `terraform show -json` output are plan inputs.
 */

export interface TerraformLoadOptions {
  /** `--var-file FILE` (resolved paths). */
  readonly varFiles?: readonly string[];
  /** `--var NAME=VALUE`. */
  readonly vars?: readonly string[];
  readonly display: (file: string) => string;
  readonly maxFileBytes: number;
}

export interface TerraformLoadResult {
  readonly inputs: InputSummary[];
  readonly resources: Resource[];
  readonly unknownValues: number;
}

/** `NAME=VALUE` options → a record; a malformed one becomes a diagnostic. */
export function parseVarOptions(values: readonly string[]): { vars: Record<string, string>; problems: string[] } {
  const vars: Record<string, string> = {};
  const problems: string[] = [];
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) problems.push(`--var ${value}: expected NAME=VALUE`);
    else vars[value.slice(0, at).trim()] = value.slice(at + 1);
  }
  return { vars, problems };
}

export async function loadTerraform(rootDirs: readonly string[], plans: readonly string[], options: TerraformLoadOptions): Promise<TerraformLoadResult> {
  const inputs: InputSummary[] = [];
  const resources: Resource[] = [];
  let unknownValues = 0;
  const { vars, problems } = parseVarOptions(options.vars ?? []);
  const optionDiagnostics: Diagnostic[] = problems.map((message) => ({ severity: 'error', message }));

  const results = [];
  for (const dir of [...new Set(rootDirs)].sort()) {
    try {
      const read = await readTerraformModule(dir, { display: options.display, vars, ...(options.varFiles ? { varFiles: options.varFiles } : {}) });
      results.push({ dir, read });
    } catch (error) {
      // A module that breaks the reader in a way no check foresaw is an error for that module alone.
      inputs.push({
        path: options.display(dir),
        kind: 'terraform',
        status: 'error',
        resources: 0,
        diagnostics: [{ severity: 'error', message: `Cannot read the module: ${readFailure(error)}` }],
      });
    }
  }
  // A folder another root calls as a local module is read in that root's context, not on its own.
  const calledBy = new Map<string, string[]>();
  for (const { dir, read } of results) {
    const moduleDirs = new Set(read.files.filter(isTerraformFileName).map((file) => path.dirname(file)));
    for (const other of results) {
      if (other.dir === dir) continue;
      const display = options.display(other.dir);
      if (moduleDirs.has(display)) calledBy.set(other.dir, [...(calledBy.get(other.dir) ?? []), options.display(dir)]);
    }
  }
  for (const { dir, read } of results) {
    const parents = calledBy.get(dir);
    if (parents) {
      inputs.push({
        path: options.display(dir),
        kind: 'terraform',
        status: 'ok',
        resources: 0,
        diagnostics: [{ severity: 'info', message: `Read as a local module of ${parents.sort().join(', ')}; its resources are reported there` }],
      });
      continue;
    }
    appendAll(resources, read.resources);
    unknownValues += read.unknownValues;
    const diagnostics = [...optionDiagnostics, ...read.diagnostics];
    inputs.push({
      path: options.display(dir),
      kind: 'terraform',
      status: optionDiagnostics.length > 0 ? 'error' : read.status,
      resources: read.resources.length,
      diagnostics,
    });
  }
  for (const file of plans) {
    const display = options.display(file);
    try {
      if ((await stat(file)).size > options.maxFileBytes) {
        inputs.push({
          path: display,
          kind: 'terraform',
          status: 'error',
          resources: 0,
          diagnostics: [{ severity: 'error', message: `over the ${options.maxFileBytes}-byte limit` }],
        });
        continue;
      }
      const json = JSON.parse(await readFile(file, 'utf8')) as unknown;
      if (!isTerraformPlan(json)) continue;
      const read = readTerraformPlan(json, display);
      appendAll(resources, read.resources);
      unknownValues += read.unknownValues;
      inputs.push({ path: display, kind: 'terraform', status: read.status, resources: read.resources.length, diagnostics: read.diagnostics });
    } catch (error) {
      inputs.push({
        path: display,
        kind: 'terraform',
        status: 'error',
        resources: 0,
        diagnostics: [{ severity: 'error', message: `Cannot read the plan: ${readFailure(error)}` }],
      });
    }
  }
  return { inputs, resources, unknownValues };
}

/** Why a module or plan could not be read; a stack overflow is said for what it is. */
function readFailure(error: unknown): string {
  if (error instanceof RangeError && /call stack/i.test(error.message)) return 'nested too deeply to read';
  return error instanceof Error ? error.message : String(error);
}
