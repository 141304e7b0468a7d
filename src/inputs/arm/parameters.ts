import type { Diagnostic } from '../../model/input.js';
import { Unknown, type Value } from '../../model/value.js';
import type { JsonDocument, JsonValue } from '../json/parse.js';

/** Values from a parameter file; Key Vault references are Unknown (resolved only at deployment). */
export function readArmParameters(document: JsonDocument): { values: Map<string, Value>; diagnostics: Diagnostic[] } {
  const values = new Map<string, Value>();
  const diagnostics: Diagnostic[] = [];
  const root = document.value;
  const parameters = isPlainObject(root) ? root['parameters'] : undefined;
  if (!isPlainObject(parameters)) {
    diagnostics.push({ severity: 'warning', message: 'The parameter file has no parameters object', line: 1, column: 1 });
    return { values, diagnostics };
  }
  for (const [name, entry] of Object.entries(parameters)) {
    if (!isPlainObject(entry)) continue;
    if (entry['reference'] !== undefined) values.set(name, new Unknown(`parameter '${name}' is a Key Vault reference, resolved only at deployment`));
    else if (entry['value'] !== undefined) values.set(name, entry['value'] as Value);
  }
  return { values, diagnostics };
}

function isPlainObject(value: unknown): value is { [key: string]: JsonValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
