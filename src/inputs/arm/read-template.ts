import type { Diagnostic } from '../../model/input.js';
import { createResource, type Resource } from '../../model/resource.js';
import { formatResourceId } from '../../model/resource-id.js';
import { isUnknown, Unknown, type Value, type ValueObject } from '../../model/value.js';
import type { JsonDocument, JsonNode, JsonValue } from '../json/parse.js';
import { templateScope } from './detect.js';
import { jsonSourceMap } from './source-map.js';

/** The placeholder deployment scope a template is read in (no Azure call is made). */
export interface DeploymentScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tenantId: string;
}

export const DEFAULT_SCOPE: DeploymentScope = {
  subscriptionId: '00000000-0000-0000-0000-000000000000',
  resourceGroup: 'azvmsec-rg',
  location: 'japaneast',
  tenantId: '00000000-0000-0000-0000-000000000000',
};

export interface ArmReadOptions {
  /** The file path as reports show it. */
  readonly file: string;
  /** Values from a parameter file, by parameter name (case-insensitive). */
  readonly parameterValues?: ReadonlyMap<string, Value>;
  readonly scope?: DeploymentScope;
}

export interface ArmReadResult {
  readonly resources: Resource[];
  readonly diagnostics: Diagnostic[];
  /** Property values (leaves) the reader could not determine. */
  readonly unknownValues: number;
}

/** Template keys that describe the deployment, not the resource; they are not part of its body. */
const TEMPLATE_ONLY_KEYS = new Set(['dependson', 'copy', 'condition', 'resources', 'comments', 'metadata']);

/**
 * Reads an ARM template into resources in the Resource Graph shape, with a source map for each.
 * Values are resolved by `evaluateLiteral`: literals, `[[` escapes, and `parameters()` /
 * `variables()` that lead to literals; every other expression becomes Unknown with its text.
 */
export function readArmTemplate(document: JsonDocument, options: ArmReadOptions): ArmReadResult {
  const diagnostics: Diagnostic[] = [];
  const template = document.value;
  if (!isPlainObject(template)) {
    return { resources: [], diagnostics: [{ severity: 'error', message: 'The template is not a JSON object', line: 1, column: 1 }], unknownValues: 0 };
  }
  const scope = options.scope ?? DEFAULT_SCOPE;
  const context = new LiteralContext(template, options.parameterValues ?? new Map(), diagnostics);
  const resources: Resource[] = [];
  const schema = typeof template['$schema'] === 'string' ? template['$schema'] : '';
  const deploymentScope = templateScope(schema);
  const scopeId =
    deploymentScope === 'resourceGroup'
      ? `/subscriptions/${scope.subscriptionId}/resourceGroups/${scope.resourceGroup}`
      : `/subscriptions/${scope.subscriptionId}`;

  const members = document.root.members;
  const resourcesKey = Object.keys(template).find((key) => key.toLowerCase() === 'resources');
  const list = resourcesKey === undefined ? undefined : template[resourcesKey];
  const listNode = resourcesKey === undefined || members instanceof Array ? undefined : members?.get(resourcesKey);
  if (list === undefined) return { resources, diagnostics, unknownValues: context.unknownValues };

  const visit = (declaration: JsonValue, node: JsonNode | undefined, pointer: string, parent: { type: string; name: string } | undefined): void => {
    if (!isPlainObject(declaration) || !node) {
      diagnostics.push({ severity: 'warning', message: `Resource at ${pointer} is not an object`, ...position(node) });
      return;
    }
    const rawType = context.evaluate(declaration['type'] ?? null);
    const rawName = context.evaluate(declaration['name'] ?? null);
    if (typeof rawType !== 'string') {
      diagnostics.push({ severity: 'warning', message: `Resource at ${pointer} has no literal type`, ...position(node) });
      return;
    }
    const type = parent ? `${parent.type}/${rawType}` : rawType;
    const shortName = typeof rawName === 'string' ? rawName : String(declaration['name'] ?? '(unnamed)');
    const name = parent ? `${parent.name}/${shortName}` : shortName;
    if (type.split('/').length - 1 !== name.split('/').length) {
      diagnostics.push({
        severity: 'warning',
        message: `Resource at ${pointer}: name '${name}' does not match the segments of type '${type}'`,
        ...position(node),
      });
    }
    const body: ValueObject = {};
    for (const [key, value] of Object.entries(declaration)) {
      if (TEMPLATE_ONLY_KEYS.has(key.toLowerCase())) continue;
      body[key] = key === 'type' ? type : key === 'name' ? name : context.evaluate(value);
    }
    const id = formatResourceId(scopeId, type, name);
    body['id'] = id;
    resources.push(createResource({ id, type, name, body, input: options.file, source: jsonSourceMap(options.file, node, pointer) }));

    const childrenKey = Object.keys(declaration).find((key) => key.toLowerCase() === 'resources');
    const children = childrenKey === undefined ? undefined : declaration[childrenKey];
    const childMembers = childrenKey === undefined || node.members instanceof Array ? undefined : node.members?.get(childrenKey)?.members;
    if (Array.isArray(children) && childMembers instanceof Array) {
      children.forEach((child, index) => visit(child, childMembers[index], `${pointer}/${childrenKey}/${index}`, { type, name }));
    }
  };

  if (Array.isArray(list) && listNode?.members instanceof Array) {
    const nodes = listNode.members;
    list.forEach((declaration, index) => visit(declaration, nodes[index], `/${resourcesKey}/${index}`, undefined));
  } else {
    diagnostics.push({
      severity: 'warning',
      message: 'The template has symbolic-name resources (languageVersion 2.0), which this reader does not expand',
      ...position(listNode),
    });
  }
  return { resources, diagnostics, unknownValues: context.unknownValues };
}

function position(node: JsonNode | undefined): { line?: number; column?: number } {
  return node ? { line: node.line, column: node.column } : {};
}

function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Resolves literals, parameters and variables; leaves every other expression Unknown. */
class LiteralContext {
  unknownValues = 0;
  private readonly resolvingVariables = new Set<string>();

  constructor(
    private readonly template: { [key: string]: JsonValue },
    private readonly parameterValues: ReadonlyMap<string, Value>,
    private readonly diagnostics: Diagnostic[],
  ) {}

  evaluate(value: JsonValue): Value {
    if (typeof value === 'string') return this.evaluateString(value);
    if (Array.isArray(value)) return value.map((item) => this.evaluate(item));
    if (isPlainObject(value)) {
      const out: ValueObject = {};
      for (const [key, member] of Object.entries(value)) {
        Object.defineProperty(out, key, { value: this.evaluate(member), enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    return value;
  }

  private evaluateString(text: string): Value {
    if (!text.startsWith('[') || !text.endsWith(']')) return text;
    if (text.startsWith('[[')) return text.slice(1);
    const parameter = /^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$/i.exec(text);
    if (parameter) return this.count(this.parameter(parameter[1] as string));
    const variable = /^\[\s*variables\(\s*'([^']+)'\s*\)\s*\]$/i.exec(text);
    if (variable) return this.count(this.variable(variable[1] as string));
    return this.count(new Unknown(`expression ${text} is not evaluated`));
  }

  private count(value: Value): Value {
    if (isUnknown(value)) this.unknownValues++;
    return value;
  }

  private section(name: string): { [key: string]: JsonValue } {
    const key = Object.keys(this.template).find((candidate) => candidate.toLowerCase() === name);
    const section = key === undefined ? undefined : this.template[key];
    return isPlainObject(section) ? section : {};
  }

  private parameter(name: string): Value {
    const declarations = this.section('parameters');
    const declaredKey = Object.keys(declarations).find((key) => key.toLowerCase() === name.toLowerCase());
    if (declaredKey === undefined) {
      this.diagnostics.push({ severity: 'warning', message: `parameters('${name}') names a parameter the template does not declare` });
      return new Unknown(`parameter '${name}' is not declared`);
    }
    const declaration = declarations[declaredKey];
    const type = isPlainObject(declaration) && typeof declaration['type'] === 'string' ? declaration['type'].toLowerCase() : '';
    if (type === 'securestring' || type === 'secureobject') return new Unknown(`secure parameter '${declaredKey}' (value withheld)`);
    for (const [key, value] of this.parameterValues) if (key.toLowerCase() === name.toLowerCase()) return value;
    if (isPlainObject(declaration) && declaration['defaultValue'] !== undefined) return this.evaluate(declaration['defaultValue']);
    return new Unknown(`parameter '${declaredKey}' has no value`);
  }

  private variable(name: string): Value {
    const variables = this.section('variables');
    const key = Object.keys(variables).find((candidate) => candidate.toLowerCase() === name.toLowerCase());
    if (key === undefined) return new Unknown(`variable '${name}' is not declared`);
    if (this.resolvingVariables.has(key)) return new Unknown(`variable '${name}' refers to itself`);
    this.resolvingVariables.add(key);
    try {
      return this.evaluate(variables[key] as JsonValue);
    } finally {
      this.resolvingVariables.delete(key);
    }
  }
}

/** Values from a parameter file; Key Vault references are Unknown (resolved only at deployment). */
export function readArmParameters(document: JsonDocument): { values: Map<string, Value>; diagnostics: Diagnostic[] } {
  const values = new Map<string, Value>();
  const diagnostics: Diagnostic[] = [];
  const root = document.value;
  const parameters = isPlainObject(root) ? root['parameters'] : undefined;
  if (!isPlainObject(parameters)) {
    diagnostics.push({ severity: 'warning', message: 'The parameter file has no parameters object', line: 1, column: 1 });
    return { values, diagnostics };
  }
  for (const [name, entry] of Object.entries(parameters)) {
    if (!isPlainObject(entry)) continue;
    if (entry['reference'] !== undefined) values.set(name, new Unknown(`parameter '${name}' is a Key Vault reference, resolved only at deployment`));
    else if (entry['value'] !== undefined) values.set(name, entry['value'] as Value);
  }
  return { values, diagnostics };
}
