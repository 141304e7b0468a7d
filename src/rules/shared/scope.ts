import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parseResourceId } from '../../model/resource-id.js';
import { isUnknown, Unknown } from '../../model/value.js';
import { pushTo } from '../../model/multimap.js';

/**
 * The scope an extension resource (lock, maintenance assignment, role assignment) applies to, in
 * comparison form: its `scope` property (absolute, or the relative `Microsoft.X/type/name` form
 * Bicep writes, read in the resource's own resource group), else the scope of its id. Unknown
 * when the scope is an expression the input cannot evaluate.
 */
export function extensionScope(resource: Resource): string | Unknown {
  const scope = get(resource, 'scope');
  if (isUnknown(scope)) return scope;
  if (typeof scope === 'string' && scope !== '') {
    if (scope.startsWith('/')) return idKey(scope);
    const parsed = parseResourceId(resource.id);
    const base =
      parsed?.resourceGroup !== undefined && parsed.subscriptionId !== undefined
        ? `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`
        : '';
    return idKey(`${base}/providers/${scope}`);
  }
  const parsed = parseResourceId(resource.id);
  if (!parsed) return new Unknown(`the scope of ${resource.type} '${resource.name}' cannot be read from its id`);
  return idKey(parsed.scope);
}

/** The scopes that contain a resource: its subscription, its resource group, its parents and itself (comparison form). */
export function ancestorScopes(resource: Resource): string[] {
  const parts = idKey(resource.id)
    .split('/')
    .filter((part) => part !== '');
  const scopes: string[] = [];
  let index = 0;
  let prefix = '';
  while (index < parts.length) {
    const segment = parts[index] as string;
    if (segment === 'providers') {
      // providers/{namespace}/{type}/{name}[/{type}/{name}]…
      prefix += `/providers/${parts[index + 1] ?? ''}`;
      index += 2;
      continue;
    }
    prefix += `/${segment}/${parts[index + 1] ?? ''}`;
    scopes.push(prefix);
    index += 2;
  }
  return scopes;
}

/**
 * Extension resources of a type whose scope is exactly the given resource (or scope id). Those
 * whose scope cannot be read are not among them: `unreadableScope` tells whether there are any.
 * Where several inputs declare the target's id, those whose scope reads this one (`graph.get` from
 * the extension resource): its own input's, and those of inputs without the id that read it.
 */
export function extensionsOn(graph: ResourceGraph, type: string, target: Resource): { resource: Resource; scope: string }[] {
  return (extensionsByScope(graph, type).get(target.key) ?? [])
    .filter((resource) => graph.reads(resource, target))
    .map((resource) => ({ resource, scope: target.key }));
}

/**
 * Why the scope of an extension resource of a type cannot be read (a parameter without a value),
 * for the first such resource that `matters` (all by default): it may apply to any resource, so a
 * rule that found too few, or few enough, on one cannot decide.
 */
export function unreadableScope(graph: ResourceGraph, type: string, matters: (resource: Resource) => boolean = () => true): Unknown | undefined {
  return unreadableScopes(graph, type).find(({ resource }) => matters(resource))?.unknown;
}

/** Every extension resource of a type whose scope cannot be read, in graph order, with why. */
export function unreadableScopes(graph: ResourceGraph, type: string): readonly { readonly resource: Resource; readonly unknown: Unknown }[] {
  return scopeIndex(graph, type).unreadable;
}

interface ScopeIndex {
  readonly byScope: Map<string, Resource[]>;
  readonly unreadable: readonly { readonly resource: Resource; readonly unknown: Unknown }[];
}

const scopeIndexes = new Map<string, (graph: ResourceGraph) => ScopeIndex>();

/**
 * Extension resources of a type by the scope they apply to (comparison form), in graph order; those
 * whose scope cannot be read are left out (see `unreadableScope`). Read once per graph and type:
 * rules ask per resource.
 */
export function extensionsByScope(graph: ResourceGraph, type: string): ReadonlyMap<string, readonly Resource[]> {
  return scopeIndex(graph, type).byScope;
}

function scopeIndex(graph: ResourceGraph, type: string): ScopeIndex {
  const key = type.toLowerCase();
  let compute = scopeIndexes.get(key);
  if (!compute) {
    compute = (g: ResourceGraph): ScopeIndex => {
      const byScope = new Map<string, Resource[]>();
      const unreadable: { resource: Resource; unknown: Unknown }[] = [];
      for (const resource of g.ofType(type)) {
        const scope = extensionScope(resource);
        if (isUnknown(scope))
          unreadable.push({ resource, unknown: new Unknown(`the scope of ${resource.type} '${resource.name}' is not known (${scope.reason})`) });
        else pushTo(byScope, scope, resource);
      }
      return { byScope, unreadable };
    };
    scopeIndexes.set(key, compute);
  }
  return graph.derive(compute);
}
