import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { parseResourceId } from '../../model/resource-id.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../model/value.js';
import { pushTo } from '../../model/multimap.js';

/**
 * Per-subscription evidence. A snapshot or a live scan carries one `Microsoft.Resources/subscriptions`
 * resource per subscription (Resource Graph `resourcecontainers`); per-subscription rules evaluate on
 * it and gather the subscription's evidence (Defender pricings, settings, security contacts,
 * diagnostic settings) by id prefix. A template has no subscription resource: the same rules then
 * evaluate the evidence resources the template declares, each on its own.
 */
export const SUBSCRIPTION_TYPE = 'Microsoft.Resources/subscriptions';

/** The subscription id of a resource (or of a subscription resource). */
export function subscriptionIdOf(resource: Resource): string | undefined {
  const match = /^\/subscriptions\/([^/]+)/i.exec(resource.id);
  return match?.[1];
}

export function isSubscription(resource: Resource): boolean {
  return resource.type.toLowerCase() === SUBSCRIPTION_TYPE.toLowerCase();
}

/** Whether the graph holds the subscription resource of this resource's subscription (so the subscription evaluation covers it). */
export function coveredBySubscription(graph: ResourceGraph, resource: Resource): boolean {
  const id = subscriptionIdOf(resource);
  return id !== undefined && graph.get(`/subscriptions/${id}`) !== undefined;
}

/** Resources of a type in a subscription (by id prefix). */
export function inSubscription(graph: ResourceGraph, subscription: Resource, type: string): Resource[] {
  const prefix = `${subscription.key}/`;
  // Per-subscription rules ask this for every subscription: one pass per type, grouped by subscription.
  if (!/^\/subscriptions\/[^/]+$/.test(subscription.key)) return graph.ofType(type).filter((resource) => resource.key.startsWith(prefix));
  return [...(bySubscription(graph, type).get(subscription.key) ?? [])];
}

const subscriptionIndexes = new Map<string, (graph: ResourceGraph) => Map<string, Resource[]>>();

/** Resources of a type by the key of the subscription their id is in, in graph order. */
function bySubscription(graph: ResourceGraph, type: string): Map<string, Resource[]> {
  const key = type.toLowerCase();
  let compute = subscriptionIndexes.get(key);
  if (!compute) {
    compute = (g: ResourceGraph): Map<string, Resource[]> => {
      const index = new Map<string, Resource[]>();
      for (const resource of g.ofType(type)) {
        const match = /^\/subscriptions\/[^/]+(?=\/)/.exec(resource.key);
        if (!match) continue;
        pushTo(index, match[0], resource);
      }
      return index;
    };
    subscriptionIndexes.set(key, compute);
  }
  return graph.derive(compute);
}

/**
 * Why an ARM read for the subscription failed, when it did (`azvmsecUnreadable`, written by the
 * snapshot reader from the collection errors). `operation` is a collector operation name such as
 * `Microsoft.Security/pricings`.
 */
export function unreadable(resource: Resource, operation: string): string | undefined {
  const map = get(resource, 'azvmsecUnreadable');
  if (!isObject(map)) return undefined;
  const all = map['*'];
  if (typeof all === 'string') return all;
  for (const [key, reason] of Object.entries(map)) if (key.toLowerCase().startsWith(operation.toLowerCase()) && typeof reason === 'string') return reason;
  return undefined;
}

/**
 * The Resource Graph tables `azvmsec collect` reads, one query each; each alone holds some types:
 * `securityresources` Defender for Cloud assessments; `authorizationresources` role assignments,
 * classic administrators and custom role definitions; `recoveryservicesresources` backup policies
 * and protected items; `patchassessmentresources` patch assessment results; `maintenanceresources`
 * maintenance configuration assignments; `policyresources` policy assignments and exemptions;
 * `insightsresources` data collection rule associations; `networkresources` firewall policy rule
 * collection groups; `resources` the rest (VMs, networks, vaults, workspaces, alerts…).
 */
export type ResourceGraphTable = (typeof TABLES)[number];

const TABLES = [
  'resources',
  'securityresources',
  'authorizationresources',
  'recoveryservicesresources',
  'patchassessmentresources',
  'maintenanceresources',
  'policyresources',
  'insightsresources',
  'networkresources',
] as const;

/**
 * Why Resource Graph table `table` was not read in full for the subscription `resource` sits in (for
 * a subscription resource, itself), when it was not: the query failed, was cut short, or the sign-in
 * failed, and the snapshot reader noted it on each subscription the query covered. The table's rows
 * missing there then prove nothing: a rule that would pass or fail on their absence is unknown.
 * Undefined where the input has no subscription resource (templates, exports) or read the table.
 */
export function unreadTable(graph: ResourceGraph, resource: Resource, table: ResourceGraphTable): string | undefined {
  if (isSubscription(resource)) return unreadable(resource, table);
  const id = subscriptionIdOf(resource);
  const subscription = id === undefined ? undefined : graph.get(`/subscriptions/${id}`);
  return subscription ? unreadable(subscription, table) : undefined;
}

/**
 * Why Resource Graph table `table` was not read in full for some subscription of the input, when
 * so: for rules that look across subscriptions (a role held in any of them, a Sentinel workspace in
 * any of them). Read once per graph.
 */
export function unreadTableAnywhere(graph: ResourceGraph, table: ResourceGraphTable): string | undefined {
  return graph.derive(unreadTables).get(table);
}

/** The first reason each table was not read in full, over the subscription resources of the graph. */
function unreadTables(graph: ResourceGraph): Map<string, string> {
  const found = new Map<string, string>();
  for (const subscription of graph.ofType(SUBSCRIPTION_TYPE)) {
    const notes = get(subscription, 'azvmsecUnreadable');
    if (!isObject(notes)) continue;
    for (const table of TABLES) {
      const reason = unreadable(subscription, table);
      if (reason !== undefined && !found.has(table)) found.set(table, reason);
    }
  }
  return found;
}

/** Whether the subscription holds resources of any of these types. */
export function hasResources(graph: ResourceGraph, subscription: Resource, types: readonly string[]): boolean {
  return types.some((type) => inSubscription(graph, subscription, type).length > 0);
}

/**
 * Whether the subscription holds resources of any of these types (rows of Resource Graph
 * `resources`), or why that is not known: none are in the input, and the table was not read in
 * full for the subscription.
 */
export function holdsResources(graph: ResourceGraph, subscription: Resource, types: readonly string[]): boolean | { unknown: string } {
  if (hasResources(graph, subscription, types)) return true;
  const unread = unreadTable(graph, subscription, 'resources');
  return unread === undefined ? false : { unknown: unread };
}

/** A Defender for Cloud plan (`Microsoft.Security/pricings/{name}`) of a subscription. */
export function pricing(graph: ResourceGraph, subscription: Resource, plan: string): Resource | undefined {
  return graph.get(`${subscription.id}/providers/Microsoft.Security/pricings/${plan}`);
}

/** The subscription's own ARM items of a provider type (`{subscription}/providers/{type}/{name}`), not those of its resources. */
export function subscriptionItems(graph: ResourceGraph, subscription: Resource, type: string): Resource[] {
  const prefix = `${subscription.key}/providers/${type.toLowerCase()}/`;
  return inSubscription(graph, subscription, type).filter((resource) => resource.key.startsWith(prefix) && !resource.key.slice(prefix.length).includes('/'));
}

/**
 * The evidence rows of a collector operation for a subscription, or why there are none that can be
 * trusted: the read failed (with the missing role), or the input holds none at all.
 */
export function evidence(graph: ResourceGraph, subscription: Resource, type: string, operation: string): Resource[] | { missing: string } {
  const items = subscriptionItems(graph, subscription, type);
  if (items.length > 0) return items;
  const failed = unreadable(subscription, operation);
  if (failed) return { missing: failed };
  return items;
}

/** The plan's tier (`Free` / `Standard`), Unknown when the input cannot tell. */
export function pricingTier(resource: Resource): string | Unknown | undefined {
  const tier = get(resource, 'properties', 'pricingTier');
  if (isUnknown(tier)) return tier;
  return typeof tier === 'string' ? tier : undefined;
}

/** Whether a plan extension (`AgentlessVmScanning`, `MdeDesignatedSubscription`, …) is enabled. */
export function pricingExtension(resource: Resource, name: string): boolean | Unknown | undefined {
  const extensions = get(resource, 'properties', 'extensions');
  if (isUnknown(extensions)) return extensions;
  if (!Array.isArray(extensions)) return undefined;
  for (const extension of extensions) {
    if (!isObject(extension) || typeof extension['name'] !== 'string' || extension['name'].toLowerCase() !== name.toLowerCase()) continue;
    const enabled: Value | undefined = extension['isEnabled'];
    if (isUnknown(enabled)) return enabled;
    return enabled === true || (typeof enabled === 'string' && enabled.toLowerCase() === 'true');
  }
  return false;
}

/** The subscription a (non-subscription) resource sits in, for messages. */
export function subscriptionLabel(resource: Resource): string {
  if (isSubscription(resource)) {
    const display = get(resource, 'properties', 'displayName') ?? get(resource, 'name');
    return typeof display === 'string' && display !== '' ? display : resource.name;
  }
  return parseResourceId(resource.id)?.subscriptionId ?? resource.id;
}
