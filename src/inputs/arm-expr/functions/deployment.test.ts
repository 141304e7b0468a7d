import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-deployment,
// with the test host standing in for the deployment, environment, parameters and variables.
const options = {
  parameters: { stringParameter: 'option 1', intParameter: 1, objectParameter: { one: 'a', two: 'b' } },
  variables: { var1: 'myVariable', var2: [1, 2, 3, 4], var3: "[variables('var1')]", var4: { property1: 'value1', property2: 'value2' } },
};
const cases: [string, unknown][] = [
  ["[parameters('stringParameter')]", 'option 1'],
  ["[parameters('intParameter')]", 1],
  ["[parameters('objectParameter')]", { one: 'a', two: 'b' }],
  ["[variables('var1')]", 'myVariable'],
  ["[variables('var2')]", [1, 2, 3, 4]],
  ["[variables('var3')]", 'myVariable'],
  ["[variables('var4')]", { property1: 'value1', property2: 'value2' }],
  ['[deployment().name]', 'deploy1'],
  ['[environment().name]', 'AzureCloud'],
  ['[environment().suffixes.storage]', 'core.windows.net'],
];

describe('deployment functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression, options))).toEqual(expected);
  });

  it('reports undeclared names and leaves deployer() Unknown', () => {
    expect(() => run("[parameters('missing')]", options)).toThrow(ExpressionError);
    expect(run('[deployer()]')).toBeInstanceOf(Unknown);
  });
});
