/**
 * Appends `items` to `target` one at a time and returns `target`. `target.push(...items)` passes
 * every item as an argument of one call, which overflows the stack past about 120,000 items: a
 * snapshot's rows, a plan's resources, the NICs of one subnet. Lint forbids that spread in src.
 */
export function appendAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
