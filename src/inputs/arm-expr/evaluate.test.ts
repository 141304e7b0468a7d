import { describe, expect, it } from 'vitest';
import { Unknown } from '../../model/value.js';
import { evaluateString, ExpressionError, ExpressionSyntaxError, isExpression, LimitExceededError, parseCached } from './evaluate.js';
import { parseExpression } from './parser.js';
import { plain, run, testHost } from './test-host.js';

describe('isExpression and literal strings', () => {
  it.each([
    ['[concat()]', true],
    ['[[concat()]', false],
    ['plain', false],
    ['[', false],
    ['[x', false],
  ])('%s → %s', (text, expected) => expect(isExpression(text)).toBe(expected));

  it.each([
    ['plain text', 'plain text'],
    ['[[escaped]', '[escaped]'],
    ['[[', '['],
    ["['it''s']", "it's"],
    ["[ concat( 'a' , 'b' ) ]", 'ab'],
  ])('%s evaluates to %s', (text, expected) => expect(run(text)).toBe(expected));
});

describe('parser', () => {
  it('keeps column offsets on every node', () => {
    const node = parseExpression("[concat('a', parameters('p').x[0])]");
    expect(node).toMatchObject({ kind: 'call', name: 'concat', offset: 1 });
    if (node.kind !== 'call') throw new Error('not a call');
    expect(node.args[0]).toMatchObject({ kind: 'string', value: 'a', offset: 8 });
    expect(node.args[1]).toMatchObject({ kind: 'index', offset: 30, target: { kind: 'property', name: 'x', offset: 28 } });
  });

  it('parses namespaced user functions, negative integers and nested calls', () => {
    expect(parseExpression('[ns.fn(-5)]')).toMatchObject({ kind: 'call', namespace: 'ns', name: 'fn', args: [{ kind: 'integer', value: -5 }] });
    expect(run('[add(-5, mul(2, sub(10, 4)))]')).toBe(7);
  });

  it.each([
    ["[concat('a' 'b')]", 13, /Expected "," or "\)"/],
    ["[concat('a)]", 9, /Unterminated string/],
    ['[true]', 6, /no bare literals: write true\(\)/],
    ['[add(1.5, 1)]', 6, /Decimal literals/],
    ['[concat(]', 9, /Unexpected end/],
    ['[]', 2, /Unexpected end/],
    ["[a.b.c('x')]", 3, /Expected "\("/],
    ['[add(1, 2)) ]', 11, /Expected the end/],
    ['[add(1; 2)]', 7, /Unexpected character ';'/],
  ])('%s fails at column %i', (text, column, message) => {
    try {
      parseExpression(text);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      expect((error as ExpressionSyntaxError).column).toBe(column);
      expect((error as Error).message).toMatch(message);
    }
  });

  it('rejects nesting too deep to evaluate safely', () => {
    const deep = `[${'not('.repeat(500)}true()${')'.repeat(500)}]`;
    expect(() => parseExpression(deep)).toThrow(/nested deeper/);
  });

  it('rejects an expression longer than Azure Resource Manager takes, at the column where it passes the limit', () => {
    const long = `[concat(${Array.from({ length: 3000 }, () => "'abcdefg'").join(', ')})]`;
    expect(long.length).toBeGreaterThan(24_576);
    expect(() => parseExpression(long)).toThrow(/is 33008 characters long, over Azure Resource Manager's limit of 24,576 at column 24577/);
    expect(() => parseExpression(long.slice(0, 24_000 - 2) + ')]')).not.toThrow(/characters long/);
  });

  it('caches parse results by text', () => {
    expect(parseCached("[concat('cached')]")).toBe(parseCached("[concat('cached')]"));
  });
});

describe('evaluation', () => {
  it('reads properties and indexes, case-insensitively for property names', () => {
    expect(run("[createObject('Alpha', createArray(1, createObject('b', 'x'))).alpha[1].B]")).toBe('x');
    expect(run("[createObject('a', 1)['A']]")).toBe(1);
    expect(run("[CONCAT('a', ToUpper('b'))]")).toBe('aB');
  });

  it('reports type errors, unknown functions and wrong arity', () => {
    expect(() => run('[nope()]')).toThrow(/not valid/);
    expect(() => run("[concat('a').x]")).toThrow(ExpressionError);
    expect(() => run('[createArray(1)[5]]')).toThrow(/out of range/);
    expect(() => run("[createObject('a', 1).b]")).toThrow(/doesn't exist/);
    expect(() => run('[not()]')).toThrow(/expects 1 argument/);
  });

  it('propagates Unknown only where the result depends on it', () => {
    const reason = "reference() to 'Microsoft.Network/publicIPAddresses/pip' is only known at deployment";
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    expect(run("[if(true(), 'a', parameters('p'))]", { parameters })).toBe('a');
    expect(run("[length(createArray(1, parameters('p')))]", { parameters })).toBe(2);
    expect(run("[concat('a', parameters('p'))]", { parameters })).toBeInstanceOf(Unknown);
    expect(run("[equals(parameters('p'), 'a')]", { parameters })).toBeInstanceOf(Unknown);
    expect(run("[and(false(), parameters('p'))]", { parameters })).toBe(false);
    expect(run("[coalesce(null(), 'x', parameters('p'))]", { parameters })).toBe('x');
    expect(plain(run("[union(createObject('a', parameters('p')), createObject('b', 1))]", { parameters }))).toEqual({
      a: { $unknown: "parameter 'p' has no value" },
      b: 1,
    });
    const deep = run("[toUpper(concat('ip-', reference('Microsoft.Network/publicIPAddresses/pip').dnsSettings.fqdn))]");
    expect((deep as Unknown).reason).toBe(reason);
  });

  it('calls user-defined functions with their own parameters', () => {
    const functions = {
      'contoso.greet': { parameters: [{ name: 'who', type: 'string' }], output: { type: 'string', value: "[concat('Hello ', parameters('who'))]" } },
      'contoso.twice': { parameters: [{ name: 'n' }], output: { value: { doubled: "[mul(parameters('n'), 2)]" } } },
      'contoso.loop': { parameters: [{ name: 'n' }], output: { value: "[contoso.loop(parameters('n'))]" } },
      'contoso.peek': { parameters: [], output: { value: "[variables('v')]" } },
    };
    expect(run("[contoso.greet('world')]", { functions })).toBe('Hello world');
    expect(run('[contoso.twice(21).doubled]', { functions })).toBe(42);
    expect(() => run('[contoso.loop(1)]', { functions })).toThrow(LimitExceededError);
    expect(() => run('[contoso.peek()]', { functions, variables: { v: 1 } })).toThrow(/cannot read template variables/);
    expect(() => run('[contoso.missing()]', { functions })).toThrow(/not defined/);
    expect(() => run("[contoso.greet('a', 'b')]", { functions })).toThrow(/expects 1 argument/);
  });

  it('never hangs: steps, sizes and depth are bounded', () => {
    expect(() => run('[length(range(0, 100000000))]')).toThrow(LimitExceededError);
    expect(() => run("[padLeft('x', 100000000, 'y')]", { maxStringLength: 1_000_000 })).toThrow(LimitExceededError);
    const host = testHost({ steps: 30 });
    expect(() => evaluateString(`[${'concat('.repeat(40)}'x'${')'.repeat(40)}]`, host)).toThrow(LimitExceededError);
    expect(host.budget.steps).toBeLessThan(0);
    const doubling = { variables: { s: "[concat('ab', 'cd')]" } };
    expect(() => run(`[${"concat(variables('s'), ".repeat(30)}'x'${')'.repeat(30)}]`, { ...doubling, steps: 20 })).toThrow(LimitExceededError);
    expect(() =>
      run("[reduce(range(0, 10000), 'x', lambda('acc', 'i', concat(lambdaVariables('acc'), lambdaVariables('acc'))))]", { maxStringLength: 100_000 }),
    ).toThrow(LimitExceededError);
  });
});
