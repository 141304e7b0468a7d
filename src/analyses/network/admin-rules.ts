import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey, parentId } from '../../model/resource-id.js';
import { asArray, isUnknown, prop, Unknown, type Value } from '../../model/value.js';
import type { IntervalSet } from './interval-set.js';
import { addressItem, readEnum, readPorts, readPriority, readProtocol, readSourcePorts, type AddressItem, type Direction } from './nsg-rules.js';
import type { ProtocolSet } from './ports.js';

/**
 * Azure Virtual Network Manager security admin rules: Azure applies them to the VNets of their
 * network groups before the NSGs. A Deny ends the evaluation, Always allow admits what the NSGs
 * would deny, Allow hands over to the NSGs. Whether a rule is in force cannot be proven from a
 * configuration (its security admin configuration takes effect once committed to the VNet's
 * region, which no ARM or Terraform resource records; a network group can gain members through
 * Azure Policy), so every rule is one that *may* apply: the traffic where it would change the NSGs'
 * answer is unknown, with the rule named (evaluate.ts, `applyAdminRules`).
 */

export const ADMIN_RULE_TYPE = 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules';
const STATIC_MEMBER_TYPE = 'Microsoft.Network/networkManagers/networkGroups/staticMembers';

export type AdminAccess = 'Allow' | 'Deny' | 'AlwaysAllow';

/** One security admin rule that may apply to a VNet. */
export interface AdminRule {
  readonly resource: Resource;
  /** `manager/configuration/collection/rule`, for messages. */
  readonly name: string;
  readonly priority: number | Unknown;
  readonly direction: Direction | Unknown;
  readonly access: AdminAccess | Unknown;
  readonly protocols: ProtocolSet | Unknown;
  readonly ports: IntervalSet | Unknown;
  readonly allSourcePorts: boolean | Unknown;
  readonly source: readonly AddressItem[];
  readonly destination: readonly AddressItem[];
  /** Why it may not be in force on the VNet. */
  readonly why: string;
}

/**
 * Which VNets a rule collection's network groups hold (by `graph.keyOf`, as each member reads
 * them): those listed as static members, and maybe any other (why).
 */
interface Membership {
  readonly vnets: ReadonlySet<string>;
  readonly others?: Unknown;
}

/** Every admin rule, read once with the membership of its collection, in priority order. */
interface ReadRule {
  readonly rule: Omit<AdminRule, 'why'>;
  readonly membership: Membership;
}

const DEPLOYMENT = "whether its security admin configuration is committed to the VNet's region is not recorded in the input";

function readRules(graph: ResourceGraph): readonly ReadRule[] {
  const rules = graph.ofType(ADMIN_RULE_TYPE);
  if (rules.length === 0) return [];
  const memberships = new Map<string, Membership>();
  const out: ReadRule[] = [];
  for (const rule of rules) {
    // Custom rules, and the Default ones Azure adds for its recommended guardrails.
    const kind = get(rule, 'kind');
    if (typeof kind === 'string' && !/^(custom|default)$/i.test(kind)) continue;
    const collectionId = parentId(rule.id) ?? '';
    // The collection the rule's input reads, where several inputs declare its id.
    const collectionKey = graph.referenceKey(idKey(collectionId), rule);
    let membership = memberships.get(collectionKey);
    if (!membership) {
      const collection = graph.get(collectionId, rule);
      membership = collection ? groupsHold(graph, collection) : { vnets: new Set(), others: new Unknown('its rule collection is not in the scanned input') };
      memberships.set(collectionKey, membership);
    }
    const names = rule.name.split('/');
    const field = (key: string): Value | undefined => get(rule, 'properties', key);
    out.push({
      rule: {
        resource: rule,
        name: names.length >= 4 ? names.slice(-4).join('/') : rule.name,
        priority: readPriority(field('priority')),
        direction: readEnum(field('direction'), ['Inbound', 'Outbound'] as const, 'direction'),
        access: readEnum(field('access'), ['Allow', 'Deny', 'AlwaysAllow'] as const, 'access'),
        protocols: readProtocol(field('protocol') ?? 'Any'),
        ports: readPorts([field('destinationPortRanges')]),
        allSourcePorts: readSourcePorts([field('sourcePortRanges')]),
        source: addresses(field('sources'), 'source'),
        destination: addresses(field('destinations'), 'destination'),
      },
      membership,
    });
  }
  const priority = (read: ReadRule): number => (isUnknown(read.rule.priority) ? -1 : read.rule.priority);
  return out.sort((a, b) => priority(a) - priority(b));
}

const memo = (): Map<string, readonly AdminRule[]> => new Map();

/** The security admin rules that may apply to the VNet, in priority order; usually none. */
export function adminRulesFor(graph: ResourceGraph, vnet: Resource | Unknown): readonly AdminRule[] {
  const rules = graph.derive(readRules);
  if (rules.length === 0) return [];
  const byVnet = graph.derive(memo);
  const key = isUnknown(vnet) ? '' : graph.keyOf(vnet);
  let found = byVnet.get(key);
  if (!found) {
    const applying: AdminRule[] = [];
    for (const { rule, membership } of rules) {
      if (key !== '' && membership.vnets.has(key)) applying.push({ ...rule, why: DEPLOYMENT });
      else if (membership.others) applying.push({ ...rule, why: `${membership.others.reason}, and ${DEPLOYMENT}` });
    }
    found = applying;
    byVnet.set(key, found);
  }
  return found;
}

/** The VNets a collection's network groups hold as static members, and why others may be members too. */
function groupsHold(graph: ResourceGraph, collection: Resource): Membership {
  const vnets = new Set<string>();
  const groups = asArray(get(collection, 'properties', 'appliesToGroups'));
  if (isUnknown(groups)) return { vnets, others: groups };
  let others: Unknown | undefined;
  for (const entry of groups ?? []) {
    const id = prop(entry, 'networkGroupId');
    if (isUnknown(id)) return { vnets, others: id };
    if (typeof id !== 'string') continue;
    const group = graph.get(id, collection);
    const groupName = id.split('/').pop() ?? id;
    if (!group) {
      others ??= new Unknown(`its network group '${groupName}' is not in the scanned input`);
      continue;
    }
    const members = graph.children(group, STATIC_MEMBER_TYPE);
    if (members.length === 0) {
      // No static member: the group is filled by Azure Policy (dynamic membership), which azvmsec does not evaluate.
      others ??= new Unknown(`network group '${groupName}' has no static member in the input (its members may be added by Azure Policy)`);
      continue;
    }
    for (const member of members) {
      const resourceId = get(member, 'properties', 'resourceId');
      if (isUnknown(resourceId)) others ??= resourceId;
      else if (typeof resourceId === 'string') vnets.add(graph.referenceKey(idKey(resourceId), member));
    }
  }
  return others ? { vnets, others } : { vnets };
}

function addresses(value: Value | undefined, side: string): AddressItem[] {
  const list = asArray(value);
  if (isUnknown(list)) return [{ kind: 'unknown', reason: list.reason }];
  const items = (list ?? []).map((entry): AddressItem => {
    const prefix = prop(entry, 'addressPrefix');
    if (isUnknown(prefix)) return { kind: 'unknown', reason: prefix.reason };
    return typeof prefix === 'string' ? addressItem(prefix) : { kind: 'unknown', reason: `an admin rule ${side} has no addressPrefix` };
  });
  return items.length > 0 ? items : [{ kind: 'unknown', reason: `the admin rule names no ${side}` }];
}
