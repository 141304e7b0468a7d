/**
 * Templates of one folder that declare the same resources: a hand-written template beside the
 * Bicep file that replaced it, or a template beside the Terraform that now deploys the same
 * resources. Both are checked, each resource where it is declared (and a reference reads the
 * resource of its own input, see `ResourceGraph.get`); an info on the later input says so, since
 * every finding about those resources then comes twice.
 */

import path from 'node:path';
import type { InputKind, InputSummary } from '../model/input.js';
import type { Resource } from '../model/resource.js';

/** Inputs that declare resources (a snapshot lists what exists: it shares ids with templates by design). */
const DECLARING: ReadonlySet<InputKind> = new Set(['arm-template', 'bicep', 'terraform']);

/** How many shared resources an info names. */
const NAMED = 3;

/** Adds to each input that shares resource ids with an earlier input of its folder an info naming them. */
export function noteSharedIds(inputs: InputSummary[], resources: readonly Resource[]): void {
  const declaring = new Set(inputs.filter((input) => DECLARING.has(input.kind)).map((input) => input.path));
  if (declaring.size < 2) return;
  const first = new Map<string, Resource>();
  // By input, then by the input it shares with: the resources both declare.
  const shared = new Map<string, Map<string, Resource[]>>();
  for (const resource of resources) {
    if (!declaring.has(resource.input)) continue;
    const earlier = first.get(resource.key);
    if (earlier === undefined) {
      first.set(resource.key, resource);
      continue;
    }
    if (earlier.input === resource.input || path.posix.dirname(earlier.input) !== path.posix.dirname(resource.input)) continue;
    const [one, other] = earlier.input < resource.input ? [earlier, resource] : [resource, earlier];
    let byOther = shared.get(other.input);
    if (byOther === undefined) shared.set(other.input, (byOther = new Map()));
    const list = byOther.get(one.input) ?? [];
    byOther.set(one.input, list);
    list.push(other);
  }
  if (shared.size === 0) return;
  for (const [index, input] of inputs.entries()) {
    const byOther = shared.get(input.path);
    if (byOther === undefined) continue;
    const notes = [...byOther].map(([other, list]) => ({ severity: 'info' as const, message: sharedMessage(other, list) }));
    inputs[index] = { ...input, diagnostics: [...input.diagnostics, ...notes] };
  }
}

function sharedMessage(other: string, list: readonly Resource[]): string {
  const named = list.slice(0, NAMED).map((resource) => `${resource.type} '${resource.name}'`);
  const more = list.length > NAMED ? `, and ${list.length - NAMED} more` : '';
  return (
    `declares ${list.length} resource${list.length === 1 ? '' : 's'} that ${path.posix.basename(other)} in the same folder also declares (${named.join(', ')}${more}): ` +
    'both are checked, each as its own input writes it, so findings about them come from both'
  );
}
