import fc from 'fast-check';
import ignore from 'ignore';
import { describe, expect, it } from 'vitest';
import { IgnorePatterns } from '../../src/inputs/files/gitignore.js';
import { fuzz } from './settings.js';

/**
 * The `.gitignore` reader against the `ignore` package (which walked the folders before, compiling
 * patterns to regular expressions): the same verdict on any mix of pattern pieces and paths.
 */
const PIECE = fc.constantFrom('a', 'b', 'ab', 'B', '*', '?', '**', 'a*', '*b', '[ab]', '[!a]', '[a-c]', '[^b]', 'a?', '.json', '\\*', 'x y', '#', '!', ' ');
const NAME = fc.constantFrom('a', 'b', 'ab', 'ba', 'A', 'c', 'a.json', 'b.json', 'x y', '*', '[', '#a', '!a', 'a ');

const pattern = fc
  .tuple(fc.boolean(), fc.boolean(), fc.array(fc.array(PIECE, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 }), fc.boolean())
  .map(([negative, leading, segments, trailing]) => {
    const body = segments.map((pieces) => (pieces.includes('**') ? '**' : pieces.join(''))).join('/');
    return `${negative ? '!' : ''}${leading ? '/' : ''}${body}${trailing ? '/' : ''}`;
  });

const relativePath = fc.tuple(fc.array(NAME, { minLength: 1, maxLength: 5 }), fc.boolean()).map(([names, folder]) => `${names.join('/')}${folder ? '/' : ''}`);

describe('IgnorePatterns', () => {
  it('ignores what the ignore package ignores, on any mix of patterns and paths', () => {
    fc.assert(
      fc.property(fc.array(pattern, { minLength: 1, maxLength: 4 }), relativePath, (patterns, path) => {
        expect(IgnorePatterns.parse(patterns).ignores(path)).toBe(ignore().add(patterns).ignores(path));
      }),
      fuzz(3000),
    );
  });

  it('reads a .gitignore file as git does: comments, escapes, trailing spaces, negations, folders', () => {
    const patterns = IgnorePatterns.parse('# build output\nbuild/\n*.tmp\n!keep.tmp\n/root.json\ndocs/**\n\\#hash\nspace\\ \ntrailing   \n');
    const cases: [string, boolean][] = [
      ['build/', true],
      ['src/build/', true],
      ['src/build/out.json', true],
      ['build', false],
      ['a.tmp', true],
      ['dir/a.TMP', true],
      ['keep.tmp', false],
      ['root.json', true],
      ['sub/root.json', false],
      ['docs/', false],
      ['docs/a.json', true],
      ['docs/deep/a.json', true],
      ['#hash', true],
      ['space ', true],
      ['trailing', true],
      ['# build output', false],
    ];
    for (const [path, expected] of cases) expect(patterns.ignores(path), path).toBe(expected);
  });

  it('decides a pattern of many ** against a path sixty folders deep (as a regular expression: years)', () => {
    const hostile = IgnorePatterns.parse(`${'**/a/'.repeat(12)}**/b`);
    expect(hostile.ignores(`${'a/'.repeat(60)}c`)).toBe(false);
    expect(hostile.ignores(`${'a/'.repeat(60)}b`)).toBe(true);
    expect(IgnorePatterns.parse(`${'*a'.repeat(50)}b`).ignores('a'.repeat(5000))).toBe(false);
  });
});
