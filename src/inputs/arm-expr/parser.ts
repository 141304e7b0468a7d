import { ExpressionSyntaxError } from './errors.js';
import { tokenize, type Token, type TokenKind } from './lexer.js';

/** Every node carries `offset`: its 0-based position in the JSON string value (the leading `[` is 0). */
export type ExprNode = StringNode | IntegerNode | CallNode | PropertyNode | IndexNode;

export interface StringNode {
  readonly kind: 'string';
  readonly value: string;
  readonly offset: number;
}
export interface IntegerNode {
  readonly kind: 'integer';
  readonly value: number;
  readonly offset: number;
}
export interface CallNode {
  readonly kind: 'call';
  /** Set for user-defined functions: `ns.fn(...)`. */
  readonly namespace?: string;
  readonly name: string;
  readonly args: readonly ExprNode[];
  readonly offset: number;
}
export interface PropertyNode {
  readonly kind: 'property';
  readonly target: ExprNode;
  readonly name: string;
  readonly offset: number;
}
export interface IndexNode {
  readonly kind: 'index';
  readonly target: ExprNode;
  readonly index: ExprNode;
  readonly offset: number;
}

/** Nesting deeper than this is rejected as a syntax error, so parsing never overflows the stack. */
export const MAX_NESTING = 200;

/** True when ARM treats the string as an expression: `[...]` but not the `[[` escape. */
export function isExpression(text: string): boolean {
  return text.length >= 2 && text.startsWith('[') && !text.startsWith('[[') && text.endsWith(']');
}

/** Azure Resource Manager rejects a template with a longer expression ("can't exceed 24,576 characters"). */
export const MAX_EXPRESSION_LENGTH = 24_576;

/** Parses an expression string (with its outer brackets). Throws ExpressionSyntaxError. */
export function parseExpression(text: string): ExprNode {
  if (!isExpression(text)) throw new ExpressionSyntaxError('An expression must start with "[" and end with "]"', 0, text);
  if (text.length > MAX_EXPRESSION_LENGTH)
    throw new ExpressionSyntaxError(
      `The expression is ${text.length} characters long, over Azure Resource Manager's limit of ${MAX_EXPRESSION_LENGTH.toLocaleString('en')}`,
      MAX_EXPRESSION_LENGTH,
      text,
    );
  const parser = new Parser(text, tokenize(text, 1, text.length - 1));
  const node = parser.expression(0);
  parser.expect('end', 'Expected the end of the expression');
  return node;
}

class Parser {
  private position = 0;
  constructor(
    private readonly text: string,
    private readonly tokens: readonly Token[],
  ) {}

  expression(depth: number): ExprNode {
    if (depth > MAX_NESTING) throw this.error(`Expression nested deeper than ${MAX_NESTING} levels`, this.peek());
    let node = this.primary(depth);
    for (;;) {
      const token = this.peek();
      if (token.kind === '.') {
        this.next();
        const name = this.expect('identifier', 'Expected a property name after "."');
        node = { kind: 'property', target: node, name: name.value, offset: token.offset };
      } else if (token.kind === '[') {
        this.next();
        const index = this.expression(depth + 1);
        this.expect(']', 'Expected "]" to close the index');
        node = { kind: 'index', target: node, index, offset: token.offset };
      } else {
        return node;
      }
    }
  }

  private primary(depth: number): ExprNode {
    const token = this.next();
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value, offset: token.offset };
      case 'integer':
        return { kind: 'integer', value: Number(token.value), offset: token.offset };
      case 'identifier':
        return this.call(token, depth);
      case 'end':
        throw this.error('Unexpected end of expression', token);
      default:
        throw this.error(`Unexpected "${token.value}"`, token);
    }
  }

  private call(first: Token, depth: number): CallNode {
    let namespace: string | undefined;
    let name = first.value;
    if (this.peek().kind === '.' && this.peekAt(1).kind === 'identifier' && this.peekAt(2).kind === '(') {
      this.next();
      namespace = first.value;
      name = this.next().value;
    }
    if (this.peek().kind !== '(') {
      const hint = /^(true|false|null)$/i.test(name) ? ` (ARM has no bare literals: write ${name}())` : '';
      throw this.error(`Expected "(" after function name "${name}"${hint}`, this.peek());
    }
    this.next();
    const args: ExprNode[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.expression(depth + 1));
        if (this.peek().kind === ',') {
          this.next();
          continue;
        }
        break;
      }
    }
    this.expect(')', `Expected "," or ")" in the arguments of ${name}()`);
    return namespace === undefined ? { kind: 'call', name, args, offset: first.offset } : { kind: 'call', namespace, name, args, offset: first.offset };
  }

  expect(kind: TokenKind, message: string): Token {
    const token = this.peek();
    if (token.kind !== kind) throw this.error(message, token);
    return this.next();
  }

  private peek(): Token {
    return this.peekAt(0);
  }

  private peekAt(ahead: number): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.position < this.tokens.length - 1) this.position++;
    return token;
  }

  private error(message: string, token: Token): ExpressionSyntaxError {
    const found = token.kind === 'end' ? 'end of expression' : `"${token.value}"`;
    return new ExpressionSyntaxError(`${message}, found ${found}`, token.offset, this.text);
  }
}
