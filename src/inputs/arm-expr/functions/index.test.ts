import { describe, expect, it } from 'vitest';
import { FUNCTIONS, IMPLEMENTED_FUNCTIONS } from './index.js';

/**
 * Every function the "ARM template functions" reference documents (template-functions-array, -cidr,
 * -comparison, -date, -deployment, -lambda, -logical, -numeric, -object, -resource, -scope, -string),
 * plus lambda/lambdaVariables (the ARM form of Bicep lambdas) and indexFromEnd (what Bicep emits for
 * `a[^1]`). A documented function missing from the registry fails this test.
 */
const DOCUMENTED = [
  // array
  'array',
  'concat',
  'contains',
  'createArray',
  'empty',
  'first',
  'flatten',
  'indexFromEnd',
  'indexOf',
  'intersection',
  'last',
  'lastIndexOf',
  'length',
  'max',
  'min',
  'range',
  'skip',
  'take',
  'tryGet',
  'tryIndexFromEnd',
  'union',
  // cidr
  'parseCidr',
  'cidrSubnet',
  'cidrHost',
  // comparison
  'coalesce',
  'equals',
  'greater',
  'greaterOrEquals',
  'less',
  'lessOrEquals',
  // date
  'dateTimeAdd',
  'dateTimeFromEpoch',
  'dateTimeToEpoch',
  'utcNow',
  // deployment
  'deployer',
  'deployment',
  'environment',
  'parameters',
  'variables',
  // lambda
  'filter',
  'groupBy',
  'lambda',
  'lambdaVariables',
  'map',
  'mapValues',
  'reduce',
  'sort',
  'toObject',
  // logical
  'and',
  'bool',
  'false',
  'if',
  'not',
  'or',
  'true',
  // numeric
  'add',
  'copyIndex',
  'div',
  'float',
  'int',
  'mod',
  'mul',
  'sub',
  // object
  'createObject',
  'items',
  'json',
  'null',
  'objectKeys',
  'shallowMerge',
  // resource
  'extensionResourceId',
  'list*',
  'listAccountSas',
  'listKeys',
  'listSecrets',
  'managementGroupResourceId',
  'pickZones',
  'providers',
  'reference',
  'references',
  'resourceId',
  'subscriptionResourceId',
  'tenantResourceId',
  // scope
  'managementGroup',
  'resourceGroup',
  'subscription',
  'tenant',
  // string
  'base64',
  'base64ToJson',
  'base64ToString',
  'dataUri',
  'dataUriToString',
  'endsWith',
  'format',
  'guid',
  'join',
  'newGuid',
  'padLeft',
  'replace',
  'split',
  'startsWith',
  'string',
  'substring',
  'toLower',
  'toUpper',
  'trim',
  'uniqueString',
  'uri',
  'uriComponent',
  'uriComponentToString',
];

describe('function registry', () => {
  it('implements every documented function', () => {
    const implemented = new Set(IMPLEMENTED_FUNCTIONS.map((name) => name.toLowerCase()));
    expect(DOCUMENTED.filter((name) => !implemented.has(name.toLowerCase()))).toEqual([]);
  });

  it('implements nothing undocumented', () => {
    const documented = new Set(DOCUMENTED.map((name) => name.toLowerCase()));
    expect(IMPLEMENTED_FUNCTIONS.filter((name) => !documented.has(name.toLowerCase()))).toEqual([]);
  });

  it('is keyed by lowercase name', () => {
    for (const [key, spec] of FUNCTIONS) expect(key).toBe(spec.name.toLowerCase());
  });
});
