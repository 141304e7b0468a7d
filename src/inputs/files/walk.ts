import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { IgnorePatterns } from './gitignore.js';

export interface WalkOptions {
  /** Extra `.gitignore`-style patterns, relative to each root. */
  readonly exclude?: readonly string[];
  /** File name endings to collect (lower case, with the dot). */
  readonly extensions: readonly string[];
  /** Stop after this many files; the rest is reported as skipped. */
  readonly maxFiles?: number;
}

export interface WalkResult {
  readonly files: string[];
  /** Paths that could not be read, with why; the walk goes on. */
  readonly problems: { path: string; message: string }[];
}

/** `.terraform` is Terraform's working folder: the modules it downloads there are read through the root module that calls them. */
const ALWAYS_SKIPPED = new Set(['node_modules', '.git', '.terraform']);

/**
 * Lists the files under the roots, honouring `.gitignore` files on the way down and the exclude
 * patterns; `node_modules`, `.git` and `.terraform` are never entered. Symbolic links to folders are followed
 * once (a loop is cut where it closes).
 */
export async function walkFiles(roots: readonly string[], options: WalkOptions): Promise<WalkResult> {
  const files: string[] = [];
  const problems: { path: string; message: string }[] = [];
  const seen = new Set<string>();
  const maxFiles = options.maxFiles ?? 200_000;

  const wanted = (name: string): boolean => options.extensions.some((extension) => name.toLowerCase().endsWith(extension));

  async function visit(directory: string, realRoot: string, rules: { base: string; matcher: IgnorePatterns }[]): Promise<void> {
    let real: string;
    try {
      real = await realpath(directory);
    } catch (error) {
      problems.push({ path: directory, message: describe(error) });
      return;
    }
    if (seen.has(real)) return;
    seen.add(real);
    const own = await loadGitignore(directory);
    const active = own ? [...rules, { base: directory, matcher: own }] : rules;
    let entries;
    try {
      entries = await readdir(directory, { withFileTypes: true });
    } catch (error) {
      problems.push({ path: directory, message: describe(error) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (files.length >= maxFiles) {
        problems.push({ path: directory, message: `stopped after ${maxFiles} files` });
        return;
      }
      if (ALWAYS_SKIPPED.has(entry.name)) continue;
      const full = path.join(directory, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = await realpath(full);
          if (!isInside(target, realRoot)) {
            problems.push({ path: full, message: 'symbolic link to a place outside the scan root: not read' });
            continue;
          }
          const info = await stat(target);
          isDirectory = info.isDirectory();
          isFile = info.isFile();
        } catch (error) {
          problems.push({ path: full, message: `broken link: ${describe(error)}` });
          continue;
        }
      }
      if (ignored(active, full, isDirectory)) continue;
      if (isDirectory) await visit(full, realRoot, active);
      // Only regular files: a named pipe or a device would block a read forever.
      else if (isFile && wanted(entry.name)) files.push(full);
      else if (!isFile && wanted(entry.name)) problems.push({ path: full, message: 'not a regular file: not read' });
    }
  }

  for (const root of roots) {
    let info;
    try {
      info = await lstat(root);
      if (info.isSymbolicLink()) info = await stat(root);
    } catch (error) {
      problems.push({ path: root, message: describe(error) });
      continue;
    }
    if (info.isDirectory()) {
      const base = { base: root, matcher: IgnorePatterns.parse(options.exclude ?? []) };
      await visit(root, await realpath(root), [base]);
    } else if (info.isFile()) {
      files.push(root);
    } else {
      problems.push({ path: root, message: 'not a regular file: not read' });
    }
  }
  return { files, problems };
}

function ignored(rules: readonly { base: string; matcher: IgnorePatterns }[], full: string, isDirectory: boolean): boolean {
  for (const { base, matcher } of rules) {
    const relative = path.relative(base, full).split(path.sep).join('/');
    if (relative === '' || relative.startsWith('..')) continue;
    if (matcher.ignores(isDirectory ? `${relative}/` : relative)) return true;
  }
  return false;
}

async function loadGitignore(directory: string): Promise<IgnorePatterns | undefined> {
  try {
    const text = await readFile(path.join(directory, '.gitignore'), 'utf8');
    return IgnorePatterns.parse(text);
  } catch {
    return undefined;
  }
}

export function describe(error: unknown): string {
  if (error && typeof error === 'object' && 'code' in error && typeof error.code === 'string') {
    const messages: Record<string, string> = {
      ENOENT: 'no such file or folder',
      EACCES: 'permission denied',
      EISDIR: 'is a folder',
      ELOOP: 'too many symbolic links',
    };
    return messages[error.code] ?? (error instanceof Error ? error.message : error.code);
  }
  return error instanceof Error ? error.message : String(error);
}

function isInside(target: string, root: string): boolean {
  return target === root || target.startsWith(root.endsWith(path.sep) ? root : root + path.sep);
}
