import type { ResourceGraph } from '../../model/graph.js';
import { at, get, type Resource } from '../../model/resource.js';
import { asString, isUnknown, Unknown } from '../../model/value.js';

/** A firewall's policy and the base policies it inherits from, child first. */
export interface PolicyChain {
  readonly policies: readonly Resource[];
}

/**
 * The Firewall Policy of an Azure Firewall with its base policies (child first). Undefined when
 * the firewall uses classic rules; Unknown when a policy cannot be followed.
 */
export function firewallPolicyChain(graph: ResourceGraph, firewall: Resource): PolicyChain | Unknown | undefined {
  const first = graph.resolve(get(firewall, 'properties', 'firewallPolicy'), firewall);
  if (first === undefined || isUnknown(first)) return first;
  const policies: Resource[] = [first];
  for (let depth = 0; depth < 8; depth++) {
    const current = policies[policies.length - 1] as Resource;
    const base = graph.resolve(get(current, 'properties', 'basePolicy'), current);
    if (base === undefined) break;
    if (isUnknown(base)) return new Unknown(`base policy of '${current.name}': ${base.reason}`);
    if (policies.some((policy) => policy.key === base.key)) break;
    policies.push(base);
  }
  return { policies };
}

/**
 * The strictest of a mode written along a policy chain (a child policy cannot relax its parent),
 * with where the deciding value is written. Modes are ranked by `order`, weakest first.
 */
export function strictestMode(
  chain: PolicyChain,
  path: readonly string[],
  order: readonly string[],
  fallback: string,
): { mode: string; resource: Resource; pointer: string } | Unknown {
  let best: { mode: string; resource: Resource; pointer: string } | undefined;
  for (const policy of chain.policies) {
    const found = at(policy, ...path);
    const value = asString(found.value);
    if (isUnknown(value)) return value;
    if (value === undefined) continue;
    const rank = order.findIndex((mode) => mode.toLowerCase() === value.toLowerCase());
    if (best === undefined || rank > order.findIndex((mode) => mode.toLowerCase() === best?.mode.toLowerCase()))
      best = { mode: order[rank] ?? value, resource: policy, pointer: found.pointer };
  }
  const child = chain.policies[0] as Resource;
  return best ?? { mode: fallback, resource: child, pointer: '' };
}

/** The firewall tier (`properties.sku.tier`), Standard when not written. */
export function firewallTier(firewall: Resource): string | Unknown {
  const tier = asString(get(firewall, 'properties', 'sku', 'tier'));
  return tier ?? 'Standard';
}

/**
 * Where a firewall shows it is the Basic tier (threat intelligence in alert mode only, no DNS
 * proxy): its own `properties.sku.tier`, or that of its policy (a Basic firewall takes a Basic
 * policy). Undefined for the other tiers; Unknown when a tier cannot be read.
 */
export function basicTier(firewall: Resource, chain: PolicyChain | undefined): { resource: Resource; pointer: string } | undefined | Unknown {
  for (const resource of [firewall, ...(chain?.policies.slice(0, 1) ?? [])]) {
    const written = at(resource, 'properties', 'sku', 'tier');
    const tier = asString(written.value);
    if (isUnknown(tier)) return tier;
    if (tier?.toLowerCase() === 'basic') return { resource, pointer: written.pointer };
  }
  return undefined;
}
