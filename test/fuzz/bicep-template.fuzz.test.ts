import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { FUNCTIONS } from '../../src/inputs/arm-expr/functions/index.js';
import { compileBicep } from '../../src/inputs/bicep/compile.js';
import { assertOnText, timeoutFor } from './settings.js';

/**
 * Bicep templates on random input: whatever the text, compiling ends in a template or in an error
 * placed in the file, and the template then expands into resources and diagnostics within its
 * budget, never into an exception.
 */

const NAMES = [...new Set([...FUNCTIONS.values()].map((spec) => spec.name))].sort();

const TOKEN = fc.oneof(
  fc.constantFrom('\n', ' ', "'", "'''", '${', '}', '{', '[', ']', '(', ')', ',', ':', '.', '::', '.?', '[?', '?', '??', '!', '-', '+', '*', '/', '%'),
  fc.constantFrom(
    '==',
    '!=',
    '<',
    '>=',
    '&&',
    '||',
    '=>',
    '=',
    '...',
    '//',
    '/*',
    '*/',
    '@',
    '#disable-next-line',
    '#restore-diagnostics',
    '\u{1F600}',
    '\u0000',
  ),
  fc.constantFrom('param', 'var', 'resource', 'module', 'output', 'func', 'existing', 'if', 'for', 'in', 'parent', 'scope', 'name', 'properties'),
  fc.constantFrom('vnet', 'nic', 'mod', 'a', 'b', 'i', 'x', 'true', 'false', 'null', 'string', 'int', 'object'),
  fc.constantFrom(...NAMES, 'loadTextContent', 'listKeys', 'sys', 'az', 'resourceGroup', 'subscription'),
  fc.integer({ min: -3, max: 2_000_000_000 }).map(String),
  fc.string({ maxLength: 6 }),
);

const RUN = fc.array(TOKEN, { maxLength: 16 }).map((tokens) => tokens.join(''));

/** Well-formed values over the names the statements declare, nested; a random token run now and then. */
const VALUE: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom("'text'", "'${a}-x'", '3', 'true', 'null', 'a', 'b', 'x', 'i', 'vnet.id', 'vnet.name', 'vnet.properties.x', 'nic[1].id'),
    fc.constantFrom('nic[0].properties', 'vnet::child.id', 'mod.outputs.o', 'resourceGroup().location', 'f(a)', 'vnet.listKeys()', "loadTextContent('x.txt')"),
    fc.tuple(tie('value'), tie('value')).map(([l, r]) => `(${l} == ${r} ? ${l} : ${r})`),
    fc.tuple(tie('value'), tie('value')).map(([l, r]) => `{ k: ${l}, 'q': ${r} }`),
    fc.tuple(tie('value'), tie('value')).map(([l, r]) => `[${l}, ${r}]`),
    tie('value').map((v) => `[for (item, j) in range(0, 2): ${v}]`),
    tie('value').map((v) => `concat(${v}, 'x')`),
    RUN,
  ),
})).value;

/** Mostly well-formed templates: declarations of every kind whose values are random token runs. */
const STATEMENT = fc.oneof(
  fc.tuple(fc.constantFrom('a', 'b', 'x'), VALUE).map(([name, value]) => `param ${name} string = ${value}`),
  fc.tuple(fc.constantFrom('a', 'b', 'x'), VALUE).map(([name, value]) => `var ${name} = ${value}`),
  fc
    .tuple(fc.constantFrom('vnet', 'nic'), fc.boolean(), VALUE, VALUE)
    .map(
      ([name, loop, value, property]) =>
        `resource ${name} 'Microsoft.Network/virtualNetworks@2024-05-01' = ${loop ? '[for i in range(0, 3): ' : ''}{\n  name: ${value}\n  properties: {\n    x: ${property}\n  }\n  resource child 'subnets' = {\n    name: ${value}\n  }\n}${loop ? ']' : ''}`,
    ),
  fc
    .tuple(fc.oneof(fc.constantFrom('vnet', 'nic[0]', 'vnet::child'), RUN), VALUE)
    .map(([parent, name]) => `resource other 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' = {\n  parent: ${parent}\n  name: ${name}\n}`),
  VALUE.map((value) => `module mod './other.bicep' = {\n  name: 'm'\n  params: { p: ${value} }\n}`),
  VALUE.map((value) => `output o string = ${value}`),
  VALUE.map((value) => `func f(p string) string => ${value}`),
);

const FILE = fc.array(STATEMENT, { maxLength: 8 }).map((statements) => statements.join('\n'));

function assertControlled(text: string): void {
  const compiled = compileBicep(text, () => ({ error: 'no such file' }));
  if ('error' in compiled) {
    // A syntax error is placed; only a file past the length and depth limits is not.
    expect(compiled.error.line !== undefined || /cannot be compiled/.test(compiled.error.message)).toBe(true);
    return;
  }
  const read = expandTemplate(compiled.document, {
    file: 'fuzz.bicep',
    loadLinked: () => ({ error: 'not read here' }),
    limits: { steps: 50_000, maxResources: 2_000 },
  });
  expect(Array.isArray(read.resources)).toBe(true);
}

describe('Bicep templates on random input', () => {
  it('compile to a template or a placed error, and expand without an exception', () => assertOnText(FILE, TOKEN, assertControlled), timeoutFor(400, 10));
});
