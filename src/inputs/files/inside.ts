import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe } from './walk.js';

/**
 * Reads a file another file names (a Bicep module, a base parameter file, a file a file function
 * loads, a bicepconfig.json): only inside `root` (the folder scanned) once symbolic links are
 * followed, only a regular file (checked before it is opened: a named pipe or a device is never
 * read), and at most `maxBytes`.
 */
export function readInsideRoot(file: string, root: string, maxBytes: number, display: (file: string) => string): { bytes: Uint8Array } | { error: string } {
  try {
    const real = realpathSync(file);
    if (!real.startsWith(realpathSync(root) + path.sep)) return { error: `${display(file)} is outside the scan root` };
    const info = statSync(real);
    if (!info.isFile()) return { error: `${display(file)} is not a file` };
    if (info.size > maxBytes) return { error: `${display(file)} is over the ${maxBytes}-byte limit` };
    return { bytes: readFileSync(real) };
  } catch (error) {
    return { error: describe(error) };
  }
}
