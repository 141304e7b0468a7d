import { get, type Resource } from '../../model/resource.js';
import { isObject, isUnknown, prop } from '../../model/value.js';

/** Whether a diagnostic setting sends its logs somewhere: a workspace, a storage account or an event hub (one not known may). */
export function sendsSomewhere(setting: Resource): boolean {
  return ['workspaceId', 'storageAccountId', 'eventHubAuthorizationRuleId'].some((key) => {
    const value = get(setting, 'properties', key);
    return isUnknown(value) || (typeof value === 'string' && value !== '');
  });
}

/** The log categories a diagnostic setting sends (lower case); `alllogs` stands for every category. */
export function enabledCategories(setting: Resource): Set<string> | { unknown: string } {
  const logs = get(setting, 'properties', 'logs');
  if (isUnknown(logs)) return { unknown: logs.reason };
  const found = new Set<string>();
  if (!Array.isArray(logs)) return found;
  for (const log of logs) {
    if (isUnknown(log)) return { unknown: log.reason };
    if (!isObject(log)) continue;
    const enabled = prop(log, 'enabled');
    if (isUnknown(enabled)) return { unknown: enabled.reason };
    if (enabled !== true && enabled !== 'true') continue;
    for (const key of ['category', 'categoryGroup']) {
      const name = prop(log, key);
      if (isUnknown(name)) return { unknown: name.reason };
      if (typeof name === 'string' && name !== '') found.add(name.toLowerCase());
    }
  }
  return found;
}

/** The Log Analytics workspace a diagnostic setting sends to, if any. */
export function workspaceOf(setting: Resource): string | { unknown: string } | undefined {
  const workspace = get(setting, 'properties', 'workspaceId');
  if (isUnknown(workspace)) return { unknown: workspace.reason };
  return typeof workspace === 'string' && workspace !== '' ? workspace : undefined;
}

/**
 * Whether a subscription diagnostic setting sends the Administrative Activity Log category (alone
 * or through the allLogs category group): a setting with every category disabled sends nothing,
 * and Administrative holds the control-plane writes, deletes and actions Sentinel correlates.
 */
export function sendsAdministrative(setting: Resource): boolean | { unknown: string } {
  const categories = enabledCategories(setting);
  if (!(categories instanceof Set)) return categories;
  return categories.has('administrative') || categories.has('alllogs');
}
