/**
 * Reads JSON text the way ARM's json() does (Newtonsoft): standard JSON plus single-quoted strings
 * and unquoted property names.
 */
import { setMember, type Value, type ValueObject } from '../../../model/value.js';

export class JsonTextError extends Error {}

export function parseJsonText(text: string): Value {
  const reader = new Reader(text);
  const value = reader.value();
  reader.space();
  if (!reader.done()) throw new JsonTextError(`unexpected '${text[reader.at]}' at position ${reader.at}`);
  return value;
}

class Reader {
  at = 0;
  constructor(private readonly text: string) {}

  done(): boolean {
    return this.at >= this.text.length;
  }

  space(): void {
    while (!this.done() && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  value(): Value {
    this.space();
    const ch = this.text[this.at];
    if (ch === '{') return this.object();
    if (ch === '[') return this.array();
    if (ch === '"' || ch === "'") return this.string();
    const word = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.at));
    if (!word) throw new JsonTextError(`unexpected ${ch === undefined ? 'end' : `'${ch}'`} at position ${this.at}`);
    this.at += word[0].length;
    return JSON.parse(word[0]) as Value;
  }

  private object(): ValueObject {
    const result: ValueObject = {};
    this.at++;
    this.space();
    if (this.text[this.at] === '}') {
      this.at++;
      return result;
    }
    for (;;) {
      this.space();
      const ch = this.text[this.at];
      let key: string;
      if (ch === '"' || ch === "'") key = this.string();
      else {
        const name = /^[A-Za-z_$][\w$]*/.exec(this.text.slice(this.at));
        if (!name) throw new JsonTextError(`expected a property name at position ${this.at}`);
        key = name[0];
        this.at += key.length;
      }
      this.expect(':');
      setMember(result, key, this.value());
      if (this.separator('}')) return result;
    }
  }

  private array(): Value[] {
    const result: Value[] = [];
    this.at++;
    this.space();
    if (this.text[this.at] === ']') {
      this.at++;
      return result;
    }
    for (;;) {
      result.push(this.value());
      if (this.separator(']')) return result;
    }
  }

  private separator(close: string): boolean {
    this.space();
    const ch = this.text[this.at];
    this.at++;
    if (ch === close) return true;
    if (ch === ',') return false;
    throw new JsonTextError(`expected ',' or '${close}' at position ${this.at - 1}`);
  }

  private expect(ch: string): void {
    this.space();
    if (this.text[this.at] !== ch) throw new JsonTextError(`expected '${ch}' at position ${this.at}`);
    this.at++;
  }

  private string(): string {
    const quote = this.text[this.at];
    let out = '';
    this.at++;
    for (;;) {
      if (this.done()) throw new JsonTextError('unterminated string');
      const ch = this.text[this.at++] as string;
      if (ch === quote) return out;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const escape = this.text[this.at++] ?? '';
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' };
      if (escape === 'u') {
        out += String.fromCharCode(Number.parseInt(this.text.slice(this.at, this.at + 4), 16));
        this.at += 4;
      } else out += simple[escape] ?? escape;
    }
  }
}
