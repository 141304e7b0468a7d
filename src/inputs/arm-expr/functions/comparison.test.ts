import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-comparison.
const objectParam = { null1: null, null2: null, string: 'default', int: 1, object: { first: 'default' }, array: [1] };
const cases: [string, unknown][] = [
  ["[coalesce(parameters('objectParam').null1, parameters('objectParam').null2, parameters('objectParam').string)]", 'default'],
  ["[coalesce(parameters('objectParam').null1, parameters('objectParam').null2, parameters('objectParam').int)]", 1],
  ["[coalesce(parameters('objectParam').null1, parameters('objectParam').null2, parameters('objectParam').object)]", { first: 'default' }],
  ["[coalesce(parameters('objectParam').null1, parameters('objectParam').null2, parameters('objectParam').array)]", [1]],
  ["[empty(coalesce(parameters('objectParam').null1, parameters('objectParam').null2))]", true],
  ['[equals(1, 1)]', true],
  ["[equals('demo', 'demo')]", true],
  ["[equals(createArray('a', 'b'), createArray('a', 'b'))]", true],
  ["[equals(createObject('a', 'b'), createObject('a', 'b'))]", true],
  ["[equals('a', 'A')]", false],
  ['[greater(1, 2)]', false],
  ["[greater('A', 'a')]", true],
  ['[greaterOrEquals(1, 2)]', false],
  ["[greaterOrEquals('A', 'a')]", true],
  ['[less(1, 2)]', true],
  ["[less('A', 'a')]", false],
  ['[lessOrEquals(1, 2)]', true],
  ["[lessOrEquals('A', 'a')]", false],
];

describe('comparison functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression, { parameters: { objectParam } }))).toEqual(expected);
  });

  it('coalesce stops at the first known non-null value and equals is Unknown with an Unknown', () => {
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    expect(run("[coalesce(null(), 'x', parameters('p'))]", { parameters })).toBe('x');
    expect(run("[coalesce(parameters('p'), 'x')]", { parameters })).toBe(parameters.p);
    expect(run("[equals(parameters('p'), 'x')]", { parameters })).toBe(parameters.p);
  });
});
