import { createHash } from 'node:crypto';
import { combinedUnknown, firstUnknown, isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { linearRegExp } from '../../model/linear-regexp.js';
import { MAX_VALUE_SIZE } from '../../model/value-size.js';
import { cidrhost, cidrnetmask, cidrsubnet, cidrsubnets } from './cidr.js';
import { PROVIDER_FUNCTIONS } from './provider-functions.js';
import { csvdecode, formatdate, timeadd, timecmp, uuidv5, yamldecode, yamlencode } from './pure-functions.js';

/**
 * Terraform's built-in functions that a configuration commonly uses to build names, addresses and
 * settings. A function the reader does not implement, or one that reads outside the configuration
 * or whose value exists only when Terraform runs (`file`, `timestamp`, `uuid`), gives an Unknown
 * naming it. `formatdate`, `timeadd` and `uuidv5` are pure given their arguments, and are read.
 */

/**
 * What `jsonencode()` gives for a value that holds Unknown parts: Unknown as text, as before, while
 * the azapi mapping still reads the structure (one unset variable does not hide the whole body).
 */
export class EncodedJson extends Unknown {
  constructor(
    reason: string,
    readonly value: Value,
  ) {
    super(reason);
  }
}

/**
 * A value Terraform marks sensitive (a sensitive variable's or output's), withheld here: what
 * `issensitive()` is true of.
 */
export class Sensitive extends Unknown {
  constructor(reason: string, facts: { credential?: string } = {}) {
    super(reason, undefined, facts);
  }
}

/**
 * An ephemeral value (an ephemeral variable's, an ephemeral resource's), which Terraform keeps out
 * of plan and state: Unknown to what it may not reach, with the value where one is given, for what
 * may read it (a provider block). `ephemeralasnull()` makes it null.
 */
export class Ephemeral extends Unknown {
  constructor(
    reason: string,
    readonly value?: Value,
    facts: { credential?: string } = {},
    readonly sensitive = false,
  ) {
    super(reason, undefined, facts);
  }
}

/** `ephemeralasnull(value)`: the value with every ephemeral part of it null, the rest as it is. */
function ephemeralAsNull(value: Value): Value {
  if (value instanceof Ephemeral) return null;
  if (Array.isArray(value)) {
    const items = value.map(ephemeralAsNull);
    return isSet(value) ? asSet(items) : items;
  }
  if (isObject(value)) {
    const out: ValueObject = {};
    for (const key of Object.keys(value)) setMember(out, key, ephemeralAsNull(value[key] as Value));
    return out;
  }
  return value;
}

type Fn = (args: Value[]) => Value;

const str = (value: Value): string => (value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value));
const num = (value: Value): number => (typeof value === 'number' ? value : Number(value));
const list = (value: Value): Value[] => (Array.isArray(value) ? value : isObject(value) ? Object.values(value) : value === null ? [] : [value]);
const obj = (value: Value): ValueObject => (isObject(value) ? value : {});

function sortedKeys(value: Value): Value {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (!isObject(value)) return value;
  const out: ValueObject = {};
  // defineProperty: a `__proto__` key from a hostile file stays a key.
  for (const key of Object.keys(value).sort())
    Object.defineProperty(out, key, { value: sortedKeys(value[key] as Value), enumerable: true, writable: true, configurable: true });
  return out;
}

/** The members of a set as the keys `distinct` compares them by. */
function keysOf(items: Value): Set<string> {
  return new Set(list(items).map((item) => JSON.stringify(item)));
}

/**
 * Terraform sets: lists marked as sets, so that iterating one (`for`, `for_each`, `dynamic`) keys
 * each element by itself, as Terraform does. A set's elements have one type (mixed primitives are
 * all strings: "converted to the most general type") and are sorted: strings lexically, numbers
 * by value; other elements keep their order.
 */
const SETS = new WeakSet<Value[]>();

export function isSet(value: Value): boolean {
  return Array.isArray(value) && SETS.has(value);
}

export function asSet(items: Value[]): Value[] {
  let members = distinct(items);
  const types = new Set(members.map((item) => (item === null ? 'null' : typeof item)));
  if (types.size > 1 && members.every((item) => item === null || typeof item !== 'object')) {
    members = distinct(members.map((item) => (item === null ? null : String(item))));
  }
  if (members.every((item) => typeof item === 'string')) members.sort((a, b) => ((a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0));
  else if (members.every((item) => typeof item === 'number')) members.sort((a, b) => (a as number) - (b as number));
  SETS.add(members);
  return members;
}

function distinct(items: Value[]): Value[] {
  const seen = new Set<string>();
  const out: Value[] = [];
  for (const item of items) {
    const key = JSON.stringify(item);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(item);
  }
  return out;
}

/** `format` verbs: %s %d %f %t %v %q and %%, with width, zero padding and precision. */
export function format(spec: string, args: Value[]): Value {
  let argIndex = 0;
  let out = '';
  // %[n]v takes argument n (1-based) and the ones after it next: "Introducing a [n] sequence … explicitly chooses a particular value argument".
  const pattern = /%(%|([-+ 0#]*)(?:\[(\d+)\])?(\d+)?(?:\.(\d+))?([sdftvqbxXoeEgG]))/g;
  let last = 0;
  for (const match of spec.matchAll(pattern)) {
    out += spec.slice(last, match.index);
    last = (match.index ?? 0) + match[0].length;
    if (match[1] === '%') {
      out += '%';
      continue;
    }
    if (match[3] !== undefined) argIndex = Number(match[3]) - 1;
    const arg = args[argIndex++];
    if (arg === undefined) return new Unknown('format() has fewer arguments than verbs');
    if (isUnknown(arg)) return arg;
    const flags = match[2] ?? '';
    const width = match[4] ? Number(match[4]) : 0;
    const precision = match[5] !== undefined ? Number(match[5]) : undefined;
    const verb = match[6] as string;
    let text: string;
    switch (verb) {
      case 'd':
        text = String(Math.trunc(num(arg)));
        break;
      case 'f':
        text = num(arg).toFixed(precision ?? 6);
        break;
      case 'e':
      case 'E':
        text = goExponent(num(arg).toExponential(precision ?? 6), verb);
        break;
      case 'g':
      case 'G':
        text = goShortest(num(arg), precision, verb === 'G' ? 'E' : 'e');
        break;
      case 'q':
        text = JSON.stringify(str(arg));
        break;
      case 'x':
        text = Math.trunc(num(arg)).toString(16);
        break;
      case 'X':
        text = Math.trunc(num(arg)).toString(16).toUpperCase();
        break;
      case 'o':
        text = Math.trunc(num(arg)).toString(8);
        break;
      case 'b':
        text = Math.trunc(num(arg)).toString(2);
        break;
      case 'v':
        // "%#v: JSON serialization of the value, as with jsonencode"; a number is written as %g.
        if (flags.includes('#')) text = String(callFunction('jsonencode', [arg]));
        else if (typeof arg === 'number') text = goShortest(arg, undefined, 'e');
        else text = typeof arg === 'object' && arg !== null ? JSON.stringify(arg) : str(arg);
        break;
      default:
        text = typeof arg === 'object' && arg !== null ? JSON.stringify(arg) : str(arg);
        if (precision !== undefined && verb === 's') text = text.slice(0, precision);
    }
    // "+" always prints a sign for numbers, " " a space where a minus would go.
    if (/[dfeEgG]/.test(verb) || (verb === 'v' && typeof arg === 'number')) {
      if (flags.includes('+') && !text.startsWith('-')) text = `+${text}`;
      else if (flags.includes(' ') && !text.startsWith('-')) text = ` ${text}`;
    }
    if (text.length < width) {
      if (flags.includes('-')) text = text.padEnd(width);
      else if (flags.includes('0') && /[dfxXobeEgG]/.test(verb)) {
        const signed = /^[-+ ]/.test(text);
        text = (signed ? (text[0] as string) : '') + text.slice(signed ? 1 : 0).padStart(width - (signed ? 1 : 0), '0');
      } else text = text.padStart(width);
    }
    out += text;
  }
  return out + spec.slice(last);
}

/** A JavaScript exponent (`1.5e+3`) as Go writes it: at least two digits (`1.5e+03`), `E` for %E. */
function goExponent(text: string, letter: 'e' | 'E'): string {
  const [mantissa, exponent = '0'] = text.split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}${letter}${sign}${exponent.replace(/^[+-]/, '').padStart(2, '0')}`;
}

/** Go's %g: the shortest representation, exponent form for exponents below -4 or from the precision on (6 without one). */
function goShortest(value: number, precision: number | undefined, letter: 'e' | 'E'): string {
  if (!Number.isFinite(value)) return String(value);
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  const limit = precision ?? 6;
  if (exponent < -4 || exponent >= limit) {
    const text = precision === undefined ? value.toExponential() : value.toExponential(Math.max(0, precision - 1));
    const [mantissa = '', power] = text.split('e');
    const trimmed = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
    return goExponent(`${trimmed}e${power}`, letter);
  }
  return precision === undefined ? String(value) : String(Number(value.toPrecision(precision)));
}

/** A pattern as Go's RE2 writes it, as JavaScript reads it: named groups are `(?P<name>…)` there. */
function re2Syntax(pattern: string): string {
  return pattern.replace(/\(\?P</g, '(?<');
}

/** What regex() gives for one match: the text, the groups in order, or named groups by name. */
function captures(match: RegExpMatchArray): Value {
  if (match.groups && Object.keys(match.groups).length > 0) {
    const named: ValueObject = {};
    for (const [name, text] of Object.entries(match.groups)) setMember(named, name, text ?? null);
    return named;
  }
  return match.length > 1 ? match.slice(1).map((m) => m ?? null) : match[0];
}

/** A decimal number as Terraform reads one from text (`"5"`, `"-1.5e3"`; not `"0x10"`, `" 5"` or `""`), else undefined. */
export function parseDecimal(text: string): number | undefined {
  return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text) ? Number(text) : undefined;
}

const typeName = (value: Value): string =>
  Array.isArray(value) ? (isSet(value) ? 'set' : 'tuple') : isObject(value) ? 'object' : value === null ? 'null' : typeof value;

/** What Terraform stops on when a value does not convert ("cannot convert tuple to string"). */
function cannotConvert(fn: string, value: Value, to: string): Unknown {
  return new Unknown(`${fn}(): cannot convert ${typeName(value)} to ${to}`);
}

/** `tostring()`: "Only the primitive types (string, number, and bool) and null can be converted to string." */
export function toStringValue(value: Value): Value {
  if (value === null || typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  // A whole number in full, as Terraform writes it (not `1e+21`).
  if (typeof value === 'number') return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  return cannotConvert('tostring', value, 'string');
}

/** `tonumber()`: a number, or text that is one; anything else is an error (`tonumber("no")`, `tonumber(true)`). */
function toNumberValue(value: Value): Value {
  if (value === null || typeof value === 'number') return value;
  const number = typeof value === 'string' ? parseDecimal(value) : undefined;
  return number === undefined ? new Unknown(`tonumber(): ${JSON.stringify(value)} is not a number`) : number;
}

/** `tobool()`: a bool, or the text `"true"` or `"false"`; anything else is an error. */
function toBoolValue(value: Value): Value {
  if (value === null || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  return new Unknown(`tobool(): cannot convert ${JSON.stringify(value)} to bool`);
}

/**
 * The elements of a list or map made one type: primitives of more than one type all become
 * strings ("mixed-typed elements will be converted to the most general type":
 * `tomap({a = "foo", b = true})` is `{a = "foo", b = "true"}`). Nulls and values not known stay.
 */
export function unifyPrimitives(items: Value[]): Value[] {
  const types = new Set(items.filter((item) => item !== null && !isUnknown(item)).map((item) => (typeof item === 'object' ? 'structural' : typeof item)));
  if (types.size < 2 || types.has('structural')) return items;
  return items.map((item) => (item === null || isUnknown(item) ? item : toStringValue(item)));
}

/** A hash function of the text given (`md5`, `sha256`, `base64sha256`, …). */
function digest(algorithm: string, encoding: 'hex' | 'base64'): Fn {
  return ([text]) =>
    createHash(algorithm)
      .update(str(text ?? ''))
      .digest(encoding);
}

const FUNCTIONS: Record<string, Fn> = {
  format: ([spec, ...rest]) => format(str(spec ?? ''), rest),
  formatlist: ([spec, ...rest]) => {
    const lengths = rest.filter(Array.isArray).map((item) => item.length);
    const count = lengths.length > 0 ? lengths.reduce((least, length) => Math.min(least, length)) : 1;
    return Array.from({ length: count }, (_, i) =>
      format(
        str(spec ?? ''),
        rest.map((arg) => (Array.isArray(arg) ? (arg[i] as Value) : arg)),
      ),
    );
  },
  join: ([separator, ...lists]) => {
    const items = lists.flatMap(list);
    const unknown = firstUnknown(items);
    return unknown ?? items.map(str).join(str(separator ?? ''));
  },
  // split(",", "") is [""] (the docs' own example).
  split: ([separator, text]) => str(text ?? '').split(str(separator ?? '')),
  concat: (args) => args.flatMap(list),
  lookup: ([map, key, fallback]) => {
    const object = obj(map ?? null);
    const name = str(key ?? '');
    if (Object.hasOwn(object, name)) return object[name] as Value;
    return fallback !== undefined ? fallback : new Unknown(`lookup(): no key '${name}' and no default`);
  },
  merge: (args) => {
    const out: ValueObject = {};
    for (const arg of args) if (isObject(arg)) Object.assign(out, arg);
    return out;
  },
  length: ([value]) => {
    if (typeof value === 'string') return [...value].length;
    if (Array.isArray(value)) return value.length;
    if (isObject(value)) return Object.keys(value).length;
    return 0;
  },
  element: ([items, index]) => {
    const array = list(items ?? null);
    if (array.length === 0) return new Unknown('element() of an empty list');
    const i = Math.trunc(num(index ?? 0));
    return array[((i % array.length) + array.length) % array.length] as Value;
  },
  index: ([items, value]) => {
    const key = JSON.stringify(value);
    return list(items ?? null).findIndex((item) => JSON.stringify(item) === key);
  },
  slice: ([items, start, end]) => list(items ?? null).slice(num(start ?? 0), num(end ?? 0)),
  reverse: ([items]) => [...list(items ?? null)].reverse(),
  sort: ([items]) => [...list(items ?? null)].map(str).sort(),
  one: ([items]) => {
    const array = list(items ?? null);
    return array.length === 0 ? null : array.length === 1 ? (array[0] as Value) : new Unknown('one() of a list with more than one element');
  },
  cidrsubnet: ([prefix, newbits, netnum]) => cidrsubnet(str(prefix ?? ''), newbits ?? null, netnum ?? null),
  cidrsubnets: ([prefix, ...newbits]) => cidrsubnets(str(prefix ?? ''), newbits),
  cidrhost: ([prefix, host]) => cidrhost(str(prefix ?? ''), host ?? null),
  cidrnetmask: ([prefix]) => cidrnetmask(str(prefix ?? '')),
  coalesce: (args) => {
    for (const arg of args) {
      if (isUnknown(arg)) return arg;
      if (arg !== null && arg !== '') return arg;
    }
    return new Unknown('coalesce(): every argument is null or empty');
  },
  coalescelist: (args) => {
    for (const arg of args) {
      if (isUnknown(arg)) return arg;
      if (Array.isArray(arg) && arg.length > 0) return arg;
    }
    return [];
  },
  tostring: ([value = null]) => toStringValue(value),
  tonumber: ([value = null]) => toNumberValue(value),
  tobool: ([value = null]) => toBoolValue(value),
  toset: ([items = null]) => (items === null ? null : Array.isArray(items) ? asSet(items) : cannotConvert('toset', items, 'set')),
  tolist: ([items = null]) => (items === null ? null : Array.isArray(items) ? unifyPrimitives([...items]) : cannotConvert('tolist', items, 'list')),
  tomap: ([value = null]) => {
    if (value === null) return null;
    if (!isObject(value)) return cannotConvert('tomap', value, 'map');
    const members = unifyPrimitives(Object.values(value));
    const out: ValueObject = {};
    Object.keys(value).forEach((key, i) => setMember(out, key, members[i] as Value));
    return out;
  },
  keys: ([value]) => Object.keys(obj(value ?? null)).sort(),
  values: ([value]) => {
    const object = obj(value ?? null);
    return Object.keys(object)
      .sort()
      .map((key) => object[key] as Value);
  },
  zipmap: ([names, items]) => {
    const out: ValueObject = {};
    list(names ?? null).forEach((name, i) => (out[str(name)] = list(items ?? null)[i] ?? null));
    return out;
  },
  flatten: ([items]) => {
    const out: Value[] = [];
    const visit = (value: Value): void => {
      if (Array.isArray(value)) value.forEach(visit);
      else out.push(value);
    };
    visit(items ?? []);
    return out;
  },
  distinct: ([items]) => distinct(list(items ?? null)),
  compact: ([items]) => list(items ?? null).filter((item) => item !== null && item !== ''),
  contains: ([items, value]) => {
    const key = JSON.stringify(value);
    return list(items ?? null).some((item) => JSON.stringify(item) === key);
  },
  range: (args) => {
    // "step defaults to either one or negative one depending on whether limit is greater than or less than start".
    const [start, end] = args.length === 1 ? [0, num(args[0] ?? 0)] : [num(args[0] ?? 0), num(args[1] ?? 0)];
    const step = args.length > 2 ? num(args[2] ?? 1) : end < start ? -1 : 1;
    const out: number[] = [];
    if (step === 0) return new Unknown('range() with step 0');
    for (let i = start; step > 0 ? i < end : i > end; i += step) {
      out.push(i);
      if (out.length > 1024) return new Unknown('range() too long');
    }
    return out;
  },
  setunion: (args) => asSet(args.flatMap(list)),
  setintersection: ([first, ...rest]) => {
    const others = rest.map(keysOf);
    return asSet(list(first ?? null).filter((item) => others.every((keys) => keys.has(JSON.stringify(item)))));
  },
  setsubtract: ([a, b]) => {
    const remove = keysOf(b ?? null);
    return asSet(list(a ?? null).filter((item) => !remove.has(JSON.stringify(item))));
  },
  setproduct: (args) => {
    const lists = args.map(list);
    const count = lists.reduce((product, items) => product * items.length, 1);
    if (count * (lists.length + 1) > MAX_VALUE_SIZE) return new Unknown(`setproduct() would make ${count} combinations, too many to read`);
    return lists.reduce<Value[][]>((acc, items) => acc.flatMap((prefix) => items.map((item) => [...prefix, item])), [[]]) as unknown as Value;
  },
  min: (args) => args.flatMap(list).reduce<number>((least, item) => Math.min(least, num(item)), Infinity),
  max: (args) => args.flatMap(list).reduce<number>((most, item) => Math.max(most, num(item)), -Infinity),
  sum: ([items]) => list(items ?? null).reduce<number>((total, item) => total + num(item), 0),
  abs: ([value]) => Math.abs(num(value ?? 0)),
  ceil: ([value]) => Math.ceil(num(value ?? 0)),
  floor: ([value]) => Math.floor(num(value ?? 0)),
  pow: ([a, b]) => num(a ?? 0) ** num(b ?? 0),
  signum: ([value]) => Math.sign(num(value ?? 0)),
  parseint: ([value, base]) => parseInt(str(value ?? ''), num(base ?? 10)),
  upper: ([value]) => str(value ?? '').toUpperCase(),
  lower: ([value]) => str(value ?? '').toLowerCase(),
  title: ([value]) => str(value ?? '').replace(/\b\w/g, (c) => c.toUpperCase()),
  replace: ([text, search, replacement]) => {
    const pattern = str(search ?? '');
    const by = str(replacement ?? '');
    if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) {
      const regExp = linearRegExp(pattern.slice(1, -1), 'g');
      if (isUnknown(regExp)) return new Unknown(`replace(): the pattern ${pattern} is not supported (${regExp.reason})`);
      return str(text ?? '').replace(regExp, by.replace(/\$\{(\d+)\}/g, '$$$1'));
    }
    return str(text ?? '')
      .split(pattern)
      .join(by);
  },
  substr: ([text, offset, length]) => {
    const chars = [...str(text ?? '')];
    // A negative offset counts from the end; one before the start is the start.
    const start = num(offset ?? 0) < 0 ? Math.max(0, chars.length + num(offset ?? 0)) : num(offset ?? 0);
    const count = num(length ?? -1);
    return chars.slice(start, count < 0 ? undefined : start + count).join('');
  },
  trimspace: ([text]) => str(text ?? '').trim(),
  chomp: ([text]) => str(text ?? '').replace(/[\r\n]+$/, ''),
  trim: ([text, chars]) => {
    const set = new Set(str(chars ?? ''));
    const value = [...str(text ?? '')];
    while (value.length > 0 && set.has(value[0] as string)) value.shift();
    while (value.length > 0 && set.has(value[value.length - 1] as string)) value.pop();
    return value.join('');
  },
  trimprefix: ([text, prefix]) => (str(text ?? '').startsWith(str(prefix ?? '')) ? str(text ?? '').slice(str(prefix ?? '').length) : str(text ?? '')),
  trimsuffix: ([text, suffix]) =>
    str(suffix ?? '') !== '' && str(text ?? '').endsWith(str(suffix ?? '')) ? str(text ?? '').slice(0, -str(suffix ?? '').length) : str(text ?? ''),
  startswith: ([text, prefix]) => str(text ?? '').startsWith(str(prefix ?? '')),
  endswith: ([text, suffix]) => str(text ?? '').endsWith(str(suffix ?? '')),
  strrev: ([text]) => [...str(text ?? '')].reverse().join(''),
  indent: ([spaces, text]) => str(text ?? '').replace(/\n/g, '\n' + ' '.repeat(num(spaces ?? 0))),
  regex: ([pattern, text]) => {
    const regExp = linearRegExp(re2Syntax(str(pattern ?? '')));
    if (isUnknown(regExp)) return new Unknown(`regex(): the pattern is not supported (${regExp.reason})`);
    const match = regExp.exec(str(text ?? ''));
    if (!match) return new Unknown('regex() did not match');
    return captures(match);
  },
  // Every match, each as regex() gives one; none is an empty list.
  regexall: ([pattern, text]) => {
    const regExp = linearRegExp(re2Syntax(str(pattern ?? '')), 'g');
    if (isUnknown(regExp)) return new Unknown(`regexall(): the pattern is not supported (${regExp.reason})`);
    const found: Value[] = [];
    for (const match of str(text ?? '').matchAll(regExp)) {
      found.push(captures(match));
      if (found.length > MAX_VALUE_SIZE) return new Unknown('regexall() finds too many matches to read');
    }
    return found;
  },
  strcontains: ([text, part]) => str(text ?? '').includes(str(part ?? '')),
  alltrue: ([items]) => list(items ?? null).every((item) => item === true || item === 'true'),
  anytrue: ([items]) => list(items ?? null).some((item) => item === true || item === 'true'),
  chunklist: ([items, size]) => {
    const all = list(items ?? null);
    const step = num(size ?? 0);
    if (!Number.isInteger(step) || step < 0) return new Unknown('chunklist() of a size that is not a whole number of 0 or more');
    if (step === 0) return [all];
    return Array.from({ length: Math.ceil(all.length / step) }, (_, i) => all.slice(i * step, (i + 1) * step));
  },
  matchkeys: ([values, keys, search]) => {
    const wanted = new Set(list(search ?? null).map((item) => JSON.stringify(item)));
    const all = list(values ?? null);
    const by = list(keys ?? null);
    if (all.length !== by.length) return new Unknown('matchkeys() of lists of different lengths');
    return all.filter((_, i) => wanted.has(JSON.stringify(by[i] ?? null)));
  },
  // {a = ["1", "2"], b = ["2"]} → {"1" = ["a"], "2" = ["a", "b"]}
  transpose: ([map]) => {
    if (!isObject(map)) return new Unknown('transpose() of a value that is not a map of lists');
    const out: ValueObject = {};
    for (const key of Object.keys(map).sort()) {
      for (const item of list(map[key] as Value)) {
        const at = str(item);
        if (!Object.hasOwn(out, at)) setMember(out, at, []);
        (out[at] as Value[]).push(key);
      }
    }
    return out;
  },
  // Go's url.QueryEscape: a space as "+", and all but letters, digits and -_.~ escaped.
  urlencode: ([text]) =>
    encodeURIComponent(str(text ?? ''))
      .replace(/%20/g, '+')
      .replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`),
  log: ([value, base]) => Math.log(num(value ?? 0)) / Math.log(num(base ?? Math.E)),
  // Object keys sorted, and <, >, &, U+2028 and U+2029 escaped, as Terraform writes JSON.
  jsonencode: ([value]) =>
    JSON.stringify(sortedKeys(value ?? null)).replace(/[<>&\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
  jsondecode: ([text]) => {
    try {
      return JSON.parse(str(text ?? '')) as Value;
    } catch {
      return new Unknown('jsondecode() of text that is not JSON');
    }
  },
  base64encode: ([text]) => Buffer.from(str(text ?? ''), 'utf8').toString('base64'),
  base64decode: ([text]) => Buffer.from(str(text ?? ''), 'base64').toString('utf8'),
  md5: digest('md5', 'hex'),
  sha1: digest('sha1', 'hex'),
  sha256: digest('sha256', 'hex'),
  sha512: digest('sha512', 'hex'),
  base64sha256: digest('sha256', 'base64'),
  base64sha512: digest('sha512', 'base64'),
  basename: ([text]) =>
    str(text ?? '')
      .split('/')
      .pop() ?? '',
  dirname: ([text]) =>
    str(text ?? '')
      .split('/')
      .slice(0, -1)
      .join('/') || '.',
  formatdate: ([spec, timestamp]) => formatdate(str(spec ?? ''), str(timestamp ?? '')),
  timeadd: ([timestamp, duration]) => timeadd(str(timestamp ?? ''), str(duration ?? '')),
  timecmp: ([a, b]) => timecmp(str(a ?? ''), str(b ?? '')),
  uuidv5: ([namespace, name]) => uuidv5(str(namespace ?? ''), str(name ?? '')),
  csvdecode: ([text]) => csvdecode(str(text ?? '')),
  yamlencode: ([value]) => yamlencode(value ?? null, sortedKeys),
  yamldecode: ([text]) => {
    try {
      return yamldecode(str(text ?? ''));
    } catch (error) {
      return new Unknown(`yamldecode() of text that is not YAML this reader takes: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    }
  },
  // Terraform marks what sensitive() gives; this reader does not mark values (evaluate.ts reads issensitive(sensitive(…)) itself).
  issensitive: ([value = null]) => (value instanceof Sensitive || (value instanceof Ephemeral && value.sensitive) ? true : isUnknown(value) ? value : false),
  ephemeralasnull: ([value]) => ephemeralAsNull(value ?? null),
  sensitive: ([value]) => value ?? null,
  nonsensitive: ([value]) => value ?? null,
  type: () => new Unknown('type() is a console function'),
};

/** Functions whose value exists only when Terraform runs (or that read files): always Unknown. */
const RUNTIME = new Set([
  'file',
  'filebase64',
  'fileexists',
  'fileset',
  'filemd5',
  'filesha256',
  'filesha1',
  'filebase64sha256',
  'templatefile',
  'timestamp',
  'plantimestamp',
  'uuid',
  'bcrypt',
  'abspath',
  'pathexpand',
  'base64gzip',
  'rsadecrypt',
]);

/**
 * Names of Terraform's built-in functions (developer.hashicorp.com/terraform/language/functions)
 * besides RUNTIME's, some implemented: to tell one this reader lacks from a name Terraform does not
 * know (`list()` and `map()` among them: Terraform 0.15 removed them).
 */
const BUILT_INS = new Set(
  (
    'abs ceil floor log max min parseint pow signum chomp endswith format formatlist indent join lower regexall ' +
    'startswith strcontains strrev substr templatestring title trim trimprefix trimsuffix trimspace upper alltrue anytrue ' +
    'chunklist coalescelist compact contains distinct element index keys length lookup matchkeys one range ' +
    'reverse setintersection setproduct setsubtract setunion slice sort sum transpose values zipmap csvdecode ' +
    'textdecodebase64 textencodebase64 urlencode base64sha256 base64sha512 filebase64sha512 filesha512 sha512 ' +
    'cidrhost cidrnetmask cidrsubnet cidrsubnets can tobool tolist tomap tonumber toset tostring try'
  ).split(' '),
);

/**
 * Functions that give only what their first argument holds (its text, in another case or encoding,
 * or a part of it): of a resource's state, they give state. Others may add text of their own.
 */
const KEEPS_STATE = new Set(['tostring', 'jsondecode', 'lower', 'upper', 'title', 'trimspace', 'chomp', 'base64encode', 'urlencode', 'substr', 'split', 'one']);

const KEEPS_UNKNOWN_INSIDE = new Set(['concat', 'tolist', 'toset', 'tomap', 'merge', 'flatten', 'coalesce', 'keys', 'values', 'slice', 'reverse', 'zipmap']);

export function callFunction(name: string, args: Value[]): Value {
  if (RUNTIME.has(name)) return new Unknown(`${name}() is evaluated by Terraform at run time, not read here`);
  // Of values not known too: whether they are sensitive or ephemeral is known.
  if (name === 'issensitive' || name === 'ephemeralasnull') return (FUNCTIONS[name] as Fn)(args);
  // What nonsensitive() gives is not sensitive, though not known here.
  if (name === 'nonsensitive' && args[0] instanceof Sensitive)
    return new Unknown(args[0].reason, undefined, args[0].credential ? { credential: args[0].credential } : {});
  const fn = FUNCTIONS[name] ?? (Object.hasOwn(PROVIDER_FUNCTIONS, name) ? PROVIDER_FUNCTIONS[name] : undefined);
  if (!fn) {
    if (name.startsWith('provider::')) return new Unknown(`the provider function ${name}() is not evaluated by this reader`);
    return BUILT_INS.has(name)
      ? new Unknown(`the function ${name}() is not implemented by this reader`)
      : new Unknown(`Terraform has no function ${name}() (terraform validate stops there)`);
  }
  // Functions that move elements around without reading them: an element not known stays one, in its place.
  const keepsUnknownInside = KEEPS_UNKNOWN_INSIDE.has(name);
  // replace() that only takes text out (a new text of "") keeps what its argument is, as these functions do.
  const keepsState = KEEPS_STATE.has(name) || (name === 'replace' && args[2] === '');
  const unknowns = args.filter(isUnknown);
  if (unknowns.length > 0) return combinedUnknown(unknowns, keepsState);
  if (!keepsUnknownInside && name !== 'lookup' && name !== 'element' && name !== 'length') {
    const inner = args.map((arg) => firstUnknown(arg)).filter((u) => u !== undefined);
    if (inner.length > 0) {
      const unknown = combinedUnknown(inner, keepsState);
      return name === 'jsonencode' ? new EncodedJson(unknown.reason, args[0] ?? null) : unknown;
    }
  }
  try {
    return fn(args);
  } catch (error) {
    return new Unknown(`${name}() failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}

export const IMPLEMENTED_FUNCTIONS: readonly string[] = Object.keys(FUNCTIONS).sort();
