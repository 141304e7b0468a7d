/**
 * Bicep expressions turned into the ARM expressions Bicep compiles them to: `a + b` is `add(a, b)`,
 * `'${x}-vm'` a `concat`, `a ?? b` a `coalesce`, `[for x in xs: f(x)]` a `map` over a lambda. The
 * names an expression uses are resolved by its reader (a parameter file, a template), through hooks.
 */
import type { ExprNode } from '../arm-expr/evaluate.js';
import type { BicepNode, BinaryOperator, Spread } from './syntax.js';

/** Names bound inside an expression (lambda parameters, `for` variables, function parameters) and the ARM expression each stands for. */
export type Locals = ReadonlyMap<string, ExprNode>;

export interface TranslateHooks {
  /** A name that is not local: a param, a var, a resource… */
  identifier(node: Extract<BicepNode, { kind: 'identifier' }>): ExprNode;
  /** A call the reader gives its own meaning (`loadTextContent`, a user function); undefined for an ARM function of that name. */
  call?(node: Extract<BicepNode, { kind: 'call' }>, locals: Locals): ExprNode | undefined;
  /** A property or index read the reader gives its own meaning (`vnet.id`, `module.outputs.x`); undefined otherwise. */
  member?(node: Extract<BicepNode, { kind: 'property' | 'index' }>, locals: Locals): ExprNode | undefined;
}

const OPERATORS: Readonly<Record<Exclude<BinaryOperator, '!=' | '=~' | '!~'>, string>> = {
  '??': 'coalesce',
  '||': 'or',
  '&&': 'and',
  '==': 'equals',
  '<': 'less',
  '<=': 'lessOrEquals',
  '>': 'greater',
  '>=': 'greaterOrEquals',
  '+': 'add',
  '-': 'sub',
  '*': 'mul',
  '/': 'div',
  '%': 'mod',
};

/** The ARM expression of `node`. */
export function translate(node: BicepNode, hooks: TranslateHooks, locals: Locals = new Map()): ExprNode {
  const at = node.at;
  const each = (nodes: readonly BicepNode[]): ExprNode[] => nodes.map((item) => translate(item, hooks, locals));
  switch (node.kind) {
    case 'string': {
      if (node.parts.every((part) => typeof part === 'string')) return str(node.parts.join(''), at);
      return call(
        'concat',
        node.parts.map((part) => (typeof part === 'string' ? str(part, at) : call('string', [translate(part, hooks, locals)], part.at))),
        at,
      );
    }
    case 'integer':
      return { kind: 'integer', value: node.value, offset: at };
    case 'literal':
      return call(node.value === null ? 'null' : node.value ? 'true' : 'false', [], at);
    case 'identifier':
      return locals.get(node.name) ?? hooks.identifier(node);
    case 'array': {
      const pieces = runs(
        node.items,
        'createArray',
        (item) => [translate(item, hooks, locals)],
        (value) => translate(value, hooks, locals),
        at,
      );
      return pieces.length === 1 ? (pieces[0] as ExprNode) : call('concat', pieces, at);
    }
    case 'object': {
      const entries = node.entries.filter((entry) => entry.kind !== 'resource');
      const pieces = runs(
        entries,
        'createObject',
        (entry) => [translate(entry.key, hooks, locals), translate(entry.value, hooks, locals)],
        (value) => translate(value, hooks, locals),
        at,
      );
      // Spread objects are merged one level deep, as shallowMerge does.
      return pieces.length === 1 ? (pieces[0] as ExprNode) : call('shallowMerge', [call('createArray', pieces, at)], at);
    }
    case 'call': {
      const special = hooks.call?.(node, locals);
      if (special) return special;
      if (node.name === 'any' && node.args.length === 1 && (node.namespace === undefined || node.namespace === 'sys'))
        return translate(node.args[0] as BicepNode, hooks, locals);
      return call(node.name, each(node.args), at);
    }
    case 'property': {
      const special = hooks.member?.(node, locals);
      if (special) return special;
      const target = translate(node.target, hooks, locals);
      if (afterSafe(node.target)) return extended(target, str(node.name, at), at);
      return node.safe ? call('tryGet', [target, str(node.name, at)], at) : { kind: 'property', target, name: node.name, offset: at };
    }
    case 'index': {
      const special = hooks.member?.(node, locals);
      if (special) return special;
      const [target, index] = each([node.target, node.index]) as [ExprNode, ExprNode];
      // `xs[^i]`, the i-th item from the end, is `indexFromEnd(xs, i)`; `xs[?^i]` is `tryIndexFromEnd(xs, i)`, as Bicep
      // writes them; after a safe dereference (`x.?a[^i]`) the chain has ended at a null when what it reads is null.
      if (node.fromEnd && afterSafe(node.target)) return call('tryIndexFromEnd', [call('coalesce', [target, call('createArray', [], at)], at), index], at);
      if (node.fromEnd) return call(node.safe ? 'tryIndexFromEnd' : 'indexFromEnd', [target, index], at);
      if (afterSafe(node.target)) return extended(target, index, at);
      return node.safe ? call('tryGet', [target, index], at) : { kind: 'index', target, index, offset: at };
    }
    case 'unary':
      if (node.operator === '!') return call('not', [translate(node.operand, hooks, locals)], at);
      if (node.operand.kind === 'integer') return { kind: 'integer', value: -node.operand.value, offset: at };
      return call('sub', [{ kind: 'integer', value: 0, offset: at }, translate(node.operand, hooks, locals)], at);
    case 'binary': {
      const [left, right] = each([node.left, node.right]) as [ExprNode, ExprNode];
      switch (node.operator) {
        case '!=':
          return call('not', [call('equals', [left, right], at)], at);
        case '=~':
        case '!~': {
          const same = call('equals', [call('toLower', [left], at), call('toLower', [right], at)], at);
          return node.operator === '=~' ? same : call('not', [same], at);
        }
        default:
          return call(OPERATORS[node.operator], [left, right], at);
      }
    }
    case 'ternary':
      return call('if', each([node.test, node.yes, node.no]), at);
    case 'lambda': {
      const inner = new Map(locals);
      for (const name of node.parameters) inner.set(name, call('lambdaVariables', [str(name, at)], at));
      return call('lambda', [...node.parameters.map((name) => str(name, at)), translate(node.body, hooks, inner)], at);
    }
    case 'for':
      return forExpression(node, hooks, locals);
  }
}

/**
 * `[for x in xs: body]` as `map(xs, lambda('x', body))`; with an index, over the indexes
 * (`map(range(0, length(xs)), lambda(…))`, the item read as `xs[i]`); `if (c)` filters first.
 */
function forExpression(node: Extract<BicepNode, { kind: 'for' }>, hooks: TranslateHooks, locals: Locals): ExprNode {
  const at = node.at;
  const source = translate(node.source, hooks, locals);
  // Lambda variables are named by position: a name the file uses cannot be taken twice.
  const variable = `__for${locals.size}`;
  const value = call('lambdaVariables', [str(variable, at)], at);
  const inner = new Map(locals);
  if (node.index === undefined) {
    if (node.item !== undefined) inner.set(node.item, value);
  } else {
    inner.set(node.index, value);
    if (node.item !== undefined) inner.set(node.item, { kind: 'index', target: source, index: value, offset: at });
  }
  // One more binding, so that a loop inside this one names its variable apart.
  inner.set(variable, value);
  const over = node.index === undefined ? source : call('range', [{ kind: 'integer', value: 0, offset: at }, call('length', [source], at)], at);
  const kept =
    node.condition === undefined ? over : call('filter', [over, call('lambda', [str(variable, at), translate(node.condition, hooks, inner)], at)], at);
  return call('map', [kept, call('lambda', [str(variable, at), translate(node.body, hooks, inner)], at)], at);
}

/**
 * The pieces of an array or object literal: each run of plain items made into one value by `make`
 * (createArray, createObject) from the arguments `argsOf` gives, and each spread the value it spreads.
 */
function runs<T>(
  items: readonly (T | Spread)[],
  make: string,
  argsOf: (item: T) => ExprNode[],
  spread: (value: BicepNode) => ExprNode,
  at: number,
): ExprNode[] {
  const pieces: ExprNode[] = [];
  let run: ExprNode[] = [];
  for (const item of items) {
    if (!isSpread(item)) {
      for (const arg of argsOf(item)) run.push(arg);
      continue;
    }
    if (run.length > 0) pieces.push(call(make, run, at));
    run = [];
    pieces.push(spread(item.value));
  }
  if (run.length > 0 || pieces.length === 0) pieces.push(call(make, run, at));
  return pieces;
}

function isSpread(item: unknown): item is Spread {
  return typeof item === 'object' && item !== null && (item as { kind?: unknown }).kind === 'spread';
}

/**
 * Whether an access chain has a safe dereference (`.?`, `[?…]`) in it: "The safe-dereference
 * operators are short-circuiting … if one operation in a chain returns null, the rest of the chain
 * doesn't execute". The rest of the chain goes into the same tryGet(), as Bicep compiles it
 * (`x.?a.b` is `tryGet(x, 'a', 'b')`).
 */
function afterSafe(node: BicepNode): boolean {
  for (let at: BicepNode = node; at.kind === 'property' || at.kind === 'index'; at = at.target) if (at.safe) return true;
  return false;
}

/** `tryGet(x, a, …)` with one more key, or a tryGet of the target (a special member its hook made). */
function extended(target: ExprNode, key: ExprNode, at: number): ExprNode {
  return target.kind === 'call' && target.name === 'tryGet' ? call('tryGet', [...target.args, key], at) : call('tryGet', [target, key], at);
}

export function call(name: string, args: readonly ExprNode[], offset: number): ExprNode {
  return { kind: 'call', name, args, offset };
}

export function str(value: string, offset: number): ExprNode {
  return { kind: 'string', value, offset };
}

/**
 * How much text writing one expression may build, its parts counted at every level they are
 * nested in: a text loaded from a file is a literal that long, and a name built from names built
 * from names doubles at each step.
 */
const MAX_EXPRESSION_LENGTH = 16_000_000;

/** The text of an ARM expression (without the brackets around it), as a template holds it; past MAX_EXPRESSION_LENGTH, a RangeError. */
export function armText(node: ExprNode, budget = { left: MAX_EXPRESSION_LENGTH }): string {
  const text = ((): string => {
    switch (node.kind) {
      case 'string':
        return `'${node.value.replace(/'/g, "''")}'`;
      case 'integer':
        return node.value < 0 ? `sub(0, ${-node.value})` : String(node.value);
      case 'call':
        return `${node.namespace === undefined ? '' : `${node.namespace}.`}${node.name}(${node.args.map((arg) => armText(arg, budget)).join(', ')})`;
      case 'property':
        return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(node.name)
          ? `${armText(node.target, budget)}.${node.name}`
          : `${armText(node.target, budget)}['${node.name.replace(/'/g, "''")}']`;
      case 'index':
        return `${armText(node.target, budget)}[${armText(node.index, budget)}]`;
    }
  })();
  budget.left -= text.length;
  if (budget.left < 0) throw new RangeError(`An expression is longer than ${MAX_EXPRESSION_LENGTH} characters`);
  return text;
}
