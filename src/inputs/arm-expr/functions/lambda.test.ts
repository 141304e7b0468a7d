import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-lambda.
const dogs = [
  { name: 'Evie', age: 5, interests: ['Ball', 'Frisbee'] },
  { name: 'Casper', age: 3, interests: ['Other dogs'] },
  { name: 'Indy', age: 2, interests: ['Butter'] },
  { name: 'Kira', age: 8, interests: ['Rubs'] },
];
const variables = { dogs, ages: "[map(variables('dogs'), lambda('dog', lambdaVariables('dog').age))]" };
const cases: [string, unknown][] = [
  ["[filter(variables('dogs'), lambda('dog', greaterOrEquals(lambdaVariables('dog').age, 5)))]", [dogs[0], dogs[3]]],
  ["[filter(range(0, 10), lambda('i', greater(lambdaVariables('i'), 5)))]", [6, 7, 8, 9]],
  ["[filter(range(0, 10), lambda('i', equals(0, mod(lambdaVariables('i'), 2))))]", [0, 2, 4, 6, 8]],
  ["[map(variables('dogs'), lambda('dog', lambdaVariables('dog').name))]", ['Evie', 'Casper', 'Indy', 'Kira']],
  [
    "[map(variables('dogs'), lambda('dog', format('Hello {0}!', lambdaVariables('dog').name)))]",
    ['Hello Evie!', 'Hello Casper!', 'Hello Indy!', 'Hello Kira!'],
  ],
  [
    "[map(range(0, length(variables('dogs'))), lambda('i', createObject('i', lambdaVariables('i'), 'dog', variables('dogs')[lambdaVariables('i')].name, 'greeting', format('Ahoy, {0}!', variables('dogs')[lambdaVariables('i')].name))))]",
    [
      { i: 0, dog: 'Evie', greeting: 'Ahoy, Evie!' },
      { i: 1, dog: 'Casper', greeting: 'Ahoy, Casper!' },
      { i: 2, dog: 'Indy', greeting: 'Ahoy, Indy!' },
      { i: 3, dog: 'Kira', greeting: 'Ahoy, Kira!' },
    ],
  ],
  ["[reduce(variables('ages'), 0, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", 18],
  ["[reduce(variables('ages'), 1, lambda('cur', 'next', add(lambdaVariables('cur'), lambdaVariables('next'))))]", 19],
  [
    "[reduce(createArray(createObject('foo', 123), createObject('bar', 456), createObject('baz', 789)), createObject(), lambda('cur', 'next', union(lambdaVariables('cur'), lambdaVariables('next'))))]",
    { foo: 123, bar: 456, baz: 789 },
  ],
  ["[sort(variables('dogs'), lambda('a', 'b', less(lambdaVariables('a').age, lambdaVariables('b').age)))]", [dogs[2], dogs[1], dogs[0], dogs[3]]],
  ["[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name))]", { Evie: dogs[0], Casper: dogs[1], Indy: dogs[2], Kira: dogs[3] }],
  [
    "[toObject(variables('dogs'), lambda('entry', lambdaVariables('entry').name), lambda('entry', lambdaVariables('entry').age))]",
    { Evie: 5, Casper: 3, Indy: 2, Kira: 8 },
  ],
  ["[groupBy(createArray('foo', 'bar', 'baz'), lambda('x', substring(lambdaVariables('x'), 0, 1)))]", { f: ['foo'], b: ['bar', 'baz'] }],
  ["[mapValues(createObject('foo', 'foo'), lambda('val', toUpper(lambdaVariables('val'))))]", { foo: 'FOO' }],
];

describe('lambda functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression, { variables }))).toEqual(expected);
  });

  it('keeps Unknown results per item, and rejects misplaced lambdas', () => {
    const parameters = { p: new Unknown('unknown item') };
    expect(plain(run("[map(createArray(1, parameters('p')), lambda('x', lambdaVariables('x')))]", { parameters }))).toEqual([1, { $unknown: 'unknown item' }]);
    expect(() => run("[lambda('x', 1)]")).toThrow(ExpressionError);
    expect(() => run("[map(createArray(1), 'notALambda')]")).toThrow(ExpressionError);
    expect(() => run("[lambdaVariables('x')]")).toThrow(ExpressionError);
  });
});
