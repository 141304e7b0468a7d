import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-numeric.
const cases: [string, unknown][] = [
  ['[add(5, 3)]', 8],
  ['[sub(7, 3)]', 4],
  ['[mul(5, 3)]', 15],
  ['[div(8, 3)]', 2],
  ['[mod(7, 3)]', 1],
  ["[int('4')]", 4],
  ["[float('3.0')]", 3],
  ['[float(5)]', 5],
  ['[max(0, 3, 2, 5, 4)]', 5],
  ['[min(0, 3, 2, 5, 4)]', 0],
  ['[max(createArray(0, 3, 2, 5, 4))]', 5],
  ['[div(-7, 2)]', -3],
  ['[mod(-7, 2)]', -1],
  ["[int(json('3.9'))]", 3],
  ["[int(json('-3.9'))]", -3],
  ['[copyIndex()]', 2],
  ['[copyIndex(1)]', 3],
  ["[copyIndex('loop', 10)]", 12],
];

describe('numeric functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression, { copyIndex: 2 })).toEqual(expected);
  });

  it('refuses division by zero, non-numbers and copyIndex outside a loop', () => {
    expect(() => run('[div(1, 0)]')).toThrow(ExpressionError);
    expect(() => run('[mod(1, 0)]')).toThrow(ExpressionError);
    expect(() => run("[add(1, 'a')]")).toThrow(ExpressionError);
    expect(() => run('[copyIndex()]')).toThrow(ExpressionError);
  });
});
