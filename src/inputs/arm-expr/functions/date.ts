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
/** .NET standard date formats in the invariant culture, which ARM uses: utcNow('d') is "03/05/2019". */
const STANDARD: Record<string, string> = {
  d: 'MM/dd/yyyy',
  D: 'dddd, dd MMMM yyyy',
  g: 'MM/dd/yyyy HH:mm',
  G: 'MM/dd/yyyy HH:mm:ss',
  o: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  O: "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'",
  s: "yyyy-MM-dd'T'HH:mm:ss",
  t: 'HH:mm',
  T: 'HH:mm:ss',
  u: "yyyy-MM-dd HH:mm:ss'Z'",
};

/** Formats a UTC date with a .NET standard ("u", "d"…) or custom ("yyyyMMddTHHmmssZ") format string. */
export function formatDate(date: Date, format: string): string {
  const pattern = STANDARD[format] ?? format;
  const hours = date.getUTCHours();
  const tokens: Record<string, () => string> = {
    yyyy: () => pad(date.getUTCFullYear(), 4),
    yy: () => pad(date.getUTCFullYear() % 100, 2),
    MMMM: () => MONTHS[date.getUTCMonth()] as string,
    MMM: () => (MONTHS[date.getUTCMonth()] as string).slice(0, 3),
    MM: () => pad(date.getUTCMonth() + 1, 2),
    M: () => String(date.getUTCMonth() + 1),
    dddd: () => DAYS[date.getUTCDay()] as string,
    ddd: () => (DAYS[date.getUTCDay()] as string).slice(0, 3),
    dd: () => pad(date.getUTCDate(), 2),
    d: () => String(date.getUTCDate()),
    HH: () => pad(hours, 2),
    H: () => String(hours),
    hh: () => pad(hours % 12 || 12, 2),
    h: () => String(hours % 12 || 12),
    mm: () => pad(date.getUTCMinutes(), 2),
    m: () => String(date.getUTCMinutes()),
    ss: () => pad(date.getUTCSeconds(), 2),
    s: () => String(date.getUTCSeconds()),
    fffffff: () => pad(date.getUTCMilliseconds(), 3) + '0000',
    fff: () => pad(date.getUTCMilliseconds(), 3),
    tt: () => (hours < 12 ? 'AM' : 'PM'),
  };
  const names = Object.keys(tokens);
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
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
    const name = names.find((token) => pattern.startsWith(token, i));
    if (name !== undefined) {
      out += (tokens[name] as () => string)();
      i += name.length;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

const ISO = "yyyy-MM-dd'T'HH:mm:ss'Z'";

function dateTimeAdd(call: Call): Value {
  const result = addDuration(call, parseDate(call, stringArg(call, 0)), stringArg(call, 1));
  return formatDate(result, call.argCount > 2 ? stringArg(call, 2) : ISO);
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
  return formatDate(now, call.argCount > 0 ? stringArg(call, 0) : "yyyyMMdd'T'HHmmss'Z'");
}

export const dateFunctions: readonly FunctionSpec[] = [
  fn('dateTimeAdd', 2, 3, dateTimeAdd),
  fn('dateTimeFromEpoch', 1, 1, dateTimeFromEpoch),
  fn('dateTimeToEpoch', 1, 1, dateTimeToEpoch),
  fn('utcNow', 0, 1, utcNow),
];
