import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-object.
const cases: [string, unknown][] = [
  [
    "[createObject('intProp', 1, 'stringProp', 'abc', 'boolProp', true(), 'arrayProp', createArray('a', 'b', 'c'), 'objectProp', createObject('key1', 'value1'))]",
    { intProp: 1, stringProp: 'abc', boolProp: true, arrayProp: ['a', 'b', 'c'], objectProp: { key1: 'value1' } },
  ],
  [
    "[items(createObject('item002', createObject('enabled', false(), 'displayName', 'Sample item 2', 'number', 200), 'item001', createObject('enabled', true(), 'displayName', 'Example item 1', 'number', 300)))]",
    [
      { key: 'item001', value: { enabled: true, displayName: 'Example item 1', number: 300 } },
      { key: 'item002', value: { enabled: false, displayName: 'Sample item 2', number: 200 } },
    ],
  ],
  ['[json(\'{"a": "b"}\')]', { a: 'b' }],
  ["[json('null')]", null],
  ["[json('[1,2,3]')]", [1, 2, 3]],
  ['[json(\'"demo"\')]', 'demo'],
  ["[json('1')]", 1],
  ["[json('true')]", true],
  ['[null()]', null],
  ["[objectKeys(createObject('a', 1, 'b', 2))]", ['a', 'b']],
  ["[shallowMerge(createArray(createObject('one', 'a'), createObject('two', 'b'), createObject('two', 'c')))]", { one: 'a', two: 'c' }],
  [
    "[shallowMerge(createArray(createObject('one', 'a', 'nested', createObject('a', 1, 'nested', createObject('c', 3))), createObject('two', 'b', 'nested', createObject('b', 2))))]",
    { one: 'a', nested: { b: 2 }, two: 'b' },
  ],
  ["[contains(createObject('one', 'a'), 'ONE')]", true],
  ["[empty(createObject('a', 1))]", false],
  ["[length(createObject('a', 1, 'b', 2))]", 2],
  ["[tryGet(createObject('a', createObject('b', 'x')), 'a', 'b')]", 'x'],
];

describe('object functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression))).toEqual(expected);
  });

  it('keeps Unknown members as members', () => {
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    const made = run("[createObject('a', parameters('p'), 'b', 1)]", { parameters });
    expect(plain(made)).toEqual({ a: { $unknown: "parameter 'p' has no value" }, b: 1 });
    const merged = run("[union(createObject('a', 1), createObject('b', parameters('p')))]", { parameters });
    expect(plain(merged)).toEqual({ a: 1, b: { $unknown: "parameter 'p' has no value" } });
    expect(run("[createObject('a', parameters('p')).a]", { parameters })).toBe(parameters.p);
  });
});
