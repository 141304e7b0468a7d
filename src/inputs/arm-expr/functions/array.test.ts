import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError, LimitExceededError } from '../errors.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-array.
const cases: [string, unknown][] = [
  ['[array(1)]', [1]],
  ["[array('efgh')]", ['efgh']],
  ["[array(createObject('a', 'b', 'c', 'd'))]", [{ a: 'b', c: 'd' }]],
  ["[concat(createArray('1-1', '1-2', '1-3'), createArray('2-1', '2-2', '2-3'))]", ['1-1', '1-2', '1-3', '2-1', '2-2', '2-3']],
  ["[concat('prefix', '-', uniqueString('rg'))]", 'prefix-' + 'x'.repeat(0) + (run("[uniqueString('rg')]") as string)],
  ["[contains(createObject('one', 'a', 'two', 'b', 'three', 'c'), 'one')]", true],
  ["[contains(createObject('one', 'a', 'two', 'b', 'three', 'c'), 'a')]", false],
  ["[contains(createArray('one', 'two', 'three'), 'three')]", true],
  ["[contains(createArray('one', 'two', 'three'), 'four')]", false],
  ['[createArray(1, 2, 3)]', [1, 2, 3]],
  ["[createArray('a', 'b', 'c')]", ['a', 'b', 'c']],
  ['[createArray()]', []],
  ['[empty(createArray())]', true],
  ['[empty(createObject())]', true],
  ["[empty('')]", true],
  ["[first(createArray('one', 'two', 'three'))]", 'one'],
  ["[first('One Two Three')]", 'O'],
  ["[flatten(createArray(createArray('one', 'two'), createArray('three'), createArray('four', 'five')))]", ['one', 'two', 'three', 'four', 'five']],
  ["[indexOf(createArray('a', 'b', 'c'), 'b')]", 1],
  ['[indexOf(createArray(1, 2, 3), 4)]', -1],
  ["[lastIndexOf(createArray('a', 'b', 'c', 'b'), 'b')]", 3],
  ["[intersection(createObject('one', 'a', 'two', 'b', 'three', 'c'), createObject('one', 'a', 'two', 'z', 'three', 'c'))]", { one: 'a', three: 'c' }],
  ["[intersection(createArray('one', 'two', 'three'), createArray('two', 'three'))]", ['two', 'three']],
  ["[last(createArray('one', 'two', 'three'))]", 'three'],
  ["[last('One Two Three')]", 'e'],
  ["[length(createArray('one', 'two', 'three'))]", 3],
  ["[length('One Two Three')]", 13],
  ["[length(createObject('propA', 'one', 'propB', 'two', 'propC', 'three', 'propD', createObject('propD-1', 'sub', 'propD-2', 'sub')))]", 4],
  ['[max(createArray(0, 3, 2, 5, 4))]', 5],
  ['[min(createArray(0, 3, 2, 5, 4))]', 0],
  ['[range(1, 3)]', [1, 2, 3]],
  ['[range(5, 3)]', [5, 6, 7]],
  ["[skip(createArray('one', 'two', 'three'), 2)]", ['three']],
  ["[skip('one two three', 4)]", 'two three'],
  ["[take(createArray('one', 'two', 'three'), 2)]", ['one', 'two']],
  ["[take('one two three', 2)]", 'on'],
  ["[union(createArray('one', 'two', 'three'), createArray('three', 'four'))]", ['one', 'two', 'three', 'four']],
  [
    "[union(createObject('one', 'a', 'two', 'b', 'three', 'c1'), createObject('three', 'c2', 'four', 'd', 'five', 'e'))]",
    { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' },
  ],
  [
    "[union(createObject('property', createObject('one', 'a', 'two', 'b', 'three', 'c1'), 'nestedArray', createArray(1, 2)), createObject('property', createObject('three', 'c2', 'four', 'd', 'five', 'e'), 'nestedArray', createArray(3, 4)))]",
    { property: { one: 'a', two: 'b', three: 'c2', four: 'd', five: 'e' }, nestedArray: [3, 4] },
  ],
  ["[tryGet(createObject('a', 1), 'a')]", 1],
  ["[tryGet(createObject('a', 1), 'b')]", null],
  ["[tryGet(createArray('x', 'y'), 1)]", 'y'],
  ["[tryGet(createArray('x', 'y'), 5)]", null],
  ["[indexFromEnd(createArray('one', 'two', 'three'), 1)]", 'three'],
  ["[tryIndexFromEnd(createArray('one', 'two', 'three'), 2)]", 'two'],
  ["[tryIndexFromEnd(createArray('one', 'two', 'three'), 4)]", null],
];

describe('array functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression))).toEqual(expected);
  });

  it('keeps unknown members and stays known where it can', () => {
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    expect(run("[length(createArray(1, parameters('p')))]", { parameters })).toBe(2);
    expect(plain(run("[concat(createArray(1), createArray(parameters('p')))]", { parameters }))).toEqual([1, { $unknown: "parameter 'p' has no value" }]);
    expect(run("[contains(createArray('a', parameters('p')), 'a')]", { parameters })).toBe(true);
    expect(run("[contains(createArray('a', parameters('p')), 'b')]", { parameters })).toBeInstanceOf(Unknown);
    expect(run("[first(parameters('p'))]", { parameters })).toBe(parameters.p);
  });

  it('refuses bad input', () => {
    expect(() => run("[concat(createArray(1), 'a')]")).toThrow(ExpressionError);
    expect(() => run('[range(0, 10001)]')).toThrow(ExpressionError);
    // "The sum of startIndex and count must be no greater than 2147483647."
    expect(run('[range(2147483646, 1)]')).toEqual([2147483646]);
    expect(() => run('[range(2147483647, 1)]')).toThrow(ExpressionError);
    expect(() => run('[indexFromEnd(createArray(1), 2)]')).toThrow(ExpressionError);
    expect(() => run('[range(0, 100000000)]')).toThrow(LimitExceededError);
  });
});
