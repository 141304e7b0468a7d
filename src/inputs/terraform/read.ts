import { closeSync, existsSync, fstatSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../model/input.js';
import { Unknown, type ValueObject } from '../../model/value.js';
import type { ConfigurationFiles } from './file-functions.js';
import { evaluateRoot, loadModuleSource, lockedAzurermVersion, readTfvars, type TerraformModuleSource } from './module.js';
import { mapInstances, unmappedDiagnostics, type MappingResult } from './resources.js';
import { appendAll } from '../../model/arrays.js';

/**
 * Reads one Terraform root module (a folder of `.tf` files) and the local modules it calls into
 * ARM-shaped resources. Variables come from defaults, `terraform.tfvars`, `*.auto.tfvars` (in name
 * order) and then the `--var-file` and `--var` options, as Terraform applies them.
 */

export interface TerraformOptions {
  /** `--var-file` paths (absolute), applied after the automatic tfvars files. */
  readonly varFiles?: readonly string[];
  /** `--var name=value`. */
  readonly vars?: Readonly<Record<string, string>>;
  readonly subscriptionId?: string;
  /** How reports name a file. */
  readonly display?: (file: string) => string;
}

export interface TerraformReadResult extends MappingResult {
  /** Every `.tf` and `.tfvars` file read, as reports name them. */
  readonly files: string[];
  readonly status: 'ok' | 'partial' | 'error';
}

export const DEFAULT_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';

/** Module folders read for one root module, its own included (a real configuration has a few dozen). */
const MAX_MODULE_FOLDERS = 200;

/** The module folders a root module calls (local ones, and remote ones terraform init downloaded), read before evaluation (it is synchronous). */
async function preloadModules(
  root: TerraformModuleSource,
  installed: ReadonlyMap<string, string>,
  display: (file: string) => string,
): Promise<Map<string, TerraformModuleSource>> {
  const loaded = new Map<string, TerraformModuleSource>([[root.dir, root]]);
  const queue = [root];
  for (const dir of new Set(installed.values())) {
    if (loaded.size >= MAX_MODULE_FOLDERS) break;
    if (loaded.has(dir) || !existsSync(dir)) continue;
    const module = await loadModuleSource(dir, display);
    loaded.set(dir, module);
    queue.push(module);
  }
  while (queue.length > 0 && loaded.size < MAX_MODULE_FOLDERS) {
    const current = queue.shift() as TerraformModuleSource;
    for (const file of current.files) {
      for (const calls of Object.values((file.json?.module ?? {}) as Record<string, unknown>)) {
        for (const call of Array.isArray(calls) ? calls : [calls]) {
          const source = (call as { source?: unknown } | null)?.source;
          if (typeof source !== 'string' || !/^\.\.?(\/|\\|$)/.test(source)) continue;
          const dir = path.resolve(current.dir, source);
          if (loaded.has(dir) || !existsSync(dir)) continue;
          const module = await loadModuleSource(dir, display);
          loaded.set(dir, module);
          queue.push(module);
        }
      }
    }
  }
  return loaded;
}

/** Where `terraform init` records the modules it downloaded for a root module. */
const MODULE_MANIFEST = path.join('.terraform', 'modules', 'modules.json');
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

/**
 * The remote modules `terraform init` downloaded for the root module in `dir`, by key (`net`,
 * `net.subnets`) → folder, from `.terraform/modules/modules.json`. Only folders inside the root
 * module are taken (Terraform puts them under `.terraform/modules`); none when init has not run.
 */
async function installedModules(dir: string, display: (file: string) => string, diagnostics: Diagnostic[]): Promise<Map<string, string>> {
  const installed = new Map<string, string>();
  const file = path.join(dir, MODULE_MANIFEST);
  let manifest: unknown;
  try {
    const info = await stat(file);
    if (info.size > MAX_MANIFEST_BYTES) throw new Error(`it is over ${MAX_MANIFEST_BYTES} bytes`);
    manifest = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      diagnostics.push({
        severity: 'warning',
        message: `${display(file)} cannot be read (${error instanceof Error ? error.message : String(error)}): downloaded modules are not read`,
      });
    }
    return installed;
  }
  const entries = (manifest as { Modules?: unknown } | null)?.Modules;
  for (const entry of Array.isArray(entries) ? entries : []) {
    const { Key: key, Dir: folder } = (entry ?? {}) as { Key?: unknown; Dir?: unknown };
    if (typeof key !== 'string' || key === '' || typeof folder !== 'string') continue;
    const resolved = path.resolve(dir, folder);
    if (!strictlyInside(dir, resolved)) {
      diagnostics.push({ severity: 'warning', message: `${display(file)}: module ${key} is recorded outside the root module (${folder}): not read` });
      continue;
    }
    installed.set(key, resolved);
  }
  return installed;
}

/** The automatic variable files of a root module, in the order Terraform reads them. */
export function automaticVarFiles(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const auto = names.filter((name) => name.endsWith('.auto.tfvars') || name.endsWith('.auto.tfvars.json')).sort();
  return [...['terraform.tfvars', 'terraform.tfvars.json'].filter((name) => names.includes(name)), ...auto].map((name) => path.join(dir, name));
}

/** Whether `file` is below `folder` (not the folder itself, not above it, not on another drive). */
function strictlyInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

/** The largest file file() or templatefile() reads (VM custom data and user data hold at most 64 KB). */
export const MAX_FUNCTION_FILE_BYTES = 1024 * 1024;

/**
 * What file() and templatefile() read: files inside the folders of the modules the scan reads (the
 * root module and the local and installed modules it calls), where custom data, scripts and
 * templates are kept; never a file elsewhere, a symbolic link included (its target is checked).
 * Relative paths are read from the root module's folder, Terraform's working directory. Each file
 * is read once, synchronously: evaluation is, and the files are small.
 */
function configurationFiles(root: string, moduleDirs: readonly string[], display: (file: string) => string): ConfigurationFiles & { done: Set<string> } {
  const real = (dir: string): string | undefined => {
    try {
      return realpathSync(dir);
    } catch {
      return undefined;
    }
  };
  const folders = moduleDirs.map(real).filter((dir): dir is string => dir !== undefined);
  const inside = (file: string): boolean => folders.some((folder) => strictlyInside(folder, file));
  const cache = new Map<string, Buffer | Unknown | undefined>();
  const done = new Set<string>();
  const read = (file: string): Buffer | Unknown | undefined => {
    const resolved = path.resolve(root, file);
    if (cache.has(resolved)) return cache.get(resolved);
    const found = readInside(resolved, display(resolved), inside);
    if (Buffer.isBuffer(found)) done.add(display(resolved));
    cache.set(resolved, found);
    return found;
  };
  return { read, done, cwd: path.resolve(root) };
}

function readInside(file: string, shown: string, inside: (file: string) => boolean): Buffer | Unknown | undefined {
  let target: string;
  try {
    target = realpathSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? undefined : new Unknown(`the file ${shown} cannot be read (${code ?? String(error)})`);
  }
  if (!inside(target)) return new Unknown(`the file ${shown} is outside the folders of the configuration's modules: not read`);
  let descriptor: number | undefined;
  try {
    // Looked at before it is opened: opening a named pipe waits for a writer, for ever.
    if (!statSync(target).isFile()) return new Unknown(`${shown} is not a file`);
    descriptor = openSync(target, 'r');
    const stats = fstatSync(descriptor);
    if (stats.size > MAX_FUNCTION_FILE_BYTES) return new Unknown(`the file ${shown} is larger than ${MAX_FUNCTION_FILE_BYTES} bytes: not read`);
    const bytes = Buffer.alloc(stats.size);
    let offset = 0;
    while (offset < bytes.length) {
      const count = readSync(descriptor, bytes, offset, bytes.length - offset, offset);
      if (count === 0) break;
      offset += count;
    }
    return bytes.subarray(0, offset);
  } catch (error) {
    return new Unknown(`the file ${shown} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  } finally {
    if (descriptor !== undefined) closeSync(descriptor);
  }
}

export async function readTerraformModule(dir: string, options: TerraformOptions = {}): Promise<TerraformReadResult> {
  const display = options.display ?? ((file: string) => file);
  const lockedAzurerm = await lockedAzurermVersion(dir);
  const root = { ...(await loadModuleSource(dir, display)), ...(lockedAzurerm ? { lockedAzurerm } : {}) };
  const diagnostics: Diagnostic[] = [];
  const installed = await installedModules(dir, display, diagnostics);
  const modules = await preloadModules(root, installed, display);
  const varFiles: ValueObject[] = [];
  const files = new Set<string>();
  for (const file of [...automaticVarFiles(dir), ...(options.varFiles ?? [])]) {
    const read = await readTfvars(file, display(file));
    files.add(display(file));
    appendAll(diagnostics, read.diagnostics);
    varFiles.push(read.values);
  }
  const read = configurationFiles(dir, [...modules.keys()], display);
  const evaluation = evaluateRoot(root, {
    subscriptionId: options.subscriptionId ?? DEFAULT_SUBSCRIPTION,
    ...(options.vars ? { vars: options.vars } : {}),
    varFiles,
    loadModule: (moduleDir) => modules.get(moduleDir),
    installedModule: (key) => installed.get(key),
    files: read,
    display,
  });
  for (const file of [...evaluation.files, ...read.done]) files.add(file);
  const input = display(dir);
  const mapped = mapInstances(evaluation.instances, input);
  const all = [...diagnostics, ...evaluation.diagnostics, ...mapped.diagnostics];
  appendAll(all, unmappedDiagnostics(mapped.unmapped));
  const status =
    root.files.length === 0 || all.some((d) => d.severity === 'error')
      ? evaluation.instances.length > 0
        ? 'partial'
        : 'error'
      : all.some((d) => d.severity === 'warning')
        ? 'partial'
        : 'ok';
  return { ...mapped, diagnostics: all, files: [...files].sort(), status };
}
