import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExpressionError, ExpressionSyntaxError, LimitExceededError, evaluateString } from '../../src/inputs/arm-expr/evaluate.js';
import { FUNCTIONS } from '../../src/inputs/arm-expr/functions/index.js';
import { testHost } from '../../src/inputs/arm-expr/test-host.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * The ARM expression language on random input: whatever the text, parsing and evaluation end in a
 * value or in one of the three errors the template reader turns into diagnostics, and always
 * within the step budget.
 */

const NAMES = [...new Set([...FUNCTIONS.values()].map((spec) => spec.name))].sort();
const EXPECTED = [ExpressionSyntaxError, ExpressionError, LimitExceededError];

/** Evaluates with a small budget (20,000 steps: a runaway expression stops long before the test's timeout); returns what was thrown, if anything. */
function attempt(text: string): { error?: unknown } {
  const host = testHost({
    parameters: { p: 'text', n: 3, list: [1, 2, 3], obj: { a: 1, b: [true, null] } },
    variables: { v: "[parameters('list')]", w: 'plain' },
    copyIndex: 1,
    steps: 20_000,
    maxStringLength: 100_000,
    maxArrayLength: 10_000,
  });
  try {
    evaluateString(text, host);
    return {};
  } catch (error) {
    return { error };
  }
}

function assertControlled(text: string): void {
  const { error } = attempt(text);
  if (error !== undefined && !EXPECTED.some((type) => error instanceof type)) {
    throw new Error(`${JSON.stringify(text)} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
  }
}

/** Pieces expressions are made of, so random strings get past the lexer often. */
const TOKEN = fc.oneof(
  fc.constantFrom('[', ']', '(', ')', ',', '.', "'", "''", ' ', '-', '"', '{', '}', '\\', '\u0000', '\u{1F600}'),
  fc.constantFrom(...NAMES),
  fc.constantFrom('parameters', 'variables', 'p', 'n', 'list', 'obj', 'v', 'w', 'x', 'lambda', 'range', 'copyIndex', 'ns.fn'),
  fc.integer({ min: -3, max: 2_000_000_000 }).map(String),
  fc.string({ maxLength: 6 }),
);

const EXPRESSION_TEXT = fc.array(TOKEN, { maxLength: 40 }).map((tokens) => `[${tokens.join('')}]`);

interface Ast {
  readonly text: string;
}

const LITERAL_STRINGS = fc.constantFrom('', 'a', 'p', 'list', 'obj', '10.0.0.0/16', 'x,y', "it's", '2026-01-01T00:00:00Z', '{"a":1}', '[1,2]', 'true');

/** Random well-formed expressions: literals, calls of every built-in function, property and index access. */
const AST: fc.Arbitrary<Ast> = fc.letrec<{ node: Ast }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    LITERAL_STRINGS.map((value) => ({ text: `'${value.replace(/'/g, "''")}'` })),
    fc.integer({ min: 0, max: 100_000 }).map((value) => ({ text: String(value) })),
    fc
      .tuple(fc.constantFrom(...NAMES), fc.array(tie('node'), { maxLength: 4 }))
      .map(([name, args]) => ({ text: `${name}(${args.map((arg) => arg.text).join(', ')})` })),
    fc.tuple(tie('node'), fc.constantFrom('a', 'b', 'length', 'id', 'properties')).map(([target, name]) => ({ text: `${target.text}.${name}` })),
    fc.tuple(tie('node'), tie('node')).map(([target, index]) => ({ text: `${target.text}[${index.text}]` })),
  ),
})).node;

describe('ARM expressions: property-based', () => {
  it(
    'random expression text ends in a value or a syntax, expression or limit error, within the budget',
    () => {
      fc.assert(fc.property(EXPRESSION_TEXT, assertControlled), fuzz(300));
      fc.assert(
        fc.property(fc.string({ maxLength: 60 }), (text) => assertControlled(`[${text}]`)),
        fuzz(200),
      );
    },
    timeoutFor(300, 5),
  );

  it(
    'random well-formed expressions over every built-in function end the same way',
    () => {
      fc.assert(
        fc.property(AST, (ast) => assertControlled(`[${ast.text}]`)),
        fuzz(400),
      );
    },
    timeoutFor(400, 5),
  );

  it('the step budget stops expressions that would run away', () => {
    // Nested ranges and string doubling: each would take far longer than the budget allows.
    for (const text of [
      '[length(range(0, 2000000000))]',
      '[concat(string(range(0, 9000)), string(range(0, 9000)), string(range(0, 9000)))]',
      "[map(range(0, 5000), lambda('x', map(range(0, 5000), lambda('y', add(lambdaVariables('x'), lambdaVariables('y'))))))]",
    ]) {
      expect(attempt(text).error, text).toBeInstanceOf(LimitExceededError);
    }
  });
});
