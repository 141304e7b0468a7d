import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../../model/input.js';
import type { JsonDocument } from '../json/parse.js';
import { compileBicep } from '../bicep/compile.js';
import { describe } from './walk.js';

/** A Bicep file compiled to its ARM template, or why it could not be. */
export interface BicepTemplateRead {
  readonly file: string;
  readonly display: string;
  readonly document?: JsonDocument;
  readonly diagnostics: Diagnostic[];
}

/**
 * Reads and compiles the Bicep file `file`. The files its file functions (`loadTextContent()`…)
 * name are read relative to it, inside `root` (the folder scanned) and at most `maxBytes` each,
 * as linked templates are.
 */
export function readBicepTemplate(file: string, display: (file: string) => string, root: string, maxBytes: number): BicepTemplateRead {
  const shown = display(file);
  const read = readInside(file, root, maxBytes, display);
  if ('error' in read) return { file, display: shown, diagnostics: [{ severity: 'error', message: `Cannot read the file: ${read.error}` }] };
  const compiled = compileBicep(new TextDecoder('utf-8').decode(read.bytes), (relative) =>
    readInside(path.resolve(path.dirname(file), relative), root, maxBytes, display),
  );
  if ('error' in compiled) return { file, display: shown, diagnostics: [compiled.error] };
  return { file, display: shown, document: compiled.document, diagnostics: compiled.diagnostics };
}

function readInside(file: string, root: string, maxBytes: number, display: (file: string) => string): { bytes: Uint8Array } | { error: string } {
  try {
    const real = realpathSync(file);
    if (!real.startsWith(realpathSync(root) + path.sep)) return { error: `${display(file)} is outside the scan root` };
    // Checked before it is opened: a named pipe or a device is never read.
    const info = statSync(real);
    if (!info.isFile()) return { error: `${display(file)} is not a file` };
    if (info.size > maxBytes) return { error: `${display(file)} is over the ${maxBytes}-byte limit` };
    return { bytes: readFileSync(real) };
  } catch (error) {
    return { error: describe(error) };
  }
}
