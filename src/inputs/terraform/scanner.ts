/**
 * Where things are written in a `.tf` file. `@cdktf/hcl2json` gives structure without positions,
 * so this scanner walks the text once (strings, `${}` nesting, heredocs and comments understood)
 * and records the line and column of each top-level block, of every attribute and nested block
 * inside it (by path: `os_disk.0.caching`, `security_rule.1.priority`), and the comment lines
 * written directly above each block.
 */

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface ScannedBlock {
  /** `resource`, `data`, `module`, `variable`, … */
  readonly keyword: string;
  readonly labels: string[];
  readonly position: Position;
  /** Attribute and nested-block paths (`a.0.b`) → where written. */
  readonly paths: Map<string, Position>;
  /** The comment lines directly above the block (no blank line between), without their markers. */
  readonly comments: string[];
}

export function scanBlocks(text: string): ScannedBlock[] {
  return new Scanner(text).file();
}

class Scanner {
  pos = 0;
  private readonly lineStarts: number[] = [0];
  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') this.lineStarts.push(i + 1);
  }

  position(at: number): Position {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: at - (this.lineStarts[lo] as number) + 1 };
  }

  file(): ScannedBlock[] {
    const blocks: ScannedBlock[] = [];
    let comments: string[] = [];
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '\n') {
        // A blank line separates a comment from the block below it.
        if (this.lineIsBlankBefore(this.pos)) comments = [];
        this.pos++;
        continue;
      }
      if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
        continue;
      }
      if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        const end = this.lineEnd(this.pos);
        comments.push(this.text.slice(this.pos + (c === '#' ? 1 : 2), end).trim());
        this.pos = end;
        continue;
      }
      if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        const body = this.text.slice(this.pos + 2, end < 0 ? this.text.length : end);
        for (const line of body.split('\n')) comments.push(line.replace(/^\s*\*?\s?/, '').trim());
        this.pos = end < 0 ? this.text.length : end + 2;
        continue;
      }
      const start = this.pos;
      const keyword = this.identifier();
      if (keyword === '') {
        this.pos++;
        continue;
      }
      const labels: string[] = [];
      for (;;) {
        this.skipInline();
        const d = this.text[this.pos];
        if (d === '"') labels.push(this.quoted());
        else if (d !== undefined && /[A-Za-z_]/.test(d)) labels.push(this.identifier());
        else break;
      }
      this.skipInline();
      if (this.text[this.pos] === '{') {
        this.pos++;
        const paths = new Map<string, Position>();
        this.body(paths, '');
        blocks.push({ keyword, labels, position: this.position(start), paths, comments });
      } else if (this.text[this.pos] === '=') {
        // A top-level attribute (tfvars).
        this.pos++;
        const paths = new Map<string, Position>();
        this.skipExpression();
        blocks.push({ keyword: '=', labels: [keyword], position: this.position(start), paths, comments });
      }
      comments = [];
    }
    return blocks;
  }

  private lineIsBlankBefore(newlineAt: number): boolean {
    let i = newlineAt - 1;
    while (i >= 0 && (this.text[i] === ' ' || this.text[i] === '\t' || this.text[i] === '\r')) i--;
    return i < 0 || this.text[i] === '\n';
  }

  private lineEnd(at: number): number {
    const end = this.text.indexOf('\n', at);
    return end < 0 ? this.text.length : end;
  }

  private identifier(): string {
    const match = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.pos, this.pos + 256));
    if (!match) return '';
    this.pos += match[0].length;
    return match[0];
  }

  private quoted(): string {
    const start = this.pos + 1;
    this.skipString();
    return this.text.slice(start, this.pos - 1);
  }

  private skipInline(): void {
    while (this.text[this.pos] === ' ' || this.text[this.pos] === '\t') this.pos++;
  }

  /** Reads a block body up to its closing brace, recording attribute and block paths. */
  private body(paths: Map<string, Position>, prefix: string): void {
    const counts = new Map<string, number>();
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '}') {
        this.pos++;
        return;
      }
      if (/\s/.test(c) || c === ',') {
        this.pos++;
        continue;
      }
      if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        this.pos = this.lineEnd(this.pos);
        continue;
      }
      if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
        continue;
      }
      const start = this.pos;
      const name = this.identifier();
      if (name === '') {
        this.pos++;
        continue;
      }
      this.skipInline();
      if (this.text[this.pos] === '=' && this.text[this.pos + 1] !== '=') {
        this.pos++;
        const key = prefix + name;
        if (!paths.has(key)) paths.set(key, this.position(start));
        this.skipExpression();
        continue;
      }
      const labels: string[] = [];
      while (this.text[this.pos] === '"' || /[A-Za-z_]/.test(this.text[this.pos] ?? '')) {
        labels.push(this.text[this.pos] === '"' ? this.quoted() : this.identifier());
        this.skipInline();
      }
      if (this.text[this.pos] !== '{') continue;
      this.pos++;
      // `dynamic "x" { content { … } }` stands for the blocks it generates.
      const blockName = name === 'dynamic' && labels[0] !== undefined ? labels[0] : name;
      const index = counts.get(blockName) ?? 0;
      counts.set(blockName, index + 1);
      const key = `${prefix}${blockName}.${index}`;
      paths.set(key, this.position(start));
      if (!paths.has(prefix + blockName)) paths.set(prefix + blockName, this.position(start));
      this.body(paths, `${key}.`);
    }
  }

  /** Skips an attribute's expression: to the end of the line, across brackets, strings and heredocs. */
  private skipExpression(): void {
    let depth = 0;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos] as string;
      if (c === '"') {
        this.skipString();
        continue;
      }
      if (c === '<' && this.text[this.pos + 1] === '<') {
        const match = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(this.text.slice(this.pos, this.pos + 80));
        if (match) {
          const marker = new RegExp(`^[ \\t]*${match[1]}[ \\t]*$`, 'm');
          const rest = this.text.slice(this.pos + match[0].length);
          const end = marker.exec(rest);
          this.pos = end ? this.pos + match[0].length + end.index + end[0].length : this.text.length;
          continue;
        }
      }
      if (c === '#' || (c === '/' && this.text[this.pos + 1] === '/')) {
        this.pos = this.lineEnd(this.pos);
        continue;
      }
      if (c === '/' && this.text[this.pos + 1] === '*') {
        const end = this.text.indexOf('*/', this.pos + 2);
        this.pos = end < 0 ? this.text.length : end + 2;
        continue;
      }
      if (c === '(' || c === '[' || c === '{') depth++;
      else if (c === ')' || c === ']' || c === '}') {
        if (depth === 0) return;
        depth--;
      } else if (c === '\n' && depth === 0) return;
      this.pos++;
    }
  }

  /** Skips a quoted string, with `${ … }` interpolations that may hold strings of their own. */
  private skipString(): void {
    this.pos++;
    while (this.pos < this.text.length) {
      const c = this.text[this.pos];
      if (c === '\\') {
        this.pos += 2;
        continue;
      }
      if (c === '"') {
        this.pos++;
        return;
      }
      if ((c === '$' || c === '%') && this.text[this.pos + 1] === '{') {
        this.pos += 2;
        let depth = 1;
        while (this.pos < this.text.length && depth > 0) {
          const d = this.text[this.pos];
          if (d === '"') {
            this.skipString();
            continue;
          }
          if (d === '{') depth++;
          else if (d === '}') depth--;
          this.pos++;
        }
        continue;
      }
      if (c === '\n') return;
      this.pos++;
    }
  }
}

/** The closest recorded place for a path of attribute names and block indexes. */
export function locatePath(block: ScannedBlock, path: readonly (string | number)[]): Position {
  for (let length = path.length; length > 0; length--) {
    const key = path.slice(0, length).join('.');
    const found = block.paths.get(key);
    if (found) return found;
  }
  return block.position;
}

const enum Frame {
  Bracket,
  Interpolation,
  String,
  Heredoc,
}

/** What a `.tf` file may hold before the HCL parser is given it. */
export interface HclLimits {
  /** Levels of nesting. */
  readonly nesting: number;
  /** Lines of heredocs, all the file's together. */
  readonly heredocLines: number;
}

/**
 * Where the text first goes past one of the limits (a character offset, and which limit), or
 * undefined when it never does. Nesting: brackets, strings, heredocs and `${ }` / `%{ }`
 * interpolations each count as a level (comments and the text of strings do not), read with a stack
 * of its own, never recursion. The HCL parser and the evaluation after it recurse once or more per
 * level: a file nested thousands deep is refused here, by its place, before either sees it. Heredoc
 * lines: the HCL parser takes time that grows with the square of a heredoc's lines (10,000 lines
 * 0.8 s, 30,000 lines 9 s), so a file's heredocs are bounded together.
 */
export function beyondLimits(text: string, limits: HclLimits): { offset: number; limit: keyof HclLimits } | undefined {
  const frames: Frame[] = [];
  /** The closing line of each open heredoc, by its position in `frames`. */
  const markers: RegExp[] = [];
  let heredocLines = 0;
  let i = 0;
  const open = (frame: Frame): boolean => {
    frames.push(frame);
    return frames.length > limits.nesting;
  };
  const nesting = (offset: number) => ({ offset, limit: 'nesting' as const });
  while (i < text.length) {
    const top = frames[frames.length - 1];
    const c = text[i] as string;
    if (top === Frame.String || top === Frame.Heredoc) {
      if (top === Frame.Heredoc && (i === 0 || text[i - 1] === '\n')) {
        const end = text.indexOf('\n', i);
        const line = text.slice(i, end < 0 ? text.length : end);
        if ((markers[markers.length - 1] as RegExp).test(line)) {
          frames.pop();
          markers.pop();
          i += line.length;
          continue;
        }
        if (++heredocLines > limits.heredocLines) return { offset: i, limit: 'heredocLines' };
      }
      if (c === '\\' && top === Frame.String) i += 2;
      else if (c === '"' && top === Frame.String) {
        frames.pop();
        i++;
      } else if (c === '\n' && top === Frame.String) {
        // An unclosed string ends with its line, as the parser will say.
        frames.pop();
        i++;
      } else if ((c === '$' || c === '%') && text[i + 1] === c && text[i + 2] === '{') i += 3;
      else if ((c === '$' || c === '%') && text[i + 1] === '{') {
        if (open(Frame.Interpolation)) return nesting(i);
        i += 2;
      } else i++;
      continue;
    }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else if (c === '"') {
      if (open(Frame.String)) return nesting(i);
      i++;
    } else if (c === '<' && text[i + 1] === '<') {
      const heredoc = /^<<-?([A-Za-z_][A-Za-z0-9_]*)\r?\n/.exec(text.slice(i, i + 80));
      if (heredoc) {
        markers.push(new RegExp(`^[ \\t]*${heredoc[1]}[ \\t]*\\r?$`));
        if (open(Frame.Heredoc)) return nesting(i);
        i += heredoc[0].length;
      } else i += 2;
    } else if (c === '(' || c === '[' || c === '{') {
      if (open(Frame.Bracket)) return nesting(i);
      i++;
    } else if (c === ')' || c === ']' || c === '}') {
      // Unbalanced closers are the parser's to report.
      if (top === Frame.Bracket || top === Frame.Interpolation) frames.pop();
      i++;
    } else i++;
  }
  return undefined;
}

/** The line and column (1-based) of a character offset. */
export function positionOf(text: string, offset: number): Position {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at >= 0 && at < offset; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
