import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { isUnknown, Unknown } from '../../model/value.js';
import { pushTo } from '../../model/multimap.js';
import { unreadTable } from './subscription.js';

export const PROTECTED_ITEM_TYPE = 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems';
export const VAULT_TYPE = 'Microsoft.RecoveryServices/vaults';

/**
 * Azure Backup protected items whose `sourceResourceId` (or `virtualMachineId`) is this VM,
 * compared case-insensitively. `unknown` holds the first item whose source cannot be read, or why
 * the protected items of the VM's subscription were not read (Resource Graph recoveryservicesresources).
 */
export function protectedItemsOf(graph: ResourceGraph, vm: Resource): { items: Resource[]; unknown?: Unknown } {
  const index = graph.derive(protectedItemsIndex);
  const items = [...(index.byVm.get(graph.keyOf(vm)) ?? [])];
  const unread = unreadTable(graph, vm, 'recoveryservicesresources');
  const unknown = index.unknown ?? (unread === undefined ? undefined : new Unknown(unread));
  return unknown ? { items, unknown } : { items };
}

/** Protected items by the `graph.keyOf` of the VM they protect (as `get` follows it from the item), read once per graph (not once per VM). */
function protectedItemsIndex(graph: ResourceGraph): { byVm: Map<string, Resource[]>; unknown?: Unknown } {
  const byVm = new Map<string, Resource[]>();
  let unknown: Unknown | undefined;
  for (const item of graph.ofType(PROTECTED_ITEM_TYPE)) {
    const keys = new Set<string>();
    for (const name of ['sourceResourceId', 'virtualMachineId']) {
      const source = get(item, 'properties', name);
      if (isUnknown(source)) unknown ??= source;
      else if (typeof source === 'string') keys.add(graph.referenceKey(idKey(source), item));
    }
    for (const key of keys) {
      pushTo(byVm, key, item);
    }
  }
  return unknown ? { byVm, unknown } : { byVm };
}

/** The VMs (in the input) protected by items that use this backup policy. */
export function vmsUsingPolicy(graph: ResourceGraph, policy: Resource): Resource[] {
  return [...(graph.derive(vmsByPolicy).get(graph.keyOf(policy)) ?? [])];
}

/** Protected VMs by the `graph.keyOf` of their items' backup policy, in item order, read once per graph. */
function vmsByPolicy(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const item of graph.ofType(PROTECTED_ITEM_TYPE)) {
    const policyId = get(item, 'properties', 'policyId');
    if (typeof policyId !== 'string') continue;
    const source = get(item, 'properties', 'sourceResourceId');
    const vm = typeof source === 'string' ? graph.get(source, item) : undefined;
    if (!vm) continue;
    const key = graph.referenceKey(idKey(policyId), item);
    pushTo(index, key, vm);
  }
  return index;
}
