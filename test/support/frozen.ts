import type { Resource } from '../../src/model/resource.js';

/**
 * Freezes every resource body, deep: rules and analyses read the input and never write to it, and
 * with the bodies frozen a write throws (modules are strict) and the rule's evaluation is an error.
 */
export function freezeBodies(resources: readonly Resource[]): void {
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object' || seen.has(value)) return;
    seen.add(value);
    Object.freeze(value);
    for (const key of Object.keys(value)) visit((value as Record<string, unknown>)[key]);
  };
  for (const resource of resources) visit(resource.body);
}
