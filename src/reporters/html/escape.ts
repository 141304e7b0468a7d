import { spelledOut } from '../../i18n/printable.js';

/** Controls (but line breaks and tabs) and the marks and overrides that reorder text, in names from scanned files. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const HIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Escapes text for HTML content and double-quoted attributes (every string from scanned files goes
 * through it). Control characters and right-to-left overrides are spelled out (`\u202e`): a name
 * cannot show itself reversed or disguised.
 */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;')
    .replace(HIDDEN, spelledOut);
}
