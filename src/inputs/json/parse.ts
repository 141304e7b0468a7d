/**
 * A JSON reader that keeps the position of every value, for templates and parameter files.
 *
 * It accepts what Azure Resource Manager accepts and strict JSON does not: `//` and `/* *\/`
 * comments, trailing commas, raw line breaks inside strings and a byte-order mark. Objects never
 * get a prototype from their keys (`__proto__` is an ordinary key), and nesting is bounded, so a
 * hostile file ends in a syntax error with a line and column, never a crash.
 */

export interface JsonPosition {
  readonly line: number;
  readonly column: number;
}

/** The position of one value and, for objects and arrays, of their members. */
export interface JsonNode extends JsonPosition {
  readonly members?: Map<string, JsonNode> | JsonNode[];
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface JsonDocument {
  readonly value: JsonValue;
  readonly root: JsonNode;
  /** Leniencies used (comments, raw line breaks …): not errors, but worth a note. */
  readonly warnings: readonly (JsonPosition & { message: string })[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface JsonParseOptions {
  /** Deepest nesting of objects and arrays accepted. */
  readonly maxDepth?: number;
}

const DEFAULT_MAX_DEPTH = 256;

export function parseJson(text: string, options: JsonParseOptions = {}): JsonDocument {
  const parser = new Parser(text, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  parser.skipTrivia();
  const [value, root] = parser.value(0);
  parser.skipTrivia();
  if (parser.pos < text.length) parser.fail('Unexpected content after the JSON value');
  return { value, root, warnings: parser.warnings };
}

/** The node at a pointer's tokens, or the deepest ancestor that exists, with how deep it got. */
export function nodeAt(root: JsonNode, tokens: readonly string[]): { node: JsonNode; depth: number } {
  let node = root;
  let depth = 0;
  for (const token of tokens) {
    const members = node.members;
    let next: JsonNode | undefined;
    if (Array.isArray(members)) {
      next = /^\d+$/.test(token) ? members[Number(token)] : undefined;
    } else if (members) {
      next = members.get(token);
      if (next === undefined) {
        const lower = token.toLowerCase();
        for (const [key, member] of members) {
          if (key.toLowerCase() === lower) {
            next = member;
            break;
          }
        }
      }
    }
    if (next === undefined) break;
    node = next;
    depth++;
  }
  return { node, depth };
}

class Parser {
  pos = 0;
  private line = 1;
  private lineStart = 0;
  readonly warnings: (JsonPosition & { message: string })[] = [];

  constructor(
    private readonly text: string,
    private readonly maxDepth: number,
  ) {
    if (text.charCodeAt(0) === 0xfeff) this.pos = 1;
  }

  fail(message: string): never {
    throw new JsonSyntaxError(message, this.line, this.pos - this.lineStart + 1);
  }

  private here(): JsonPosition {
    return { line: this.line, column: this.pos - this.lineStart + 1 };
  }

  private newline(at: number): void {
    this.line++;
    this.lineStart = at + 1;
  }

  skipTrivia(): void {
    const text = this.text;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) {
        this.newline(this.pos);
        this.pos++;
      } else if (c === 0x20 || c === 0x09 || c === 0x0d) {
        this.pos++;
      } else if (c === 0x2f && text.charCodeAt(this.pos + 1) === 0x2f) {
        while (this.pos < text.length && text.charCodeAt(this.pos) !== 0x0a) this.pos++;
      } else if (c === 0x2f && text.charCodeAt(this.pos + 1) === 0x2a) {
        const start = this.here();
        this.pos += 2;
        for (;;) {
          if (this.pos >= text.length) throw new JsonSyntaxError('Unterminated comment', start.line, start.column);
          const d = text.charCodeAt(this.pos);
          if (d === 0x2a && text.charCodeAt(this.pos + 1) === 0x2f) {
            this.pos += 2;
            break;
          }
          if (d === 0x0a) this.newline(this.pos);
          this.pos++;
        }
      } else {
        return;
      }
    }
  }

  value(depth: number): [JsonValue, JsonNode] {
    const position = this.here();
    const c = this.text.charCodeAt(this.pos);
    if (c === 0x7b) return this.object(depth, position);
    if (c === 0x5b) return this.array(depth, position);
    if (c === 0x22) return [this.string(), position];
    if (c === 0x2d || (c >= 0x30 && c <= 0x39)) return [this.number(), position];
    if (this.text.startsWith('true', this.pos)) return this.literal(4, true, position);
    if (this.text.startsWith('false', this.pos)) return this.literal(5, false, position);
    if (this.text.startsWith('null', this.pos)) return this.literal(4, null, position);
    if (this.pos >= this.text.length) this.fail('Unexpected end of file');
    this.fail(`Unexpected character ${JSON.stringify(this.text[this.pos])}`);
  }

  private literal(length: number, value: JsonValue, position: JsonPosition): [JsonValue, JsonNode] {
    this.pos += length;
    return [value, position];
  }

  private enter(depth: number): void {
    if (depth >= this.maxDepth) this.fail(`Nesting deeper than ${this.maxDepth} levels`);
  }

  private object(depth: number, position: JsonPosition): [JsonValue, JsonNode] {
    this.enter(depth);
    this.pos++;
    const value: { [key: string]: JsonValue } = {};
    const members = new Map<string, JsonNode>();
    this.skipTrivia();
    while (this.text.charCodeAt(this.pos) !== 0x7d) {
      if (this.text.charCodeAt(this.pos) !== 0x22) this.fail(this.pos >= this.text.length ? 'Unexpected end of file in an object' : 'Expected a property name');
      const key = this.string();
      this.skipTrivia();
      if (this.text.charCodeAt(this.pos) !== 0x3a) this.fail("Expected ':' after a property name");
      this.pos++;
      this.skipTrivia();
      const [member, node] = this.value(depth + 1);
      // defineProperty: a "__proto__" key stays an own data property and never sets a prototype.
      Object.defineProperty(value, key, { value: member, enumerable: true, writable: true, configurable: true });
      members.set(key, node);
      this.skipTrivia();
      const next = this.text.charCodeAt(this.pos);
      if (next === 0x2c) {
        this.pos++;
        this.skipTrivia();
      } else if (next !== 0x7d) {
        this.fail(this.pos >= this.text.length ? 'Unexpected end of file in an object' : "Expected ',' or '}'");
      }
    }
    this.pos++;
    return [value, { ...position, members }];
  }

  private array(depth: number, position: JsonPosition): [JsonValue, JsonNode] {
    this.enter(depth);
    this.pos++;
    const value: JsonValue[] = [];
    const members: JsonNode[] = [];
    this.skipTrivia();
    while (this.text.charCodeAt(this.pos) !== 0x5d) {
      if (this.pos >= this.text.length) this.fail('Unexpected end of file in an array');
      const [item, node] = this.value(depth + 1);
      value.push(item);
      members.push(node);
      this.skipTrivia();
      const next = this.text.charCodeAt(this.pos);
      if (next === 0x2c) {
        this.pos++;
        this.skipTrivia();
      } else if (next !== 0x5d) {
        this.fail(this.pos >= this.text.length ? 'Unexpected end of file in an array' : "Expected ',' or ']'");
      }
    }
    this.pos++;
    return [value, { ...position, members }];
  }

  private string(): string {
    const text = this.text;
    this.pos++;
    let out = '';
    let chunkStart = this.pos;
    for (;;) {
      if (this.pos >= text.length) this.fail('Unterminated string');
      const c = text.charCodeAt(this.pos);
      if (c === 0x22) {
        out += text.slice(chunkStart, this.pos);
        this.pos++;
        return out;
      }
      if (c === 0x5c) {
        out += text.slice(chunkStart, this.pos);
        out += this.escape();
        chunkStart = this.pos;
        continue;
      }
      if (c === 0x0a) {
        // Raw line breaks inside strings: ARM accepts them (multi-line scripts in real templates).
        if (this.warnings.length < 20) this.warnings.push({ ...this.here(), message: 'Raw line break inside a string' });
        this.newline(this.pos);
      }
      this.pos++;
    }
  }

  private escape(): string {
    const text = this.text;
    const c = text[this.pos + 1];
    this.pos += 2;
    switch (c) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hex = text.slice(this.pos, this.pos + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('Invalid \\u escape');
        this.pos += 4;
        return String.fromCharCode(parseInt(hex, 16));
      }
      default:
        this.pos -= 2;
        this.fail(`Invalid escape \\${c ?? ''}`);
    }
  }

  private number(): number {
    const match = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    match.lastIndex = this.pos;
    const found = match.exec(this.text);
    if (!found || found[0] === '-') this.fail('Invalid number');
    this.pos += found[0].length;
    return Number(found[0]);
  }
}
