/** A configurable ExpressionHost for tests: placeholder scope objects, parameters and variables from maps. */
import { Unknown, type Value } from '../../model/value.js';
import { ExpressionError } from './errors.js';
import { evaluateString, evaluateValue } from './evaluate.js';
import type { DeploymentScopeKind, ExpressionHost, UserFunction } from './types.js';

export interface TestHostOptions {
  parameters?: Record<string, Value>;
  variables?: Record<string, Value>;
  functions?: Record<string, UserFunction>;
  copyIndex?: number;
  now?: Date;
  resourceGroup?: Value;
  deploymentScope?: DeploymentScopeKind;
  steps?: number;
  maxArrayLength?: number;
  maxStringLength?: number;
}

export const SUBSCRIPTION_ID = '00000000-0000-0000-0000-000000000001';

export function testHost(options: TestHostOptions = {}): ExpressionHost {
  const host: ExpressionHost = {
    parameter(name) {
      const params = options.parameters ?? {};
      if (!Object.hasOwn(params, name)) throw new ExpressionError(`parameter '${name}' is not declared`);
      return params[name] as Value;
    },
    variable(name) {
      const variables = options.variables ?? {};
      if (!Object.hasOwn(variables, name)) throw new ExpressionError(`variable '${name}' is not declared`);
      return evaluateValue(variables[name] as Value, host);
    },
    copyIndex() {
      if (options.copyIndex === undefined) throw new ExpressionError('copyIndex() outside a copy loop');
      return options.copyIndex;
    },
    userFunction: (namespace, name) => options.functions?.[`${namespace}.${name}`],
    reference: (target) => new Unknown(`reference() to '${target}' is only known at deployment`),
    list: (fn, id) => new Unknown(`${fn}() of '${id}' is only known at deployment`),
    deployment: () => ({ name: 'deploy1', properties: { templateLink: null } }),
    environment: () => ({ name: 'AzureCloud', suffixes: { storage: 'core.windows.net' } }),
    resourceGroup: () =>
      options.resourceGroup !== undefined
        ? options.resourceGroup
        : { id: `/subscriptions/${SUBSCRIPTION_ID}/resourceGroups/rg1`, name: 'rg1', location: 'westeurope' },
    subscription: () => ({ id: `/subscriptions/${SUBSCRIPTION_ID}`, subscriptionId: SUBSCRIPTION_ID, tenantId: 'tenant1' }),
    tenant: () => ({ tenantId: 'tenant1' }),
    managementGroup: () => ({ name: 'mg1', id: '/providers/Microsoft.Management/managementGroups/mg1' }),
    ...(options.deploymentScope ? { deploymentScope: () => options.deploymentScope as DeploymentScopeKind } : {}),
    now: options.now,
    budget: {
      steps: options.steps ?? 1_000_000,
      maxStringLength: options.maxStringLength ?? 1_000_000,
      maxArrayLength: options.maxArrayLength ?? 100_000,
    },
  };
  return host;
}

/** Evaluates one expression string against a fresh test host. */
export function run(text: string, options: TestHostOptions = {}): Value {
  return evaluateString(text, testHost(options));
}

/** A JSON-like view of a value for toEqual: Unknown becomes { $unknown: reason }. */
export function plain(value: Value): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}
