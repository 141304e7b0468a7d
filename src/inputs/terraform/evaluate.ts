import { firstUnknown, isObject, isUnknown, Unknown, unknownText, type Value, type ValueObject } from '../../model/value.js';
import { parseTemplate, type Node, type TemplatePart } from './expression.js';
import { callFileFunction, FILE_FUNCTIONS, templateString, type ConfigurationFiles } from './file-functions.js';
import { callFunction, isSet, parseDecimal, toStringValue } from './functions.js';
import { bounded, MAX_STRING_LENGTH } from './value-size.js';

/**
 * Evaluates HCL expressions to model values. Anything that only `terraform apply` can tell stays
 * an Unknown with its reason; an Unknown in an operand makes the result Unknown, never a guess.
 */

/** An object whose members are computed when first read: modules, resources, `data`. */
export class Lazy {
  private readonly cache = new Map<string, Value | undefined>();
  constructor(
    readonly describe: string,
    private readonly read: (key: string) => Value | Lazy | undefined,
    readonly keys: () => string[],
  ) {}
  get(key: string): Value | Lazy | undefined {
    if (this.cache.has(key)) return this.cache.get(key);
    const value = this.read(key);
    if (!(value instanceof Lazy)) this.cache.set(key, value);
    return value;
  }
}

export type EValue = Value | Lazy;

/** Turns a lazy object into plain data (bounded depth). */
export function force(value: EValue | undefined, depth = 0): Value {
  if (value === undefined) return null;
  if (value instanceof Lazy) {
    if (depth > 8) return new Unknown(`${value.describe} is too deeply nested to read`);
    const out: ValueObject = {};
    for (const key of value.keys()) out[key] = force(value.get(key), depth + 1);
    return out;
  }
  return value;
}

export interface Scope {
  /** A root name: `var`, `local`, `module`, `data`, `count`, `each`, a resource type, an iterator. */
  lookup(name: string): EValue | undefined;
  /** Budget of evaluation steps, shared by one module tree. */
  readonly budget: { steps: number };
  /** The configuration's files, for file() and templatefile(); without them, those calls are Unknown. */
  readonly files?: ConfigurationFiles;
  /** Evaluating a template file (templatefile() may not be called again). */
  readonly inTemplateFile?: boolean;
}

export class EvaluationLimit extends Error {}

export function child(scope: Scope, names: Record<string, EValue>): Scope {
  return {
    budget: scope.budget,
    ...(scope.files ? { files: scope.files } : {}),
    ...(scope.inTemplateFile ? { inTemplateFile: true } : {}),
    lookup: (name) => (Object.hasOwn(names, name) ? names[name] : scope.lookup(name)),
  };
}

const cache = new Map<string, Node>();

/** Evaluates a string as hcl2json writes it (a template). */
export function evaluateTemplateString(text: string, scope: Scope): EValue {
  if (!text.includes('${') && !text.includes('%{')) return text;
  let node = cache.get(text);
  if (!node) {
    node = parseTemplate(text);
    if (cache.size > 50_000) cache.clear();
    cache.set(text, node);
  }
  return evaluateNode(node, scope);
}

export function evaluateNode(node: Node, scope: Scope): EValue {
  if (--scope.budget.steps < 0) throw new EvaluationLimit('the configuration takes too many evaluation steps');
  switch (node.kind) {
    case 'literal':
      return node.value;
    case 'template':
      return bounded(renderTemplate(node.parts, scope), 'a template');
    case 'variable': {
      const value = scope.lookup(node.name);
      if (value === undefined) return new Unknown(`'${node.name}' is not defined here`);
      return value;
    }
    case 'attr':
      return traverse(evaluateNode(node.target, scope), node.name);
    case 'index': {
      const key = force(evaluateNode(node.key, scope));
      return traverse(evaluateNode(node.target, scope), key);
    }
    case 'splat': {
      const target = force(evaluateNode(node.target, scope));
      if (isUnknown(target)) return target;
      if (target === null) return [];
      const items = Array.isArray(target) ? target : isObject(target) ? [target] : [target];
      return bounded(
        items.map((item) => force(evaluateNode(node.each, child(scope, { '\u0000splat': item })))),
        'a splat',
      );
    }
    case 'splat-item':
      return scope.lookup('\u0000splat') ?? null;
    case 'call': {
      let args = node.args.map((arg) => force(evaluateNode(arg, scope)));
      if (node.expand && args.length > 0) {
        const last = args[args.length - 1] as Value;
        if (isUnknown(last)) return last;
        args = [...args.slice(0, -1), ...(Array.isArray(last) ? last : [])];
      }
      if (node.name === 'try' || node.name === 'can') return tryLike(node, scope);
      // What sensitive() gives is sensitive: the one mark this reader does not keep on the value.
      if (node.name === 'issensitive' && node.args[0]?.kind === 'call' && node.args[0].name === 'sensitive') return true;
      if (node.name === 'templatestring') return bounded(templateString(node.args[0], args, scope), 'the result of templatestring()');
      if (scope.files && FILE_FUNCTIONS.has(node.name)) return bounded(callFileFunction(node.name, args, scope, scope.files), `the result of ${node.name}()`);
      return bounded(callFunction(node.name, args), `the result of ${node.name}()`);
    }
    case 'unary': {
      const operand = force(evaluateNode(node.operand, scope));
      if (isUnknown(operand)) return operand;
      if (node.op === '!') return !truthy(operand);
      return -toNumber(operand);
    }
    case 'binary':
      return binary(node.op, node.left, node.right, scope);
    case 'conditional': {
      const test = force(evaluateNode(node.test, scope));
      if (isUnknown(test)) return new Unknown(`the condition depends on ${test.reason}`);
      const [chosen, other] = truthy(test) ? [node.then, node.else] : [node.else, node.then];
      return ofConditionalType(evaluateNode(chosen, scope), other, scope);
    }
    case 'tuple':
      return bounded(
        node.items.map((item) => force(evaluateNode(item, scope))),
        'a list',
      );
    case 'object': {
      const out: ValueObject = {};
      for (const entry of node.entries) {
        // A bare name is a literal key (the parser makes it one); `(k)` is the value of k.
        const key = force(evaluateNode(entry.key, scope));
        if (isUnknown(key)) return new Unknown(`an object key depends on ${key.reason}`);
        out[String(key)] = force(evaluateNode(entry.value, scope));
      }
      return bounded(out, 'an object');
    }
    case 'for':
      return bounded(forExpression(node, scope), 'a for expression');
  }
}

/**
 * A conditional's value in the type of both its results: "if the two result expressions don't
 * produce the same type then Terraform will attempt to find a type that they can both convert to"
 * (`var.example ? 12 : "hello"` "will always return a string"). The other result is read only when
 * reading it costs nothing (a literal, `var.x`, `local.x`), which the common cases are.
 */
function ofConditionalType(value: EValue, other: Node, scope: Scope): EValue {
  if (typeof value !== 'number' && typeof value !== 'boolean') return value;
  const cheap =
    other.kind === 'literal' || (other.kind === 'attr' && other.target.kind === 'variable' && (other.target.name === 'var' || other.target.name === 'local'));
  if (!cheap) return value;
  return typeof force(evaluateNode(other, scope)) === 'string' ? String(toStringValue(value)) : value;
}

/**
 * What Terraform would stop on, which azvmsec reads as an Unknown saying so: a name or attribute
 * that is not there, an index out of range, a regex() that does not match, a number that is not one.
 */
const FAILED =
  /is not defined here|has no attribute or element|is out of range|did not match|is not a number|cannot convert|is not a CIDR prefix|is not a whole number|has no netmask|not enough remaining address space|too long for an IPv|\(\) failed: /;

function failed(value: Value): boolean {
  return (isUnknown(value) && FAILED.test(value.reason)) || (typeof value === 'number' && Number.isNaN(value));
}

/** `try(a, b, …)`: the first argument that does not fail; `can(a)`: whether it does not ("can(local.foo.boop) → false"). */
function tryLike(node: Extract<Node, { kind: 'call' }>, scope: Scope): Value {
  for (const arg of node.args) {
    let value: Value;
    try {
      value = force(evaluateNode(arg, scope));
    } catch (error) {
      if (error instanceof EvaluationLimit) throw error;
      if (node.name === 'can') return false;
      continue;
    }
    if (node.name === 'can') return failed(value) ? false : isUnknown(value) ? value : true;
    if (failed(value)) continue;
    return value;
  }
  return node.name === 'can' ? false : new Unknown('no argument of try() could be evaluated');
}

export function truthy(value: Value): boolean {
  if (typeof value === 'string') return value.toLowerCase() === 'true';
  return value === true;
}

/** A number, or text that is one, as the arithmetic and comparison operators convert them; NaN for anything else (a bool included). */
function toNumber(value: Value): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') return parseDecimal(value) ?? NaN;
  return NaN;
}

/**
 * `a == b`: "true if a and b both have the same type and the same value" (`"5" == 5` is false);
 * objects and maps whatever the order of their keys, a set never equal to a list. A list and a
 * tuple, or an object and a map, are one kind of value here, and compare by their elements.
 */
function equalValues(left: Value, right: Value): boolean {
  if (left === null || right === null) return left === right;
  if (Array.isArray(left) || Array.isArray(right)) {
    if (!Array.isArray(left) || !Array.isArray(right) || isSet(left) !== isSet(right) || left.length !== right.length) return false;
    return left.every((item, i) => equalValues(item, right[i] as Value));
  }
  if (isObject(left) || isObject(right)) {
    if (!isObject(left) || !isObject(right)) return false;
    const keys = Object.keys(left);
    return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && equalValues(left[key] as Value, right[key] as Value));
  }
  return left === right;
}

/**
 * Copies of the nested blocks of resources, with what an attribute not written in one of them is:
 * one the provider computes, known only after apply
 * (`azurerm_kubernetes_cluster.x.aci_connector_linux[0].connector_identity`), not one missing.
 */
const COMPUTED_BLOCKS = new WeakMap<ValueObject, (name: string) => Unknown>();

/** A block list (and the block lists nested in it) whose blocks give `computed(path, name)` for an attribute not written. */
export function withComputedAttributes(value: Value, computed: (path: string, name: string) => Unknown, path = ''): Value {
  if (!Array.isArray(value) || !value.every(isObject)) return value;
  return value.map((block) => {
    const out: ValueObject = { ...block };
    for (const key of Object.keys(out)) out[key] = withComputedAttributes(out[key] as Value, computed, `${path}.${key}`);
    COMPUTED_BLOCKS.set(out, (name) => computed(path, name));
    return out;
  });
}

/** Reads `.name` or `[key]` from a value. */
export function traverse(target: EValue, key: Value): EValue {
  if (isUnknown(target)) return target;
  if (isUnknown(key)) return key;
  if (target instanceof Lazy) {
    const found = target.get(String(key));
    return found === undefined ? new Unknown(`${target.describe} has no attribute or element '${String(key)}'`) : found;
  }
  if (Array.isArray(target)) {
    const index = toNumber(key as Value);
    if (!Number.isInteger(index)) {
      // Blocks are lists of one: `os_disk.caching` reads the first.
      if (target.length === 1 && isObject(target[0])) return traverse(target[0], key);
      return new Unknown(`cannot read '${String(key)}' of a list`);
    }
    if (index < 0 || index >= target.length) return new Unknown(`index ${index} is out of range`);
    return target[index] as Value;
  }
  if (isObject(target)) {
    const name = String(key);
    if (Object.hasOwn(target, name)) return target[name] as Value;
    return COMPUTED_BLOCKS.get(target)?.(name) ?? new Unknown(`the object has no attribute or element '${name}'`);
  }
  if (target === null) return new Unknown(`cannot read '${String(key)}' of null`);
  return new Unknown(`cannot read '${String(key)}' of a ${typeof target}`);
}

function binary(op: string, leftNode: Node, rightNode: Node, scope: Scope): Value {
  const left = force(evaluateNode(leftNode, scope));
  if (op === '&&' && !isUnknown(left) && !truthy(left)) return false;
  if (op === '||' && !isUnknown(left) && truthy(left)) return true;
  const right = force(evaluateNode(rightNode, scope));
  if (op === '==' || op === '!=') {
    // As Terraform compares: a value that is there is not null, whatever it holds (`var.ip_configuration != null`
    // with one attribute not known is true); only a value not known at all may be null.
    if ((left === null && !isUnknown(right)) || (right === null && !isUnknown(left))) return (left === right) === (op === '==');
    const unknown = firstUnknown(left) ?? firstUnknown(right);
    if (unknown) return unknown;
    const equal = equalValues(left, right);
    return op === '==' ? equal : !equal;
  }
  // HCL short-circuits "in both directions" (hashicorp/hcl#713): `x && false` is false and `x || true` true, x not known.
  if (op === '&&' && !isUnknown(right) && !truthy(right)) return false;
  if (op === '||' && !isUnknown(right) && truthy(right)) return true;
  if (isUnknown(left)) return left;
  if (isUnknown(right)) return right;
  if (op === '&&' || op === '||') return truthy(right);
  // The arithmetic and comparison operators "expect number values"; one that does not convert is an error ("a" < 1, true + 1).
  const a = toNumber(left);
  const b = toNumber(right);
  for (const [value, number] of [
    [left, a],
    [right, b],
  ] as const) {
    if (Number.isNaN(number)) return new Unknown(`the operator ${op} expects numbers: ${JSON.stringify(value)} is not a number`);
  }
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    case '%':
      return a % b;
  }
  return new Unknown(`unknown operator ${op}`);
}

/** Converts a value to the string a template shows. */
export function toTemplateString(value: Value): string | Unknown {
  if (isUnknown(value)) return value;
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return new Unknown('a list or object cannot be written into a string');
}

/**
 * A template's text. An interpolation not known leaves an Unknown that keeps the known text around
 * it (unknownText); a directive (`%{if}`, `%{for}`) not known, the directive's Unknown.
 */
function renderTemplate(parts: TemplatePart[], scope: Scope): Value {
  if (parts.length === 1 && parts[0]?.kind === 'interp') return force(evaluateNode(parts[0].expr, scope));
  const pieces: (string | Unknown)[] = [];
  let out = '';
  for (const part of parts) {
    switch (part.kind) {
      case 'text':
        out += part.text;
        break;
      case 'interp': {
        const value = force(evaluateNode(part.expr, scope));
        const text = isUnknown(value) ? value : toTemplateString(value);
        if (isUnknown(text)) {
          // A list or object written into text is an error, not text with a part not known.
          if (!isUnknown(value)) return text;
          pieces.push(out, text);
          out = '';
        } else out += text;
        break;
      }
      case 'if': {
        const test = force(evaluateNode(part.test, scope));
        if (isUnknown(test)) return test;
        const text = renderTemplate(truthy(test) ? part.then : part.else, scope);
        if (isUnknown(text)) {
          pieces.push(out, text);
          out = '';
        } else out += String(text);
        break;
      }
      case 'for': {
        const collection = force(evaluateNode(part.collection, scope));
        if (isUnknown(collection)) return collection;
        for (const [key, value] of entriesOf(collection)) {
          const text = renderTemplate(part.body, child(scope, { [part.valueVar]: value, ...(part.keyVar ? { [part.keyVar]: key } : {}) }));
          if (isUnknown(text)) return text;
          out += String(text);
          if (out.length > MAX_STRING_LENGTH) return new Unknown(`a template is longer than ${MAX_STRING_LENGTH} characters`);
        }
        break;
      }
    }
  }
  if (pieces.length === 0) return out;
  pieces.push(out);
  return unknownText(pieces);
}

/** The (key, value) pairs a `for` expression or `dynamic` block iterates: a set's elements are their own keys. */
export function entriesOf(collection: Value): [Value, Value][] {
  if (isSet(collection)) return (collection as Value[]).map((item) => [item, item]);
  if (Array.isArray(collection)) return collection.map((item, index) => [index, item]);
  if (isObject(collection))
    return Object.keys(collection)
      .sort()
      .map((key) => [key, collection[key] as Value]);
  return [];
}

function forExpression(node: Extract<Node, { kind: 'for' }>, scope: Scope): Value {
  const collection = force(evaluateNode(node.collection, scope));
  if (isUnknown(collection)) return collection;
  const list: Value[] = [];
  const object: ValueObject = {};
  for (const [key, value] of entriesOf(collection)) {
    const inner = child(scope, { [node.valueVar]: value, ...(node.keyVar ? { [node.keyVar]: key } : {}) });
    if (node.condition) {
      const keep = force(evaluateNode(node.condition, inner));
      if (isUnknown(keep)) return new Unknown(`a for-expression's filter depends on ${keep.reason}`);
      if (!truthy(keep)) continue;
    }
    const item = force(evaluateNode(node.value, inner));
    if (!node.object) {
      list.push(item);
      continue;
    }
    const itemKey = force(evaluateNode(node.key as Node, inner));
    if (isUnknown(itemKey)) return new Unknown(`a for-expression's key depends on ${itemKey.reason}`);
    const name = String(itemKey);
    if (!node.group) object[name] = item;
    else if (Array.isArray(object[name])) object[name].push(item);
    else object[name] = [item];
  }
  return node.object ? object : list;
}
