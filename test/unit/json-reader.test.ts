import { describe, expect, it } from 'vitest';
import { JsonSyntaxError, nodeAt, parseJson } from '../../src/inputs/json/parse.js';

describe('parseJson', () => {
  it('reads strict JSON like JSON.parse', () => {
    const text = '{"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"], "b": {"c": {}}}';
    expect(parseJson(text).value).toEqual(JSON.parse(text));
  });

  it('accepts what ARM accepts: comments, trailing commas, raw line breaks, BOM', () => {
    const text = '\ufeff{\n  // a comment\n  "a": "line one\nline two", /* block\n comment */\n  "b": [1, 2,],\n}';
    const document = parseJson(text);
    expect(document.value).toEqual({ a: 'line one\nline two', b: [1, 2] });
    expect(document.warnings).toEqual([{ line: 3, column: 17, message: 'Raw line break inside a string' }]);
  });

  it('keeps the position of every value', () => {
    const document = parseJson('{\n  "resources": [\n    { "name": "vm1",\n      "properties": { "x": 1 } }\n  ]\n}');
    expect(nodeAt(document.root, ['resources', '0', 'properties', 'x'])).toMatchObject({ depth: 4, node: { line: 4, column: 28 } });
    expect(nodeAt(document.root, ['resources', '0', 'name'])).toMatchObject({ node: { line: 3, column: 15 } });
  });

  it('finds the nearest ancestor and matches names case-insensitively', () => {
    const document = parseJson('{"Properties": {"a": 1}}');
    expect(nodeAt(document.root, ['properties', 'a'])).toMatchObject({ depth: 2, node: { line: 1, column: 22 } });
    expect(nodeAt(document.root, ['properties', 'missing', 'deeper'])).toMatchObject({ depth: 1, node: { column: 16 } });
  });

  it('keeps __proto__ and constructor as ordinary keys', () => {
    const value = parseJson('{"__proto__": {"polluted": true}, "constructor": 1}').value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it.each([
    ['{"a": 1', 'Unexpected end of file in an object', 1, 8],
    ['{"a" 1}', "Expected ':' after a property name", 1, 6],
    ['[1 2]', "Expected ',' or ']'", 1, 4],
    ['{"a": tru}', 'Unexpected character "t"', 1, 7],
    ['{"a": "x', 'Unterminated string', 1, 9],
    ['{"a": "\\q"}', 'Invalid escape \\q', 1, 8],
    ['{} x', 'Unexpected content after the JSON value', 1, 4],
    ['/* never closed', 'Unterminated comment', 1, 1],
    ['', 'Unexpected end of file', 1, 1],
  ])('reports %j as "%s" at %i:%i', (text, message, line, column) => {
    let error: unknown;
    try {
      parseJson(text);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error).toMatchObject({ line, column });
    expect((error as Error).message).toContain(message);
  });

  it('stops deep nesting with a syntax error, not a stack overflow', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(() => parseJson(deep)).toThrow(/Nesting deeper than 256 levels/);
    expect(parseJson('['.repeat(200) + ']'.repeat(200)).value).toBeDefined();
  });
});
