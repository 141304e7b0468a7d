/**
 * The copy of `text` that `pool` already holds, or `text` itself, now held. Equal strings built
 * or parsed apart are separate copies in V8; a large estate repeats ids, prefixes and rule
 * descriptions hundreds of thousands of times, and one copy of each is enough.
 */
export function interned(pool: Map<string, string>, text: string): string {
  const found = pool.get(text);
  if (found !== undefined) return found;
  pool.set(text, text);
  return text;
}
