import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { readBicepParams, type BicepParamsRead, type ReadBase } from '../bicep/params.js';
import { readInsideRoot } from './inside.js';
import { describe } from './walk.js';

/** A `.bicepparam` file as read, and the template its `using` statement names. */
export interface BicepParamsFile {
  readonly file: string;
  readonly display: string;
  readonly read: BicepParamsRead;
  /** The ARM template the file is for: `main.json` beside `main.bicep` (what `az bicep build` writes), or the JSON template it names. */
  readonly template?: string;
  /** The registry module or template spec it names instead (`br:…`, `ts:…`), which no scan holds. */
  readonly remote?: string;
}

/** Registry modules (`br:`, `br/public:`) and template specs (`ts:`). */
const REMOTE = /^(br|ts)[:/]/i;

/**
 * Reads a Bicep parameter file. Base files that `extends` names are read from inside `root` only
 * (the folder scanned), as linked templates are.
 */
export async function readBicepParamsFile(file: string, display: (file: string) => string, root: string, maxBytes: number): Promise<BicepParamsFile> {
  const shown = display(file);
  let text: string;
  try {
    const size = (await stat(file)).size;
    if (size > maxBytes) return failed(file, shown, `File is ${size} bytes, over the ${maxBytes}-byte limit for a parameter file`);
    text = new TextDecoder('utf-8').decode(await readFile(file));
  } catch (error) {
    return failed(file, shown, `Cannot read the file: ${describe(error)}`);
  }
  let read: BicepParamsRead;
  try {
    read = readBicepParams(text, shown, baseReader(path.dirname(file), root, display, maxBytes));
  } catch (error) {
    // A file that breaks the reader in a way no check foresaw is an error for that file alone.
    return failed(file, shown, `Cannot read the file: ${describe(error)}`);
  }
  const using = read.using;
  if (typeof using !== 'string') return { file, display: shown, read };
  if (REMOTE.test(using)) return { file, display: shown, read, remote: using };
  const target = path.resolve(path.dirname(file), using);
  return { file, display: shown, read, template: target.replace(/\.bicep$/i, '.json') };
}

/** The parameter files for each template, in file order. */
export function bicepParamsByTemplate(files: readonly BicepParamsFile[]): Map<string, BicepParamsFile[]> {
  const byTemplate = new Map<string, BicepParamsFile[]>();
  for (const file of [...files].sort((a, b) => (a.file < b.file ? -1 : 1))) {
    if (file.template !== undefined) byTemplate.set(file.template, [...(byTemplate.get(file.template) ?? []), file]);
  }
  return byTemplate;
}

/** Why no template of the scan uses a Bicep parameter file (`templateFiles`: the templates the scan read). */
export function unusedReason(params: BicepParamsFile, templateFiles: ReadonlySet<string>, display: (file: string) => string): string {
  const { remote, template, read } = params;
  if (remote) return `Its template ${remote} is a registry module or template spec, which an offline scan does not read`;
  if (read.using === null) return 'A base parameter file (using none): read where another parameter file extends it';
  if (template !== undefined && templateFiles.has(template))
    return `${display(template)} was read with another parameter file, or without one (see its diagnostics)`;
  if (template !== undefined && /\.bicep$/i.test(read.using ?? '')) {
    return `No template in the scan uses this parameter file: ${display(template)}, which az bicep build writes for ${read.using}, is not in the scan`;
  }
  return 'No template in the scan uses this parameter file';
}

function baseReader(folder: string, root: string, display: (file: string) => string, maxBytes: number): ReadBase {
  return (target) => {
    const file = path.resolve(folder, target);
    // Read whole and at once: a parameter file is small, and the chain is at most ten deep.
    const read = readInsideRoot(file, root, maxBytes, display);
    if ('error' in read) return read;
    return { file: display(file), text: new TextDecoder('utf-8').decode(read.bytes), readBase: baseReader(path.dirname(file), root, display, maxBytes) };
  };
}

function failed(file: string, display: string, message: string): BicepParamsFile {
  return { file, display, read: { using: undefined, values: new Map(), diagnostics: [{ severity: 'error', message }], ok: false } };
}
