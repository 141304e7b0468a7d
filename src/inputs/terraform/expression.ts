/**
 * The HCL expression and template language, as `@cdktf/hcl2json` hands it over: every string in
 * its JSON is a template (`"${var.prefix}-nic"`, literal escapes already decoded), and `${ ... }`
 * holds raw expression source (inner string literals still escaped). This module parses both into
 * a small syntax tree; `evaluate.ts` gives it values.
 */

export type Node =
  | { kind: 'literal'; value: null | boolean | number | string }
  | { kind: 'template'; parts: TemplatePart[] }
  | { kind: 'variable'; name: string }
  | { kind: 'attr'; target: Node; name: string }
  | { kind: 'index'; target: Node; key: Node }
  | { kind: 'splat'; target: Node; each: Node }
  | { kind: 'splat-item' }
  | { kind: 'call'; name: string; args: Node[]; expand: boolean }
  | { kind: 'unary'; op: '!' | '-'; operand: Node }
  | { kind: 'binary'; op: string; left: Node; right: Node }
  | { kind: 'conditional'; test: Node; then: Node; else: Node }
  | { kind: 'tuple'; items: Node[] }
  | { kind: 'object'; entries: { key: Node; value: Node }[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Node; key?: Node; value: Node; condition?: Node; object: boolean; group: boolean };

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'interp'; expr: Node }
  | { kind: 'if'; test: Node; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: 'for'; keyVar?: string; valueVar: string; collection: Node; body: TemplatePart[] };

export class HclSyntaxError extends Error {}

/**
 * Nesting deeper than this (brackets, calls, conditionals, unary operators, templates within
 * templates) is a syntax error, so parsing and evaluating never overflow the stack.
 */
export const MAX_NESTING = 200;

/** Parses a template as hcl2json writes strings (escapes decoded, `$${` and `%%{` still escaped). */
export function parseTemplate(text: string, depth = 0): Node {
  const parser = new TemplateParser(text, false, text.length, depth);
  const parts = parser.parts(new Set());
  if (parts.length === 1 && parts[0]?.kind === 'interp') return parts[0].expr;
  if (parts.every((part) => part.kind === 'text')) return { kind: 'literal', value: parts.map((part) => (part as { text: string }).text).join('') };
  return { kind: 'template', parts };
}

/** Parses one expression's source (`var.a > 1 ? "x" : local.y`). */
export function parseExpression(source: string): Node {
  const parser = new ExpressionParser(source, 0);
  const node = parser.expression();
  parser.skipSpace();
  if (parser.pos < source.length) throw new HclSyntaxError(`unexpected "${source.slice(parser.pos, parser.pos + 10)}"`);
  return node;
}

class TemplateParser {
  pos = 0;
  constructor(
    readonly text: string,
    /** Inside an expression's string literal: backslash escapes still need decoding. */
    readonly escaped: boolean,
    readonly end: number,
    /** How deep this template sits inside expressions and other templates. */
    private depth: number,
  ) {
    if (depth > MAX_NESTING) throw new HclSyntaxError(`expression nested deeper than ${MAX_NESTING} levels`);
  }

  /** After a `~}` strip marker: the whitespace that follows is left out of the text. */
  private stripLeading = false;

  /** Reads parts up to the end or a `%{ word }` directive in `stops`. */
  parts(stops: Set<string>): TemplatePart[] {
    const parts: TemplatePart[] = [];
    let text = '';
    const flush = (): void => {
      if (text !== '') parts.push({ kind: 'text', text });
      text = '';
    };
    while (this.pos < this.end) {
      const c = this.text[this.pos] as string;
      const next = this.text[this.pos + 1];
      // After `~}`: the spaces and the one line break that follow (as Terraform does: the next line's indentation stays).
      if (this.stripLeading && (c === ' ' || c === '\t')) {
        this.pos++;
        continue;
      }
      if (this.stripLeading && (c === '\n' || (c === '\r' && next === '\n'))) {
        this.pos += c === '\r' ? 2 : 1;
        this.stripLeading = false;
        continue;
      }
      this.stripLeading = false;
      // `${~` and `%{~` leave out the spaces before them, and the line break before those.
      if ((c === '$' || c === '%') && next === '{' && this.text[this.pos + 2] === '~') text = text.replace(/(\r?\n)?[ \t]*$/, '');
      if ((c === '$' || c === '%') && next === c && this.text[this.pos + 2] === '{') {
        text += `${c}{`;
        this.pos += 3;
        continue;
      }
      if (c === '$' && next === '{') {
        flush();
        const expr = new ExpressionParser(this.text, this.pos + 2, this.depth + 1);
        expr.skipStrip();
        const node = expr.expression();
        expr.skipStrip();
        if (this.text[expr.pos] !== '}') throw new HclSyntaxError('unclosed ${');
        this.stripLeading = this.text[expr.pos - 1] === '~';
        this.pos = expr.pos + 1;
        parts.push({ kind: 'interp', expr: node });
        continue;
      }
      if (c === '%' && next === '{') {
        const word = /^%\{~?\s*(\w+)/.exec(this.text.slice(this.pos, this.pos + 40))?.[1] ?? '';
        if (stops.has(word)) {
          flush();
          return parts;
        }
        flush();
        parts.push(this.directive(word));
        continue;
      }
      if (this.escaped && c === '\\') {
        const [decoded, length] = decodeEscape(this.text, this.pos);
        text += decoded;
        this.pos += length;
        continue;
      }
      text += c;
      this.pos++;
    }
    flush();
    return parts;
  }

  /** `%{ if x }…%{ else }…%{ endif }` and `%{ for v in xs }…%{ endfor }`. */
  private directive(word: string): TemplatePart {
    if (++this.depth > MAX_NESTING) throw new HclSyntaxError(`template directives nested deeper than ${MAX_NESTING} levels`);
    try {
      return this.directiveAt(word);
    } finally {
      this.depth--;
    }
  }

  private directiveAt(word: string): TemplatePart {
    const head = new ExpressionParser(this.text, this.pos + 2, this.depth);
    head.skipStrip();
    head.word(word);
    if (word === 'if') {
      const test = head.expression();
      this.pos = this.closeDirective(head);
      const then = this.parts(new Set(['else', 'endif']));
      let otherwise: TemplatePart[] = [];
      if (this.directiveWord() === 'else') {
        this.pos = this.closeDirective(this.headOf('else'));
        otherwise = this.parts(new Set(['endif']));
      }
      if (this.directiveWord() !== 'endif') throw new HclSyntaxError('%{if} without %{endif}');
      this.pos = this.closeDirective(this.headOf('endif'));
      return { kind: 'if', test, then, else: otherwise };
    }
    if (word === 'for') {
      const first = head.identifier();
      let keyVar: string | undefined;
      let valueVar = first;
      head.skipSpace();
      if (head.peek(',')) {
        head.pos++;
        keyVar = first;
        valueVar = head.identifier();
      }
      head.word('in');
      const collection = head.expression();
      this.pos = this.closeDirective(head);
      const body = this.parts(new Set(['endfor']));
      if (this.directiveWord() !== 'endfor') throw new HclSyntaxError('%{for} without %{endfor}');
      this.pos = this.closeDirective(this.headOf('endfor'));
      return { kind: 'for', ...(keyVar !== undefined ? { keyVar } : {}), valueVar, collection, body };
    }
    throw new HclSyntaxError(`unknown template directive %{${word}}`);
  }

  private directiveWord(): string {
    return /^%\{~?\s*(\w+)/.exec(this.text.slice(this.pos, this.pos + 40))?.[1] ?? '';
  }

  private headOf(word: string): ExpressionParser {
    const head = new ExpressionParser(this.text, this.pos + 2, this.depth);
    head.skipStrip();
    head.word(word);
    return head;
  }

  private closeDirective(head: ExpressionParser): number {
    head.skipStrip();
    if (this.text[head.pos] !== '}') throw new HclSyntaxError('unclosed %{');
    this.stripLeading = this.text[head.pos - 1] === '~';
    return head.pos + 1;
  }
}

function decodeEscape(text: string, at: number): [string, number] {
  const c = text[at + 1];
  switch (c) {
    case 'n':
      return ['\n', 2];
    case 'r':
      return ['\r', 2];
    case 't':
      return ['\t', 2];
    case '"':
      return ['"', 2];
    case '\\':
      return ['\\', 2];
    case 'u': {
      const hex = text.slice(at + 2, at + 6);
      return [String.fromCodePoint(parseInt(hex, 16) || 0xfffd), 6];
    }
    case 'U': {
      const hex = text.slice(at + 2, at + 10);
      return [String.fromCodePoint(Math.min(parseInt(hex, 16) || 0xfffd, 0x10ffff)), 10];
    }
    default:
      return [c ?? '', 2];
  }
}

const BINARY_LEVELS: readonly (readonly string[])[] = [['||'], ['&&'], ['==', '!='], ['<=', '>=', '<', '>'], ['+', '-'], ['*', '/', '%']];

class ExpressionParser {
  constructor(
    readonly text: string,
    public pos: number,
    /** How deep the expression being read sits; each nested expression is one level more. */
    private depth = 0,
  ) {}

  skipSpace(): void {
    for (;;) {
      const c = this.text[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        while (this.pos < this.text.length && this.text[this.pos] !== '\n') this.pos++;
      } else if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
      } else return;
    }
  }

  /** Spaces and the `~` strip markers of templates. */
  skipStrip(): void {
    this.skipSpace();
    if (this.text[this.pos] === '~') this.pos++;
    this.skipSpace();
  }

  peek(token: string): boolean {
    return this.text.startsWith(token, this.pos);
  }

  expect(token: string): void {
    this.skipSpace();
    if (!this.peek(token)) throw new HclSyntaxError(`expected "${token}" at "${this.text.slice(this.pos, this.pos + 12)}"`);
    this.pos += token.length;
  }

  word(word: string): void {
    this.skipSpace();
    const found = this.identifier();
    if (found !== word) throw new HclSyntaxError(`expected "${word}", found "${found}"`);
  }

  identifier(): string {
    this.skipSpace();
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!match) throw new HclSyntaxError(`expected a name at "${this.text.slice(this.pos, this.pos + 12)}"`);
    this.pos += match[0].length;
    return match[0];
  }

  expression(): Node {
    if (++this.depth > MAX_NESTING) throw new HclSyntaxError(`expression nested deeper than ${MAX_NESTING} levels`);
    try {
      return this.conditional();
    } finally {
      this.depth--;
    }
  }

  private conditional(): Node {
    const test = this.binary(0);
    this.skipSpace();
    if (this.peek('?')) {
      this.pos++;
      const then = this.expression();
      this.expect(':');
      const otherwise = this.expression();
      return { kind: 'conditional', test, then, else: otherwise };
    }
    return test;
  }

  private binary(level: number): Node {
    if (level >= BINARY_LEVELS.length) return this.unary();
    let left = this.binary(level + 1);
    for (;;) {
      this.skipSpace();
      const op = (BINARY_LEVELS[level] as readonly string[]).find((candidate) => this.peek(candidate) && !this.isArrow(candidate));
      if (op === undefined) return left;
      this.pos += op.length;
      const right = this.binary(level + 1);
      left = { kind: 'binary', op, left, right };
    }
  }

  /** `=>` in for-expressions and `==` must not read as `=`; `<` / `>` alone are fine. */
  private isArrow(op: string): boolean {
    return op === '>' && this.text[this.pos - 1] === '=';
  }

  /** Prefix operators, read in a loop: `!!!!x` is no deeper to read than `!x`. */
  private unary(): Node {
    const ops: ('!' | '-')[] = [];
    for (;;) {
      this.skipSpace();
      if (this.peek('!')) ops.push('!');
      else if (this.peek('-') && !/[0-9]/.test(this.text[this.pos + 1] ?? '')) ops.push('-');
      else break;
      this.pos++;
    }
    if (ops.length > MAX_NESTING) throw new HclSyntaxError(`more than ${MAX_NESTING} prefix operators in a row`);
    let node = this.postfix(this.primary());
    for (let i = ops.length - 1; i >= 0; i--) node = { kind: 'unary', op: ops[i] as '!' | '-', operand: node };
    return node;
  }

  private postfix(start: Node): Node {
    let node = start;
    for (;;) {
      this.skipSpace();
      if (this.peek('.*') || this.peek('[*]')) {
        // The attribute-only splat `.*` takes only attribute steps (and HIL's `.0`) into each
        // element: "`tuple.*.foo.bar[0]` is approximately equivalent to `[for v in tuple:
        // v.foo.bar][0]`", where `tuple[*].foo.bar[0]` indexes each element (HCL spec, Splat
        // Operators). `azurerm_managed_disk.x.*.id[count.index]` is one disk's id.
        const attributeOnly = this.peek('.*');
        this.pos += attributeOnly ? 2 : 3;
        let each: Node = { kind: 'splat-item' };
        for (;;) {
          this.skipSpace();
          if (this.peek('.') && !this.peek('..')) {
            this.pos++;
            const name = this.identifierOrNumber();
            each = /^\d+$/.test(name) ? { kind: 'index', target: each, key: { kind: 'literal', value: Number(name) } } : { kind: 'attr', target: each, name };
          } else if (!attributeOnly && this.peek('[') && !this.peek('[*]')) {
            this.pos++;
            const key = this.expression();
            this.expect(']');
            each = { kind: 'index', target: each, key };
          } else break;
        }
        node = { kind: 'splat', target: node, each };
      } else if (this.peek('.') && !this.peek('...')) {
        this.pos++;
        const name = this.identifierOrNumber();
        node = /^\d+$/.test(name) ? { kind: 'index', target: node, key: { kind: 'literal', value: Number(name) } } : { kind: 'attr', target: node, name };
      } else if (this.peek('[')) {
        this.pos++;
        const key = this.expression();
        this.expect(']');
        node = { kind: 'index', target: node, key };
      } else return node;
    }
  }

  private identifierOrNumber(): string {
    this.skipSpace();
    const number = /^\d+/.exec(this.text.slice(this.pos, this.pos + 20));
    if (number) {
      this.pos += number[0].length;
      return number[0];
    }
    return this.identifier();
  }

  private primary(): Node {
    this.skipSpace();
    const c = this.text[this.pos];
    if (c === undefined) throw new HclSyntaxError('unexpected end of expression');
    if (c === '(') {
      this.pos++;
      const inner = this.expression();
      this.expect(')');
      return inner;
    }
    if (c === '"') return this.stringLiteral();
    if (c === '<' && this.peek('<<')) return this.heredoc();
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(this.text[this.pos + 1] ?? ''))) {
      const match = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.pos, this.pos + 64)) as RegExpExecArray;
      this.pos += match[0].length;
      return { kind: 'literal', value: Number(match[0]) };
    }
    if (c === '[') return this.tuple();
    if (c === '{') return this.object();
    const name = this.identifier();
    if (name === 'true' || name === 'false') return { kind: 'literal', value: name === 'true' };
    if (name === 'null') return { kind: 'literal', value: null };
    this.skipSpace();
    if (this.peek('::')) {
      // Provider-defined functions: provider::name::function(...)
      let full = name;
      while (this.peek('::')) {
        this.pos += 2;
        full += '::' + this.identifier();
      }
      return this.call(full);
    }
    if (this.peek('(')) return this.call(name);
    return { kind: 'variable', name };
  }

  private call(name: string): Node {
    this.expect('(');
    const args: Node[] = [];
    let expand = false;
    this.skipSpace();
    while (!this.peek(')')) {
      args.push(this.expression());
      this.skipSpace();
      if (this.peek('...')) {
        this.pos += 3;
        expand = true;
        this.skipSpace();
      }
      if (this.peek(',')) {
        this.pos++;
        this.skipSpace();
      } else break;
    }
    this.expect(')');
    return { kind: 'call', name, args, expand };
  }

  private stringLiteral(): Node {
    const start = this.pos + 1;
    let i = start;
    let depth = 0;
    // Find the closing quote, stepping over nested ${ ... } (which may hold strings of their own).
    while (i < this.text.length) {
      const c = this.text[i];
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (depth === 0 && c === '"') break;
      if ((c === '$' || c === '%') && this.text[i + 1] === '{' && this.text[i - 1] !== c) {
        depth++;
        i += 2;
        continue;
      }
      if (depth > 0 && c === '"') {
        i = skipString(this.text, i);
        continue;
      }
      if (depth > 0 && c === '{') depth++;
      if (depth > 0 && c === '}') depth--;
      i++;
    }
    if (i >= this.text.length) throw new HclSyntaxError('unclosed string');
    const parser = new TemplateParser(this.text, true, i, this.depth + 1);
    parser.pos = start;
    const parts = parser.parts(new Set());
    this.pos = i + 1;
    if (parts.length === 1 && parts[0]?.kind === 'interp') return { kind: 'template', parts };
    if (parts.every((part) => part.kind === 'text')) return { kind: 'literal', value: parts.map((part) => (part as { text: string }).text).join('') };
    return { kind: 'template', parts };
  }

  private heredoc(): Node {
    const match = /^<<(-?)([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.text.slice(this.pos, this.pos + 80));
    if (!match) throw new HclSyntaxError('bad heredoc');
    const bodyStart = this.pos + match[0].length;
    const marker = new RegExp(`^[ \\t]*${match[2]}[ \\t]*$`, 'm');
    const rest = this.text.slice(bodyStart);
    const end = marker.exec(rest);
    if (!end) throw new HclSyntaxError('unclosed heredoc');
    let body = rest.slice(0, end.index);
    if (match[1] === '-') {
      const lines = body.split('\n');
      const indent = lines.reduce((least, line) => (line.trim() === '' ? least : Math.min(least, /^[ \t]*/.exec(line)?.[0].length ?? 0)), Infinity);
      body = lines.map((line) => line.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
    }
    this.pos = bodyStart + end.index + end[0].length;
    return parseTemplate(body, this.depth + 1);
  }

  private tuple(): Node {
    this.expect('[');
    this.skipSpace();
    if (/^for\s/.test(this.text.slice(this.pos, this.pos + 4))) return this.forExpression(false);
    const items: Node[] = [];
    while (!this.peek(']')) {
      items.push(this.expression());
      this.skipSpace();
      if (this.peek(',')) {
        this.pos++;
        this.skipSpace();
      } else break;
    }
    this.expect(']');
    return { kind: 'tuple', items };
  }

  private object(): Node {
    this.expect('{');
    this.skipSpace();
    if (/^for\s/.test(this.text.slice(this.pos, this.pos + 4))) return this.forExpression(true);
    const entries: { key: Node; value: Node }[] = [];
    while (!this.peek('}')) {
      let key: Node;
      const bare = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos, this.pos + 256));
      const after = bare ? this.text.slice(this.pos + bare[0].length).trimStart() : '';
      if (bare && (after.startsWith('=') || after.startsWith(':')) && !after.startsWith('==')) {
        this.pos += bare[0].length;
        key = { kind: 'literal', value: bare[0] };
      } else key = this.expression();
      this.skipSpace();
      if (this.peek('=') || this.peek(':')) this.pos++;
      else throw new HclSyntaxError('expected = in object');
      const value = this.expression();
      entries.push({ key, value });
      this.skipSpace();
      if (this.peek(',')) this.pos++;
      this.skipSpace();
    }
    this.expect('}');
    return { kind: 'object', entries };
  }

  private forExpression(object: boolean): Node {
    this.word('for');
    const first = this.identifier();
    let keyVar: string | undefined;
    let valueVar = first;
    this.skipSpace();
    if (this.peek(',')) {
      this.pos++;
      keyVar = first;
      valueVar = this.identifier();
    }
    this.word('in');
    const collection = this.expression();
    this.expect(':');
    let key: Node | undefined;
    let value = this.expression();
    let group = false;
    if (object) {
      this.expect('=>');
      key = value;
      value = this.expression();
      this.skipSpace();
      if (this.peek('...')) {
        this.pos += 3;
        group = true;
      }
    }
    this.skipSpace();
    let condition: Node | undefined;
    if (/^if\b/.test(this.text.slice(this.pos, this.pos + 3))) {
      this.pos += 2;
      condition = this.expression();
    }
    this.expect(object ? '}' : ']');
    return {
      kind: 'for',
      ...(keyVar !== undefined ? { keyVar } : {}),
      valueVar,
      collection,
      ...(key ? { key } : {}),
      value,
      ...(condition ? { condition } : {}),
      object,
      group,
    };
  }
}

function skipString(text: string, at: number): number {
  let i = at + 1;
  while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}
