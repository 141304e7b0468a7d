import { describe, expect, it } from 'vitest';
import { callFunction } from '../../src/inputs/terraform/functions.js';
import { isUnknown } from '../../src/model/value.js';

describe('Terraform regex() and replace() with a pattern', () => {
  it('match as RE2 does: captures, every match replaced', () => {
    expect(callFunction('regex', ['^([a-z]+)-(\\d+)$', 'web-01'])).toEqual(['web', '01']);
    expect(callFunction('regex', ['[0-9]+', 'vm-042'])).toBe('042');
    expect(callFunction('replace', ['hello-world', '/o/', '0'])).toBe('hell0-w0rld');
    expect(callFunction('replace', ['vm-01', '/vm-(\\d+)/', 'host-${1}'])).toBe('host-01');
  });

  it('a pattern that backtracks for years elsewhere ends at once (the scan would hang on a hostile file)', () => {
    // Backtracking, `(a+)+$` against 40 a's and a mismatch takes 2^40 steps; in linear time, none to speak of.
    const result = callFunction('regex', ['(a+)+$', `${'a'.repeat(40)}!`]);
    expect(isUnknown(result) && result.reason).toBe('regex() did not match');
    expect(callFunction('replace', [`${'a'.repeat(40)}!`, '/(a|aa)+$/', 'x'])).toBe(`${'a'.repeat(40)}!`);
  });

  it('patterns RE2 does not support either (back-references, look-arounds) are unknown, with why', () => {
    const backReference = callFunction('regex', ['(a)\\1', 'aa']);
    expect(isUnknown(backReference) && backReference.reason).toMatch(/^regex\(\): the pattern is not supported \(.*linear time\)$/);
    const lookAhead = callFunction('replace', ['abc', '/a(?=b)/', 'x']);
    expect(isUnknown(lookAhead) && lookAhead.reason).toMatch(/^replace\(\): the pattern \/a\(\?=b\)\/ is not supported/);
  });
});
