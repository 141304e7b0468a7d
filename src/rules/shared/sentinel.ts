import { get, type Resource } from '../../model/resource.js';
import { isObject } from '../../model/value.js';

/** Whether a Sentinel data connector brings data: some data type it lists is Enabled, or it lists none. */
export function connectorOn(connector: Resource): boolean {
  const types = get(connector, 'properties', 'dataTypes');
  if (!isObject(types)) return true;
  const states = Object.values(types).map((t) => (isObject(t) && typeof t['state'] === 'string' ? t['state'].toLowerCase() : 'enabled'));
  return states.length === 0 || states.some((s) => s === 'enabled');
}
