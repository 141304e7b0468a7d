import path from 'node:path';
import type { Diagnostic } from '../../model/input.js';
import type { JsonDocument } from '../json/parse.js';
import { compileBicep } from '../bicep/compile.js';
import { readInsideRoot } from './inside.js';

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
  const read = readInsideRoot(file, root, maxBytes, display);
  if ('error' in read) return { file, display: shown, diagnostics: [{ severity: 'error', message: `Cannot read the file: ${read.error}` }] };
  const compiled = compileBicep(new TextDecoder('utf-8').decode(read.bytes), (relative) =>
    readInsideRoot(path.resolve(path.dirname(file), relative), root, maxBytes, display),
  );
  if ('error' in compiled) return { file, display: shown, diagnostics: [compiled.error] };
  return { file, display: shown, document: compiled.document, diagnostics: compiled.diagnostics };
}
