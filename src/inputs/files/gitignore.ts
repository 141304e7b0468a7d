/**
 * `.gitignore` patterns, matched as git matches them (case aside: names compare case-insensitively,
 * as on Windows and macOS), segment by segment, without regular expressions. The folders scanned
 * come from pull requests, and so do their `.gitignore` files: compiled to backtracking regular
 * expressions, a pattern of six `**` segments between names took 18 s to test one path sixty
 * folders deep. Here a path costs at most (pattern segments × path names × name length²).
 */

/** One line of a `.gitignore`. */
interface Rule {
  readonly negative: boolean;
  /** Only folders: the pattern ended in `/`. */
  readonly folderOnly: boolean;
  /** Matched from the `.gitignore`'s folder (a `/` before the end); else against each name. */
  readonly anchored: boolean;
  /** The pattern's segments: `**` or a glob of one name. */
  readonly segments: readonly Segment[];
}

type Segment = { readonly kind: 'any-depth' } | { readonly kind: 'glob'; readonly tokens: readonly Token[] };

/** A glob's pieces: a literal character, `?`, `*` or a bracket expression. */
type Token = { readonly kind: 'char'; readonly char: string } | { readonly kind: 'one' } | { readonly kind: 'star' } | Bracket;

interface Bracket {
  readonly kind: 'bracket';
  readonly negated: boolean;
  readonly ranges: readonly (readonly [string, string])[];
}

export class IgnorePatterns {
  private constructor(private readonly rules: readonly Rule[]) {}

  /** The patterns of a `.gitignore` file's text, or of a list of lines. */
  static parse(source: string | readonly string[]): IgnorePatterns {
    const lines = typeof source === 'string' ? source.split(/\r?\n/) : source;
    const rules: Rule[] = [];
    for (const line of lines) {
      const rule = parseRule(line);
      if (rule) rules.push(rule);
    }
    return new IgnorePatterns(rules);
  }

  /**
   * Whether a path relative to the patterns' folder (`/` between names; a folder ends in `/`) is
   * ignored: by the last rule that matches it, or because a folder it is in is ignored (git never
   * looks inside an ignored folder, so a negation cannot bring its files back).
   */
  ignores(relativePath: string): boolean {
    if (this.rules.length === 0) return false;
    const isFolder = relativePath.endsWith('/');
    const names = relativePath
      .toLowerCase()
      .split('/')
      .filter((name) => name !== '');
    for (let end = 1; end <= names.length; end++) {
      const folder = end < names.length || isFolder;
      if (this.decide(names.slice(0, end), folder)) return true;
    }
    return false;
  }

  /** The verdict of the last rule matching the path itself, parents aside. */
  private decide(names: readonly string[], isFolder: boolean): boolean {
    for (let i = this.rules.length - 1; i >= 0; i--) {
      const rule = this.rules[i] as Rule;
      if (rule.folderOnly && !isFolder) continue;
      if (matchesRule(rule, names)) return !rule.negative;
    }
    return false;
  }
}

function parseRule(line: string): Rule | undefined {
  let text = trimTrailingSpaces(line);
  if (text === '' || text.startsWith('#')) return undefined;
  let negative = false;
  if (text.startsWith('!')) {
    negative = true;
    text = text.slice(1);
  }
  let folderOnly = false;
  while (text.endsWith('/')) {
    folderOnly = true;
    text = text.slice(0, -1);
  }
  if (text === '') return undefined;
  const anchored = text.includes('/');
  if (text.startsWith('/')) text = text.slice(1);
  const segments = splitSegments(text)
    .filter((segment) => segment !== '')
    // A segment of two stars or more is `**` (git's wildmatch reads `***` so).
    .map((segment): Segment => (/^\*{2,}$/.test(segment) ? { kind: 'any-depth' } : { kind: 'glob', tokens: globTokens(segment.toLowerCase()) }));
  return segments.length === 0 ? undefined : { negative, folderOnly, anchored, segments };
}

/** A pattern's segments, split at each `/` (an escaped `\/` is a `/` too); other escapes are kept for the glob. */
function splitSegments(text: string): string[] {
  const segments: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && text[i + 1] === '/') {
      segments.push(current);
      current = '';
      i++;
    } else if (c === '\\' && i + 1 < text.length) current += c + (text[++i] as string);
    else if (c === '/') {
      segments.push(current);
      current = '';
    } else current += c;
  }
  segments.push(current);
  return segments;
}

/** Trailing spaces are not part of a pattern, unless escaped with a backslash. */
function trimTrailingSpaces(line: string): string {
  let end = line.length;
  while (end > 0 && line[end - 1] === ' ') {
    let backslashes = 0;
    while (end - 2 - backslashes >= 0 && line[end - 2 - backslashes] === '\\') backslashes++;
    if (backslashes % 2 === 1) break;
    end--;
  }
  return line.slice(0, end);
}

function globTokens(glob: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i] as string;
    if (c === '\\' && i + 1 < glob.length) tokens.push({ kind: 'char', char: glob[++i] as string });
    else if (c === '?') tokens.push({ kind: 'one' });
    else if (c === '*') {
      // `a**b` is two stars, which match as one.
      if (tokens[tokens.length - 1]?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '[') {
      const bracket = readBracket(glob, i);
      if (bracket) {
        tokens.push(bracket.token);
        i = bracket.end;
      } else tokens.push({ kind: 'char', char: c });
    } else tokens.push({ kind: 'char', char: c });
  }
  return tokens;
}

/** A bracket expression starting at `start` and where it ends, or undefined when it is not closed. */
function readBracket(glob: string, start: number): { token: Bracket; end: number } | undefined {
  let i = start + 1;
  const negated = glob[i] === '!' || glob[i] === '^';
  if (negated) i++;
  const ranges: [string, string][] = [];
  let first = true;
  while (i < glob.length && (glob[i] !== ']' || first)) {
    first = false;
    let low = glob[i] as string;
    if (low === '\\' && i + 1 < glob.length) low = glob[++i] as string;
    let high = low;
    if (glob[i + 1] === '-' && i + 2 < glob.length && glob[i + 2] !== ']') {
      high = glob[i + 2] as string;
      if (high === '\\' && i + 3 < glob.length) high = glob[++i + 2] as string;
      i += 2;
    }
    ranges.push([low, high]);
    i++;
  }
  return i < glob.length ? { token: { kind: 'bracket', negated, ranges }, end: i } : undefined;
}

function matchesRule(rule: Rule, names: readonly string[]): boolean {
  if (!rule.anchored) {
    // No `/` but at the end: the pattern is a name, matched at any depth (`**` alone: anything).
    const [only] = rule.segments;
    if (names.length === 0 || only === undefined) return false;
    return only.kind === 'any-depth' || matchesGlob(only.tokens, names[names.length - 1] as string);
  }
  return matchesSegments(rule.segments, names);
}

/**
 * Pattern segments against path names, `**` standing for any number of names (at least one when
 * it ends the pattern: `abc/**` is everything inside `abc`, not `abc`). Each (segment, name) pair
 * is decided once.
 */
function matchesSegments(segments: readonly Segment[], names: readonly string[]): boolean {
  const memo = new Map<number, boolean>();
  const width = names.length + 1;
  const match = (s: number, n: number): boolean => {
    const key = s * width + n;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let result: boolean;
    const segment = segments[s];
    if (segment === undefined) result = n === names.length;
    else if (segment.kind === 'any-depth') {
      const last = s === segments.length - 1;
      if (last) result = n < names.length;
      else {
        result = false;
        for (let skip = n; skip <= names.length && !result; skip++) result = match(s + 1, skip);
      }
    } else result = n < names.length && matchesGlob(segment.tokens, names[n] as string) && match(s + 1, n + 1);
    memo.set(key, result);
    return result;
  };
  return match(0, 0);
}

/**
 * A name against a glob, in time (tokens × characters): the classic wildcard match that, on a
 * mismatch, moves only its last star on (any earlier star could not do better).
 */
function matchesGlob(tokens: readonly Token[], name: string): boolean {
  let t = 0;
  let c = 0;
  let starToken = -1;
  let starChar = 0;
  while (c < name.length) {
    const token = tokens[t];
    if (token !== undefined && token.kind !== 'star' && matchesChar(token, name[c] as string)) {
      t++;
      c++;
    } else if (token?.kind === 'star') {
      starToken = t++;
      starChar = c;
    } else if (starToken >= 0) {
      t = starToken + 1;
      c = ++starChar;
    } else return false;
  }
  while (tokens[t]?.kind === 'star') t++;
  return t === tokens.length;
}

function matchesChar(token: Exclude<Token, { kind: 'star' }>, char: string): boolean {
  if (token.kind === 'char') return token.char === char;
  if (token.kind === 'one') return char !== '/';
  const inside = token.ranges.some(([low, high]) => low <= char && char <= high);
  return inside !== token.negated;
}
