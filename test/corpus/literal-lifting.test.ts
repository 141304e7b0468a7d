import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { parseJson, type JsonValue } from '../../src/inputs/json/parse.js';
import { quickstartTemplates } from '../support/corpus.js';
import { terraformProjects } from '../support/terraform-corpus.js';
import { statusesOf } from '../support/verdicts.js';

/**
 * Full evaluation of templates means a value reads the same however it is written: every literal
 * of a resource's properties moved into a variable (ARM, Bicep), a parameter with that default
 * (ARM, Bicep), a local or a variable with that default (Terraform) must give every (rule,
 * resource) the same statuses. Checked so by hand first: 688 templates, 208 Bicep files (6,595
 * values), the azurerm examples; nothing differed, and this keeps it so.
 */
const work = mkdtempSync(path.join(os.tmpdir(), 'azvmsec-lifting-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function statuses(paths: string[], parameterFiles: string[] = []): Promise<{ statuses: Map<string, string>; notes: string[] }> {
  const loaded = await loadInputs({ paths, parameterFiles });
  return { statuses: statusesOf(loaded.resources), notes: loaded.inputs.flatMap((input) => input.diagnostics.map((d) => d.message)) };
}

function differences(before: Map<string, string>, after: Map<string, string>, label: string): string[] {
  const keys = new Set([...before.keys(), ...after.keys()]);
  return [...keys].filter((key) => before.get(key) !== after.get(key)).map((key) => `${label} ${key}: ${before.get(key)} → ${after.get(key)}`);
}

/** A copy of `folder` under the work folder, `change` applied to the files it names. */
function copyWith(folder: string, label: string, change: (file: string, text: string) => string | undefined): string {
  const copy = path.join(work, label);
  cpSync(folder, copy, { recursive: true });
  for (const entry of readdirSync(copy)) {
    const file = path.join(copy, entry);
    if (!existsSync(file) || !entry.includes('.')) continue;
    const changed = change(entry, readFileSync(file, 'utf8'));
    if (changed !== undefined) writeFileSync(file, changed);
  }
  return copy;
}

type Json = { [key: string]: JsonValue };

/** The template with each literal of its resources' properties, sku and identity moved into a variable or a parameter. */
function liftArm(template: Json, into: 'variables' | 'parameters'): number {
  const declared = ((template[into] as Json | undefined) ??= {});
  let count = 0;
  const lift = (value: JsonValue): string => {
    const name = `azvLifted${count++}`;
    if (into === 'variables') declared[name] = value;
    else declared[name] = { type: typeof value === 'string' ? 'string' : typeof value === 'number' ? 'int' : 'bool', defaultValue: value };
    return `[${into}('${name}')]`;
  };
  const walk = (value: JsonValue, key?: string): JsonValue => {
    // Property copy loops name their property by a literal.
    if (key === 'copy') return value;
    if ((typeof value === 'string' && !value.startsWith('[')) || typeof value === 'number' || typeof value === 'boolean') return lift(value);
    if (Array.isArray(value)) return value.map((item) => walk(item));
    if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    return value;
  };
  const visit = (resources: JsonValue | undefined): void => {
    const list = Array.isArray(resources) ? resources : resources !== null && typeof resources === 'object' ? Object.values(resources) : [];
    for (const resource of list) {
      // A nested template's own scope may not see the outer variables.
      if (resource === null || typeof resource !== 'object' || Array.isArray(resource) || /deployments$/i.test(String(resource['type']))) continue;
      for (const key of ['properties', 'sku', 'identity']) if (key in resource) resource[key] = walk(resource[key] as JsonValue, key);
      visit(resource['resources']);
    }
  };
  visit(template['resources']);
  return count;
}

/** Bicep or Terraform text with each literal attribute of resource (and module) bodies moved into a declaration appended at the end. */
function liftText(text: string, language: 'bicep' | 'terraform', into: 'var' | 'param' | 'local' | 'variable'): { text: string; count: number } {
  const attribute =
    language === 'bicep'
      ? /^(\s*)([A-Za-z_][A-Za-z0-9_]*)(\s*:\s*)('(?:[^'\\$]|\$(?!\{))*'|-?\d+|true|false)(\s*(?:\/\/.*)?)$/
      : /^(\s*)([A-Za-z_][A-Za-z0-9_-]*)(\s*=\s*)("(?:[^"\\$%]|\$(?!\{)|%(?!\{))*"|-?\d+(?:\.\d+)?|true|false)(\s*(?:#.*|\/\/.*)?)$/;
  const opens = language === 'bicep' ? /^(resource|module)\s/ : /^resource\s+"/;
  const skip = new Set(language === 'bicep' ? ['scope', 'parent', 'dependsOn', 'batchSize'] : ['count', 'for_each', 'provider', 'source', 'version']);
  const quote = language === 'bicep' ? "'" : '"';
  const lines = text.split('\n');
  const lifted: [string, string][] = [];
  let depth = 0;
  let inBody = false;
  // Inside a heredoc (Terraform, its closing word) or a multi-line string (Bicep): lines left alone.
  let heredoc: string | undefined;
  let multiline = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (heredoc !== undefined) {
      if (line.trim() === heredoc) heredoc = undefined;
      continue;
    }
    if (language === 'bicep' && (multiline || line.includes("'''"))) {
      if ((line.match(/'''/g) ?? []).length % 2 === 1) multiline = !multiline;
      continue;
    }
    const opened = language === 'terraform' ? /<<-?([A-Z_]+)\s*$/.exec(line) : null;
    if (depth === 0 && opens.test(line)) inBody = true;
    const match = inBody && depth > 0 ? attribute.exec(line) : null;
    if (match && !skip.has(match[2] as string)) {
      const name = language === 'terraform' ? `azv_lifted_${lifted.length}` : `azvLifted${lifted.length}`;
      lifted.push([name, match[4] as string]);
      const reference = into === 'local' ? `local.${name}` : into === 'variable' ? `var.${name}` : name;
      lines[i] = `${match[1]}${match[2]}${match[3]}${reference}${match[5]}`;
    }
    if (opened) {
      heredoc = opened[1];
      continue;
    }
    let inString = false;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (ch === quote && line[c - 1] !== '\\') inString = !inString;
      else if (!inString && (ch === '#' || (ch === '/' && line[c + 1] === '/'))) break;
      else if (!inString && '{[('.includes(ch as string)) depth++;
      else if (!inString && '}])'.includes(ch as string) && --depth === 0) inBody = false;
    }
  }
  const declarations = lifted.map(([name, value]) => {
    if (into === 'var') return `var ${name} = ${value}`;
    if (into === 'param') return `param ${name} ${value.startsWith("'") ? 'string' : /^-?\d/.test(value) ? 'int' : 'bool'} = ${value}`;
    if (into === 'variable') return `variable "${name}" {\n  default = ${value}\n}`;
    return `locals {\n  ${name} = ${value}\n}`;
  });
  return { text: `${lines.join('\n')}\n${declarations.join('\n')}\n`, count: lifted.length };
}

describe('literal values written otherwise', () => {
  it('are lifted as expected', () => {
    const template: Json = {
      resources: [{ type: 'Microsoft.Network/networkSecurityGroups', name: 'nsg', properties: { a: 'x', n: 3, copy: [{ name: 'c' }] } }],
    };
    expect(liftArm(template, 'variables')).toBe(2);
    expect(template['variables']).toEqual({ azvLifted0: 'x', azvLifted1: 3 });
    expect(liftText("resource x 'T@1' = {\n  name: 'a'\n  properties: {\n    on: true\n  }\n}", 'bicep', 'var').text).toBe(
      "resource x 'T@1' = {\n  name: azvLifted0\n  properties: {\n    on: azvLifted1\n  }\n}\nvar azvLifted0 = 'a'\nvar azvLifted1 = true\n",
    );
    expect(liftText('resource "t" "x" {\n  name = "a"\n  count = 2\n}', 'terraform', 'local').text).toBe(
      'resource "t" "x" {\n  name = local.azv_lifted_0\n  count = 2\n}\nlocals {\n  azv_lifted_0 = "a"\n}\n',
    );
  });

  const templates = quickstartTemplates();
  it.skipIf(templates.length === 0)('change no verdict of every third quickstart template (ARM variables and parameters)', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    let lifted = 0;
    for (const [index, template] of templates.entries()) {
      if (index % 3 !== 0) continue;
      const before = await statuses([template]);
      // A template that links files by URL reads them from where it sits in the corpus.
      if (before.notes.some((note) => note.includes(' is read from '))) continue;
      for (const into of ['variables', 'parameters'] as const) {
        const label = `arm-${index}-${into}`;
        const copy = copyWith(path.dirname(template), label, (file, text) => {
          if (file !== path.basename(template)) return undefined;
          const document = parseJson(text).value as Json;
          lifted += liftArm(document, into);
          return JSON.stringify(document, null, 1);
        });
        found.push(...differences(before.statuses, (await statuses([path.join(copy, path.basename(template))])).statuses, label));
      }
    }
    expect(lifted).toBeGreaterThan(5_000);
    expect(found).toEqual([]);
  });

  const bicepFolders = templates.map((template) => path.dirname(template)).filter((folder) => existsSync(path.join(folder, 'main.bicep')));
  it.skipIf(bicepFolders.length === 0)('change no verdict of a main.bicep (Bicep var and param)', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    let lifted = 0;
    for (const [index, folder] of bicepFolders.entries()) {
      const parameters = path.join(folder, 'azuredeploy.parameters.json');
      const parameterFiles = existsSync(parameters) ? [parameters] : [];
      const before = await statuses([path.join(folder, 'main.bicep')], parameterFiles);
      for (const into of ['var', 'param'] as const) {
        const label = `bicep-${index}-${into}`;
        const copy = copyWith(folder, label, (file, text) => {
          if (file !== 'main.bicep') return undefined;
          const result = liftText(text, 'bicep', into);
          lifted += result.count;
          return result.text;
        });
        found.push(...differences(before.statuses, (await statuses([path.join(copy, 'main.bicep')], parameterFiles)).statuses, label));
      }
    }
    expect(lifted).toBeGreaterThan(10_000);
    expect(found).toEqual([]);
  });

  const projects = terraformProjects();
  it.skipIf(projects.length === 0)('change no verdict of a Terraform example (locals and variables with defaults)', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    let lifted = 0;
    for (const [index, project] of projects.entries()) {
      const before = await statuses([project]);
      if (before.statuses.size === 0) continue;
      for (const into of ['local', 'variable'] as const) {
        const label = `terraform-${index}-${into}`;
        const copy = copyWith(project, label, (file, text) => {
          if (!file.endsWith('.tf')) return undefined;
          const result = liftText(text, 'terraform', into);
          lifted += result.count;
          // Names of a module are shared by its files.
          return result.text.replaceAll('azv_lifted_', `azv_lifted_${file.replace(/\W/g, '_')}_`);
        });
        found.push(...differences(before.statuses, (await statuses([copy])).statuses, label));
      }
    }
    expect(lifted).toBeGreaterThan(1_000);
    expect(found).toEqual([]);
  });
});
