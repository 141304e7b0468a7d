import type { SourceLocation } from './source.js';

/**
 * A value an input could not determine: a `reference()` to a resource outside the template, a
 * parameter without a value, a Terraform attribute known only after apply. Rules must handle it;
 * it is never a pass.
 */
export class Unknown {
  readonly kind = 'unknown' as const;
  /**
   * The value is one the deployed resource `resourceId` will hold at `path` (a JSON pointer into
   * its ARM body, such as `/identity/principalId`): two such values with the same resource and
   * path are equal, though neither is known.
   */
  readonly deployed?: { readonly resourceId: string; readonly path: string };
  /** The value is a credential, though not known: what gives it, for messages ("listKeys() of 'sa1'"). */
  readonly credential?: string;
  /**
   * The value is state Azure gives the deployed resource named here (an address, an endpoint, an
   * id), read by `reference()` or a Terraform attribute known after apply. Azure gives credentials
   * only through list actions, so it is not one unless `credential` says so.
   */
  readonly stateOf?: string;
  /**
   * The value is joined from these pieces in order, known text and values not known (a `concat()`
   * or a template with an Unknown in it), perhaps base64-encoded after: what it carries, for rules
   * that look for credentials in it.
   */
  readonly pieces?: readonly (string | Unknown)[];

  constructor(
    /** Why the value cannot be known, in English, for reports ("parameter 'x' has no value"). */
    readonly reason: string,
    /** Where the undeterminable value was written, when the input knows. */
    readonly origin?: SourceLocation,
    facts: UnknownFacts = {},
  ) {
    if (facts.deployed) this.deployed = facts.deployed;
    if (facts.credential !== undefined) this.credential = facts.credential;
    if (facts.stateOf !== undefined) this.stateOf = facts.stateOf;
    if (facts.pieces) this.pieces = facts.pieces;
  }

  toJSON(): { $unknown: string } {
    return { $unknown: this.reason };
  }
}

/** What is known about an Unknown value, though the value itself is not. */
export interface UnknownFacts {
  readonly deployed?: { readonly resourceId: string; readonly path: string };
  readonly credential?: string;
  readonly stateOf?: string;
  readonly pieces?: readonly (string | Unknown)[];
}

/**
 * The Unknown that stands for what a function computes from arguments not known: a credential if any
 * of them is one; a resource's state only if all of them are and the function gives only what its
 * argument holds (`keepsState`: `toLower()`, `base64()`; `replace()` may write in text of its own);
 * else the first that is neither, or the first without its state.
 */
export function combinedUnknown(unknowns: readonly Unknown[], keepsState: boolean): Unknown {
  const first = unknowns[0] as Unknown;
  const chosen =
    unknowns.length === 1
      ? first
      : (unknowns.find((unknown) => unknown.credential !== undefined) ?? unknowns.find((unknown) => unknown.stateOf === undefined) ?? first);
  return keepsState ? chosen : withoutState(chosen);
}

/** The Unknown, no longer said to be a resource's state (what a function made of it need not be). */
export function withoutState(unknown: Unknown): Unknown {
  if (unknown.stateOf === undefined) return unknown;
  const { deployed, credential, pieces } = unknown;
  return new Unknown(unknown.reason, unknown.origin, {
    ...(deployed ? { deployed } : {}),
    ...(credential ? { credential } : {}),
    ...(pieces ? { pieces } : {}),
  });
}

/**
 * Pieces one text keeps at most. Text joined from itself doubles them at each step (a template's
 * variable built from two copies of the one before it, 40 deep): past this, the text is the first
 * Unknown alone.
 */
export const MAX_TEXT_PIECES = 1000;

/**
 * Text joined from `pieces` where some are not known: the first Unknown, with the pieces as a fact
 * (those of an Unknown that has its own taken in its place, and neighbouring texts joined).
 */
export function unknownText(pieces: readonly (string | Unknown)[]): Unknown | string {
  const flat: (string | Unknown)[] = [];
  let first: Unknown | undefined;
  const add = (piece: string | Unknown): void => {
    if (typeof piece === 'string') {
      const last = flat.length - 1;
      if (typeof flat[last] === 'string') flat[last] += piece;
      else if (piece !== '') flat.push(piece);
    } else if (piece.pieces) for (const inner of piece.pieces) add(inner);
    else flat.push(piece);
  };
  for (const piece of pieces) {
    if (typeof piece !== 'string') first ??= piece;
    if (flat.length <= MAX_TEXT_PIECES) add(piece);
  }
  if (first === undefined) return flat.join('');
  return new Unknown(first.reason, first.origin, flat.length > MAX_TEXT_PIECES ? {} : { pieces: flat });
}

export function isUnknown(value: unknown): value is Unknown {
  return value instanceof Unknown;
}

/** A value in the resource graph: JSON, where any node may be Unknown. */
export type Value = null | boolean | number | string | Unknown | Value[] | ValueObject;
export interface ValueObject {
  [key: string]: Value;
}

/**
 * Sets `key` as an own property, `__proto__` included: assigned, that key would change the object's
 * prototype and vanish from its keys. Inputs are written by anyone, and keys come from their text.
 */
export function setMember(object: ValueObject, key: string, value: Value): void {
  if (key === '__proto__') Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

export function isObject(value: unknown): value is ValueObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Unknown);
}

/** Own property names compared case-insensitively, as ARM compares them. */
export function findKey(object: ValueObject, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const lower = name.toLowerCase();
  // for…in rather than Object.keys: absent properties are asked for millions of times on a large
  // estate, and this allocates no array of keys for each question. Keys of another length are
  // passed over without a lower-case copy made of them.
  for (const key in object) if (key.length === lower.length && key.toLowerCase() === lower && Object.hasOwn(object, key)) return key;
  return undefined;
}

/** The result of following a property path: the value (or undefined when absent) and the real pointer. */
export interface Lookup {
  readonly value: Value | undefined;
  /** JSON pointer of the deepest node reached, with the keys as written in the resource. */
  readonly pointer: string;
}

/**
 * Follows `path` (property names, case-insensitive, and array indexes) from `root`. Stops at an
 * Unknown and returns it, so that "absent" (undefined) and "cannot know" (Unknown) stay apart.
 */
export function lookup(root: Value | undefined, path: readonly (string | number)[], base = ''): Lookup {
  let value: Value | undefined = root;
  let pointer = base;
  for (const step of path) {
    // A type test per step, Unknown tested once: a large estate asks millions of paths.
    if (typeof value !== 'object' || value === null) return { value: undefined, pointer };
    if (value instanceof Unknown) break;
    if (Array.isArray(value)) {
      if (typeof step !== 'number' || step >= value.length) return { value: undefined, pointer };
      value = value[step];
      pointer += `/${step}`;
      continue;
    }
    if (typeof step === 'number') return { value: undefined, pointer };
    const key = findKey(value, step);
    if (key === undefined) return { value: undefined, pointer };
    value = value[key];
    pointer += `/${escapePointerToken(key)}`;
  }
  return { value: value ?? undefined, pointer };
}

/** `lookup(...).value`, without building the pointer. */
export function valueAt(root: Value | undefined, path: readonly (string | number)[]): Value | undefined {
  let value: Value | undefined = root;
  for (const step of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    if (value instanceof Unknown) return value;
    if (Array.isArray(value)) {
      if (typeof step !== 'number' || step >= value.length) return undefined;
      value = value[step];
      continue;
    }
    if (typeof step === 'number') return undefined;
    const key = findKey(value, step);
    if (key === undefined) return undefined;
    value = value[key];
  }
  return value ?? undefined;
}

/** Shorthand for `lookup(...).value`. */
export function prop(root: Value | undefined, ...path: (string | number)[]): Value | undefined {
  return valueAt(root, path);
}

export function escapePointerToken(token: string): string {
  return token.includes('~') || token.includes('/') ? token.replace(/~/g, '~0').replace(/\//g, '~1') : token;
}

export function unescapePointerToken(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer.slice(1).split('/').map(unescapePointerToken);
}

/** Reads a boolean the way ARM accepts it (`true`, `"true"`, case-insensitive). */
export function asBoolean(value: Value | undefined): boolean | Unknown | undefined {
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value) || typeof value === 'boolean') return value;
  if (typeof value === 'string') {
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
  }
  return undefined;
}

/** Reads a string value; other kinds read as undefined. */
export function asString(value: Value | undefined): string | Unknown | undefined {
  if (typeof value === 'string' || isUnknown(value)) return value;
  return undefined;
}

export function asArray(value: Value | undefined): Value[] | Unknown | undefined {
  if (Array.isArray(value) || isUnknown(value)) return value;
  return undefined;
}

/** An answer that may not be known: true, false, or Unknown when only values not known could make it true. */
export type Maybe = boolean | Unknown;

/** Whether an item of a list passes a test; an item not known may (a list not known, any may). */
export function someItem(list: Value | undefined, test: (item: Value) => Maybe): Maybe {
  if (isUnknown(list)) return list;
  if (!Array.isArray(list)) return false;
  return anyOf(list.map((item) => (isUnknown(item) ? item : test(item))));
}

/** True when one answer is; else the first Unknown; else false. */
export function anyOf(answers: readonly Maybe[]): Maybe {
  if (answers.includes(true)) return true;
  return answers.find(isUnknown) ?? false;
}

/** False when one answer is; else the first Unknown; else true. */
export function allOf(answers: readonly Maybe[]): Maybe {
  if (answers.includes(false)) return false;
  return answers.find(isUnknown) ?? true;
}

/** Whether a value is a string equal to `b`, case aside (a value of another kind never is). */
export function equalsIgnoreCase(a: Value | undefined, b: string): boolean {
  return typeof a === 'string' && a.toLowerCase() === b.toLowerCase();
}

/**
 * The first Unknown found anywhere inside a value, depth-first. Read with a stack of its own: data
 * from a snapshot can nest as deep as its file (JSON.parse reads 100,000 levels).
 */
export function firstUnknown(value: Value | undefined): Unknown | undefined {
  if (value === undefined || value === null || typeof value !== 'object') return undefined;
  const pending: Value[] = [value];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    if (next === null || typeof next !== 'object') continue;
    if (isUnknown(next)) return next;
    // Members pushed last to first, so the first is looked at first.
    const members = Array.isArray(next) ? next : Object.values(next);
    for (let index = members.length - 1; index >= 0; index--) pending.push(members[index] as Value);
  }
  return undefined;
}

/**
 * A value as a message quotes it: a string or a scalar as JSON (a string cut past 80 characters),
 * a list or an object by its kind. Values from files can be megabytes long or nested thousands
 * deep (where `JSON.stringify` overflows the call stack).
 */
export function quoted(value: Value | undefined): string {
  if (value === undefined || value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value !== 'object') return JSON.stringify(value);
  if (isUnknown(value)) return 'an unknown value';
  return Array.isArray(value) ? 'a list' : 'an object';
}
