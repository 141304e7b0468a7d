import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as Yaml from 'yaml';
import { isObject, type Value, type ValueObject } from '../../model/value.js';

/**
 * Terraform functions that read as run-time but give the same result whenever their arguments are
 * the same: `formatdate`, `timeadd`, `timecmp` (of timestamps given, not `timestamp()`), `uuidv5`,
 * `yamlencode` and `yamldecode`. They throw on arguments Terraform refuses; callFunction reads
 * what is thrown as the call having failed.
 */

// The YAML library is loaded on first use (synchronously: yaml is CommonJS under Node), as the configuration loader does.
let yaml: typeof Yaml | undefined;
const loadYaml = (): typeof Yaml => (yaml ??= createRequire(import.meta.url)('yaml') as typeof Yaml);

/** Aliases a YAML text may expand (a "billion laughs" text expands past the size limit of a value). */
const MAX_YAML_ALIASES = 100;
/**
 * The longest text yamldecode() reads: the YAML parser takes about two seconds a megabyte, and YAML
 * a configuration decodes (cloud-init, manifests) runs to kilobytes.
 */
export const MAX_YAML_TEXT = 1024 * 1024;
/** Nesting of a YAML value past which it is refused (evaluation reads values recursively). */
const MAX_YAML_DEPTH = 200;

/** An RFC 3339 timestamp as written: its date and time in its own offset, fraction in nanoseconds, offset in minutes. */
interface Timestamp {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
  readonly nanos: number;
  readonly offset: number;
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Reads a timestamp "in RFC 3339 Date and Time format", as Terraform requires of these functions' arguments. */
function parseTimestamp(text: string): Timestamp {
  const match = RFC3339.exec(text);
  if (!match) throw new Error(`"${text}" is not a valid RFC 3339 timestamp`);
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const offset = match[8] ? 0 : (match[9] === '-' ? -1 : 1) * (Number(match[10]) * 60 + Number(match[11]));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59 || Math.abs(offset) >= 24 * 60)
    throw new Error(`"${text}" is not a valid RFC 3339 timestamp`);
  return { year, month, day, hour, minute, second, nanos: Number((match[7] ?? '').padEnd(9, '0')), offset };
}

/** Days from 1970-01-01 to a date of the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp + (mp < 10 ? 3 : -9);
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const NANOS_PER_SECOND = 1_000_000_000n;

/** The instant of a timestamp, in nanoseconds since 1970 (UTC). */
function instantOf(time: Timestamp): bigint {
  const local = BigInt(daysFromCivil(time.year, time.month, time.day)) * 86_400n + BigInt(time.hour * 3600 + time.minute * 60 + time.second);
  return (local - BigInt(time.offset * 60)) * NANOS_PER_SECOND + BigInt(time.nanos);
}

/** The timestamp of an instant, in the offset given. */
function timestampAt(instant: bigint, offset: number): Timestamp {
  const local = instant + BigInt(offset * 60) * NANOS_PER_SECOND;
  let seconds = local / NANOS_PER_SECOND;
  let nanos = local % NANOS_PER_SECOND;
  if (nanos < 0n) {
    nanos += NANOS_PER_SECOND;
    seconds -= 1n;
  }
  let days = seconds / 86_400n;
  let rest = seconds % 86_400n;
  if (rest < 0n) {
    rest += 86_400n;
    days -= 1n;
  }
  const { year, month, day } = civilFromDays(Number(days));
  const within = Number(rest);
  return { year, month, day, hour: Math.floor(within / 3600), minute: Math.floor(within / 60) % 60, second: within % 60, nanos: Number(nanos), offset };
}

const pad = (value: number, width = 2): string => String(value).padStart(width, '0');

function offsetText(offset: number, colon: boolean): string {
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${sign}${pad(Math.floor(abs / 60))}${colon ? ':' : ''}${pad(abs % 60)}`;
}

/** Go's time.RFC3339 layout, which timeadd() writes: no fraction, `Z` for a zero offset. */
function rfc3339(time: Timestamp): string {
  if (time.year < 0 || time.year > 9999) throw new Error(`the year ${time.year} is outside the range of an RFC 3339 timestamp`);
  const zone = time.offset === 0 ? 'Z' : offsetText(time.offset, true);
  return `${pad(time.year, 4)}-${pad(time.month)}-${pad(time.day)}T${pad(time.hour)}:${pad(time.minute)}:${pad(time.second)}${zone}`;
}

/** Nanoseconds in each unit Go's time.ParseDuration accepts. */
const DURATION_UNITS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: NANOS_PER_SECOND,
  m: 60n * NANOS_PER_SECOND,
  h: 3600n * NANOS_PER_SECOND,
};

/** A duration as Go's time.ParseDuration reads it (`1h30m`, `-10m`, `1.5h`), in nanoseconds. */
export function parseDuration(text: string): bigint {
  const fail = (): never => {
    throw new Error(`"${text}" is not a duration (a sequence of numbers with units ns, us, ms, s, m or h, like "1h30m")`);
  };
  let rest = text;
  let sign = 1n;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    if (rest.startsWith('-')) sign = -1n;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') fail();
  let total = 0n;
  const part = /^(\d*)(?:\.(\d*))?([^\d.]+)/;
  while (rest !== '') {
    const match = part.exec(rest);
    if (!match || (match[1] === '' && (match[2] ?? '') === '')) return fail();
    const unit = DURATION_UNITS[match[3] as string];
    if (unit === undefined) return fail();
    const fraction = match[2] ?? '';
    total += BigInt(match[1] || '0') * unit + (fraction === '' ? 0n : (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length));
    rest = rest.slice(match[0].length);
  }
  // Go refuses a duration past its int64 of nanoseconds (about 292 years).
  if (total > 9_223_372_036_854_775_807n) fail();
  return sign * total;
}

/** `timeadd(timestamp, duration)`: "the result of adding the given duration to the given timestamp", in its offset. */
export function timeadd(timestamp: string, duration: string): string {
  const time = parseTimestamp(timestamp);
  return rfc3339(timestampAt(instantOf(time) + parseDuration(duration), time.offset));
}

/** `timecmp(a, b)`: -1, 0 or 1 as the instant a is before, the same as or after b. */
export function timecmp(a: string, b: string): number {
  const first = instantOf(parseTimestamp(a));
  const second = instantOf(parseTimestamp(b));
  return first < second ? -1 : first > second ? 1 : 0;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/**
 * `formatdate(spec, timestamp)`: the sequences of the Terraform documentation (YYYY, MMM, DD,
 * EEEE, hh, HH, aa, mm, ss, ZZZZZ, …) in the timestamp's own offset, other characters as they are
 * but letters, which are literal only in single quotes ('' is a quote). A sequence Terraform
 * does not know is refused, as Terraform does.
 */
export function formatdate(spec: string, timestamp: string): string {
  const time = parseTimestamp(timestamp);
  const weekday = (((daysFromCivil(time.year, time.month, time.day) + 4) % 7) + 7) % 7;
  const hour12 = time.hour % 12 === 0 ? 12 : time.hour % 12;
  const sequences: Readonly<Record<string, () => string>> = {
    YYYY: () => pad(time.year, 4),
    YY: () => pad(time.year % 100),
    MMMM: () => MONTHS[time.month - 1] as string,
    MMM: () => (MONTHS[time.month - 1] as string).slice(0, 3),
    MM: () => pad(time.month),
    M: () => String(time.month),
    DD: () => pad(time.day),
    D: () => String(time.day),
    EEEE: () => WEEKDAYS[weekday] as string,
    EEE: () => (WEEKDAYS[weekday] as string).slice(0, 3),
    hh: () => pad(time.hour),
    h: () => String(time.hour),
    HH: () => pad(hour12),
    H: () => String(hour12),
    AA: () => (time.hour < 12 ? 'AM' : 'PM'),
    aa: () => (time.hour < 12 ? 'am' : 'pm'),
    mm: () => pad(time.minute),
    m: () => String(time.minute),
    ss: () => pad(time.second),
    s: () => String(time.second),
    ZZZZZ: () => offsetText(time.offset, true),
    ZZZZ: () => offsetText(time.offset, false),
    ZZZ: () => (time.offset === 0 ? 'UTC' : offsetText(time.offset, false)),
    Z: () => (time.offset === 0 ? 'Z' : offsetText(time.offset, true)),
  };
  let out = '';
  for (let at = 0; at < spec.length;) {
    const ch = spec[at] as string;
    if (ch === "'") {
      if (spec[at + 1] === "'") {
        out += "'";
        at += 2;
        continue;
      }
      // A quoted literal, in which '' is a quote too.
      let end = at + 1;
      for (;;) {
        if (end >= spec.length) throw new Error('the format has a quote that is not closed');
        if (spec[end] === "'" && spec[end + 1] === "'") {
          out += "'";
          end += 2;
        } else if (spec[end] === "'") break;
        else out += spec[end++] as string;
      }
      at = end + 1;
      continue;
    }
    if (!/[A-Za-z]/.test(ch)) {
      out += ch;
      at += 1;
      continue;
    }
    let end = at;
    while (spec[end] === ch) end += 1;
    const sequence = spec.slice(at, end);
    const write = sequences[sequence];
    if (!write) throw new Error(`invalid date format sequence "${sequence}"`);
    out += write();
    at = end;
  }
  return out;
}

/** The namespaces RFC 4122 assigns, by the keywords uuidv5() takes for them. */
const UUID_NAMESPACES: Readonly<Record<string, string>> = {
  dns: '6ba7b810-9dad-11d1-80b4-00c04fd430c8',
  url: '6ba7b811-9dad-11d1-80b4-00c04fd430c8',
  oid: '6ba7b812-9dad-11d1-80b4-00c04fd430c8',
  x500: '6ba7b814-9dad-11d1-80b4-00c04fd430c8',
};

/** `uuidv5(namespace, name)`: the name-based UUID of RFC 4122 section 4.3 (SHA-1), the namespace a keyword or a UUID. */
export function uuidv5(namespace: string, name: string): string {
  const given = (UUID_NAMESPACES[namespace] ?? namespace)
    .replace(/^urn:uuid:/i, '')
    .replace(/^\{(.*)\}$/, '$1')
    .replace(/^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i, '$1$2$3$4$5');
  if (!/^[0-9a-f]{32}$/i.test(given)) throw new Error(`uuidv5() needs a namespace keyword (dns, url, oid, x500) or a UUID, not "${namespace}"`);
  const hash = createHash('sha1').update(Buffer.from(given, 'hex')).update(Buffer.from(name, 'utf8')).digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `yamlencode(value)`: YAML 1.2 block style, as Terraform writes it: keys sorted, strings and keys
 * double-quoted, a list under a key at the key's indentation. Terraform also folds a double-quoted
 * string past 80 columns over lines; this writes it on one line: the same YAML value.
 */
export function yamlencode(value: Value, sortedKeys: (value: Value) => Value): string {
  return loadYaml().stringify(sortedKeys(value), {
    defaultStringType: 'QUOTE_DOUBLE',
    defaultKeyType: 'QUOTE_DOUBLE',
    indentSeq: false,
    lineWidth: 0,
    minContentWidth: 0,
    aliasDuplicateObjects: false,
  });
}

/** `yamldecode(text)`: one YAML document (1.2 core schema) as a value; an empty text is null. */
export function yamldecode(text: string): Value {
  if (text.length > MAX_YAML_TEXT) throw new Error(`the text is ${text.length} characters, over the ${MAX_YAML_TEXT}-character limit`);
  const parsed = loadYaml().parse(text, { maxAliasCount: MAX_YAML_ALIASES, uniqueKeys: true, logLevel: 'error' }) as unknown;
  const value = (parsed === undefined ? null : parsed) as Value;
  if (depthOver(value, MAX_YAML_DEPTH)) throw new Error(`the YAML is nested deeper than ${MAX_YAML_DEPTH} levels`);
  return value;
}

/** Whether a value is nested deeper than `limit` (iteratively: the value may be deep enough to overflow a recursion). */
function depthOver(value: Value, limit: number): boolean {
  const stack: [Value, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (depth > limit) return true;
    if (Array.isArray(item)) for (const member of item) stack.push([member, depth + 1]);
    else if (isObject(item)) for (const member of Object.values(item as ValueObject)) stack.push([member as Value, depth + 1]);
  }
  return false;
}

/**
 * `csvdecode(text)`: RFC 4180 CSV, as Go's encoding/csv reads it (quoted fields with `""` and line
 * breaks in them, blank lines skipped), "the first line … as a header row" whose values key each
 * later line's map of strings. A line with another number of fields, or a stray quote, is an error.
 */
export function csvdecode(text: string): Value {
  const records: string[][] = [];
  let i = 0;
  let line = 1;
  while (i < text.length) {
    if (text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n')) {
      i += text[i] === '\r' ? 2 : 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) throw new Error(`line ${line}: a quoted field is not closed`);
          const c = text[i] as string;
          if (c === '"' && text[i + 1] === '"') {
            field += '"';
            i += 2;
          } else if (c === '"') {
            i++;
            break;
          } else {
            // Go's reader gives a line break in a quoted field as \n.
            if (c === '\r' && text[i + 1] === '\n') i++;
            if (text[i] === '\n') line++;
            field += text[i] as string;
            i++;
          }
        }
        if (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n'))
          throw new Error(`line ${line}: extraneous or missing " in quoted-field`);
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"') throw new Error(`line ${line}: bare " in non-quoted-field`);
          field += text[i];
          i++;
        }
      }
      fields.push(field);
      if (text[i] === ',') {
        i++;
        continue;
      }
      break;
    }
    if (records.length > 0 && fields.length !== (records[0] as string[]).length)
      throw new Error(`line ${line}: wrong number of fields (${fields.length}, the header has ${(records[0] as string[]).length})`);
    records.push(fields);
  }
  const [header, ...rows] = records;
  if (!header) throw new Error('missing header line');
  return rows.map((row) => {
    const out: ValueObject = {};
    header.forEach((name, index) => Object.defineProperty(out, name, { value: row[index] as string, enumerable: true, writable: true, configurable: true }));
    return out;
  });
}
