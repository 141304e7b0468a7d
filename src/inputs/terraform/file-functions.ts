import path from 'node:path';
import { isObject, isUnknown, Unknown, type Value } from '../../model/value.js';
import { evaluateNode, force, type Scope } from './evaluate.js';
import { HclSyntaxError, parseTemplate, type Node } from './expression.js';

/**
 * What `file()`, `fileexists()`, `filebase64()` and `templatefile()` read: the files of the
 * configuration (custom data and scripts are usually kept next to the `.tf` files), by path.
 */
export interface ConfigurationFiles {
  /**
   * The file's bytes (a relative path is read from the root module's folder, Terraform's working
   * directory); undefined when there is no such file; an Unknown saying why it is not read
   * (outside the configuration, too large).
   */
  read(file: string): Buffer | Unknown | undefined;
  /** The root module's folder, absolute: Terraform's working directory, what `abspath()` joins a relative path to. */
  readonly cwd?: string;
}

export const FILE_FUNCTIONS: ReadonlySet<string> = new Set(['file', 'fileexists', 'filebase64', 'templatefile', 'abspath']);

/** Calls one of FILE_FUNCTIONS with evaluated arguments. */
export function callFileFunction(name: string, args: readonly Value[], scope: Scope, files: ConfigurationFiles): Value {
  const [file, vars] = args;
  if (isUnknown(file)) return file;
  if (typeof file !== 'string') return new Unknown(`${name}() expects a path`);
  // "if the path is not absolute, it will be joined with the current working directory".
  if (name === 'abspath')
    return files.cwd === undefined
      ? new Unknown('abspath() is evaluated by Terraform at run time, not read here')
      : path.resolve(files.cwd, file).split(path.sep).join('/');
  // Terraform reads `~` as the home folder of whoever runs it (an SSH public key, usually).
  if (file === '~' || file.startsWith('~/')) return new Unknown(`${name}() of '${file}' reads the home folder of whoever runs Terraform: not read`);
  const found = files.read(file);
  if (name === 'fileexists') return found === undefined ? false : isUnknown(found) ? found : true;
  // Terraform stops with an error there: no value to read.
  const bytes = found ?? new Unknown(`${name}() of '${file}': there is no such file`);
  switch (name) {
    case 'filebase64':
      return isUnknown(bytes) ? bytes : bytes.toString('base64');
    case 'file':
      return isUnknown(bytes) ? bytes : text(bytes, file, name);
    default:
      return isUnknown(bytes) ? bytes : template(bytes, file, vars, scope);
  }
}

function text(bytes: Buffer, file: string, name: string): string | Unknown {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new Unknown(`${name}() of '${file}': the file is not UTF-8 text`);
  }
}

/**
 * `templatefile(path, vars)`: the file read as a template that sees only `vars` (and functions).
 * A template that calls templatefile() itself is refused, as Terraform refuses it.
 */
function template(bytes: Buffer, file: string, vars: Value | undefined, scope: Scope): Value {
  if (isUnknown(vars)) return vars;
  if (scope.inTemplateFile) return new Unknown(`templatefile() of '${file}' is called from a template file, which Terraform refuses`);
  const source = text(bytes, file, 'templatefile');
  if (isUnknown(source)) return source;
  return rendered(source, vars, scope, `templatefile() of '${file}'`);
}

/**
 * `templatestring(ref, vars)` (Terraform 1.9): a text from elsewhere (a local, a data source's
 * content) read as a template that sees only `vars`. Terraform refuses a template written in the
 * call itself, which it would already have rendered as an ordinary string.
 */
export function templateString(argument: Node | undefined, [source, vars]: readonly Value[], scope: Scope): Value {
  if (argument?.kind === 'literal' || argument?.kind === 'template')
    return new Unknown('templatestring() is given a literal template, which Terraform refuses');
  // A template that renders itself again would never end; Terraform refuses the call too.
  if (scope.inTemplateFile) return new Unknown('templatestring() is called from inside a template, which Terraform refuses');
  if (isUnknown(source)) return source;
  if (typeof source !== 'string') return new Unknown('templatestring() expects a text');
  return rendered(source, vars, scope, 'templatestring()');
}

function rendered(source: string, vars: Value | undefined, scope: Scope, what: string): Value {
  if (isUnknown(vars)) return vars;
  if (!isObject(vars)) return new Unknown(`${what}: the variables are not an object`);
  let node: Node;
  try {
    node = parseTemplate(source);
  } catch (error) {
    if (!(error instanceof HclSyntaxError)) throw error;
    return new Unknown(`${what}: ${error.message}`);
  }
  const inner: Scope = {
    budget: scope.budget,
    ...(scope.files ? { files: scope.files } : {}),
    inTemplateFile: true,
    lookup: (name) => (Object.hasOwn(vars, name) ? vars[name] : undefined),
  };
  return force(evaluateNode(node, inner));
}
