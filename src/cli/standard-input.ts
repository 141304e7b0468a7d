import { STANDARD_INPUT } from '../inputs/files/streams.js';
import type { CliIo } from './main.js';

/**
 * Why the paths cannot name standard input (`-`) here, or undefined when they need not or can:
 * it is read once, so named once, and never from a terminal, where the command would wait for typing.
 */
export function standardInputRefusal(paths: readonly string[], io: CliIo): string | undefined {
  if (!paths.includes(STANDARD_INPUT)) return undefined;
  if (paths.indexOf(STANDARD_INPUT) !== paths.lastIndexOf(STANDARD_INPUT)) return 'standard input (-) can be read once only: name it once';
  if (io.stdin === undefined) return 'standard input (-) is not available here';
  if (io.stdinIsTty) return 'standard input (-) is a terminal: pipe a snapshot, an export or a template into it (`az graph query … -o json | azvmsec scan -`)';
  return undefined;
}
