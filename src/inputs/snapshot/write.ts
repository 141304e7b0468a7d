import type { Snapshot } from './schema.js';

/**
 * A snapshot's JSON text in chunks, a resource row a line, never one string: V8 holds at most
 * 512 MB in a string, and a tenant of 50,000 VMs already makes a 484 MB snapshot. Parsed, the text
 * is the snapshot (`JSON.parse(chunks.join(''))` equals it); the format stays the first key, where
 * the file reader looks for it.
 */
export function* snapshotChunks(snapshot: Snapshot): Generator<string, void, undefined> {
  let separator = '{';
  for (const [key, value] of Object.entries(snapshot)) {
    if (value === undefined) continue;
    if (key === 'resources') {
      yield `${separator}"resources":[`;
      let rowSeparator = '\n';
      for (const row of snapshot.resources) {
        yield rowSeparator + JSON.stringify(row);
        rowSeparator = ',\n';
      }
      yield snapshot.resources.length > 0 ? '\n]' : ']';
    } else {
      yield `${separator}${JSON.stringify(key)}:${JSON.stringify(value)}`;
    }
    separator = ',';
  }
  yield separator === '{' ? '{}\n' : '}\n';
}
