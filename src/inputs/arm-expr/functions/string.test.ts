import { describe, expect, it } from 'vitest';
import { Unknown } from '../../../model/value.js';
import { ExpressionError } from '../errors.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-string.
const cases: [string, unknown][] = [
  ["[base64('one, two, three')]", 'b25lLCB0d28sIHRocmVl'],
  ["[base64ToString('b25lLCB0d28sIHRocmVl')]", 'one, two, three'],
  ["[base64ToJson(base64('{''one'': ''a'', ''two'': ''b''}'))]", { one: 'a', two: 'b' }],
  ["[concat('prefix', '-', 'suffix')]", 'prefix-suffix'],
  ["[contains('OneTwoThree', 'e')]", true],
  ["[contains('OneTwoThree', 'z')]", false],
  ["[dataUri('Hello')]", 'data:text/plain;charset=utf8;base64,SGVsbG8='],
  ["[dataUriToString('data:;base64,SGVsbG8sIFdvcmxkIQ==')]", 'Hello, World!'],
  ["[empty('')]", true],
  ["[endsWith('abcdef', 'ef')]", true],
  ["[endsWith('abcdef', 'F')]", true],
  ["[endsWith('abcdef', 'e')]", false],
  ["[startsWith('abcdef', 'ab')]", true],
  ["[startsWith('abcdef', 'A')]", true],
  ["[startsWith('abcdef', 'e')]", false],
  ["[first('One Two Three')]", 'O'],
  ["[format('{0}, {1}. Formatted number: {2:N0}', 'Hello', 'User', 8175133)]", 'Hello, User. Formatted number: 8,175,133'],
  ["[format('[{0,5}]', 42)]", '[   42]'],
  ["[format('[{0,-5}]', 42)]", '[42   ]'],
  ["[format('{0:D3}', 7)]", '007'],
  // Custom numeric formats: literal text between placeholders, %, sections, scaling commas, quoted text.
  ["[format('{0:000-0000}', 1234567)]", '123-4567'],
  ["[format('{0:0%}', 5)]", '500%'],
  ["[format('{0:#,##0;(#,##0)}', -1234)]", '(1,234)'],
  ["[format('{0:#,##0;(#,##0);zero}', 0)]", 'zero'],
  ["[format('{0:#,#,,}', 2147483647)]", '2,147'],
  ["[format('{0:0,}', 12345)]", '12'],
  ["[format('{0:vm-00}', 7)]", 'vm-07'],
  ["[format('{0:0.0#}', json('-2.5'))]", '-2.5'],
  // G with a precision: fixed-point while the exponent is below the precision (and at least -5), else scientific, as .NET.
  ["[format('{0:G2}', 1234)]", '1.2E+03'],
  ["[format('{0:G4}', json('12345.6789'))]", '1.235E+04'],
  ["[format('{0:G5}', json('12345.6789'))]", '12346'],
  ["[format('{0:g3}', json('0.0000012345'))]", '1.23e-06'],
  ["[format('{0:G3}', json('0.00012345'))]", '0.000123'],
  // Custom numeric formats, as quickstart templates name copies: 'web{0:00}'.
  ["[format('web{0:00}', 3)]", 'web03'],
  ["[format('{0:000}', 1234)]", '1234'],
  ["[format('{0:#,##0.00}', json('1234.5'))]", '1,234.50'],
  ["[format('{0:0.##}', json('2.5'))]", '2.5'],
  ["[format('{0:0.##}', 2)]", '2'],
  ["[format('{0:X}', 255)]", 'FF'],
  ["[format('{0:x4}', 255)]", '00ff'],
  ["[format('{0:N2}', json('1234.5'))]", '1,234.50'],
  ["[format('{{{0}}}', 'a')]", '{a}'],
  ["[format('{0} {1}', true(), 'x')]", 'True x'],
  ["[indexOf('test', 't')]", 0],
  ["[indexOf('abcdef', 'CD')]", 2],
  ["[indexOf('abcdef', 'z')]", -1],
  ["[lastIndexOf('test', 't')]", 3],
  ["[lastIndexOf('abcdef', 'AB')]", 0],
  ["[lastIndexOf('abcdef', '9')]", -1],
  ["[join(createArray('one', 'two', 'three'), ',')]", 'one,two,three'],
  ["[join(createArray('one', 'two', 'three'), ';')]", 'one;two;three'],
  ["[last('One Two Three')]", 'e'],
  ["[length('One Two Three')]", 13],
  ["[padLeft('123', 10, '0')]", '0000000123'],
  ["[replace('123-123-1234', '-', '')]", '1231231234'],
  ["[replace('123-123-1234', '1234', 'xxxx')]", '123-123-xxxx'],
  ["[skip('one two three', 4)]", 'two three'],
  ["[split('one,two,three', ',')]", ['one', 'two', 'three']],
  ["[split('one;two,three', createArray(',', ';'))]", ['one', 'two', 'three']],
  ["[string(createObject('valueA', 10, 'valueB', 'Example Text'))]", '{"valueA":10,"valueB":"Example Text"}'],
  ["[string(createArray('a', 'b', 'c'))]", '["a","b","c"]'],
  ['[string(5)]', '5'],
  ["[substring('one two three', 1, 3)]", 'ne '],
  ["[take('one two three', 2)]", 'on'],
  ["[toLower('One Two Three')]", 'one two three'],
  ["[toUpper('One Two Three')]", 'ONE TWO THREE'],
  ["[trim('    one two three   ')]", 'one two three'],
  ["[uri('http://contoso.com/resources/', 'nested/azuredeploy.json')]", 'http://contoso.com/resources/nested/azuredeploy.json'],
  // The documented cases: a leading slash joins a trailing one; without a trailing slash the last segment goes.
  ["[uri('http://contoso.org/firstpath/', '/myscript.sh')]", 'http://contoso.org/firstpath/myscript.sh'],
  ["[uri('http://contoso.org/firstpath', 'myscript.sh')]", 'http://contoso.org/myscript.sh'],
  ["[uri('http://contoso.org/firstpath/azuredeploy.json', 'myscript.sh')]", 'http://contoso.org/firstpath/myscript.sh'],
  ["[uri('http://contoso.org/firstpath/azuredeploy.json/', 'myscript.sh')]", 'http://contoso.org/firstpath/azuredeploy.json/myscript.sh'],
  ["[uriComponent('http://contoso.com/resources/nested/azuredeploy.json')]", 'http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json'],
  ["[uriComponentToString('http%3A%2F%2Fcontoso.com%2Fresources%2Fnested%2Fazuredeploy.json')]", 'http://contoso.com/resources/nested/azuredeploy.json'],
];

// uniqueString(): values Azure itself returned, from public sources.
const uniqueStrings: [string[], string, string][] = [
  // KingslandConsulting/Kingsland.ArmLinter, src/Kingsland.ArmLinter/Functions/ArmFunctions_UniqueString.cs:
  // outputs of a real deployment of `uniqueString(...)` recorded in a comment ("example output").
  [['aaa'], 'zavj67f3en4hc', 'Kingsland.ArmLinter ArmFunctions_UniqueString.cs'],
  [['bbb'], 'w5eragfxe33cy', 'Kingsland.ArmLinter ArmFunctions_UniqueString.cs'],
  [['zzz'], 'cryksdzzzawae', 'Kingsland.ArmLinter ArmFunctions_UniqueString.cs'],
  [['xxx', 'yyy', 'zzz'], 'lghi7k5js7itq', 'Kingsland.ArmLinter ArmFunctions_UniqueString.cs'],
  // microsoft/commercial-marketplace-offer-deploy, test/Tests/UnitTests/ArmFunctionsTests.cs
  // ("UniqueStringShouldEqualValueCreatedFromArmTemplate": the value an ARM template output returned).
  [
    ['/subscriptions/31e9f9a0-9fd2-4294-a0a3-0101246d9700/resourceGroups/rg-modm201-20230913120256/providers/Microsoft.Compute/virtualMachines/bobjacmodm201'],
    'yvjxno3je5on2',
    'commercial-marketplace-offer-deploy ArmFunctionsTests.cs',
  ],
  // uniquestring.sh, a public bash port whose self-test says "verified against Bicep uniqueString() output".
  [['hello', 'world'], 'a7wkljktk6wne', 'uniquestring.sh self-test'],
  [['/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg'], 'bmg7c6xu4tw46', 'uniquestring.sh self-test'],
];

// guid(): RFC 4122 v5 over namespace 11fb06fb-712d-4ddd-98c7-e71bbd588830, arguments joined with '-'
// (the construction public ARM-parity code uses: hashicorp/terraform-provider-azurerm PR 32446 and
// Azure/bicep PR 20293 getRoleAssignmentName, "equivalent output to guid(...)"). These two vectors were
// cross-checked with Python's uuid.uuid5; they are not outputs published by Azure (none was found).
const guids: [string[], string][] = [
  [['abc'], 'a9b46cc2-65a6-5559-9f14-7091827ab32f'],
  [['a', 'b', 'c'], 'a98fa280-e03f-5afa-8d8e-92d0a9c201e8'],
];

const quote = (parts: string[]): string => parts.map((part) => `'${part}'`).join(', ');

describe('string functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression))).toEqual(expected);
  });

  it.each(uniqueStrings)('uniqueString(%j) is %s (%s)', (parts, expected) => {
    expect(run(`[uniqueString(${quote(parts)})]`)).toBe(expected);
  });

  it.each(guids)('guid(%j) is %s', (parts, expected) => {
    expect(run(`[guid(${quote(parts)})]`)).toBe(expected);
  });

  it('leaves newGuid() Unknown and concat with an Unknown Unknown', () => {
    expect(run('[newGuid()]')).toBeInstanceOf(Unknown);
    const parameters = { p: new Unknown("parameter 'p' has no value") };
    expect(run("[uniqueString(parameters('p'))]", { parameters })).toBe(parameters.p);
  });

  it('makes a value computed from values not known a credential if one is, state only if all are and nothing is added to them', () => {
    const state = new Unknown("'ipAddress' of reference() to 'pip' is only known at deployment", undefined, { stateOf: 'pip' });
    const otherState = new Unknown("'fqdn' of reference() to 'pip' is only known at deployment", undefined, { stateOf: 'pip' });
    const key = new Unknown("listKeys() of 'sa' is only known at deployment", undefined, { credential: "listKeys() of 'sa'" });
    const unset = new Unknown("parameter 'u' has no value");
    const parameters = { state, otherState, key, unset };
    expect(run("[replace(parameters('state'), 'a', parameters('key'))]", { parameters })).toBe(key);
    expect(run("[replace(parameters('state'), 'a', parameters('unset'))]", { parameters })).toBe(unset);
    // replace() may write in text of its own (a password); if() gives a branch, not its condition.
    for (const expression of ["[replace(parameters('state'), 'a', parameters('otherState'))]", "[if(equals(parameters('state'), ''), 'a', 'b')]"]) {
      const value = run(expression, { parameters }) as Unknown;
      expect([value.reason, value.stateOf]).toEqual([state.reason, undefined]);
    }
    expect(run("[toLower(parameters('state'))]", { parameters })).toBe(state);
    expect(run("[base64(substring(parameters('state'), 1))]", { parameters })).toBe(state);
    // Text only taken out: what is left is the state's.
    expect(run("[replace(split(parameters('state'), '.')[1], '/', '')]", { parameters })).toBe(state);
  });

  it('keeps the known text of concat(), format() and base64() around parts not known', () => {
    const p = new Unknown("parameter 'p' has no value");
    const q = new Unknown("parameter 'q' has no value");
    const parameters = { p, q, list: [1] };
    const joined = run("[concat('sh run.sh -a ', parameters('p'), ' -b ', 2, ' ', parameters('q'))]", { parameters }) as Unknown;
    expect(joined).toBeInstanceOf(Unknown);
    expect(joined.reason).toBe(p.reason);
    expect(joined.pieces).toEqual(['sh run.sh -a ', p, ' -b 2 ', q]);
    // Nested: the inner pieces take the inner Unknown's place; base64() passes them on.
    const nested = run("[base64(concat('x=', concat(parameters('p'), '-y'), format('{0}|{{{1}}}', parameters('q'), 'z')))]", { parameters }) as Unknown;
    expect(nested.pieces).toEqual(['x=', p, '-y', q, '|{z}']);
    // A format with an alignment or a format string, or an Unknown inside an argument, is the Unknown alone.
    expect(run("[format('{0,5}', parameters('p'))]", { parameters })).toBe(p);
    expect(run("[format('{0}', createArray(parameters('p')))]", { parameters })).toBe(p);
    expect(run("[format(parameters('p'), 'a')]", { parameters })).toBe(p);
    // Unknowns alone (text or arrays) keep every part; one alone is itself; with an array, no text to keep.
    expect((run("[concat(parameters('p'), parameters('q'))]", { parameters }) as Unknown).pieces).toEqual([p, q]);
    expect(run("[concat(parameters('p'))]", { parameters })).toBe(p);
    expect(run("[concat(parameters('list'), parameters('p'))]", { parameters })).toBe(p);
    expect(run("[format('{0}-{1}', 'a', 'b')]")).toBe('a-b');
  });

  it('refuses bad input', () => {
    expect(() => run("[substring('abc', 2, 5)]")).toThrow(ExpressionError);
    expect(() => run("[format('{1}', 'a')]")).toThrow(ExpressionError);
    expect(() => run("[json('{oops')]")).toThrow(ExpressionError);
    expect(() => run("[base64ToString('***')]")).toThrow(ExpressionError);
  });
});
