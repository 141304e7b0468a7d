import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateTemplateString, force } from '../../src/inputs/terraform/evaluate.js';
import { callFunction, Ephemeral, Sensitive } from '../../src/inputs/terraform/functions.js';
import { MAX_YAML_TEXT } from '../../src/inputs/terraform/pure-functions.js';
import { readTerraformModule } from '../../src/inputs/terraform/read.js';
import { isUnknown, Unknown, type Value } from '../../src/model/value.js';

const reason = (value: Value): string => (isUnknown(value) ? value.reason : `not Unknown: ${JSON.stringify(value)}`);

describe('Terraform functions pure given their arguments (read, not left to run time)', () => {
  it('formatdate(), as the documentation examples give it', () => {
    expect(callFunction('formatdate', ['DD MMM YYYY hh:mm ZZZ', '2018-01-02T23:12:01Z'])).toBe('02 Jan 2018 23:12 UTC');
    expect(callFunction('formatdate', ['EEEE, DD-MMM-YY hh:mm:ss ZZZ', '2018-01-02T23:12:01Z'])).toBe('Tuesday, 02-Jan-18 23:12:01 UTC');
    expect(callFunction('formatdate', ['EEE, DD MMM YYYY hh:mm:ss ZZZ', '2018-01-02T23:12:01-08:00'])).toBe('Tue, 02 Jan 2018 23:12:01 -0800');
    expect(callFunction('formatdate', ['MMM DD, YYYY', '2018-01-02T23:12:01Z'])).toBe('Jan 02, 2018');
    expect(callFunction('formatdate', ['HH:mmaa', '2018-01-02T23:12:01Z'])).toBe('11:12pm');
    // Letters in quotes are literal, '' is a quote; Z and ZZZZZ write the offset with a colon.
    expect(callFunction('formatdate', ["YYYY-MM-DD'T'hh:mm:ssZ 'o''clock' ''ZZZZZ''", '2018-01-02T03:04:05+05:30'])).toBe(
      "2018-01-02T03:04:05+05:30 o'clock '+05:30'",
    );
    expect(reason(callFunction('formatdate', ['YYYYY', '2018-01-02T23:12:01Z']))).toBe('formatdate() failed: invalid date format sequence "YYYYY"');
    expect(reason(callFunction('formatdate', ['YYYY', '2018-02-30T00:00:00Z']))).toMatch(/is not a valid RFC 3339 timestamp/);
  });

  it('timeadd() and timecmp(), as the documentation gives them; timestamp() stays run-time', () => {
    expect(callFunction('timeadd', ['2017-11-22T00:00:00Z', '10m'])).toBe('2017-11-22T00:10:00Z');
    expect(callFunction('timeadd', ['2024-08-16T12:45:05Z', '10m'])).toBe('2024-08-16T12:55:05Z');
    expect(callFunction('timeadd', ['2024-08-16T12:45:05Z', '-10m'])).toBe('2024-08-16T12:35:05Z');
    // In the timestamp's own offset, across a year and a leap day; fractions of a unit, and no fraction of a second written (Go's RFC3339).
    expect(callFunction('timeadd', ['2024-12-31T23:30:00+09:00', '1h30m'])).toBe('2025-01-01T01:00:00+09:00');
    expect(callFunction('timeadd', ['2024-02-28T23:30:00.5Z', '1.5h'])).toBe('2024-02-29T01:00:00Z');
    expect(callFunction('timeadd', ['2024-02-28T23:30:00Z', '8760h'])).toBe('2025-02-27T23:30:00Z');
    expect(reason(callFunction('timeadd', ['2024-02-28T23:30:00Z', '10 minutes']))).toMatch(/^timeadd\(\) failed: "10 minutes" is not a duration/);
    expect(callFunction('timecmp', ['2017-11-22T00:00:00Z', '2017-11-22T00:00:00Z'])).toBe(0);
    expect(callFunction('timecmp', ['2017-11-22T01:00:00+01:00', '2017-11-22T00:00:00Z'])).toBe(0);
    expect(callFunction('timecmp', ['2017-11-22T00:00:00Z', '2017-11-22T00:00:01Z'])).toBe(-1);
    expect(reason(callFunction('timestamp', []))).toBe('timestamp() is evaluated by Terraform at run time, not read here');
  });

  it('uuidv5(), as the documentation examples give it', () => {
    expect(callFunction('uuidv5', ['dns', 'www.terraform.io'])).toBe('a5008fae-b28c-5ba5-96cd-82b4c53552d6');
    expect(callFunction('uuidv5', ['url', 'https://www.terraform.io/'])).toBe('9db6f67c-dd95-5ea0-aa5b-e70e5c5f7cf5');
    expect(callFunction('uuidv5', ['oid', '1.3.6.1.4'])).toBe('af9d40a5-7a36-5c07-b23a-851cd99fbfa5');
    expect(callFunction('uuidv5', ['x500', 'CN=Example,C=GB'])).toBe('84e09961-4aa4-57f8-95b7-03edb1073253');
    // "pass its assigned namespace ID directly"
    expect(callFunction('uuidv5', ['6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'www.terraform.io'])).toBe('a5008fae-b28c-5ba5-96cd-82b4c53552d6');
    expect(reason(callFunction('uuidv5', ['example', 'x']))).toMatch(/^uuidv5\(\) failed: .*namespace keyword/);
  });

  it('yamlencode(), as the documentation examples give it', () => {
    expect(callFunction('yamlencode', [{ a: 'b', c: 'd' }])).toBe('"a": "b"\n"c": "d"\n');
    expect(callFunction('yamlencode', [{ foo: [1, 2, 3], bar: 'baz' }])).toBe('"bar": "baz"\n"foo":\n- 1\n- 2\n- 3\n');
    expect(callFunction('yamlencode', [{ foo: [1, { a: 'b', c: 'd' }, 3], bar: 'baz' }])).toBe('"bar": "baz"\n"foo":\n- 1\n- "a": "b"\n  "c": "d"\n- 3\n');
    // "always uses YAML's block style for mappings and sequences, unless the mapping or sequence is empty"
    expect(callFunction('yamlencode', [{ e: {}, l: [], n: null, t: true }])).toBe('"e": {}\n"l": []\n"n": null\n"t": true\n');
    // A value not known inside: not known.
    expect(isUnknown(callFunction('yamlencode', [{ a: new Unknown('x') }]))).toBe(true);
  });

  it('yamldecode(): one document, aliases bounded, a text over the limit refused with why', () => {
    expect(callFunction('yamldecode', ['hello: world\nlist: [1, "two", true, null]\n'])).toEqual({ hello: 'world', list: [1, 'two', true, null] });
    expect(callFunction('yamldecode', ['{a: &x [1, 2], b: *x}'])).toEqual({ a: [1, 2], b: [1, 2] });
    expect(callFunction('yamldecode', [''])).toBe(null);
    expect(reason(callFunction('yamldecode', ['a: 1\n---\nb: 2']))).toMatch(/^yamldecode\(\) of text that is not YAML this reader takes: .*multiple documents/);
    // A "billion laughs" text: its aliases are past the bound.
    const laughs = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++)
      laughs.push(
        `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(',')}]`,
      );
    expect(isUnknown(callFunction('yamldecode', [laughs.join('\n')]))).toBe(true);
    expect(reason(callFunction('yamldecode', ['#'.repeat(MAX_YAML_TEXT + 1)]))).toBe(
      `yamldecode() of text that is not YAML this reader takes: the text is ${MAX_YAML_TEXT + 1} characters, over the ${MAX_YAML_TEXT}-character limit`,
    );
    // A round trip, as a configuration writes custom data.
    const value = { package_update: true, packages: ['nginx'], runcmd: [['systemctl', 'enable', 'nginx']] };
    expect(callFunction('yamldecode', [callFunction('yamlencode', [value])])).toEqual(value);
  });

  it('read in expressions: custom data built with yamlencode(), an expiry with timeadd() and formatdate()', () => {
    const scope = { budget: { steps: 100_000 }, lookup: (name: string) => (name === 'local' ? { start: '2025-03-31T22:00:00Z' } : undefined) };
    const cloudInit = force(evaluateTemplateString('${base64encode("#cloud-config\\n${yamlencode({ packages = ["nginx"] })}")}', scope));
    expect(Buffer.from(cloudInit as string, 'base64').toString()).toBe('#cloud-config\n"packages":\n- "nginx"\n');
    expect(force(evaluateTemplateString('${formatdate("YYYY-MM-DD", timeadd(local.start, "720h"))}', scope))).toBe('2025-04-30');
  });

  it('issensitive() and ephemeralasnull(): of what the reader knows to be sensitive or ephemeral', () => {
    const secret = new Sensitive("sensitive variable 'password' (value withheld)", { credential: "sensitive variable 'password'" });
    const token = new Ephemeral("ephemeral variable 'token' (Terraform keeps it out of plan and state)", 'abc');
    expect(callFunction('issensitive', [secret])).toBe(true);
    expect(callFunction('issensitive', ['hello'])).toBe(false);
    expect(isUnknown(callFunction('issensitive', [new Unknown('x')]))).toBe(true);
    // nonsensitive() takes the mark off: not sensitive, though still not known here.
    const unmarked = callFunction('issensitive', [callFunction('nonsensitive', [secret])]);
    expect(isUnknown(unmarked) && !(unmarked instanceof Sensitive)).toBe(true);
    expect(callFunction('ephemeralasnull', [token])).toBe(null);
    expect(callFunction('ephemeralasnull', [{ env: 'development', session_token: token }])).toEqual({ env: 'development', session_token: null });
    expect(callFunction('ephemeralasnull', ['plain'])).toBe('plain');
    const scope = { budget: { steps: 1000 }, lookup: () => undefined };
    expect(force(evaluateTemplateString('${issensitive(sensitive("secret"))}', scope))).toBe(true);
  });

  it('issensitive() and ephemeralasnull() of variables, as the documentation examples declare them', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-tf-pure-'));
    await writeFile(
      path.join(dir, 'main.tf'),
      `
variable "password" {
  type      = string
  default   = "p4ss"
  sensitive = true
}
variable "session_token" {
  type      = string
  default   = "test"
  ephemeral = true
}
variable "configuration" {
  type    = map(string)
  default = { "env" = "development" }
}
locals {
  configuration_with_token = merge(var.configuration, { "session_token" = var.session_token })
}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  location            = "westeurope"
  resource_group_name = "rg"
  tags = {
    password_sensitive = tostring(issensitive(var.password))
    name_sensitive     = tostring(issensitive("nsg"))
    configuration      = jsonencode(ephemeralasnull(local.configuration_with_token))
    token              = tostring(ephemeralasnull(var.session_token))
  }
}
`,
    );
    const read = await readTerraformModule(dir);
    expect(read.resources.find((resource) => resource.name === 'nsg')?.body['tags']).toEqual({
      password_sensitive: 'true',
      name_sensitive: 'false',
      configuration: '{"env":"development","session_token":null}',
      token: null,
    });
  });
});
