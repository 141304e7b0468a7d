import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { run, SUBSCRIPTION_ID } from '../test-host.js';

// Expected values: the shapes documented on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-scope,
// filled with the test host's placeholder scope.
const cases: [string, unknown][] = [
  ['[resourceGroup().name]', 'rg1'],
  ['[resourceGroup().location]', 'westeurope'],
  ['[subscription().subscriptionId]', SUBSCRIPTION_ID],
  ['[subscription().id]', `/subscriptions/${SUBSCRIPTION_ID}`],
  ['[tenant().tenantId]', 'tenant1'],
  ['[managementGroup().name]', 'mg1'],
];

describe('scope functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(run(expression)).toEqual(expected);
  });

  // The ARM functions take no arguments (`resourceGroup()`, `subscription()`, `managementGroup()`):
  // with them, another scope is meant, not the current one.
  it.each(["[resourceGroup('rg-hub').location]", "[subscription('11111111-1111-1111-1111-111111111111').id]", "[managementGroup('mg2').name]"])(
    '%s is not the current scope: Unknown',
    (expression) => {
      expect(run(expression)).toBeInstanceOf(Unknown);
    },
  );
});
