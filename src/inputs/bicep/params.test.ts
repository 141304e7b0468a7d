import { describe, expect, it } from 'vitest';
import { isUnknown, type Value } from '../../model/value.js';
import { readBicepParams, type ReadBase } from './params.js';

const noBase: ReadBase = () => ({ error: 'no such file' });

function values(text: string, readBase: ReadBase = noBase): Record<string, unknown> {
  const read = readBicepParams(text, 'main.bicepparam', readBase);
  return Object.fromEntries([...read.values].map(([name, value]) => [name, plain(value)]));
}

function plain(value: Value): unknown {
  return JSON.parse(JSON.stringify(value)) as unknown;
}

describe('Bicep parameter files', () => {
  it('reads literals, arrays and objects written one item a line or with commas', () => {
    const text = [
      "using './main.bicep'",
      '',
      "param location = 'japaneast' // a comment",
      '/* a block',
      '   comment */',
      'param count = 3',
      'param negative = -5',
      'param enabled = true',
      'param nothing = null',
      'param zones = [',
      "  '1'",
      "  '2', '3'",
      ']',
      'param tags = {',
      "  env: 'prod'",
      "  'cost-center': 42",
      '  nested: { list: [1, 2] }',
      '}',
      "param escaped = 'it\\'s \\${not} \\u{1F600}\\n'",
      "param multi = '''",
      'line one',
      "  line 'two'''",
    ].join('\n');
    expect(values(text)).toEqual({
      location: 'japaneast',
      count: 3,
      negative: -5,
      enabled: true,
      nothing: null,
      zones: ['1', '2', '3'],
      tags: { env: 'prod', 'cost-center': 42, nested: { list: [1, 2] } },
      escaped: "it's ${not} \u{1F600}\n",
      multi: "line one\n  line 'two",
    });
  });

  it('evaluates expressions as the ARM functions Bicep compiles them to', () => {
    const text = [
      "using 'main.bicep'",
      "var prefix = toLower('CONTOSO')",
      "param name = '${prefix}-vm-${count}'",
      'param count = 2 + 3 * 4',
      "param size = count > 10 ? 'Standard_D4s_v5' : 'Standard_B2s'",
      "param same = 'Web' =~ 'web' && !(1 == 2) && 'a' != 'b' && 'A' !~ 'b'",
      "param fallback = tags.?missing ?? 'none'",
      "param tags = { env: 'prod' }",
      "param kept = filter(['a', 'b', 'c'], x => x != 'b')",
      'param sorted = sys.sort([3, 1, 2], (a, b) => a < b)',
      "param merged = { ...tags, owner: 'ops' }",
      "param joined = [...kept, 'd']",
      'param first = kept[0]',
      'param modulo = 7 % 4 - 10 / 3',
    ].join('\n');
    expect(values(text)).toEqual({
      name: 'contoso-vm-14',
      count: 14,
      size: 'Standard_D4s_v5',
      same: true,
      fallback: 'none',
      tags: { env: 'prod' },
      kept: ['a', 'c'],
      sorted: [1, 2, 3],
      merged: { env: 'prod', owner: 'ops' },
      joined: ['a', 'c', 'd'],
      first: 'a',
      modulo: 0,
    });
  });

  it('gives what only the deployment knows as unknown, with the reason', () => {
    const read = readBicepParams(
      [
        "using './main.bicep'",
        "import { sizes } from './shared.bicep'",
        "param password = getSecret('sub', 'rg', 'kv', 'vm-admin')",
        "param size = readEnvironmentVariable('VM_SIZE', 'Standard_B2s')",
        "param script = loadTextContent('init.sh')",
        'param allowed = sizes',
        'param copy = password',
      ].join('\n'),
      'main.bicepparam',
      noBase,
    );
    const reasons = Object.fromEntries([...read.values].map(([name, value]) => [name, isUnknown(value) ? value.reason : value]));
    expect(reasons).toEqual({
      password: "param password is Key Vault secret 'vm-admin', resolved only at deployment",
      size: "param size is environment variable 'VM_SIZE' of the machine that deploys",
      script: "param script is file 'init.sh' loaded when Bicep builds, not read by azvmsec",
      allowed: "param allowed is 'sizes', imported from ./shared.bicep, which cannot be read (no such file)",
      copy: "param password is Key Vault secret 'vm-admin', resolved only at deployment",
    });
    expect(read.diagnostics).toEqual([
      { severity: 'warning', message: "'sizes', imported from ./shared.bicep, which cannot be read (no such file): the value is unknown", line: 6, column: 17 },
    ]);
    const origin = read.values.get('password');
    expect(isUnknown(origin) && origin.origin).toEqual({ file: 'main.bicepparam', line: 3, column: 1 });
  });

  it('reads the variables and functions it imports from Bicep files, with what they use', () => {
    const files: Record<string, string> = {
      'shared.bicep': [
        "var region = 'japaneast'",
        '@export()',
        "var sizes = ['Standard_D2s_v5', 'Standard_D4s_v5']",
        '@export()',
        'func tagsFor(env string) object => { env: env, region: region }',
      ].join('\n'),
    };
    const readBase: ReadBase = (target) => {
      const text = files[target.replace(/^\.\//, '')];
      return text === undefined ? { error: 'no such file' } : { file: target, text, readBase };
    };
    const text = [
      "using './main.bicep'",
      "import { sizes, tagsFor } from './shared.bicep'",
      "import * as shared from './shared.bicep'",
      'param size = sizes[1]',
      "param tags = tagsFor('prod')",
      'param all = shared.sizes',
      "param viaNamespace = shared.tagsFor('dev')",
    ].join('\n');
    const read = readBicepParams(text, 'main.bicepparam', readBase);
    expect(read.diagnostics).toEqual([]);
    expect(Object.fromEntries(read.values)).toEqual({
      size: 'Standard_D4s_v5',
      tags: { env: 'prod', region: 'japaneast' },
      all: ['Standard_D2s_v5', 'Standard_D4s_v5'],
      viaNamespace: { env: 'dev', region: 'japaneast' },
    });
  });

  it('says which params cannot be evaluated, and where', () => {
    const read = readBicepParams(
      ["using './main.bicep'", 'param a = b', 'param b = a', 'param c = missing', "param d = int('x')", 'param e = 1'].join('\n'),
      'main.bicepparam',
      noBase,
    );
    expect(read.ok).toBe(true);
    expect(read.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([
      '2:1 param a: param b cannot be evaluated; its value is unknown',
      '3:1 param b: param a refers to itself; its value is unknown',
      "4:1 param c: 'missing' is not declared in the parameter file; its value is unknown",
      expect.stringMatching(/^5:1 param d: .*; its value is unknown$/),
    ]);
    expect(read.values.get('e')).toBe(1);
  });

  it('takes the params of the file it extends, and lets its own replace them', () => {
    const files: Record<string, string> = {
      'base.bicepparam': ['using none', "param location = 'japaneast'", "param tags = { env: 'dev', owner: 'platform' }"].join('\n'),
    };
    const readBase: ReadBase = (target) => {
      const text = files[target.replace(/^\.\//, '')];
      return text === undefined ? { error: 'no such file' } : { file: target, text, readBase };
    };
    expect(values(["using './main.bicep'", "extends './base.bicepparam'", "param tags = { ...base.tags, env: 'prod' }"].join('\n'), readBase)).toEqual({
      location: 'japaneast',
      tags: { env: 'prod', owner: 'platform' },
    });
    const missing = readBicepParams(["using './main.bicep'", "extends './other.bicepparam'"].join('\n'), 'main.bicepparam', readBase);
    expect(missing.ok).toBe(false);
    expect(missing.diagnostics).toEqual([
      { severity: 'error', message: 'The base parameter file ./other.bicepparam cannot be read: no such file', line: 2, column: 1 },
    ]);
    files['loop.bicepparam'] = ['using none', "extends './loop.bicepparam'"].join('\n');
    expect(readBicepParams("using none\nextends './loop.bicepparam'", 'main.bicepparam', readBase).ok).toBe(false);
  });

  it('reads past decorators, imports and types, and names the using target', () => {
    const read = readBicepParams(
      [
        "using 'br/public:avm/res/compute/virtual-machine:0.9.0'",
        "import * as shared from './shared.bicep'",
        'type size = {',
        '  name: string',
        '}',
        "@description('the size')",
        "param size = 'B2s'",
      ].join('\n'),
      'main.bicepparam',
      noBase,
    );
    expect(read.using).toBe('br/public:avm/res/compute/virtual-machine:0.9.0');
    expect(Object.fromEntries(read.values)).toEqual({ size: 'B2s' });
    expect(readBicepParams('using none', 'base.bicepparam', noBase).using).toBeNull();
    expect(readBicepParams('param a = 1', 'x.bicepparam', noBase).diagnostics).toEqual([
      { severity: 'warning', message: 'No using statement: the file names no template', line: 1, column: 1 },
    ]);
  });

  it('refuses malformed and hostile files with a place, without a crash', () => {
    const error = (text: string): string => {
      const read = readBicepParams(text, 'x.bicepparam', noBase);
      expect(read.ok).toBe(false);
      const [first] = read.diagnostics;
      return `${first?.line}:${first?.column} ${first?.message}`;
    };
    expect(error("using './main.bicep'\nparam a = 'open")).toBe('2:11 Invalid Bicep parameter file: Unterminated string');
    expect(error("using './main.bicep'\nparam = 1")).toBe('2:7 Invalid Bicep parameter file: Expected a name after param');
    expect(error("using './main.bicep'\nresource x 'y' = {}")).toMatch(/^2:1 Invalid Bicep parameter file: Unexpected 'resource'/);
    expect(error("using './main.bicep'\nparam a = 1 2")).toBe('2:13 Invalid Bicep parameter file: Expected a new line after the statement');
    expect(error(`param deep = ${'('.repeat(100_000)}1${')'.repeat(100_000)}`)).toMatch(/nested deeper than 200/);
    expect(error(`param deep = ${'['.repeat(100_000)}`)).toMatch(/nested deeper than 200/);
    expect(error(`param long = 1${' + 1'.repeat(100_000)}`)).toMatch(/nested deeper than 200/);
    expect(error('param big = 123456789012345678901234567890')).toMatch(/too large/);
    // Keys that are special to JavaScript are keys like any other.
    expect(values("using 'm.bicep'\nparam o = { '__proto__': 1, constructor: 2 }")).toEqual(JSON.parse('{"o":{"__proto__":1,"constructor":2}}'));
  });

  it('stops params that refer to one another too deep, each with a short reason', () => {
    const lines = ["using 'm.bicep'"];
    for (let i = 0; i < 5000; i++) lines.push(`param p${i} = p${i + 1}`);
    lines.push('param p5000 = 1');
    const read = readBicepParams(lines.join('\n'), 'x.bicepparam', noBase);
    expect(read.values.get('p5000')).toBe(1);
    expect(isUnknown(read.values.get('p0'))).toBe(true);
    expect(read.diagnostics.find((d) => d.line === 101)?.message).toBe(
      'param p99: params and vars refer to one another more than 100 deep; its value is unknown',
    );
    expect(read.diagnostics.every((d) => d.message.length < 120)).toBe(true);
  });

  it('stops an expression that would take too long or make too much', () => {
    const read = readBicepParams("using 'm.bicep'\nparam huge = range(0, 1000000)", 'x.bicepparam', noBase);
    expect(isUnknown(read.values.get('huge'))).toBe(true);
    expect(read.diagnostics[0]?.message).toMatch(/^param huge: .*; its value is unknown$/);
  });
});
