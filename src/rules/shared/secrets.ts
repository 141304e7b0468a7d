/**
 * Recognizes credentials in text a VM exposes to anyone who can read it (custom data, user data,
 * extension public settings). Only the kind of secret is ever returned, never the text.
 */

/** Kinds of secret, in the order they are tried: a connection string is not also reported as a password. */
const PATTERNS: readonly { kind: string; pattern: RegExp }[] = [
  { kind: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----/ },
  { kind: 'storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{20,}={0,2}/i },
  {
    kind: 'connection string',
    // The gaps are bounded: unbounded, every `Host=` of a long line was a scan to its end (a hostile
    // custom data of "Host=a;" repeated took time quadratic in its length).
    pattern: /(?:SharedAccessKey|SharedAccessSignature)=[^\s;'"]{10,}|(?:Server|Data Source|Host)=[^;]{1,256};[^\n]{0,1024}?(?:Password|Pwd)=[^;'"\s$]+/i,
  },
  { kind: 'SAS token', pattern: /[?&]sig=[A-Za-z0-9%+/=]{16,}/i },
  { kind: 'AWS access key', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/ },
  { kind: 'client secret', pattern: /client[_-]?secret["']?[ \t]*[:=][ \t]*["']?[^\s"'$%{]{8,}/i },
  {
    kind: 'password',
    pattern:
      /(?:pass(?:word|wd)?|pwd)["']?[ \t]*[:=][ \t]*["']?(?![$%{<])[^\s"';,]{4,}|--?pass(?:word)?[ \t]+["']?(?![$%{<-])[^\s"';]{4,}|\bchpasswd\b|\bsshpass\s+-p\s*["']?(?![$%{<])\S{3,}/i,
  },
];

/** The kinds of secret found in a text, each once. */
export function secretKinds(text: string): string[] {
  const kinds: string[] = [];
  let rest = text;
  for (const { kind, pattern } of PATTERNS) {
    const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
    if (global.test(rest)) {
      kinds.push(kind);
      rest = rest.replace(new RegExp(pattern.source, global.flags), ' ');
    }
  }
  return kinds;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Decodes base64 text to a string (bytes read as UTF-8 where valid), or undefined when it is not base64. */
export function decodeBase64(text: string): string | undefined {
  const compact = text.replace(/[\r\n]/g, '');
  if (compact.length < 8 || compact.length % 4 !== 0 || !BASE64.test(compact)) return undefined;
  const bytes: number[] = [];
  let buffer = 0;
  let bits = 0;
  for (const char of compact) {
    if (char === '=') break;
    buffer = (buffer << 6) | ALPHABET.indexOf(char);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((buffer >> bits) & 0xff);
    }
  }
  const decoded = new TextDecoder('utf-8', { fatal: false }).decode(new Uint8Array(bytes));
  // Mostly-binary output means the text was not base64-encoded text after all.
  const printable = decoded.replace(/[^\x20-\x7e\t\r\n\u00a0-\uffff]/g, '');
  return printable.length >= decoded.length * 0.9 ? decoded : undefined;
}
