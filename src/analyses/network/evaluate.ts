import type { Resource } from '../../model/resource.js';
import type { AdminRule } from './admin-rules.js';
import { isUnknown, type Unknown } from '../../model/value.js';
import { ALL_IP, UNIVERSE } from './addresses.js';
import { IntervalSet } from './interval-set.js';
import { formatAddressItems, nsgRules, type Access, type AddressItem, type Direction, type NsgRule } from './nsg-rules.js';
import { ALL_PORTS, ALL_PROTOCOLS, formatPorts, formatProtocols, type ProtocolSet } from './ports.js';

/** Every answer is tri-state: proven reachable, proven unreachable, or not decidable from the input. */
export type Verdict = 'reachable' | 'unreachable' | 'unknown';

/** Where an NSG is attached on the path. */
export type Attachment = 'subnet' | 'nic';

/** A rule that decided (part of) a verdict, with what is needed to show and locate it. */
export interface RuleRef {
  readonly nsgId: string;
  readonly nsgName: string;
  readonly attachment: Attachment;
  readonly name: string;
  readonly priority: number | undefined;
  readonly access: Access | undefined;
  readonly direction: Direction | undefined;
  /** JSON pointer of the rule inside the NSG resource (`locate(nsg, pointer)`); undefined for default rules. */
  readonly pointer: string | undefined;
  readonly isDefault: boolean;
  /** The rule's remote side as written (source for inbound, destination for outbound). */
  readonly remote: string;
  /** Kinds of the remote entries: `any`, `internet`, `virtual-network`, `tag`, `cidr`, `asg`, `unknown`. */
  readonly remoteKinds: readonly AddressItem['kind'][];
  /** The service tags of the remote side other than Internet and VirtualNetwork (`AzureCloud`, `Storage.WestUS`), as written. */
  readonly remoteTags: readonly string[];
  readonly ports: string;
  /** The ports the rule names, as written (undefined when not known). */
  readonly portSet: IntervalSet | undefined;
  readonly protocol: string;
}

/** A part of the traffic space with one verdict: remote addresses × destination ports × protocols. */
export interface Flow {
  readonly remote: IntervalSet;
  readonly ports: IntervalSet;
  readonly protocols: ProtocolSet;
  readonly verdict: Verdict;
  /** The deciding rule of each NSG on the way, in evaluation order. */
  readonly steps: readonly RuleRef[];
  /**
   * Rules above a deciding one that may match the traffic (a setting not known). In a flow whose
   * verdict is known they would give the same verdict: it stands, but which rule decides it is not
   * known. In an unknown flow they are what would decide it otherwise (an Allow that may match
   * above the Deny in its steps, say).
   */
  readonly maybeDeciders: readonly MaybeDecider[];
  /** Why the verdict is unknown. */
  readonly reason?: string;
}

/** A rule that may decide a flow in place of the one in its steps, and why that is not known. */
export interface MaybeDecider {
  readonly rule: RuleRef;
  readonly reason: string;
}

/** How the remote side of a rule resolves: addresses it surely covers, and addresses it may cover. */
export interface AddressResolution {
  readonly definite: IntervalSet;
  readonly maybe: IntervalSet;
  readonly reason?: string;
  /**
   * For `VirtualNetwork` (inside) and `Internet` (outside): the maybe addresses are in exactly one
   * of the two, so a rule for each, both of which may match, together surely match.
   */
  readonly side?: Side;
}

/** Which side of a VNet's `VirtualNetwork` tag (`of`, its resolution) a maybe lies on. */
export interface Side {
  readonly of: object;
  readonly inside: boolean;
}

/** Whether the VM side of a rule (destination inbound, source outbound) includes the VM's address. */
export type SelfMatch = { readonly kind: 'yes' } | { readonly kind: 'no' } | { readonly kind: 'maybe'; readonly reason: string };

/** What the evaluator needs to know about where an NSG sits. */
export interface EvaluationContext {
  /**
   * Resolves a remote entry (tag, CIDR, ASG) to addresses. `from` is the NSG (or security admin
   * configuration) whose rule names it: an ASG is the one its input declares, where several inputs
   * declare the id (`ResourceGraph.referenceKey`).
   */
  remote(item: AddressItem, from?: Resource): AddressResolution;
  /** Whether the VM side of a rule matches the VM's address. */
  self(items: readonly AddressItem[]): SelfMatch;
}

/** An NSG on the path: resolved, not attached (absent from the chain), or not knowable. */
export type ChainElement = { readonly attachment: Attachment; readonly nsg: Resource | Unknown };

/** How reasons name an NSG by where it is attached. */
const NSG_OF: Readonly<Record<Attachment, string>> = { subnet: 'subnet NSG', nic: 'NIC NSG' };

interface Box {
  readonly remote: IntervalSet;
  readonly ports: IntervalSet;
  readonly protocols: ProtocolSet;
}

interface Maybe extends MaybeDecider {
  readonly access: Access | 'unknown';
  readonly side?: Side;
}

interface Pending extends Box {
  readonly incoming: Flow;
  readonly maybes: readonly Maybe[];
}

interface Piece extends Box {
  readonly certain: boolean;
  readonly reason?: string;
  /** An uncertain piece whose only doubt is which side of `VirtualNetwork` its addresses are on. */
  readonly side?: Side;
}

interface PreparedRule {
  readonly ref: RuleRef;
  readonly priority: number;
  readonly access: Access | 'unknown';
  readonly pieces: readonly Piece[];
}

/**
 * How many times one chain evaluation may compare a part of the traffic with a rule. Azure allows
 * 1,000 rules per NSG; such an NSG with scattered prefixes and ports takes about 400,000 (about a
 * second). An input past Azure's limits (hostile, or not from Azure) can take quadratic time and
 * more: past this bound its answer is unknown, with the reason, instead of minutes of work.
 */
export const MAX_CHAIN_STEPS = 1_000_000;

/** What is left of a chain evaluation's comparisons. */
export interface StepBudget {
  steps: number;
}

class TooComplex extends Error {}

/** The whole traffic space, all allowed so far: where a chain evaluation starts. */
export function startFlow(): Flow {
  return flow({ remote: UNIVERSE, ports: ALL_PORTS, protocols: ALL_PROTOCOLS }, 'reachable', [], NO_MAYBE_DECIDERS);
}

function intersect(a: Box, b: Box): Box | undefined {
  const protocols = a.protocols & b.protocols;
  if (protocols === 0) return undefined;
  // Most parts miss most rules: find out without building the intersections.
  if (!a.ports.overlaps(b.ports) || !a.remote.overlaps(b.remote)) return undefined;
  const remote = a.remote.intersect(b.remote);
  if (remote.isEmpty()) return undefined;
  const ports = a.ports.intersect(b.ports);
  if (ports.isEmpty()) return undefined;
  return { remote, ports, protocols };
}

/** Adds `a − b` to `out` as disjoint parts that keep `a`'s history. */
function subtract(a: Pending, b: Box, out: Pending[]): void {
  const { incoming, maybes } = a;
  const outside = a.remote.subtract(b.remote);
  if (!outside.isEmpty()) out.push({ remote: outside, ports: a.ports, protocols: a.protocols, incoming, maybes });
  const inside = a.remote.intersect(b.remote);
  if (inside.isEmpty()) return;
  const otherPorts = a.ports.subtract(b.ports);
  if (!otherPorts.isEmpty()) out.push({ remote: inside, ports: otherPorts, protocols: a.protocols, incoming, maybes });
  const ports = a.ports.intersect(b.ports);
  const protocols = a.protocols & ~b.protocols;
  if (!ports.isEmpty() && protocols !== 0) out.push({ remote: inside, ports, protocols, incoming, maybes });
}

const ruleRefs = new WeakMap<NsgRule, Map<string, RuleRef>>();

/**
 * The rule as shown and located in findings; one object per rule, attachment and direction, shared
 * by every chain the rule is evaluated in (a subnet NSG's rules are prepared for each distinct VM
 * side, and each ref spells the rule's addresses, ports and protocols).
 */
function ruleRef(rule: NsgRule, attachment: Attachment, direction: Direction): RuleRef {
  let refs = ruleRefs.get(rule);
  if (!refs) {
    refs = new Map();
    ruleRefs.set(rule, refs);
  }
  const key = `${attachment} ${direction}`;
  let ref = refs.get(key);
  if (!ref) {
    ref = makeRuleRef(rule, attachment, direction);
    refs.set(key, ref);
  }
  return ref;
}

/** Shared by the refs of rules that name no service tag (most of them). */
const NO_TAGS: readonly string[] = Object.freeze([]);

function makeRuleRef(rule: NsgRule, attachment: Attachment, direction: Direction): RuleRef {
  const remote = direction === 'Inbound' ? rule.source : rule.destination;
  return {
    nsgId: rule.nsg.id,
    nsgName: rule.nsg.name,
    attachment,
    name: rule.name,
    priority: isUnknown(rule.priority) ? undefined : rule.priority,
    access: isUnknown(rule.access) ? undefined : rule.access,
    direction: isUnknown(rule.direction) ? undefined : rule.direction,
    pointer: rule.pointer,
    isDefault: rule.isDefault,
    remote: formatAddressItems(remote),
    remoteKinds: [...new Set(remote.map((item) => item.kind))],
    remoteTags: remote.some((item) => item.kind === 'tag') ? remote.flatMap((item) => (item.kind === 'tag' ? [item.name] : [])) : NO_TAGS,
    ports: isUnknown(rule.ports) ? '(unknown)' : formatPorts(rule.ports),
    portSet: isUnknown(rule.ports) ? undefined : rule.ports,
    protocol: isUnknown(rule.protocols) ? '(unknown)' : formatProtocols(rule.protocols),
  };
}

/** Turns a rule into boxes it surely matches and boxes it may match, for one direction and one VM. */
function prepare(rule: NsgRule, attachment: Attachment, direction: Direction, context: EvaluationContext): PreparedRule | undefined {
  if (!isUnknown(rule.direction) && rule.direction !== direction) return undefined;
  const reasons: string[] = [];
  const note = (value: { reason: string }): void => {
    reasons.push(value.reason);
  };
  if (isUnknown(rule.direction)) note(rule.direction);
  const access: Access | 'unknown' = isUnknown(rule.access) ? 'unknown' : rule.access;
  if (isUnknown(rule.access)) note(rule.access);
  if (isUnknown(rule.priority)) note(rule.priority);
  // Source ports: a client picks its own, so a rule limited to some source ports still admits an
  // attacker when it allows, and does not stop one when it denies.
  if (rule.allSourcePorts === false && access === 'Deny') return undefined;
  if (isUnknown(rule.allSourcePorts) && access !== 'Allow') note(rule.allSourcePorts);
  const self = context.self(direction === 'Inbound' ? rule.destination : rule.source);
  if (self.kind === 'no') return undefined;
  if (self.kind === 'maybe') note(self);
  const ports = isUnknown(rule.ports) ? ALL_PORTS : rule.ports;
  if (isUnknown(rule.ports)) note(rule.ports);
  const protocols = isUnknown(rule.protocols) ? ALL_PROTOCOLS : rule.protocols;
  if (isUnknown(rule.protocols)) note(rule.protocols);
  // Merged all at once: one at a time, a rule with thousands of prefixes took time quadratic in them.
  const definites: IntervalSet[] = [];
  const maybes: IntervalSet[] = [];
  let maybeReason: string | undefined;
  // The side of VirtualNetwork every maybe is on, when they all share one.
  let side: Side | undefined | null;
  for (const item of direction === 'Inbound' ? rule.source : rule.destination) {
    const resolved = context.remote(item, rule.nsg);
    definites.push(resolved.definite);
    maybes.push(resolved.maybe);
    if (resolved.maybe.isEmpty()) continue;
    maybeReason ??= resolved.reason;
    if (!resolved.side) side = null;
    else if (side === undefined) side = resolved.side;
    else if (side !== null && (side.of !== resolved.side.of || side.inside !== resolved.side.inside)) side = null;
  }
  const definite = IntervalSet.unionAll(definites);
  const maybe = IntervalSet.unionAll(maybes).subtract(definite);
  const ref = ruleRef(rule, attachment, direction);
  const pieces: Piece[] = [];
  const certain = reasons.length === 0;
  if (!definite.isEmpty()) pieces.push({ remote: definite, ports, protocols, certain, ...(certain ? {} : { reason: reasons[0] as string }) });
  if (!maybe.isEmpty()) {
    const reason = reasons[0] ?? maybeReason ?? 'the rule may match';
    pieces.push(
      certain && side ? { remote: maybe, ports, protocols, certain: false, reason, side } : { remote: maybe, ports, protocols, certain: false, reason },
    );
  }
  return { ref, priority: isUnknown(rule.priority) ? -1 : rule.priority, access, pieces };
}

/** Runs one NSG over the flows that reach it: first match by priority decides each part. */
export function evaluateNsg(
  nsg: Resource,
  attachment: Attachment,
  direction: Direction,
  flows: readonly Flow[],
  context: EvaluationContext,
  budget: StepBudget = { steps: MAX_CHAIN_STEPS },
): Flow[] {
  // A rule of unknown priority may come first: it is applied first, as a "maybe".
  const prepared = nsgRules(nsg)
    .map((rule) => prepare(rule, attachment, direction, context))
    .filter((rule): rule is PreparedRule => rule !== undefined)
    .sort((a, b) => a.priority - b.priority);
  const decided: Flow[] = [];
  let pending: Pending[] = [];
  for (const flow of flows) {
    if (flow.verdict === 'unreachable') decided.push(flow);
    else pending.push({ remote: flow.remote, ports: flow.ports, protocols: flow.protocols, incoming: flow, maybes: [] });
  }
  for (const rule of prepared) {
    for (const piece of rule.pieces) {
      budget.steps -= pending.length;
      if (budget.steps < 0) throw new TooComplex();
      // Most rules miss most parts: the list is copied only from the first part a rule hits.
      let next: Pending[] | undefined;
      for (let index = 0; index < pending.length; index++) {
        const part = pending[index] as Pending;
        const hit = intersect(part, piece);
        if (!hit) {
          next?.push(part);
          continue;
        }
        next ??= pending.slice(0, index);
        subtract(part, piece, next);
        if (!piece.certain && !completes(part.maybes, piece.side)) {
          const reason = `${rule.ref.name} in ${nsg.name}: ${piece.reason ?? ''}`;
          const maybe: Maybe = piece.side ? { access: rule.access, rule: rule.ref, reason, side: piece.side } : { access: rule.access, rule: rule.ref, reason };
          next.push({ remote: hit.remote, ports: hit.ports, protocols: hit.protocols, incoming: part.incoming, maybes: [...part.maybes, maybe] });
          continue;
        }
        decided.push(decide(hit, part, rule));
      }
      if (next) pending = next;
    }
  }
  // The default DenyAll rules cover everything; anything left is denied all the same.
  return decided.concat(pending.map((part) => flow(part, 'unreachable', part.incoming.steps, part.incoming.maybeDeciders)));
}

/**
 * Whether a rule that may match only as far as its addresses are on one side of `VirtualNetwork`
 * meets, above it, one for the other side: between them they surely match (an address is in the
 * VNet or it is Internet), and the rule decides as if it surely did, the one above among the
 * maybes (`decide` finds a conflict where their access differs).
 */
function completes(maybes: readonly Maybe[], side: Side | undefined): boolean {
  return side !== undefined && maybes.some((maybe) => maybe.side?.of === side.of && maybe.side.inside !== side.inside);
}

/**
 * A flow as one object literal: every flow has one of two shapes. (A spread followed by new
 * properties gives each object a hidden class of its own: megabytes on a large estate.)
 */
function flow(box: Box, verdict: Verdict, steps: readonly RuleRef[], maybeDeciders: readonly MaybeDecider[], reason?: string): Flow {
  const { remote, ports, protocols } = box;
  return reason === undefined
    ? { remote, ports, protocols, verdict, steps, maybeDeciders }
    : { remote, ports, protocols, verdict, steps, maybeDeciders, reason };
}

/** Shared by every flow that no rule of unknown match came before. */
const NO_MAYBE_DECIDERS: readonly MaybeDecider[] = Object.freeze([]);

/**
 * A flow that is kept (a chain's answer, shared by every VM that gets it), with its sets made the
 * one kept set of their value. Only a chain's last flows are kept: the flows between its NSGs are
 * cut further by the next one, and sharing their sets was work for nothing.
 */
function kept(part: Flow): Flow {
  const remote = IntervalSet.shared(part.remote);
  const ports = IntervalSet.shared(part.ports);
  return remote === part.remote && ports === part.ports
    ? part
    : flow({ remote, ports, protocols: part.protocols }, part.verdict, part.steps, part.maybeDeciders, part.reason);
}

function decide(hit: Box, part: Pending, rule: PreparedRule): Flow {
  // concat allocates the exact length (a spread leaves a growing array's slack; flows are kept).
  const steps = part.incoming.steps.concat(rule.ref);
  const conflict = part.maybes.find((maybe) => maybe.access !== rule.access);
  const incoming = part.incoming;
  if (conflict) return flow(hit, 'unknown', steps, incoming.maybeDeciders.concat(conflict), conflict.reason);
  // Rules above that may match and would give the same verdict: it stands, and they are named.
  const maybeDeciders = part.maybes.length === 0 ? incoming.maybeDeciders : incoming.maybeDeciders.concat(part.maybes);
  if (rule.access === 'Deny') return flow(hit, 'unreachable', steps, maybeDeciders);
  return incoming.verdict === 'unknown' ? flow(hit, 'unknown', steps, maybeDeciders, incoming.reason ?? '') : flow(hit, 'reachable', steps, maybeDeciders);
}

/**
 * Runs the NSGs of a path in order (inbound: subnet then NIC; outbound: NIC then subnet). A Deny
 * anywhere is final; an Allow goes on to the next NSG. With no NSG at all, everything is allowed.
 */
export function evaluateChain(chain: readonly ChainElement[], direction: Direction, context: EvaluationContext): Flow[] {
  let flows: Flow[] = [startFlow()];
  const budget: StepBudget = { steps: MAX_CHAIN_STEPS };
  for (const element of chain) {
    if (isUnknown(element.nsg)) {
      const reason = `the ${NSG_OF[element.attachment]} cannot be read: ${element.nsg.reason}`;
      flows = flows.map((part) => (part.verdict === 'unreachable' ? part : flow(part, 'unknown', part.steps, part.maybeDeciders, part.reason ?? reason)));
      continue;
    }
    try {
      flows = evaluateNsg(element.nsg, element.attachment, direction, flows, context, budget);
    } catch (error) {
      if (!(error instanceof TooComplex)) throw error;
      const names = chain.map((each) => (isUnknown(each.nsg) ? `the ${NSG_OF[each.attachment]}` : `'${each.nsg.name}'`)).join(' and ');
      return [
        flow(
          startFlow(),
          'unknown',
          [],
          NO_MAYBE_DECIDERS,
          `the rules of ${names} are too many or too scattered to evaluate (over ${MAX_CHAIN_STEPS} comparisons)`,
        ),
      ];
    }
  }
  return flows.map(kept);
}

/**
 * Lays the security admin rules that may apply to the VM's VNet (admin-rules.ts) over a chain's
 * answer. None of them is known to be in force, so each only makes traffic unknown, where it would
 * change the answer: a Deny where the NSGs admit, an Always allow where they deny (an Allow hands
 * over to the NSGs and changes nothing). Parts already unknown stay as they are.
 */
export function applyAdminRules(flows: readonly Flow[], rules: readonly AdminRule[], direction: Direction, context: EvaluationContext): Flow[] {
  let out = flows.slice();
  for (const rule of rules) {
    if (!isUnknown(rule.direction) && rule.direction !== direction) continue;
    const access = isUnknown(rule.access) ? 'unknown' : rule.access;
    if (access === 'Allow') continue;
    if (access === 'Deny' && rule.allSourcePorts === false) continue;
    if (context.self(direction === 'Inbound' ? rule.destination : rule.source).kind === 'no') continue;
    const remotes = (direction === 'Inbound' ? rule.source : rule.destination).map((item) => context.remote(item, rule.resource));
    const box: Box = {
      remote: IntervalSet.unionAll(remotes.flatMap((resolved) => [resolved.definite, resolved.maybe])),
      ports: isUnknown(rule.ports) ? ALL_PORTS : rule.ports,
      protocols: isUnknown(rule.protocols) ? ALL_PROTOCOLS : rule.protocols,
    };
    const changes = (verdict: Verdict): boolean =>
      verdict !== 'unknown' && (access === 'unknown' || (access === 'Deny' ? verdict === 'reachable' : verdict === 'unreachable'));
    const priority = isUnknown(rule.priority) ? 'unknown priority' : `priority ${rule.priority}`;
    const reason = `Azure Virtual Network Manager security admin rule ${rule.name} (${isUnknown(rule.access) ? 'unknown access' : rule.access}, ${priority}) may decide this traffic before the NSGs: ${rule.why}`;
    const next: Flow[] = [];
    for (const part of out) {
      const hit = changes(part.verdict) ? intersect(part, box) : undefined;
      if (!hit) {
        next.push(part);
        continue;
      }
      const pieces: Pending[] = [];
      subtract({ ...part, incoming: part, maybes: [] }, box, pieces);
      for (const piece of pieces) next.push(flow(piece, part.verdict, part.steps, part.maybeDeciders, part.reason));
      next.push(flow(hit, 'unknown', part.steps, part.maybeDeciders, reason));
    }
    out = next;
  }
  return out.map(kept);
}

/** A resolution with no uncertainty. */
export function definite(set: IntervalSet): AddressResolution {
  return { definite: set, maybe: IntervalSet.EMPTY };
}

export const ANY_ADDRESS = definite(ALL_IP);
