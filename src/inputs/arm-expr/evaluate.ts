/**
 * ARM template expression evaluation.
 *
 * API (what the template engine uses):
 * - `isExpression(text)`: true for `[...]` strings that are not `[[` escapes.
 * - `evaluateString(text, host)`: a literal string passes through (`[[x` becomes `[x`); an expression is
 *   parsed (once per distinct text: results and syntax errors are cached) and evaluated.
 * - `evaluateValue(value, host)`: evaluates every string of a JSON value (used for user-defined function
 *   outputs; handy for template sections).
 * - `evaluateNode(node, host, scope?)`: evaluates an already parsed AST.
 * - `parseCached(text)`: the cached parser.
 * - `ExpressionHost`: what evaluation asks of the engine (parameters, variables, copyIndex, user-defined
 *   functions, reference/list, scope objects, the clock, the shared budget). See types.ts.
 *
 * Errors: `ExpressionSyntaxError` (bad text, with column), `ExpressionError` (types, arity, unknown
 * function, division by zero…), `LimitExceededError` (budget: steps, string/array sizes, call depth).
 * Values a template cannot know (unset parameters, reference(), list*(), utcNow() without a clock) are
 * `Unknown` values and never errors. Functions only return Unknown when their result depends on one:
 * `if` and `and`/`or`/`coalesce` evaluate lazily, collections keep Unknown members, and a whole-Unknown
 * result is the Unknown that caused it (so it keeps the most specific reason).
 */
import { combinedUnknown, findKey, firstUnknown, isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { ExpressionError, ExpressionSyntaxError, LimitExceededError } from './errors.js';
import { FUNCTIONS } from './functions/index.js';
import { describeType } from './functions/support.js';
import { isExpression, parseExpression, type CallNode, type ExprNode } from './parser.js';
import type { Call, ExpressionHost, Lambda, Limits, Scope } from './types.js';
import { MAX_VALUE_SIZE, valueSize } from '../../model/value-size.js';
import { absentFromRuntime, deeperInRuntime } from './runtime-view.js';
import { copyOf, markId, placeholderId, placeholderText, unmarked } from './name-text.js';

/**
 * Functions whose Unknown result is the same value as the Unknown they were given (or one they
 * made and marked themselves): a placeholder (name-text.ts) passes through them. What any other
 * call, property or index gives from a marked Unknown is an unmarked copy.
 */
const SAME_VALUE = new Set(['parameters', 'variables', 'string', 'tolower', 'toupper', 'concat', 'format', 'if', ...idFunctions()]);

/** The functions that build resource ids: of a name not known, an Unknown that stands for the id with placeholders in it. */
function idFunctions(): string[] {
  return ['resourceid', 'subscriptionresourceid', 'tenantresourceid', 'extensionresourceid', 'managementgroupresourceid'];
}
const ID_FUNCTIONS = new Set(idFunctions());

/**
 * Functions that give only what their first argument holds (its text, in another case or encoding,
 * or a part of it): of a resource's state, they give state. Others may add text of their own.
 */
const KEEPS_STATE = new Set([
  'string',
  'json',
  'array',
  'base64',
  'toLower',
  'toUpper',
  'trim',
  'uriComponent',
  'substring',
  'split',
  'first',
  'last',
  'skip',
  'take',
]);

export { ExpressionError, ExpressionSyntaxError, LimitExceededError } from './errors.js';
export type { Budget, ExpressionHost, Scope, UserFunction } from './types.js';
export { isExpression } from './parser.js';
export type { ExprNode } from './parser.js';

/**
 * `azvmsec.unknown('why')`: what the Bicep compiler writes where Bicep has a value azvmsec does not
 * read (an imported name, a registry namespace's function): Unknown with that reason. A template
 * that declares a function of that name gets its own.
 */
export const UNKNOWN_FUNCTION = { namespace: 'azvmsec', name: 'unknown' } as const;

const DEFAULT_MAX_CALL_DEPTH = 32;
const CACHE_LIMIT = 20_000;
const parseCache = new Map<string, ExprNode | ExpressionSyntaxError>();

/** Parses `text` once; later calls with the same text reuse the AST (or rethrow the same syntax error). */
export function parseCached(text: string): ExprNode {
  let entry = parseCache.get(text);
  if (entry === undefined) {
    try {
      entry = parseExpression(text);
    } catch (error) {
      if (!(error instanceof ExpressionSyntaxError)) throw error;
      entry = error;
    }
    if (parseCache.size >= CACHE_LIMIT) parseCache.clear();
    parseCache.set(text, entry);
  }
  if (entry instanceof ExpressionSyntaxError) throw entry;
  return entry;
}

export function evaluateString(text: string, host: ExpressionHost, scope: Scope = { callDepth: 0 }): Value {
  if (!isExpression(text)) return text.startsWith('[[') ? text.slice(1) : text;
  return evaluateNode(parseCached(text), host, scope);
}

/** Evaluates every string in a JSON value; objects and arrays are rebuilt. */
export function evaluateValue(value: Value, host: ExpressionHost, scope: Scope = { callDepth: 0 }): Value {
  if (typeof value === 'string') return evaluateString(value, host, scope);
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, host, scope));
  if (isObject(value)) {
    const result: ValueObject = {};
    for (const [key, item] of Object.entries(value)) result[key] = evaluateValue(item, host, scope);
    return result;
  }
  return value;
}

export function evaluateNode(node: ExprNode, host: ExpressionHost, scope: Scope = { callDepth: 0 }): Value {
  return new Evaluator(host).node(node, scope);
}

class Evaluator implements Limits {
  constructor(private readonly host: ExpressionHost) {}

  charge(steps: number): void {
    this.host.budget.steps -= steps;
    if (this.host.budget.steps < 0) throw new LimitExceededError('Expression evaluation ran out of its step budget');
  }

  ensureStringLength(length: number): void {
    if (length > this.host.budget.maxStringLength) {
      throw new LimitExceededError(`String of ${length} characters exceeds the limit of ${this.host.budget.maxStringLength}`);
    }
  }

  ensureArrayLength(length: number): void {
    if (length > this.host.budget.maxArrayLength) {
      throw new LimitExceededError(`Array of ${length} items exceeds the limit of ${this.host.budget.maxArrayLength}`);
    }
  }

  node(node: ExprNode, scope: Scope): Value {
    this.charge(1);
    switch (node.kind) {
      case 'string':
      case 'integer':
        return node.value;
      case 'property':
        return unmarked(this.property(this.node(node.target, scope), node.name, node.offset));
      case 'index':
        return unmarked(this.index(this.node(node.target, scope), this.node(node.index, scope), node.offset));
      case 'call': {
        const value = this.call(node, scope);
        return node.namespace === undefined && SAME_VALUE.has(node.name.toLowerCase()) ? value : unmarked(value);
      }
    }
  }

  private property(target: Value, name: string, offset: number): Value {
    if (isUnknown(target)) return deeperInRuntime(target, name);
    if (!isObject(target)) {
      throw new ExpressionError(`Cannot read property '${name}' of ${describeType(target)}`, offset);
    }
    const key = findKey(target, name);
    if (key === undefined) {
      const runtime = absentFromRuntime(target, name);
      if (runtime) return runtime;
      const available = Object.keys(target).join(', ');
      throw new ExpressionError(`The property '${name}' doesn't exist; available properties are '${available}'`, offset);
    }
    return target[key] as Value;
  }

  private index(target: Value, index: Value, offset: number): Value {
    if (isUnknown(target)) return typeof index === 'string' || typeof index === 'number' ? deeperInRuntime(target, index) : target;
    if (isUnknown(index)) return index;
    if (Array.isArray(target)) {
      if (typeof index !== 'number' || !Number.isInteger(index)) {
        throw new ExpressionError(`An array index must be an integer, not ${describeType(index)}`, offset);
      }
      if (index < 0 || index >= target.length) {
        const runtime = absentFromRuntime(target, index);
        if (runtime) return runtime;
        throw new ExpressionError(`Index ${index} is out of range for an array of length ${target.length}`, offset);
      }
      return target[index] as Value;
    }
    if (isObject(target) && typeof index === 'string') return this.property(target, index, offset);
    throw new ExpressionError(`Cannot index ${describeType(target)} with ${describeType(index)}`, offset);
  }

  private call(node: CallNode, scope: Scope): Value {
    if (node.namespace !== undefined) {
      const args = node.args.map((arg) => this.node(arg, scope));
      return this.callUser(node.namespace, node.name, args, scope, node.offset);
    }
    const spec = FUNCTIONS.get(node.name.toLowerCase());
    if (spec === undefined) {
      if (/^list/i.test(node.name)) return this.callList(node, scope);
      throw new ExpressionError(`The template function '${node.name}' is not valid`, node.offset);
    }
    const count = node.args.length;
    if (count < spec.minArgs || (spec.maxArgs !== undefined && count > spec.maxArgs)) {
      const expected =
        spec.maxArgs === undefined ? `at least ${spec.minArgs}` : spec.minArgs === spec.maxArgs ? `${spec.minArgs}` : `${spec.minArgs} to ${spec.maxArgs}`;
      throw new ExpressionError(`${spec.name}() expects ${expected} argument(s), got ${count}`, node.offset);
    }
    const call = this.makeCall(node, scope);
    if (spec.name === 'reference') {
      const declared = this.declaredReference(call);
      if (declared !== undefined) return declared;
    }
    if (spec.unknowns !== 'custom') {
      const lambdas = new Set(spec.lambdaArgs ?? []);
      let unknowns: Unknown[] | undefined;
      for (let i = 0; i < count; i++) {
        if (lambdas.has(i)) continue;
        const value = call.arg(i);
        // Looking through a value costs as much as copying it.
        if (spec.unknowns === 'deep') this.charge(Math.floor(valueSize(value) / 4));
        const unknown = spec.unknowns === 'deep' ? firstUnknown(value) : isUnknown(value) ? value : undefined;
        if (unknown !== undefined) (unknowns ??= []).push(unknown);
      }
      // replace() that only takes text out (a new text of '') keeps what its argument is, as these functions do.
      if (unknowns !== undefined) {
        const combined = combinedUnknown(unknowns, KEEPS_STATE.has(spec.name) || (spec.name === 'replace' && call.arg(2) === ''));
        return ID_FUNCTIONS.has(spec.name.toLowerCase()) ? this.idWithPlaceholders(spec, call, combined) : combined;
      }
    }
    let result: Value;
    try {
      result = spec.evaluate(call);
    } catch (error) {
      // Past the largest string or array V8 holds (a replace() of a million characters by a thousand
      // each). No regular expression here: on a stack overflow this runs at every level on the way
      // out, and compiling one with no stack left ends the process ("RegExpCompiler Allocation failed").
      if (error instanceof RangeError && (error.message === 'Invalid string length' || error.message === 'Invalid array length')) {
        throw new LimitExceededError(`${spec.name}() makes a value longer than can be held`);
      }
      throw error;
    }
    this.checkSize(result);
    return result;
  }

  /**
   * resourceId() and its kin with names not known: the Unknown, marked with the id it stands for,
   * each name written as its placeholder (name-text.ts), when every argument not known has one.
   */
  private idWithPlaceholders(spec: { evaluate: (call: Call) => Value }, call: Call, combined: Unknown): Unknown {
    const args: Value[] = [];
    for (let i = 0; i < call.argCount; i++) {
      const value = call.arg(i);
      const text = isUnknown(value) ? placeholderText(value) : value;
      if (text === undefined) return combined;
      args.push(text);
    }
    let id: Value;
    try {
      id = spec.evaluate({ ...call, arg: (index) => args[index] as Value });
    } catch (error) {
      if (error instanceof ExpressionError) return combined;
      throw error;
    }
    if (typeof id !== 'string') return combined;
    // A copy: the Unknown chosen may be a parameter's own, which stands for the name, not the id.
    return markId(copyOf(combined), id);
  }

  /**
   * reference() of an id not known that stands for the id of a resource the input declares (the
   * same placeholders in both, name-text.ts): what reference() of that resource reads.
   */
  private declaredReference(call: Call): Value | undefined {
    const target = call.arg(0);
    const id = isUnknown(target) ? placeholderId(target) : undefined;
    if (id === undefined || this.host.declaredReference === undefined) return undefined;
    const apiVersion = call.argCount > 1 ? call.arg(1) : undefined;
    const full = call.argCount > 2 ? call.arg(2) : undefined;
    if ((apiVersion !== undefined && typeof apiVersion !== 'string') || (full !== undefined && typeof full !== 'string')) return undefined;
    return this.host.declaredReference(id, apiVersion, full?.toLowerCase() === 'full');
  }

  /** list*(): any function whose name starts with "list" reads runtime state through the host. */
  private callList(node: CallNode, scope: Scope): Value {
    if (node.args.length < 1 || node.args.length > 3) {
      throw new ExpressionError(`${node.name}() expects 1 to 3 argument(s), got ${node.args.length}`, node.offset);
    }
    const id = this.node(node.args[0] as ExprNode, scope);
    const apiVersion = node.args[1] === undefined ? undefined : this.node(node.args[1], scope);
    if (isUnknown(id)) return id;
    if (isUnknown(apiVersion)) return apiVersion;
    if (typeof id !== 'string') throw new ExpressionError(`${node.name}() expects a resource id string`, node.offset);
    return this.host.list(node.name, id, typeof apiVersion === 'string' ? apiVersion : undefined);
  }

  private callUser(namespace: string, name: string, args: readonly Value[], scope: Scope, offset: number): Value {
    const fn = this.host.userFunction(namespace, name);
    if (fn === undefined && namespace.toLowerCase() === UNKNOWN_FUNCTION.namespace && name.toLowerCase() === UNKNOWN_FUNCTION.name) {
      return new Unknown(typeof args[0] === 'string' ? args[0] : 'a value azvmsec does not read');
    }
    if (fn === undefined) throw new ExpressionError(`The user-defined function '${namespace}.${name}' is not defined`, offset);
    if (fn.parameters.length !== args.length) {
      throw new ExpressionError(`${namespace}.${name}() expects ${fn.parameters.length} argument(s), got ${args.length}`, offset);
    }
    const maxDepth = this.host.budget.maxCallDepth ?? DEFAULT_MAX_CALL_DEPTH;
    if (scope.callDepth >= maxDepth) {
      throw new LimitExceededError(`User-defined functions nested deeper than ${maxDepth} calls (at ${namespace}.${name})`);
    }
    const parameters = new Map<string, Value>();
    fn.parameters.forEach((parameter, i) => parameters.set(parameter.name.toLowerCase(), args[i] as Value));
    return evaluateValue(fn.output.value, this.host, { functionParameters: parameters, callDepth: scope.callDepth + 1 });
  }

  private checkSize(result: Value): void {
    if (typeof result === 'string') {
      this.ensureStringLength(result.length);
      this.charge(Math.floor(result.length / 256));
    } else if (Array.isArray(result)) {
      this.ensureArrayLength(result.length);
      this.charge(Math.floor(result.length / 4));
    } else if (isObject(result)) {
      // Made afresh by the function (union() copies what it merges), a key at a time.
      this.charge(Object.keys(result).length);
    }
    // Made of shared parts, a value can be far larger than the work that made it.
    if (typeof result === 'object' && valueSize(result) > MAX_VALUE_SIZE) {
      throw new LimitExceededError(`A value of more than ${MAX_VALUE_SIZE} items (shared parts counted where they appear) exceeds the limit`);
    }
  }

  private makeCall(node: CallNode, scope: Scope): Call {
    const cache: (Value | undefined)[] = [];
    const done: boolean[] = [];
    return {
      name: node.name,
      argCount: node.args.length,
      host: this.host,
      scope,
      limits: this,
      arg: (index: number): Value => {
        if (!done[index]) {
          const argNode = node.args[index];
          if (argNode === undefined) throw new ExpressionError(`${node.name}() has no argument ${index + 1}`, node.offset);
          cache[index] = this.node(argNode, scope);
          done[index] = true;
        }
        return cache[index] as Value;
      },
      lambda: (index: number): Lambda => this.lambda(node, index, scope),
      error: (message: string): ExpressionError => new ExpressionError(`${node.name}(): ${message}`, node.offset),
      callUser: (namespace: string, name: string, args: readonly Value[]): Value => this.callUser(namespace, name, args, scope, node.offset),
    };
  }

  private lambda(owner: CallNode, index: number, scope: Scope): Lambda {
    const node = owner.args[index];
    if (node?.kind !== 'call' || node.namespace !== undefined || node.name.toLowerCase() !== 'lambda' || node.args.length < 1) {
      throw new ExpressionError(`${owner.name}(): argument ${index + 1} must be a lambda(...) expression`, node?.offset ?? owner.offset);
    }
    const body = node.args[node.args.length - 1] as ExprNode;
    const parameters = node.args.slice(0, -1).map((param) => {
      const name = this.node(param, scope);
      if (typeof name !== 'string') throw new ExpressionError('lambda(): variable names must be strings', param.offset);
      return name;
    });
    return {
      parameters,
      invoke: (...values: Value[]): Value => {
        const variables = new Map(scope.lambdaVariables ?? []);
        parameters.forEach((name, i) => variables.set(name.toLowerCase(), values[i] ?? null));
        return this.node(body, { ...scope, lambdaVariables: variables });
      },
    };
  }
}
