import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, open, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { get, type Resource } from '../../src/model/resource.js';
import { isObject, isUnknown, MAX_TEXT_PIECES, type Unknown, type Value } from '../../src/model/value.js';
import { armTemplate } from '../support/arm-snippets.js';
import { snapshotOf } from '../support/snapshot-snippets.js';
import { cli, ROOT } from '../support/cli.js';

/**
 * Files written by anyone: each hostile input ends in a clear diagnostic naming the file (and the
 * place, where there is one), within bounded time and memory, and the other inputs are still read.
 */
const SCHEMA = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
const GOOD = readFileSync(path.join(ROOT, 'examples/legacy/reporting-vm.json'), 'utf8');

async function folderWith(files: Record<string, string | Buffer>): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-hostile-'));
  await writeFile(path.join(folder, 'good.json'), GOOD);
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(folder, name), content);
  return folder;
}

async function load(folder: string) {
  const result = await loadInputs({ paths: [folder], cwd: folder });
  const good = result.inputs.find((input) => input.path === 'good.json');
  expect(good?.status, 'the good template next to the hostile one is still read').toBe('ok');
  expect(result.resources.some((r) => r.name === 'report01')).toBe(true);
  return result;
}

describe('hostile inputs', () => {
  it('truncated JSON at every tenth of a real template: an error with line and column, never a throw', async () => {
    const files: Record<string, string> = {};
    for (let tenth = 1; tenth < 10; tenth++) files[`cut-${tenth}.json`] = GOOD.slice(0, Math.floor((GOOD.length * tenth) / 10));
    const { inputs } = await load(await folderWith(files));
    for (let tenth = 1; tenth < 10; tenth++) {
      const input = inputs.find((i) => i.path === `cut-${tenth}.json`);
      expect(input?.status, `cut-${tenth}.json`).toBe('error');
      expect(input?.diagnostics[0]).toMatchObject({
        severity: 'error',
        message: expect.stringMatching(/^Invalid JSON: /),
        line: expect.any(Number),
        column: expect.any(Number),
      });
    }
  });

  it('malformed JSON names the place', async () => {
    const { inputs } = await load(await folderWith({ 'bad.json': `{\n  "$schema": "${SCHEMA}",\n  "resources": [ { "type": 'single' } ]\n}` }));
    expect(inputs.find((i) => i.path === 'bad.json')?.diagnostics[0]).toMatchObject({ line: 3, column: 28 });
  });

  it('invalid UTF-8 becomes replacement characters; UTF-16 with a byte-order mark is read', async () => {
    const template = JSON.stringify(armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip-é', properties: {} }]));
    const broken = Buffer.from(template.replace('pip-é', 'pip-\u0000X'), 'utf8');
    broken[broken.indexOf(0)] = 0xff;
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(template.replace('pip-é', 'pip-le'), 'utf16le')]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(template.replace('pip-é', 'pip-be'), 'utf16le').swap16()]);
    const { resources } = await load(await folderWith({ 'latin.json': broken, 'le.json': utf16le, 'be.json': utf16be }));
    expect(resources.map((r) => r.name).sort()).toEqual(
      ['pip-be', 'pip-le', 'pip-\ufffdX', 'report01', 'report01-nic', 'report01-pip', 'contosoreportvhds', 'contoso-reports-fd'].sort(),
    );
  });

  it('a 100 MB file is refused by its size, without being read', async () => {
    const folder = await folderWith({});
    const handle = await open(path.join(folder, 'huge.json'), 'w');
    await handle.write(`{"$schema": "${SCHEMA}", "resources": [`);
    await handle.truncate(100 * 1024 * 1024);
    await handle.close();
    const { inputs } = await loadInputs({ paths: [folder, path.join(folder, 'huge.json')], cwd: folder });
    expect(inputs.find((i) => i.path === 'huge.json')?.diagnostics[0]?.message).toMatch(/104857600 bytes, over the 67108864-byte limit/);
  });

  it('JSON nested 100,000 deep', async () => {
    const { inputs } = await load(await folderWith({ 'deep.json': `{"$schema": "${SCHEMA}", "resources": ${'['.repeat(100_000)}${']'.repeat(100_000)}}` }));
    expect(inputs.find((i) => i.path === 'deep.json')?.diagnostics[0]).toMatchObject({
      severity: 'error',
      message: expect.stringMatching(/Nesting deeper than 256 levels/),
      line: 1,
      column: SCHEMA.length + 29 + 256,
    });
  });

  it('__proto__ and constructor keys stay data', async () => {
    const text = `{"$schema": "${SCHEMA}", "__proto__": {"polluted": 1}, "parameters": {"constructor": {"type": "string", "defaultValue": "x"}}, "resources": [{"type": "Microsoft.Network/publicIPAddresses", "name": "[parameters('constructor')]", "__proto__": {"polluted": 2}, "properties": {"constructor": {"prototype": 3}}}]}`;
    const { resources } = await load(await folderWith({ 'proto.json': text }));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(resources.find((r) => r.input === 'proto.json')?.name).toBe('x');
  });

  it('__proto__ keys made by expressions stay keys, and the scan goes on', async () => {
    // Before: groupBy() on such a key ended the whole scan with a TypeError; createObject() and json() lost the key.
    const make = {
      grouped: "[groupBy(createArray('__proto__'), lambda('x', lambdaVariables('x')))]",
      created: "[createObject('__proto__', createObject('polluted', 1))]",
      parsed: '[json(\'{"__proto__": {"polluted": 2}}\')]',
      keyed: "[toObject(createArray('__proto__'), lambda('x', lambdaVariables('x')))]",
      merged: "[union(createObject('a', 1), json('{\"__proto__\": 3}'))]",
    };
    const template = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', properties: make }]);
    const { inputs, resources } = await load(await folderWith({ 'keys.json': JSON.stringify(template) }));
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(inputs.map((input) => [input.path, input.status])).toEqual([
      ['good.json', 'ok'],
      ['keys.json', 'ok'],
    ]);
    const properties = resources.find((r) => r.name === 'pip')?.body['properties'] as Record<string, unknown>;
    expect(JSON.parse(JSON.stringify(properties))).toEqual(
      JSON.parse(
        '{"grouped":{"__proto__":["__proto__"]},"created":{"__proto__":{"polluted":1}},"parsed":{"__proto__":{"polluted":2}},"keyed":{"__proto__":"__proto__"},"merged":{"a":1,"__proto__":3}}',
      ),
    );
    for (const value of Object.values(properties)) expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
  });

  it('reference() and URL links: a chain of 800 forward references, one to itself, outputs read 800 deep, 800 links to a URL 100,000 segments deep', async () => {
    const pip = (name: string, properties: object): object => ({ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2024-05-01', name, properties });
    // Each refers to the next, declared after it: more passes than allowed would be needed.
    const chain = Array.from({ length: 800 }, (_, i) => pip(`p${i}`, { next: `[reference('p${i + 1}').next]` }));
    // Each deployment's output reads the one declared before it: outputs evaluated 800 deep.
    const outputs = Array.from({ length: 800 }, (_, i) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `d${i}`,
      properties: {
        mode: 'Incremental',
        template: armTemplate([], { outputs: { x: { type: 'string', value: i === 0 ? 'end' : `[reference('d${i - 1}').outputs.x.value]` } } }),
      },
    }));
    const deep = `https://example.com/${'a/'.repeat(100_000)}nested/vnet.json`;
    const links = {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: "[concat('link', copyIndex())]",
      copy: { name: 'links', count: 800 },
      properties: { mode: 'Incremental', templateLink: { uri: deep } },
    };
    const { inputs, resources } = await load(
      await folderWith({
        'chain.json': JSON.stringify(armTemplate([...chain, pip('self', { me: "[reference('self').me]" })])),
        'links.json': JSON.stringify(armTemplate([links])),
        'outputs.json': JSON.stringify(armTemplate([...outputs, pip('last', { x: "[reference('d799').outputs.x.value]" })])),
      }),
    );
    expect(resources.filter((r) => r.input === 'chain.json')).toHaveLength(801);
    expect(isUnknown((resources.find((r) => r.name === 'self')?.body['properties'] as Record<string, Value>)['me'])).toBe(true);
    expect(inputs.find((input) => input.path === 'links.json')?.diagnostics[0]?.message).toMatch(/URLs are not fetched in an offline scan/);
    expect(inputs.find((input) => input.path === 'outputs.json')?.status).toBe('ok');
    const last = (resources.find((r) => r.name === 'last')?.body['properties'] as Record<string, Value>)['x'];
    expect(isUnknown(last) && last.reason).toBe('the outputs of deployments refer to one another too deeply to evaluate');
  }, 60_000);

  it('expression bombs end in a diagnostic: nested copy loops, huge range(), recursive functions, deep concat, shared parts, chained variables', async () => {
    const nestedCopies = armTemplate([
      {
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: "[concat('d', copyIndex())]",
        copy: { name: 'outer', count: 800 },
        properties: {
          mode: 'Incremental',
          template: armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: "[concat('p', copyIndex())]", copy: { name: 'inner', count: 800 } }]),
        },
      },
    ]);
    const range = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: '[string(length(range(0, 100000000)))]' }]);
    const recursive = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: "[x.f('a')]" }], {
      functions: [
        {
          namespace: 'x',
          members: { f: { parameters: [{ name: 's', type: 'string' }], output: { type: 'string', value: "[x.f(concat(parameters('s'), parameters('s')))]" } } },
        },
      ],
    });
    const concat = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: `[${'concat('.repeat(5000)}'a'${')'.repeat(5000)}]` }]);
    // Ten levels of ten copies of the level below: ten billion numbers from a hundred steps (before: a scan that did not end).
    const shared: Record<string, string> = { w0: '[createArray(1, 2, 3, 4, 5, 6, 7, 8, 9, 10)]' };
    for (let i = 1; i <= 10; i++) shared[`w${i}`] = `[createArray(${Array.from({ length: 10 }, () => `variables('w${i - 1}')`).join(', ')})]`;
    const tree = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', tags: { all: "[string(variables('w10'))]" } }], {
      variables: shared,
    });
    // 800 resources, each with a part of it: together more than anything reads in reasonable time.
    const bodies = armTemplate(
      [
        {
          type: 'Microsoft.Network/publicIPAddresses',
          name: "[concat('pip', copyIndex())]",
          copy: { name: 'many', count: 800 },
          tags: { part: "[variables('w4')]" },
        },
      ],
      {
        variables: Object.fromEntries(Object.entries(shared).slice(0, 5)),
      },
    );
    // 20,000 variables, each an object holding the one before (before: "Maximum call stack size exceeded", the whole scan ended).
    const chained: Record<string, unknown> = { v0: 1 };
    for (let i = 1; i <= 20_000; i++) chained[`v${i}`] = { x: `[variables('v${i - 1}')]` };
    const chain = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', tags: { deep: "[variables('v20000')]" } }], { variables: chained });
    // Functions whose work grew faster than the steps charged for it, or past what a string holds.
    const hundredThousand = `concat(${Array.from({ length: 10 }, (_, i) => `range(${i * 10_000}, 10000)`).join(', ')})`;
    const tags = (name: string, expression: string): object =>
      armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name, tags: { x: expression } }], { variables: { big: `[${hundredThousand}]` } });
    // Before: "azvmsec: Invalid string length", exit 2, every input lost.
    const replaced = tags('replaced', "[length(replace(padLeft('', 1000000, 'a'), 'a', padLeft('', 1000, 'b')))]");
    // Before: more than a minute (each union() looked up every key by a scan of the keys).
    const merged = tags(
      'merged',
      "[length(reduce(variables('big'), createObject(), lambda('acc', 'i', union(lambdaVariables('acc'), createObject(string(lambdaVariables('i')), 1)))))]",
    );
    const { inputs } = await load(
      await folderWith({
        'replaced.json': JSON.stringify(replaced),
        'merged.json': JSON.stringify(merged),
        'copies.json': JSON.stringify(nestedCopies),
        'range.json': JSON.stringify(range),
        'recursive.json': JSON.stringify(recursive),
        'concat.json': JSON.stringify(concat),
        'tree.json': JSON.stringify(tree),
        'chain.json': JSON.stringify(chain),
        'bodies.json': JSON.stringify(bodies),
      }),
    );
    const message = (name: string): string =>
      inputs
        .find((i) => i.path === name)
        ?.diagnostics.map((d) => d.message)
        .join('\n') ?? '';
    expect(message('copies.json')).toMatch(/more than 50000 resources/);
    expect(message('range.json')).toMatch(/exceeds the limit/);
    expect(message('recursive.json')).toMatch(/depth|limit/i);
    expect(message('concat.json')).toMatch(/nest|deep|limit/i);
    expect(message('tree.json')).toMatch(/^A value of more than 1000000 items \(shared parts counted where they appear\) exceeds the limit in \[createArray/);
    expect(message('replaced.json')).toMatch(/^replace\(\) makes a value longer than can be held in \[length\(replace/);
    expect(message('merged.json')).toMatch(/^Expression evaluation ran out of its step budget in \[length\(reduce/);
    expect(message('bodies.json')).toMatch(
      /^The resources of the template hold more values than its budget of steps \(at Microsoft\.Network\/publicIPAddresses 'pip\d+'\): evaluation stopped$/,
    );
    expect(message('chain.json')).toBe("The template's variables or values refer to each other too deeply to evaluate: evaluation stopped");
    // Each names the place: the expression's line and column, and a readable excerpt of it.
    for (const name of ['range.json', 'recursive.json', 'concat.json', 'tree.json']) {
      const diagnostic = inputs.find((i) => i.path === name)?.diagnostics[0];
      expect(diagnostic, name).toMatchObject({ line: expect.any(Number), column: expect.any(Number) });
      expect(diagnostic?.message.length, name).toBeLessThan(600);
    }
  });

  it('one resource redeployed by 800 and by 3,000 deployments, each waiting for the one before: the last read, or past the steps a template gets, the first with a warning', async () => {
    const chain = (count: number): object => ({
      $schema: SCHEMA,
      resources: Array.from({ length: count }, (_, i) => ({
        type: 'Microsoft.Resources/deployments',
        apiVersion: '2022-09-01',
        name: `d${i}`,
        ...(i > 0 ? { dependsOn: [`d${i - 1}`] } : {}),
        properties: {
          mode: 'Incremental',
          template: { resources: [{ type: 'Microsoft.Network/virtualNetworks', apiVersion: '2024-05-01', name: 'v', properties: { i } }] },
        },
      })),
    });
    const loaded = await load(await folderWith({ 'short.json': JSON.stringify(chain(800)), 'long.json': JSON.stringify(chain(3000)) }));
    const vnets = (file: string): unknown[] =>
      loaded.resources.filter((r) => r.input === file && r.type === 'Microsoft.Network/virtualNetworks').map((r) => (r.body['properties'] as { i: unknown }).i);
    expect(vnets('short.json')).toEqual([799]);
    expect(vnets('long.json')).toHaveLength(3000);
    const long = loaded.inputs.find((input) => input.path === 'long.json');
    expect(long?.diagnostics.map((d) => d.message)).toContain(
      "The template's dependsOn chains are too long to follow: a resource deployed more than once is read as its declarations agree, unknown where they differ",
    );
  });

  it('text joined from itself around a value not known, 60 times over (2^60 pieces): an Unknown of a bounded number of pieces, at once', async () => {
    const variables: Record<string, string> = { t0: "[concat('echo ', parameters('p'))]", f0: "[format('{0}', parameters('p'))]" };
    for (let i = 1; i <= 60; i++) {
      variables[`t${i}`] = `[concat(variables('t${i - 1}'), '', variables('t${i - 1}'))]`;
      variables[`f${i}`] = `[format('{0}{1}', variables('f${i - 1}'), variables('f${i - 1}'))]`;
    }
    const template = armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', tags: { t: "[variables('t60')]", f: "[variables('f60')]" } }], {
      parameters: { p: { type: 'string' } },
      variables,
    });
    const { inputs, resources } = await load(await folderWith({ 'doubling.json': JSON.stringify(template) }));
    expect(inputs[0]?.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    for (const key of ['t', 'f']) {
      const value = get(resources[0] as Resource, 'tags', key) as Unknown;
      expect(value.reason).toBe("parameter 'p' has no value");
      expect(value.pieces?.length ?? 0).toBeLessThanOrEqual(MAX_TEXT_PIECES);
    }
  }, 60_000);

  // Linked templates that point outside the scan root or to URLs end in a diagnostic naming the
  // linking template: test/unit/arm-expand.test.ts, 'refuses linked templates outside the scan root and URLs'.

  it('unreadable files and folders: "permission denied", naming each, and the rest is read', async () => {
    const folder = await folderWith({ 'locked.json': `{"$schema": "${SCHEMA}", "resources": []}` });
    await mkdir(path.join(folder, 'locked-folder'));
    await writeFile(path.join(folder, 'locked-folder', 'inside.json'), '{}');
    await chmod(folder, 0o755);
    await chmod(path.join(folder, 'locked.json'), 0o000);
    await chmod(path.join(folder, 'locked-folder'), 0o000);
    let inputs: readonly { path: string; status: string; diagnostics: readonly { message: string }[] }[];
    if (process.getuid?.() === 0) {
      // Root reads through any mode bits, so chmod alone proves nothing: the scan runs in a child
      // process with the uid and gid of `nobody` (setpriv, util-linux), where the kernel refuses.
      const script = [
        `const { loadInputs } = await import(${JSON.stringify(path.join(ROOT, 'src/inputs/files/load.ts'))});`,
        `const result = await loadInputs({ paths: [${JSON.stringify(folder)}], cwd: ${JSON.stringify(folder)} });`,
        'console.log(JSON.stringify(result.inputs));',
      ].join('\n');
      const output = execFileSync(
        'setpriv',
        ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '--import', 'tsx', '--input-type=module', '-e', script],
        {
          cwd: ROOT,
          encoding: 'utf8',
        },
      );
      inputs = JSON.parse(output.trim().split('\n').pop() as string) as typeof inputs;
    } else {
      inputs = (await loadInputs({ paths: [folder], cwd: folder })).inputs;
    }
    expect(inputs.find((i) => i.path === 'good.json')?.status).toBe('ok');
    expect(inputs.find((i) => i.path === 'locked.json')).toMatchObject({
      status: 'error',
      diagnostics: [{ message: expect.stringMatching(/permission denied/) }],
    });
    expect(inputs.find((i) => i.path === 'locked-folder')).toMatchObject({
      status: 'error',
      diagnostics: [{ message: expect.stringMatching(/permission denied/) }],
    });
  });

  it('symbolic link loops, broken links and named pipes', async () => {
    const folder = await folderWith({});
    await mkdir(path.join(folder, 'sub'));
    await symlink(folder, path.join(folder, 'sub', 'loop'));
    await symlink(path.join(folder, 'missing.json'), path.join(folder, 'broken.json'));
    execFileSync('mkfifo', [path.join(folder, 'pipe.json')]);
    const { inputs } = await load(folder);
    const messages = inputs.map((i) => `${i.path}: ${i.diagnostics.map((d) => d.message).join('; ')}`);
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(/^broken\.json: broken link/), expect.stringMatching(/^pipe\.json: not a regular file/)]),
    );
  });

  it('Terraform nested thousands deep, one that overflows the HCL parser, one too large, one of long heredocs: each named, the rest of the module read', async () => {
    const folder = await folderWith({});
    const module = path.join(folder, 'tf');
    await mkdir(module);
    // Each of these, before: a Go runtime error ("fatal error: malloc deadlock") that ended the scan, or a scan left waiting.
    await writeFile(path.join(module, 'a-blocks.tf'), `resource "azurerm_resource_group" "deep" {\n${'a {\n'.repeat(3000)}${'}\n'.repeat(3000)}}\n`);
    await writeFile(path.join(module, 'b-brackets.tf'), `locals {\n  x = ${'['.repeat(3000)}${']'.repeat(3000)}\n}\n`);
    await writeFile(path.join(module, 'c-bomb.tf'), `locals {\n  y = ${'!'.repeat(100_000)}true\n}\n`);
    await writeFile(path.join(module, 'd-huge.tf'), `locals {\n  z = "${'x'.repeat(5 * 1024 * 1024)}"\n}\n`);
    // 300,000 heredoc lines in 1.2 MB: the parser's time grows with their square (before: 60 s, then "did not finish").
    await writeFile(path.join(module, 'd-heredoc.tf'), `locals {\n  h = <<-EOT\n${'  a\n'.repeat(300_000)}  EOT\n}\n`);
    await writeFile(path.join(module, 'terraform.tfvars.json'), `{"x": ${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    // A plan whose modules call modules 5,000 deep (JSON.parse reads it; walking it overflowed the stack).
    const modules = `${'{"resources":[],"child_modules":['.repeat(100_000)}{"resources":[]}${']}'.repeat(100_000)}`;
    await writeFile(
      path.join(folder, 'plan.json'),
      `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":${modules}},"resource_changes":[]}`,
    );
    await writeFile(
      path.join(module, 'e-main.tf'),
      'resource "azurerm_network_security_group" "web" {\n  name                = "nsg-web"\n  location            = "japaneast"\n  resource_group_name = "rg"\n}\n',
    );
    const { inputs, resources } = await load(folder);
    const diagnostics = inputs.filter((i) => i.kind === 'terraform').flatMap((i) => i.diagnostics);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ message: expect.stringMatching(/a-blocks\.tf: nested deeper than 200 levels$/), line: 201, column: 3 }),
        expect.objectContaining({ message: expect.stringMatching(/b-brackets\.tf: nested deeper than 200 levels$/), line: 2, column: 206 }),
        expect.objectContaining({ message: expect.stringMatching(/c-bomb\.tf: invalid HCL: nested too deeply for the HCL parser/) }),
        expect.objectContaining({ message: expect.stringMatching(/d-huge\.tf: the file is \d+ bytes, over the 4194304-byte limit for a Terraform file/) }),
        expect.objectContaining({ message: expect.stringMatching(/d-heredoc\.tf: more than 10000 lines of heredocs$/), line: 10_003, column: 1 }),
        expect.objectContaining({ message: expect.stringMatching(/terraform\.tfvars\.json: Nesting deeper than 256 levels/), line: 1, column: 262 }),
      ]),
    );
    expect(inputs.find((i) => i.path === 'plan.json')?.diagnostics).toEqual([
      { severity: 'error', message: 'Cannot read the plan: nested too deeply to read' },
    ]);
    expect(resources.some((r) => r.name === 'nsg-web')).toBe(true);
  }, 60_000);

  it('Terraform expansion bombs: a count of a hundred million, counts Terraform refuses, a module calling itself, a million-item range in a nested for', async () => {
    const folder = await folderWith({});
    const module = path.join(folder, 'tf');
    await mkdir(module);
    const group = (name: string, count: string): string =>
      `resource "azurerm_resource_group" "${name}" {\n  count    = ${count}\n  name     = "${name}\${count.index}"\n  location = "japaneast"\n}\n`;
    await writeFile(
      path.join(module, 'main.tf'),
      [
        group('huge', '100000000'),
        group('negative', '-1'),
        group('fraction', '2.5'),
        group('list', '[1, 2]'),
        group('text', '"3"'),
        group('word', '"hunter2-not-a-number"'),
        'locals {\n  a = range(1000000)\n  b = [for x in local.a : [for y in local.a : x + y]]\n}\n',
        'resource "azurerm_resource_group" "each" {\n  for_each = toset([for x in local.b : tostring(length(x))])\n  name     = each.key\n  location = "japaneast"\n}\n',
      ].join(''),
    );
    await mkdir(path.join(folder, 'tf-self'));
    await writeFile(path.join(folder, 'tf-self', 'main.tf'), `module "self" {\n  source = "./"\n}\n${group('mine', '1')}`);
    const { inputs, resources } = await load(folder);
    const input = inputs.find((i) => i.path === 'tf');
    // Before: the hundred million became 1,000 instances without a word, and each count Terraform refuses became none.
    expect(input?.diagnostics.map((d) => d.message.replace(/^.*main\.tf: /, ''))).toEqual(
      expect.arrayContaining([
        'azurerm_resource_group.huge: count is 100000000; the first 1000 instances are read',
        'azurerm_resource_group.negative: count -1 is not a whole number of at least 0; one instance is read',
        'azurerm_resource_group.fraction: count 2.5 is not a whole number of at least 0; one instance is read',
        'azurerm_resource_group.list: count (a list) is not a whole number of at least 0; one instance is read',
        // A string is not printed: it may come from a secret.
        'azurerm_resource_group.word: count (a string) is not a whole number of at least 0; one instance is read',
        'azurerm_resource_group.each: for_each is not known (range() too long); one instance is read',
      ]),
    );
    const self = inputs.find((i) => i.path === 'tf-self');
    expect(self?.diagnostics).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^module\.self(\.module\.self){12}: modules nested deeper than 12: not read$/) }),
    ]);
    const groups = (prefix: string): number =>
      resources.filter((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.name.startsWith(`azurerm_resource_group.${prefix}[`)).length;
    expect([groups('huge'), groups('negative'), groups('fraction'), groups('list'), groups('text')]).toEqual([1000, 1, 1, 1, 3]);
  }, 60_000);

  it('Terraform value bombs: ten billion numbers from shared parts, a billion combinations, a string of 10^9 characters, sets of a million', async () => {
    const folder = await folderWith({});
    await mkdir(path.join(folder, 'tf'));
    const levels = 'abcdefghij'.split('');
    await writeFile(
      path.join(folder, 'tf', 'main.tf'),
      [
        'locals {',
        '  a0 = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]',
        // a1 = [for x in local.a0 : local.a0] … a9: ten to the tenth numbers, a hundred steps.
        ...levels.slice(1).map((_, i) => `  a${i + 1} = [for x in local.a${i} : local.a${i}]`),
        `  s0 = "${'x'.repeat(100)}"`,
        ...levels.slice(1, 8).map((_, i) => `  s${i + 1} = "${`\${local.s${i}}`.repeat(10)}"`),
        '  r  = range(1000)',
        '  p  = setproduct(local.r, local.r, local.r)',
        '  m  = flatten([for i in local.r : [for j in local.r : "${i}-${j}"]])',
        '  d  = setsubtract(local.m, local.m)',
        '  g  = { for i in range(1000) : "one" => i... }',
        '}',
        'resource "azurerm_resource_group" "bombs" {',
        '  name     = "rg-bombs"',
        '  location = "japaneast"',
        '  tags = {',
        '    tree    = local.a9',
        '    text    = local.s7',
        '    product = length(local.p)',
        '    subtract = length(local.d)',
        '    grouped = length(local.g["one"])',
        '  }',
        '}',
        '',
      ].join('\n'),
    );
    // Before: the process ran out of memory (setproduct), or the scan did not end (the tree, setsubtract).
    const { resources } = await load(folder);
    const group = resources.find((r) => r.type === 'Microsoft.Resources/resourceGroups' && r.body['location'] === 'japaneast' && isObject(r.body['tags']));
    const tags = group?.body['tags'] as Record<string, Value>;
    const reason = (value: Value | undefined): string => (isUnknown(value) ? value.reason : `not unknown: ${JSON.stringify(value)}`);
    expect(reason(tags['tree'])).toMatch(/^a for expression is too large to read \(over 1000000 values/);
    expect(reason(tags['text'])).toMatch(/^a template is too large to read/);
    expect(reason(tags['product'])).toBe('setproduct() would make 1000000000 combinations, too many to read');
    expect(reason(tags['subtract'])).toMatch(/is too large to read/);
    expect(tags['grouped']).toBe(1000);
  }, 60_000);

  it('lists longer than a call takes as arguments (the main thread holds about 120,000, a test worker about 400,000): 600,000 source prefixes in one rule, a comment of 600,000 lines', async () => {
    const SUB = '00000000-0000-4000-8000-000000000001';
    const base = `/subscriptions/${SUB}/resourceGroups/rg/providers`;
    const nsg = `${base}/Microsoft.Network/networkSecurityGroups/nsg-wide`;
    const subnet = `${base}/Microsoft.Network/virtualNetworks/vnet/subnets/app`;
    const row = (type: string, name: string, properties: object): object => ({
      id: `${base}/${type}/${name}`,
      type: type.toLowerCase(),
      subscriptionId: SUB,
      location: 'japaneast',
      properties,
    });
    const sourceAddressPrefixes = Array.from({ length: 600_000 }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
    const rule = {
      priority: 100,
      direction: 'Inbound',
      access: 'Allow',
      protocol: 'Tcp',
      sourceAddressPrefixes,
      destinationAddressPrefix: '*',
      sourcePortRange: '*',
      destinationPortRange: '22',
    };
    const rows = [
      row('Microsoft.Network/networkSecurityGroups', 'nsg-wide', { securityRules: [{ name: 'ssh-from-many', properties: rule }] }),
      row('Microsoft.Network/virtualNetworks', 'vnet', {
        addressSpace: { addressPrefixes: ['10.0.0.0/8'] },
        subnets: [{ id: subnet, name: 'app', properties: { addressPrefix: '10.0.0.0/16', networkSecurityGroup: { id: nsg } } }],
      }),
      row('Microsoft.Network/networkInterfaces', 'nic-wide', {
        ipConfigurations: [{ name: 'ip', properties: { privateIPAddress: '10.0.0.4', subnet: { id: subnet } } }],
      }),
      row('Microsoft.Compute/virtualMachines', 'vm-wide', {
        networkProfile: { networkInterfaces: [{ id: `${base}/Microsoft.Network/networkInterfaces/nic-wide` }] },
        storageProfile: { osDisk: { osType: 'Linux' } },
      }),
    ];
    const folder = await folderWith({ 'wide.json': JSON.stringify(rows) });
    await mkdir(path.join(folder, 'tf'));
    await writeFile(
      path.join(folder, 'tf', 'main.tf'),
      `/*\n${'*\n'.repeat(600_000)}*/\nresource "azurerm_resource_group" "r" {\n  name     = "rg-after-comment"\n  location = "japaneast"\n}\n`,
    );
    // Before: "azvmsec: Maximum call stack size exceeded", exit 2, no report.
    const { code, stdout } = await cli(['scan', folder, '--format', 'json', '--fail-on', 'none']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { inputs: { path: string; status: string }[]; evaluations: { status: string; resource: { name: string } }[] };
    expect(report.inputs.map((i) => [path.basename(i.path), i.status]).sort()).toEqual([
      ['good.json', 'ok'],
      ['tf', 'ok'],
      ['wide.json', 'ok'],
    ]);
    const wide = report.evaluations.filter((e) => e.resource.name === 'vm-wide');
    expect(wide.length).toBeGreaterThan(10);
    expect(wide.filter((e) => e.status === 'error')).toEqual([]);
  }, 60_000);

  it('a .gitignore and an exclude pattern that take years as regular expressions, over folders sixty deep', async () => {
    const folder = await folderWith({ '.gitignore': `${'**/a/'.repeat(12)}**/never.json\n` });
    const deep = path.join(folder, ...Array.from({ length: 60 }, () => 'a'));
    await mkdir(deep, { recursive: true });
    await writeFile(path.join(deep, 'deep.json'), GOOD.replaceAll('report01', 'deep01'));
    // Before: the ignore package's regular expression for these took 18 s per path at six `**`; at twelve, years.
    const result = await loadInputs({ paths: [folder], cwd: folder, exclude: [`${'a/**/'.repeat(12)}skip.json`] });
    expect(result.resources.some((r) => r.name === 'deep01')).toBe(true);
    expect(result.resources.some((r) => r.name === 'report01')).toBe(true);
  }, 60_000);

  it('snapshots whose NSG rule, NIC, VM settings and Conditional Access policy nest 50,000 deep: nothing crashes; the rule that reads the settings says unknown', async () => {
    const SUB = '00000000-0000-4000-8000-000000000001';
    const vm = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-deep`;
    const deep = `${'{"a":'.repeat(50_000)}"password=hunter2"${'}'.repeat(50_000)}`;
    const list = `${'['.repeat(50_000)}"10.0.0.0/8"${']'.repeat(50_000)}`;
    const group = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Network`;
    const rows = [
      // Before: String() and JSON.stringify() of these overflowed the call stack in the exposure analysis: no report at all.
      `{"id":"${group}/networkSecurityGroups/nsg-deep","type":"microsoft.network/networksecuritygroups","subscriptionId":"${SUB}","properties":{"securityRules":[{"name":"r","properties":{"priority":100,"direction":"Inbound","access":"Allow","protocol":"Tcp","sourceAddressPrefixes":[${list}],"sourcePortRange":"*","destinationAddressPrefix":"*","destinationPortRange":"22"}}]}}`,
      `{"id":"${group}/networkInterfaces/nic-deep","type":"microsoft.network/networkinterfaces","subscriptionId":"${SUB}","properties":{"networkSecurityGroup":{"id":"${group}/networkSecurityGroups/nsg-deep"},"ipConfigurations":[{"name":"ip","properties":{"privateIPAddress":"10.0.0.4","privateIPAddressVersion":${list}}}]}}`,
      `{"id":"${vm}","type":"microsoft.compute/virtualmachines","subscriptionId":"${SUB}","properties":{"networkProfile":{"networkInterfaces":[{"id":"${group}/networkInterfaces/nic-deep"}]},"osProfile":{"customData":${deep}},"storageProfile":{"osDisk":{"osType":"Linux"}}}}`,
      `{"id":"${vm}/extensions/run","type":"microsoft.compute/virtualmachines/extensions","subscriptionId":"${SUB}","properties":{"settings":${deep}}}`,
    ];
    // And a Conditional Access policy nested as deep (Microsoft Graph data in an azvmsec snapshot).
    const policy = `{"id":"p1","displayName":"deep","state":"enabled","conditions":${deep},"grantControls":{"operator":"OR","builtInControls":["mfa"]}}`;
    const snapshot = JSON.stringify(snapshotOf({ entra: { conditionalAccessPolicies: [] } })).replace(
      '"conditionalAccessPolicies":[]',
      `"conditionalAccessPolicies":[${policy}]`,
    );
    const folder = await folderWith({ 'deep-export.json': `[${rows.join(',\n')}]`, 'deep-snapshot.json': snapshot });
    // Before: AZV-VM-015 overflowed the stack walking the settings: an error evaluation, exit 2.
    const { code, stdout } = await cli(['scan', folder, '--format', 'json', '--fail-on', 'none']);
    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { evaluations: { ruleId: string; status: string; reason?: string; resource: { name: string } }[] };
    expect(report.evaluations.filter((e) => e.status === 'error')).toEqual([]);
    const credentials = report.evaluations.find((e) => e.ruleId === 'AZV-VM-015' && e.resource.name === 'vm-deep');
    expect(credentials).toMatchObject({ status: 'unknown', reason: expect.stringMatching(/^osProfile\.customData(\.a)+ is nested deeper than 64 levels/) });
    expect(stdout).not.toContain('hunter2');
  }, 60_000);

  it('a snapshot of 150,000 resources: more than a function call takes as arguments', async () => {
    const rows = Array.from(
      { length: 150_000 },
      (_, i) =>
        `{"id":"/subscriptions/00000000-0000-4000-8000-000000000001/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/pip-${i}","type":"microsoft.network/publicipaddresses","subscriptionId":"00000000-0000-4000-8000-000000000001","properties":{}}`,
    );
    const { inputs, resources } = await load(await folderWith({ 'big-export.json': `[${rows.join(',\n')}]` }));
    expect(inputs.find((i) => i.path === 'big-export.json')).toMatchObject({ kind: 'snapshot', status: 'ok', resources: 150_000 });
    expect(resources.filter((r) => r.input === 'big-export.json')).toHaveLength(150_000);
  }, 60_000);

  it('a folder of 100,000 files', async () => {
    const folder = await folderWith({});
    const many = path.join(folder, 'many');
    await mkdir(many);
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(Array.from({ length: 1000 }, (_, i) => writeFile(path.join(many, `f${batch * 1000 + i}.json`), '{}')));
    }
    const { inputs } = await load(folder);
    expect(inputs.filter((i) => i.kind === 'arm-template')).toHaveLength(1);
  }, 120_000);
});
