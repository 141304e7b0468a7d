/** .NET composite formatting for format(): {index[,alignment][:formatString]}, with {{ and }} escapes. */
import { isUnknown, unknownText, type Unknown, type Value } from '../../../model/value.js';
import { markJoin, unmarked } from '../name-text.js';
import { toText } from './support.js';

export class FormatError extends Error {}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function fixed(value: number, decimals: number, grouped: boolean): string {
  const text = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = text.split('.') as [string, string | undefined];
  const body = (grouped ? group(whole) : whole) + (fraction === undefined ? '' : `.${fraction}`);
  return (value < 0 && Number(text) !== 0 ? '-' : '') + body;
}

type Part = { kind: 'digit'; zero: boolean } | { kind: 'point' | 'comma' | 'percent' | 'permille' } | { kind: 'text'; text: string };

/** The parts of one section of a custom numeric format: placeholders, separators and literal text. */
function parts(section: string): Part[] {
  const out: Part[] = [];
  for (let i = 0; i < section.length; i++) {
    const ch = section[i] as string;
    if (ch === '0' || ch === '#') out.push({ kind: 'digit', zero: ch === '0' });
    else if (ch === '.') out.push(out.some((p) => p.kind === 'point') ? { kind: 'text', text: '' } : { kind: 'point' });
    else if (ch === ',') out.push({ kind: 'comma' });
    else if (ch === '%') out.push({ kind: 'percent' });
    else if (ch === '‰') out.push({ kind: 'permille' });
    else if (ch === '\\') out.push({ kind: 'text', text: section[++i] ?? '' });
    else if (ch === "'" || ch === '"') {
      const close = section.indexOf(ch, i + 1);
      const end = close < 0 ? section.length : close;
      out.push({ kind: 'text', text: section.slice(i + 1, end) });
      i = end;
    } else out.push({ kind: 'text', text: ch });
  }
  return out;
}

/** The sections of a format, split at `;` outside quotes and escapes. */
function sections(format: string): string[] {
  const out: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '\\') {
      current += ch + (format[++i] ?? '');
      continue;
    } else if (ch === ';') {
      out.push(current);
      current = '';
      continue;
    }
    current += ch;
  }
  out.push(current);
  return out;
}

/**
 * A .NET custom numeric format (custom-numeric-format-strings): `0` and `#` placeholders, `.`, `,`
 * (grouping between placeholders, scaling by 1,000 right before the point), `%` and `‰`, literal
 * text (quoted, escaped, or any other character) and up to three `;` sections (positive, negative,
 * zero). Exponent notation (`E+0`) is not supported.
 */
function custom(value: number, format: string): string {
  const all = sections(format);
  const section = value < 0 && all.length > 1 && all[1] !== '' ? all[1] : value === 0 && all.length > 2 && all[2] !== '' ? all[2] : all[0];
  const signed = value < 0 && section === all[0];
  const list = parts(section as string);
  const point = list.findIndex((p) => p.kind === 'point');
  const integerEnd = point < 0 ? list.length : point;
  const digitsBefore = list.slice(0, integerEnd).filter((p) => p.kind === 'digit');
  const fraction = list.slice(integerEnd).filter((p): p is { kind: 'digit'; zero: boolean } => p.kind === 'digit');
  // Commas right before the point (or the end of the placeholders) scale; one between placeholders groups.
  let lastDigit = -1;
  for (let i = 0; i < integerEnd; i++) if (list[i]?.kind === 'digit') lastDigit = i;
  let scale = 0;
  for (let i = lastDigit + 1; i < integerEnd && list[i]?.kind === 'comma'; i++) scale++;
  const firstDigit = list.findIndex((p) => p.kind === 'digit');
  const grouped = list.slice(firstDigit, lastDigit).some((p) => p.kind === 'comma');
  const percents = list.filter((p) => p.kind === 'percent').length;
  const permilles = list.filter((p) => p.kind === 'permille').length;
  const scaled = (Math.abs(value) * 100 ** percents * 1000 ** permilles) / 1000 ** scale;
  const minFraction = fraction.reduce((n, p, i) => (p.zero ? i + 1 : n), 0);
  let text = scaled.toFixed(fraction.length);
  if (fraction.length > minFraction) text = text.replace(new RegExp(`0{1,${fraction.length - minFraction}}$`), '').replace(/\.$/, '');
  const [whole = '', decimals = ''] = text.split('.');
  const firstZero = digitsBefore.findIndex((p) => p.kind === 'digit' && p.zero);
  const minDigits = firstZero < 0 ? 0 : digitsBefore.length - firstZero;
  let integer = whole.padStart(minDigits, '0');
  if (minDigits === 0 && integer === '0') integer = '';
  // Placeholders separated by literal text take the digits one each, from the right; the first takes the rest.
  const literalBetween = list.slice(firstDigit, lastDigit).some((p) => p.kind === 'text');
  const perPlaceholder = new Map<number, string>();
  if (literalBetween) {
    let rest = integer.padStart(digitsBefore.length, ' ');
    for (let i = lastDigit; i >= 0; i--) {
      if (list[i]?.kind !== 'digit') continue;
      const take = i === firstDigit ? rest : rest.slice(-1);
      perPlaceholder.set(i, take.trim());
      rest = rest.slice(0, rest.length - take.length);
    }
  } else if (firstDigit >= 0) perPlaceholder.set(firstDigit, grouped ? group(integer) : integer);
  let out = '';
  let fractionIndex = 0;
  list.forEach((part, i) => {
    if (part.kind === 'digit') out += i < integerEnd ? (perPlaceholder.get(i) ?? '') : (decimals[fractionIndex++] ?? '');
    else if (part.kind === 'point') out += decimals === '' ? '' : '.';
    else if (part.kind === 'percent') out += '%';
    else if (part.kind === 'permille') out += '‰';
    else if (part.kind === 'text') out += part.text;
  });
  return (signed && /[1-9]/.test(integer + decimals) ? '-' : '') + out;
}

/** Formats one value with a .NET numeric format string (N, D, X, F, P, E, G, C) or none. */
export function formatValue(value: Value, format: string | undefined): string {
  if (format === undefined || format === '' || typeof value !== 'number') return toText(value);
  const match = /^([A-Za-z])(\d*)$/.exec(format);
  // Anything but a letter with an optional precision is a custom format.
  if (!match) {
    if (/[eE][+-]?0/.test(format.replace(/'[^']*'|"[^"]*"|\\./g, ''))) throw new FormatError(`unsupported format string '${format}'`);
    return custom(value, format);
  }
  const letter = match[1] as string;
  const precision = match[2] === '' ? undefined : Number(match[2]);
  switch (letter.toUpperCase()) {
    case 'N':
      return fixed(value, precision ?? 2, true);
    case 'F':
      return fixed(value, precision ?? 2, false);
    case 'C':
      return (value < 0 ? '-' : '') + '¤' + fixed(Math.abs(value), precision ?? 2, true);
    case 'P':
      return `${fixed(value * 100, precision ?? 2, true)} %`;
    case 'D': {
      if (!Number.isInteger(value)) throw new FormatError(`format 'D' needs an integer`);
      const digits = String(Math.abs(value)).padStart(precision ?? 0, '0');
      return (value < 0 ? '-' : '') + digits;
    }
    case 'X': {
      if (!Number.isInteger(value)) throw new FormatError(`format 'X' needs an integer`);
      const hex = BigInt.asUintN(value < 0 ? 64 : 64, BigInt(value))
        .toString(16)
        .padStart(precision ?? 0, '0');
      return letter === 'X' ? hex.toUpperCase() : hex;
    }
    case 'E': {
      const [mantissa, exponent] = value.toExponential(precision ?? 6).split('e') as [string, string];
      const sign = exponent.startsWith('-') ? '-' : '+';
      return `${mantissa}${letter}${sign}${exponent.replace(/^[+-]/, '').padStart(3, '0')}`;
    }
    case 'G': {
      if (precision === undefined || precision === 0) return String(value);
      // .NET: fixed-point when the exponent is at least -5 and below the precision, else scientific (1234 → G2 → 1.2E+03).
      const [mantissa, exponent] = value.toExponential(precision - 1).split('e') as [string, string];
      const power = Number(exponent);
      if (power >= -5 && power < precision) return String(Number(value.toPrecision(precision)));
      const digits = mantissa.includes('.') ? mantissa.replace(/\.?0+$/, '') : mantissa;
      return `${digits}${letter === 'g' ? 'e' : 'E'}${power < 0 ? '-' : '+'}${String(Math.abs(power)).padStart(2, '0')}`;
    }
    default:
      throw new FormatError(`unsupported format string '${format}'`);
  }
}

/**
 * `format()`: an argument not known, written into the text as it is, leaves an Unknown that keeps
 * the known text around it; with an alignment or format string, the argument's Unknown.
 */
export function compositeFormat(template: string, args: readonly Value[]): Value {
  const pieces: (string | Unknown)[] = [];
  let out = '';
  let i = 0;
  while (i < template.length) {
    const ch = template[i] as string;
    if (ch === '{' && template[i + 1] === '{') {
      out += '{';
      i += 2;
    } else if (ch === '}' && template[i + 1] === '}') {
      out += '}';
      i += 2;
    } else if (ch === '{') {
      const close = template.indexOf('}', i);
      const item = close < 0 ? undefined : /^\s*(\d+)\s*(?:,\s*(-?\d+)\s*)?(?::(.*))?$/s.exec(template.slice(i + 1, close));
      if (!item) throw new FormatError(`invalid format item at position ${i}`);
      const index = Number(item[1]);
      if (index >= args.length) throw new FormatError(`format item {${index}} has no argument`);
      const arg = args[index] as Value;
      if (isUnknown(arg)) {
        if (item[2] !== undefined || item[3] !== undefined) return unmarked(arg);
        pieces.push(out, arg);
        out = '';
        i = close + 1;
        continue;
      }
      const text = formatValue(arg, item[3]);
      const width = item[2] === undefined ? 0 : Number(item[2]);
      out += width >= 0 ? text.padStart(width) : text.padEnd(-width);
      i = close + 1;
    } else if (ch === '}') {
      throw new FormatError(`unmatched '}' at position ${i}`);
    } else {
      out += ch;
      i++;
    }
  }
  pieces.push(out);
  return markJoin(unknownText(pieces), pieces);
}
