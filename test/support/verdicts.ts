import { runRules } from '../../src/engine/run.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { RULES } from '../../src/rules/index.js';

const STABLE = RULES.filter((rule) => rule.status === 'stable');

/** Each (rule id, resource id)'s statuses under the stable rules, sorted and joined: an id may be declared more than once. */
export function statusesOf(resources: readonly Resource[]): Map<string, string> {
  const byKey = new Map<string, string[]>();
  for (const evaluation of runRules(new ResourceGraph(resources), STABLE)) {
    const key = `${evaluation.ruleId} ${evaluation.resource.id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), evaluation.status]);
  }
  return new Map([...byKey].map(([key, list]) => [key, list.sort().join(',')]));
}
