import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { CONFIG_FILE_NAMES, parseConfig, type ConfigIssue } from '../config/load.js';
import type { Config } from '../config/schema.js';

export type LoadedConfig =
  | { readonly ok: true; readonly config: Config; readonly file?: string }
  | { readonly ok: false; readonly file: string; readonly issues: readonly ConfigIssue[] };

/** `.azvmsec.yaml` in `start` or the nearest folder above it; undefined when there is none. */
export function findConfigFile(start: string): string | undefined {
  let folder = existsSync(start) && statSync(start).isFile() ? path.dirname(start) : start;
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(folder, name);
      if (existsSync(candidate)) return candidate;
    }
    const parent = path.dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}

/** Reads and validates the configuration: the given file, else the one found upward from `start`, else none. */
export async function loadConfigFile(explicit: string | undefined, start: string, cwd: string): Promise<LoadedConfig> {
  const file = explicit !== undefined ? path.resolve(cwd, explicit) : findConfigFile(start);
  if (file === undefined) return { ok: true, config: {} };
  const shown = path.relative(cwd, file) || file;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { ok: false, file: shown, issues: [{ path: '', message: `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }] };
  }
  const parsed = parseConfig(text);
  return parsed.ok ? { ok: true, config: parsed.config, file: shown } : { ok: false, file: shown, issues: parsed.issues };
}

export function formatIssues(file: string, issues: readonly ConfigIssue[]): string {
  return issues
    .map((issue) => `azvmsec: ${file}${issue.line !== undefined ? `:${issue.line}` : ''}: ${issue.path ? `${issue.path}: ` : ''}${issue.message}\n`)
    .join('');
}
