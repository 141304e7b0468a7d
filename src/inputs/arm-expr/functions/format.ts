/** .NET composite formatting for format(): {index[,alignment][:formatString]}, with {{ and }} escapes. */
import { isUnknown, unknownText, type Unknown, type Value } from '../../../model/value.js';
import { toText } from './support.js';

export class FormatError extends Error {}

const group = (digits: string): string => digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');

function fixed(value: number, decimals: number, grouped: boolean): string {
  const text = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = text.split('.') as [string, string | undefined];
  const body = (grouped ? group(whole) : whole) + (fraction === undefined ? '' : `.${fraction}`);
  return (value < 0 && Number(text) !== 0 ? '-' : '') + body;
}

/**
 * A .NET custom numeric format made of digit placeholders: `0` (a digit, padded with zeros), `#`
 * (a digit if there is one), `,` (group thousands) and `.` (decimal point), as in `{0:00}` or `{0:#,##0.00}`.
 */
function custom(value: number, format: string): string {
  const [whole = '', fraction = ''] = format.split('.');
  const minDecimals = (fraction.match(/0/g) ?? []).length;
  const maxDecimals = fraction.length;
  let text = Math.abs(value).toFixed(maxDecimals);
  if (maxDecimals > minDecimals) text = text.replace(new RegExp(`0{1,${maxDecimals - minDecimals}}$`), '').replace(/\.$/, '');
  const [digits = '', decimals] = text.split('.');
  const minDigits = (whole.match(/0/g) ?? []).length;
  let integer = digits.padStart(minDigits, '0');
  if (minDigits === 0 && integer === '0') integer = '';
  if (whole.includes(',')) integer = group(integer);
  const body = integer + (decimals === undefined ? '' : `.${decimals}`);
  return (value < 0 && Number(text) !== 0 ? '-' : '') + body;
}

/** Formats one value with a .NET numeric format string (N, D, X, F, P, E, G, C) or none. */
export function formatValue(value: Value, format: string | undefined): string {
  if (format === undefined || format === '' || typeof value !== 'number') return toText(value);
  if (/^[0#,]+(\.[0#]+)?$/.test(format)) return custom(value, format);
  const match = /^([A-Za-z])(\d*)$/.exec(format);
  if (!match) throw new FormatError(`unsupported format string '${format}'`);
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
        if (item[2] !== undefined || item[3] !== undefined) return arg;
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
  return unknownText(pieces);
}
