import { ExpressionSyntaxError } from './errors.js';

export type TokenKind = '(' | ')' | '[' | ']' | ',' | '.' | 'string' | 'integer' | 'identifier' | 'end';

export interface Token {
  readonly kind: TokenKind;
  /** The decoded value: string contents without quotes, the integer text, or the identifier. */
  readonly value: string;
  /** 0-based offset of the token in the JSON string value. */
  readonly offset: number;
}

const PUNCTUATION = new Set(['(', ')', '[', ']', ',', '.']);

/**
 * Splits the inside of an expression (`text` is the whole JSON string, `start`/`end` delimit the part
 * between the outer brackets) into tokens. Offsets stay relative to the whole string.
 */
export function tokenize(text: string, start = 0, end = text.length): Token[] {
  const tokens: Token[] = [];
  let i = start;
  while (i < end) {
    const ch = text[i] as string;
    if (/\s/.test(ch)) {
      i++;
    } else if (PUNCTUATION.has(ch)) {
      tokens.push({ kind: ch as TokenKind, value: ch, offset: i });
      i++;
    } else if (ch === "'") {
      i = readString(text, i, end, tokens);
    } else if (/[0-9]/.test(ch) || (ch === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      i = readInteger(text, i, end, tokens);
    } else if (/[A-Za-z_$]/.test(ch)) {
      let j = i + 1;
      while (j < end && /[A-Za-z0-9_$]/.test(text[j] as string)) j++;
      tokens.push({ kind: 'identifier', value: text.slice(i, j), offset: i });
      i = j;
    } else {
      throw new ExpressionSyntaxError(`Unexpected character '${ch}'`, i, text);
    }
  }
  tokens.push({ kind: 'end', value: '', offset: end });
  return tokens;
}

/** Reads `'...'` where `''` stands for one quote. */
function readString(text: string, start: number, end: number, tokens: Token[]): number {
  let value = '';
  let i = start + 1;
  for (;;) {
    if (i >= end) throw new ExpressionSyntaxError('Unterminated string literal', start, text);
    const ch = text[i] as string;
    if (ch === "'") {
      if (text[i + 1] === "'" && i + 1 < end) {
        value += "'";
        i += 2;
        continue;
      }
      tokens.push({ kind: 'string', value, offset: start });
      return i + 1;
    }
    value += ch;
    i++;
  }
}

function readInteger(text: string, start: number, end: number, tokens: Token[]): number {
  let j = start + 1;
  while (j < end && /[0-9]/.test(text[j] as string)) j++;
  if (text[j] === '.' && /[0-9]/.test(text[j + 1] ?? '')) {
    throw new ExpressionSyntaxError("Decimal literals are not supported in ARM expressions (use json('1.5'))", start, text);
  }
  tokens.push({ kind: 'integer', value: text.slice(start, j), offset: start });
  return j;
}
