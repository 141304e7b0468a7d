/** The control characters (but line feeds) and right-to-left overrides in a text, as code points: none in anything azvmsec prints. */
export function controlCharacters(text: string): number[] {
  const found: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x0a) || (code >= 0x7f && code <= 0x9f) || code === 0x202e) found.push(code);
  }
  return found;
}

/** The text without azvmsec's own colour codes (`ESC [ n m`). */
export function withoutColours(text: string): string {
  return text.replace(new RegExp(`${String.fromCharCode(0x1b)}\\[\\d+m`, 'g'), '');
}
