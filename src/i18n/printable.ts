/** C0 and C1 controls, DEL, and the marks and overrides that reorder text (`Trojan Source`). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from scanned files with its control characters spelled out (`\n`, `\u001b`): a resource
 * named in a hostile template cannot move the cursor, rewrite a line with a carriage return,
 * recolour or retitle the terminal, or reorder what is shown, to hide a finding from whoever reads
 * the report in a terminal or a CI log.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) =>
    c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
