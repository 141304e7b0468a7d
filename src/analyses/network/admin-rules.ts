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

const memo = (): Map<string, readonly AdminRule[]> => new Map();
const allRules = (graph: ResourceGraph): readonly Resource[] => graph.ofType(ADMIN_RULE_TYPE);

/** The security admin rules that may apply to the VNet (by its key), in priority order; usually none. */
export function adminRulesFor(graph: ResourceGraph, vnet: Resource | Unknown): readonly AdminRule[] {
  const rules = graph.derive(allRules);
  if (rules.length === 0) return [];
  const byVnet = graph.derive(memo);
  const key = isUnknown(vnet) ? '' : vnet.key;
  let found = byVnet.get(key);
  if (!found) {
    found = rules
      .map((rule) => applying(graph, rule, vnet))
      .filter((rule): rule is AdminRule => rule !== undefined)
      .sort((a, b) => (isUnknown(a.priority) ? -1 : a.priority) - (isUnknown(b.priority) ? -1 : b.priority));
    byVnet.set(key, found);
  }
  return found;
}

function applying(graph: ResourceGraph, rule: Resource, vnet: Resource | Unknown): AdminRule | undefined {
  // Custom rules, and the Default ones Azure adds for its recommended guardrails.
  const kind = rule.body['kind'];
  if (typeof kind === 'string' && !/^(custom|default)$/i.test(kind)) return undefined;
  const collectionId = parentId(rule.id);
  const collection = collectionId === undefined ? undefined : graph.get(collectionId);
  const names = rule.name.split('/');
  const name = names.length >= 4 ? names.slice(-4).join('/') : rule.name;
  const deployment = `whether its security admin configuration is committed to the VNet's region is not recorded in the input`;
  const membership = collection ? groupsMayHold(graph, collection, vnet) : new Unknown(`its rule collection is not in the scanned input`);
  if (membership === false) return undefined;
  const why = isUnknown(membership) ? `${membership.reason}, and ${deployment}` : deployment;
  const field = (key: string): Value | undefined => get(rule, 'properties', key);
  return {
    resource: rule,
    name,
    priority: readPriority(field('priority')),
    direction: readEnum(field('direction'), ['Inbound', 'Outbound'] as const, 'direction'),
    access: readEnum(field('access'), ['Allow', 'Deny', 'AlwaysAllow'] as const, 'access'),
    protocols: readProtocol(field('protocol') ?? 'Any'),
    ports: readPorts([field('destinationPortRanges')]),
    allSourcePorts: readSourcePorts([field('sourcePortRanges')]),
    source: addresses(field('sources'), 'source'),
    destination: addresses(field('destinations'), 'destination'),
    why,
  };
}

/** Whether one of the collection's network groups holds the VNet: true, false, or Unknown with why. */
function groupsMayHold(graph: ResourceGraph, collection: Resource, vnet: Resource | Unknown): boolean | Unknown {
  const groups = asArray(get(collection, 'properties', 'appliesToGroups'));
  if (isUnknown(groups)) return groups;
  let maybe: Unknown | undefined;
  for (const entry of groups ?? []) {
    const id = prop(entry, 'networkGroupId');
    if (isUnknown(id)) return id;
    if (typeof id !== 'string') continue;
    const group = graph.get(id);
    const groupName = id.split('/').pop() ?? id;
    if (!group) {
      maybe ??= new Unknown(`its network group '${groupName}' is not in the scanned input`);
      continue;
    }
    const members = graph.children(group, STATIC_MEMBER_TYPE);
    if (members.length === 0) {
      // No static member: the group is filled by Azure Policy (dynamic membership), which azvmsec does not evaluate.
      maybe ??= new Unknown(`network group '${groupName}' has no static member in the input (its members may be added by Azure Policy)`);
      continue;
    }
    for (const member of members) {
      const resourceId = get(member, 'properties', 'resourceId');
      if (isUnknown(resourceId)) maybe ??= resourceId;
      else if (typeof resourceId === 'string' && !isUnknown(vnet) && idKey(resourceId) === vnet.key) return true;
    }
  }
  return maybe ?? false;
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
