import { readdir, readFile, stat } from 'node:fs/promises';
import { selectProviderVersion, type ProviderConstraint, type ProviderSelection } from './provider-version.js';
import path from 'node:path';
import type { Diagnostic } from '../../model/input.js';
import { JsonSyntaxError, parseJson } from '../json/parse.js';
import { isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import {
  child,
  entriesOf,
  EvaluationLimit,
  evaluateNode,
  evaluateTemplateString,
  force,
  Lazy,
  withComputedAttributes,
  type EValue,
  type Scope,
} from './evaluate.js';
import type { ConfigurationFiles } from './file-functions.js';
import { isCredentialName } from '../../model/credential-names.js';
import { HclSyntaxError, parseExpression } from './expression.js';
import { parseHcl } from './hcl-parser.js';
import { readTerraformJson } from './json-syntax.js';
import { isTerraformFileName } from './names.js';
import { convert, isComplex, readTypeConstraint, type TypeConstraint } from './types.js';
import { mappingFor } from './mapping/index.js';
import { BUILT_IN_ROLES } from './mapping/security.js';
import { fallbackName, PlaceholderName, placeholderSubscription } from './mapping/types.js';
import type { MapContext } from './mapping/shape.js';
import { beyondLimits, positionOf, scanBlocks, type ScannedBlock } from './scanner.js';
import { appendAll } from '../../model/arrays.js';
import { boundAttributes } from './value-size.js';
import { Ephemeral, Sensitive } from './functions.js';

/**
 * Reads a Terraform root module and the local modules it calls, and evaluates it the way
 * `terraform plan` would as far as the configuration alone allows: variables (defaults, tfvars,
 * `--var`), locals, `count` / `for_each`, `dynamic` blocks, module inputs and outputs, and
 * references between resources. Every resource instance comes out with its evaluated attributes
 * and the file and block it was written in.
 */

// hcl2json's JSON is untyped by nature.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export interface TerraformFile {
  readonly file: string;
  /** As reports show it. */
  readonly display: string;
  readonly json: Json;
  readonly blocks: ScannedBlock[];
}

export interface TerraformModuleSource {
  readonly dir: string;
  readonly files: TerraformFile[];
  readonly diagnostics: Diagnostic[];
  /** The azurerm version a root module's `.terraform.lock.hcl` records, which `terraform init` installs whatever the constraints allow. */
  readonly lockedAzurerm?: string;
}

export interface ResourceInstance {
  readonly address: string;
  readonly mode: 'managed' | 'data';
  readonly type: string;
  readonly attrs: ValueObject;
  readonly file: string;
  readonly block: ScannedBlock | undefined;
  readonly ctx: MapContext;
}

export interface EvaluateOptions {
  readonly subscriptionId: string;
  /** `--var name=value` (raw text, read by the variable's type). */
  readonly vars?: Readonly<Record<string, string>>;
  /** Values from tfvars files, in order of precedence (later wins). */
  readonly varFiles?: readonly ValueObject[];
  readonly loadModule: (dir: string) => TerraformModuleSource | undefined;
  /** The folder `terraform init` downloaded a remote module call to, by its key (`net`, `net.subnets`). */
  readonly installedModule?: (key: string) => string | undefined;
  /** What file() and templatefile() read; without it, they are Unknown. */
  readonly files?: ConfigurationFiles;
  readonly display: (file: string) => string;
}

const META = new Set(['count', 'for_each', 'depends_on', 'lifecycle', 'provider', 'provisioner', 'connection']);
const MAX_MODULE_DEPTH = 12;
const MAX_INSTANCES = 10_000;
/** Instances read of one `count`: the rest are copies of the same block, with only `count.index` changed. */
const MAX_COUNT = 1000;
/** Instances read of one module call's `count` (each is a whole module). */
const MAX_MODULE_COUNT = 100;

/** A `count` that is not a whole number, as a warning names it: a number or a boolean as it is, else its kind (a string may come from a secret). */
function countText(count: unknown): string {
  if (typeof count === 'number' || typeof count === 'boolean') return String(count);
  if (typeof count === 'string') return '(a string)';
  return count === null ? 'null' : Array.isArray(count) ? '(a list)' : '(an object)';
}

/** Reads and parses every `.tf` and `.tf.json` file of one folder (not its subfolders). */
export async function loadModuleSource(dir: string, display: (file: string) => string): Promise<TerraformModuleSource> {
  const diagnostics: Diagnostic[] = [];
  const files: TerraformFile[] = [];
  let names: string[] = [];
  try {
    names = (await readdir(dir, { withFileTypes: true }))
      .filter((entry) => (entry.isFile() || entry.isSymbolicLink()) && isTerraformFileName(entry.name))
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    diagnostics.push({
      severity: 'error',
      message: `Cannot read the module folder ${display(dir)}: ${error instanceof Error ? error.message : String(error)}`,
    });
  }
  for (const name of names) {
    const file = path.join(dir, name);
    const parsed = await parseTerraformFile(file, display(file));
    if ('error' in parsed) diagnostics.push(parsed.error);
    else files.push(parsed);
  }
  return { dir, files, diagnostics };
}

/** The largest dependency lock file read (a few kilobytes per provider). */
const MAX_LOCK_BYTES = 1024 * 1024;
/** azurerm's block in a dependency lock file: `provider "registry.terraform.io/hashicorp/azurerm" { version = "3.117.0" … }`. */
const AZURERM_LOCK = /provider\s+"(?:[^"/]+\/)?hashicorp\/azurerm"\s*\{([^}]*)\}/i;

/** The azurerm version a root module's `.terraform.lock.hcl` records, if it has one. */
export async function lockedAzurermVersion(dir: string): Promise<string | undefined> {
  const file = path.join(dir, '.terraform.lock.hcl');
  try {
    if ((await stat(file)).size > MAX_LOCK_BYTES) return undefined;
    const block = AZURERM_LOCK.exec(await readFile(file, 'utf8'));
    return block ? /\bversion\s*=\s*"([^"]+)"/.exec(block[1] as string)?.[1] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The largest `.tf` or `.tfvars` file read. HCL is parsed at about half a megabyte a second (a
 * 4 MiB file takes about 7 s on a 2-core machine); real files are rarely over 100 kB.
 */
export const MAX_HCL_BYTES = 4 * 1024 * 1024;

/**
 * Files nested deeper than this (brackets, strings, interpolations; see `beyondLimits`) are
 * refused. Real configurations stay within a few dozen levels; the HCL parser itself gives up
 * somewhere past a thousand, and not always cleanly (a worker left waiting forever).
 */
export const MAX_HCL_NESTING = 200;

/**
 * Lines of heredocs in one file past which it is refused: the HCL parser's time grows with the
 * square of a heredoc's lines (`beyondLimits`), and this many take it under a second. Real
 * heredocs (cloud-init, scripts, policies) run to hundreds of lines.
 */
export const MAX_HEREDOC_LINES = 10_000;

export async function parseTerraformFile(file: string, display: string, text?: string): Promise<TerraformFile | { error: Diagnostic }> {
  let source: string;
  try {
    const size = text === undefined ? (await stat(file)).size : Buffer.byteLength(text);
    if (size > MAX_HCL_BYTES)
      return { error: { severity: 'error', message: `${display}: the file is ${size} bytes, over the ${MAX_HCL_BYTES}-byte limit for a Terraform file` } };
    source = text ?? (await readFile(file, 'utf8'));
  } catch (error) {
    return { error: { severity: 'error', message: `${display}: cannot read the file: ${error instanceof Error ? error.message : String(error)}` } };
  }
  if (file.endsWith('.json')) return parseTerraformJsonFile(file, display, source);
  const beyond = beyondLimits(source, { nesting: MAX_HCL_NESTING, heredocLines: MAX_HEREDOC_LINES });
  if (beyond) {
    const { line, column } = positionOf(source, beyond.offset);
    const what = beyond.limit === 'nesting' ? `nested deeper than ${MAX_HCL_NESTING} levels` : `more than ${MAX_HEREDOC_LINES} lines of heredocs`;
    return { error: { severity: 'error', message: `${display}: ${what}`, line, column } };
  }
  try {
    const json = (await parseHcl(path.basename(file), source)) as Json;
    return { file, display, json, blocks: scanBlocks(source) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const line = /:(\d+),\d+/.exec(message)?.[1];
    return {
      error: { severity: 'error', message: `${display}: invalid HCL: ${message.replace(/^parse config: /, '')}`, ...(line ? { line: Number(line) } : {}) },
    };
  }
}

function parseTerraformJsonFile(file: string, display: string, source: string): TerraformFile | { error: Diagnostic } {
  try {
    const read = readTerraformJson(source);
    if ('problem' in read) return { error: { severity: 'error', message: `${display}: ${read.problem}`, line: 1, column: 1 } };
    return { file, display, json: read.json, blocks: read.blocks };
  } catch (error) {
    if (!(error instanceof JsonSyntaxError)) throw error;
    return { error: { severity: 'error', message: `${display}: invalid JSON: ${error.message}`, line: error.line, column: error.column } };
  }
}

/** The Terraform address of a resource instance with its key: `x[0]`, `x["key"]`. */
function keyed(address: string, key: number | string | undefined): string {
  if (key === undefined) return address;
  return typeof key === 'number' ? `${address}[${key}]` : `${address}[${JSON.stringify(key)}]`;
}

interface Declared {
  readonly raw: Json;
  readonly file: TerraformFile;
  readonly block: ScannedBlock | undefined;
}

/** The local names a module's `required_providers` gives hashicorp/azurerm; `azurerm` unless it names another provider by it. */
function azurermNames(files: readonly TerraformFile[]): Set<string> {
  const names = new Set<string>(['azurerm']);
  for (const file of files) {
    for (const terraform of asArray(file.json?.terraform)) {
      for (const providers of asArray(terraform?.required_providers)) {
        for (const [name, requirement] of Object.entries((providers ?? {}) as Record<string, Json>)) {
          const source = typeof requirement?.source === 'string' ? requirement.source : undefined;
          if (source === undefined) continue;
          // "hashicorp/azurerm", "registry.terraform.io/hashicorp/azurerm" (the default registry is implied).
          if (/^(?:registry\.terraform\.io\/)?hashicorp\/azurerm$/i.test(source.trim())) names.add(name);
          else names.delete(name);
        }
      }
    }
  }
  return names;
}

/**
 * A module's constraints on azurerm: `required_providers` (the object form and the older
 * `azurerm = "~> 2.0"`) and the deprecated `version` of a `provider "azurerm"` block, which
 * Terraform still applies.
 */
function azurermConstraints(source: TerraformModuleSource, module: string, root: boolean): ProviderConstraint[] {
  const names = azurermNames(source.files);
  const out: ProviderConstraint[] = [];
  const add = (constraint: Json, file: TerraformFile, line: number | undefined): void => {
    if (typeof constraint === 'string') out.push({ constraint, file: file.display, module, root, ...(line !== undefined ? { line } : {}) });
  };
  for (const file of source.files) {
    const blocks = file.blocks.filter((block) => block.keyword === 'terraform');
    asArray(file.json?.terraform).forEach((terraform, index) => {
      const block = blocks[index];
      asArray(terraform?.required_providers).forEach((providers, at) => {
        for (const [name, requirement] of Object.entries((providers ?? {}) as Record<string, Json>)) {
          if (!names.has(name)) continue;
          const line = (block?.paths.get(`required_providers.${at}.${name}`) ?? block?.position)?.line;
          add(typeof requirement === 'string' ? requirement : requirement?.version, file, line);
        }
      });
    });
    const providerBlocks = indexBlocks(file.blocks, 'provider');
    for (const [name, list] of Object.entries((file.json?.provider ?? {}) as Record<string, Json>)) {
      if (!names.has(name)) continue;
      asArray(list).forEach((body, index) => {
        const block = providerBlocks.get(name)?.[index];
        add(body?.version, file, (block?.paths.get('version') ?? block?.position)?.line);
      });
    }
  }
  return out;
}

/** Module calls followed to find the modules of a configuration (a local module called from many places is one folder, many calls). */
const MAX_MODULE_CALLS = 1000;

/**
 * Every module folder of the configuration once, as `terraform init` installs them: the root module
 * and, through each module call (whatever its count or for_each, which init does not read), the
 * local modules and the downloaded ones (one folder per call key: `.terraform/modules/a.net`).
 */
function configurationModules(root: TerraformModuleSource, options: EvaluateOptions): { source: TerraformModuleSource; module: string }[] {
  const found = new Map<string, { source: TerraformModuleSource; module: string }>([[root.dir, { source: root, module: 'root module' }]]);
  const followed = new Set<string>();
  const queue = [{ source: root, key: '', prefix: '', depth: 0 }];
  for (let current = queue.shift(); current !== undefined; current = queue.shift()) {
    if (current.depth >= MAX_MODULE_DEPTH) continue;
    for (const file of current.source.files) {
      for (const [name, list] of Object.entries((file.json?.module ?? {}) as Record<string, Json>)) {
        const call = asArray(list)[0];
        const sourcePath = typeof call?.source === 'string' ? call.source : undefined;
        const key = current.key === '' ? name : `${current.key}.${name}`;
        const local = sourcePath !== undefined && /^\.\.?(\/|\\|$)/.test(sourcePath);
        const dir = local ? path.resolve(current.source.dir, sourcePath as string) : options.installedModule?.(key);
        // A call is followed once per folder and key: the remote modules a local one calls are installed per key.
        if (dir === undefined || followed.has(`${dir}\n${key}`) || followed.size >= MAX_MODULE_CALLS) continue;
        followed.add(`${dir}\n${key}`);
        const source = options.loadModule(dir);
        if (!source) continue;
        const address = `${current.prefix}module.${name}`;
        if (!found.has(dir)) found.set(dir, { source, module: address });
        queue.push({ source, key, prefix: `${address}.`, depth: current.depth + 1 });
      }
    }
  }
  return [...found.values()];
}

/** The azurerm major `terraform init` installs for the configuration (selectProviderVersion). */
function azurermVersion(root: TerraformModuleSource, options: EvaluateOptions): ProviderSelection {
  const constraints = configurationModules(root, options).flatMap(({ source, module }) => azurermConstraints(source, module, source === root));
  return selectProviderVersion(constraints, root.lockedAzurerm);
}

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
}

/** Shared by a root module and every module it calls. */
export class Evaluation {
  /** The root module's folder, Terraform's working directory: what `path.module` is relative to, and `path.cwd`. */
  rootDir = '.';
  readonly instances: ResourceInstance[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly budget = { steps: 5_000_000 };
  readonly files = new Set<string>();
  azurermMajor: number | undefined;
  constructor(readonly options: EvaluateOptions) {}

  note(severity: Diagnostic['severity'], message: string, line?: number): void {
    if (this.diagnostics.length >= 200) return;
    if (this.diagnostics.some((d) => d.message === message)) return;
    this.diagnostics.push({ severity, message, ...(line !== undefined ? { line } : {}) });
  }
}

/** Evaluates a root module: every resource instance of it and of the local modules it calls. */
export function evaluateRoot(source: TerraformModuleSource, options: EvaluateOptions): Evaluation {
  const evaluation = new Evaluation(options);
  const azurerm = azurermVersion(source, options);
  evaluation.azurermMajor = azurerm.major;
  evaluation.rootDir = source.dir;
  appendAll(evaluation.diagnostics, source.diagnostics);
  appendAll(evaluation.diagnostics, azurerm.diagnostics);
  try {
    const root = new ModuleInstance(evaluation, source, '', '', undefined, 0);
    root.run();
  } catch (error) {
    if (error instanceof EvaluationLimit) evaluation.note('error', `${error.message}; the rest of the configuration was not read`);
    else throw error;
  }
  return evaluation;
}

class ModuleInstance {
  private readonly variables = new Map<string, Declared>();
  private readonly locals = new Map<string, { raw: Json; file: TerraformFile }>();
  private readonly outputs = new Map<string, Declared>();
  private readonly resources = new Map<string, Map<string, Declared>>();
  private readonly data = new Map<string, Map<string, Declared>>();
  private readonly modules = new Map<string, Declared>();
  /** `provider` blocks, by configuration name: `azurerm`, `azurerm.hub`. */
  private readonly providers = new Map<string, Declared>();
  private readonly providerSubscriptions = new Map<string, string>();
  private readonly cache = new Map<string, EValue>();
  private readonly inProgress = new Set<string>();
  private readonly moduleInstances = new Map<string, ModuleInstance>();
  readonly scope: Scope;

  constructor(
    private readonly evaluation: Evaluation,
    private readonly source: TerraformModuleSource,
    /** `module.net.` for a called module; '' for the root. */
    private readonly prefix: string,
    /** The module's key, as `terraform init` records it: `net`, `net.subnets`; '' for the root. */
    private readonly key: string,
    /** The calling module block's arguments, evaluated in the caller. */
    private readonly inputs: ((name: string) => EValue | undefined) | undefined,
    private readonly depth: number,
    /** The subscription of a provider configuration the caller gives this module (`azurerm`, `azurerm.hub`), by its name here. */
    private readonly passedProvider: (key: string) => string | undefined = () => undefined,
  ) {
    for (const file of source.files) {
      evaluation.files.add(file.display);
      const scanned = {
        resource: indexBlocks(file.blocks, 'resource'),
        data: indexBlocks(file.blocks, 'data'),
        module: indexBlocks(file.blocks, 'module'),
        variable: indexBlocks(file.blocks, 'variable'),
        output: indexBlocks(file.blocks, 'output'),
      };
      for (const [name, list] of Object.entries(file.json?.variable ?? {}))
        this.variables.set(name, { raw: asArray(list)[0], file, block: scanned.variable.get(name)?.[0] });
      for (const [name, list] of Object.entries(file.json?.output ?? {}))
        this.outputs.set(name, { raw: asArray(list)[0], file, block: scanned.output.get(name)?.[0] });
      for (const [name, list] of Object.entries(file.json?.module ?? {}))
        this.modules.set(name, { raw: asArray(list)[0], file, block: scanned.module.get(name)?.[0] });
      for (const locals of asArray(file.json?.locals)) for (const [name, raw] of Object.entries(locals ?? {})) this.locals.set(name, { raw, file });
      const providerBlocks = indexBlocks(file.blocks, 'provider');
      for (const [name, list] of Object.entries((file.json?.provider ?? {}) as Record<string, Json>)) {
        asArray(list).forEach((raw, index) => {
          const alias = typeof raw?.alias === 'string' ? raw.alias : undefined;
          const key = alias === undefined ? name : `${name}.${alias}`;
          if (!this.providers.has(key)) this.providers.set(key, { raw, file, block: providerBlocks.get(name)?.[index] });
        });
      }
      for (const [kind, target] of [
        ['resource', this.resources],
        ['data', this.data],
      ] as const) {
        for (const [type, byName] of Object.entries(file.json?.[kind] ?? {})) {
          for (const [name, list] of Object.entries(byName as Record<string, Json>)) {
            const map = target.get(type) ?? new Map<string, Declared>();
            target.set(type, map);
            const blocks = (kind === 'resource' ? scanned.resource : scanned.data).get(`${type}.${name}`) ?? [];
            asArray(list).forEach((raw, index) => {
              if (index > 0) evaluation.note('warning', `${file.display}: ${kind} "${type}" "${name}" is declared more than once; the first is read`);
              else map.set(name, { raw, file, block: blocks[0] });
            });
          }
        }
      }
    }
    const files = evaluation.options.files;
    this.scope = { budget: evaluation.budget, ...(files ? { files } : {}), lookup: (name) => this.lookup(name) };
  }

  run(): void {
    for (const [type, byName] of this.resources) for (const name of byName.keys()) this.resourceValue('managed', type, name);
    for (const name of this.modules.keys()) this.moduleValue(name);
  }

  private lookup(name: string): EValue | undefined {
    switch (name) {
      case 'var':
        return new Lazy(
          `${this.prefix}var`,
          (key) => this.variable(key),
          () => [...this.variables.keys()],
        );
      case 'local':
        return new Lazy(
          `${this.prefix}local`,
          (key) => this.local(key),
          () => [...this.locals.keys()],
        );
      case 'module':
        return new Lazy(
          `${this.prefix}module`,
          (key) => (this.modules.has(key) ? this.moduleValue(key) : undefined),
          () => [...this.modules.keys()],
        );
      case 'data':
        return new Lazy(
          `${this.prefix}data`,
          (type) =>
            this.data.has(type)
              ? new Lazy(
                  `data.${type}`,
                  (n) => (this.data.get(type)?.has(n) ? this.resourceValue('data', type, n) : undefined),
                  () => [...(this.data.get(type)?.keys() ?? [])],
                )
              : undefined,
          () => [...this.data.keys()],
        );
      case 'path': {
        // As `terraform plan` run in the root module's folder gives them: path.root ".", path.module relative to it
        // ("." in the root, "modules/vm", ".terraform/modules/net"), path.cwd "an absolute path". Relative paths are read from there.
        const relative = path.relative(this.evaluation.rootDir, this.source.dir).split(path.sep).join('/');
        return { module: relative === '' ? '.' : relative, root: '.', cwd: path.resolve(this.evaluation.rootDir).split(path.sep).join('/') };
      }
      case 'terraform':
        return { workspace: 'default' };
      case 'self':
        return new Unknown('self is known only to provisioners');
      case 'ephemeral':
        return new Ephemeral('ephemeral resources are opened by Terraform when it runs, and kept out of plan and state');
      case 'count':
      case 'each':
        return new Unknown(`${name} is used outside a resource with ${name === 'count' ? 'count' : 'for_each'}`);
    }
    if (this.resources.has(name)) {
      return new Lazy(
        name,
        (n) => (this.resources.get(name)?.has(n) ? this.resourceValue('managed', name, n) : undefined),
        () => [...(this.resources.get(name)?.keys() ?? [])],
      );
    }
    return undefined;
  }

  private memo(key: string, compute: () => EValue): EValue {
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    if (this.inProgress.has(key)) return new Unknown(`${this.prefix}${key} depends on itself`);
    this.inProgress.add(key);
    try {
      const value = compute();
      this.cache.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  private variable(name: string): EValue | undefined {
    const declared = this.variables.get(name);
    if (!declared) return undefined;
    return this.memo(`var.${name}`, () => {
      const sensitive = declared.raw?.sensitive === true;
      const ephemeral = declared.raw?.ephemeral === true;
      const type = readTypeConstraint(declared.raw?.type);
      let value: EValue | undefined;
      if (this.inputs) value = this.inputs(name);
      else {
        const fromCli = this.evaluation.options.vars?.[name];
        if (fromCli !== undefined) value = readCliValue(fromCli, type);
        else {
          for (const values of this.evaluation.options.varFiles ?? []) if (Object.hasOwn(values, name)) value = values[name] as Value;
        }
      }
      const hasDefault = declared.raw !== undefined && Object.hasOwn(declared.raw, 'default');
      // "If nullable is false and the variable has a default value, then Terraform uses the default when a module input argument is null."
      if (value === null && declared.raw?.nullable === false && hasDefault) value = undefined;
      if (value === undefined && hasDefault) value = this.evaluateRaw((declared.raw as Json).default, this.scopeWithout());
      // Type constraints convert the value (optional attributes' defaults, "5" to 5) before anything reads it.
      if (value !== undefined && !(value instanceof Lazy)) value = convert(value, type);
      if (value === undefined) {
        this.evaluation.note(
          'warning',
          `${declared.file.display}: variable '${this.prefix}${name}' has no value (no default, tfvars or --var); what depends on it is Unknown`,
          declared.block?.position.line,
        );
        // Whatever value a sensitive variable, or one named as a credential, is given, it is a credential.
        const credential = sensitive || isCredentialName(name);
        const reason = `variable '${name}' has no value (no default, tfvars or --var)`;
        const facts = credential ? { credential: `variable '${name}'` } : {};
        return ephemeral
          ? new Ephemeral(reason, undefined, facts, sensitive)
          : sensitive
            ? new Sensitive(reason, facts)
            : new Unknown(reason, undefined, facts);
      }
      if (sensitive && !isUnknown(value) && value !== null) {
        const reason = `sensitive variable '${name}' (value withheld)`;
        const facts = { credential: `sensitive variable '${name}'` };
        return ephemeral ? new Ephemeral(reason, undefined, facts, true) : new Sensitive(reason, facts);
      }
      // An ephemeral variable's value is kept from plan and state: what reads it as such (a provider block) finds it.
      if (ephemeral && !(value instanceof Lazy))
        return new Ephemeral(
          `ephemeral variable '${name}' (Terraform keeps it out of plan and state)`,
          value,
          isCredentialName(name) ? { credential: `ephemeral variable '${name}'` } : {},
        );
      return value;
    });
  }

  /** Variable defaults may not reference anything. */
  private scopeWithout(): Scope {
    return { budget: this.evaluation.budget, lookup: () => undefined };
  }

  private local(name: string): EValue | undefined {
    const declared = this.locals.get(name);
    if (!declared) return undefined;
    return this.memo(`local.${name}`, () => this.evaluateRaw(declared.raw, this.scope));
  }

  /** Evaluates hcl2json output: strings are templates; objects and lists recurse; `dynamic` expands. */
  evaluateRaw(raw: Json, scope: Scope): EValue {
    if (typeof raw === 'string') {
      try {
        return evaluateTemplateString(raw, scope);
      } catch (error) {
        if (error instanceof HclSyntaxError) return new Unknown(`expression not understood: ${error.message}`);
        throw error;
      }
    }
    if (Array.isArray(raw)) return raw.map((item) => force(this.evaluateRaw(item, scope)));
    if (raw !== null && typeof raw === 'object') return this.evaluateBody(raw, scope, false);
    return raw as Value;
  }

  /**
   * `resourceLevel`: the body of a resource or data block, whose meta-arguments (`count`,
   * `for_each`, `provider`, …) are Terraform's; in nested blocks the same names are the resource's
   * own arguments (a backup policy's `retention_daily { count = 30 }`).
   */
  private evaluateBody(raw: Record<string, Json>, scope: Scope, resourceLevel: boolean): ValueObject {
    const out: ValueObject = {};
    for (const [rawKey, rawValue] of Object.entries(raw)) {
      if (resourceLevel && META.has(rawKey)) continue;
      if (rawKey === 'dynamic' && isObject(rawValue as Value)) {
        for (const [blockName, specs] of Object.entries(rawValue as Record<string, Json>)) {
          const generated = this.dynamic(blockName, asArray(specs), scope);
          const existing = out[blockName];
          if (isUnknown(generated) || isUnknown(existing)) out[blockName] = isUnknown(existing) ? existing : generated;
          else out[blockName] = [...(Array.isArray(existing) ? existing : []), ...generated];
        }
        continue;
      }
      let key = rawKey;
      if (rawKey.includes('${')) {
        const evaluated = force(this.evaluateRaw(rawKey, scope));
        if (isUnknown(evaluated)) {
          out[`(unknown key)`] = evaluated;
          continue;
        }
        key = String(evaluated);
      }
      if (Array.isArray(rawValue) && rawValue.every((item) => item !== null && typeof item === 'object' && !Array.isArray(item))) {
        // Nested blocks (or a list of objects): each element is a body of its own. Blocks a
        // `dynamic` of the same name made (read before them or after) are kept beside them.
        const blocks = rawValue.map((item) => this.evaluateBody(item, scope, false));
        const generated = out[key];
        out[key] = isUnknown(generated) ? generated : Array.isArray(generated) ? [...blocks, ...generated] : blocks;
      } else out[key] = force(this.evaluateRaw(rawValue, scope));
    }
    return out;
  }

  private dynamic(blockName: string, specs: Json[], scope: Scope): Value[] | Unknown {
    const out: Value[] = [];
    for (const spec of specs) {
      const collection = force(this.evaluateRaw(spec?.for_each, scope));
      if (isUnknown(collection)) return new Unknown(`dynamic "${blockName}" iterates over ${collection.reason}`);
      const iterator = typeof spec?.iterator === 'string' ? spec.iterator.replace(/^\$\{(.*)\}$/, '$1') : blockName;
      for (const [key, value] of entriesOf(collection)) {
        const inner = child(scope, { [iterator]: { key, value } });
        for (const content of asArray(spec?.content)) out.push(this.evaluateBody(content ?? {}, inner, false));
      }
    }
    return out;
  }

  /**
   * The subscription a provider configuration (`azurerm`, `azurerm.hub`, `azapi`) puts its
   * resources in. The root module's default configurations are the scan's subscription (given, or
   * the placeholder one). Any other configuration (an alias, or a `provider` block of a called
   * module) with a `subscription_id` is that subscription; one whose `subscription_id` is not known
   * (a variable without a value) is a placeholder subscription of its own, so that a hub's resources
   * are not read as the spoke's. A module is given its caller's default configurations, or those
   * its `providers` argument names; a configuration not found is the default one of its provider.
   */
  private providerSubscription(key: string): string {
    const known = this.providerSubscriptions.get(key);
    if (known !== undefined) return known;
    // A configuration whose subscription_id reads itself (through a data source under it) is the default one meanwhile.
    this.providerSubscriptions.set(key, this.evaluation.options.subscriptionId);
    const found =
      this.configuredSubscription(key) ?? this.passedProvider(key) ?? (key.includes('.') ? this.providerSubscription(key.split('.')[0] as string) : undefined);
    const subscription = found ?? this.evaluation.options.subscriptionId;
    this.providerSubscriptions.set(key, subscription);
    return subscription;
  }

  /** The subscription a `provider` block of this module sets, if it sets one. */
  private configuredSubscription(key: string): string | undefined {
    const declared = this.providers.get(key);
    // The root module's default configuration is the scan's subscription, whatever it says.
    if (!declared || (this.inputs === undefined && !key.includes('.'))) return undefined;
    if (declared.raw?.subscription_id === undefined || declared.raw?.subscription_id === null) return undefined;
    let value = force(this.evaluateRaw(declared.raw.subscription_id, this.scope));
    // A provider block may take an ephemeral value.
    if (value instanceof Ephemeral && value.value !== undefined) value = value.value;
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
    const placeholder = placeholderSubscription(`${this.key}\n${key}`);
    const why = isUnknown(value) ? value.reason : `it is ${value === null ? 'null' : typeof value}`;
    this.evaluation.note(
      'info',
      `${declared.file.display}: provider ${key}${this.prefix === '' ? '' : ` of ${this.prefix.slice(0, -1)}`}: subscription_id is not known (${why}); its resources are read in the placeholder subscription ${placeholder}, apart from the default provider's`,
      (declared.block?.paths.get('subscription_id') ?? declared.block?.position)?.line,
    );
    return placeholder;
  }

  /** The value of `type.name` (a resource or data source): one instance, a list (count) or a map (for_each). */
  private resourceValue(mode: 'managed' | 'data', type: string, name: string): EValue {
    const declared = (mode === 'managed' ? this.resources : this.data).get(type)?.get(name);
    if (!declared) return new Unknown(`${type}.${name} is not declared`);
    const base = `${this.prefix}${mode === 'data' ? 'data.' : ''}${type}.${name}`;
    return this.memo(`${mode}:${type}.${name}`, () => {
      const raw = declared.raw ?? {};
      if (raw.count !== undefined) {
        const count = force(this.evaluateRaw(raw.count, this.scope));
        // Terraform takes a whole number, or a string of one; anything else fails its plan.
        const whole = typeof count === 'number' || (typeof count === 'string' && count.trim() !== '') ? Number(count) : NaN;
        const problem = isUnknown(count)
          ? `is not known (${count.reason})`
          : !Number.isSafeInteger(whole) || whole < 0
            ? `${countText(count)} is not a whole number of at least 0`
            : undefined;
        const note = (text: string): void => this.evaluation.note('warning', `${declared.file.display}: ${base}: count ${text}`, declared.block?.position.line);
        if (problem !== undefined) {
          note(`${problem}; one instance is read`);
          return [this.instance(mode, type, declared, `${base}[0]`, { count: { index: 0 } })] as unknown as Value[];
        }
        if (whole > MAX_COUNT) note(`is ${whole}; the first ${MAX_COUNT} instances are read`);
        // A list of instances; lists hold plain values in the type, but traversal reads instances as they are.
        const n = Math.min(whole, MAX_COUNT);
        return Array.from({ length: n }, (_, index) => this.instance(mode, type, declared, keyed(base, index), { count: { index } })) as unknown as Value[];
      }
      if (raw.for_each !== undefined) {
        const collection = force(this.evaluateRaw(raw.for_each, this.scope));
        if (isUnknown(collection)) {
          this.evaluation.note(
            'warning',
            `${declared.file.display}: ${base}: for_each is not known (${collection.reason}); one instance is read`,
            declared.block?.position.line,
          );
          const key = new Unknown(`the for_each key of ${base} is not known`);
          const only = this.instance(mode, type, declared, `${base}[?]`, { each: { key, value: collection } });
          return new Lazy(
            base,
            () => only,
            () => ['?'],
          );
        }
        const entries: [string, Value][] = Array.isArray(collection)
          ? collection.map((item) => [String(item), item])
          : isObject(collection)
            ? Object.keys(collection).map((key) => [key, collection[key] as Value])
            : [];
        const out: Record<string, EValue> = {};
        for (const [key, value] of entries) out[key] = this.instance(mode, type, declared, keyed(base, key), { each: { key, value } });
        return new Lazy(
          base,
          (key) => out[key],
          () => Object.keys(out),
        );
      }
      return this.instance(mode, type, declared, base, {});
    });
  }

  private instance(mode: 'managed' | 'data', type: string, declared: Declared, address: string, names: Record<string, Value>): Lazy {
    const scope = child(this.scope, names);
    const ctx: MapContext = {
      subscriptionId: this.providerSubscription(providerOf(type, declared.raw?.provider)),
      address,
      fallbackName: fallbackName(address),
      azurermMajor: this.evaluation.azurermMajor,
    };
    const attrs = this.evaluateBody(declared.raw ?? {}, scope, true);
    scope.budget.steps -= boundAttributes(attrs, address);
    if (scope.budget.steps < 0) throw new EvaluationLimit('the configuration takes too many evaluation steps');
    const mapping = mappingFor(type);
    const provider = mode === 'data' ? providerData(type, attrs, ctx) : undefined;
    let id: Value;
    if (mode === 'data') {
      id = provider?.['id'] ?? (mapping?.type ? mapping.id(attrs, ctx) : new Unknown(`data source ${address} is read by Terraform at plan time, not here`));
    } else id = mapping ? mapping.id(attrs, ctx) : new Unknown(`${address}.id is known only after apply`);
    if (mode === 'managed') {
      if (this.evaluation.instances.length >= MAX_INSTANCES) throw new EvaluationLimit(`more than ${MAX_INSTANCES} resource instances`);
      this.evaluation.instances.push({ address, mode, type, attrs, file: declared.file.display, block: declared.block, ctx });
    }
    const what = mode === 'data' ? `data source ${address}` : address;
    // What Azure gives the resource on creation is named by its place in the ARM body, so that rules can match it across resources.
    const deployedId = mode === 'managed' && typeof id === 'string' ? id : undefined;
    // An attribute of a nested block the configuration does not write: the provider's, state (or a credential, named as one).
    const afterApply = (block: string, name: string): Unknown =>
      new Unknown(`${block}.${name} is known only after apply`, undefined, {
        ...(isCredentialAttribute(type, name) ? { credential: `attribute ${block}.${name}` } : {}),
        stateOf: address,
      });
    return new Lazy(
      address,
      (key) => {
        if (key === 'id') return id;
        if (key === 'name' && isUnknown(attrs['name']) && typeof id === 'string') {
          return new PlaceholderName((attrs['name'] as Unknown).reason, id.split('/').pop() ?? ctx.fallbackName);
        }
        if (Object.hasOwn(attrs, key)) {
          const value = attrs[key] as Value;
          // An identity block exports principal_id and tenant_id, whatever the resource (a function app's, an AKS cluster's).
          if (key === 'identity' && mode === 'managed' && AZURE_STATE.test(type)) return withDeployedIdentity(value, `${address}.identity`, deployedId);
          const collection = BLOCK_IDS[type]?.[key];
          if (collection !== undefined && deployedId !== undefined) return withBlockIds(value, `${address}.${key}`, `${deployedId}/${collection}`);
          // An azurerm block's attributes not written are ones the provider computes (AKS's aci_connector_linux[0].connector_identity).
          if (mode === 'managed' && type.startsWith('azurerm_'))
            return withComputedAttributes(value, (inner, name) => afterApply(`${address}.${key}${inner}`, name));
          // A data source's own arguments are what it was asked for; the rest is read at plan time.
          return value;
        }
        if (mode === 'data') {
          // A Key Vault secret's value, or a key a data source reads (a storage account's access key), is a credential.
          const credential = isCredentialAttribute(type, key) || DATA_CREDENTIALS[type]?.includes(key) === true;
          return (
            provider?.[key] ??
            new Unknown(`${what}.${key} is read by Terraform at plan time, not here`, undefined, credential ? { credential: `${what}.${key}` } : {})
          );
        }
        const path = DEPLOYED_ATTRIBUTES[type]?.[key];
        return new Unknown(`${what}.${key} is known only after apply`, undefined, {
          ...(path && deployedId ? { deployed: { resourceId: deployedId, path } } : {}),
          ...(isCredentialAttribute(type, key) ? { credential: `attribute ${address}.${key}` } : {}),
          ...(AZURE_STATE.test(type) ? { stateOf: address } : {}),
        });
      },
      () => ['id', ...Object.keys(attrs)],
    );
  }

  /** A module call's value: its outputs (a list or map of them with count / for_each). */
  private moduleValue(name: string): EValue {
    const declared = this.modules.get(name);
    if (!declared) return new Unknown(`module.${name} is not declared`);
    return this.memo(`module:${name}`, () => {
      const raw = declared.raw ?? {};
      const sourcePath = typeof raw.source === 'string' ? raw.source : undefined;
      const address = `${this.prefix}module.${name}`;
      const key = this.key === '' ? name : `${this.key}.${name}`;
      const local = sourcePath !== undefined && /^\.\.?(\/|\\|$)/.test(sourcePath);
      const installed = local ? undefined : this.evaluation.options.installedModule?.(key);
      if (!local && installed === undefined) {
        // Its resources are missing from the scan: a warning, so that the input is not reported clean.
        this.evaluation.note(
          'warning',
          `${declared.file.display}: ${address}: remote module "${sourcePath ?? '?'}" is not read (run terraform init: azvmsec reads the modules it downloads); its resources are not in the scan and its outputs are Unknown`,
          declared.block?.position.line,
        );
        return new Lazy(
          address,
          (output) => new Unknown(`${address}.${output} comes from a remote module that is not read`),
          () => [],
        );
      }
      if (this.depth >= MAX_MODULE_DEPTH) {
        this.evaluation.note('warning', `${address}: modules nested deeper than ${MAX_MODULE_DEPTH}: not read`);
        return new Unknown(`${address} is nested too deeply`);
      }
      const dir = installed ?? path.resolve(this.source.dir, sourcePath as string);
      const source = this.evaluation.options.loadModule(dir);
      if (!source) {
        const what = `${local ? 'local' : 'downloaded'} module ${sourcePath ?? '?'} not found`;
        this.evaluation.note('warning', `${declared.file.display}: ${address}: ${what}`, declared.block?.position.line);
        return new Unknown(`${address}: ${what}`);
      }
      appendAll(
        this.evaluation.diagnostics,
        source.diagnostics.filter((d) => !this.evaluation.diagnostics.some((e) => e.message === d.message)),
      );
      const passed = this.passedProviders(raw.providers);
      const make = (instanceAddress: string, names: Record<string, Value>): EValue => {
        const existing = this.moduleInstances.get(instanceAddress);
        const scope = child(this.scope, names);
        const instance =
          existing ??
          new ModuleInstance(
            this.evaluation,
            source,
            `${instanceAddress}.`,
            key,
            (variable) =>
              Object.hasOwn(raw, variable) && !META.has(variable) && variable !== 'source' && variable !== 'version' && variable !== 'providers'
                ? this.evaluateRaw(raw[variable], scope)
                : undefined,
            this.depth + 1,
            passed,
          );
        if (!existing) {
          this.moduleInstances.set(instanceAddress, instance);
          instance.run();
        }
        return instance.outputsValue(instanceAddress);
      };
      // As for resources: what cannot be counted is one instance, and the input says so.
      const note = (text: string): void => this.evaluation.note('warning', `${declared.file.display}: ${address}: ${text}`, declared.block?.position.line);
      if (raw.count !== undefined) {
        const count = force(this.evaluateRaw(raw.count, this.scope));
        if (isUnknown(count) || typeof count !== 'number' || !Number.isInteger(count) || count < 0) {
          note(
            isUnknown(count)
              ? `count is not known (${count.reason}); one instance is read`
              : `count ${countText(count)} is not a whole number; one instance is read`,
          );
          return [force(make(`${address}[0]`, { count: { index: 0 } }))];
        }
        if (count > MAX_MODULE_COUNT) note(`count is ${count}; the first ${MAX_MODULE_COUNT} instances are read`);
        return Array.from({ length: Math.min(count, MAX_MODULE_COUNT) }, (_, index) => force(make(keyed(address, index), { count: { index } })));
      }
      if (raw.for_each !== undefined) {
        const collection = force(this.evaluateRaw(raw.for_each, this.scope));
        if (isUnknown(collection)) {
          note(`for_each is not known (${collection.reason}); one instance is read`);
          const key = new Unknown(`the for_each key of ${address} is not known`);
          const only = force(make(`${address}[?]`, { each: { key, value: collection } }));
          return new Lazy(
            address,
            () => only,
            () => ['?'],
          );
        }
        const entries: [string, Value][] = Array.isArray(collection)
          ? collection.map((item) => [String(item), item])
          : isObject(collection)
            ? Object.keys(collection).map((key) => [key, collection[key] as Value])
            : [];
        const out: ValueObject = {};
        for (const [key, value] of entries) out[key] = force(make(keyed(address, key), { each: { key, value } }));
        return out;
      }
      return make(address, {});
    });
  }

  /**
   * The provider configurations a module call gives the module: its `providers` map (`azurerm =
   * azurerm.hub`, `azurerm.spoke = azurerm`), or without one the caller's default configurations.
   * "If you specify a providers argument, it cancels this default behavior": the rest are then
   * the default configurations of their providers.
   */
  private passedProviders(providers: Json): (key: string) => string | undefined {
    if (providers === undefined || providers === null) return (key) => (key.includes('.') ? undefined : this.providerSubscription(key));
    const map = new Map<string, string>();
    for (const [inside, outside] of Object.entries(isObject(providers as Value) ? (providers as Record<string, Json>) : {})) {
      const from = providerReference(outside);
      const to = providerReference(inside);
      if (from !== undefined && to !== undefined) map.set(to, from);
    }
    return (key) => {
      const from = map.get(key);
      return from === undefined ? undefined : this.providerSubscription(from);
    };
  }

  outputsValue(address: string): Lazy {
    return new Lazy(
      address,
      (key) => {
        const declared = this.outputs.get(key);
        if (!declared) return undefined;
        return this.memo(`output.${key}`, () => {
          const value = this.evaluateRaw(declared.raw?.value, this.scope);
          return declared.raw?.sensitive === true && !isUnknown(value) ? new Sensitive(`sensitive output '${key}' (value withheld)`) : value;
        });
      },
      () => [...this.outputs.keys()],
    );
  }
}

/** A reference to a provider configuration as hcl2json or Terraform JSON writes it (`${azurerm.hub}`, `azurerm.hub`), or undefined. */
function providerReference(raw: Json): string | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = raw
    .trim()
    .replace(/^\$\{([\s\S]*)\}$/, '$1')
    .trim();
  return /^[A-Za-z][\w-]*(?:\.[A-Za-z][\w-]*)?$/.test(text) ? text : undefined;
}

/** The provider configuration of a resource: its `provider` argument, or the default one of the provider its type names (`azurerm_…` → `azurerm`). */
function providerOf(type: string, provider: Json): string {
  return providerReference(provider) ?? type.split('_')[0] ?? type;
}

/**
 * What a data source that reads the provider's own configuration returns, as far as the scan knows
 * it: the subscription, which every id the scan forms is in.
 */
function providerData(type: string, attrs: ValueObject, ctx: MapContext): Readonly<Record<string, Value>> | undefined {
  if (type === 'azurerm_subscription') {
    const subscription = attrs['subscription_id'] ?? ctx.subscriptionId;
    return typeof subscription === 'string' ? { id: `/subscriptions/${subscription}`, subscription_id: subscription } : undefined;
  }
  if (type === 'azurerm_client_config') return { subscription_id: ctx.subscriptionId };
  // azapi's own (its modules build parent ids on it): the subscription, and that subscription's id.
  if (type === 'azapi_client_config') return { subscription_id: ctx.subscriptionId, subscription_resource_id: `/subscriptions/${ctx.subscriptionId}` };
  if (type === 'azurerm_role_definition') return roleDefinitionData(attrs, ctx);
  return undefined;
}

/**
 * The role a `data "azurerm_role_definition"` reads, by `role_definition_id` or by `name` (a
 * built-in role has the same GUID in every tenant): its `id` is the one Azure returns,
 * `<scope>/providers/Microsoft.Authorization/roleDefinitions/<GUID>` (the provider sets it from the
 * response), which a role assignment's `role_definition_id` takes. A role looked up by another name
 * (a custom role) is read at plan time: its id is not the address of a role in the input.
 */
function roleDefinitionData(attrs: ValueObject, ctx: MapContext): Readonly<Record<string, Value>> {
  const given = attrs['role_definition_id'];
  const name = attrs['name'];
  const guid = typeof given === 'string' ? given : typeof name === 'string' ? BUILT_IN_ROLES[name.toLowerCase()] : undefined;
  if (guid === undefined) return { id: new Unknown(`data source ${ctx.address} is read by Terraform at plan time, not here`) };
  const scope = typeof attrs['scope'] === 'string' ? attrs['scope'].replace(/\/+$/, '') : '';
  return { id: `${scope}/providers/Microsoft.Authorization/roleDefinitions/${guid}`, role_definition_id: guid };
}

/**
 * Attributes Azure sets when it creates a resource, by Terraform type, with where the ARM body
 * holds them: a role assignment to `azurerm_user_assigned_identity.x.principal_id` names the
 * identity's `/properties/principalId`, which a VM using that identity has too.
 */
const DEPLOYED_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_user_assigned_identity: { principal_id: '/properties/principalId', client_id: '/properties/clientId', tenant_id: '/properties/tenantId' },
  azurerm_storage_account: { primary_blob_endpoint: '/properties/primaryEndpoints/blob' },
  // The key's URL without its version (`id` is the mapping's id: see keyVaultKeyUrl).
  azurerm_key_vault_key: { versionless_id: '/properties/keyUri' },
  // The primary IP configuration's address, the first the mapping writes: a DNAT rule or backend pool given it reaches that NIC, whatever address Azure gives it.
  azurerm_network_interface: { private_ip_address: '/properties/ipConfigurations/0/properties/privateIPAddress' },
};

/** Attributes Azure generates that are credentials though not named as one (isCredentialName): kube configs, a SAS URL's query. */
const AZURE_CREDENTIALS = new Set(['kube_config', 'kube_config_raw', 'kube_admin_config', 'kube_admin_config_raw', 'sas_url_query_string']);

/** Credentials that other providers' resources make (a random password, a private key, an Entra ID client secret). */
const PROVIDER_CREDENTIALS: Readonly<Record<string, readonly string[]>> = {
  random_password: ['result', 'bcrypt_hash'],
  tls_private_key: ['private_key_pem', 'private_key_openssh', 'private_key_pem_pkcs8'],
  azuread_application_password: ['value'],
  azuread_service_principal_password: ['value'],
};

/**
 * Whether an attribute known after apply is a credential: named as one (`primary_access_key`,
 * `azurerm_storage_account_sas.x.sas`, `primary_authorization_key`), or one of AZURE_CREDENTIALS
 * or PROVIDER_CREDENTIALS.
 */
/** Data sources that read a secret under a name that does not say so. */
const DATA_CREDENTIALS: Readonly<Record<string, readonly string[]>> = {
  azurerm_key_vault_secret: ['value'],
  azurerm_key_vault_secrets: ['secrets'],
};

function isCredentialAttribute(type: string, key: string): boolean {
  if (PROVIDER_CREDENTIALS[type]?.includes(key)) return true;
  return AZURE_STATE.test(type) && (isCredentialName(key) || AZURE_CREDENTIALS.has(key));
}

/**
 * Resources whose attributes known only after apply are what Azure returns for them (an address, an
 * endpoint, an id): state, holding no credential unless named as one (isCredentialAttribute). Azure
 * gives keys only through list actions, which the provider names as such attributes.
 */
const AZURE_STATE = /^(?:azurerm|azapi)_/;

/**
 * Nested blocks that are child resources in Azure, whose `id` the provider exports, by Terraform
 * type and block: the ARM collection Azure names them in (`<parent id>/<collection>/<name>`). A
 * VNet's inline `subnet` blocks give `id` (`tolist(azurerm_virtual_network.x.subnet)[0].id` in a
 * NIC's `subnet_id`), as do an application gateway's `backend_address_pool` blocks
 * (`tolist(azurerm_application_gateway.x.backend_address_pool).0.id`, the provider's example of
 * the NIC association) and a load balancer's `frontend_ip_configuration` blocks.
 */
const BLOCK_IDS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_virtual_network: { subnet: 'subnets' },
  azurerm_application_gateway: { backend_address_pool: 'backendAddressPools', frontend_ip_configuration: 'frontendIPConfigurations' },
  azurerm_lb: { frontend_ip_configuration: 'frontendIPConfigurations' },
};

/** A block list whose blocks give `id`: `<collection id>/<name>`, Unknown where the name is not known. */
function withBlockIds(value: Value, what: string, collectionId: string): Value {
  if (!Array.isArray(value)) return value;
  return value.map((block) => {
    if (!isObject(block) || Object.hasOwn(block, 'id')) return block;
    const name = block['name'];
    return { ...block, id: typeof name === 'string' ? `${collectionId}/${name}` : new Unknown(`${what}.id is known only after apply`) };
  });
}

/**
 * An `identity` block list whose blocks give `principal_id` and `tenant_id` as Unknown values that
 * name their place in the ARM body (when the resource's id is known).
 */
function withDeployedIdentity(value: Value, what: string, resourceId: string | undefined): Value {
  if (!Array.isArray(value)) return value;
  return value.map((block) => {
    if (!isObject(block)) return block;
    const out: ValueObject = { ...block };
    for (const [key, path] of [
      ['principal_id', '/identity/principalId'],
      ['tenant_id', '/identity/tenantId'],
    ] as const) {
      if (!Object.hasOwn(out, key))
        out[key] = new Unknown(`${what}.${key} is known only after apply`, undefined, resourceId === undefined ? {} : { deployed: { resourceId, path } });
    }
    return out;
  });
}

function indexBlocks(blocks: readonly ScannedBlock[], keyword: string): Map<string, ScannedBlock[]> {
  const map = new Map<string, ScannedBlock[]>();
  for (const block of blocks) {
    if (block.keyword !== keyword) continue;
    const key = block.labels.join('.');
    map.set(key, [...(map.get(key) ?? []), block]);
  }
  return map;
}

/**
 * A `--var` value: "Terraform defaults to interpreting -var … values as literal strings", and
 * parses them as HCL for a complex type constraint (list, set, map, object, tuple).
 */
function readCliValue(text: string, type: TypeConstraint | undefined): Value {
  if (!isComplex(type)) return text;
  try {
    const value = force(evaluateNode(parseExpression(text), { budget: { steps: 10_000 }, lookup: () => undefined }));
    if (!isUnknown(value)) return value;
  } catch {
    // Plain text.
  }
  return text;
}

/** Reads a `.tfvars` file (HCL) into values; expressions in it may not reference anything. */
export async function readTfvars(file: string, display: string, text?: string): Promise<{ values: ValueObject; diagnostics: Diagnostic[] }> {
  if (file.endsWith('.json')) {
    try {
      const size = text === undefined ? (await stat(file)).size : Buffer.byteLength(text);
      if (size > MAX_HCL_BYTES) throw new Error(`the file is ${size} bytes, over the ${MAX_HCL_BYTES}-byte limit for a Terraform file`);
      // The positional parser: its nesting limit keeps a hostile file from overflowing the evaluation.
      const { value } = parseJson(text ?? (await readFile(file, 'utf8')));
      return { values: isObject(value) ? (value as ValueObject) : {}, diagnostics: [] };
    } catch (error) {
      const place = error instanceof JsonSyntaxError ? { line: error.line, column: error.column } : {};
      return { values: {}, diagnostics: [{ severity: 'error', message: `${display}: ${error instanceof Error ? error.message : String(error)}`, ...place }] };
    }
  }
  const parsed = await parseTerraformFile(file, display, text);
  if ('error' in parsed) return { values: {}, diagnostics: [parsed.error] };
  const values: ValueObject = {};
  const scope: Scope = { budget: { steps: 100_000 }, lookup: () => undefined };
  for (const [key, raw] of Object.entries((parsed.json ?? {}) as Record<string, Json>)) {
    try {
      values[key] = typeof raw === 'string' ? force(evaluateTemplateString(raw, scope)) : (raw as Value);
    } catch (error) {
      if (!(error instanceof HclSyntaxError || error instanceof EvaluationLimit)) throw error;
      values[key] = new Unknown(`${display}: ${key} not understood: ${error.message}`);
    }
  }
  return { values, diagnostics: [] };
}
