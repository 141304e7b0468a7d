/**
 * Bicep type expressions (`{ user: string, @secure() password: string }`, `login[]`, `{ *: secret }`,
 * `[string, int]`, `login?`) as the ARM type definitions `az bicep build` writes for them
 * (languageVersion 2.0 `definitions`): `properties`, `additionalProperties`, `items`, `prefixItems`,
 * `nullable`, `$ref` to the file's other types, and a `@secure()` member written with the type
 * `securestring` or `secureObject`. Only what says where a secure value sits is written: literal and
 * union types are their base type, without allowed values or other constraints.
 */
import type { JsonValue } from '../json/parse.js';

type Schema = { [key: string]: JsonValue };

/** What a type's names mean: the file's `@secure()` types and its other user-defined types. */
export interface TypeNames {
  readonly secureTypes: ReadonlyMap<string, 'string' | 'object'>;
  readonly types: ReadonlySet<string>;
}

/** Types nested deeper than this are not read (a hostile file could nest them without end). */
const MAX_DEPTH = 64;

const AMBIENT = new Set(['string', 'int', 'bool', 'object', 'array']);

class TypeSyntaxError extends Error {}

/** The ARM type definition of a Bicep type expression, or undefined when it is not one this reader knows. */
export function typeSchema(text: string, names: TypeNames): Schema | undefined {
  try {
    const reader = new TypeReader(text, names);
    const schema = reader.type(0);
    reader.end();
    return schema;
  } catch (error) {
    if (error instanceof TypeSyntaxError) return undefined;
    throw error;
  }
}

/** The text of a `type name = …` statement after its name: the expression after `=`. */
export function typeExpression(statement: string): string {
  return statement.replace(/^\s*=/, '');
}

class TypeReader {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly names: TypeNames,
  ) {}

  end(): void {
    this.space(true);
    if (this.position < this.text.length) throw new TypeSyntaxError();
  }

  /** A union of types (`'a' | 'b'`, `typeA | typeB`): one member is itself; more are their shared base type. */
  type(depth: number): Schema {
    if (depth > MAX_DEPTH) throw new TypeSyntaxError();
    this.space(true);
    this.eat('|');
    const members = [this.postfix(depth)];
    for (;;) {
      const saved = this.position;
      this.space(true);
      if (this.text[this.position] === '|' && this.text[this.position + 1] !== '|') {
        this.position++;
        members.push(this.postfix(depth));
      } else {
        this.position = saved;
        break;
      }
    }
    if (members.length === 1) return members[0] as Schema;
    const types = new Set(members.map((member) => member['type']));
    const nullable = members.some((member) => member['nullable'] === true);
    const [type] = types;
    return { ...(types.size === 1 && typeof type === 'string' ? { type } : {}), ...(nullable ? { nullable: true } : {}) };
  }

  private postfix(depth: number): Schema {
    let schema = this.primary(depth);
    for (;;) {
      this.space(false);
      if (this.text.startsWith('[]', this.position)) {
        this.position += 2;
        schema = { type: 'array', items: schema };
      } else if (this.text[this.position] === '[') {
        // `t[*]`, `t[0]`: the type of a member, not read.
        this.skipBracketed();
        schema = {};
      } else if (this.eat('?')) schema = { ...schema, nullable: true };
      else if (this.eat('!')) {
        const { nullable: _, ...rest } = schema;
        schema = rest;
      } else if (this.text[this.position] === '.') {
        // `t.member`, `t.*`: the type of a member, not read.
        this.position++;
        if (!this.eat('*')) this.identifier();
        schema = {};
      } else return schema;
    }
  }

  private primary(depth: number): Schema {
    this.space(true);
    const char = this.text[this.position];
    if (char === '{') return this.object(depth);
    if (char === '[') return this.tuple(depth);
    if (char === '(') {
      this.position++;
      const inner = this.type(depth + 1);
      this.space(true);
      this.expect(')');
      return inner;
    }
    if (char === "'") {
      this.string();
      return { type: 'string' };
    }
    if (char === '!') {
      this.position++;
      return this.primary(depth);
    }
    const number = /-?\d+/y;
    number.lastIndex = this.position;
    if (number.test(this.text)) {
      this.position = number.lastIndex;
      return { type: 'int' };
    }
    let name = this.identifier();
    if (name === 'true' || name === 'false') return { type: 'bool' };
    if (name === 'null') return { nullable: true };
    // `sys.string` is the ambient `string`; `ns.name` a type of a file imported as `ns`.
    let qualified = false;
    if (this.text[this.position] === '.' && /[A-Za-z_]/.test(this.text[this.position + 1] ?? '')) {
      this.position++;
      const member = this.identifier();
      qualified = name !== 'sys';
      name = qualified ? `${name}.${member}` : member;
    }
    if (this.text[this.position] === '<') {
      // `resourceInput<'type@version'>`: a resource's type, not read.
      this.skipBracketed();
      return { type: 'object' };
    }
    if (AMBIENT.has(name) && !(this.names.types.has(name) || this.names.secureTypes.has(name))) return { type: name };
    if (name === 'any' && !qualified) return {};
    const secure = this.names.secureTypes.get(name);
    if (secure !== undefined) return { type: secure === 'object' ? 'secureObject' : 'securestring' };
    if (!qualified && this.names.types.has(name)) return { $ref: `#/definitions/${name}` };
    // A type of another file, or an ambient type this reader does not know.
    return {};
  }

  /** `{ name: type, 'quoted-name'?: type, @secure() secret: string, *: type }` */
  private object(depth: number): Schema {
    this.expect('{');
    const properties: Schema = {};
    let additional: Schema | undefined;
    for (;;) {
      this.space(true);
      if (this.eat('}')) break;
      if (this.eat(',')) continue;
      const secure = this.decorators();
      let name: string | undefined;
      if (this.eat('*')) name = undefined;
      else if (this.text[this.position] === "'") name = this.string();
      else name = this.identifier();
      this.space(false);
      const optional = this.eat('?');
      this.space(false);
      this.expect(':');
      let schema = this.type(depth + 1);
      if (optional) schema = { ...schema, nullable: true };
      if (secure) schema = { ...schema, type: schema['type'] === 'object' ? 'secureObject' : 'securestring' };
      if (name === undefined) additional = schema;
      // Defined, not assigned: a member named `__proto__` stays a member.
      else Object.defineProperty(properties, name, { value: schema, enumerable: true, writable: true, configurable: true });
    }
    return { type: 'object', properties, ...(additional ? { additionalProperties: additional } : {}) };
  }

  /** `[string, @secure() string]` */
  private tuple(depth: number): Schema {
    this.expect('[');
    const items: JsonValue[] = [];
    for (;;) {
      this.space(true);
      if (this.eat(']')) break;
      if (this.eat(',')) continue;
      const secure = this.decorators();
      const schema = this.type(depth + 1);
      items.push(secure ? { ...schema, type: schema['type'] === 'object' ? 'secureObject' : 'securestring' } : schema);
    }
    return { type: 'array', prefixItems: items, items: false };
  }

  /** Decorators before a member: whether one is `@secure()` (or `@sys.secure()`). */
  private decorators(): boolean {
    let secure = false;
    for (;;) {
      this.space(true);
      if (!this.eat('@')) return secure;
      let name = this.identifier();
      if (name === 'sys' && this.eat('.')) name = this.identifier();
      if (name === 'secure') secure = true;
      this.space(false);
      if (this.text[this.position] === '(') this.skipBracketed();
    }
  }

  private skipBracketed(): void {
    let depth = 0;
    do {
      const char = this.text[this.position];
      if (char === undefined) throw new TypeSyntaxError();
      if (char === "'") {
        this.string();
        continue;
      }
      if (char === '(' || char === '[' || char === '{' || char === '<') depth++;
      else if (char === ')' || char === ']' || char === '}' || char === '>') depth--;
      this.position++;
    } while (depth > 0);
  }

  /** A single-quoted string (Bicep's escapes), as its text. */
  private string(): string {
    this.expect("'");
    let value = '';
    for (;;) {
      const char = this.text[this.position];
      if (char === undefined) throw new TypeSyntaxError();
      this.position++;
      if (char === "'") return value;
      if (char === '\\') {
        const escaped = this.text[this.position++];
        value += escaped === 'n' ? '\n' : escaped === 'r' ? '\r' : escaped === 't' ? '\t' : (escaped ?? '');
      } else value += char;
    }
  }

  private identifier(): string {
    const pattern = /[A-Za-z_][A-Za-z0-9_]*/y;
    pattern.lastIndex = this.position;
    const match = pattern.exec(this.text);
    if (!match) throw new TypeSyntaxError();
    this.position = pattern.lastIndex;
    return match[0];
  }

  private eat(char: string): boolean {
    if (this.text[this.position] !== char) return false;
    this.position++;
    return true;
  }

  private expect(char: string): void {
    if (!this.eat(char)) throw new TypeSyntaxError();
  }

  /** Spaces and comments; newlines too when `newlines`. */
  private space(newlines: boolean): void {
    const text = this.text;
    for (;;) {
      const char = text[this.position];
      if (char === ' ' || char === '\t' || ((char === '\n' || char === '\r') && newlines)) this.position++;
      else if (text.startsWith('//', this.position)) {
        const end = text.indexOf('\n', this.position);
        this.position = end < 0 ? text.length : end;
      } else if (text.startsWith('/*', this.position)) {
        const end = text.indexOf('*/', this.position + 2);
        this.position = end < 0 ? text.length : end + 2;
      } else return;
    }
  }
}
