import { describe, expect, it } from 'vitest';
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
});
