import type { Diagnostic } from '../../model/input.js';
import { createResource, get, type Resource } from '../../model/resource.js';
import { formatResourceId, idKey, parentId } from '../../model/resource-id.js';
import type { SourceLocation, SourceMap } from '../../model/source.js';
import { escapePointerToken, findKey, isObject, isUnknown, parsePointer, setMember, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { ExpressionError, ExpressionSyntaxError, LimitExceededError, evaluateString } from '../arm-expr/evaluate.js';
import { runtimeView, undeclaredReference } from '../arm-expr/runtime-view.js';
import { copyOf, markId, markSource, placeholderId, placeholderText } from '../arm-expr/name-text.js';
import { isCredentialName } from '../../model/credential-names.js';
import type { Budget, DeploymentScopeKind, ExpressionHost, UserFunction } from '../arm-expr/types.js';
import { nodeAt, type JsonDocument, type JsonNode, type JsonValue } from '../json/parse.js';
import { templateScope } from './detect.js';
import { AZURE_CLOUD, DEFAULT_SCOPE, managementGroupObject, resourceGroupObject, subscriptionObject, tenantObject, type DeploymentScope } from './scope.js';
import { valueSize } from '../../model/value-size.js';
import { pushTo } from '../../model/multimap.js';
import { EMBEDDED_CHILDREN } from '../../model/graph.js';
import { DeploymentOrder, type Ordered } from './order.js';

/**
 * Expands an ARM template the way Azure Resource Manager would deploy it: parameters (parameter
 * file, then defaults), variables (with `copy`), user-defined functions, resource `condition`,
 * `copy` loops on resources, properties and variables, nested child resources, languageVersion 2.0
 * symbolic resources, nested deployments (inner and outer expression scope) and linked templates
 * inside the scan root. What only deployment can tell (`reference()`, `list*()`, parameters without
 * a value) becomes Unknown with its reason. Bounded: a hostile template ends in a diagnostic.
 */

export interface LinkedTemplate {
  readonly file: string;
  readonly document: JsonDocument;
  /** Said where it is linked when the file read is not the one named (the file of the scan a URL stands for, a module in the Bicep cache). */
  readonly readFrom?: string;
  /** What reading it found (a Bicep module's compilation), said where it is linked. */
  readonly diagnostics?: readonly Diagnostic[];
}

export interface ExpandLimits {
  /** Expression evaluation steps for one input, nested and linked templates included. */
  readonly steps: number;
  readonly maxStringLength: number;
  readonly maxArrayLength: number;
  /** ARM allows 800 iterations per copy loop. */
  readonly maxCopyCount: number;
  /** Resources produced by one input. */
  readonly maxResources: number;
  /** Nested and linked deployments inside each other. */
  readonly maxDeploymentDepth: number;
}

export const DEFAULT_LIMITS: ExpandLimits = {
  steps: 20_000_000,
  maxStringLength: 4_000_000,
  maxArrayLength: 100_000,
  maxCopyCount: 800,
  maxResources: 50_000,
  maxDeploymentDepth: 10,
};

export interface ExpandOptions {
  /** The template's path as reports show it. */
  readonly file: string;
  /** Values from a parameter file, by parameter name. */
  readonly parameterValues?: ReadonlyMap<string, Value>;
  readonly scope?: DeploymentScope;
  /** The time `utcNow()` returns in parameter defaults; without it utcNow() is Unknown. */
  readonly now?: Date;
  /** `file://` URL the template is taken to be deployed from (`deployment().properties.templateLink.uri`). */
  readonly templateUri?: string;
  /** Reads a linked template (a relative path or a `file://` URL) inside the scan root, or says why not. */
  readonly loadLinked?: (reference: string, fromFile: string) => LinkedTemplate | { error: string };
  readonly limits?: Partial<ExpandLimits>;
}

export interface ArmReadResult {
  readonly resources: Resource[];
  readonly diagnostics: Diagnostic[];
  /** Property values (leaves) the template leaves Unknown. */
  readonly unknownValues: number;
  /** Linked template files read while expanding, as reports name them. */
  readonly linkedFiles: ReadonlySet<string>;
}

type JsonObject = { [key: string]: JsonValue };

/** Template keys that describe the deployment, not the resource; they are not part of its body. */
const TEMPLATE_ONLY_KEYS = new Set(['dependson', 'copy', 'condition', 'resources', 'comments', 'existing', 'import']);

class Abort extends Error {}

/**
 * Variables and parameters evaluated inside one another, at most: Azure allows 256 of each, so a
 * longer chain is hostile, and is stopped before it exhausts the call stack (which, exhausted,
 * can surface as an error of another kind than a RangeError).
 */
const MAX_CHAIN = 512;

/** Members inside members a parameter's type is read to for secure ones, at most (a hostile value may nest far deeper). */
const MAX_TYPE_DEPTH = 64;

class ChainTooDeep extends Error {}

/** Deployments whose outputs read one another's, inside one another, at most (each is many calls deep). */
const MAX_OUTPUT_CHAIN = 64;

/**
 * A resource or deployment the input deploys, as `reference()` reads it: the values its template
 * gives (a deployment's outputs, evaluated when first asked for). `settled` when no `reference()`
 * made while evaluating it went unanswered or was answered from an unsettled earlier pass.
 */
interface Declared {
  readonly settled: boolean;
  view(full: boolean): Value;
}

/**
 * How many times one template is evaluated at most. A resource may reference() one declared after
 * it (Bicep writes resources in the order of its source): a pass that asked for such a resource is
 * followed by another that reads what the first declared; a chain of such references needs a pass
 * per link.
 */
const MAX_PASSES = 3;

/** State shared by everything one input expands in one pass: budget, diagnostics, output. */
class Expansion {
  readonly resources: Resource[] = [];
  readonly diagnostics: Diagnostic[] = [];
  readonly linkedFiles = new Set<string>();
  unknownValues = 0;
  readonly budget: Budget;
  readonly limits: ExpandLimits;
  /** What each declaration waits for, to tell which of a resource declared twice is deployed last. */
  readonly order = new DeploymentOrder();
  readonly orderOf = new Map<Resource, Ordered>();
  /** Resources and deployments of this pass by id key (a resource deployed twice: the later), and their id keys by name (lower case). */
  private readonly declared = new Map<string, Declared>();
  private readonly idsByName = new Map<string, Set<string>>();
  /** reference() targets this pass did not find, and uses of unsettled entries of the pass before. */
  private readonly missed: string[] = [];
  private unsettledUses = 0;
  /** The pass ended on a limit. */
  stopped = false;
  /** Deployment outputs being evaluated inside one another. */
  outputsDepth = 0;

  constructor(
    readonly options: ExpandOptions,
    private readonly previous?: Expansion,
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.budget = { steps: this.limits.steps, maxStringLength: this.limits.maxStringLength, maxArrayLength: this.limits.maxArrayLength };
  }

  /** reference() calls so far that found nothing or an unsettled entry: an entry is settled when none happened while it was evaluated. */
  get unanswered(): number {
    return this.missed.length + this.unsettledUses;
  }

  /**
   * Declares a resource or deployment for reference() by its id, name and languageVersion 2.0
   * symbolic name; `since` is `unanswered` when its evaluation began, `deployed` makes its body.
   */
  declare(id: string, name: string, symbol: string | undefined, since: number, deployed: () => ValueObject): void {
    const key = idKey(id);
    this.declared.set(key, { settled: this.unanswered === since, view: viewsOf(id, deployed) });
    // reference() takes an id without its scope too, `Microsoft.Storage/storageAccounts/name` (as
    // older templates write `reference(concat('Microsoft.Storage/storageAccounts/', name))`).
    const at = id.toLowerCase().lastIndexOf('/providers/');
    const relative = at < 0 ? [] : [id.slice(at + '/providers/'.length)];
    for (const known of [name, ...(symbol === undefined ? [] : [symbol]), ...relative]) {
      const lower = known.toLowerCase();
      const ids = this.idsByName.get(lower);
      if (ids) ids.add(key);
      else this.idsByName.set(lower, new Set([key]));
    }
  }

  /** What reference() reads of `target` (an id, a name or a symbolic name), from this pass or else the one before. */
  lookup(target: string): Declared | undefined {
    const found = this.find(target);
    if (found) return found;
    const earlier = this.previous?.find(target);
    if (!earlier) this.missed.push(target);
    else if (!earlier.settled) this.unsettledUses++;
    return earlier;
  }

  private find(target: string): Declared | undefined {
    if (target.startsWith('/')) return this.declared.get(idKey(target));
    // A name is read when it names one resource (resources of several types by one name are not told apart).
    const ids = this.idsByName.get(target.toLowerCase());
    return ids?.size === 1 ? this.declared.get(ids.values().next().value as string) : undefined;
  }

  /** Whether another pass would answer more: a reference asked for something declared later, or read an unsettled entry. */
  wantsAnotherPass(): boolean {
    return !this.stopped && (this.unsettledUses > 0 || this.missed.some((target) => this.find(target) !== undefined));
  }

  note(severity: Diagnostic['severity'], message: string, file: string, node: JsonNode | undefined): void {
    if (this.diagnostics.length >= 200) return;
    const where = file === this.options.file ? '' : `${file}: `;
    this.diagnostics.push({ severity, message: where + message, ...(node ? { line: node.line, column: node.column } : {}) });
  }

  add(resource: Resource): void {
    if (this.resources.length >= this.limits.maxResources) {
      throw new LimitExceededError(`The template produces more than ${this.limits.maxResources} resources`);
    }
    // Whatever reads a resource reads all of it: its size, shared parts counted where they appear,
    // is charged to the budget (each part was measured when made, so this costs a step per member).
    this.budget.steps -= valueSize(resource.body, Math.max(0, this.budget.steps));
    if (this.budget.steps < 0) {
      throw new LimitExceededError(`The resources of the template hold more values than its budget of steps (at ${resource.type} '${resource.name}')`);
    }
    this.resources.push(resource);
  }
}

/** A place in a template file: the parsed node and its JSON pointer. */
interface Site {
  readonly file: string;
  readonly node: JsonNode | undefined;
  readonly pointer: string;
}

function child(site: Site, key: string | number): Site {
  const members = site.node?.members;
  let node: JsonNode | undefined;
  if (Array.isArray(members)) node = typeof key === 'number' ? members[key] : undefined;
  else if (members) node = members.get(String(key));
  return { file: site.file, node, pointer: `${site.pointer}/${escapePointerToken(String(key))}` };
}

interface Loop {
  readonly name: string | undefined;
  readonly index: number | Unknown;
  /** A resource loop (copyIndex() without a name refers to it), not a property or variable loop. */
  readonly resource: boolean;
}

function findLast<T>(items: readonly T[], test: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i] as T)) return items[i];
  return undefined;
}

/**
 * One template's evaluation context, and the ExpressionHost its expressions see. A nested
 * deployment with outer scope shares its parent's parameters, variables and functions.
 */
class TemplateContext implements ExpressionHost {
  private readonly parameterCache = new Map<string, Value>();
  private readonly variableCache = new Map<string, Value>();
  private readonly resolving = new Set<string>();
  private readonly loops: Loop[] = [];
  now: Date | undefined;
  readonly budget: Budget;
  /** The deployment that deploys this template's resources (undefined for the template scanned). */
  within: Ordered | undefined;
  /** The URI this template is deployed from (`deployment().properties.templateLink.uri`), when it has one. */
  templateUri: string | undefined;
  /** The scope a nested deployment deploys this template's resources to; undefined for the template scanned (its `$schema` says). */
  deployedAt: ScopeKind | undefined;

  constructor(
    readonly expansion: Expansion,
    readonly template: JsonObject,
    readonly site: Site,
    /** Values passed in (parameter file or nested deployment), by lower-case name. */
    private readonly parameterValues: ReadonlyMap<string, Value>,
    /** Where resources deploy (ids) and what the scope functions return. */
    readonly target: DeploymentScope,
    readonly depth: number,
    /** Outer expression scope: parameters, variables and functions come from here. */
    private readonly outer?: TemplateContext,
  ) {
    this.budget = expansion.budget;
  }

  private section(name: string): JsonObject {
    const key = findJsonKey(this.template, name);
    const section = key === undefined ? undefined : this.template[key];
    return isJsonObject(section) ? section : {};
  }

  // ExpressionHost

  parameter(name: string): Value {
    if (this.outer) return this.outer.parameter(name);
    const lower = name.toLowerCase();
    const cached = this.parameterCache.get(lower);
    if (cached !== undefined) return cached;
    if (this.resolving.has(`p:${lower}`)) throw new ExpressionError(`parameter '${name}' refers to itself`);
    if (this.resolving.size >= MAX_CHAIN) throw new ChainTooDeep();
    const declarations = this.section('parameters');
    const key = findJsonKey(declarations, name);
    if (key === undefined) throw new ExpressionError(`parameter '${name}' is not declared`);
    const declaration = declarations[key];
    this.resolving.add(`p:${lower}`);
    try {
      const value = this.parameterValue(key, this.withDefinition(isJsonObject(declaration) ? declaration : {}));
      this.parameterCache.set(lower, value);
      return value;
    } finally {
      this.resolving.delete(`p:${lower}`);
    }
  }

  /**
   * A parameter declared with a type of the `definitions` section (`"$ref": "#/definitions/name"`,
   * languageVersion 2.0): the definition's type and constraints, with the parameter's own on top.
   */
  private withDefinition(declaration: JsonObject, depth = 0): JsonObject {
    const ref = declaration['$ref'];
    if (typeof ref !== 'string' || depth > 8) return declaration;
    const match = /^#\/definitions\/([^/]+)$/.exec(ref);
    const definitions = this.section('definitions');
    const key = match ? findJsonKey(definitions, match[1] as string) : undefined;
    const definition = key === undefined ? undefined : definitions[key];
    if (!isJsonObject(definition)) return declaration;
    const { $ref: _, ...own } = declaration;
    return { ...this.withDefinition(definition, depth + 1), ...own };
  }

  private parameterValue(name: string, declaration: JsonObject): Value {
    const type = typeof declaration['type'] === 'string' ? declaration['type'].toLowerCase() : '';
    const secure = type === 'securestring' || type === 'secureobject';
    let value: Value | undefined;
    for (const [key, given] of this.parameterValues) if (key === name.toLowerCase()) value = given;
    const site = child(child(this.site, 'parameters'), name);
    // A null value takes the default, as a parameter given no value does (modules pass `tryGet(…)` results on).
    if ((value === undefined || value === null) && declaration['defaultValue'] !== undefined) {
      // utcNow() is allowed only here, in parameter defaults.
      const saved = this.now;
      this.now = this.expansion.options.now;
      try {
        value = this.evaluate(declaration['defaultValue'], child(site, 'defaultValue'));
      } finally {
        this.now = saved;
      }
    }
    // "The nullable constraint indicates that the value may be null or omitted."
    if (value === undefined && declaration['nullable'] === true) value = null;
    if (value === undefined) {
      // Whatever value a secure parameter, or one named as a credential, is given, it is a credential.
      // One placeholder wherever it is used: a resource named by it and one named from it nest (name-text.ts).
      const placeholder = `[parameters('${name}')]`;
      if (secure)
        return markSource(new Unknown(`secure parameter '${name}' has no value`, location(site), { credential: `secure parameter '${name}'` }), placeholder);
      return markSource(
        new Unknown(`parameter '${name}' has no value`, location(site), isCredentialName(name) ? { credential: `parameter '${name}'` } : {}),
        placeholder,
      );
    }
    if (secure && !isEmptySecret(value))
      return new Unknown(`secure parameter '${name}' (value withheld)`, location(site), { credential: `secure parameter '${name}'` });
    value = this.withholdSecureMembers(value, declaration, name, site, 0);
    const allowed = declaration['allowedValues'];
    // An array's value may be any subset of its allowed values (Bicep's @allowed on an array says the same).
    const isAllowed = (item: Value): boolean => Array.isArray(allowed) && allowed.some((candidate) => sameJson(candidate, item));
    const allowedArray = type === 'array' && Array.isArray(value) && value.every((item) => isUnknown(item) || isAllowed(item));
    // A nullable parameter (Bicep's `string?`) may be null whatever its allowed values.
    const allowedNull = value === null && declaration['nullable'] === true;
    if (Array.isArray(allowed) && !isUnknown(value) && !isAllowed(value) && !allowedArray && !allowedNull) {
      this.expansion.note('warning', `Parameter '${name}' is ${JSON.stringify(value)}, which is not one of its allowedValues`, site.file, site.node);
    }
    return value;
  }

  /**
   * A value of a languageVersion 2.0 type with secure members (Bicep's `type login = { user: string,
   * @secure() password: string }` is written `"password": { "type": "securestring" }`): each member,
   * array item or additional property whose type definition is `securestring` or `secureObject`,
   * however deep (`properties`, `additionalProperties`, `items`, `prefixItems`, a discriminator's
   * mapping, through `$ref`s), withheld as a secure parameter is; the other members kept.
   */
  private withholdSecureMembers(value: Value, schema: JsonObject, path: string, site: Site, depth: number): Value {
    if (value === null || isUnknown(value) || depth > MAX_TYPE_DEPTH || (!isObject(value) && !Array.isArray(value) && depth === 0)) return value;
    let declaration = this.withDefinition(schema);
    const type = typeof declaration['type'] === 'string' ? declaration['type'].toLowerCase() : '';
    if (type === 'securestring' || type === 'secureobject')
      return isEmptySecret(value)
        ? value
        : new Unknown(`secure parameter '${path}' (value withheld)`, location(site), { credential: `secure parameter '${path}'` });
    // A type that says nothing of its members (most parameters: `object`, `array`) has none secure.
    if (!['properties', 'additionalProperties', 'items', 'prefixItems', 'discriminator'].some((key) => key in declaration)) return value;
    const member = (item: Value, itemSchema: JsonValue | undefined, itemPath: string): Value =>
      isJsonObject(itemSchema) ? this.withholdSecureMembers(item, itemSchema, itemPath, site, depth + 1) : item;
    if (Array.isArray(value)) {
      const prefix = declaration['prefixItems'];
      const items = declaration['items'];
      const read = value.map((item, index) => member(item, Array.isArray(prefix) && index < prefix.length ? prefix[index] : items, `${path}[${index}]`));
      return read.some((item, index) => item !== value[index]) ? read : value;
    }
    if (!isObject(value)) return value;
    // A tagged union: the members of the type its discriminator's value names.
    const discriminator = declaration['discriminator'];
    if (isJsonObject(discriminator) && typeof discriminator['propertyName'] === 'string' && isJsonObject(discriminator['mapping'])) {
      const tagKey = findKey(value, discriminator['propertyName']);
      const tag = tagKey === undefined ? undefined : value[tagKey];
      const mappingKey = typeof tag === 'string' ? findJsonKey(discriminator['mapping'], tag) : undefined;
      const variant = mappingKey === undefined ? undefined : discriminator['mapping'][mappingKey];
      if (isJsonObject(variant)) declaration = { ...declaration, ...this.withDefinition(variant) };
    }
    const properties = isJsonObject(declaration['properties']) ? declaration['properties'] : {};
    const additional = declaration['additionalProperties'];
    let changed = false;
    const read: ValueObject = {};
    for (const [key, item] of Object.entries(value)) {
      const propertyKey = findJsonKey(properties, key);
      const next = member(item, propertyKey === undefined ? additional : properties[propertyKey], `${path}.${key}`);
      if (next !== item) changed = true;
      setMember(read, key, next);
    }
    return changed ? read : value;
  }

  variable(name: string): Value {
    if (this.outer) return this.outer.variable(name);
    const lower = name.toLowerCase();
    const cached = this.variableCache.get(lower);
    if (cached !== undefined) return cached;
    if (this.resolving.has(`v:${lower}`)) throw new ExpressionError(`variable '${name}' refers to itself`);
    if (this.resolving.size >= MAX_CHAIN) throw new ChainTooDeep();
    const variables = this.section('variables');
    const site = child(this.site, 'variables');
    this.resolving.add(`v:${lower}`);
    try {
      let value: Value | undefined;
      const key = findJsonKey(variables, name);
      // A variable's object value may build arrays with `copy`, as resource properties do.
      if (key !== undefined && key.toLowerCase() !== 'copy') value = this.evaluate(variables[key] as JsonValue, child(site, key), true);
      else value = this.variableLoop(variables, name, site);
      if (value === undefined) throw new ExpressionError(`variable '${name}' is not declared`);
      this.variableCache.set(lower, value);
      return value;
    } finally {
      this.resolving.delete(`v:${lower}`);
    }
  }

  /** A variable defined by `variables.copy[]`: an array built by a loop. */
  private variableLoop(variables: JsonObject, name: string, site: Site): Value | undefined {
    const copyKey = findJsonKey(variables, 'copy');
    const loops = copyKey === undefined ? undefined : variables[copyKey];
    if (!Array.isArray(loops)) return undefined;
    const index = loops.findIndex((loop) => isJsonObject(loop) && typeof loop['name'] === 'string' && loop['name'].toLowerCase() === name.toLowerCase());
    if (index < 0) return undefined;
    return this.loop(loops[index] as JsonObject, child(child(site, copyKey as string), index));
  }

  /** copyIndex(): the innermost resource loop; copyIndex('name'): the innermost loop of that name. */
  copyIndex(loopName: string | undefined): number | Unknown {
    const wanted = loopName?.toLowerCase();
    const found =
      wanted === undefined
        ? (findLast(this.loops, (loop) => loop.resource) ?? this.loops[this.loops.length - 1])
        : findLast(this.loops, (loop) => loop.name?.toLowerCase() === wanted);
    if (found) return found.index;
    if (this.outer) return this.outer.copyIndex(loopName);
    throw new ExpressionError(loopName === undefined ? 'copyIndex() is used outside a copy loop' : `copyIndex('${loopName}') names no enclosing copy loop`);
  }

  userFunction(namespace: string, name: string): UserFunction | undefined {
    if (this.outer) return this.outer.userFunction(namespace, name);
    const groups = this.template[findJsonKey(this.template, 'functions') ?? 'functions'];
    if (!Array.isArray(groups)) return undefined;
    for (const group of groups) {
      if (!isJsonObject(group) || typeof group['namespace'] !== 'string' || group['namespace'].toLowerCase() !== namespace.toLowerCase()) continue;
      const members = group['members'];
      if (!isJsonObject(members)) continue;
      const key = findJsonKey(members, name);
      const member = key === undefined ? undefined : members[key];
      if (!isJsonObject(member)) continue;
      const parameters = Array.isArray(member['parameters'])
        ? member['parameters'].filter(isJsonObject).map((p) => ({ name: String(p['name']), ...(typeof p['type'] === 'string' ? { type: p['type'] } : {}) }))
        : [];
      const output = isJsonObject(member['output']) ? member['output'] : {};
      return { parameters, output: { ...(typeof output['type'] === 'string' ? { type: output['type'] } : {}), value: (output['value'] ?? null) as Value } };
    }
    return undefined;
  }

  reference(target: string, _apiVersion: string | undefined, full: boolean): Value {
    const declared = this.expansion.lookup(target);
    return declared ? declared.view(full) : undeclaredReference(target, full);
  }

  declaredReference(id: string, _apiVersion: string | undefined, full: boolean): Value | undefined {
    return this.expansion.lookup(id)?.view(full);
  }

  list(functionName: string, resourceId: string): Value {
    // What list*() returns (keys, connection strings, SAS tokens) is a credential.
    const name = resourceId.split('/').pop() ?? resourceId;
    return new Unknown(`${functionName}() of '${resourceId}' is only known at deployment`, undefined, { credential: `${functionName}() of '${name}'` });
  }

  deployment(): Value {
    if (this.outer) return this.outer.deployment();
    const uri = this.templateUri;
    return {
      name: this.target.deploymentName,
      properties: {
        templateLink: uri ? { uri, contentVersion: '1.0.0.0' } : new Unknown('the template link is known only at deployment'),
        template: { contentVersion: '1.0.0.0' },
        parameters: {},
        mode: 'Incremental',
        provisioningState: 'Accepted',
      },
      // A deployment to a subscription, management group or tenant has a location (where its data
      // is kept), given when it is created (`az deployment sub create --location`).
      ...(this.deploymentScope() === 'resourceGroup' ? {} : { location: new Unknown('the location of the deployment is given only when it is deployed') }),
    };
  }

  environment(): Value {
    return AZURE_CLOUD;
  }

  // With outer scope the parent evaluates the nested template's expressions, so the scope functions
  // answer for the parent's deployment, not for the resource group the nested one deploys to:
  // Microsoft's table ("nested, outer (default): parent resource group") in "ARM template functions
  // in deployment scopes". `resourceId()` without a group then names one in the parent's group.

  resourceGroup(): Value {
    return this.outer ? this.outer.resourceGroup() : resourceGroupObject(this.target);
  }

  subscription(): Value {
    return this.outer ? this.outer.subscription() : subscriptionObject(this.target);
  }

  tenant(): Value {
    return this.outer ? this.outer.tenant() : tenantObject(this.target);
  }

  managementGroup(): Value {
    return this.outer ? this.outer.managementGroup() : managementGroupObject(this.target);
  }

  /** As the ids of this template's resources are built (`resourceIdFor`): by its own `$schema`, or the parent's with outer scope. */
  deploymentScope(): DeploymentScopeKind {
    if (this.outer) return this.outer.deploymentScope();
    const schema = this.template[findJsonKey(this.template, '$schema') ?? '$schema'];
    return templateScope(typeof schema === 'string' ? schema : '');
  }

  /** The template's outputs as a deployment's reference() gives them: `{ name: { type, value } }`. */
  outputs(): ValueObject | Unknown {
    // Outputs that read other deployments' outputs are evaluated inside one another.
    if (this.expansion.outputsDepth >= MAX_OUTPUT_CHAIN) return new Unknown('the outputs of deployments refer to one another too deeply to evaluate');
    this.expansion.outputsDepth++;
    try {
      return this.evaluateOutputs();
    } finally {
      this.expansion.outputsDepth--;
    }
  }

  private evaluateOutputs(): ValueObject {
    const out: ValueObject = {};
    const site = child(this.site, findJsonKey(this.template, 'outputs') ?? 'outputs');
    for (const [name, output] of Object.entries(this.section('outputs'))) {
      if (!isJsonObject(output)) continue;
      const outputSite = child(site, name);
      // "You can use the condition element to conditionally return a value": false, no output.
      const conditionKey = findJsonKey(output, 'condition');
      if (conditionKey !== undefined) {
        const condition = this.evaluate(output[conditionKey] as JsonValue, child(outputSite, conditionKey));
        if (condition === false || (typeof condition === 'string' && condition.toLowerCase() === 'false')) continue;
      }
      const copyKey = findJsonKey(output, 'copy');
      const valueKey = findJsonKey(output, 'value');
      const type = typeof output['type'] === 'string' ? output['type'] : null;
      // A secure output is not among the outputs a deployment returns (nor in its history): only
      // listOutputsWithSecureValues() reads it, at deployment, and its value is a credential.
      const secure = type !== null && /^secure(string|object)$/i.test(type);
      const value = secure
        ? new Unknown(`secure output '${name}' (reference() does not return it)`, location(outputSite), { credential: `secure output '${name}'` })
        : copyKey !== undefined && isJsonObject(output[copyKey])
          ? this.loop(output[copyKey] as JsonObject, child(outputSite, copyKey))
          : valueKey === undefined
            ? null
            : this.evaluate(output[valueKey] as JsonValue, child(outputSite, valueKey));
      setMember(out, name, { type, value });
    }
    return out;
  }

  // Evaluation

  /** The name of the resource copy loop being expanded, which `dependsOn` may name. */
  resourceLoopName(): string | undefined {
    return findLast(this.loops, (loop) => loop.resource)?.name;
  }

  /**
   * A declaration's `dependsOn` as evaluated: the ids and names it waits for. Read for the
   * deployment order alone, so it adds no diagnostic and no Unknown to the count.
   */
  waitsFor(value: JsonValue | undefined, site: Site): string[] {
    if (value === undefined) return [];
    const { unknownValues } = this.expansion;
    const notes = this.expansion.diagnostics.length;
    try {
      const evaluated = this.evaluate(value, site);
      return Array.isArray(evaluated) ? evaluated.filter((entry): entry is string => typeof entry === 'string') : [];
    } finally {
      this.expansion.unknownValues = unknownValues;
      this.expansion.diagnostics.length = notes;
    }
  }

  withLoop<T>(loop: Loop, run: () => T): T {
    this.loops.push(loop);
    try {
      return run();
    } finally {
      this.loops.pop();
    }
  }

  /** Evaluates a JSON value of the template; `redirects` collects where property loops came from. */
  evaluate(value: JsonValue, site: Site, inProperties = false, redirects?: Redirect[], resourcePointer = ''): Value {
    if (typeof value === 'string') return this.evaluateText(value, site);
    if (Array.isArray(value)) {
      return value.map((item, index) => this.evaluate(item, child(site, index), inProperties, redirects, `${resourcePointer}/${index}`));
    }
    if (isJsonObject(value)) {
      const out: ValueObject = {};
      for (const [key, member] of Object.entries(value)) {
        if (inProperties && key.toLowerCase() === 'copy' && Array.isArray(member)) {
          member.forEach((loop, index) => {
            if (!isJsonObject(loop) || typeof loop['name'] !== 'string') return;
            const loopSite = child(child(site, key), index);
            setMember(out, loop['name'], this.loop(loop, loopSite, inProperties, redirects, `${resourcePointer}/${escapePointerToken(loop['name'])}`));
          });
          continue;
        }
        const name = this.propertyName(key, site);
        setMember(out, name, this.evaluate(member, child(site, key), inProperties, redirects, `${resourcePointer}/${escapePointerToken(name)}`));
      }
      return out;
    }
    return value;
  }

  /**
   * A property name, which may be an expression (`"[resourceId('…userAssignedIdentities', 'id')]": {}`,
   * as Bicep writes `'${identity.id}': {}`); one that does not evaluate to a string stays as written.
   */
  private propertyName(key: string, site: Site): string {
    if (!key.startsWith('[')) return key;
    const name = this.evaluateText(key, child(site, key));
    return typeof name === 'string' ? name : key;
  }

  private evaluateText(text: string, site: Site): Value {
    try {
      const value = evaluateString(text, this);
      if (isUnknown(value)) this.expansion.unknownValues++;
      return value;
    } catch (error) {
      if (error instanceof ExpressionError || error instanceof ExpressionSyntaxError) {
        this.expansion.note('warning', `${error.message} in ${clip(text)}`, site.file, site.node);
        this.expansion.unknownValues++;
        return new Unknown(`the expression ${clip(text)} cannot be evaluated: ${error.message}`, location(site));
      }
      // The innermost expression that ran out of budget is where the diagnostic points.
      if (error instanceof LimitExceededError && !limitSites.has(error)) limitSites.set(error, { site, text });
      throw error;
    }
  }

  /** A `copy` element: `{ name, count, input }` → the array of `input` evaluated for each index. */
  loop(loop: JsonObject, site: Site, inProperties = false, redirects?: Redirect[], resourcePointer = ''): Value {
    const name = typeof loop['name'] === 'string' ? loop['name'] : undefined;
    const count = this.count(loop['count'] ?? null, child(site, 'count'));
    if (isUnknown(count)) return count;
    const inputSite = child(site, 'input');
    if (redirects && inputSite.node) redirects.push({ prefix: resourcePointer, site: inputSite });
    const items: Value[] = [];
    for (let index = 0; index < count; index++) {
      items.push(
        this.withLoop({ name, index, resource: false }, () =>
          this.evaluate(loop['input'] ?? null, inputSite, inProperties, redirects, `${resourcePointer}/${index}`),
        ),
      );
    }
    return items;
  }

  /** A copy count: a whole number within ARM's limit, or Unknown. */
  count(raw: JsonValue, site: Site): number | Unknown {
    const value = this.evaluate(raw, site);
    if (isUnknown(value)) return value;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      this.expansion.note('warning', `Copy count ${JSON.stringify(value)} is not a whole number`, site.file, site.node);
      return new Unknown(`copy count ${JSON.stringify(value)} is not a whole number`, location(site));
    }
    if (value > this.expansion.limits.maxCopyCount) {
      throw new LimitExceededError(`Copy count ${value} exceeds the limit of ${this.expansion.limits.maxCopyCount}`);
    }
    return value;
  }
}

/** Where a property loop's items were written: pointers under `prefix/<i>` map into `site`. */
interface Redirect {
  readonly prefix: string;
  readonly site: Site;
}

export function expandTemplate(document: JsonDocument, options: ExpandOptions): ArmReadResult {
  const template = document.value;
  if (!isJsonObject(template)) {
    return {
      resources: [],
      diagnostics: [{ severity: 'error', message: 'The template is not a JSON object', line: 1, column: 1 }],
      unknownValues: 0,
      linkedFiles: new Set(),
    };
  }
  if (findJsonKey(template, 'resources') === undefined && findJsonKey(template, '$schema') === undefined) {
    // A file named on the command line that is no template at all (a config file, an export of another kind) says so.
    return {
      resources: [],
      diagnostics: [
        { severity: 'warning', message: 'Neither `resources` nor a `$schema`: not an ARM template, so nothing was read from it', line: 1, column: 1 },
      ],
      unknownValues: 0,
      linkedFiles: new Set(),
    };
  }
  const site: Site = { file: options.file, node: document.root, pointer: '' };
  const parameterValues = new Map([...(options.parameterValues ?? new Map<string, Value>())].map(([key, value]) => [key.toLowerCase(), value]));
  let expansion = expandPass(template, site, parameterValues, options, undefined);
  for (let pass = 2; pass <= MAX_PASSES && expansion.wantsAnotherPass(); pass++) {
    const next = expandPass(template, site, parameterValues, options, expansion);
    // A pass that reads more may run out of budget where the one before did not: that one stands.
    if (next.stopped) break;
    expansion = next;
  }
  const resources = lastDeployed(expansion);
  nameListedParts(resources, expansion);
  resolvePlaceholderIds(resources, expansion);
  return { resources, diagnostics: expansion.diagnostics, unknownValues: expansion.unknownValues, linkedFiles: expansion.linkedFiles };
}

/** The collections of parts a resource of a type lists inline (`subnets` of a VNet), by lower-case type. */
const LISTED_PARTS: ReadonlyMap<string, readonly string[]> = (() => {
  const byParent = new Map<string, string[]>();
  for (const [childType, collection] of Object.entries(EMBEDDED_CHILDREN)) pushTo(byParent, childType.slice(0, childType.lastIndexOf('/')), collection);
  return byParent;
})();

/**
 * A part a resource lists inline (a VNet's subnet, a NIC's IP configuration: EMBEDDED_CHILDREN)
 * named from a parameter without a value is named as a declared resource is, with one placeholder
 * per value not known (`[parameters('prefix')]-subnet`, name-text.ts): it is a part all the same,
 * and `resourceId()` of the same name is its id (resolvePlaceholderIds). A name of any other
 * making (`take()` of a parameter) stays unknown, and so does the part; so does one where a part
 * of the same collection is declared on its own under another name, which it may be (the graph
 * says so, mergeDeclaredChildren). Bodies are copied where they change, never changed.
 */
function nameListedParts(resources: Resource[], expansion: Expansion): void {
  // The names of the parts declared on their own, by `<parent key> <lower-case type>`.
  const declaredParts = new Map<string, string[]>();
  for (const resource of resources) {
    const type = resource.type.toLowerCase();
    const parent = LISTED_PARTS.has(type.slice(0, type.lastIndexOf('/'))) ? parentId(resource.id) : undefined;
    if (parent !== undefined) pushTo(declaredParts, `${idKey(parent)} ${type}`, resource.key.slice(resource.key.lastIndexOf('/') + 1));
  }
  for (const resource of resources) {
    const collections = LISTED_PARTS.get(resource.type.toLowerCase());
    const propertiesKey = collections && findKey(resource.body, 'properties');
    const properties = propertiesKey === undefined ? undefined : resource.body[propertiesKey];
    if (collections === undefined || propertiesKey === undefined || !isObject(properties)) continue;
    let changed: ValueObject | undefined;
    for (const collection of collections) {
      const key = findKey(properties, collection);
      const items = key === undefined ? undefined : properties[key];
      if (key === undefined || !Array.isArray(items)) continue;
      let named: Value[] | undefined;
      items.forEach((item, index) => {
        const nameKey = isObject(item) ? findKey(item, 'name') : undefined;
        const name = nameKey === undefined ? undefined : (item as ValueObject)[nameKey];
        const text = isUnknown(name) ? placeholderText(name) : undefined;
        // A name is one segment of an id; text with `/` in it is no part's name.
        if (nameKey === undefined || text === undefined || text === '' || text.includes('/')) return;
        const declared = declaredParts.get(`${resource.key} ${resource.type.toLowerCase()}/${collection.toLowerCase()}`);
        if (declared !== undefined && !declared.includes(idKey(text))) return;
        const copy: ValueObject = { ...(item as ValueObject) };
        setMember(copy, nameKey, text);
        (named ??= items.slice())[index] = copy;
        expansion.unknownValues = Math.max(0, expansion.unknownValues - 1);
      });
      if (named !== undefined) setMember((changed ??= { ...properties }), key, named);
    }
    if (changed === undefined) continue;
    const body: ValueObject = { ...resource.body };
    setMember(body, propertiesKey, changed);
    (resource as { body: ValueObject }).body = body;
  }
}

/** Values nested deeper than this are not searched for ids with placeholders. */
const MAX_RESOLVE_DEPTH = 256;

/**
 * `resourceId()` of a name not known is Unknown; where the id it stands for (name-text.ts) is that
 * of a resource the input declares (or of a part its body lists: `…/subnets/default`), the same placeholder
 * naming both, it is that resource's id: the VM named `[parameters('vmName')]` is the one its NIC's
 * or extension's `resourceId('Microsoft.Compute/virtualMachines', parameters('vmName'))` names.
 * Bodies are rewritten where they change; parts shared between them are copied, never changed.
 */
function resolvePlaceholderIds(resources: Resource[], expansion: Expansion): void {
  const declared = new Map<string, Resource[]>();
  for (const resource of resources) pushTo(declared, resource.key, resource);
  const done = new Map<object, Value>();
  const resolve = (value: Value, depth: number): Value => {
    if (value === null || typeof value !== 'object') return value;
    if (value instanceof Unknown) {
      const id = placeholderId(value);
      if (id === undefined || !declaresId(declared, id)) return value;
      expansion.unknownValues = Math.max(0, expansion.unknownValues - 1);
      return id;
    }
    if (depth > MAX_RESOLVE_DEPTH) return value;
    const seen = done.get(value);
    if (seen !== undefined) return seen;
    let out: Value = value;
    if (Array.isArray(value)) {
      value.forEach((item, index) => {
        const resolved = resolve(item, depth + 1);
        if (resolved === item) return;
        if (out === value) out = value.slice();
        (out as Value[])[index] = resolved;
      });
    } else {
      for (const key of Object.keys(value)) {
        const item = value[key] as Value;
        const resolved = resolve(item, depth + 1);
        if (resolved === item) continue;
        if (out === value) out = { ...value };
        setMember(out as ValueObject, key, resolved);
      }
    }
    done.set(value, out);
    return out;
  };
  for (const resource of resources) {
    const body = resolve(resource.body, 0);
    if (body !== resource.body) (resource as { body: ValueObject }).body = body as ValueObject;
  }
}

/** Whether `id` is that of a resource among `keys`, or of a part of one (`<vnet id>/subnets/default`). */
function declaresId(declared: ReadonlyMap<string, readonly Resource[]>, id: string): boolean {
  let at = idKey(id);
  // The `collection/name` just below `at`: a part of a resource is one its body lists by that name.
  let part: string | undefined;
  for (;;) {
    const found = declared.get(at);
    if (found !== undefined) return part === undefined || found.some((resource) => listsPart(resource, part as string));
    const last = at.lastIndexOf('/');
    const cut = last <= 0 ? -1 : at.lastIndexOf('/', last - 1);
    if (cut <= 0 || !at.slice(0, cut).includes('/providers/')) return false;
    part = at.slice(cut + 1);
    at = at.slice(0, cut);
  }
}

/**
 * Whether `properties.<collection>` of the resource lists an item named `name` (`part` is
 * `collection/name`, in lower case; a name from a parameter without a value is written with its
 * placeholder, nameListedParts): a subnet whose name is not known otherwise is not known to be the
 * one an id names.
 */
function listsPart(resource: Resource, part: string): boolean {
  const [collection, name] = part.split('/') as [string, string];
  const items = get(resource, 'properties', collection);
  return Array.isArray(items) && items.some((item) => isObject(item) && typeof item['name'] === 'string' && item['name'].toLowerCase() === name);
}

/**
 * The resources of a pass, each resource declared more than once (by nested or linked deployments)
 * kept as the declaration deployed last, where the template's dependencies say which that is; where
 * they do not, every declaration is kept (a reference reads what they agree on: `mergedDeclarations`).
 */
function lastDeployed(expansion: Expansion): Resource[] {
  const byKey = new Map<string, Resource[]>();
  for (const resource of expansion.resources) {
    const list = byKey.get(resource.key);
    if (list) list.push(resource);
    else byKey.set(resource.key, [resource]);
  }
  const replaced = new Set<Resource>();
  for (const declarations of byKey.values()) {
    if (declarations.length < 2) continue;
    const ordered = declarations.map((resource) => expansion.orderOf.get(resource));
    const last = ordered.some((entry) => entry === undefined) ? undefined : expansion.order.last(ordered as Ordered[]);
    if (last === undefined) {
      const [first] = declarations as [Resource];
      expansion.note(
        'info',
        `${first.type} '${first.name}' is declared ${declarations.length} times and dependsOn does not say which is deployed last: each is judged, and a reference to it reads what they agree on`,
        expansion.options.file,
        undefined,
      );
      continue;
    }
    for (const resource of declarations) if (expansion.orderOf.get(resource) !== last) replaced.add(resource);
    const kept = declarations[ordered.indexOf(last)] as Resource;
    expansion.note(
      'info',
      `${kept.type} '${kept.name}' is declared by ${declarations.length} deployments; the one that runs last (by dependsOn) is read`,
      expansion.options.file,
      undefined,
    );
  }
  if (expansion.order.exhausted)
    expansion.note(
      'warning',
      `The template's dependsOn chains are too long to follow: a resource deployed more than once is read as its declarations agree, unknown where they differ`,
      expansion.options.file,
      undefined,
    );
  return replaced.size === 0 ? expansion.resources : expansion.resources.filter((resource) => !replaced.has(resource));
}

function expandPass(
  template: JsonObject,
  site: Site,
  parameterValues: ReadonlyMap<string, Value>,
  options: ExpandOptions,
  previous: Expansion | undefined,
): Expansion {
  const expansion = new Expansion(options, previous);
  const context = new TemplateContext(expansion, template, site, parameterValues, options.scope ?? DEFAULT_SCOPE, 0);
  context.templateUri = options.templateUri;
  try {
    expandResources(context);
  } catch (error) {
    if (error instanceof LimitExceededError) {
      const at = limitSites.get(error);
      expansion.note('error', `${error.message}${at ? ` in ${clip(at.text)}` : ''}: evaluation stopped`, at?.site.file ?? options.file, at?.site.node);
    } else if (error instanceof ChainTooDeep || (error instanceof RangeError && /call stack/i.test(error.message))) {
      // Past Azure's own limits (256 variables, expressions of 24,576 characters): variables or
      // values referring to each other thousands deep.
      expansion.note('error', "The template's variables or values refer to each other too deeply to evaluate: evaluation stopped", options.file, undefined);
    } else if (!(error instanceof Abort)) throw error;
    expansion.stopped = true;
  }
  return expansion;
}

function expandResources(context: TemplateContext): void {
  const template = context.template;
  const key = findJsonKey(template, 'resources');
  if (key === undefined) return;
  const list = template[key];
  const site = child(context.site, key);
  const scopeKind = context.deployedAt ?? templateScope(typeof template['$schema'] === 'string' ? template['$schema'] : '');
  if (Array.isArray(list)) {
    list.forEach((declaration, index) => expandDeclaration(context, declaration, child(site, index), undefined, scopeKind));
  } else if (isJsonObject(list)) {
    // languageVersion 2.0: symbolic names.
    for (const [symbol, declaration] of Object.entries(list)) expandDeclaration(context, declaration, child(site, symbol), undefined, scopeKind, symbol);
  } else {
    context.expansion.note('warning', "'resources' is neither an array nor an object", site.file, site.node);
  }
}

interface Parent {
  readonly type: string;
  readonly name: string;
}

function expandDeclaration(context: TemplateContext, declaration: JsonValue, site: Site, parent: Parent | undefined, scopeKind: string, symbol?: string): void {
  if (!isJsonObject(declaration)) {
    context.expansion.note('warning', 'A resource declaration is not an object', site.file, site.node);
    return;
  }
  const copyKey = findJsonKey(declaration, 'copy');
  const copy = copyKey === undefined ? undefined : declaration[copyKey];
  if (isJsonObject(copy)) {
    const copySite = child(site, copyKey as string);
    const count = context.count(copy['count'] ?? null, child(copySite, 'count'));
    const name = typeof copy['name'] === 'string' ? copy['name'] : undefined;
    if (isUnknown(count)) {
      context.expansion.note('info', `The copy count is unknown (${count.reason}): one instance is checked`, copySite.file, copySite.node);
      context.withLoop({ name, index: new Unknown(`the index of copy loop '${name ?? ''}' is unknown because its count is`), resource: true }, () =>
        expandInstance(context, declaration, site, parent, scopeKind),
      );
      return;
    }
    // A symbolic name of a loop names the collection (dependsOn waits for all of it); reference()
    // reads one instance as `symbol[index]` (Bicep: `reference(format('subnets[{0}]', i))`).
    for (let index = 0; index < count; index++)
      context.withLoop({ name, index, resource: true }, () =>
        expandInstance(context, declaration, site, parent, scopeKind, undefined, symbol === undefined ? undefined : `${symbol}[${index}]`),
      );
    return;
  }
  expandInstance(context, declaration, site, parent, scopeKind, symbol);
}

/** `symbol` is the declaration's symbolic name, `readAs` what reference() reads the instance by (the symbol, or `symbol[index]` in a loop). */
function expandInstance(
  context: TemplateContext,
  declaration: JsonObject,
  site: Site,
  parent: Parent | undefined,
  scopeKind: string,
  symbol?: string,
  readAs = symbol,
): void {
  const expansion = context.expansion;
  const field = (name: string): { value: JsonValue | undefined; site: Site } => {
    const key = findJsonKey(declaration, name);
    return { value: key === undefined ? undefined : declaration[key], site: child(site, key ?? name) };
  };

  // A resource not deployed (its condition false, or `existing`) still names the children declared
  // in it: "Conditional deployment doesn't cascade to child resources".
  let deployed = true;
  const condition = field('condition');
  if (condition.value !== undefined) {
    const value = context.evaluate(condition.value, condition.site);
    if (value === false || (typeof value === 'string' && value.toLowerCase() === 'false')) deployed = false;
    else if (isUnknown(value))
      expansion.note('info', `The condition is unknown (${value.reason}): the resource is checked as if deployed`, condition.site.file, condition.site.node);
  }
  const existing = field('existing');
  if (existing.value === true) deployed = false;
  const children = field('resources');
  const declared = Array.isArray(children.value) ? children.value : [];
  if (!deployed && declared.length === 0) return;
  const expandChildren = (parent: Parent): void =>
    declared.forEach((each, index) => expandDeclaration(context, each, child(children.site, index), parent, scopeKind));

  const typeField = field('type');
  const rawType = typeField.value === undefined ? undefined : context.evaluate(typeField.value, typeField.site);
  if (typeof rawType !== 'string' || rawType === '') {
    expansion.note('warning', 'A resource has no type that can be evaluated', site.file, site.node);
    return;
  }
  const nameField = field('name');
  const rawName = nameField.value === undefined ? undefined : context.evaluate(nameField.value, nameField.site);
  // A name not known is written with one placeholder per value not known (`[parameters('vmName')]/GuestAttestation`),
  // so that a child's id nests under its parent's; failing that, as the expression is written.
  const shortName =
    typeof rawName === 'string'
      ? rawName
      : ((isUnknown(rawName) ? placeholderText(rawName) : undefined) ?? (typeof nameField.value === 'string' ? nameField.value : '(unnamed)'));
  // A nested resource's type is relative to its parent (`subnets`, or `blobServices/containers`
  // under a storage account) unless it names a resource provider (`Microsoft.Network/…`).
  const relative = parent !== undefined && !(rawType.split('/')[0] as string).includes('.');
  let type = relative ? `${parent.type}/${rawType}` : rawType;
  let name = relative ? `${parent.name}/${shortName}` : shortName;
  // The older extension form `Microsoft.Network/networkSecurityGroups/providers/diagnosticSettings`
  // named `nsg/Microsoft.Insights/setting` is the extension resource `Microsoft.Insights/diagnosticSettings`.
  let extensionScope: string | undefined;
  const extension = splitProvidersForm(type, name);
  if (extension) {
    extensionScope = resourceIdFor(context.target, scopeKind, extension.parentType, extension.parentName, undefined);
    type = extension.type;
    name = extension.name;
  }

  if (!deployed) {
    expandChildren({ type, name });
    return;
  }

  if (type.toLowerCase() === 'microsoft.resources/deployments') {
    expandDeployment(context, declaration, site, name, scopeKind, symbol, readAs);
    return;
  }

  if (typeof rawName === 'string' && type.split('/').length - 1 !== name.split('/').length) {
    expansion.note('warning', `Resource name '${name}' does not match the segments of type '${type}'`, nameField.site.file, nameField.site.node);
  }

  const body: ValueObject = {};
  const redirects: Redirect[] = [];
  let scope: Value | undefined;
  const unanswered = expansion.unanswered;
  for (const [key, value] of Object.entries(declaration)) {
    const lower = key.toLowerCase();
    if (TEMPLATE_ONLY_KEYS.has(lower)) continue;
    if (lower === 'type') setMember(body, key, type);
    else if (lower === 'name') setMember(body, key, name);
    else if (lower === 'properties') setMember(body, key, context.evaluate(value, child(site, key), true, redirects, `/${escapePointerToken(key)}`));
    else {
      const evaluated = context.evaluate(value, child(site, key));
      if (lower === 'scope') scope = evaluated;
      setMember(body, key, evaluated);
    }
  }
  // A scope not known (`scope: vm` of a VM named by a parameter) is the id it stands for, with placeholders.
  const scopeText = isUnknown(scope) ? (placeholderId(scope) ?? placeholderText(scope) ?? scope) : scope;
  const id = resourceIdFor(context.target, scopeKind, type, name, scopeText ?? extensionScope);
  // Written relative to the deployment's scope (Bicep's `scope: kv`, `format('Microsoft.KeyVault/vaults/{0}', …)`),
  // the scope property stands for that id too, and is it where the input declares the resource (resolvePlaceholderIds).
  if (isUnknown(scope) && placeholderId(scope) === undefined) {
    const key = findKey(body, 'scope');
    const scopeId = scopeIdFor(context.target, scopeKind, scopeText);
    if (key !== undefined && scopeId !== undefined) setMember(body, key, markId(copyOf(scope), scopeId));
  }
  body['id'] = id;
  const resource = createResource({ id, type, name, body, input: expansion.options.file, source: templateSourceMap(site, redirects) });
  expansion.add(resource);
  expansion.declare(id, name, readAs, unanswered, () => withSubResourceIds(type, id, body));
  const dependsOn = field('dependsOn');
  const waitsFor = context.waitsFor(dependsOn.value, dependsOn.site);
  expansion.orderOf.set(resource, expansion.order.add(id, type, name, symbol ?? context.resourceLoopName(), waitsFor, context.within));

  expandChildren({ type, name });
}

/**
 * What reference() returns for a declared resource or deployment: its properties, or with 'Full'
 * its whole body (see runtimeView), made when first asked for. A deployment whose outputs
 * reference() the deployment itself gets Unknown there.
 */
function viewsOf(id: string, deployed: () => ValueObject): (full: boolean) => Value {
  let body: ValueObject | undefined;
  let making = false;
  const views = new Map<boolean, Value>();
  return (full) => {
    let view = views.get(full);
    if (view !== undefined) return view;
    if (making) return new Unknown(`reference() to '${id}' refers to the deployment itself`);
    making = true;
    try {
      body ??= deployed();
    } finally {
      making = false;
    }
    const key = findKey(body, 'properties');
    view = full ? runtimeView(body, id, '') : runtimeView(key === undefined ? {} : (body[key] as Value), id, '/properties');
    views.set(full, view);
    return view;
  };
}

/**
 * A resource's body with the `id` Azure gives each item of a Microsoft.Network resource's property
 * arrays (subnets, IP configurations, frontend IP configurations, pools, rules, probes…):
 * `<resource id>/<array>/<item name>`, as `reference(vnet).subnets[0].id` reads it.
 */
function withSubResourceIds(type: string, id: string, body: ValueObject): ValueObject {
  const key = findKey(body, 'properties');
  const properties = key === undefined ? undefined : body[key];
  if (!type.toLowerCase().startsWith('microsoft.network/') || !isObject(properties)) return body;
  const withIds: ValueObject = {};
  for (const [name, member] of Object.entries(properties)) {
    const items = Array.isArray(member)
      ? member.map((item) =>
          isObject(item) && typeof item['name'] === 'string' && findKey(item, 'id') === undefined ? { id: `${id}/${name}/${item['name']}`, ...item } : item,
        )
      : member;
    setMember(withIds, name, items);
  }
  return { ...body, [key as string]: withIds };
}

/** Splits `ns/parent/providers/extNs/extType` + `parentName/extNs/extName` into parent and extension. */
function splitProvidersForm(type: string, name: string): { parentType: string; parentName: string; type: string; name: string } | undefined {
  const typeParts = type.split('/');
  const at = typeParts.findIndex((part, index) => index > 1 && part.toLowerCase() === 'providers');
  if (at < 0) return undefined;
  const nameParts = name.split('/');
  const parentNames = at - 1;
  if (nameParts.length < parentNames + 2) return undefined;
  return {
    parentType: typeParts.slice(0, at).join('/'),
    parentName: nameParts.slice(0, parentNames).join('/'),
    type: [nameParts[parentNames], ...typeParts.slice(at + 1)].join('/'),
    name: nameParts.slice(parentNames + 1).join('/'),
  };
}

function resourceIdFor(target: DeploymentScope, scopeKind: string, type: string, name: string, scope: Value | undefined): string {
  return formatResourceId(scopeIdFor(target, scopeKind, scope) ?? deploymentScopeId(target, scopeKind), type, name);
}

function deploymentScopeId(target: DeploymentScope, scopeKind: string): string {
  return scopeKind === 'subscription'
    ? `/subscriptions/${target.subscriptionId}`
    : scopeKind === 'managementGroup'
      ? `/providers/Microsoft.Management/managementGroups/${target.managementGroup}`
      : scopeKind === 'tenant'
        ? ''
        : `/subscriptions/${target.subscriptionId}/resourceGroups/${target.resourceGroup}`;
}

/**
 * The id of the scope an extension resource's `scope` names: an id, or a resource written relative
 * to the deployment's scope (`Microsoft.Cdn/profiles/x`, as Bicep writes it); undefined for anything else.
 */
function scopeIdFor(target: DeploymentScope, scopeKind: string, scope: Value | undefined): string | undefined {
  if (typeof scope !== 'string') return undefined;
  if (scope.startsWith('/')) return scope;
  return /^[^/]+\.[^/]+\/[^/]+\/./.test(scope) ? `${deploymentScopeId(target, scopeKind)}/providers/${scope}` : undefined;
}

/** A nested (inline) or linked deployment: its resources join the input's, in the deployment's scope. */
function expandDeployment(
  context: TemplateContext,
  declaration: JsonObject,
  site: Site,
  deploymentName: string,
  scopeKind: string,
  symbol?: string,
  readAs = symbol,
): void {
  const expansion = context.expansion;
  const unanswered = expansion.unanswered;
  if (context.depth + 1 > expansion.limits.maxDeploymentDepth) {
    throw new LimitExceededError(`Deployments nested more than ${expansion.limits.maxDeploymentDepth} deep`);
  }
  const propertiesKey = findJsonKey(declaration, 'properties');
  const properties = propertiesKey === undefined ? undefined : declaration[propertiesKey];
  if (!isJsonObject(properties)) return;
  const propertiesSite = child(site, propertiesKey as string);
  const prop = (name: string): { value: JsonValue | undefined; site: Site } => {
    const key = findJsonKey(properties, name);
    return { value: key === undefined ? undefined : properties[key], site: child(propertiesSite, key ?? name) };
  };

  const { target, deployedAt } = retarget(context, declaration, site, deploymentName, scopeKind);
  const options = prop('expressionEvaluationOptions');
  const scopeValue = isJsonObject(options.value) ? context.evaluate(options.value['scope'] ?? 'outer', child(options.site, 'scope')) : 'outer';
  const inner = typeof scopeValue === 'string' && scopeValue.toLowerCase() === 'inner';

  let template: JsonObject | undefined;
  let templateSite: Site | undefined;
  let linked = false;
  let linkedFrom: string | undefined;
  const inline = prop('template');
  if (isJsonObject(inline.value)) {
    template = inline.value;
    templateSite = inline.site;
  } else {
    const link = prop('templateLink');
    if (isJsonObject(link.value)) {
      linked = true;
      const loaded = loadLinkedTemplate(context, link.value, link.site);
      if (loaded) {
        template = loaded.template;
        templateSite = loaded.site;
        linkedFrom = loaded.uri;
      }
    }
  }
  if (!template || !templateSite) return;

  // A nested template that declares parameters and is passed values is read with inner scope
  // even where the scope is left to the default: outer scope would ignore both, and ARM rejects that.
  const declared = template[findJsonKey(template, 'parameters') ?? 'parameters'];
  const passesParameters = isJsonObject(prop('parameters').value) && isJsonObject(declared) && Object.keys(declared).length > 0;
  // Outer scope: the inner template's expressions see the parent's parameters and variables.
  const outer = !inner && !linked && !passesParameters;
  const values = new Map<string, Value>();
  const parameters = prop('parameters');
  if (!outer && isJsonObject(parameters.value)) {
    for (const [name, entry] of Object.entries(parameters.value)) {
      const entrySite = child(parameters.site, name);
      if (isJsonObject(entry) && entry['reference'] !== undefined)
        values.set(name.toLowerCase(), new Unknown(`parameter '${name}' is a Key Vault reference, resolved only at deployment`, location(entrySite)));
      else if (isJsonObject(entry) || typeof entry === 'string') {
        // The values are part of the deployment's properties: property copy loops in them are
        // expanded, the entry's own too (Bicep writes a module parameter given by a `for`
        // expression as `{ "copy": [{ "name": "value", "count": …, "input": … }] }`). An entry
        // may be an expression that gives the `{ "value": … }` object (Bicep writes a
        // conditional one as `[if(c, createObject('value', a), createObject('value', b))]`).
        const evaluated = context.evaluate(entry, entrySite, true);
        const valueKey = isObject(evaluated) ? findKey(evaluated, 'value') : undefined;
        if (valueKey !== undefined) values.set(name.toLowerCase(), (evaluated as ValueObject)[valueKey] as Value);
        else if (isUnknown(evaluated)) values.set(name.toLowerCase(), evaluated);
      }
    }
  }
  if (!outer && prop('parametersLink').value !== undefined) {
    expansion.note(
      'info',
      `Deployment '${deploymentName}' takes its parameters from a link, which is not read: parameters without defaults are unknown`,
      site.file,
      site.node,
    );
  }
  // The deployment is a resource of the scope it deploys to; what reference() reads of it is its outputs.
  // The deployment is where it deploys (a subscription's, a management group's, a resource group's).
  const id = resourceIdFor(target, deployedAt, 'Microsoft.Resources/deployments', deploymentName, undefined);
  const dependsOnKey = findJsonKey(declaration, 'dependsOn');
  const waitsFor = context.waitsFor(dependsOnKey === undefined ? undefined : declaration[dependsOnKey], child(site, dependsOnKey ?? 'dependsOn'));
  const nested = new TemplateContext(expansion, template, templateSite, values, target, context.depth + 1, outer ? context : undefined);
  // A template nested inline is deployed with no link of its own; a linked one from its link.
  nested.templateUri = linked ? linkedFrom : undefined;
  nested.deployedAt = deployedAt;
  nested.within = expansion.order.add(id, 'Microsoft.Resources/deployments', deploymentName, symbol ?? context.resourceLoopName(), waitsFor, context.within);
  expandResources(nested);
  expansion.declare(id, deploymentName, readAs, unanswered, () => ({ properties: { outputs: nested.outputs() } }));
}

/**
 * Where a nested deployment deploys: its `resourceGroup` (in its `subscriptionId`, when set), else
 * its `subscriptionId`, else the management group or tenant its `scope` names, else the scope of the
 * deployment that holds it. That, not the nested template's `$schema`, is the scope of its
 * resources: Microsoft's own example nests a resource-group schema template with `subscriptionId`
 * alone to create a resource group ("To target a subscription within the management group, use a
 * nested deployment and the subscriptionId property").
 */
function retarget(
  context: TemplateContext,
  declaration: JsonObject,
  site: Site,
  deploymentName: string,
  parentScope: string,
): { target: DeploymentScope; deployedAt: ScopeKind } {
  const pick = (name: string): string | undefined => {
    const key = findJsonKey(declaration, name);
    if (key === undefined) return undefined;
    const value = context.evaluate(declaration[key] as JsonValue, child(site, key));
    return typeof value === 'string' ? value : isUnknown(value) ? `{${name}}` : undefined;
  };
  const subscriptionId = pick('subscriptionId');
  const resourceGroup = pick('resourceGroup');
  const scope = pick('scope');
  const group = scope === undefined ? undefined : /(?:^|\/)Microsoft\.Management\/managementGroups\/([^/]+)$/i.exec(scope)?.[1];
  const deployedAt: ScopeKind = resourceGroup
    ? 'resourceGroup'
    : subscriptionId
      ? 'subscription'
      : group
        ? 'managementGroup'
        : scope === '/'
          ? 'tenant'
          : (parentScope as ScopeKind);
  return {
    target: {
      ...context.target,
      ...(subscriptionId ? { subscriptionId } : {}),
      ...(resourceGroup ? { resourceGroup } : {}),
      ...(group ? { managementGroup: group } : {}),
      deploymentName,
    },
    deployedAt,
  };
}

type ScopeKind = ReturnType<typeof templateScope>;

function loadLinkedTemplate(context: TemplateContext, link: JsonObject, site: Site): { template: JsonObject; site: Site; uri?: string } | undefined {
  const expansion = context.expansion;
  const relativeKey = findJsonKey(link, 'relativePath');
  const uriKey = findJsonKey(link, 'uri');
  const key = relativeKey ?? uriKey;
  if (key === undefined) {
    // A template spec (`id`) lives in Azure; its resources are missing from the scan, which says so.
    const idKey = findJsonKey(link, 'id');
    const spec = idKey === undefined ? undefined : context.evaluate(link[idKey] as JsonValue, child(site, idKey));
    expansion.note(
      'warning',
      typeof spec === 'string'
        ? `Template spec ${clip(spec)} is not checked: it is kept in Azure (export it with az ts export and scan the template)`
        : 'The linked template names neither a uri nor a relativePath: its resources are not checked',
      site.file,
      site.node,
    );
    return undefined;
  }
  const reference = context.evaluate(link[key] as JsonValue, child(site, key));
  if (isUnknown(reference) || typeof reference !== 'string') {
    // Its resources are missing from the scan: a warning, so that the input is not reported clean.
    expansion.note(
      'warning',
      `The linked template's location is unknown${isUnknown(reference) ? ` (${reference.reason})` : ''}: its resources are not checked`,
      site.file,
      site.node,
    );
    return undefined;
  }
  const loader = expansion.options.loadLinked;
  const loaded = loader ? loader(reference, site.file) : { error: 'linked templates are not read here' };
  if ('error' in loaded) {
    expansion.note('warning', `Linked template ${clip(reference)} is not checked: ${loaded.error}`, site.file, site.node);
    return undefined;
  }
  const template = loaded.document.value;
  if (!isJsonObject(template)) {
    expansion.note('warning', `Linked template ${loaded.file} is not a JSON object`, site.file, site.node);
    return undefined;
  }
  if (loaded.readFrom !== undefined) expansion.note('info', loaded.readFrom, site.file, site.node);
  for (const diagnostic of loaded.diagnostics ?? [])
    expansion.note(
      diagnostic.severity,
      diagnostic.message,
      loaded.file,
      diagnostic.line === undefined ? undefined : { line: diagnostic.line, column: diagnostic.column ?? 1 },
    );
  expansion.linkedFiles.add(loaded.file);
  // Its own templateLink.uri: "You can use deployment() to link to another template based on the URI of the parent template."
  const uri = linkedUri(reference, context.templateUri);
  return { template, site: { file: loaded.file, node: loaded.document.root, pointer: '' }, ...(uri ? { uri } : {}) };
}

/** The URI a linked template is deployed from: its link, absolute or relative to the linking template's. */
function linkedUri(reference: string, parent: string | undefined): string | undefined {
  try {
    return new URL(reference, parent).href;
  } catch {
    return undefined;
  }
}

/**
 * Maps a pointer inside an expanded resource to where it was written: the declaration's own node,
 * or, under a property loop's output (`/properties/dataDisks/2/...`), the loop's `input`.
 */
function templateSourceMap(site: Site, redirects: readonly Redirect[]): SourceMap {
  return {
    file: site.file,
    locate(pointer: string): SourceLocation | undefined {
      for (const redirect of redirects) {
        if (!pointer.startsWith(redirect.prefix + '/')) continue;
        const rest = parsePointer(pointer.slice(redirect.prefix.length)).slice(1);
        return locateIn(redirect.site, rest);
      }
      return locateIn(site, parsePointer(pointer));
    },
  };
}

function locateIn(site: Site, tokens: readonly string[]): SourceLocation | undefined {
  if (!site.node) return undefined;
  const { node, depth } = nodeAt(site.node, tokens);
  const written = tokens.slice(0, depth).map(escapePointerToken).join('/');
  return { file: site.file, line: node.line, column: node.column, pointer: written === '' ? site.pointer : `${site.pointer}/${written}` };
}

function location(site: Site): SourceLocation | undefined {
  return site.node ? { file: site.file, line: site.node.line, column: site.node.column, pointer: site.pointer } : undefined;
}

function findJsonKey(object: JsonObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  return Object.keys(object).find((key) => key.toLowerCase() === lower);
}

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isEmptySecret(value: Value): boolean {
  return value === '' || value === null || (isObject(value) && Object.keys(value).length === 0);
}

function sameJson(a: JsonValue, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Where a LimitExceededError was raised, for the diagnostic that stops the template. */
const limitSites = new WeakMap<LimitExceededError, { site: Site; text: string }>();

function clip(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
