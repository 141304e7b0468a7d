import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { isUnknown, type Unknown } from '../../model/value.js';
import type { CheckOutcome, RuleContext } from '../define-rule.js';
import { VM_TYPES } from './compute.js';
import { coveredBySubscription, evidence, holdsResources, isSubscription, pricing, pricingTier } from './subscription.js';

/** Machines Defender for Servers protects. */
export const MACHINE_TYPES = [...VM_TYPES, 'Microsoft.HybridCompute/machines'] as const;

export type PlanRead = { readonly plan: Resource; readonly tier: string } | CheckOutcome;

/**
 * The Defender plan a per-subscription rule asks about. On a subscription resource: its
 * `Microsoft.Security/pricings/{plan}`, or not assessed when the pricings could not be read. On a
 * pricing a template declares: the pricing itself when it is the plan (other plans are not
 * applicable), and not applicable when a subscription resource already covers it.
 */
export type OutcomeContext = Pick<RuleContext<never, unknown>, 'graph' | 'notAssessed' | 'notApplicable' | 'unknown'>;

export function readPlan(resource: Resource, context: OutcomeContext, plan: string, options: { requireMachines?: boolean } = {}): PlanRead | undefined {
  let found: Resource | undefined;
  if (isSubscription(resource)) {
    const machines = options.requireMachines ? holdsResources(context.graph, resource, MACHINE_TYPES) : true;
    if (machines !== true) return machines ? context.notAssessed(machines.unknown) : context.notApplicable('the subscription has no virtual machines');
    const rows = evidence(context.graph, resource, 'Microsoft.Security/pricings', 'Microsoft.Security/pricings');
    if ('missing' in rows) return context.notAssessed(rows.missing);
    if (rows.length === 0)
      return context.notAssessed(`the input has no Defender for Cloud plans (Microsoft.Security/pricings) for subscription ${resource.name}`);
    found = pricing(context.graph, resource, plan);
    if (!found) return { plan: rows[0] as Resource, tier: 'Free' };
  } else {
    if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
    // A machine's own pricing is not its subscription's plan.
    if (pricingScopeResource(resource) !== undefined) return context.notApplicable('a resource-level pricing: it covers one machine, not the subscription');
    if (resource.name.toLowerCase() !== plan.toLowerCase()) return undefined;
    found = resource;
  }
  const tier: string | Unknown | undefined = pricingTier(found);
  if (isUnknown(tier)) return context.unknown(tier.reason);
  return { plan: found, tier: tier ?? 'Free' };
}

/**
 * The resource a resource-level pricing is scoped to, or undefined for a subscription's plan. A
 * pricing is set on a subscription or on one machine: "Valid scopes are: subscription id or a
 * specific resource id (Supported resources are: 'VirtualMachines, VMSS and ARC Machines' and only
 * for plan='VirtualMachines' and subPlan='P1')" (REST Pricings). Deployed with `scope` (or read
 * from Azure), a machine's pricing has the extension id
 * `{machine id}/providers/Microsoft.Security/pricings/{plan}`: a scope that is itself a resource.
 */
export function pricingScopeResource(pricing: Resource): string | undefined {
  const scope = /^(.*)\/providers\/microsoft\.security\/pricings\/[^/]+$/i.exec(pricing.id)?.[1];
  return scope !== undefined && /\/providers\//i.test(scope) ? scope : undefined;
}

export function isPlanRead(value: PlanRead | undefined): value is Extract<PlanRead, { readonly plan: Resource }> {
  return value !== undefined && 'plan' in value;
}

/**
 * The collector's read of one machine's own Defender for Servers pricing (Pricings_Get on
 * `{machine id}/providers/Microsoft.Security/pricings/VirtualMachines`): its error is noted on the
 * machine, and on the subscription when machines past the collector's limit were not read.
 */
export const MACHINE_PRICING_READ = 'Resource-level Microsoft.Security/pricings';

export type CoverageGap = 'PartiallyCovered' | 'NotCovered';

/**
 * Whether a subscription's Defender for Servers plan does not speak for each of its machines, by
 * its `resourcesCoverageStatus` (API 2024-01-01): "available for subscription-level only, and
 * reflects the coverage status of the resources under the subscription… since the plan status can
 * also be defined at the resource level, there might be misalignment between the subscription's plan
 * status and the resource status" (REST Pricings; ResourcesCoverageStatus FullyCovered,
 * PartiallyCovered, NotCovered). PartiallyCovered: some machines differ from the plan, whatever its
 * tier; NotCovered while the tier is Standard: every machine is excluded. A template or an older
 * snapshot has no status: undefined, as for FullyCovered.
 */
export function coverageGap(plan: Resource): CoverageGap | undefined {
  const status = get(plan, 'properties', 'resourcesCoverageStatus');
  if (typeof status !== 'string') return undefined;
  if (/^partiallycovered$/i.test(status)) return 'PartiallyCovered';
  const tier = get(plan, 'properties', 'pricingTier');
  return /^notcovered$/i.test(status) && typeof tier === 'string' && /^standard$/i.test(tier) ? 'NotCovered' : undefined;
}

/** A machine's own (resource-level) Defender for Servers pricing in the input, if any. */
export function machinePricing(graph: ResourceGraph, machine: Resource): Resource | undefined {
  return graph.get(`${machine.id}/providers/Microsoft.Security/pricings/VirtualMachines`, machine);
}

/**
 * Whether a resource-level pricing only echoes its parent's: Pricings_Get on a machine answers the
 * plan it inherits, with `inherited` "True" and `inheritedFrom` the subscription ("'inherited' =
 * 'True' indicates that the current scope inherits its pricing configuration from its parent").
 */
export function isInheritedPricing(pricing: Resource): boolean {
  const inherited = get(pricing, 'properties', 'inherited');
  return inherited === true || (typeof inherited === 'string' && inherited.toLowerCase() === 'true');
}

/** The words for a coverage gap of subscription `subscription`. */
export function coverageText(subscription: string, gap: CoverageGap): string {
  return `Defender for Servers does not cover every machine of subscription ${subscription} (resourcesCoverageStatus ${gap})`;
}
