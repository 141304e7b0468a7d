import { nodeAt, type JsonNode } from '../json/parse.js';
import type { SourceLocation, SourceMap } from '../../model/source.js';
import { escapePointerToken, parsePointer } from '../../model/value.js';

/**
 * Source map of a resource read from a JSON file: a pointer inside the resource is looked up in
 * the resource's own parse node; where the expanded resource has no written counterpart (a value
 * produced by an expression), the nearest written ancestor answers.
 */
export function jsonSourceMap(file: string, node: JsonNode, nodePointer: string): SourceMap {
  return {
    file,
    locate(pointer: string): SourceLocation {
      const tokens = parsePointer(pointer);
      const { node: found, depth } = nodeAt(node, tokens);
      const written = tokens.slice(0, depth).map(escapePointerToken).join('/');
      return { file, line: found.line, column: found.column, pointer: written === '' ? nodePointer : `${nodePointer}/${written}` };
    },
  };
}
