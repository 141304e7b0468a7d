import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Diagnostic, InputSummary } from '../../model/input.js';
import type { Resource } from '../../model/resource.js';
import type { Value } from '../../model/value.js';
import { builtByBicep, detectArmDocument, pairedParameterFileNames } from '../arm/detect.js';
import { expandTemplate, type LinkedTemplate } from '../arm/expand.js';
import { readArmParameters } from '../arm/parameters.js';
import type { DeploymentScope } from '../arm/scope.js';
import { JsonSyntaxError, parseJson, type JsonDocument } from '../json/parse.js';
import { readSnapshotCandidate, SNAPSHOT_HEAD_BYTES, SNAPSHOT_MAX_BYTES, type SnapshotFileRead } from '../snapshot/file.js';
import { mergeEntraTenants, snapshotHead } from '../snapshot/read.js';
import { isTerraformFileName } from '../terraform/names.js';
import { bicepParamsByTemplate, readBicepParamsFile, unusedReason, type BicepParamsFile } from './bicep-params.js';
import { noteSharedIds } from '../shared-ids.js';
import { bicepSources, carrySuppressions, driftDiagnostic } from './bicep-drift.js';
import { restoredModule } from './bicep-registry.js';
import { readBicepTemplate } from './bicep-templates.js';
import { markUnevaluated } from '../unevaluated.js';
import { mapConcurrently } from './pool.js';
import { spoolStreams, STANDARD_INPUT, type SpooledInputs } from './streams.js';
import { describe, walkFiles } from './walk.js';
import { appendAll } from '../../model/arrays.js';

export interface LoadOptions {
  /** Files and folders to scan. */
  readonly paths: readonly string[];
  readonly exclude?: readonly string[];
  /** Parameter files: `params.json` for every template, or `template.json=params.json` for one. */
  readonly parameterFiles?: readonly string[];
  readonly scope?: DeploymentScope;
  /** Paths in reports are relative to this folder. */
  readonly cwd?: string;
  /** Largest file read, in bytes. */
  readonly maxFileBytes?: number;
  /**
   * The time a deployment runs: what `utcNow()` gives in parameter defaults; Unknown without it. A
   * fixed time (the command line gives cli/main.ts DEPLOYMENT_TIME) gives a template that names its resources
   * after the time the same names, and so the same finding fingerprints, on every scan.
   */
  readonly deploymentTime?: Date;
  /** Terraform `--var-file` files, applied to every root module after its automatic tfvars. */
  readonly varFiles?: readonly string[];
  /** Terraform `--var NAME=VALUE` values. */
  readonly vars?: readonly string[];
  /** The bytes of standard input, read when a path is `-` (streams.ts). */
  readonly stdin?: AsyncIterable<Uint8Array>;
  /** Largest standard input or pipe read, in bytes; a snapshot's limit by default. */
  readonly maxStreamBytes?: number;
  /**
   * The local Bicep module cache (`~/.bicep` on the command line): registry modules a build or
   * `bicep restore` put there (`br/public:…`, `br:registry/…`) are read from it. Nothing is fetched.
   */
  readonly bicepCache?: string;
}

export interface LoadResult {
  readonly inputs: InputSummary[];
  readonly resources: Resource[];
  readonly unknownValues: number;
}

const ARM_SCHEMA = /schema\.management\.azure\.com\/schemas\/[^"]*(DeploymentTemplate|deploymentParameters)\.json/i;
const DEFAULT_MAX_FILE_BYTES = 64 * 1024 * 1024;
/** `terraform show -json` output (a plan or a state), or a state file itself (`terraform.tfstate`, `terraform state pull`). */
const TERRAFORM_PLAN_HEAD = /^\s*\{\s*("format_version"\s*:|"version"\s*:\s*4\s*,\s*"terraform_version"\s*:)/;

/** The first bytes of a file as text, and whether they are the whole file; undefined when unreadable. */
async function readHead(file: string): Promise<{ text: string; whole: boolean; gzip: boolean } | undefined> {
  let handle;
  try {
    handle = await open(file, 'r');
    const buffer = Buffer.alloc(SNAPSHOT_HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SNAPSHOT_HEAD_BYTES, 0);
    const gzip = bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b;
    return { text: decode(buffer.subarray(0, bytesRead)), whole: bytesRead < SNAPSHOT_HEAD_BYTES, gzip };
  } catch {
    return undefined;
  } finally {
    await handle?.close();
  }
}

interface ParsedFile {
  readonly file: string;
  readonly display: string;
  readonly document?: JsonDocument;
  readonly diagnostics: Diagnostic[];
  /** Set for a Bicep file, read as the template it compiles to. */
  readonly bicep?: true;
}

/**
 * Reads every snapshot, ARM template, parameter file and Terraform module under the paths; a broken
 * file becomes a diagnostic, never a crash. Standard input (`-`) and pipes named among the paths
 * are read through copies (streams.ts), removed before this returns.
 */
export async function loadInputs(options: LoadOptions): Promise<LoadResult> {
  const cwd = options.cwd ?? path.resolve('.');
  const spooled = await spoolStreams(options.paths, cwd, options.stdin, options.maxStreamBytes ?? SNAPSHOT_MAX_BYTES);
  try {
    return await loadFiles({ ...options, paths: spooled.paths }, cwd, spooled);
  } finally {
    await spooled.remove();
  }
}

async function loadFiles(options: LoadOptions, cwd: string, spooled: SpooledInputs): Promise<LoadResult> {
  const display = (copyOrFile: string): string => {
    // A copy of standard input or of a pipe is shown as what it copies (streams.ts).
    const file = spooled.originals.get(copyOrFile) ?? copyOrFile;
    if (file === STANDARD_INPUT) return file;
    const relative = path.relative(cwd, file);
    return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
  };
  const roots = options.paths.map((p) => path.resolve(cwd, p));
  const explicit = new Set(roots);
  const walked = await walkFiles(roots, {
    extensions: ['.json', '.jsonc', '.json.gz', '.tf', '.tfvars', '.bicep', '.bicepparam'],
    ...(options.exclude ? { exclude: options.exclude } : {}),
  });
  const inputs: InputSummary[] = [...spooled.problems, ...walked.problems].map((problem) => ({
    path: display(problem.path),
    kind: 'arm-template',
    status: 'error',
    resources: 0,
    diagnostics: [{ severity: 'error', message: problem.message }],
  }));

  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const templates: ParsedFile[] = [];
  const parameterFiles = new Map<string, ParsedFile>();
  const snapshots: SnapshotFileRead[] = [];
  const terraformRoots = new Set<string>();
  const terraformPlans: string[] = [];
  const bicepFiles: string[] = [];
  const bicepParamFiles: BicepParamsFile[] = [];
  // Files are told apart by their first bytes, many at a time: a folder of 100,000 files stays quick.
  type Classified =
    | { kind: 'terraform-root'; folder: string }
    | { kind: 'plan'; file: string }
    | { kind: 'bicep'; file: string }
    | { kind: 'bicepparam'; read: BicepParamsFile }
    | { kind: 'snapshot'; read: SnapshotFileRead }
    | { kind: 'json'; file: string; parsed: ParsedFile }
    | { kind: 'skip' };
  const classify = async (file: string): Promise<Classified> => {
    // Terraform: each folder with .tf or .tf.json files is a root module; tfvars are read with their folder.
    if (isTerraformFileName(file)) return { kind: 'terraform-root', folder: path.dirname(file) };
    if (file.endsWith('.tfvars')) return { kind: 'skip' };
    if (file.endsWith('.bicep')) return { kind: 'bicep', file };
    if (file.endsWith('.bicepparam')) return { kind: 'bicepparam', read: await readBicepParamsFile(file, display, scanRootOf(file, roots), maxBytes) };
    const gz = /\.gz$/i.test(file);
    const head = gz ? undefined : await readHead(file);
    if (head && TERRAFORM_PLAN_HEAD.test(head.text)) return { kind: 'plan', file };
    // Snapshots and exports (az graph query, az resource list, Microsoft Graph) are told by their first bytes.
    // A gzipped file is a snapshot whatever its name (`az graph query … | gzip > estate.json`).
    if (gz || head?.gzip || (head && snapshotHead(head.text, !head.whole))) {
      const snapshot = await readSnapshotCandidate(file, display(file));
      if (snapshot) return { kind: 'snapshot', read: snapshot };
    }
    // Other JSON is read in full only when it may be ARM (or was named on the command line).
    if (head && !explicit.has(file) && head.whole && !ARM_SCHEMA.test(head.text)) return { kind: 'skip' };
    const parsed = await readJsonFile(file, display(file), maxBytes, explicit.has(file));
    return parsed ? { kind: 'json', file, parsed } : { kind: 'skip' };
  };
  for (const item of await mapConcurrently(walked.files, 32, classify)) {
    if (item.kind === 'terraform-root') terraformRoots.add(item.folder);
    else if (item.kind === 'plan') terraformPlans.push(item.file);
    else if (item.kind === 'bicep') bicepFiles.push(item.file);
    else if (item.kind === 'bicepparam') bicepParamFiles.push(item.read);
    else if (item.kind === 'snapshot') snapshots.push(item.read);
    else if (item.kind === 'json') {
      const { file, parsed } = item;
      const kind = parsed.document ? detectArmDocument(parsed.document.value) : 'template';
      if (kind === 'parameters') parameterFiles.set(file, parsed);
      else if (kind === 'template' || explicit.has(file)) templates.push(parsed);
    }
  }

  const { global: globalParameters, byTemplate } = splitParameterOptions(options.parameterFiles ?? [], cwd);
  for (const parameterPath of [...globalParameters, ...byTemplate.values()]) {
    if (parameterPath.endsWith('.bicepparam')) {
      if (!bicepParamFiles.some((read) => read.file === parameterPath)) {
        bicepParamFiles.push(await readBicepParamsFile(parameterPath, display, path.dirname(parameterPath), maxBytes));
      }
    } else if (!parameterFiles.has(parameterPath)) {
      const parsed = await readJsonFile(parameterPath, display(parameterPath), maxBytes, true);
      if (parsed) parameterFiles.set(parameterPath, parsed);
    }
  }

  // The Bicep files of templates Bicep built, to tell whether the built template is out of date.
  const sources = bicepSources(bicepFiles, templates);
  // Bicep files whose built template the scan does not hold are compiled and read as templates.
  for (const file of unbuiltBicep(bicepFiles, templates))
    templates.push({ ...readBicepTemplate(file, display, scanRootOf(file, roots), maxBytes), bicep: true });
  const bicepParamsFor = bicepParamsByTemplate(bicepParamFiles);
  const usedParameterFiles = new Set<string>();
  const linkedFrom = new Map<string, string[]>();
  let resources: Resource[] = [];
  let unknownValues = 0;
  for (const template of templates) {
    const diagnostics = [...template.diagnostics];
    const kind = template.bicep ? 'bicep' : 'arm-template';
    if (!template.document) {
      inputs.push({ path: template.display, kind, status: 'error', resources: 0, diagnostics });
      continue;
    }
    // A Bicep parameter file names the template az bicep build writes for the Bicep file it uses.
    const bicepParams = bicepParamsFor.get(template.bicep ? template.file.replace(/\.bicep$/i, '.json') : template.file) ?? [];
    const chosen =
      byTemplate.get(template.file) ??
      globalParameters[0] ??
      (await pairedParameterFile(template.file, parameterFiles, maxBytes, display)) ??
      (bicepParams.length === 1 ? bicepParams[0]?.file : undefined);
    if (chosen === undefined && bicepParams.length > 1) {
      diagnostics.push({
        severity: 'warning',
        message: `${bicepParams.length} Bicep parameter files are for this template (${bicepParams.map((read) => read.display).join(', ')}): parameter defaults were used; name one with --param-file ${template.display}=FILE`,
      });
    }
    let parameterValues: Map<string, Value> | undefined;
    if (chosen !== undefined) {
      usedParameterFiles.add(chosen);
      const parameterFile = parameterFiles.get(chosen);
      const bicepParamFile = bicepParamFiles.find((read) => read.file === chosen);
      if (bicepParamFile?.read.ok) {
        parameterValues = bicepParamFile.read.values;
        appendAll(
          diagnostics,
          bicepParamFile.read.diagnostics.map((d) => ({
            severity: d.severity,
            message: `${bicepParamFile.display}${d.line ? `:${d.line}:${d.column}` : ''}: ${d.message}`,
          })),
        );
      } else if (bicepParamFile) {
        diagnostics.push({ severity: 'warning', message: `${bicepParamFile.display} could not be read; parameter defaults were used` });
      } else if (parameterFile?.document) {
        const read = readArmParameters(parameterFile.document);
        parameterValues = read.values;
        appendAll(
          diagnostics,
          read.diagnostics.map((d) => ({ ...d, message: `${parameterFile.display}: ${d.message}` })),
        );
      } else if (parameterFile) {
        diagnostics.push({ severity: 'warning', message: `${parameterFile.display} could not be read; parameter defaults were used` });
      }
    }
    const expand = (document: JsonDocument, file: string, shown: string): ReturnType<typeof expandTemplate> =>
      expandTemplate(document, {
        file: shown,
        ...(parameterValues ? { parameterValues } : {}),
        ...(options.scope ? { scope: options.scope } : {}),
        ...(options.deploymentTime ? { now: options.deploymentTime } : {}),
        templateUri: pathToFileURL(file).href,
        loadLinked: linkedTemplateLoader(scanRootOf(file, roots), cwd, display, maxBytes, options.bicepCache),
      });
    let read: ReturnType<typeof expandTemplate>;
    try {
      read = expand(template.document, template.file, template.display);
      // Built by Bicep from a file of the scan: compared with what that file builds today, when it compiles cleanly.
      const source = sources.get(template.file);
      const compiled = source === undefined ? undefined : readBicepTemplate(source, display, scanRootOf(source, roots), maxBytes);
      if (compiled?.document && compiled.diagnostics.length === 0) {
        const fresh = expand(compiled.document, compiled.file, compiled.display);
        carrySuppressions(read.resources, fresh.resources);
        const drift = fresh.diagnostics.some((d) => d.severity !== 'info')
          ? undefined
          : driftDiagnostic({ display: template.display, resources: read.resources }, { display: compiled.display, resources: fresh.resources });
        if (drift) diagnostics.push(drift);
      }
    } catch (error) {
      // A template that breaks the engine in a way no check foresaw is an error for that template alone.
      diagnostics.push({ severity: 'error', message: `Cannot read the template: ${describe(error)}` });
      inputs.push({ path: template.display, kind, status: 'error', resources: 0, diagnostics });
      continue;
    }
    appendAll(diagnostics, read.diagnostics);
    appendAll(resources, read.resources);
    // A template that links itself, through others or not, is reported as itself: its diagnostics say where the chain stopped.
    for (const linked of read.linkedFiles)
      if (!read.linkedFiles.has(template.display)) linkedFrom.set(linked, [...(linkedFrom.get(linked) ?? []), template.display]);
    unknownValues += read.unknownValues;
    const status = diagnostics.some((d) => d.severity === 'error') ? 'error' : diagnostics.some((d) => d.severity === 'warning') ? 'partial' : 'ok';
    inputs.push({ path: template.display, kind, status, resources: read.resources.length, diagnostics });
  }
  // A template that another template links is read in that context, not again on its own.
  if (linkedFrom.size > 0) {
    resources = resources.filter((resource) => !linkedFrom.has(resource.input));
    for (const [index, input] of inputs.entries()) {
      const parents = linkedFrom.get(input.path);
      if (!parents) continue;
      inputs[index] = {
        ...input,
        status: 'ok',
        resources: 0,
        diagnostics: [
          { severity: 'info', message: `Read as the linked template of ${[...new Set(parents)].sort().join(', ')}; its resources are reported there` },
        ],
      };
    }
  }
  const templateFiles = new Set(templates.map((template) => template.file));
  for (const bicepParams of bicepParamFiles) {
    const { file, display: shown, read } = bicepParams;
    const unused = unusedReason(bicepParams, templateFiles, display);
    inputs.push({
      path: shown,
      kind: 'arm-parameters',
      status: read.ok ? 'ok' : 'error',
      resources: 0,
      diagnostics: [
        ...(read.ok ? [] : read.diagnostics),
        ...(usedParameterFiles.has(file) || !read.ok ? [] : [{ severity: 'info' as const, message: unused }]),
      ],
    });
  }
  for (const [file, parsed] of parameterFiles) {
    inputs.push({
      path: parsed.display,
      kind: 'arm-parameters',
      status: parsed.document ? 'ok' : 'error',
      resources: 0,
      diagnostics: [
        ...parsed.diagnostics,
        ...(usedParameterFiles.has(file) ? [] : [{ severity: 'info' as const, message: 'No template in the scan uses this parameter file' }]),
      ],
    });
  }
  for (const snapshot of snapshots) {
    inputs.push(snapshot.summary);
    // A loop, not push(...): a snapshot of a large tenant has more resources than a call has room for arguments.
    for (const resource of snapshot.resources) resources.push(resource);
  }
  if (terraformRoots.size > 0 || terraformPlans.length > 0) {
    // Imported only when there is Terraform: its HCL parser (WebAssembly) takes a while to start.
    const { loadTerraform } = await import('../terraform/files.js');
    const terraform = await loadTerraform([...terraformRoots], terraformPlans, {
      display,
      maxFileBytes: maxBytes,
      ...(options.varFiles ? { varFiles: options.varFiles.map((file) => path.resolve(cwd, file)) } : {}),
      ...(options.vars ? { vars: options.vars } : {}),
    });
    appendAll(inputs, terraform.inputs);
    appendAll(resources, terraform.resources);
    unknownValues += terraform.unknownValues;
  }
  if (snapshots.length > 0) resources = mergeEntraTenants(resources);
  markUnevaluated(inputs, resources);
  noteSharedIds(inputs, resources);
  inputs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { inputs, resources, unknownValues };
}

/**
 * The Bicep files whose ARM template the scan does not hold: none named like them beside them
 * (`main.bicep`, `main.json`), and no template built by Bicep in their folder or a folder above
 * (a module's code is inside the template of the file that uses it). Those are not checked at all,
 * and the report says so rather than pass over them.
 */
function unbuiltBicep(bicepFiles: readonly string[], templates: readonly ParsedFile[]): string[] {
  if (bicepFiles.length === 0) return [];
  const templateFiles = new Set(templates.map((template) => template.file));
  const builtIn = new Set(templates.filter((template) => builtByBicep(template.document?.value)).map((template) => path.dirname(template.file)));
  return bicepFiles.filter((file) => {
    if (templateFiles.has(file.replace(/\.bicep$/, '.json'))) return false;
    for (let folder = path.dirname(file); ; folder = path.dirname(folder)) {
      if (builtIn.has(folder)) return false;
      if (path.dirname(folder) === folder) return true;
    }
  });
}

/**
 * Reads and parses one JSON file. Files found by walking are parsed only when they name an ARM
 * schema, so other JSON in a repository (package.json, …) costs a read and nothing more.
 */
async function readJsonFile(file: string, display: string, maxBytes: number, explicit: boolean): Promise<ParsedFile | undefined> {
  try {
    const info = await stat(file);
    if (info.size > maxBytes) {
      return explicit
        ? { file, display, diagnostics: [{ severity: 'error', message: `File is ${info.size} bytes, over the ${maxBytes}-byte limit for a template` }] }
        : undefined;
    }
    const bytes = await readFile(file);
    const text = decode(bytes);
    if (!explicit && !ARM_SCHEMA.test(text.slice(0, 4096)) && !ARM_SCHEMA.test(text)) return undefined;
    try {
      const document = parseJson(text);
      const diagnostics: Diagnostic[] = document.warnings.map((w) => ({ severity: 'info', message: w.message, line: w.line, column: w.column }));
      return { file, display, document, diagnostics };
    } catch (error) {
      if (error instanceof JsonSyntaxError) {
        // A table exported from the portal's Resource Graph Explorer is a common thing to try.
        const hint = /\.(csv|tsv)$/i.test(file) ? ' (CSV is not read: export JSON with az graph query -o json)' : '';
        return {
          file,
          display,
          diagnostics: [{ severity: 'error', message: `Invalid JSON${hint}: ${error.message}`, line: error.line, column: error.column }],
        };
      }
      throw error;
    }
  } catch (error) {
    return { file, display, diagnostics: [{ severity: 'error', message: `Cannot read the file: ${describe(error)}` }] };
  }
}

/** UTF-8 (with or without BOM) and UTF-16 with a BOM; invalid bytes become U+FFFD. */
function decode(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  return new TextDecoder('utf-8').decode(bytes);
}

/** The parameter file named after the template, read now if the walk did not bring it. */
async function pairedParameterFile(
  template: string,
  parameterFiles: Map<string, ParsedFile>,
  maxBytes: number,
  display: (file: string) => string,
): Promise<string | undefined> {
  const directory = path.dirname(template);
  for (const name of pairedParameterFileNames(path.basename(template))) {
    const candidate = path.join(directory, name);
    if (parameterFiles.has(candidate)) return candidate;
    if (!existsSync(candidate)) continue;
    const parsed = await readJsonFile(candidate, display(candidate), maxBytes, false);
    if (parsed?.document && detectArmDocument(parsed.document.value) === 'parameters') {
      parameterFiles.set(candidate, parsed);
      return candidate;
    }
  }
  return undefined;
}

function splitParameterOptions(values: readonly string[], cwd: string): { global: string[]; byTemplate: Map<string, string> } {
  const global: string[] = [];
  const byTemplate = new Map<string, string>();
  for (const value of values) {
    const at = value.indexOf('=');
    if (at > 0) byTemplate.set(path.resolve(cwd, value.slice(0, at)), path.resolve(cwd, value.slice(at + 1)));
    else global.push(path.resolve(cwd, value));
  }
  return { global, byTemplate };
}

/** The scan root a template belongs to: the folder given on the command line, or an explicit file's folder. */
function scanRootOf(file: string, roots: readonly string[]): string {
  const folder = roots.filter((root) => file.startsWith(root + path.sep)).sort((a, b) => b.length - a.length)[0];
  return folder ?? path.dirname(file);
}

/**
 * Reads linked templates for a template under `root`: relative paths (`templateLink.relativePath`)
 * and `file://` URLs (what `deployment().properties.templateLink.uri` gives here), never outside
 * the root and never over the network.
 */
function linkedTemplateLoader(
  root: string,
  cwd: string,
  display: (file: string) => string,
  maxBytes: number,
  bicepCache: string | undefined,
): (reference: string, fromFile: string) => LinkedTemplate | { error: string } {
  const cache = new Map<string, LinkedTemplate | { error: string }>();
  // A copy loop may link the same URL hundreds of times: each is looked for once.
  const copies = new Map<string, string | undefined>();
  return (reference, fromFile) => {
    let target: string;
    let readFrom: string | undefined;
    let inside = root;
    if (/^ts[:/]/i.test(reference)) return { error: 'template specs are kept in Azure, and an offline scan does not fetch them' };
    if (/^br[:/]/i.test(reference)) {
      const restored = restoredModule(reference, bicepCache, path.dirname(path.resolve(cwd, fromFile)), root);
      if ('error' in restored) return restored;
      target = restored.file;
      inside = restored.cache;
      readFrom = `Module ${reference} is read from the local Bicep cache (${target})`;
    } else if (/^file:/i.test(reference)) {
      try {
        target = fileURLToPath(reference.split('?')[0] as string);
      } catch {
        return { error: 'not a valid file URL' };
      }
    } else if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
      const folder = path.dirname(path.resolve(cwd, fromFile));
      const key = `${folder}\n${reference}`;
      if (!copies.has(key)) copies.set(key, /^https?:/i.test(reference) ? localCopy(reference, folder, path.resolve(root)) : undefined);
      const copy = copies.get(key);
      if (copy === undefined) return { error: 'URLs are not fetched in an offline scan' };
      target = copy;
      const url = reference.split('?')[0] as string;
      readFrom = `Linked template ${url.length > 120 ? `${url.slice(0, 117)}...` : url} is read from ${display(copy)}, the file of the scan its address ends with (URLs are not fetched)`;
    } else {
      target = path.resolve(path.dirname(path.resolve(cwd, fromFile)), reference.split('?')[0] as string);
    }
    const cached = cache.get(target);
    const result = cached ?? readLinked(target, inside, display, maxBytes);
    cache.set(target, result);
    return readFrom !== undefined && !('error' in result) ? { ...result, readFrom } : result;
  };
}

/** No repository is deeper than this: a longer URL path is looked for by its end alone. */
const MAX_PATH_SEGMENTS = 24;

/**
 * The file in the scan that a URL a template links stands for: the artifacts a template links by
 * URL (`[concat(parameters('_artifactsLocation'), 'nested/vnet.json')]`, a raw GitHub address of the
 * same repository) are files of the repository, staged or pushed there. The longest end of the
 * URL's path, of two segments or more, that names a file under the template's folder or a folder
 * above it inside the scan root (the nearest first); or a file next to the template when the URL
 * names the template's folder just before it. Undefined when nothing matches.
 */
function localCopy(url: string, folder: string, root: string): string | undefined {
  let segments: string[];
  try {
    segments = new URL(url).pathname.split('/').filter(Boolean).slice(-MAX_PATH_SEGMENTS).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment === '.' || segment === '..' || /[\\/]/.test(segment))) return undefined;
  const isFile = (candidate: string): boolean => statSync(candidate, { throwIfNoEntry: false })?.isFile() === true;
  const folders: string[] = [];
  for (let at = folder; at === root || at.startsWith(root + path.sep); at = path.dirname(at)) {
    folders.push(at);
    if (at === root) break;
  }
  for (let length = segments.length - 1; length >= 2; length--) {
    const tail = segments.slice(segments.length - length);
    for (const base of folders) if (isFile(path.join(base, ...tail))) return path.join(base, ...tail);
  }
  const file = segments[segments.length - 1];
  if (file !== undefined && segments[segments.length - 2] === path.basename(folder) && isFile(path.join(folder, file))) return path.join(folder, file);
  return undefined;
}

function readLinked(target: string, root: string, display: (file: string) => string, maxBytes: number): LinkedTemplate | { error: string } {
  let real: string;
  let realRoot: string;
  try {
    real = realpathSync(target);
    realRoot = realpathSync(root);
  } catch (error) {
    return { error: describe(error) };
  }
  if (!real.startsWith(realRoot + path.sep)) return { error: `${display(target)} is outside the scan root` };
  // A Bicep module: the template it compiles to, with what compiling it found.
  if (/\.bicep$/i.test(target)) {
    const compiled = readBicepTemplate(target, display, root, maxBytes);
    if (!compiled.document)
      return { error: compiled.diagnostics.map((d) => `${d.line ? `${compiled.display}:${d.line}:${d.column}: ` : ''}${d.message}`).join('; ') };
    return { file: compiled.display, document: compiled.document, diagnostics: compiled.diagnostics };
  }
  try {
    if (statSync(real).size > maxBytes) return { error: `over the ${maxBytes}-byte limit` };
    return { file: display(target), document: parseJson(decode(readFileSync(real))) };
  } catch (error) {
    if (error instanceof JsonSyntaxError) return { error: `invalid JSON: ${error.message}` };
    return { error: describe(error) };
  }
}
