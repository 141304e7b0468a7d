import { describe, expect, it } from 'vitest';
import { evaluateTemplateString, force } from '../../src/inputs/terraform/evaluate.js';
import { callFunction } from '../../src/inputs/terraform/functions.js';
import { MAX_VALUE_SIZE, valueSize } from '../../src/model/value-size.js';
import { isUnknown, MAX_TEXT_PIECES, Unknown, type Value } from '../../src/model/value.js';

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

describe('Terraform set functions and sizes', () => {
  it('setsubtract, setintersection and contains compare members as keys: 100,000 members each, at once', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `member-${i}`);
    const half = many.filter((_, i) => i % 2 === 0);
    // Before: every member compared with every other, 10^10 comparisons (a scan that did not end).
    expect(callFunction('setsubtract', [many, half])).toHaveLength(50_000);
    expect(callFunction('setintersection', [many, half, ['member-0', 'member-1', 'member-2']])).toEqual(['member-0', 'member-2']);
    expect(callFunction('setsubtract', [['a', 'a', 'b'], ['b']])).toEqual(['a']);
    expect(callFunction('contains', [many, 'member-99999'])).toBe(true);
  });

  it('setproduct of more combinations than can be read is unknown, not a process out of memory', () => {
    const thousand = Array.from({ length: 1000 }, (_, i) => i);
    const product = callFunction('setproduct', [thousand, thousand, thousand]);
    expect(isUnknown(product) && product.reason).toBe('setproduct() would make 1000000000 combinations, too many to read');
    expect(
      callFunction('setproduct', [
        ['a', 'b'],
        [1, 2],
      ]),
    ).toEqual([
      ['a', 1],
      ['a', 2],
      ['b', 1],
      ['b', 2],
    ]);
  });

  it('a value is measured as a tree, shared parts where they appear, strings by their length', () => {
    const ten = Array.from({ length: 10 }, (_, i) => i);
    let value: Value = ten;
    for (let level = 0; level < 4; level++) value = Array.from({ length: 10 }, () => value);
    expect(valueSize(value)).toBe(1 + 10 * (1 + 10 * (1 + 10 * (1 + 10 * 11))));
    value = Array.from({ length: 10 }, () => value);
    expect(valueSize(value)).toBeGreaterThan(MAX_VALUE_SIZE);
    expect(valueSize('x'.repeat(640))).toBe(11);
  });
});

describe('Terraform sets', () => {
  const render = (text: string): Value => force(evaluateTemplateString(text, { budget: { steps: 10_000 }, lookup: () => undefined }));

  it('are sorted, of one type, and iterate with each element as its own key', () => {
    // toset: "mixed-typed elements will be converted to the most general type"; for: "For sets of strings, Terraform sorts the elements by their value".
    expect(callFunction('toset', [['c', 'b', 'b']])).toEqual(['b', 'c']);
    expect(callFunction('toset', [['a', 'b', 3]])).toEqual(['3', 'a', 'b']);
    expect(callFunction('toset', [[10, 2, 33]])).toEqual([2, 10, 33]);
    expect(render('${[for k, v in toset(["b", "a"]) : k]}')).toEqual(['a', 'b']);
    expect(render('${[for k, v in ["b", "a"] : k]}')).toEqual([0, 1]);
    expect(render('${tolist(setunion(["z"], ["a"]))}')).toEqual(['a', 'z']);
  });

  it('try() and can() take a missing attribute, a regex() that does not match or a number that is not one as a failure', () => {
    expect(render('${can({ bar = "baz" }.boop)}')).toBe(false);
    expect(render('${can(regex("^[a-z]+$", "ABC"))}')).toBe(false);
    expect(render('${can(regex("^[a-z]+$", "abc"))}')).toBe(true);
    expect(render('${try(regex("z", "abc"), "none")}')).toBe('none');
    expect(render('${try(tonumber("x"), 0)}')).toBe(0);
    expect(render('${try({ a = 1 }.b, { a = 1 }.a)}')).toBe(1);
  });

  it('range, split, substr and jsonencode as the Terraform docs show them', () => {
    expect(render('${range(4, 1)}')).toEqual([4, 3, 2]);
    expect(render('${range(-3)}')).toEqual([0, -1, -2]);
    expect(render('${split(",", "")}')).toEqual(['']);
    expect(render('${substr("abc", -10, 2)}')).toBe('ab');
    expect(render('${jsonencode({ b = 1, a = "<x>&" })}')).toBe('{"a":"\\u003cx\\u003e\\u0026","b":1}');
  });

  it('keys() and values() of an object with attributes not known (a for_each resource) give its keys and its values', () => {
    const state = new Unknown('known after apply');
    expect(callFunction('keys', [{ web: { id: state }, db: { id: state } }])).toEqual(['db', 'web']);
    expect(callFunction('values', [{ web: 1, db: state }])).toEqual([state, 1]);
  });

  it('format() verbs as Terraform writes them: %#v, %v of a number, %[n], %e, %g and the + and space flags', () => {
    expect(callFunction('format', ['%#v', 'hello'])).toBe('"hello"');
    expect(callFunction('format', ['%v %v', 1234567, 22])).toBe('1.234567e+06 22');
    expect(callFunction('format', ['%[2]s %[1]s', 'a', 'b'])).toBe('b a');
    expect(callFunction('format', ['%e|%.2E|%g', 1234.5, 1234.5, 0.00001])).toBe('1.234500e+03|1.23E+03|1e-05');
    expect(callFunction('format', ['%+d|% d|%05d', 5, 5, -42])).toBe('+5| 5|-0042');
  });

  it('an object key in parentheses is the value of its expression', () => {
    expect(render('${[for k in ["a"] : { (k) = 1 }]}')).toEqual([{ a: 1 }]);
    expect(render('${{ k = 1 }}')).toEqual({ k: 1 });
  });
});

describe('Terraform templates', () => {
  const render = (text: string, names: Record<string, Value> = {}): Value =>
    force(evaluateTemplateString(text, { budget: { steps: 10_000 }, lookup: (name) => names[name] }));

  it('leave out the whitespace a strip marker names, as Terraform does', () => {
    expect(render('#!/bin/bash\n%{ for port in ports ~}\nufw allow ${port}\n%{ endfor ~}\ndone', { ports: [22, 443] })).toBe(
      '#!/bin/bash\nufw allow 22\nufw allow 443\ndone',
    );
    expect(render('a   ${~ x ~}   b', { x: 'X' })).toBe('aXb');
    // Only the line break next to the marker goes: the next line's indentation stays (terraform console: '  no!').
    expect(render('%{ if on ~}\n  yes\n%{~ else ~}\n  no\n%{~ endif }!', { on: false })).toBe('  no!');
    expect(render('%{ for p in ports ~}\n  ufw allow ${p}\n%{ endfor ~}\n', { ports: [22] })).toBe('  ufw allow 22\n');
    // Without markers, the whitespace stays.
    expect(render('a ${x} b', { x: 'X' })).toBe('a X b');
  });

  it('keep the known text around values not known, a bounded number of pieces of it', () => {
    const unset = new Unknown("variable 'p' has no value (no default, tfvars or --var)");
    const text = render('ssh ${user}@${host} -p 22', { user: 'azureuser', host: unset }) as Unknown;
    expect(text.reason).toBe(unset.reason);
    expect(text.pieces).toEqual(['ssh azureuser@', unset, ' -p 22']);
    // Joined from itself, the pieces would double at each step: past the bound, the first Unknown alone.
    let doubled: Value = text;
    for (let i = 0; i < 40; i++) doubled = render('${x}-${x}', { x: doubled });
    expect(((doubled as Unknown).pieces ?? []).length).toBeLessThanOrEqual(MAX_TEXT_PIECES);
  });
});

describe('Terraform functions not read', () => {
  it('tell a function this reader lacks from a name Terraform does not know', () => {
    expect((callFunction('base64_encode', ['x']) as Unknown).reason).toBe('Terraform has no function base64_encode() (terraform validate stops there)');
    // Removed in Terraform 0.15.
    expect((callFunction('list', ['x']) as Unknown).reason).toBe('Terraform has no function list() (terraform validate stops there)');
    expect((callFunction('timestamp', []) as Unknown).reason).toBe('timestamp() is evaluated by Terraform at run time, not read here');
  });
});

describe('Terraform functions of values not known', () => {
  it('give a credential if one of them is, state only if all are', () => {
    const state = new Unknown('azurerm_public_ip.web.ip_address is known only after apply', undefined, { stateOf: 'azurerm_public_ip.web' });
    const key = new Unknown('azurerm_storage_account.sa.primary_access_key is known only after apply', undefined, {
      credential: 'azurerm_storage_account.sa.primary_access_key',
    });
    expect(callFunction('replace', [state, 'a', key])).toBe(key);
    expect(callFunction('format', ['%s:%s', state, key])).toBe(key);
    expect(callFunction('lower', [state])).toBe(state);
    expect(callFunction('replace', [state, '/', ''])).toBe(state);
    expect((callFunction('replace', [state, '/', 'x']) as Unknown).stateOf).toBeUndefined();
  });
});

describe('templatestring() (Terraform 1.9)', () => {
  // local.t holds the text `hello ${name}%{ if loud }!%{ endif }`, as `"hello $${name}%%{ if loud }!%%{ endif }"` writes it.
  const scope = {
    budget: { steps: 100_000 },
    lookup: (name: string) => (name === 'local' ? { t: 'hello ${name}%{ if loud }!%{ endif }' } : undefined),
  };
  const run = (expression: string): Value => force(evaluateTemplateString(`\${${expression}}`, scope));

  it('renders a text from elsewhere with only the variables given, as terraform console does', () => {
    // Before: "the function templatestring() is not implemented by this reader".
    expect(run('templatestring(local.t, { name = "x", loud = true })')).toBe('hello x!');
    expect(run('templatestring(local.t, { name = "y", loud = false })')).toBe('hello y');
    const missing = run('templatestring(local.t, {})');
    expect(isUnknown(missing)).toBe(true);
  });

  it('refuses a template written in the call, and one calling itself (which would not end), as Terraform does', () => {
    const literal = run('templatestring("a", {})');
    expect(isUnknown(literal) && literal.reason).toBe('templatestring() is given a literal template, which Terraform refuses');
    const self = force(
      evaluateTemplateString('${templatestring(local.t, { t = local.t })}', {
        budget: { steps: 100_000 },
        lookup: (name: string) => (name === 'local' ? { t: '${templatestring(t, { t = t })}' } : undefined),
      }),
    );
    expect(isUnknown(self) && self.reason).toBe('templatestring() is called from inside a template, which Terraform refuses');
  });
});

describe('built-in functions Azure Verified Modules call', () => {
  // Each expected value is what `terraform console` (1.11) gives for the same call.
  it('strcontains() decides between a role definition id and a role name in every module role assignment', () => {
    const role = '/providers/Microsoft.Authorization/roleDefinitions';
    expect(callFunction('strcontains', [`/subscriptions/s${role}/acdd72a7`.toLowerCase(), role.toLowerCase()])).toBe(true);
    expect(callFunction('strcontains', ['reader', role.toLowerCase()])).toBe(false);
  });

  it('alltrue, anytrue, regexall, named groups, chunklist, matchkeys, transpose, urlencode, log and the sha-2 digests', () => {
    expect([callFunction('alltrue', [[]]), callFunction('alltrue', [[true, 'true']]), callFunction('anytrue', [[false]])]).toEqual([true, true, false]);
    expect(callFunction('regexall', ['[0-9]+', 'a1b22c333'])).toEqual(['1', '22', '333']);
    expect(callFunction('regexall', ['x', 'abc'])).toEqual([]);
    expect(callFunction('regex', ['(?P<name>[a-z]+)-(?P<num>\\d+)', 'vm-42'])).toEqual({ name: 'vm', num: '42' });
    expect(callFunction('chunklist', [[1, 2, 3], 2])).toEqual([[1, 2], [3]]);
    expect(callFunction('matchkeys', [['a', 'b', 'c'], ['x', 'y', 'z'], ['y']])).toEqual(['b']);
    expect(callFunction('transpose', [{ a: ['1', '2'], b: ['2'] }])).toEqual({ 1: ['a'], 2: ['a', 'b'] });
    expect(callFunction('urlencode', ['a b&c'])).toBe('a+b%26c');
    expect(callFunction('log', [8, 2])).toBe(3);
    expect(callFunction('base64sha256', ['x'])).toBe('LXEWQrcmsEQBYnyp+6wy9chTD7GQPMTbAiWHF5IaSIE=');
    expect(callFunction('sha512', ['x'])).toMatch(/^[0-9a-f]{128}$/);
  });
});
