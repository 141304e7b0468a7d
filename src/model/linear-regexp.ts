import { setFlagsFromString } from 'node:v8';
import { Unknown } from './value.js';

let linearEngine: boolean | undefined;
/** V8's flag for its automaton engine (a name, so that linters do not read it as a typo). */
const LINEAR = 'l';

/**
 * A pattern from a file, matched in time linear in the text: V8's automaton engine (the `l` flag),
 * which like Terraform's RE2 has no back-references, look-arounds or case folding (the `i` flag).
 * A backtracking match of a pattern such as `(a+)+$` takes seconds at 26 characters and years at
 * 40: a hostile file could hang the scan. Without the automaton engine the pattern is not matched
 * at all (Unknown), never by backtracking.
 */
export function linearRegExp(pattern: string, flags = ''): RegExp | Unknown {
  if (linearEngine === undefined) {
    // Adds the `l` flag to V8 (it changes nothing else); off by default in Node 20.
    setFlagsFromString('--enable-experimental-regexp-engine');
    try {
      linearEngine = new RegExp('a', LINEAR).test('a');
    } catch {
      linearEngine = false;
    }
  }
  if (!linearEngine) return new Unknown('this Node cannot match patterns in linear time');
  try {
    return new RegExp(pattern, flags + LINEAR);
  } catch (error) {
    return new Unknown(error instanceof Error ? error.message : String(error));
  }
}
