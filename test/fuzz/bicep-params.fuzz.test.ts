import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readBicepParams, type ReadBase } from '../../src/inputs/bicep/params.js';
import { FUNCTIONS } from '../../src/inputs/arm-expr/functions/index.js';
import { assertOnText, timeoutFor } from './settings.js';

/**
 * Bicep parameter files on random input: whatever the text, reading ends in values and
 * diagnostics (a syntax error with a place in the file), never in an exception.
 */

const NAMES = [...new Set([...FUNCTIONS.values()].map((spec) => spec.name))].sort();
const noBase: ReadBase = () => ({ error: 'no such file' });

/** Pieces a parameter file is made of, so random files get past the first token often. */
const TOKEN = fc.oneof(
  fc.constantFrom('\n', ' ', "'", "'''", '${', '}', '{', '[', ']', '(', ')', ',', ':', '.', '.?', '[?', '?', '??', '!', '-', '+', '*', '/', '%'),
  fc.constantFrom('==', '!=', '=~', '<', '>=', '&&', '||', '=>', '=', '...', '//', '/*', '*/', '\\', '@', '\u{1F600}', '\u0000'),
  fc.constantFrom('using', 'none', 'extends', 'param', 'var', 'import', 'type', 'from', 'as', 'true', 'false', 'null', 'base', 'a', 'b', 'x'),
  fc.constantFrom(...NAMES, 'getSecret', 'readEnvironmentVariable', 'loadTextContent', 'sys', 'az'),
  fc.integer({ min: -3, max: 2_000_000_000 }).map(String),
  fc.string({ maxLength: 6 }),
);

/** Mostly well-formed files: a using line, then params and vars whose values are random token runs. */
const FILE = fc
  .array(fc.tuple(fc.constantFrom('param', 'var'), fc.constantFrom('a', 'b', 'c', 'x'), fc.array(TOKEN, { maxLength: 20 })), { maxLength: 8 })
  .map((statements) => ["using './main.bicep'", ...statements.map(([kind, name, tokens]) => `${kind} ${name} = ${tokens.join('')}`)].join('\n'));

function assertControlled(text: string): void {
  const read = readBicepParams(text, 'fuzz.bicepparam', noBase);
  expect(read.ok || read.diagnostics.some((d) => d.severity === 'error' && d.line !== undefined)).toBe(true);
}

describe('Bicep parameter files on random input', () => {
  it('read into values or a placed syntax error, never an exception', () => assertOnText(FILE, TOKEN, assertControlled), timeoutFor(400, 10));
});
