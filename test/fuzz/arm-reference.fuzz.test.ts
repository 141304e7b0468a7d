import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { get, type Resource } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { armTemplate } from '../support/arm-snippets.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * reference() to what a template deploys, on random templates: resources and nested deployments
 * that read one another's properties and outputs, in any order, themselves included. Expansion
 * always ends with resources and diagnostics (never a throw), gives the same result twice, and a
 * value read from a resource the template gives it is that value, whether the resource is declared
 * before or after the one reading it.
 */

const NAMES = ['a', 'b', 'c', 'd'];
const name = fc.constantFrom(...NAMES);

/** An expression reading another resource or deployment. */
const read = fc.oneof(
  name.map((target) => `[reference('${target}').k]`),
  name.map((target) => `[reference('${target}').missing.deeper]`),
  name.map((target) => `[reference(resourceId('Microsoft.Network/publicIPAddresses', '${target}'), '2024-05-01', 'Full').properties.k]`),
  name.map((target) => `[tryGet(reference('${target}'), 'k', 0)]`),
  name.map((target) => `[reference('${target}').outputs.o.value]`),
  fc.integer({ min: -5, max: 5 }).map(String),
);

const pip = fc.record({ target: name, k: read }).map(({ target, k }) => ({
  type: 'Microsoft.Network/publicIPAddresses',
  apiVersion: '2024-05-01',
  name: target,
  properties: { k },
}));

const deployment = fc.record({ target: name, o: read, inner: fc.array(pip, { maxLength: 2 }) }).map(({ target, o, inner }) => ({
  type: 'Microsoft.Resources/deployments',
  apiVersion: '2022-09-01',
  name: target,
  properties: { mode: 'Incremental', template: armTemplate(inner, { outputs: { o: { type: 'string', value: o } } }) },
}));

const TEMPLATE = fc.array(fc.oneof(pip, deployment), { minLength: 1, maxLength: 8 }).map((resources) => armTemplate(resources));

function expand(template: object): ReturnType<typeof expandTemplate> {
  return expandTemplate(parseJson(JSON.stringify(template)), { file: 'main.json', limits: { steps: 200_000 } });
}

describe('reference() to what a template deploys, fuzzed', () => {
  it(
    'ends with resources and diagnostics, the same twice',
    () => {
      fc.assert(
        fc.property(TEMPLATE, (template) => {
          const first = expand(template);
          for (const diagnostic of first.diagnostics) expect(typeof diagnostic.message).toBe('string');
          expect(JSON.stringify(expand(template))).toBe(JSON.stringify(first));
        }),
        fuzz(300),
      );
    },
    timeoutFor(300, 20),
  );

  it(
    'reads a literal the template gives a resource, declared before or after the reader',
    () => {
      fc.assert(
        fc.property(fc.integer(), fc.boolean(), (value, readerFirst) => {
          const source = { type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2024-05-01', name: 'source', properties: { k: value } };
          const reader = {
            type: 'Microsoft.Network/publicIPAddresses',
            apiVersion: '2024-05-01',
            name: 'reader',
            properties: { k: "[reference('source').k]" },
          };
          const { resources, diagnostics } = expand(armTemplate(readerFirst ? [reader, source] : [source, reader]));
          expect(diagnostics).toEqual([]);
          expect(get(resources.find((r) => r.name === 'reader') as Resource, 'properties', 'k')).toBe(value);
        }),
        fuzz(100),
      );
    },
    timeoutFor(100, 5),
  );

  it('a resource that reads itself, or a member its template does not give, gets Unknown', () => {
    const { resources, diagnostics } = expand(
      armTemplate([
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2024-05-01',
          name: 'a',
          properties: { k: "[reference('a').k]", m: "[reference('b').missing]" },
        },
        { type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2024-05-01', name: 'b', properties: { k: 1 } },
      ]),
    );
    expect(diagnostics).toEqual([]);
    const a = resources.find((r) => r.name === 'a') as Resource;
    expect(isUnknown(get(a, 'properties', 'k'))).toBe(true);
    expect(isUnknown(get(a, 'properties', 'm'))).toBe(true);
  });
});
