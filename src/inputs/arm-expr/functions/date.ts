/**
 * Date functions (template-functions-date). Times are UTC. Without a format, results use ISO 8601
 * (`yyyy-MM-ddTHH:mm:ssZ`), which is what ARM returns; the docs tables show PowerShell's rendering of
 * the same instants ("4/7/2023 2:53:14 PM"). Formats follow .NET custom and standard date formats.
 */
import { Unknown, type Value } from '../../../model/value.js';
import type { Call, FunctionSpec } from '../types.js';
import { fn, intArg, stringArg } from './support.js';

const DURATION = /^(-)?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

/** ISO 8601 basic format, as utcNow() writes by default: yyyyMMddTHHmmssZ. */
const BASIC = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)(\.\d+)?([zZ]|[+-]\d\d:?\d\d)?$/;

function parseDate(call: Call, text: string): Date {
  const trimmed = text.trim();
  const basic = BASIC.exec(trimmed);
  const extended = basic ? `${basic[1]}-${basic[2]}-${basic[3]}T${basic[4]}:${basic[5]}:${basic[6]}${basic[7] ?? ''}${basic[8] ?? ''}` : trimmed;
  const normalized = extended.replace(' ', 'T');
  const withZone = /([zZ]|[+-]\d\d:?\d\d)$/.test(normalized) ? normalized : `${normalized}Z`;
  const date = new Date(withZone);
  if (Number.isNaN(date.getTime())) throw call.error(`'${text}' is not a valid date and time`);
  return date;
}

/**
 * Adds an ISO 8601 duration. ARM does not count calendar years or months: P1Y is 365 days and P1M
 * 30 days (template-functions-date, dateTimeAdd remarks).
 */
function addDuration(call: Call, base: Date, duration: string): Date {
  const match = DURATION.exec(duration);
  if (!match || duration.replace(/^-/, '').length <= 1) throw call.error(`'${duration}' is not a valid ISO 8601 duration`);
  const sign = match[1] ? -1 : 1;
  const part = (i: number): number => sign * Number(match[i] ?? 0);
  const days = part(2) * 365 + part(3) * 30 + part(4) * 7 + part(5);
  const milliseconds = ((days * 24 + part(6)) * 60 + part(7)) * 60_000 + part(8) * 1000;
  return new Date(base.getTime() + milliseconds);
}

const pad = (value: number, width: number): string => String(value).padStart(width, '0');
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
/**
 * .NET standard date formats in the invariant culture, which ARM uses: utcNow('d') is "03/05/2019".
 * A format string of one character is always one of these (.NET rejects any other).
 */
const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  f: 'dddd, dd MMMM yyyy HH:mm',
  F: 'dddd, dd MMMM yyyy HH:mm:ss',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  m: 'MMMM dd',
  M: 'MMMM dd',
  o: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  O: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  r: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  R: "ddd, dd MMM yyyy HH':'mm':'ss 'GMT'",
  s: "yyyy-MM-dd'T'HH:mm:ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy-MM-dd HH:mm:ss'Z'",
  U: 'dddd, dd MMMM yyyy HH:mm:ss',
  y: 'yyyy MMMM',
  Y: 'yyyy MMMM',
};

/** A run of one specifier letter (`yyyy`, `MMM`, `fff`…) in a UTC date, as .NET's custom date and time format writes it. */
function specifier(date: Date, letter: string, count: number): string | undefined {
  const hours = date.getUTCHours();
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  switch (letter) {
    case 'y':
      return count === 1 ? String(year % 100) : count === 2 ? pad(year % 100, 2) : pad(year, count);
    case 'M':
      return count === 1 ? String(month + 1) : count === 2 ? pad(month + 1, 2) : count === 3 ? (MONTHS[month] as string).slice(0, 3) : MONTHS[month];
    case 'd': {
      const day = DAYS[date.getUTCDay()] as string;
      return count === 1 ? String(date.getUTCDate()) : count === 2 ? pad(date.getUTCDate(), 2) : count === 3 ? day.slice(0, 3) : day;
    }
    case 'H':
      return count === 1 ? String(hours) : pad(hours, 2);
    case 'h':
      return count === 1 ? String(hours % 12 || 12) : pad(hours % 12 || 12, 2);
    case 'm':
      return count === 1 ? String(date.getUTCMinutes()) : pad(date.getUTCMinutes(), 2);
    case 's':
      return count === 1 ? String(date.getUTCSeconds()) : pad(date.getUTCSeconds(), 2);
    case 'f':
    case 'F': {
      // Up to seven digits of the second's fraction; a JavaScript date holds milliseconds, the rest is zeros.
      const digits = `${pad(date.getUTCMilliseconds(), 3)}0000`.slice(0, Math.min(count, 7));
      return letter === 'f' ? digits : digits.replace(/0+$/, '');
    }
    case 't':
      return count === 1 ? (hours < 12 ? 'A' : 'P') : hours < 12 ? 'AM' : 'PM';
    case 'K':
      return 'Z';
    case 'z':
      return count === 1 ? '+0' : count === 2 ? '+00' : '+00:00';
    case 'g':
      return 'A.D.';
    default:
      return undefined;
  }
}

/**
 * Formats a UTC date with a .NET standard ("u", "d"…) or custom ("yyyyMMddTHHmmssZ") format string,
 * in the invariant culture. Throws for a one-character string that is no standard format.
 */
export function formatDate(date: Date, format: string): string {
  const standard = STANDARD[format];
  if (format.length === 1 && standard === undefined) throw new Error(`'${format}' is not a standard date and time format`);
  const pattern = standard ?? format;
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    let ch = pattern[i] as string;
    if (ch === "'" || ch === '"') {
      const close = pattern.indexOf(ch, i + 1);
      const end = close < 0 ? pattern.length : close;
      out += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    if (ch === '\\') {
      out += pattern[i + 1] ?? '';
      i += 2;
      continue;
    }
    // "%d": one specifier on its own (a one-character string would be a standard format).
    if (ch === '%' && i + 1 < pattern.length) ch = pattern[++i] as string;
    let count = 1;
    while (pattern[i + count] === ch) count++;
    const text = specifier(date, ch, count);
    if (text === undefined) {
      out += ch.repeat(count);
    } else {
      // An F fraction that comes out empty takes the decimal point before it along.
      out = ch === 'F' && text === '' && out.endsWith('.') ? out.slice(0, -1) : out + text;
    }
    i += count;
  }
  return out;
}

function formatWith(call: Call, date: Date, format: string): string {
  try {
    return formatDate(date, format);
  } catch (error) {
    throw call.error((error as Error).message);
  }
}

const ISO = "yyyy-MM-dd'T'HH:mm:ss'Z'";

function dateTimeAdd(call: Call): Value {
  const result = addDuration(call, parseDate(call, stringArg(call, 0)), stringArg(call, 1));
  return formatWith(call, result, call.argCount > 2 ? stringArg(call, 2) : ISO);
}

function dateTimeFromEpoch(call: Call): Value {
  return formatDate(new Date(intArg(call, 0) * 1000), ISO);
}

function dateTimeToEpoch(call: Call): Value {
  return Math.floor(parseDate(call, stringArg(call, 0)).getTime() / 1000);
}

function utcNow(call: Call): Value {
  const now = call.host.now;
  if (now === undefined) return new Unknown('utcNow() is the time of the deployment');
  return formatWith(call, now, call.argCount > 0 ? stringArg(call, 0) : "yyyyMMdd'T'HHmmss'Z'");
}

export const dateFunctions: readonly FunctionSpec[] = [
  fn('dateTimeAdd', 2, 3, dateTimeAdd),
  fn('dateTimeFromEpoch', 1, 1, dateTimeFromEpoch),
  fn('dateTimeToEpoch', 1, 1, dateTimeToEpoch),
  fn('utcNow', 0, 1, utcNow),
];
