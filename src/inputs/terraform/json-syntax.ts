import { parseJson, type JsonNode, type JsonValue } from '../json/parse.js';
import type { Position, ScannedBlock } from './scanner.js';

/**
 * Terraform's JSON syntax (`.tf.json`, as CDK for Terraform writes it), read into the shape
 * hcl2json gives a `.tf` file, so that one reader serves both: blocks under their labels as lists
 * of bodies (`resource.TYPE.NAME: [body]`, `locals: [body]`), expressions as the same `${…}`
 * templates. JSON lets any level of labels be a list of objects and a single block be an object;
 * both are folded into lists. Nested blocks inside a body stay as written (an object or a list of
 * objects), which the mapping reads either way. `"//"` properties are comments and are left out.
 */

/** Labels of each block type (hcl2json nests a block's bodies under them); the others have none. */
const LABELS: Readonly<Record<string, number>> = { resource: 2, data: 2, module: 1, variable: 1, output: 1, provider: 1 };

/** A `.tf.json` file in hcl2json's shape, and where each block is written (as the HCL scanner gives it for a `.tf` file). */
export interface TerraformJsonFile {
  readonly json: Record<string, unknown>;
  readonly blocks: ScannedBlock[];
}

/** Reads a `.tf.json` file's text; throws JsonSyntaxError (with a line and column) when it is not JSON. */
export function readTerraformJson(text: string): TerraformJsonFile | { readonly problem: string } {
  const { value, root } = parseJson(text);
  if (!isObject(value)) return { problem: 'a Terraform JSON file holds one object' };
  // Without a prototype: labels are the file's own words (`__proto__` among them).
  const json = Object.create(null) as Record<string, unknown>;
  const blocks: ScannedBlock[] = [];
  for (const [keyword, [blockValue, blockNode]] of entries(value, root)) {
    const labels = LABELS[keyword] ?? 0;
    const walk = (path: readonly string[], item: JsonValue, node: JsonNode): void => {
      for (const [body, bodyNode] of listed(item, node)) {
        if (path.length < labels) {
          for (const [label, [inner, innerNode]] of entries(body, bodyNode)) walk([...path, label], inner, innerNode);
          continue;
        }
        // json[keyword][label…] is the list of bodies.
        const keys = [keyword, ...path];
        let level = json;
        for (const key of keys.slice(0, -1)) level = (level[key] ??= Object.create(null)) as Record<string, unknown>;
        ((level[keys[keys.length - 1] as string] ??= []) as unknown[]).push(body);
        if (labels > 0) blocks.push({ keyword, labels: [...path], position: positionOf(bodyNode), paths: pathsOf(body, bodyNode), comments: [] });
      }
    };
    walk([], blockValue, blockNode);
  }
  return { json, blocks };
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The members of an object with their nodes, comments left out; nothing for any other value. */
function entries(value: JsonValue, node: JsonNode): [string, [JsonValue, JsonNode]][] {
  if (!isObject(value) || node.members === undefined || Array.isArray(node.members)) return [];
  const out: [string, [JsonValue, JsonNode]][] = [];
  for (const [key, member] of node.members) if (key !== '//') out.push([key, [value[key] as JsonValue, member]]);
  return out;
}

/** A list of objects as its items, an object as itself; anything else is no block. */
function listed(value: JsonValue, node: JsonNode): [JsonValue, JsonNode][] {
  if (isObject(value)) return [[withoutComments(value), node]];
  if (!Array.isArray(value) || !Array.isArray(node.members)) return [];
  const members = node.members;
  return value.flatMap((item, index) => (isObject(item) ? [[withoutComments(item), members[index] as JsonNode] as [JsonValue, JsonNode]] : []));
}

function withoutComments(value: { [key: string]: JsonValue }): { [key: string]: JsonValue } {
  if (!Object.hasOwn(value, '//')) return value;
  const { '//': _comment, ...rest } = value;
  return rest;
}

function positionOf(node: JsonNode): Position {
  return { line: node.line, column: node.column };
}

/**
 * Attribute and nested-block paths (`os_disk.0.caching`) → where written. An object is taken for a
 * block written alone (item 0), as the mapping reads it; a map attribute's keys are then not
 * found, and its own place is given instead.
 */
function pathsOf(body: JsonValue, node: JsonNode): Map<string, Position> {
  const paths = new Map<string, Position>();
  const visit = (prefix: string, value: JsonValue, at: JsonNode): void => {
    if (Array.isArray(value) && Array.isArray(at.members)) {
      const members = at.members;
      value.forEach((item, index) => {
        const member = members[index] as JsonNode;
        paths.set(`${prefix}.${index}`, positionOf(member));
        visit(`${prefix}.${index}`, item, member);
      });
      return;
    }
    for (const [key, [inner, member]] of entries(value, at)) {
      const path = prefix === '' ? key : `${prefix}.${key}`;
      paths.set(path, positionOf(member));
      visit(isObject(inner) ? `${path}.0` : path, inner, member);
    }
  };
  visit('', body, node);
  return paths;
}
