/**
 * String functions (template-functions-string). concat, contains, empty, first, last, indexOf,
 * lastIndexOf, length, skip and take are shared with arrays (array.ts).
 */
import { firstUnknown, isUnknown, Unknown, type Value } from '../../../model/value.js';
import { unmarked } from '../name-text.js';
import type { Call, FunctionSpec } from '../types.js';
import { compositeFormat, FormatError } from './format.js';
import { deterministicGuid, uniqueString } from './hashing.js';
import { JsonTextError, parseJsonText } from './json-text.js';
import { allArgs, arrayArg, describeType, fn, intArg, stringArg, toText } from './support.js';

function parseJson(call: Call, text: string): Value {
  try {
    return parseJsonText(text);
  } catch (error) {
    if (error instanceof JsonTextError) throw call.error(`invalid JSON: ${error.message}`);
    throw error;
  }
}

function fromBase64(call: Call, text: string): string {
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.length % 4 !== 0) throw call.error('the value is not valid base64');
  return Buffer.from(text, 'base64').toString('utf8');
}

function dataUriToString(call: Call): Value {
  const uri = stringArg(call, 0);
  const match = /^data:([^,]*?)(;base64)?,(.*)$/s.exec(uri);
  if (!match) throw call.error('the value is not a data URI');
  return match[2] ? fromBase64(call, match[3] as string) : decodeURIComponent(match[3] as string);
}

function format(call: Call): Value {
  const args = allArgs(call);
  // The template, and an argument with Unknown parts inside it, make the text unknown; an argument
  // not known as a whole is a piece of it (compositeFormat).
  const unknown = firstUnknown(args[0]) ?? firstUnknown(args.slice(1).filter((arg) => !isUnknown(arg)));
  if (unknown !== undefined) return unmarked(unknown);
  try {
    return compositeFormat(stringArg(call, 0), args.slice(1));
  } catch (error) {
    if (error instanceof FormatError) throw call.error(error.message);
    throw error;
  }
}

function stringParts(call: Call): string[] {
  return allArgs(call).map((arg, i) => {
    if (typeof arg !== 'string') throw call.error(`argument ${i + 1} must be a string, not ${describeType(arg)}`);
    return arg;
  });
}

function join(call: Call): Value {
  const items = arrayArg(call, 0).map((item) => {
    if (typeof item === 'object' && item !== null) throw call.error(`cannot join ${describeType(item)}`);
    return toText(item);
  });
  return items.join(stringArg(call, 1));
}

function padLeft(call: Call): Value {
  const value = call.arg(0);
  if (typeof value !== 'string' && typeof value !== 'number') throw call.error(`argument 1 must be a string or integer, not ${describeType(value)}`);
  const width = intArg(call, 1);
  const padding = call.argCount > 2 ? stringArg(call, 2) : ' ';
  if (padding.length !== 1) throw call.error('the padding must be a single character');
  call.limits.ensureStringLength(width);
  return toText(value).padStart(width, padding);
}

function replace(call: Call): Value {
  const oldValue = stringArg(call, 1);
  if (oldValue === '') throw call.error('the string to replace must not be empty');
  return stringArg(call, 0).split(oldValue).join(stringArg(call, 2));
}

function split(call: Call): Value {
  const text = stringArg(call, 0);
  const delimiter = call.arg(1);
  const delimiters = Array.isArray(delimiter) ? delimiter : [delimiter];
  const parts = delimiters.map((item) => {
    if (typeof item !== 'string') throw call.error('delimiters must be strings');
    return item;
  });
  if (parts.length === 0 || parts.every((part) => part === '')) return [text];
  const pattern = new RegExp(
    parts
      .filter((part) => part !== '')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('|'),
  );
  return text.split(pattern);
}

function substring(call: Call): Value {
  const text = stringArg(call, 0);
  const start = call.argCount > 1 ? intArg(call, 1) : 0;
  const length = call.argCount > 2 ? intArg(call, 2) : text.length - start;
  if (start < 0 || start > text.length) throw call.error(`the start index ${start} is outside the string of length ${text.length}`);
  if (length < 0 || start + length > text.length) throw call.error(`the length ${length} runs past the end of the string`);
  return text.slice(start, start + length);
}

/**
 * Combines as .NET's Uri does, but for one case ARM documents apart: a base ending in a slash and
 * a relative part starting with one keep the base's path (`uri('http://a/p/', '/x')` is
 * `http://a/p/x`; a URL parser would go to the host's root).
 */
function uri(call: Call): Value {
  const base = stringArg(call, 0);
  const relative = stringArg(call, 1);
  try {
    if (base.endsWith('/') && relative.startsWith('/') && !relative.startsWith('//')) return new URL(base + relative.slice(1)).toString();
    return new URL(relative, base).toString();
  } catch {
    throw call.error(`cannot combine '${String(call.arg(0))}' with '${String(call.arg(1))}'`);
  }
}

/** Like .NET Uri.EscapeDataString: everything but unreserved characters is escaped. */
function uriComponent(call: Call): Value {
  return encodeURIComponent(stringArg(call, 0)).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}

function uriComponentToString(call: Call): Value {
  try {
    return decodeURIComponent(stringArg(call, 0));
  } catch {
    throw call.error('the value is not a valid URI component');
  }
}

function toStringValue(call: Call): Value {
  return toText(call.arg(0));
}

const isWhitespace = /^[\s\u0085\u00a0]+|[\s\u0085\u00a0]+$/g;

export const stringFunctions: readonly FunctionSpec[] = [
  // Text not known is passed on as it is, pieces and all: they are what the encoded text carries.
  fn('base64', 1, 1, (call) => Buffer.from(stringArg(call, 0), 'utf8').toString('base64'), { unknowns: 'shallow' }),
  fn('base64ToJson', 1, 1, (call) => parseJson(call, fromBase64(call, stringArg(call, 0)))),
  fn('base64ToString', 1, 1, (call) => fromBase64(call, stringArg(call, 0))),
  fn('dataUri', 1, 1, (call) => `data:text/plain;charset=utf8;base64,${Buffer.from(toText(call.arg(0)), 'utf8').toString('base64')}`),
  fn('dataUriToString', 1, 1, dataUriToString),
  fn('endsWith', 2, 2, (call) => stringArg(call, 0).toLowerCase().endsWith(stringArg(call, 1).toLowerCase())),
  fn('format', 1, undefined, format, { unknowns: 'custom' }),
  fn('guid', 1, undefined, (call) => deterministicGuid(stringParts(call))),
  fn('join', 2, 2, join),
  fn('json', 1, 1, (call) => parseJson(call, stringArg(call, 0))),
  fn('newGuid', 0, 0, () => new Unknown('newGuid() returns a new random GUID at each deployment')),
  fn('padLeft', 2, 3, padLeft),
  fn('replace', 3, 3, replace),
  fn('split', 2, 2, split),
  fn('startsWith', 2, 2, (call) => stringArg(call, 0).toLowerCase().startsWith(stringArg(call, 1).toLowerCase())),
  fn('string', 1, 1, toStringValue),
  fn('substring', 1, 3, substring),
  fn('toLower', 1, 1, (call) => stringArg(call, 0).toLowerCase()),
  fn('toUpper', 1, 1, (call) => stringArg(call, 0).toUpperCase()),
  fn('trim', 1, 1, (call) => stringArg(call, 0).replace(isWhitespace, '')),
  fn('uniqueString', 1, undefined, (call) => uniqueString(stringParts(call))),
  fn('uri', 2, 2, uri),
  fn('uriComponent', 1, 1, uriComponent),
  fn('uriComponentToString', 1, 1, uriComponentToString),
];
