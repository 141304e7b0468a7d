/**
 * Bicep parameter files (`.bicepparam`) read into the values of a template's parameters, as
 * `az deployment … --parameters main.bicepparam` would pass them. Expressions are turned into the
 * ARM expressions Bicep compiles them to (translate.ts) and evaluated by the ARM engine, so every ARM function works as it does in templates. What is known
 * only where and when the deployment runs (`readEnvironmentVariable`, `getSecret`, files loaded
 * at build time, imported names) is Unknown with the reason.
 */
import type { Diagnostic } from '../../model/input.js';
import { isObject, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { ExpressionError, LimitExceededError, evaluateNode, evaluateValue, type ExprNode, type ExpressionHost } from '../arm-expr/evaluate.js';
import { compileImports, FUNCTIONS_NAMESPACE, type CompiledImports } from './compile.js';
import { BicepSyntaxError, parseBicepParams, placer, type BicepNode, type BicepParamsSyntax, type Declaration } from './syntax.js';
import { call, str, translate } from './translate.js';

export interface BicepParamsRead {
  /** The template the file is for, as written after `using`; null for `using none`; undefined when the file has no `using`. */
  readonly using: string | null | undefined;
  readonly values: Map<string, Value>;
  readonly diagnostics: Diagnostic[];
  /** False when the file could not be read at all (a syntax error, an unreadable base file). */
  readonly ok: boolean;
}

/** Reads the file an `extends` statement names (relative to the file holding it), with the reader for its own `extends`. */
export type ReadBase = (path: string) => { file: string; text: string; readBase: ReadBase } | { error: string };

/** How many `extends` steps a chain of parameter files may take. */
const MAX_EXTENDS = 10;
/** How deep params and vars may refer to one another (each step is a nested evaluation). */
const MAX_REFERENCE_DEPTH = 100;

/** Functions whose value is known only where or when the deployment runs, and why. */
const DEPLOYMENT_TIME: Readonly<Record<string, (args: readonly BicepNode[]) => string>> = {
  readenvironmentvariable: (args) => `environment variable ${literal(args[0]) ?? '(named by an expression)'} of the machine that deploys`,
  getsecret: (args) => `Key Vault secret ${literal(args[3]) ?? '(named by an expression)'}, resolved only at deployment`,
  externalinput: () => 'an external input, given only at deployment',
  loadtextcontent: (args) => `file ${literal(args[0]) ?? '(named by an expression)'} loaded when Bicep builds, not read by azvmsec`,
  loadjsoncontent: (args) => `file ${literal(args[0]) ?? '(named by an expression)'} loaded when Bicep builds, not read by azvmsec`,
  loadyamlcontent: (args) => `file ${literal(args[0]) ?? '(named by an expression)'} loaded when Bicep builds, not read by azvmsec`,
  loadfileasbase64: (args) => `file ${literal(args[0]) ?? '(named by an expression)'} loaded when Bicep builds, not read by azvmsec`,
  loaddirectoryfileinfo: (args) => `folder ${literal(args[0]) ?? '(named by an expression)'} listed when Bicep builds, not read by azvmsec`,
};

/**
 * Reads `text`, the parameter file `file` (as displayed). `readBase` gives the files that
 * `extends` names; their parameters come first, this file's replace them.
 */
export function readBicepParams(text: string, file: string, readBase: ReadBase, chain: readonly string[] = []): BicepParamsRead {
  const diagnostics: Diagnostic[] = [];
  const place = placer(text);
  let syntax: BicepParamsSyntax;
  try {
    syntax = parseBicepParams(text);
  } catch (error) {
    if (!(error instanceof BicepSyntaxError)) throw error;
    diagnostics.push({ severity: 'error', message: `Invalid Bicep parameter file: ${error.message}`, ...place(error.at) });
    // The template it is for, when its first line says: that template is then told why it has no values.
    const using = /^\s*using\s+'([^'\\\n]*)'/.exec(text)?.[1];
    return { using, values: new Map(), diagnostics, ok: false };
  }
  const using = syntax.using?.target;
  if (syntax.using === undefined) diagnostics.push({ severity: 'warning', message: 'No using statement: the file names no template', line: 1, column: 1 });
  let base: BicepParamsRead | undefined;
  if (syntax.extends) {
    const at = place(syntax.extends.at);
    const read = chain.length >= MAX_EXTENDS ? { error: `more than ${MAX_EXTENDS} files extend one another` } : readBase(syntax.extends.path);
    if ('error' in read) {
      diagnostics.push({ severity: 'error', message: `The base parameter file ${syntax.extends.path} cannot be read: ${read.error}`, ...at });
      return { using, values: new Map(), diagnostics, ok: false };
    }
    if (chain.includes(read.file) || read.file === file) {
      diagnostics.push({ severity: 'error', message: `The base parameter file ${read.file} extends this file again`, ...at });
      return { using, values: new Map(), diagnostics, ok: false };
    }
    base = readBicepParams(read.text, read.file, read.readBase, [...chain, file]);
    for (const diagnostic of base.diagnostics) diagnostics.push({ ...diagnostic, message: `${read.file}: ${diagnostic.message}`, ...at });
    if (!base.ok) return { using, values: new Map(), diagnostics, ok: false };
  }
  const values = new Map(base?.values ?? []);
  const evaluator = new ParamsEvaluator(syntax, base?.values, file, place, readBase);
  for (const param of syntax.params) {
    const evaluated = evaluator.param(param.name);
    values.set(param.name, evaluated.value);
    if (evaluated.problem)
      diagnostics.push({ severity: 'warning', message: `param ${param.name}: ${evaluated.problem}; its value is unknown`, ...place(param.at) });
  }
  for (const diagnostic of evaluator.importDiagnostics) diagnostics.push(diagnostic);
  return { using, values, diagnostics, ok: true };
}

/** Evaluates the file's params and vars on demand, each once; a cycle is an error. */
class ParamsEvaluator {
  readonly #params: Map<string, Declaration>;
  readonly #vars: Map<string, Declaration>;
  readonly #done = new Map<string, { value: Value; problem?: string }>();
  readonly #evaluating = new Set<string>();
  /** Values the translation puts aside for the host to give back (Unknown calls, `base`). */
  readonly #held: Value[] = [];
  readonly #host: ExpressionHost;
  /** What the file imports from Bicep files, compiled. */
  readonly #imports: CompiledImports;

  constructor(
    private readonly syntax: BicepParamsSyntax,
    private readonly base: ReadonlyMap<string, Value> | undefined,
    private readonly file: string,
    private readonly place: (at: number) => { line: number; column: number },
    readBase: ReadBase,
  ) {
    this.#params = new Map(syntax.params.map((param) => [param.name, param]));
    this.#vars = new Map(syntax.vars.map((variable) => [variable.name, variable]));
    const notInParameterFile = (what: string) => () => new Unknown(`${what} is not known in a parameter file`);
    this.#imports = compileImports(
      syntax.imported,
      (relative) => {
        const read = readBase(relative);
        return 'error' in read ? read : { bytes: new TextEncoder().encode(read.text) };
      },
      place,
    );
    const importedValues = new Map<string, Value>();
    this.#host = {
      parameter: (name) => this.#lookup(name, 'param'),
      variable: (name) => {
        // A variable compiled from an imported file, evaluated once.
        const compiled = this.#imports.variables.get(name);
        if (compiled === undefined) return this.#lookup(name, 'var');
        let value = importedValues.get(name);
        if (value === undefined) {
          value = evaluateValue(compiled as Value, this.#host);
          importedValues.set(name, value);
        }
        return value;
      },
      copyIndex: () => {
        throw new ExpressionError('copyIndex() is not valid in a parameter file');
      },
      userFunction: (namespace, name) => {
        const compiled = namespace === FUNCTIONS_NAMESPACE ? this.#imports.functions.get(name) : undefined;
        if (!isObject(compiled as Value)) return undefined;
        const { parameters, output } = compiled as { parameters: { name: string; type?: string }[]; output: { type?: string; value: Value } };
        return { parameters, output };
      },
      reference: (target) => new Unknown(`reference() to '${target}' is only known at deployment`),
      list: (fn, id) => new Unknown(`${fn}() of '${id}' is only known at deployment`),
      deployment: notInParameterFile('deployment()'),
      environment: notInParameterFile('environment()'),
      resourceGroup: notInParameterFile('resourceGroup()'),
      subscription: notInParameterFile('subscription()'),
      tenant: notInParameterFile('tenant()'),
      managementGroup: notInParameterFile('managementGroup()'),
      now: undefined,
      budget: { steps: 1_000_000, maxStringLength: 1_000_000, maxArrayLength: 100_000 },
    };
  }

  /** What reading the files it imports from found. */
  get importDiagnostics(): readonly Diagnostic[] {
    return this.#imports.diagnostics;
  }

  param(name: string): { value: Value; problem?: string } {
    return this.#evaluate(name, 'param');
  }

  #lookup(name: string, kind: 'param' | 'var'): Value {
    if (kind === 'param' && name.startsWith('#')) return this.#held[Number(name.slice(1))] as Value;
    const evaluated = this.#evaluate(name, kind);
    // Its own diagnostic says why; repeating it in every param that uses it would grow with each step.
    if (evaluated.problem !== undefined) throw new ExpressionError(`${kind} ${name} cannot be evaluated`);
    return evaluated.value;
  }

  #evaluate(name: string, kind: 'param' | 'var'): { value: Value; problem?: string } {
    const key = `${kind} ${name}`;
    const done = this.#done.get(key);
    if (done) return done;
    const declaration = (kind === 'param' ? this.#params : this.#vars).get(name);
    if (declaration === undefined) throw new ExpressionError(`'${name}' is not declared in the parameter file`);
    if (this.#evaluating.has(key)) throw new ExpressionError(`${kind} ${name} refers to itself`);
    if (this.#evaluating.size >= MAX_REFERENCE_DEPTH) throw new ExpressionError(`params and vars refer to one another more than ${MAX_REFERENCE_DEPTH} deep`);
    this.#evaluating.add(key);
    let result: { value: Value; problem?: string };
    try {
      const value = evaluateNode(this.#translate(declaration.value), this.#host);
      // A value known only at deployment is said with the param that takes it (once: `a = b` keeps b's reason).
      const said = value instanceof Unknown && kind === 'param' && !/^param /.test(value.reason);
      result = { value: said ? new Unknown(`param ${name} is ${value.reason}`, this.#origin(declaration.at)) : value };
    } catch (error) {
      if (!(error instanceof ExpressionError) && !(error instanceof LimitExceededError)) throw error;
      result = { value: new Unknown(`${kind} ${name} could not be evaluated: ${error.message}`, this.#origin(declaration.at)), problem: error.message };
    } finally {
      this.#evaluating.delete(key);
    }
    this.#done.set(key, result);
    return result;
  }

  #origin(at: number): { file: string; line: number; column: number } {
    return { file: this.file, ...this.place(at) };
  }

  /** A value the host gives back when the translated expression asks for it. */
  #hold(value: Value, at: number): ExprNode {
    this.#held.push(value);
    return call('parameters', [str(`#${this.#held.length - 1}`, at)], at);
  }

  /** The ARM expression Bicep compiles `node` to. */
  #translate(node: BicepNode): ExprNode {
    const imports = this.#imports;
    return translate(node, {
      identifier: (identifier) => {
        const { name, at } = identifier;
        if (this.#vars.has(name)) return call('variables', [str(name, at)], at);
        if (this.#params.has(name)) return call('parameters', [str(name, at)], at);
        if (name === 'base' && this.base) return this.#hold(Object.fromEntries(this.base) as ValueObject, at);
        if (this.syntax.imported.has(name)) return imports.hooks.identifier(identifier);
        return call('parameters', [str(name, at)], at);
      },
      call: (node, locals) => {
        // An imported function (`f()`, `ns.f()`): what the file it comes from compiles it to.
        if (this.syntax.imported.has(node.namespace ?? node.name)) return imports.hooks.call?.(node, locals);
        const namespace = node.namespace === 'sys' || node.namespace === 'az' ? undefined : node.namespace;
        const unknown = namespace === undefined ? DEPLOYMENT_TIME[node.name.toLowerCase()] : undefined;
        if (unknown) return this.#hold(new Unknown(unknown(node.args)), node.at);
        if (namespace !== undefined) return this.#hold(new Unknown(`${namespace}.${node.name}() is not read in a parameter file`), node.at);
        return undefined;
      },
      member: (node, locals) =>
        node.target.kind === 'identifier' && this.syntax.imported.has(node.target.name) ? imports.hooks.member?.(node, locals) : undefined,
    });
  }
}

/** The text of a string literal without `${…}`, quoted, for a reason. */
function literal(node: BicepNode | undefined): string | undefined {
  return node?.kind === 'string' && node.parts.every((part) => typeof part === 'string') ? `'${node.parts.join('')}'` : undefined;
}
