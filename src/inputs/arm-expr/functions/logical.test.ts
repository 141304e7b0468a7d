import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import { run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-logical.
const cases: [string, unknown][] = [
  ["[and(bool('true'), bool('false'))]", false],
  ["[or(bool('true'), bool('false'))]", true],
  ["[not(bool('true'))]", false],
  ["[bool('true')]", true],
  ["[bool('false')]", false],
  ['[bool(1)]', true],
  ['[bool(0)]', false],
  ['[true()]', true],
  ['[false()]', false],
  ["[if(equals('a', 'a'), 'yes', 'no')]", 'yes'],
  ["[if(equals('a', 'b'), 'yes', 'no')]", 'no'],
  ['[not(false())]', true],
];

describe('logical functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  it('evaluates branches lazily and short-circuits around Unknown', () => {
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    expect(run("[if(true(), 'a', parameters('p'))]", { parameters })).toBe('a');
    expect(run("[if(true(), 'a', div(1, 0))]")).toBe('a');
    expect(run("[if(parameters('p'), 'a', 'b')]", { parameters })).toBe(parameters.p);
    expect(run("[and(false(), parameters('p'))]", { parameters })).toBe(false);
    expect(run("[and(parameters('p'), false())]", { parameters })).toBe(false);
    expect(run("[and(true(), parameters('p'))]", { parameters })).toBe(parameters.p);
    expect(run("[or(parameters('p'), true())]", { parameters })).toBe(true);
    expect(() => run("[bool('yes')]")).toThrow(ExpressionError);
  });
});
