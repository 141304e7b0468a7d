import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '../../src/cli/main.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS = path.resolve(ROOT, '../shared/corpus');

/** Runs the CLI in-process with captured output, from the repository root unless told otherwise. */
export async function cli(
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; isTty?: boolean; stdin?: AsyncIterable<Uint8Array>; stdinIsTty?: boolean } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: options.env ?? {},
    cwd: options.cwd ?? ROOT,
    isTty: options.isTty ?? false,
    ...(options.stdin ? { stdin: options.stdin } : {}),
    ...(options.stdinIsTty !== undefined ? { stdinIsTty: options.stdinIsTty } : {}),
  });
  return { code, stdout, stderr };
}
