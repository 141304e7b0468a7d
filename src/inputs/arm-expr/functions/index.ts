/** The single registry of built-in ARM template functions, keyed by lowercase name. */
import type { FunctionSpec } from '../types.js';
import { arrayFunctions } from './array.js';
import { cidrFunctions } from './cidr.js';
import { comparisonFunctions } from './comparison.js';
import { dateFunctions } from './date.js';
import { deploymentFunctions } from './deployment.js';
import { lambdaFunctions } from './lambda.js';
import { logicalFunctions } from './logical.js';
import { numericFunctions } from './numeric.js';
import { objectFunctions } from './object.js';
import { resourceFunctions } from './resource.js';
import { scopeFunctions } from './scope.js';
import { stringFunctions } from './string.js';

const FAMILIES: readonly (readonly FunctionSpec[])[] = [
  arrayFunctions,
  cidrFunctions,
  comparisonFunctions,
  dateFunctions,
  deploymentFunctions,
  lambdaFunctions,
  logicalFunctions,
  numericFunctions,
  objectFunctions,
  resourceFunctions,
  scopeFunctions,
  stringFunctions,
];

function buildRegistry(): ReadonlyMap<string, FunctionSpec> {
  const registry = new Map<string, FunctionSpec>();
  for (const spec of FAMILIES.flat()) {
    const key = spec.name.toLowerCase();
    if (registry.has(key)) throw new Error(`ARM function '${spec.name}' is registered twice`);
    registry.set(key, spec);
  }
  return registry;
}

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = buildRegistry();

/**
 * Every implemented name, canonical spelling, sorted. `list*` stands for every other function whose
 * name starts with "list" (listConnectionStrings…), which the evaluator routes to the host.
 */
export const IMPLEMENTED_FUNCTIONS: readonly string[] = [...[...FUNCTIONS.values()].map((spec) => spec.name), 'list*'].sort((a, b) =>
  a.toLowerCase().localeCompare(b.toLowerCase()),
);
