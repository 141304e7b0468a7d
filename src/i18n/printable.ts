/** C0 and C1 controls, DEL, and the marks and overrides that reorder text (`Trojan Source`). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Longer texts are cut (a name of megabytes, repeated in every finding, made a report of hundreds). */
export const MAX_PRINTED_LENGTH = 10_000;

/**
 * Text from scanned files with its control characters spelled out (`\n`, `\u001b`): a resource
 * named in a hostile template cannot move the cursor, rewrite a line with a carriage return,
 * recolour or retitle the terminal, or reorder what is shown, to hide a finding from whoever reads
 * the report in a terminal or a CI log. Past MAX_PRINTED_LENGTH characters the text is cut, saying
 * how much was left out (the JSON report keeps it whole).
 */
export function printable(text: string): string {
  const cut = text.length > MAX_PRINTED_LENGTH ? `${text.slice(0, MAX_PRINTED_LENGTH)}… (${text.length - MAX_PRINTED_LENGTH} more characters)` : text;
  return cut.replace(UNPRINTABLE, spelledOut);
}

/** One character as an escape a reader sees: `\n`, `\r`, `\t`, else `\u001b`. */
export function spelledOut(character: string): string {
  if (character === '\n') return '\\n';
  if (character === '\r') return '\\r';
  if (character === '\t') return '\\t';
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}
