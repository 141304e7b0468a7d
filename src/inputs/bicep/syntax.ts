/**
 * The syntax of Bicep files: templates (`.bicep`: `targetScope`, `param`, `var`, `resource`,
 * `module`, `output`, `func`, `import`) and parameter files (`.bicepparam`: `using`, `extends`,
 * `param` and `var`), with Bicep expressions (literals, arrays and objects, string interpolation,
 * operators, function calls, property access, lambdas, `for` expressions). Statements azvmsec has
 * no use for (`type`, `metadata`, `extension`, most decorators) are read past, a `type` only for
 * whether it makes a value secure; names that `import` brings are remembered, their values are not read.
 *
 * Read without a separate tokenizer, because a string's `${…}` holds expressions. Newlines end
 * statements and separate the items of arrays and objects, except inside parentheses.
 */

/** A Bicep expression; `at` is its offset in the file's text. */
export type BicepNode =
  | { readonly kind: 'string'; readonly parts: readonly (string | BicepNode)[]; readonly at: number }
  | { readonly kind: 'integer'; readonly value: number; readonly at: number }
  | { readonly kind: 'literal'; readonly value: boolean | null; readonly at: number }
  | { readonly kind: 'identifier'; readonly name: string; readonly at: number }
  | { readonly kind: 'array'; readonly items: readonly Item[]; readonly at: number }
  | { readonly kind: 'object'; readonly entries: readonly Entry[]; readonly at: number }
  | { readonly kind: 'call'; readonly namespace?: string; readonly name: string; readonly args: readonly BicepNode[]; readonly at: number }
  | { readonly kind: 'property'; readonly target: BicepNode; readonly name: string; readonly safe: boolean; readonly at: number }
  | {
      readonly kind: 'index';
      readonly target: BicepNode;
      readonly index: BicepNode;
      readonly safe: boolean;
      /** `array[^n]`, the reverse index accessor: the n-th item from the end. */
      readonly fromEnd?: true;
      readonly at: number;
    }
  | { readonly kind: 'unary'; readonly operator: '!' | '-'; readonly operand: BicepNode; readonly at: number }
  | { readonly kind: 'binary'; readonly operator: BinaryOperator; readonly left: BicepNode; readonly right: BicepNode; readonly at: number }
  | { readonly kind: 'ternary'; readonly test: BicepNode; readonly yes: BicepNode; readonly no: BicepNode; readonly at: number }
  | { readonly kind: 'lambda'; readonly parameters: readonly string[]; readonly body: BicepNode; readonly at: number }
  | ({ readonly kind: 'for'; readonly body: BicepNode; readonly condition?: BicepNode; readonly at: number } & Loop);

/** `for (item, index) in source`: the names the loop binds (either may be absent) and what it runs over. */
export interface Loop {
  readonly item?: string;
  readonly index?: string;
  readonly source: BicepNode;
  /** `@batchSize(n)` above the declaration: its copies deploy n at a time, in order. */
  readonly batchSize?: BicepNode;
}

export type BinaryOperator = '??' | '||' | '&&' | '==' | '!=' | '=~' | '!~' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%';

/** `...value` in an array or object literal. */
export type Spread = { readonly kind: 'spread'; readonly value: BicepNode; readonly at: number };
type Item = BicepNode | Spread;
type Entry = { readonly kind: 'entry'; readonly key: BicepNode; readonly value: BicepNode; readonly at: number } | Spread | NestedResource;

/** A `resource` declared inside another resource's body (a child resource). */
export interface NestedResource {
  readonly kind: 'resource';
  readonly declaration: ResourceDeclaration;
  readonly at: number;
}

/**
 * What a `resource` or `module` declaration deploys: an object, maybe under a condition
 * (`= if (c) {…}`) or a loop (`= [for x in xs: {…}]`, itself maybe conditional).
 */
export interface DeclarationBody {
  readonly value: BicepNode;
  readonly condition?: BicepNode;
  readonly loop?: Loop;
}

export interface ResourceDeclaration {
  readonly name: string;
  /** `Microsoft.Network/virtualNetworks@2023-04-01`, or a child's type relative to its parent (`subnets`). */
  readonly type: string;
  readonly existing: boolean;
  readonly body: DeclarationBody;
  readonly at: number;
}

export type TemplateStatement =
  | { readonly kind: 'targetScope'; readonly value: BicepNode; readonly at: number }
  | {
      readonly kind: 'param';
      readonly name: string;
      readonly type: string;
      readonly value?: BicepNode;
      readonly decorators: readonly BicepNode[];
      readonly at: number;
    }
  | { readonly kind: 'var'; readonly name: string; readonly value: BicepNode; readonly exported: boolean; readonly at: number }
  | ({ readonly kind: 'resource' } & ResourceDeclaration)
  | { readonly kind: 'module'; readonly name: string; readonly path: string; readonly body: DeclarationBody; readonly at: number }
  | {
      readonly kind: 'output';
      readonly name: string;
      readonly type: string;
      readonly value: BicepNode;
      readonly decorators: readonly BicepNode[];
      readonly at: number;
    }
  | {
      readonly kind: 'func';
      readonly name: string;
      readonly parameters: readonly { readonly name: string; readonly type: string }[];
      readonly type: string;
      readonly body: BicepNode;
      readonly exported: boolean;
      readonly at: number;
    };

/** A name an `import` statement brings: `name` as the other file declares it, or undefined for `import * as ns`. */
export interface ImportedName {
  readonly from: string;
  readonly name: string | undefined;
}

export interface BicepTemplateSyntax {
  readonly statements: readonly TemplateStatement[];
  /** Names brought by `import` statements, with the file they come from. */
  readonly imported: ReadonlyMap<string, ImportedName>;
  /** User-defined types marked `@secure()` ("You can mark a string or object user-defined data type as secure"), by name: `string` or `object`. */
  readonly secureTypes: ReadonlyMap<string, 'string' | 'object'>;
  /** User-defined types with a `@secure()` member somewhere inside (`type login = { @secure() password: string }`), by name, with the file's other types that hold one. */
  readonly typesWithSecureMembers: ReadonlySet<string>;
  /** The text of each user-defined type not marked `@secure()` after its name (`= { … }`), by name. */
  readonly types: ReadonlyMap<string, string>;
  /** Whether the file declares a Bicep extension (`extension microsoftGraphV1`), whose resources are not Azure's. */
  readonly extensions: boolean;
}

/** One `param` or `var` statement. */
export interface Declaration {
  readonly name: string;
  readonly value: BicepNode;
  readonly at: number;
}

export interface BicepParamsSyntax {
  /** `using 'path'` (a file, a registry module or a template spec), `using none`, or none at all. */
  readonly using?: { readonly target: string | null; readonly at: number };
  readonly extends?: { readonly path: string; readonly at: number };
  readonly params: readonly Declaration[];
  readonly vars: readonly Declaration[];
  /** Names brought by `import` statements, with the file they come from. */
  readonly imported: ReadonlyMap<string, ImportedName>;
}

export class BicepSyntaxError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

/** Nesting deeper than this is refused, so a hostile file never overflows the stack. */
const MAX_NESTING = 200;

const BINARY_LEVELS: readonly (readonly BinaryOperator[])[] = [
  ['??'],
  ['||'],
  ['&&'],
  ['==', '!=', '=~', '!~'],
  ['<=', '>=', '<', '>'],
  ['+', '-'],
  ['*', '/', '%'],
];

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/y;
const LAMBDA_HEAD = /\(\s*(?:[A-Za-z_][A-Za-z0-9_]*\s*(?:,\s*[A-Za-z_][A-Za-z0-9_]*\s*)*)?\)\s*=>/y;

/** Parses a `.bicepparam` file; throws BicepSyntaxError at the first thing it cannot read. */
export function parseBicepParams(text: string): BicepParamsSyntax {
  return new Parser(text).file();
}

/** Parses a `.bicep` file; throws BicepSyntaxError at the first thing it cannot read. */
export function parseBicepTemplate(text: string): BicepTemplateSyntax {
  return new Parser(text).template();
}

/** A looped declaration's body with the size of its batches, when a `@batchSize(n)` decorator says it. */
function batched(body: DeclarationBody, decorators: readonly BicepNode[]): DeclarationBody {
  const decorator = decorators.find((d) => d.kind === 'call' && d.name === 'batchSize');
  const size = decorator?.kind === 'call' ? decorator.args[0] : undefined;
  return body.loop && size ? { ...body, loop: { ...body.loop, batchSize: size } } : body;
}

/** Whether the text of a type has a `@secure()` member (`{ @secure() password: string }`). */
export function hasSecureMember(type: string): boolean {
  return /@\s*(?:sys\s*\.\s*)?secure\s*\(/.test(type);
}

/** The names of `types` that have a `@secure()` member, or a member of a type that is or has one. */
function withSecureMembers(types: ReadonlyMap<string, string>, secureTypes: ReadonlyMap<string, unknown>): Set<string> {
  const found = new Set([...types].filter(([, text]) => hasSecureMember(text)).map(([name]) => name));
  const names = (text: string): string[] => text.replace(/'(?:[^'\\]|\\.)*'/g, '').match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  for (let grown = true; grown;) {
    grown = false;
    for (const [name, text] of types)
      if (!found.has(name) && names(text).some((word) => found.has(word) || secureTypes.has(word))) {
        found.add(name);
        grown = true;
      }
  }
  return found;
}

/** Whether decorators hold `@export()`: the statement may be imported by other files. */
function exported(decorators: readonly BicepNode[]): boolean {
  return decorators.some((decorator) => decorator.kind === 'call' && decorator.name === 'export');
}

/** Statements of a template that declare nothing azvmsec reads: read past. */
/** Whether a directive that turns diagnostics off or on again starts at `at`: `#disable-next-line`, `#disable-diagnostics`, `#restore-diagnostics`. */
export function isDirectiveAt(text: string, at: number): boolean {
  return text.startsWith('#disable-', at) || text.startsWith('#restore-diagnostics', at);
}

const SKIPPED_STATEMENTS = new Set(['type', 'metadata', 'extension', 'provider', 'assert']);

class Parser {
  private position = 0;
  /** Open parentheses around the expression being read: inside them a newline is only space. */
  private parentheses = 0;
  private nesting = 0;

  constructor(private readonly text: string) {}

  file(): BicepParamsSyntax {
    let using: BicepParamsSyntax['using'];
    let extendsPath: BicepParamsSyntax['extends'];
    const params: Declaration[] = [];
    const vars: Declaration[] = [];
    const imported = new Map<string, ImportedName>();
    // Decorators (`@description('…')`) say nothing a parameter's value depends on: read past.
    this.statements((word, at) => {
      if (word === 'using') {
        this.space(false);
        if (this.peekWord('none')) {
          this.identifier();
          using = { target: null, at };
        } else using = { target: this.plainString('a path after using'), at };
      } else if (word === 'extends') {
        this.space(false);
        extendsPath = { path: this.plainString('a path after extends'), at };
      } else if (word === 'param' || word === 'var') {
        this.space(false);
        const name = this.identifier();
        if (name === undefined) throw this.error(`Expected a name after ${word}`);
        this.space(false);
        // A typed variable (`var x string = …`): the type is read past.
        if (word === 'var' && this.text[this.position] !== '=') this.skipTo('=');
        this.expect('=');
        (word === 'param' ? params : vars).push({ name, value: this.expression(), at });
      } else if (word === 'import') {
        this.importStatement(imported);
      } else if (word === 'type') {
        this.skipStatement();
      } else
        throw new BicepSyntaxError(
          word === undefined
            ? `Unexpected '${this.text[at]}'`
            : `Unexpected '${word}': a parameter file holds using, extends, param, var, import and type statements`,
          at,
        );
    });
    return { ...(using ? { using } : {}), ...(extendsPath ? { extends: extendsPath } : {}), params, vars, imported };
  }

  /** Reads statements to the end of the file: `read` gets each one's first word, where it starts and the decorators above it. */
  private statements(read: (word: string | undefined, at: number, decorators: BicepNode[]) => void): void {
    let decorators: BicepNode[] = [];
    for (;;) {
      this.space(true);
      if (this.position >= this.text.length) return;
      const at = this.position;
      if (this.text[at] === '@') {
        this.position++;
        decorators.push(this.postfix());
        continue;
      }
      read(this.identifier(), at, decorators);
      decorators = [];
      this.endOfStatement();
    }
  }

  template(): BicepTemplateSyntax {
    const statements: TemplateStatement[] = [];
    const imported = new Map<string, ImportedName>();
    const secureTypes = new Map<string, 'string' | 'object'>();
    /** The text of each other user-defined type, by name. */
    const types = new Map<string, string>();
    let extensions = false;
    this.statements((word, at, decorators) => {
      if (word === 'targetScope') {
        this.expect('=');
        statements.push({ kind: 'targetScope', value: this.expression(), at });
      } else if (word === 'param') {
        this.space(false);
        const name = this.requireIdentifier();
        const type = this.typeText();
        const value = this.eat('=') ? this.expression() : undefined;
        statements.push({ kind: 'param', name, type, ...(value ? { value } : {}), decorators, at });
      } else if (word === 'var') {
        this.space(false);
        const name = this.requireIdentifier();
        this.typeText();
        this.expect('=');
        statements.push({ kind: 'var', name, value: this.expression(), exported: exported(decorators), at });
      } else if (word === 'resource') {
        const declaration = this.resource(at);
        statements.push({ kind: 'resource', ...declaration, body: batched(declaration.body, decorators) });
      } else if (word === 'module') {
        this.space(false);
        const name = this.requireIdentifier();
        this.space(false);
        const path = this.plainString('the path of a module');
        this.expect('=');
        statements.push({ kind: 'module', name, path, body: batched(this.declarationBody(), decorators), at });
      } else if (word === 'output') {
        this.space(false);
        const name = this.requireIdentifier();
        const type = this.typeText();
        this.expect('=');
        statements.push({ kind: 'output', name, type, value: this.expression(), decorators, at });
      } else if (word === 'func') {
        statements.push({ ...this.func(at), exported: exported(decorators) });
      } else if (word === 'import') {
        this.importStatement(imported);
      } else if (word === 'type' && decorators.some((d) => d.kind === 'call' && d.name === 'secure')) {
        this.space(false);
        const name = this.requireIdentifier();
        this.space(false);
        this.expect('=');
        const type = this.typeText('').trim();
        secureTypes.set(name, type === 'string' ? 'string' : 'object');
      } else if (word === 'type') {
        this.space(false);
        const name = this.identifier();
        const start = this.position;
        this.skipStatement();
        if (name !== undefined) types.set(name, this.text.slice(start, this.position));
      } else if (word !== undefined && SKIPPED_STATEMENTS.has(word)) {
        if (word === 'extension' || word === 'provider') extensions = true;
        this.skipStatement();
      } else throw new BicepSyntaxError(word === undefined ? `Unexpected '${this.text[at]}'` : `Unexpected '${word}'`, at);
    });
    return { statements, imported, secureTypes, typesWithSecureMembers: withSecureMembers(types, secureTypes), types, extensions };
  }

  /** `resource name 'type@version' [existing] = body`, after the word `resource`. */
  private resource(at: number): ResourceDeclaration {
    this.space(false);
    const name = this.requireIdentifier();
    this.space(false);
    const type = this.plainString('the type of a resource');
    this.space(false);
    const existing = this.peekWord('existing');
    if (existing) this.identifier();
    this.expect('=');
    return { name, type, existing, body: this.declarationBody(), at };
  }

  /** What follows `=` in a resource or module declaration. */
  private declarationBody(): DeclarationBody {
    this.space(true);
    if (this.peekWord('if')) {
      const { condition, value } = this.conditional();
      return { value, condition };
    }
    const value = this.expression();
    if (value.kind !== 'for') return { value };
    const { body, condition, item, index, source } = value;
    return { value: body, ...(condition ? { condition } : {}), loop: { ...(item ? { item } : {}), ...(index ? { index } : {}), source } };
  }

  /** `if (condition) value`. */
  private conditional(): { condition: BicepNode; value: BicepNode } {
    this.identifier();
    this.space(false);
    this.expect('(');
    const condition = this.enclosed(')');
    return { condition, value: this.expression() };
  }

  /** `func name(a string, b int) string => expression`, after the word `func`. */
  private func(at: number): Omit<Extract<TemplateStatement, { kind: 'func' }>, 'exported'> {
    this.space(false);
    const name = this.requireIdentifier();
    this.space(false);
    this.expect('(');
    const parameters: { name: string; type: string }[] = [];
    this.parentheses++;
    try {
      for (;;) {
        this.space(true);
        if (this.eat(')')) break;
        const parameter = this.requireIdentifier();
        parameters.push({ name: parameter, type: this.typeText(',)') });
        this.eat(',');
      }
    } finally {
      this.parentheses--;
    }
    const type = this.typeText('=');
    if (!this.eat('=>')) throw this.error(`Expected '=>'`);
    return { kind: 'func', name, parameters, type, body: this.expression(), at };
  }

  /**
   * A type written after a name (`string`, `string[]`, `'a' | 'b'`, `{ … }?`, `resourceInput<'…'>`):
   * read up to `=` (or one of `ends`) or the end of the line outside brackets, and given back as written.
   */
  private typeText(ends = '='): string {
    const start = this.position;
    let depth = 0;
    while (this.position < this.text.length) {
      this.space(depth > 0);
      const char = this.text[this.position] as string | undefined;
      if (char === undefined) break;
      if (depth === 0 && (char === '\n' || char === '\r') && this.unionGoesOn()) continue;
      if (depth === 0 && (char === '\n' || char === '\r' || ends.includes(char))) break;
      if (char === "'") this.string();
      else {
        if (char === '(' || char === '[' || char === '{' || char === '<') depth++;
        else if (char === ')' || char === ']' || char === '}' || char === '>') depth--;
        this.position++;
      }
    }
    return this.text.slice(start, this.position).trim();
  }

  /** `import {a, b as c} from 'file'`, `import * as ns from 'file'`, `import 'extension'`. */
  private importStatement(imported: Map<string, ImportedName>): void {
    this.space(false);
    const names: [string, string | undefined][] = [];
    if (this.eat('{')) {
      for (;;) {
        this.space(true);
        if (this.eat('}')) break;
        const name = this.identifier() ?? this.plainString('an imported name');
        let local = name;
        this.space(true);
        if (this.peekWord('as')) {
          this.identifier();
          this.space(true);
          local = this.requireIdentifier();
          this.space(true);
        }
        names.push([local, name]);
        this.eat(',');
      }
    } else if (this.eat('*')) {
      this.space(false);
      if (this.identifier() !== 'as') throw this.error(`Expected 'as' after 'import *'`);
      this.space(false);
      const name = this.identifier();
      if (name === undefined) throw this.error('Expected a name after as');
      names.push([name, undefined]);
    } else {
      this.skipStatement();
      return;
    }
    this.space(false);
    if (this.identifier() !== 'from') throw this.error(`Expected 'from'`);
    this.space(false);
    const from = this.plainString('a path after from');
    for (const [local, name] of names) imported.set(local, { from, name });
  }

  expression(): BicepNode {
    const outer = this.nesting;
    if (++this.nesting > MAX_NESTING) throw this.error(`Expressions nested deeper than ${MAX_NESTING}`);
    try {
      this.space(false);
      const at = this.position;
      const lambda = this.lambda();
      if (lambda) return lambda;
      const test = this.binary(0);
      // A condition's `?` and `:` may begin the lines after it.
      if (this.continuesWith((char, next) => char === '?' && next !== '?' && next !== '.' && next !== '[')) {
        this.position++;
        const yes = this.expression();
        if (!this.continuesWith((char) => char === ':')) throw this.error(`Expected ':'`);
        this.position++;
        return { kind: 'ternary', test, yes, no: this.expression() as BicepNode, at };
      }
      return test;
    } finally {
      this.nesting = outer;
    }
  }

  /** Whether the next character, past spaces and line breaks, passes `test`; if so the position is left on it. */
  private continuesWith(test: (char: string | undefined, next: string | undefined) => boolean): boolean {
    const start = this.position;
    this.space(true);
    if (test(this.text[this.position], this.text[this.position + 1])) return true;
    this.position = start;
    this.space(false);
    return false;
  }

  private lambda(): BicepNode | undefined {
    const at = this.position;
    let parameters: string[];
    IDENTIFIER.lastIndex = at;
    LAMBDA_HEAD.lastIndex = at;
    const single = IDENTIFIER.exec(this.text);
    if (single && /^\s*=>/.test(this.text.slice(IDENTIFIER.lastIndex, IDENTIFIER.lastIndex + 64))) {
      parameters = [single[0]];
      this.position = this.text.indexOf('=>', IDENTIFIER.lastIndex) + 2;
    } else if (this.text[at] === '(' && LAMBDA_HEAD.exec(this.text)) {
      parameters = (this.text.slice(at + 1, this.text.lastIndexOf(')', LAMBDA_HEAD.lastIndex)).match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []) as string[];
      this.position = LAMBDA_HEAD.lastIndex;
    } else return undefined;
    return { kind: 'lambda', parameters, body: this.expression(), at };
  }

  private binary(level: number): BicepNode {
    if (level === BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.space(false);
      const operator = (BINARY_LEVELS[level] as readonly BinaryOperator[]).find((op) => this.text.startsWith(op, this.position));
      if (operator === undefined) return left;
      const at = this.position;
      this.position += operator.length;
      if (++this.nesting > MAX_NESTING) throw this.error(`Expressions nested deeper than ${MAX_NESTING}`);
      const right = this.binary(level + 1);
      left = { kind: 'binary', operator, left, right, at };
    }
  }

  private unary(): BicepNode {
    this.space(false);
    const at = this.position;
    const char = this.text[at];
    if ((char === '!' && this.text[at + 1] !== '=') || char === '-') {
      this.position++;
      if (++this.nesting > MAX_NESTING) throw this.error(`Expressions nested deeper than ${MAX_NESTING}`);
      return { kind: 'unary', operator: char, operand: this.unary(), at };
    }
    return this.postfix();
  }

  private postfix(): BicepNode {
    let node = this.primary();
    for (;;) {
      const at = this.position;
      if (this.text.startsWith('::', at)) {
        // `parent::child`: a child resource declared in its parent's body.
        this.position += 2;
        node = { kind: 'property', target: node, name: `::${this.requireIdentifier()}`, safe: false, at };
      } else if (this.text.startsWith('.?', at)) {
        this.position += 2;
        node = { kind: 'property', target: node, name: this.requireIdentifier(), safe: true, at };
      } else if (this.text[at] === '.') {
        this.position++;
        const name = this.requireIdentifier();
        if (this.text[this.position] === '(' && node.kind === 'identifier') {
          node = { kind: 'call', namespace: node.name, name, args: this.arguments(), at: node.at };
        } else node = { kind: 'property', target: node, name, safe: false, at };
      } else if (this.text[at] === '[') {
        // `[?i]` reads safely; `[^i]` counts from the end ("Beginning with Bicep CLI version 0.34.x").
        const safe = this.text[at + 1] === '?';
        this.position += safe ? 2 : 1;
        this.space(true);
        const fromEnd = this.eat('^');
        node = { kind: 'index', target: node, index: this.enclosed(']'), safe, ...(fromEnd ? { fromEnd: true as const } : {}), at };
      } else if (node.kind === 'identifier' && /^[ \t]*\(/.test(this.text.slice(at, at + 64))) {
        // A call; Bicep allows spaces before its parenthesis (`@description ('…')`).
        this.space(false);
        node = { kind: 'call', name: node.name, args: this.arguments(), at: node.at };
      } else if (this.text[at] === '!' && this.text[at + 1] !== '=' && this.text[at + 1] !== '~') {
        // The non-null assertion changes nothing a value holds.
        this.position++;
      } else return node;
      if (++this.nesting > MAX_NESTING) throw this.error(`Expressions nested deeper than ${MAX_NESTING}`);
    }
  }

  /** An expression inside brackets or parentheses, read up to `close`. */
  private enclosed(close: string): BicepNode {
    this.parentheses++;
    try {
      const node = this.expression();
      this.space(true);
      this.expect(close);
      return node;
    } finally {
      this.parentheses--;
    }
  }

  private arguments(): BicepNode[] {
    this.expect('(');
    this.parentheses++;
    try {
      const args: BicepNode[] = [];
      this.space(true);
      if (this.eat(')')) return args;
      for (;;) {
        args.push(this.expression());
        this.space(true);
        if (this.eat(')')) return args;
        this.expect(',');
      }
    } finally {
      this.parentheses--;
    }
  }

  /** `$'''…'''`: a multi-line string in which as many `$` as open it, then `{`, start an interpolation. */
  private interpolatedMultiLine(): BicepNode {
    const at = this.position;
    let dollars = 0;
    while (this.text[this.position] === '$') {
      this.position++;
      dollars++;
    }
    const opener = `${'$'.repeat(dollars)}{`;
    this.position += 3;
    const parts: (string | BicepNode)[] = [];
    let literal = '';
    let first = true;
    for (;;) {
      if (this.position >= this.text.length) throw new BicepSyntaxError('Unterminated multi-line string', at);
      if (this.text.startsWith("'''", this.position)) {
        const end = this.multiLineEnd(this.position, at);
        literal += this.text.slice(this.position, end);
        this.position = end + 3;
        break;
      }
      if (this.text.startsWith(opener, this.position)) {
        this.position += opener.length;
        if (literal !== '') parts.push(literal);
        literal = '';
        parts.push(this.enclosed('}'));
        first = false;
        continue;
      }
      literal += this.text[this.position];
      this.position++;
      // A line break right after the opening quotes is not part of the string.
      if (first && (literal === '\n' || literal === '\r\n')) literal = '';
      else if (literal !== '\r') first = false;
    }
    if (literal !== '' || parts.length === 0) parts.push(literal);
    return { kind: 'string', parts, at };
  }

  private primary(): BicepNode {
    this.space(false);
    const at = this.position;
    const char = this.text[at];
    if (char === undefined) throw this.error('Unexpected end of file');
    if (char === "'") return this.string();
    // `$'''…${x}…'''`: a multi-line string with interpolation (`$$'''…$${x}…'''` with two, and so on).
    if (char === '$' && /^\$+'''/.test(this.text.slice(at, at + 64))) return this.interpolatedMultiLine();
    if (char >= '0' && char <= '9') {
      const digits = /[0-9]+/y;
      digits.lastIndex = at;
      const match = digits.exec(this.text) as RegExpExecArray;
      this.position = digits.lastIndex;
      const value = Number(match[0]);
      if (!Number.isSafeInteger(value)) throw new BicepSyntaxError(`The number ${match[0]} is too large`, at);
      return { kind: 'integer', value, at };
    }
    if (char === '(') {
      this.position++;
      return this.enclosed(')');
    }
    if (char === '[') return this.array();
    if (char === '{') return this.object();
    const name = this.identifier();
    if (name === undefined) throw this.error(`Unexpected '${char}'`);
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true', at };
    if (name === 'null') return { kind: 'literal', value: null, at };
    return { kind: 'identifier', name, at };
  }

  private array(): BicepNode {
    const at = this.position++;
    this.space(true);
    if (this.peekWord('for')) return this.forExpression(at);
    const items: Item[] = [];
    this.block(']', () => items.push(this.spread() ?? this.expression()));
    return { kind: 'array', items, at };
  }

  /** `[for item in source: body]`, `[for (item, index) in source: if (c) body]`, after the `[`. */
  private forExpression(at: number): BicepNode {
    this.identifier();
    this.space(false);
    let item: string | undefined;
    let index: string | undefined;
    if (this.eat('(')) {
      this.space(false);
      item = this.requireIdentifier();
      this.space(false);
      this.expect(',');
      this.space(false);
      index = this.requireIdentifier();
      this.expect(')');
    } else item = this.requireIdentifier();
    this.space(false);
    if (this.identifier() !== 'in') throw this.error(`Expected 'in'`);
    this.parentheses++;
    try {
      const source = this.expression();
      this.expect(':');
      this.space(true);
      let condition: BicepNode | undefined;
      let body: BicepNode;
      if (this.peekWord('if')) ({ condition, value: body } = this.conditional());
      else body = this.expression();
      this.space(true);
      this.expect(']');
      return { kind: 'for', item, ...(index ? { index } : {}), source, ...(condition ? { condition } : {}), body, at };
    } finally {
      this.parentheses--;
    }
  }

  private object(): BicepNode {
    const at = this.position++;
    const entries: Entry[] = [];
    this.block('}', () => {
      const spread = this.spread();
      if (spread) return void entries.push(spread);
      const entryAt = this.position;
      // A child resource declared in its parent's body (a key named `resource` is followed by ':').
      if (this.peekWord('resource') && !/^resource\s*:/.test(this.text.slice(entryAt, entryAt + 40))) {
        this.identifier();
        return void entries.push({ kind: 'resource', declaration: this.resource(entryAt), at: entryAt });
      }
      const name = this.identifier();
      const key: BicepNode = name !== undefined ? { kind: 'string', parts: [name], at: entryAt } : this.string();
      this.space(false);
      this.expect(':');
      entries.push({ kind: 'entry', key, value: this.expression(), at: entryAt });
    });
    return { kind: 'object', entries, at };
  }

  /** `...value` in an array or object; undefined when the next item is no spread. */
  private spread(): Spread | undefined {
    const at = this.position;
    if (!this.text.startsWith('...', at)) return undefined;
    this.position += 3;
    return { kind: 'spread', value: this.expression(), at };
  }

  /** The items of an array or object: one a line, or separated by commas. */
  private block(close: string, item: () => void): void {
    const outer = this.parentheses;
    this.parentheses = 0;
    try {
      for (;;) {
        this.space(true);
        if (this.eat(close)) return;
        item();
        this.space(false);
        if (this.eat(',')) continue;
        if (this.eat(close)) return;
        if (!this.atLineEnd()) throw this.error(`Expected a new line, ',' or '${close}'`);
      }
    } finally {
      this.parentheses = outer;
    }
  }

  /** Where a multi-line string opened at `from` (just past its quotes) ends: the last three quotes of the first run of three or more. */
  private multiLineEnd(from: number, at: number): number {
    let end = this.text.indexOf("'''", from);
    if (end < 0) throw new BicepSyntaxError('Unterminated multi-line string', at);
    while (this.text[end + 3] === "'") end++;
    return end;
  }

  private string(): BicepNode {
    const at = this.position;
    if (this.text.startsWith("'''", at)) {
      const end = this.multiLineEnd(at + 3, at);
      this.position = end + 3;
      // A line break right after the opening quotes is not part of the string.
      return { kind: 'string', parts: [this.text.slice(at + 3, end).replace(/^\r?\n/, '')], at };
    }
    this.position++;
    const parts: (string | BicepNode)[] = [];
    let literal = '';
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined || char === '\n' || char === '\r') throw new BicepSyntaxError('Unterminated string', at);
      if (char === "'") {
        this.position++;
        break;
      }
      if (char === '\\') {
        literal += this.escape();
      } else if (char === '$' && this.text[this.position + 1] === '{') {
        this.position += 2;
        if (literal !== '') parts.push(literal);
        literal = '';
        parts.push(this.enclosed('}'));
      } else {
        literal += char;
        this.position++;
      }
    }
    if (literal !== '' || parts.length === 0) parts.push(literal);
    return { kind: 'string', parts, at };
  }

  private escape(): string {
    const at = this.position;
    const char = this.text[at + 1];
    this.position += 2;
    switch (char) {
      case '\\':
      case "'":
      case '$':
        return char;
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const match = /\{([0-9A-Fa-f]{1,6})\}/y;
        match.lastIndex = this.position;
        const found = match.exec(this.text);
        const code = found ? parseInt(found[1] as string, 16) : NaN;
        if (!found || code > 0x10ffff) throw new BicepSyntaxError('Invalid \\u{…} escape', at);
        this.position = match.lastIndex;
        return String.fromCodePoint(code);
      }
      default:
        throw new BicepSyntaxError(`Invalid escape '\\${char ?? ''}'`, at);
    }
  }

  /** A string without `${…}`, such as the path of `using`. */
  private plainString(what: string): string {
    if (this.text[this.position] !== "'") throw this.error(`Expected ${what}`);
    const node = this.string();
    if (node.kind !== 'string' || node.parts.some((part) => typeof part !== 'string')) throw new BicepSyntaxError(`Expected ${what} without \${…}`, node.at);
    return node.parts.join('');
  }

  private identifier(): string | undefined {
    IDENTIFIER.lastIndex = this.position;
    const match = IDENTIFIER.exec(this.text);
    if (!match) return undefined;
    this.position = IDENTIFIER.lastIndex;
    return match[0];
  }

  private requireIdentifier(): string {
    const name = this.identifier();
    if (name === undefined) throw this.error('Expected a name');
    return name;
  }

  private peekWord(word: string): boolean {
    return this.text.startsWith(word, this.position) && !/[A-Za-z0-9_]/.test(this.text[this.position + word.length] ?? '');
  }

  /** Spaces and comments; newlines too when `newlines` is set or inside parentheses. */
  private space(newlines: boolean): void {
    const text = this.text;
    for (;;) {
      const char = text[this.position];
      if (char === ' ' || char === '\t' || ((char === '\n' || char === '\r') && (newlines || this.parentheses > 0))) this.position++;
      // A byte order mark opening the file (Windows editors write one) is read past, as Bicep does.
      else if (char === '\uFEFF' && this.position === 0) this.position++;
      else if (text.startsWith('//', this.position) || isDirectiveAt(text, this.position)) {
        // Comments, and the directives that turn diagnostics off and on again (`#disable-next-line …`,
        // `#disable-diagnostics …` … `#restore-diagnostics …`).
        const end = text.indexOf('\n', this.position);
        this.position = end < 0 ? text.length : end;
      } else if (text.startsWith('/*', this.position)) {
        const end = text.indexOf('*/', this.position + 2);
        if (end < 0) throw this.error('Unterminated comment');
        this.position = end + 2;
      } else return;
    }
  }

  private atLineEnd(): boolean {
    const char = this.text[this.position];
    return char === undefined || char === '\n' || char === '\r';
  }

  private endOfStatement(): void {
    this.space(false);
    if (!this.atLineEnd()) throw this.error(`Expected a new line after the statement`);
  }

  /** Reads past a statement azvmsec does not use: to the end of its line, brackets and strings followed. */
  private skipStatement(): void {
    let depth = 0;
    while (this.position < this.text.length) {
      this.space(depth > 0);
      const char = this.text[this.position];
      if (char === undefined) return;
      if ((char === '\n' || char === '\r') && depth === 0 && !this.unionGoesOn()) return;
      if (char === "'") this.string();
      else {
        if (char === '(' || char === '[' || char === '{') depth++;
        else if (char === ')' || char === ']' || char === '}') depth--;
        this.position++;
      }
    }
  }

  /**
   * At the end of a line, outside brackets, in a type: whether the type goes on with a `|` on a later
   * line, as Bicep's formatter writes a long union (`type t =`, then `  | 'a'` and `  | 'b'`): if
   * so, moves there. No statement starts with `|`, so such a line belongs to the type above it.
   */
  private unionGoesOn(): boolean {
    const end = this.position;
    this.space(true);
    if (this.text[this.position] === '|' && this.text[this.position + 1] !== '|') return true;
    this.position = end;
    return false;
  }

  private skipTo(char: string): void {
    const end = this.text.indexOf(char, this.position);
    const line = this.text.indexOf('\n', this.position);
    if (end < 0 || (line >= 0 && line < end)) throw this.error(`Expected '${char}'`);
    this.position = end;
  }

  private eat(token: string): boolean {
    if (!this.text.startsWith(token, this.position)) return false;
    this.position += token.length;
    return true;
  }

  private expect(token: string): void {
    this.space(false);
    if (!this.eat(token)) throw this.error(`Expected '${token}'`);
  }

  private error(message: string): BicepSyntaxError {
    return new BicepSyntaxError(message, this.position);
  }
}

/** The 1-based line and column of an offset of `text` (line starts found once, then searched). */
export function placer(text: string): (at: number) => { line: number; column: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (at) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] as number) <= at) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: at - (starts[low] as number) + 1 };
  };
}
