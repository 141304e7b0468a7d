/**
 * A Bicep file compiled to the ARM template `az bicep build` would write for it, which the ARM
 * reader then expands like any other: params, vars, user functions, resources (conditions, loops,
 * child resources declared inside their parent or with `parent:`, extension resources with
 * `scope:`, `existing` resources read, not deployed), modules (nested deployments of the local
 * `.bicep` or `.json` file they name; registry modules and template specs are not fetched) and
 * outputs. References are what Bicep makes of them: `vnet.id` a `resourceId()`, `vnet.properties.x`
 * a `reference()`, `mod.outputs.x` the deployment's output. Every value of the template points back
 * to its line and column in the Bicep file. `loadTextContent()` and the other file functions read
 * the file (through `readFile`), as Bicep does when it builds.
 */
import { createRequire } from 'node:module';
import { posix } from 'node:path';
import type * as Yaml from 'yaml';
import type { Diagnostic } from '../../model/input.js';
import type { ExprNode } from '../arm-expr/evaluate.js';
import type { JsonDocument, JsonNode, JsonValue } from '../json/parse.js';
import {
  BicepSyntaxError,
  hasSecureMember,
  isDirectiveAt,
  parseBicepTemplate,
  placer,
  type BicepNode,
  type DeclarationBody,
  type ImportedName,
  type ResourceDeclaration,
  type Spread,
  type TemplateStatement,
} from './syntax.js';
import { UNKNOWN_FUNCTION } from '../arm-expr/evaluate.js';
import { armText, call, str, translate, type Locals, type TranslateHooks } from './translate.js';
import { typeExpression, typeSchema } from './types.js';

/** Reads a file a file function names, relative to the Bicep file; gives its bytes or why not. */
export type ReadBicepFile = (path: string) => { bytes: Uint8Array } | { error: string };

export type CompileResult = { readonly document: JsonDocument; readonly diagnostics: Diagnostic[] } | { readonly error: Diagnostic };

const SCHEMAS: Readonly<Record<string, string>> = {
  resourceGroup: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  subscription: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  managementGroup: 'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#',
  tenant: 'https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#',
};

/** The functions of user-defined `func` declarations live in this namespace, as Bicep puts them. */
const FUNCTIONS_NAMESPACE = '__bicep';

/** Registry modules and template specs: kept in a registry or in Azure, never fetched. */
const REMOTE_MODULE = /^(br|ts)[:/]/i;

/**
 * Whether a resource type of a file that declares extensions is one of an extension's
 * (`Microsoft.Graph/groups@v1.0`, `apps/Deployment@v1`) rather than of Azure Resource Manager,
 * whose API versions are dates (`2024-07-01`, `2024-07-01-preview`).
 */
function isExtensionType(type: string): boolean {
  const at = type.lastIndexOf('@');
  return at >= 0 && !/^\d{4}-\d{2}-\d{2}/.test(type.slice(at + 1));
}

/** Resource members Bicep knows without deploying (the rest are read with reference(…, 'full')). */
const DEPLOYMENT_MEMBERS = new Set(['properties', 'id', 'name', 'type', 'apiversion']);

interface ResourceSymbol {
  readonly kind: 'resource';
  readonly declaration: ResourceDeclaration;
  /** The type without its API version, made absolute for a child declared in its parent's body. */
  readonly type: string;
  readonly apiVersion: string;
  /** The parent declared around it; a `parent:` property is read from the body. */
  readonly enclosing?: ResourceSymbol;
  readonly children: Map<string, ResourceSymbol>;
}

interface ModuleSymbol {
  readonly kind: 'module';
  readonly name: string;
  /** The module's file as written: a relative path, or a registry module or template spec. */
  readonly path: string;
  readonly body: DeclarationBody;
  readonly at: number;
}

type FuncStatement = Extract<TemplateStatement, { kind: 'func' }>;

/** Where a module deploys, as its deployment resource says it. */
interface ModuleScope {
  readonly subscriptionId?: ExprNode;
  readonly resourceGroup?: ExprNode;
  readonly managementGroup?: ExprNode;
  readonly tenant?: true;
}

type SymbolEntry =
  | ResourceSymbol
  | ModuleSymbol
  | { readonly kind: 'param' }
  | { readonly kind: 'var'; readonly value: BicepNode; readonly exported: boolean }
  | { readonly kind: 'func'; readonly statement: FuncStatement }
  | ({ readonly kind: 'imported' } & ImportedName)
  /** A resource of a Bicep extension (`extension microsoftGraphV1`): not an Azure resource, so not read. */
  | { readonly kind: 'foreign'; readonly type: string };

/**
 * What one compilation imports from other Bicep files (`import {a} from 'types.bicep'`): each
 * file read once, and the variables and functions used from them, written into the template
 * compiled under names of their own (the file's number, then the name), with what they use in turn.
 */
interface Imports {
  readonly files: Map<string, Compiler | { readonly error: string }>;
  readonly variables: Map<string, Placed>;
  readonly functions: Map<string, JsonValue>;
}

/** Files importing one another deeper than this are refused. */
const MAX_IMPORT_DEPTH = 10;

type Placed = { value: JsonValue; node: JsonNode };

/** A JSON object of the template being written, with where each member was written in the Bicep file. */
class PlacedObject {
  readonly value: { [key: string]: JsonValue } = {};
  readonly #members = new Map<string, JsonNode>();

  put(key: string, placed: Placed): void {
    this.value[key] = placed.value;
    this.#members.set(key, placed.node);
  }

  /** The object, placed at `at`. */
  placed(at: JsonNode): Placed {
    return { value: this.value, node: { ...at, members: this.#members } };
  }
}

/** Compiles `text`, the Bicep file; a syntax error gives that error alone, with its line and column. */
export function compileBicep(text: string, readFile: ReadBicepFile): CompileResult {
  const place = placer(text);
  try {
    return new Compiler(text, place, readFile).compile();
  } catch (error) {
    if (error instanceof BicepSyntaxError) return { error: { severity: 'error', message: `Invalid Bicep: ${error.message}`, ...place(error.at) } };
    // An expression past any sensible length, or names built from names too deep for the stack.
    if (error instanceof RangeError) return { error: { severity: 'error', message: `The Bicep file cannot be compiled: ${error.message}` } };
    throw error;
  }
}

/**
 * What a Bicep parameter file imports from Bicep files (`import {a} from 'shared.bicep'`), compiled:
 * `hooks` give the ARM expression of an imported name (`a`, `ns.a`, `f()`, `ns.f()`), which reads
 * the `variables` and the user `functions` (in namespace FUNCTIONS_NAMESPACE) compiled with it.
 */
export interface CompiledImports {
  readonly hooks: TranslateHooks;
  readonly variables: ReadonlyMap<string, JsonValue>;
  readonly functions: ReadonlyMap<string, JsonValue>;
  readonly diagnostics: readonly Diagnostic[];
}

export function compileImports(
  imported: ReadonlyMap<string, ImportedName>,
  readFile: ReadBicepFile,
  place: (at: number) => { line: number; column: number },
): CompiledImports {
  return new Compiler('', place, readFile).importing(imported);
}

export { FUNCTIONS_NAMESPACE };

class Compiler {
  readonly #symbols = new Map<string, SymbolEntry>();
  /** The file's `@secure()` user-defined types: a parameter of one is secure. */
  #secureTypes: ReadonlyMap<string, 'string' | 'object'> = new Map();
  /** The file's user-defined types with a `@secure()` member: an output of one holds a secure value. */
  #typesWithSecureMembers: ReadonlySet<string> = new Set();
  /** The text of the file's other user-defined types, by name. */
  #types: ReadonlyMap<string, string> = new Map();
  /** The user-defined types the parameters' type definitions refer to (`$ref`), written as `definitions`. */
  readonly #definitions = new Map<string, JsonValue>();
  /** Whether the file declares a Bicep extension: then a resource type whose API version is no date is the extension's. */
  #extensions = false;
  readonly #diagnostics: Diagnostic[] = [];
  readonly #hooks: TranslateHooks;
  /** The parts of declarations being made (see #naming). */
  readonly #beingNamed = new Set<string>();
  readonly #names = new Map<ResourceSymbol, ExprNode[]>();
  #targetScope = 'resourceGroup';

  readonly #imports: Imports;
  /** The file's outputs. */
  #outputs: readonly Extract<TemplateStatement, { kind: 'output' }>[] = [];
  /** The secure outputs of the local modules the file uses, by the module's path. */
  readonly #secureOutputs = new Map<string, ReadonlySet<string>>();
  /** Set while a function's body is written: the variables it uses are written into it. */
  #inFunction = false;
  readonly #inlining = new Set<string>();

  /**
   * `imported`: set for a file another imports from, with where it is (relative to the compiled
   * file's folder, `/`-separated), its number and how deep the chain of imports is.
   */
  constructor(
    private readonly text: string,
    private readonly place: (at: number) => { line: number; column: number },
    private readonly readFile: ReadBicepFile,
    private readonly imported?: {
      readonly imports: Imports;
      readonly folder: string;
      readonly prefix: string;
      readonly depth: number;
      readonly file: string;
      readonly diagnostics: Diagnostic[];
    },
  ) {
    this.#imports = imported?.imports ?? { files: new Map(), variables: new Map(), functions: new Map() };
    this.#hooks = {
      identifier: (node) => this.#identifier(node.name, node.at),
      call: (node, locals) => this.#call(node, locals),
      member: (node, locals) => this.#member(node, locals),
    };
  }

  compile(): CompileResult {
    const syntax = this.#read();
    const at = this.#node(0);
    const template = new PlacedObject();
    const parameters = this.#section(syntax.statements, 'param', (s) => this.#parameter(s));
    const variables = this.#section(syntax.statements, 'var', (s) => this.#json(s.value, new Map()));
    const outputs = this.#section(syntax.statements, 'output', (s) => this.#output(s));
    const resources: Placed[] = [];
    for (const statement of syntax.statements) {
      if (statement.kind === 'resource') {
        const symbol = this.#symbols.get(statement.name) as ResourceSymbol | { kind: 'foreign'; type: string };
        if (symbol.kind === 'resource') this.#resources(symbol, resources);
        else
          this.#warn(`Resource '${statement.name}' (${symbol.type}) belongs to a Bicep extension, not to Azure Resource Manager: it is not read`, statement.at);
      } else if (statement.kind === 'module') {
        const module = this.#module(this.#symbols.get(statement.name) as ModuleSymbol);
        if (module) resources.push(module);
      }
    }
    // Last: what everything else used from imported files is known.
    const functions = this.#functions(syntax.statements);
    template.put('$schema', { value: SCHEMAS[this.#targetScope] ?? (SCHEMAS['resourceGroup'] as string), node: at });
    template.put('contentVersion', { value: '1.0.0.0', node: at });
    template.put('metadata', { value: { _generator: { name: 'bicep', templateHash: 'azvmsec' } }, node: at });
    if (this.#definitions.size > 0) template.put('definitions', { value: Object.fromEntries(this.#definitions), node: at });
    template.put('parameters', parameters.placed(at));
    // What the file imports from others joins its own variables and functions.
    for (const [name, placed] of this.#imports.variables) variables.put(name, placed);
    if (functions) template.put('functions', functions);
    template.put('variables', variables.placed(at));
    template.put('resources', { value: resources.map((r) => r.value), node: { ...at, members: resources.map((r) => r.node) } });
    template.put('outputs', outputs.placed(at));
    const { value, node } = template.placed(at);
    return { document: { value, root: node, warnings: [] }, diagnostics: this.#diagnostics };
  }

  /** This compiler as the reader of what a parameter file imports (see compileImports). */
  importing(imported: ReadonlyMap<string, ImportedName>): CompiledImports {
    for (const [name, value] of imported) this.#symbols.set(name, { kind: 'imported', ...value });
    const imports = this.#imports;
    return {
      hooks: this.#hooks,
      get variables() {
        return new Map([...imports.variables].map(([name, placed]) => [name, placed.value]));
      },
      functions: imports.functions,
      diagnostics: this.#diagnostics,
    };
  }

  /** Parses the file and declares what it holds. */
  #read(): ReturnType<typeof parseBicepTemplate> {
    const syntax = parseBicepTemplate(this.text);
    this.#secureTypes = syntax.secureTypes;
    this.#typesWithSecureMembers = syntax.typesWithSecureMembers;
    this.#types = syntax.types;
    this.#extensions = syntax.extensions;
    for (const [name, imported] of syntax.imported) this.#symbols.set(name, { kind: 'imported', ...imported });
    for (const statement of syntax.statements) this.#declare(statement);
    this.#outputs = syntax.statements.filter((statement) => statement.kind === 'output');
    return syntax;
  }

  #declare(statement: TemplateStatement): void {
    if (statement.kind === 'targetScope') {
      const scope = statement.value.kind === 'string' ? statement.value.parts.join('') : '';
      if (SCHEMAS[scope] === undefined) throw new BicepSyntaxError(`targetScope must be resourceGroup, subscription, managementGroup or tenant`, statement.at);
      this.#targetScope = scope;
      return;
    }
    if (statement.kind === 'resource')
      this.#symbols.set(
        statement.name,
        this.#extensions && isExtensionType(statement.type) ? { kind: 'foreign', type: statement.type } : this.#resourceSymbol(statement, undefined),
      );
    else if (statement.kind === 'module')
      this.#symbols.set(statement.name, { kind: 'module', name: statement.name, path: statement.path, body: statement.body, at: statement.at });
    else if (statement.kind === 'param') this.#symbols.set(statement.name, { kind: 'param' });
    else if (statement.kind === 'var') this.#symbols.set(statement.name, { kind: 'var', value: statement.value, exported: statement.exported });
    else if (statement.kind === 'func') this.#symbols.set(statement.name, { kind: 'func', statement });
  }

  #resourceSymbol(declaration: ResourceDeclaration, enclosing: ResourceSymbol | undefined): ResourceSymbol {
    const [written, version] = declaration.type.split('@') as [string, string | undefined];
    const relative = enclosing !== undefined && !(written.split('/')[0] as string).includes('.');
    const apiVersion = version ?? enclosing?.apiVersion;
    if (apiVersion === undefined) throw new BicepSyntaxError(`The type '${declaration.type}' has no API version ('type@version')`, declaration.at);
    const symbol: ResourceSymbol = {
      kind: 'resource',
      declaration,
      type: relative ? `${enclosing.type}/${written}` : written,
      apiVersion,
      ...(enclosing ? { enclosing } : {}),
      children: new Map(),
    };
    const value = declaration.body.value;
    if (value.kind === 'object') {
      for (const entry of value.entries)
        if (entry.kind === 'resource') symbol.children.set(entry.declaration.name, this.#resourceSymbol(entry.declaration, symbol));
    }
    return symbol;
  }

  // ---- Sections ---------------------------------------------------------------------------------

  #section<K extends TemplateStatement['kind']>(
    statements: readonly TemplateStatement[],
    kind: K,
    make: (s: Extract<TemplateStatement, { kind: K }>) => Placed,
  ): PlacedObject {
    const section = new PlacedObject();
    for (const statement of statements) {
      if (statement.kind === kind) section.put((statement as { name: string }).name, make(statement as Extract<TemplateStatement, { kind: K }>));
    }
    return section;
  }

  /**
   * The ARM type of a parameter or output: `securestring` or `secureObject` for one marked
   * `@secure()` or of a `@secure()` user-defined type, else the type as written.
   */
  #armTypeOf(statement: Extract<TemplateStatement, { kind: 'param' | 'output' }>): string {
    const secureType = this.#secureTypeOf(statement.type.replace(/\?$/, '').trim());
    const secure = secureType !== undefined || statement.decorators.some((d) => d.kind === 'call' && d.name === 'secure');
    const type = secureType ?? armType(statement.type);
    return secure ? (type === 'object' ? 'secureObject' : 'securestring') : type;
  }

  #parameter(statement: Extract<TemplateStatement, { kind: 'param' }>): Placed {
    const at = this.#node(statement.at);
    const parameter = new PlacedObject();
    parameter.put('type', { value: this.#armTypeOf(statement), node: at });
    if (statement.type.endsWith('?')) parameter.put('nullable', { value: true, node: at });
    // A type with @secure() members: its type definition says where they are, as Bicep writes it.
    for (const [key, value] of Object.entries(this.#secureMembersSchema(statement.type) ?? {}))
      if (key !== 'type' && key !== 'nullable') parameter.put(key, { value, node: at });
    if (statement.value) parameter.put('defaultValue', this.#json(statement.value, new Map()));
    return parameter.placed(at);
  }

  /**
   * The ARM type definition of a parameter's type when it has `@secure()` members (`{ @secure()
   * password: string }`, a type that has one, an array of a `@secure()` type), with the definitions
   * of the file's types it refers to; undefined for any other type, and for a type that is itself secure.
   */
  #secureMembersSchema(type: string): { [key: string]: JsonValue } | undefined {
    const bare = type.replace(/\?$/, '').trim();
    if (this.#secureTypeOf(bare) !== undefined) return undefined;
    const words = bare.replace(/'(?:[^'\\]|\\.)*'/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
    if (!hasSecureMember(bare) && !words.some((word) => this.#typesWithSecureMembers.has(word) || this.#secureTypes.has(word))) return undefined;
    const names = { secureTypes: this.#secureTypes, types: new Set(this.#types.keys()) };
    const schema = typeSchema(bare, names);
    if (schema === undefined) return undefined;
    // The types it refers to, and those they refer to in turn.
    const pending = [JSON.stringify(schema)];
    for (let text = pending.pop(); text !== undefined; text = pending.pop()) {
      for (const [, name] of text.matchAll(/"#\/definitions\/([A-Za-z_][A-Za-z0-9_]*)"/g)) {
        const written = this.#types.get(name as string);
        if (written === undefined || this.#definitions.has(name as string)) continue;
        const definition = typeSchema(typeExpression(written), names) ?? {};
        this.#definitions.set(name as string, definition);
        pending.push(JSON.stringify(definition));
      }
    }
    return schema;
  }

  #output(statement: Extract<TemplateStatement, { kind: 'output' }>): Placed {
    const placed = this.#json(statement.value, new Map());
    return {
      value: { type: this.#armTypeOf(statement), value: placed.value },
      node: { ...this.#node(statement.at), members: new Map([['value', placed.node]]) },
    };
  }

  #functions(statements: readonly TemplateStatement[]): Placed | undefined {
    const members: { [key: string]: JsonValue } = {};
    for (const statement of statements) if (statement.kind === 'func') members[statement.name] = this.#function(statement);
    for (const [name, imported] of this.#imports.functions) members[name] = imported;
    if (Object.keys(members).length === 0) return undefined;
    return { value: [{ namespace: FUNCTIONS_NAMESPACE, members }], node: this.#node(0) };
  }

  #function(statement: FuncStatement): JsonValue {
    // A function sees its own parameters, read as ARM functions read theirs; the variables it uses
    // are written into it (ARM functions cannot read variables).
    const locals = new Map(statement.parameters.map((p) => [p.name, call('parameters', [str(p.name, statement.at)], statement.at)]));
    const outer = this.#inFunction;
    this.#inFunction = true;
    try {
      return {
        parameters: statement.parameters.map((p) => ({ name: p.name, type: armType(p.type) })),
        output: { type: armType(statement.type), value: this.#expression(translate(statement.body, this.#hooks, locals)) },
      };
    } finally {
      this.#inFunction = outer;
    }
  }

  /** A variable's value written where a function uses it (the variables it uses in turn written in too). */
  #inlineVariable(name: string, value: BicepNode, at: number): ExprNode {
    if (this.#inlining.has(name)) throw new BicepSyntaxError(`Variable '${name}' refers to itself`, at);
    this.#inlining.add(name);
    const outer = this.#inFunction;
    this.#inFunction = true;
    try {
      return translate(value, this.#hooks);
    } finally {
      this.#inFunction = outer;
      this.#inlining.delete(name);
    }
  }

  // ---- Imports ----------------------------------------------------------------------------------

  /** The name a variable of this file has in the template: its own in the file compiled, a name of its own in a file imported from (written there when first used). */
  #variableName(name: string, value: BicepNode): string {
    if (!this.imported) return name;
    const own = `${this.imported.prefix}${name}`;
    if (!this.#imports.variables.has(own)) {
      // Set before it is made, so that variables using one another end (ARM then says they do).
      this.#imports.variables.set(own, { value: null, node: this.#node(0) });
      this.#imports.variables.set(own, this.#json(value, new Map()));
    }
    return own;
  }

  #functionName(statement: FuncStatement): string {
    if (!this.imported) return statement.name;
    const own = `${this.imported.prefix}${statement.name}`;
    if (!this.#imports.functions.has(own)) {
      this.#imports.functions.set(own, null);
      this.#imports.functions.set(own, this.#function(statement));
    }
    return own;
  }

  /**
   * The `@secure()` type a parameter's type names: one of the file's own, or one it imports
   * (`import { secretText } from …`, or `types.secretText` with `import * as types from …`), followed
   * through files that import it in turn.
   */
  #secureTypeOf(typeName: string, hops = 0): 'string' | 'object' | undefined {
    const own = this.#secureTypes.get(typeName);
    if (own !== undefined) return own;
    const dot = typeName.indexOf('.');
    const symbol = this.#symbols.get(dot < 0 ? typeName : typeName.slice(0, dot));
    if (symbol?.kind !== 'imported' || hops >= MAX_IMPORT_DEPTH) return undefined;
    // `{ a as b }` names `a` in its file; `* as ns` names the file, and `ns.a` its `a`.
    const wanted = dot < 0 ? symbol.name : symbol.name === undefined ? typeName.slice(dot + 1) : undefined;
    if (wanted === undefined) return undefined;
    const file = this.#importedFile(symbol.from);
    return 'error' in file ? undefined : file.#secureTypeOf(wanted, hops + 1);
  }

  /** The file an import names, compiled for what it exports; or why it cannot be read. */
  #importedFile(from: string): Compiler | { error: string } {
    if (REMOTE_MODULE.test(from)) return { error: 'a registry module, which an offline scan does not fetch' };
    const folder = this.imported?.folder ?? '.';
    const file = posix.normalize(posix.join(folder, from));
    const known = this.#imports.files.get(file);
    if (known) return known;
    const depth = (this.imported?.depth ?? 0) + 1;
    let found: Compiler | { error: string };
    const read = depth > MAX_IMPORT_DEPTH ? { error: `files import one another more than ${MAX_IMPORT_DEPTH} deep` } : this.readFile(file);
    if ('error' in read) found = read;
    else {
      const text = new TextDecoder('utf-8').decode(read.bytes);
      const compiler = new Compiler(text, placer(text), this.readFile, {
        imports: this.#imports,
        folder: posix.dirname(file),
        prefix: `_${this.#imports.files.size + 1}_`,
        depth,
        file,
        diagnostics: this.imported?.diagnostics ?? this.#diagnostics,
      });
      found = compiler;
      this.#imports.files.set(file, found);
      try {
        compiler.#read();
      } catch (error) {
        if (!(error instanceof BicepSyntaxError)) throw error;
        const at = compiler.place(error.at);
        found = { error: `${file}:${at.line}:${at.column}: ${error.message}` };
      }
    }
    this.#imports.files.set(file, found);
    return found;
  }

  /** What an imported name stands for as a value: an exported variable of its file. */
  #importedValue(imported: ImportedName, name: string, at: number): ExprNode {
    const found = this.#exportedVariable(imported, name, 0);
    if ('error' in found) return this.#unsupported(found.error, at);
    if (this.#inFunction) return found.file.#inlineVariable(found.name, found.value, at);
    return call('variables', [str(found.file.#variableName(found.name, found.value), at)], at);
  }

  /** The exported variable an imported name is, in the file that declares it (a name a file imports and exports again is followed). */
  #exportedVariable(imported: ImportedName, name: string, hops: number): { file: Compiler; name: string; value: BicepNode } | { error: string } {
    const file = this.#importedFile(imported.from);
    if ('error' in file) return { error: `'${name}', imported from ${imported.from}, which cannot be read (${file.error})` };
    const wanted = imported.name ?? name;
    const symbol = file.#symbols.get(wanted);
    if (symbol?.kind === 'imported') {
      if (hops >= MAX_IMPORT_DEPTH) return { error: `'${name}' is imported through more than ${MAX_IMPORT_DEPTH} files` };
      return file.#exportedVariable(symbol, wanted, hops + 1);
    }
    if (symbol?.kind !== 'var' || !symbol.exported) return { error: `${imported.from} exports no variable '${wanted}'` };
    return { file, name: wanted, value: symbol.value };
  }

  /** The function an imported name stands for, under its name in the template; undefined when the file exports none by that name. */
  #importedFunction(imported: ImportedName, name: string, hops = 0): string | { error: string } {
    const file = this.#importedFile(imported.from);
    if ('error' in file) return { error: `${name}(), imported from ${imported.from}, which cannot be read (${file.error})` };
    const symbol = file.#symbols.get(imported.name ?? name);
    if (symbol?.kind === 'imported' && hops >= MAX_IMPORT_DEPTH) return { error: `${name}() is imported through more than ${MAX_IMPORT_DEPTH} files` };
    if (symbol?.kind === 'imported') return file.#importedFunction(symbol, imported.name ?? name, hops + 1);
    if (symbol?.kind !== 'func' || !symbol.statement.exported) return { error: `${imported.from} exports no function '${imported.name ?? name}'` };
    return file.#functionName(symbol.statement);
  }

  // ---- Resources and modules --------------------------------------------------------------------

  /** The resource and its children declared in its body, as template resources; `existing` ones are only read. */
  #resources(symbol: ResourceSymbol, out: Placed[]): void {
    const outer = this.#within;
    this.#within = symbol.enclosing;
    try {
      this.#resource(symbol, out);
    } finally {
      this.#within = outer;
    }
    for (const child of symbol.children.values()) this.#resources(child, out);
  }

  /** One resource as a template resource (`existing` ones are only read). */
  #resource(symbol: ResourceSymbol, out: Placed[]): void {
    const { declaration } = symbol;
    if (!declaration.existing) {
      const { body } = declaration;
      const locals = this.#loopLocals(symbol, undefined);
      const resource = new PlacedObject();
      const put = resource.put.bind(resource);
      put('type', { value: symbol.type, node: this.#node(declaration.at) });
      put('apiVersion', { value: symbol.apiVersion, node: this.#node(declaration.at) });
      put('name', { value: this.#expression(this.#fullName(symbol, undefined)), node: this.#node(this.#entry(symbol, 'name')?.at ?? declaration.at) });
      if (body.loop)
        put('copy', {
          value: { name: declaration.name, count: this.#expression(call('length', [this.#loopSourceOf(symbol)], declaration.at)), ...this.#batches(body.loop) },
          node: this.#node(declaration.at),
        });
      // A child declared in its parent's body takes the parent's condition too (the Bicep
      // compiler's "children inherit the conditions of their parents"; a child declared apart,
      // with `parent:`, does not: "Conditional deployment doesn't cascade to child resources").
      const conditions: { node: BicepNode; locals: Locals }[] = [];
      for (let at: ResourceSymbol | undefined = symbol; at; at = at.enclosing) {
        const condition = at.declaration.body.condition;
        if (condition) conditions.unshift({ node: condition, locals: at === symbol ? locals : this.#loopLocals(at, undefined) });
      }
      if (conditions.length === 1 && body.condition) put('condition', this.#json(body.condition, locals));
      else if (conditions.length > 0) {
        const all = conditions.map(({ node, locals: scope }) => translate(node, this.#hooks, scope));
        const joined = all.reduce((left, right) => call('and', [left, right], declaration.at));
        put('condition', { value: this.#expression(joined), node: this.#node((body.condition ?? declaration.body.value).at) });
      }
      const waitsFor = this.#dependsOn(symbol, body.value, symbol.enclosing);
      if (waitsFor.length > 0) put('dependsOn', { value: waitsFor, node: this.#node(declaration.at) });
      // An extension resource's scope, or its parent's (a child of a diagnostic setting's scope lives there too).
      const scoped = this.#scopeOf(symbol, undefined);
      if (scoped && !(scoped.scope.kind === 'call' && ['resourceGroup', 'subscription', 'tenant', 'managementGroup'].includes(scoped.scope.name))) {
        const at = this.#entry(symbol, 'scope')?.at ?? declaration.at;
        put('scope', { value: this.#expression(this.#scopeId(scoped.scope, this.#loopLocals(scoped.symbol, scoped.index))), node: this.#node(at) });
      }
      const ignores = this.#suppressionComments(declaration.at);
      if (ignores.length > 0) {
        // As an ARM template writes them in the resource's metadata, each at its comment's line.
        const list = { ...this.#node(declaration.at), members: ignores.map((ignore) => this.#node(ignore.at)) };
        put('metadata', {
          value: { 'azvmsec-ignore': ignores.map((ignore) => ignore.text) },
          node: { ...this.#node(declaration.at), members: new Map([['azvmsec-ignore', list]]) },
        });
      }
      if (body.value.kind === 'object') {
        for (const entry of body.value.entries) {
          if (entry.kind !== 'entry') {
            if (entry.kind === 'spread') this.#warn('A spread in a resource body is not read', entry.at);
            continue;
          }
          const key = entry.key.kind === 'string' ? entry.key.parts.join('') : undefined;
          if (key === undefined || ['name', 'scope', 'parent', 'dependsOn'].includes(key)) continue;
          const placed = this.#json(entry.value, locals);
          put(key, { value: placed.value, node: { ...placed.node, ...this.#node(entry.at) } });
        }
      } else this.#warn(`The body of resource '${declaration.name}' is not an object: it is not read`, body.value.at);
      out.push(resource.placed(this.#node(declaration.at)));
    }
  }

  /** `// azvmsec:ignore AZV-XXX-NNN reason: … [expires: YYYY-MM-DD]` comments in the lines just above a declaration (its decorators among them). */
  #suppressionComments(at: number): { text: string; at: number }[] {
    const found: { text: string; at: number }[] = [];
    let end = this.text.lastIndexOf('\n', at - 1);
    while (end > 0) {
      const start = this.text.lastIndexOf('\n', end - 1) + 1;
      const line = this.text.slice(start, end).trim();
      if (!line.startsWith('//') && !line.startsWith('@') && !isDirectiveAt(line, 0)) break;
      const marker = /^\/\/\s*azvmsec:ignore\s+/i.exec(line);
      if (marker) found.unshift({ text: line.slice(marker[0].length), at: start });
      end = start - 1;
    }
    return found;
  }

  #module(symbol: ModuleSymbol): Placed | undefined {
    const { body, at } = symbol;
    if (body.value.kind !== 'object') {
      this.#warn(`The body of module '${symbol.name}' is not an object: it is not read`, at);
      return undefined;
    }
    const locals = this.#loopLocals(symbol, undefined);
    const deployment = new PlacedObject();
    const put = deployment.put.bind(deployment);
    put('type', { value: 'Microsoft.Resources/deployments', node: this.#node(at) });
    put('apiVersion', { value: '2022-09-01', node: this.#node(at) });
    put('name', { value: this.#expression(this.#moduleName(symbol, undefined)), node: this.#node(this.#bodyEntry(body, 'name')?.at ?? at) });
    if (body.loop)
      put('copy', {
        value: { name: symbol.name, count: this.#expression(call('length', [this.#loopSourceOf(symbol)], at)), ...this.#batches(body.loop) },
        node: this.#node(at),
      });
    if (body.condition) put('condition', this.#json(body.condition, locals));
    const waitsFor = this.#dependsOn(symbol, body.value, undefined);
    if (waitsFor.length > 0) put('dependsOn', { value: waitsFor, node: this.#node(at) });
    const scope = this.#bodyEntry(body, 'scope');
    if (scope) {
      const target = this.#moduleScope(scope.value, locals);
      if (target.subscriptionId) put('subscriptionId', { value: this.#expression(target.subscriptionId), node: this.#node(scope.at) });
      if (target.resourceGroup) put('resourceGroup', { value: this.#expression(target.resourceGroup), node: this.#node(scope.at) });
      if (target.managementGroup)
        put('scope', {
          value: this.#expression(call('format', [str('Microsoft.Management/managementGroups/{0}', scope.at), target.managementGroup], scope.at)),
          node: this.#node(scope.at),
        });
      if (target.tenant) put('scope', { value: '/', node: this.#node(scope.at) });
    }
    const parameters: { [key: string]: JsonValue } = {};
    const parameterNodes = new Map<string, JsonNode>();
    const params = this.#bodyEntry(body, 'params');
    if (params?.value.kind === 'object') {
      for (const entry of params.value.entries) {
        if (entry.kind !== 'entry' || entry.key.kind !== 'string' || entry.key.parts.some((part) => typeof part !== 'string')) {
          // The module's parameters it sets cannot be named: they take their defaults, or have no value.
          this.#warn(`A ${entry.kind === 'spread' ? 'spread' : 'computed name'} in the params of module '${symbol.name}' is not read`, entry.at);
          continue;
        }
        const key = entry.key.parts.join('');
        const secret = this.#keyVaultReference(entry.value, locals);
        if (secret) {
          parameters[key] = secret;
          parameterNodes.set(key, this.#node(entry.at));
          continue;
        }
        const placed = this.#json(entry.value, locals);
        parameters[key] = { value: placed.value };
        parameterNodes.set(key, { ...this.#node(entry.at), members: new Map([['value', placed.node]]) });
      }
    } else if (params) this.#warn(`The params of module '${symbol.name}' are not an object literal: they are not read`, params.at);
    const link: { [key: string]: JsonValue } = REMOTE_MODULE.test(symbol.path) ? { uri: symbol.path } : { relativePath: symbol.path };
    put('properties', {
      value: { expressionEvaluationOptions: { scope: 'inner' }, mode: 'Incremental', parameters, templateLink: link },
      node: {
        ...this.#node(at),
        members: new Map([
          ['parameters', { ...this.#node(params?.at ?? at), members: parameterNodes }],
          ['templateLink', this.#node(at)],
        ]),
      },
    });
    return deployment.placed(this.#node(at));
  }

  /**
   * A module parameter given `kv.getSecret('name')` (a Key Vault of the file: "references an existing
   * key vault, then uses getSecret to pass a secret to a module"): the Key Vault reference Bicep
   * writes for it, which only the deployment resolves; undefined for any other value.
   */
  #keyVaultReference(node: BicepNode, locals: Locals): { [key: string]: JsonValue } | undefined {
    if (node.kind !== 'call' || node.namespace === undefined || node.name.toLowerCase() !== 'getsecret') return undefined;
    const vault = locals.has(node.namespace) ? undefined : this.#named(node.namespace);
    const [name, version] = node.args;
    if (vault?.kind !== 'resource' || name === undefined) return undefined;
    return {
      reference: {
        keyVault: { id: this.#expression(this.#resourceId(vault, undefined)) },
        secretName: this.#json(name, locals).value,
        ...(version ? { secretVersion: this.#json(version, locals).value } : {}),
      },
    };
  }

  /**
   * What a resource or module waits for, as the template Bicep builds says it in `dependsOn`: the
   * resources (not `existing` ones) and modules of the file its body names (`dependsOn:`, `parent:`
   * or any reference) and the resource it is declared in. A looped one is waited for whole, by the
   * name of its loop. The deployment order decides which of two deployments of a resource is read.
   */
  #dependsOn(self: ResourceSymbol | ModuleSymbol, body: BicepNode, enclosing: ResourceSymbol | undefined): string[] {
    const named = new Set<ResourceSymbol | ModuleSymbol>(enclosing ? [enclosing] : []);
    const visit = (node: BicepNode | Spread, bound: ReadonlySet<string>): void => {
      switch (node.kind) {
        case 'identifier': {
          const symbol = bound.has(node.name) ? undefined : this.#named(node.name);
          if (symbol?.kind === 'resource' || symbol?.kind === 'module') named.add(symbol);
          return;
        }
        case 'property':
          if (node.name.startsWith('::')) {
            const child = this.#resourceAt(node, new Map());
            if (child) named.add(child.symbol);
          }
          return visit(node.target, bound);
        case 'index':
          visit(node.target, bound);
          return visit(node.index, bound);
        case 'string':
          for (const part of node.parts) if (typeof part !== 'string') visit(part, bound);
          return;
        case 'array':
          for (const item of node.items) visit(item, bound);
          return;
        case 'object':
          for (const entry of node.entries) {
            // A resource declared inside is a declaration of its own.
            if (entry.kind === 'spread') visit(entry, bound);
            else if (entry.kind === 'entry') {
              visit(entry.key, bound);
              visit(entry.value, bound);
            }
          }
          return;
        case 'spread':
          return visit(node.value, bound);
        case 'call':
          // nameof(x) is the name of x, written when the file is built: nothing to wait for.
          if (node.name.toLowerCase() === 'nameof' && (node.namespace === undefined || node.namespace === 'sys')) return;
          for (const arg of node.args) visit(arg, bound);
          return;
        case 'unary':
          return visit(node.operand, bound);
        case 'binary':
          visit(node.left, bound);
          return visit(node.right, bound);
        case 'ternary':
          visit(node.test, bound);
          visit(node.yes, bound);
          return visit(node.no, bound);
        case 'lambda':
          return visit(node.body, new Set([...bound, ...node.parameters]));
        case 'for': {
          visit(node.source, bound);
          const inner = new Set([...bound, ...[node.item, node.index].filter((name): name is string => name !== undefined)]);
          if (node.condition) visit(node.condition, inner);
          return visit(node.body, inner);
        }
        default:
          return;
      }
    };
    const loop = self.kind === 'resource' ? self.declaration.body.loop : self.body.loop;
    const locals = new Set([loop?.item, loop?.index].filter((name): name is string => name !== undefined));
    visit(body, locals);
    const out: string[] = [];
    for (const symbol of named) {
      if (symbol === self || (symbol.kind === 'resource' && symbol.declaration.existing)) continue;
      const looped = symbol.kind === 'resource' ? symbol.declaration.body.loop : symbol.body.loop;
      try {
        if (looped) out.push(symbol.kind === 'resource' ? symbol.declaration.name : symbol.name);
        else out.push(this.#expression(symbol.kind === 'resource' ? this.#resourceId(symbol, undefined) : this.#moduleName(symbol, undefined)));
      } catch (error) {
        // A name that cannot be made is reported where the declaration itself is compiled.
        if (!(error instanceof BicepSyntaxError)) throw error;
      }
    }
    return out;
  }

  // ---- Names and ids ----------------------------------------------------------------------------

  /** The locals a declaration's loop binds: its item and index, at `index` (copyIndex() inside the declaration itself). */
  #loopLocals(symbol: ResourceSymbol | ModuleSymbol, index: ExprNode | undefined): Locals {
    const body = symbol.kind === 'resource' ? symbol.declaration.body : symbol.body;
    const loop = body.loop;
    if (!loop) return new Map();
    const at = symbol.kind === 'resource' ? symbol.declaration.at : symbol.at;
    const position = index ?? call('copyIndex', [str(symbol.kind === 'resource' ? symbol.declaration.name : symbol.name, at)], at);
    const locals = new Map<string, ExprNode>();
    if (loop.index !== undefined) locals.set(loop.index, position);
    if (loop.item !== undefined) locals.set(loop.item, { kind: 'index', target: this.#loopSourceOf(symbol), index: position, offset: at });
    return locals;
  }

  /** `@batchSize(n)` on a loop: its copies deploy n at a time, batch after batch, as Bicep writes it (`mode: serial`). */
  #batches(loop: DeclarationBody['loop']): { mode?: string; batchSize?: JsonValue } {
    return loop?.batchSize ? { mode: 'serial', batchSize: this.#json(loop.batchSize, new Map()).value } : {};
  }

  /** What a looped declaration runs over. */
  #loopSourceOf(symbol: ResourceSymbol | ModuleSymbol): ExprNode {
    const body = symbol.kind === 'resource' ? symbol.declaration.body : symbol.body;
    return this.#naming(symbol, () => translate((body.loop as NonNullable<DeclarationBody['loop']>).source, this.#hooks), 'loop');
  }

  #entry(symbol: ResourceSymbol, key: string): { value: BicepNode; at: number } | undefined {
    return this.#bodyEntry(symbol.declaration.body, key);
  }

  #bodyEntry(body: DeclarationBody, key: string): { value: BicepNode; at: number } | undefined {
    if (body.value.kind !== 'object') return undefined;
    for (const entry of body.value.entries) {
      if (entry.kind === 'entry' && entry.key.kind === 'string' && entry.key.parts.join('') === key) return { value: entry.value, at: entry.at };
    }
    return undefined;
  }

  /** The parent of a resource: declared around it, or named by `parent:` (with the index of a looped parent). */
  #parent(symbol: ResourceSymbol, locals: Locals): { symbol: ResourceSymbol; index?: ExprNode } | undefined {
    if (symbol.enclosing) return { symbol: symbol.enclosing };
    const parent = this.#entry(symbol, 'parent');
    if (!parent) return undefined;
    const found = this.#resourceAt(parent.value, locals);
    if (!found) throw new BicepSyntaxError(`The parent of '${symbol.declaration.name}' is not a resource of this file`, parent.at);
    return found;
  }

  /** The name segments of a resource's id (its parents' first), at `index` of a looped resource. */
  #segments(symbol: ResourceSymbol, index: ExprNode | undefined): ExprNode[] {
    // Made once per resource: names built from names then share their parts.
    const known = index === undefined ? this.#names.get(symbol) : undefined;
    if (known) return known;
    const segments = this.#naming(symbol, () => {
      const locals = this.#loopLocals(symbol, index);
      const name = this.#entry(symbol, 'name');
      if (!name) throw new BicepSyntaxError(`Resource '${symbol.declaration.name}' has no name`, symbol.declaration.at);
      const own = translate(name.value, this.#hooks, locals);
      const parent = this.#parent(symbol, locals);
      return parent ? [...this.#segments(parent.symbol, parent.index), own] : [own];
    });
    if (index === undefined) this.#names.set(symbol, segments);
    return segments;
  }

  /**
   * Makes what names a declaration (its name, loop, parent, scope), which may use other
   * declarations' names; one that comes back to itself is an error, as Bicep says it is.
   */
  #naming<T>(symbol: ResourceSymbol | ModuleSymbol, make: () => T, part: 'name' | 'loop' | 'scope' = 'name'): T {
    const key = `${part} ${symbol.kind} ${symbol.kind === 'resource' ? symbol.declaration.name : symbol.name}`;
    if (this.#beingNamed.has(key)) {
      const [name, at] = symbol.kind === 'resource' ? [symbol.declaration.name, symbol.declaration.at] : [symbol.name, symbol.at];
      throw new BicepSyntaxError(`The ${part} of '${name}' refers to '${name}' itself`, at);
    }
    this.#beingNamed.add(key);
    try {
      return make();
    } finally {
      this.#beingNamed.delete(key);
    }
  }

  #fullName(symbol: ResourceSymbol, index: ExprNode | undefined): ExprNode {
    const segments = this.#segments(symbol, index);
    if (segments.length === 1) return segments[0] as ExprNode;
    const at = symbol.declaration.at;
    return call('format', [str(segments.map((_, i) => `{${i}}`).join('/'), at), ...segments], at);
  }

  /** `resourceId()` (or the function of the template's or the resource's scope) of a resource. */
  #resourceId(symbol: ResourceSymbol, index: ExprNode | undefined): ExprNode {
    const at = symbol.declaration.at;
    const segments = this.#segments(symbol, index);
    const type = str(symbol.type, at);
    const scoped = this.#scopeOf(symbol, index);
    if (scoped) return this.#naming(symbol, () => this.#scopedId(scoped.symbol, scoped.scope, scoped.index, type, segments), 'scope');
    return this.#unscopedId(type, segments, at);
  }

  /** A resource's `scope:`, or its parent's: a child lives where its parent does. */
  #scopeOf(symbol: ResourceSymbol, index: ExprNode | undefined): { scope: BicepNode; symbol: ResourceSymbol; index?: ExprNode } | undefined {
    for (
      let current: { symbol: ResourceSymbol; index?: ExprNode } | undefined = { symbol, ...(index ? { index } : {}) }, depth = 0;
      current && depth < 20;
      depth++
    ) {
      const scope = this.#entry(current.symbol, 'scope');
      if (scope) return { scope: scope.value, ...current };
      current = this.#parent(current.symbol, this.#loopLocals(current.symbol, current.index));
    }
    return undefined;
  }

  /** The id of a resource whose `scope:` is `node`. */
  #scopedId(symbol: ResourceSymbol, node: BicepNode, index: ExprNode | undefined, type: ExprNode, segments: ExprNode[]): ExprNode {
    const at = symbol.declaration.at;
    const locals = this.#loopLocals(symbol, index);
    if (node.kind === 'call' && node.name === 'resourceGroup' && node.args.length > 0)
      return call('resourceId', [...node.args.map((a) => translate(a, this.#hooks, locals)), type, ...segments], at);
    if (node.kind === 'call' && node.name === 'subscription' && node.args.length > 0)
      return call('subscriptionResourceId', [translate(node.args[0] as BicepNode, this.#hooks, locals), type, ...segments], at);
    if (node.kind === 'call' && node.name === 'subscription') return call('subscriptionResourceId', [type, ...segments], at);
    if (node.kind === 'call' && node.name === 'tenant') return call('tenantResourceId', [type, ...segments], at);
    if (node.kind === 'call' && node.name === 'resourceGroup') return this.#unscopedId(type, segments, at);
    // A resource group of the file as `scope:`: a resource in it, not an extension of it.
    const group = this.#resourceGroupAt(node, locals);
    if (group) return call('resourceId', [...(group.subscriptionId ? [group.subscriptionId] : []), group.resourceGroup, type, ...segments], at);
    return call('extensionResourceId', [this.#scopeId(node, locals), type, ...segments], at);
  }

  /**
   * The resource group a `Microsoft.Resources/resourceGroups` resource of the file names, with its
   * subscription when its own `scope:` is another one (`existing … = { scope: subscription(id) }`).
   */
  #resourceGroupAt(node: BicepNode, locals: Locals): { subscriptionId?: ExprNode; resourceGroup: ExprNode } | undefined {
    const resource = this.#resourceAt(node, locals);
    if (!resource || resource.symbol.type.toLowerCase() !== 'microsoft.resources/resourcegroups') return undefined;
    const resourceGroup = this.#fullName(resource.symbol, resource.index);
    const own = this.#entry(resource.symbol, 'scope')?.value;
    if (own?.kind === 'call' && own.name === 'subscription' && own.args.length === 1)
      return { subscriptionId: translate(own.args[0] as BicepNode, this.#hooks, this.#loopLocals(resource.symbol, resource.index)), resourceGroup };
    return { resourceGroup };
  }

  /** The id of a resource in the template's own scope. */
  #unscopedId(type: ExprNode, segments: ExprNode[], at: number): ExprNode {
    if (this.#targetScope === 'subscription') return call('subscriptionResourceId', [type, ...segments], at);
    if (this.#targetScope === 'tenant') return call('tenantResourceId', [type, ...segments], at);
    if (this.#targetScope === 'managementGroup') {
      const group: ExprNode = { kind: 'property', target: call('managementGroup', [], at), name: 'id', offset: at };
      return call('extensionResourceId', [group, type, ...segments], at);
    }
    return call('resourceId', [type, ...segments], at);
  }

  /** The id a `scope:` names: a resource of the file, or an expression giving an id. */
  #scopeId(node: BicepNode, locals: Locals): ExprNode {
    const resource = this.#resourceAt(node, locals);
    if (resource) return this.#resourceId(resource.symbol, resource.index);
    const value = translate(node, this.#hooks, locals);
    return node.kind === 'call' ? { kind: 'property', target: value, name: 'id', offset: node.at } : value;
  }

  /** The resource a node names (`vnet`, `vms[i]`, `vnet::subnet`, `st::blob::containers[i]`), with the index of a looped one. */
  #resourceAt(node: BicepNode, locals: Locals): { symbol: ResourceSymbol; index?: ExprNode } | undefined {
    if (node.kind === 'property' && node.name.startsWith('::')) {
      const parent = this.#resourceAt(node.target, locals);
      const child = parent?.symbol.children.get(node.name.slice(2));
      return child ? { symbol: child } : undefined;
    }
    // One of a looped child resource (a looped resource holds no nested ones, so its parents are single).
    if (node.kind === 'index' && node.target.kind === 'property' && node.target.name.startsWith('::')) {
      const child = this.#resourceAt(node.target, locals);
      return child ? { symbol: child.symbol, index: this.#itemIndex(node, child.symbol, locals) } : undefined;
    }
    const found = this.#symbolAt(node, locals);
    return found?.symbol.kind === 'resource' ? { symbol: found.symbol, ...(found.index ? { index: found.index } : {}) } : undefined;
  }

  /** The module a node names (`mod`, `mods[i]`), with the index of a looped one. */
  #moduleAt(node: BicepNode, locals: Locals): { symbol: ModuleSymbol; index?: ExprNode } | undefined {
    const found = this.#symbolAt(node, locals);
    return found?.symbol.kind === 'module' ? { symbol: found.symbol, ...(found.index ? { index: found.index } : {}) } : undefined;
  }

  /** The resource or module a name (`x`) or an item of a looped one (`x[i]`) stands for, unless a local hides it. */
  #symbolAt(node: BicepNode, locals: Locals): { symbol: ResourceSymbol | ModuleSymbol; index?: ExprNode } | undefined {
    const named = node.kind === 'index' ? node.target : node;
    if (named.kind !== 'identifier' || locals.has(named.name)) return undefined;
    const symbol = this.#named(named.name);
    if (symbol?.kind !== 'resource' && symbol?.kind !== 'module') return undefined;
    return node.kind === 'index' ? { symbol, index: this.#itemIndex(node, symbol, locals) } : { symbol };
  }

  /** The index `node` reads of a looped resource or module (`xs[i]`; `xs[^i]` counted from the end of its loop). */
  #itemIndex(node: Extract<BicepNode, { kind: 'index' }>, symbol: ResourceSymbol | ModuleSymbol, locals: Locals = new Map()): ExprNode {
    const index = translate(node.index, this.#hooks, locals);
    return node.fromEnd ? call('sub', [call('length', [this.#loopSourceOf(symbol)], node.at), index], node.at) : index;
  }

  #moduleName(symbol: ModuleSymbol, index: ExprNode | undefined): ExprNode {
    const name = this.#bodyEntry(symbol.body, 'name');
    if (name) return this.#naming(symbol, () => translate(name.value, this.#hooks, this.#loopLocals(symbol, index)));
    // Without a name, Bicep names the deployment after the symbol and the parent deployment.
    return call(
      'format',
      [
        str('{0}-{1}', symbol.at),
        str(symbol.name, symbol.at),
        call(
          'uniqueString',
          [str(symbol.name, symbol.at), { kind: 'property', target: call('deployment', [], symbol.at), name: 'name', offset: symbol.at }],
          symbol.at,
        ),
      ],
      symbol.at,
    );
  }

  #moduleScope(node: BicepNode, locals: Locals): ModuleScope {
    if (node.kind === 'call' && node.name === 'resourceGroup') {
      const args = node.args.map((a) => translate(a, this.#hooks, locals));
      if (args.length === 2) return { subscriptionId: args[0] as ExprNode, resourceGroup: args[1] as ExprNode };
      return args.length === 1 ? { resourceGroup: args[0] as ExprNode } : {};
    }
    if (node.kind === 'call' && node.name === 'subscription') {
      // subscription() from a resource group file: the subscription itself, as Bicep deploys it.
      if (node.args.length === 1) return { subscriptionId: translate(node.args[0] as BicepNode, this.#hooks, locals) };
      return this.#targetScope === 'resourceGroup'
        ? { subscriptionId: { kind: 'property', target: call('subscription', [], node.at), name: 'subscriptionId', offset: node.at } }
        : {};
    }
    if (node.kind === 'call' && node.name === 'managementGroup' && node.args.length === 1)
      return { managementGroup: translate(node.args[0] as BicepNode, this.#hooks, locals) };
    if (node.kind === 'call' && node.name === 'tenant' && this.#targetScope !== 'tenant') return { tenant: true };
    return this.#resourceGroupAt(node, locals) ?? {};
  }

  #deploymentId(symbol: ModuleSymbol, index: ExprNode | undefined): ExprNode {
    const at = symbol.at;
    const name = this.#moduleName(symbol, index);
    const type = str('Microsoft.Resources/deployments', at);
    const scope = this.#bodyEntry(symbol.body, 'scope');
    if (scope) {
      const target = this.#moduleScope(scope.value, this.#loopLocals(symbol, index));
      if (target.resourceGroup) return call('resourceId', [...(target.subscriptionId ? [target.subscriptionId] : []), target.resourceGroup, type, name], at);
      if (target.subscriptionId) return call('subscriptionResourceId', [target.subscriptionId, type, name], at);
      if (target.managementGroup) {
        const group = call('tenantResourceId', [str('Microsoft.Management/managementGroups', at), target.managementGroup], at);
        return call('extensionResourceId', [group, type, name], at);
      }
      if (target.tenant) return call('tenantResourceId', [type, name], at);
    }
    return call(this.#targetScope === 'subscription' ? 'subscriptionResourceId' : 'resourceId', [type, name], at);
  }

  // ---- Expressions ------------------------------------------------------------------------------

  /**
   * What a name in an expression stands for: a resource declared in the same parent's body as the
   * one being compiled (or its parent's parent's…), then the file's own declarations. "Other
   * resources declared inside the body of the same parent resource can reference each other by
   * using the symbolic names."
   */
  #named(name: string): SymbolEntry | undefined {
    for (let at = this.#within; at; at = at.enclosing) {
      const sibling = at.children.get(name);
      if (sibling) return sibling;
    }
    return this.#symbols.get(name);
  }

  /** The resource whose body holds the resource being compiled, if any. */
  #within: ResourceSymbol | undefined;

  #identifier(name: string, at: number): ExprNode {
    const symbol = this.#named(name);
    switch (symbol?.kind) {
      case 'param':
        return call('parameters', [str(name, at)], at);
      case 'var':
        if (this.#inFunction) return this.#inlineVariable(name, symbol.value, at);
        return call('variables', [str(this.#variableName(name, symbol.value), at)], at);
      case 'resource':
        // A resource used as a value (passed whole): what reference() reads of it.
        return call('reference', [this.#resourceId(symbol, undefined), str(symbol.apiVersion, at), str('full', at)], at);
      case 'imported':
        if (symbol.name === undefined) return this.#unsupported(`'${name}', the namespace of ${symbol.from}, is not a value`, at);
        return this.#importedValue(symbol, name, at);
      case 'foreign':
        return this.#unsupported(`'${name}' is a resource of a Bicep extension (${symbol.type}), which is not read`, at);
      default:
        return this.#unsupported(`'${name}' is not declared in this file`, at);
    }
  }

  #call(node: Extract<BicepNode, { kind: 'call' }>, locals: Locals): ExprNode | undefined {
    const namespace = node.namespace === 'sys' || node.namespace === 'az' ? undefined : node.namespace;
    const owner = namespace === undefined ? undefined : this.#symbols.get(namespace);
    // `storage.listKeys()`: a list action on a resource of the file.
    if (owner?.kind === 'resource' && /^list/i.test(node.name)) {
      const args = node.args.map((a) => translate(a, this.#hooks, locals));
      return call(node.name, [this.#resourceId(owner, undefined), str(owner.apiVersion, node.at), ...args.slice(1)], node.at);
    }
    const args = (): ExprNode[] => node.args.map((a) => translate(a, this.#hooks, locals));
    const imported = (found: string | { error: string }): ExprNode =>
      typeof found === 'string'
        ? { kind: 'call', namespace: FUNCTIONS_NAMESPACE, name: found, args: args(), offset: node.at }
        : this.#unsupported(found.error, node.at);
    // `ns.f()`: a function of a file imported whole.
    if (owner?.kind === 'imported' && owner.name === undefined) return imported(this.#importedFunction({ from: owner.from, name: node.name }, node.name));
    if (namespace !== undefined) return this.#unsupported(`${namespace}.${node.name}() is not read`, node.at);
    const symbol = this.#symbols.get(node.name);
    if (symbol?.kind === 'imported') return imported(this.#importedFunction(symbol, node.name));
    if (symbol?.kind === 'func')
      return { kind: 'call', namespace: FUNCTIONS_NAMESPACE, name: this.#functionName(symbol.statement), args: args(), offset: node.at };
    const name = node.name.toLowerCase();
    if (name === 'nameof' && namespace === undefined) return this.#nameof(node);
    if (name === 'loadtextcontent' || name === 'loadfileasbase64' || name === 'loadjsoncontent' || name === 'loadyamlcontent') return this.#load(node, name);
    if (name.startsWith('load')) return this.#unsupported(`${node.name}() is not read`, node.at);
    return undefined;
  }

  /**
   * `nameof(x)`: the name of what `x` names, as text known when the file is built ("The nameof()
   * function evaluates a symbolic name … into its string representation at compile time"): a
   * symbol's own name (`nameof(vnet)` is 'vnet'), the last property read (`nameof(vnet.properties.subnets)`
   * is 'subnets', `nameof(tags['cost-center'])` 'cost-center') or the child resource (`nameof(vnet::web)` is 'web').
   */
  #nameof(node: Extract<BicepNode, { kind: 'call' }>): ExprNode {
    const [arg] = node.args;
    if (node.args.length === 1 && arg !== undefined) {
      if (arg.kind === 'identifier') return str(arg.name, node.at);
      if (arg.kind === 'property') return str(arg.name.startsWith('::') ? arg.name.slice(2) : arg.name, node.at);
      if (arg.kind === 'index' && !arg.fromEnd && arg.index.kind === 'string' && arg.index.parts.every((part) => typeof part === 'string'))
        return str(arg.index.parts.join(''), node.at);
    }
    return this.#unsupported('nameof() of anything but a name, a property or a child resource', node.at);
  }

  /** A file function: the file read now, as Bicep reads it when it builds. */
  #load(node: Extract<BicepNode, { kind: 'call' }>, name: string): ExprNode {
    const path = node.args[0];
    if (path?.kind !== 'string' || path.parts.some((part) => typeof part !== 'string'))
      return this.#unsupported(`${node.name}() of a path that is not a literal`, node.at);
    const file = posix.normalize(posix.join(this.imported?.folder ?? '.', path.parts.join('')));
    const read = this.readFile(file);
    if ('error' in read) return this.#unsupported(`${node.name}('${file}') cannot be read: ${read.error}`, node.at);
    if (name === 'loadfileasbase64') return str(Buffer.from(read.bytes).toString('base64'), node.at);
    // The encoding argument: "iso-8859-1, us-ascii, utf-16, utf-16BE, or utf-8" (utf-16 is little-endian, as .NET's).
    const encodingArg = node.args[name === 'loadtextcontent' ? 1 : 2];
    const written = encodingArg?.kind === 'string' && encodingArg.parts.every((part) => typeof part === 'string') ? encodingArg.parts.join('') : 'utf-8';
    const encoding = TEXT_ENCODINGS[written.toLowerCase()];
    if (encodingArg !== undefined && encoding === undefined) return this.#unsupported(`${node.name}() with the encoding '${written}' is not read`, node.at);
    const text = new TextDecoder(encoding ?? 'utf-8').decode(read.bytes);
    if (name === 'loadtextcontent') return str(text, node.at);
    let value: unknown;
    try {
      value = name === 'loadyamlcontent' ? parseYaml(text) : JSON.parse(text);
    } catch (error) {
      return this.#unsupported(
        `${node.name}('${file}'): the file is not ${name === 'loadyamlcontent' ? 'YAML' : 'JSON'} (${error instanceof Error ? error.message : String(error)})`,
        node.at,
      );
    }
    // A path filter (`'$.properties.rules'`) picks a part of the file.
    const filter = node.args[1];
    if (filter !== undefined) {
      if (filter.kind !== 'string' || filter.parts.some((part) => typeof part !== 'string'))
        return this.#unsupported(`${node.name}() with a path filter that is not a literal`, node.at);
      const picked = pathFilter(value, filter.parts.join(''));
      if (picked === undefined) return this.#unsupported(`${node.name}('${file}'): the path filter '${filter.parts.join('')}' is not read`, node.at);
      value = picked.value;
    }
    return call('json', [str(JSON.stringify(value ?? null), node.at)], node.at);
  }

  #member(node: Extract<BicepNode, { kind: 'property' | 'index' }>, locals: Locals): ExprNode | undefined {
    // `ns.x`: a variable of a file imported whole.
    if (node.kind === 'property' && node.target.kind === 'identifier' && !locals.has(node.target.name)) {
      const namespace = this.#symbols.get(node.target.name);
      if (namespace?.kind === 'imported' && namespace.name === undefined)
        return this.#importedValue({ from: namespace.from, name: node.name }, node.name, node.at);
    }
    // `vms[i]`, `st::blob::containers[i]`: one resource of a looped one, used as a value (passed whole).
    if (node.kind === 'index') {
      const item = this.#resourceAt(node, locals);
      if (item?.index !== undefined && item.symbol.declaration.body.loop)
        return call('reference', [this.#resourceId(item.symbol, item.index), str(item.symbol.apiVersion, node.at), str('full', node.at)], node.at);
    }
    // `vnet::subnet` stands for the child resource itself.
    if (node.kind === 'property' && node.name.startsWith('::')) {
      const child = this.#resourceAt(node, locals);
      if (!child) return this.#unsupported(`'${node.name.slice(2)}' is not a child resource declared there`, node.at);
      return call('reference', [this.#resourceId(child.symbol, child.index), str(child.symbol.apiVersion, node.at), str('full', node.at)], node.at);
    }
    const name =
      node.kind === 'property'
        ? node.name
        : node.index.kind === 'string' && node.index.parts.every((p) => typeof p === 'string')
          ? node.index.parts.join('')
          : undefined;
    const resource = this.#resourceAt(node.target, locals);
    if (resource) {
      const { symbol, index } = resource;
      if (symbol.declaration.body.loop && index === undefined)
        return this.#unsupported(`'${symbol.declaration.name}' is a collection: name one of its resources with [index]`, node.at);
      const lower = name?.toLowerCase();
      if (lower === 'id') return this.#resourceId(symbol, index);
      // A child's `name` is its own, as written (`key.name` of a vault's key is 'cmkey', not 'vault/cmkey').
      if (lower === 'name') return this.#segments(symbol, index).at(-1) as ExprNode;
      if (lower === 'type') return str(symbol.type, node.at);
      if (lower === 'apiversion') return str(symbol.apiVersion, node.at);
      if (lower === 'properties') return call('reference', [this.#resourceId(symbol, index), str(symbol.apiVersion, node.at)], node.at);
      if (name !== undefined && !DEPLOYMENT_MEMBERS.has(lower as string))
        return {
          kind: 'property',
          target: call('reference', [this.#resourceId(symbol, index), str(symbol.apiVersion, node.at), str('full', node.at)], node.at),
          name,
          offset: node.at,
        };
      return undefined;
    }
    const module = this.#moduleAt(node.target, locals);
    if (module) {
      const { symbol, index } = module;
      if (symbol.body.loop && index === undefined)
        return this.#unsupported(`'${symbol.name}' is a collection: name one of its deployments with [index]`, node.at);
      if (name === 'name') return this.#moduleName(symbol, index);
      if (name === 'outputs')
        return { kind: 'property', target: call('reference', [this.#deploymentId(symbol, index)], node.at), name: 'outputs', offset: node.at };
      return undefined;
    }
    // `mod.outputs.x` is the output's value.
    const outputOf =
      node.kind === 'property' && node.target.kind === 'property' && node.target.name === 'outputs' ? this.#moduleAt(node.target.target, locals) : undefined;
    if (node.kind === 'property' && outputOf) {
      // A secure output is not in the deployment's outputs: Bicep reads it with listOutputsWithSecureValues(),
      // whose value is only known at deployment ("Outputs that are marked as secure are not recorded in ARM deployment history or logs").
      if (this.#isSecureOutput(outputOf.symbol, node.name))
        return {
          kind: 'property',
          target: call('listOutputsWithSecureValues', [this.#deploymentId(outputOf.symbol, outputOf.index), str('2022-09-01', node.at)], node.at),
          name: node.name,
          offset: node.at,
        };
      return {
        kind: 'property',
        target: { kind: 'property', target: translate(node.target, this.#hooks, locals), name: node.name, offset: node.at },
        name: 'value',
        offset: node.at,
      };
    }
    return undefined;
  }

  /** Whether output `name` of a local module is or holds a secure value (see #holdsSecureValue): its file read once. */
  #isSecureOutput(symbol: ModuleSymbol, name: string): boolean {
    if (REMOTE_MODULE.test(symbol.path)) return false;
    let secure = this.#secureOutputs.get(symbol.path);
    if (secure === undefined) {
      secure = this.#secureOutputsOf(symbol.path);
      this.#secureOutputs.set(symbol.path, secure);
    }
    return secure.has(name.toLowerCase());
  }

  /** The secure outputs of the module file at `path` (a Bicep file, or an ARM template's `securestring` and `secureObject` outputs), by lower-case name. */
  #secureOutputsOf(path: string): ReadonlySet<string> {
    const file = posix.normalize(posix.join(this.imported?.folder ?? '.', path));
    const read = this.readFile(file);
    if ('error' in read) return new Set();
    const text = new TextDecoder('utf-8').decode(read.bytes);
    if (!/\.bicep$/i.test(file)) {
      let outputs: unknown;
      try {
        outputs = (JSON.parse(text) as { outputs?: unknown }).outputs;
      } catch {
        return new Set();
      }
      if (typeof outputs !== 'object' || outputs === null) return new Set();
      return new Set(
        Object.entries(outputs)
          .filter(([, output]) => /^secure(string|object)$/i.test(String((output as { type?: unknown } | null)?.type)))
          .map(([key]) => key.toLowerCase()),
      );
    }
    // Read as a file of its own: what it imports is not written into this template.
    const module = new Compiler(text, placer(text), this.readFile, {
      imports: { files: new Map(), variables: new Map(), functions: new Map() },
      folder: posix.dirname(file),
      prefix: '_',
      depth: (this.imported?.depth ?? 0) + 1,
      file,
      diagnostics: [],
    });
    try {
      module.#read();
    } catch (error) {
      if (error instanceof BicepSyntaxError) return new Set();
      throw error;
    }
    return new Set(module.#outputs.filter((output) => module.#holdsSecureValue(output)).map((output) => output.name.toLowerCase()));
  }

  /**
   * Whether an output is or holds a secure value: `@secure()`, of a `@secure()` type, or of a type
   * with a `@secure()` member (Bicep reads such an output with listOutputsWithSecureValues() too:
   * "IsOrContainsSecureType"), the file's own types followed.
   */
  #holdsSecureValue(output: Extract<TemplateStatement, { kind: 'output' }>): boolean {
    if (this.#armTypeOf(output).startsWith('secure') || hasSecureMember(output.type)) return true;
    const names = output.type.replace(/'(?:[^'\\]|\\.)*'/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
    return names.some((name) => this.#typesWithSecureMembers.has(name) || this.#secureTypes.has(name));
  }

  /** An expression ARM cannot evaluate, so the value is unknown with `reason`; the file's diagnostics say where. */
  #unsupported(reason: string, at: number): ExprNode {
    this.#warn(`${reason}: the value is unknown`, at);
    return { kind: 'call', namespace: UNKNOWN_FUNCTION.namespace, name: UNKNOWN_FUNCTION.name, args: [str(reason, at)], offset: at };
  }

  #warn(message: string, at: number): void {
    // Said in the file compiled, naming the file imported from and the place there.
    const diagnostics = this.imported?.diagnostics ?? this.#diagnostics;
    if (diagnostics.length >= 100) return;
    if (this.imported) {
      const { line, column } = this.place(at);
      diagnostics.push({ severity: 'warning', message: `${this.imported.file}:${line}:${column}: ${message}` });
    } else diagnostics.push({ severity: 'warning', message, ...this.place(at) });
  }

  /** A value as a template holds it: objects and arrays as JSON (each member placed), the rest as an expression. */
  #json(node: BicepNode, locals: Locals): Placed {
    const here = this.#node(node.at);
    if (node.kind === 'string' && node.parts.every((part) => typeof part === 'string')) {
      const text = node.parts.join('');
      // A text ARM would take for an expression is escaped as Bicep escapes it.
      return { value: text.startsWith('[') && text.endsWith(']') ? `[${text}` : text, node: here };
    }
    if (node.kind === 'integer') return { value: node.value, node: here };
    if (node.kind === 'literal') return { value: node.value, node: here };
    if (node.kind === 'unary' && node.operator === '-' && node.operand.kind === 'integer') return { value: -node.operand.value, node: here };
    if (node.kind === 'object' && node.entries.every((e) => e.kind === 'entry' && e.key.kind === 'string' && e.key.parts.every((p) => typeof p === 'string'))) {
      const object = new PlacedObject();
      for (const entry of node.entries) {
        if (entry.kind !== 'entry' || entry.key.kind !== 'string') continue;
        const placed = this.#json(entry.value, locals);
        object.put(entry.key.parts.join(''), { value: placed.value, node: { ...placed.node, ...this.#node(entry.at) } });
      }
      return object.placed(here);
    }
    if (node.kind === 'array' && node.items.every((item) => item.kind !== 'spread')) {
      const placed = node.items.map((item) => this.#json(item as BicepNode, locals));
      return { value: placed.map((p) => p.value), node: { ...here, members: placed.map((p) => p.node) } };
    }
    return { value: this.#expression(translate(node, this.#hooks, locals)), node: here };
  }

  /** A value as a template writes it: text as it is (escaped where ARM would take it for an expression), anything else as an expression. */
  #expression(node: ExprNode): string {
    if (node.kind === 'string') return node.value.startsWith('[') && node.value.endsWith(']') ? `[${node.value}` : node.value;
    return `[${armText(node)}]`;
  }

  #node(at: number): JsonNode {
    return this.place(at);
  }
}

/** The encodings Bicep's file functions take, as TextDecoder labels. */
const TEXT_ENCODINGS: Readonly<Record<string, string>> = {
  'utf-8': 'utf-8',
  'utf-16': 'utf-16le',
  'utf-16be': 'utf-16be',
  'iso-8859-1': 'latin1',
  'us-ascii': 'ascii',
};

const require = createRequire(import.meta.url);

/** YAML read with the library the configuration uses, loaded only when a file needs it. */
function parseYaml(text: string): unknown {
  const yaml = require('yaml') as typeof Yaml;
  return yaml.parse(text, { maxAliasCount: 100 });
}

/**
 * The part of `value` a JSONPath of names and indexes picks (`$.a.b[0]`, `$['a b']`, or without
 * the `$`, as Json.NET reads it for Bicep: `a.b`); undefined for a path of another form, which is
 * not read.
 */
function pathFilter(value: unknown, path: string): { value: unknown } | undefined {
  const step = /^(?:\.([A-Za-z_$][\w$-]*)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/;
  const trimmed = path.trim();
  let rest = trimmed.startsWith('$') ? trimmed.slice(1) : trimmed.startsWith('[') ? trimmed : `.${trimmed}`;
  let current: unknown = value;
  while (rest !== '') {
    const match = step.exec(rest);
    if (!match) return undefined;
    rest = rest.slice(match[0].length);
    const key = match[1] ?? match[3] ?? match[4];
    if (key !== undefined)
      current =
        typeof current === 'object' && current !== null && !Array.isArray(current) && Object.hasOwn(current, key)
          ? (current as Record<string, unknown>)[key]
          : undefined;
    else current = Array.isArray(current) ? current[Number(match[2])] : undefined;
    if (current === undefined) return undefined;
  }
  return { value: current };
}

/** The ARM type of a Bicep type as written (`string[]` is an array, `'a' | 'b'` a string, a user-defined type an object). */
function armType(type: string): string {
  const bare = type.replace(/\?$/, '').trim();
  if (/\[\]$/.test(bare) || bare === 'array') return 'array';
  if (bare === 'string' || bare === 'int' || bare === 'bool' || bare === 'object') return bare;
  if (/^'/.test(bare)) return 'string';
  if (/^-?\d/.test(bare)) return 'int';
  if (bare === 'true' || bare === 'false') return 'bool';
  return 'object';
}
