import { isAscii } from 'node:buffer';

/**
 * Strict JSON read from byte chunks, for snapshots too large to hold as one string: V8 strings stop
 * near 512 MiB, a 50,000-VM snapshot is 484 MB, and the file's bytes and its text each cost as much
 * memory again. The elements of the top-level array, and of every array that is a member of the
 * top-level object (`resources`, `data`, `value`), are each decoded and given to `JSON.parse`
 * alone, or a run of them at once where they are written a line each; every other value is parsed
 * whole. The result is what `JSON.parse` gives on the whole text,
 * a value or an error (test/fuzz/chunked-json.fuzz.test.ts holds it to that on random documents cut
 * at random places).
 *
 * Only the bytes of the value being read are kept between chunks, so a caller may reuse its buffer.
 */

/** Where and why the text is not JSON, or holds a value too long to read. */
export interface ChunkedJsonError {
  readonly kind: 'syntax' | 'too-long';
  readonly message: string;
  /** Byte offset in the document (after a UTF-8 byte-order mark, if any). */
  readonly offset: number;
}

export interface ChunkedJsonOptions {
  /**
   * Applied to each value parsed alone (array elements and other member values), before it is
   * kept; it returns the value to keep.
   */
  readonly eachValue?: (value: unknown) => unknown;
}

const enum Expect {
  Document,
  KeyOrEnd,
  Key,
  Colon,
  MemberValue,
  MemberCommaOrEnd,
  ElementOrEnd,
  Element,
  ElementCommaOrEnd,
  Done,
}

const enum Unit {
  None,
  Composite,
  String,
  Scalar,
}

const BOM = [0xef, 0xbb, 0xbf];
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
/** The end of an object element followed by its comma and a line break, as snapshot files write each resource row. */
const ELEMENT_LINE_END = Buffer.from('},\n');

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/** Thrown inside the reader only; `feed` and `end` turn it into the result. */
class Stop extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly kind: ChunkedJsonError['kind'] = 'syntax',
  ) {
    super(message);
  }
}

export class ChunkedJsonReader {
  #expect = Expect.Document;
  /** The top-level object, when the document is one. */
  #object: Record<string, unknown> | undefined;
  /** The array whose elements are being read: the document itself or a member of the object. */
  #array: unknown[] | undefined;
  #key = '';
  #root: unknown;

  /** What kind of value is being read (None between values), and the byte offset where it starts. */
  #unit = Unit.None;
  #unitStart = 0;
  /** When the value started in an earlier chunk: copies of its bytes so far. */
  #parts: Buffer[] = [];
  #depth = 0;
  #inString = false;
  /** Inside a string: whether the bytes read so far end in an unpaired backslash. */
  #escaped = false;

  /** Bytes of the document before the current chunk. */
  #consumed = 0;
  /** How many bytes of a UTF-8 byte-order mark have been read at the start; -1 once past it. */
  #bom = 0;
  #error: ChunkedJsonError | undefined;
  /** Whether runs of elements written a line each are still parsed together (false once one was not JSON). */
  #lines = true;
  /** Where the last `},` and line break of the chunk being read is (-1: none), once looked for. */
  #linesEnd: number | undefined;
  readonly #eachValue: (value: unknown) => unknown;

  constructor(options: ChunkedJsonOptions = {}) {
    this.#eachValue = options.eachValue ?? ((value) => value);
  }

  /** Reads the next bytes; false once the document is known not to be JSON (see `end`). */
  feed(chunk: Uint8Array): boolean {
    if (this.#error) return false;
    let bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      // A UTF-8 byte-order mark is not part of the document, even one cut between chunks.
      while (this.#bom >= 0 && bytes.length > 0) {
        if (bytes[0] !== BOM[this.#bom]) {
          if (this.#bom > 0) throw new Stop('Unexpected token in JSON', 0);
          this.#bom = -1;
        } else {
          bytes = bytes.subarray(1);
          this.#bom = this.#bom === 2 ? -1 : this.#bom + 1;
        }
      }
      this.#scan(bytes);
    } catch (error) {
      this.#fail(error);
    }
    this.#consumed += bytes.length;
    return this.#error === undefined;
  }

  /** The document's value once every chunk is read, or why it is not JSON. */
  end(): { value: unknown } | { error: ChunkedJsonError } {
    if (!this.#error) {
      try {
        if (this.#unit === Unit.Scalar) this.#finishUnit(Buffer.alloc(0), 0, 0);
        if (this.#expect !== Expect.Done) throw new Stop('Unexpected end of JSON input', this.#consumed);
      } catch (error) {
        this.#fail(error);
      }
    }
    return this.#error ? { error: this.#error } : { value: this.#root };
  }

  #fail(error: unknown): void {
    if (error instanceof Stop) this.#error = { kind: error.kind, message: error.message, offset: error.offset };
    else throw error;
  }

  #scan(bytes: Buffer): void {
    const length = bytes.length;
    let i = 0;
    this.#linesEnd = undefined;
    if (this.#unit !== Unit.None) {
      i = this.#continueUnit(bytes, 0);
      if (i < 0) return;
    }
    while (i < length) {
      const byte = bytes[i] as number;
      if (isSpace(byte)) {
        i++;
        continue;
      }
      const at = this.#consumed + i;
      switch (this.#expect) {
        case Expect.Document:
          if (byte === OPEN_BRACE) {
            this.#object = {};
            this.#root = this.#object;
            this.#expect = Expect.KeyOrEnd;
            i++;
          } else if (byte === OPEN_BRACKET) {
            this.#array = [];
            this.#root = this.#array;
            this.#expect = Expect.ElementOrEnd;
            i++;
          } else i = this.#startUnit(bytes, i);
          break;
        case Expect.KeyOrEnd:
        case Expect.Key:
          if (byte === CLOSE_BRACE && this.#expect === Expect.KeyOrEnd) {
            this.#expect = Expect.Done;
            i++;
          } else if (byte === QUOTE) i = this.#startUnit(bytes, i);
          else throw new Stop(`Expected a property name in JSON`, at);
          break;
        case Expect.Colon:
          if (byte !== COLON) throw new Stop(`Expected ':' after a property name in JSON`, at);
          this.#expect = Expect.MemberValue;
          i++;
          break;
        case Expect.MemberValue:
          if (byte === OPEN_BRACKET) {
            this.#array = [];
            this.#setMember(this.#array);
            this.#expect = Expect.ElementOrEnd;
            i++;
          } else i = this.#startUnit(bytes, i);
          break;
        case Expect.MemberCommaOrEnd:
          if (byte === COMMA) this.#expect = Expect.Key;
          else if (byte === CLOSE_BRACE) this.#expect = Expect.Done;
          else throw new Stop(`Expected ',' or '}' after a property value in JSON`, at);
          i++;
          break;
        case Expect.ElementOrEnd:
        case Expect.Element:
          if (byte === CLOSE_BRACKET && this.#expect === Expect.ElementOrEnd) {
            this.#closeArray();
            i++;
          } else {
            const after = byte === OPEN_BRACE && this.#lines ? this.#elementLines(bytes, i) : i;
            i = after > i ? after : this.#startUnit(bytes, i);
          }
          break;
        case Expect.ElementCommaOrEnd:
          if (byte === COMMA) this.#expect = Expect.Element;
          else if (byte === CLOSE_BRACKET) this.#closeArray();
          else throw new Stop(`Expected ',' or ']' after an array element in JSON`, at);
          i++;
          break;
        case Expect.Done:
          throw new Stop('Unexpected non-whitespace character after JSON', at);
      }
      if (i < 0) return;
    }
  }

  /** Sets a member of the top-level object as JSON.parse does: an own property, even for `__proto__`. */
  #setMember(value: unknown): void {
    const object = this.#object as Record<string, unknown>;
    if (this.#key === '__proto__') Object.defineProperty(object, this.#key, { value, writable: true, enumerable: true, configurable: true });
    else object[this.#key] = value;
  }

  #closeArray(): void {
    this.#array = undefined;
    this.#expect = this.#object ? Expect.MemberCommaOrEnd : Expect.Done;
  }

  /**
   * Reads at once the object elements from `i` to the last one in the chunk followed by `},` and a
   * line break, as snapshots are written (a resource row a line): one `JSON.parse` of thousands of
   * rows, instead of a search for the end of each and a parse of each. Whatever ends that way and
   * parses as the elements of an array is exactly those elements, since a value never parses with a
   * part of it cut off; anything else (rows written over several lines, a syntax error) is left to
   * the element-by-element reading, which places the error, and the document is no longer read so.
   * Returns the index after the last comma read, or `i` when nothing was read.
   */
  #elementLines(bytes: Buffer, i: number): number {
    // Looked for once a chunk: a chunk with none would otherwise be searched whole for each element.
    const end = (this.#linesEnd ??= bytes.lastIndexOf(ELEMENT_LINE_END));
    if (end <= i) return i;
    let values: unknown[];
    try {
      const lines = bytes.subarray(i, end + 1);
      // ASCII text (most snapshots) is copied as it is rather than decoded.
      values = JSON.parse(`[${lines.toString(isAscii(lines) ? 'latin1' : 'utf8')}]`) as unknown[];
    } catch {
      this.#lines = false;
      return i;
    }
    const array = this.#array as unknown[];
    for (const value of values) array.push(this.#eachValue(value));
    this.#expect = Expect.Element;
    return end + 2;
  }

  /** Starts the value at `i`; the index after it, or -1 when it goes on past this chunk. */
  #startUnit(bytes: Buffer, i: number): number {
    const byte = bytes[i] as number;
    if (byte === COMMA || byte === COLON || byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      throw new Stop(`Unexpected token '${String.fromCharCode(byte)}' in JSON`, this.#consumed + i);
    }
    this.#unitStart = this.#consumed + i;
    this.#parts = [];
    this.#depth = 0;
    this.#inString = false;
    this.#escaped = false;
    if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      this.#unit = Unit.Composite;
      this.#depth = 1;
      return this.#continueUnit(bytes, i + 1, i);
    }
    if (byte === QUOTE) {
      this.#unit = Unit.String;
      this.#inString = true;
      return this.#continueUnit(bytes, i + 1, i);
    }
    this.#unit = Unit.Scalar;
    return this.#continueUnit(bytes, i, i);
  }

  /**
   * Reads the current value on from `from`; the index after its end, or -1 when it goes on past
   * the chunk (its bytes from `start` are then copied and kept).
   */
  #continueUnit(bytes: Buffer, from: number, start = 0): number {
    const length = bytes.length;
    let i = from;
    if (this.#unit === Unit.Scalar) {
      while (i < length) {
        const byte = bytes[i] as number;
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isSpace(byte)) return this.#finishUnit(bytes, start, i);
        i++;
      }
    } else {
      let depth = this.#depth;
      let inString = this.#inString;
      let escaped = this.#escaped;
      while (i < length) {
        if (inString) {
          // The rest of a string in one search for its closing quote; a quote after an odd run of backslashes is escaped.
          if (escaped) {
            escaped = false;
            i++;
            continue;
          }
          const quote = bytes.indexOf(QUOTE, i);
          const stop = quote < 0 ? length : quote;
          let run = 0;
          while (stop - run - 1 >= i && bytes[stop - run - 1] === BACKSLASH) run++;
          if (quote < 0) {
            escaped = run % 2 === 1;
            i = length;
          } else if (run % 2 === 1) i = quote + 1;
          else {
            i = quote + 1;
            inString = false;
            if (depth === 0) return this.#finishUnit(bytes, start, i);
          }
          continue;
        }
        const byte = bytes[i++] as number;
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          if (--depth === 0) return this.#finishUnit(bytes, start, i);
        }
      }
      this.#depth = depth;
      this.#inString = inString;
      this.#escaped = escaped;
    }
    this.#parts.push(Buffer.from(bytes.subarray(start)));
    return -1;
  }

  /** Parses the value that ends before `end` and keeps it where it belongs; returns `end`. */
  #finishUnit(bytes: Buffer, start: number, end: number): number {
    const piece = bytes.subarray(start, end);
    const unit = this.#parts.length === 0 ? piece : Buffer.concat([...this.#parts, piece]);
    this.#parts = [];
    this.#unit = Unit.None;
    let text: string;
    try {
      text = unit.toString('utf8');
    } catch {
      throw new Stop(`A value of ${unit.length} bytes is longer than the longest string JavaScript can hold`, this.#unitStart, 'too-long');
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.#parseError(error, text);
    }
    switch (this.#expect) {
      case Expect.Document:
        this.#root = this.#eachValue(value);
        this.#expect = Expect.Done;
        break;
      case Expect.KeyOrEnd:
      case Expect.Key:
        this.#key = value as string;
        this.#expect = Expect.Colon;
        break;
      case Expect.MemberValue:
        this.#setMember(this.#eachValue(value));
        this.#expect = Expect.MemberCommaOrEnd;
        break;
      default:
        (this.#array as unknown[]).push(this.#eachValue(value));
        this.#expect = Expect.ElementCommaOrEnd;
    }
    return end;
  }

  /** JSON.parse's reason, placed in the document (its snippet of the text is left out). */
  #parseError(error: unknown, text: string): Stop {
    const message = error instanceof Error ? error.message : String(error);
    const position = /at position (\d+)/.exec(message);
    const offset = this.#unitStart + (position ? Buffer.byteLength(text.slice(0, Number(position[1]))) : 0);
    const reason = message
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/ \(line \d+ column \d+\)$/, '')
      .replace(/ at position \d+$/, '');
    return new Stop(reason, offset);
  }
}
