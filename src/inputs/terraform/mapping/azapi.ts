import { escapePointerToken, isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { EncodedJson } from '../functions.js';
import { attr, block, calc, type MapContext, type ShapeSource } from './shape.js';
import { nameOf, parentIdOf, type Mapping, type Patch } from './types.js';

/**
 * The azapi provider writes ARM itself: `type = "Microsoft.Compute/virtualMachines@2024-07-01"`,
 * `parent_id`, `name` and a `body` that is the resource's ARM body (an object in azapi 2, the text
 * of `jsonencode({...})` in azapi 1). So its resources need no table: the body is taken as it is,
 * with `location`, `tags` and `identity` from their own attributes. `azapi_update_resource`
 * changes a resource another block made (a setting azurerm cannot write); its body is applied to
 * that resource as associations are.
 */

/** The ARM type without its API version; undefined when the configuration does not say. */
export function azapiType(attrs: ValueObject): string | undefined {
  const type = attrs['type'];
  if (typeof type !== 'string') return undefined;
  const bare = type.split('@')[0]?.trim() ?? '';
  return /^[A-Za-z0-9.]+(\/[A-Za-z0-9.]+)+$/.test(bare) ? bare : undefined;
}

/** The id azapi gives the resource: a child type under its parent, any other under `parent_id`'s providers. */
function azapiId(attrs: ValueObject, ctx: MapContext): string {
  const type = azapiType(attrs) ?? 'Unknown/unknown';
  const name = nameOf(attrs['name'], ctx);
  const group = /^Microsoft\.Resources\/resourceGroups$/i.test(type);
  // A resource group's parent_id may be left out: azapi then takes the provider's subscription.
  const omitted = attrs['parent_id'] === undefined || attrs['parent_id'] === null;
  const parent = group && omitted ? `/subscriptions/${ctx.subscriptionId}` : parentIdOf(attrs['parent_id'], ctx);
  const segments = type.split('/');
  if (group) return `${parent}/resourceGroups/${name}`;
  if (segments.length > 2) return `${parent}/${segments[segments.length - 1]}/${name}`;
  return `${parent}/providers/${type}/${name}`;
}

/** The body as an object: azapi 2 writes one; azapi 1 the text of one. */
function bodyOf(value: Value | undefined): ValueObject | Unknown | undefined {
  if (value instanceof EncodedJson) return isObject(value.value) ? value.value : undefined;
  if (isUnknown(value) || isObject(value)) return value;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  try {
    const parsed = JSON.parse(value) as Value;
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return new Unknown('the body is text that is not JSON');
  }
}

/** Every value of a `sensitive_body` withheld, its keys kept. */
function withheld(value: Value, path: string): Value {
  if (isObject(value)) {
    const out: ValueObject = {};
    for (const key of Object.keys(value)) setMember(out, key, withheld(value[key] as Value, `${path}.${key}`));
    return out;
  }
  return new Unknown(`sensitive_body${path} (value withheld)`);
}

/** `from` laid over `onto`, objects merged key by key (what azapi does with body and sensitive_body). */
function merged(onto: Value | undefined, from: Value): Value {
  if (!isObject(onto) || !isObject(from)) return from;
  const out: ValueObject = { ...onto };
  for (const key of Object.keys(from)) setMember(out, key, merged(out[key], from[key] as Value));
  return out;
}

/** Lays the body over what the attributes gave, recording each top-level key's source. */
function spreadBody(body: ValueObject, source: ShapeSource): void {
  const given = bodyOf(source.attrs['body']);
  const sensitive = bodyOf(source.attrs['sensitive_body']);
  if (isUnknown(given)) {
    source.record('/properties', ['body']);
    body['properties'] = given;
  } else if (given) {
    for (const key of Object.keys(given)) {
      // id, name and type come from the block's own attributes, as azapi sends them.
      if (/^(id|name|type)$/i.test(key)) continue;
      source.record(`/${escapePointerToken(key)}`, ['body', key]);
      setMember(body, key, merged(body[key], given[key] as Value));
    }
  }
  if (isObject(sensitive)) for (const key of Object.keys(sensitive)) setMember(body, key, merged(body[key], withheld(sensitive[key] as Value, `.${key}`)));
  if (body['properties'] === undefined) body['properties'] = {};
}

/** Each leaf of `value` as a change at its path (arrays are leaves: azapi replaces them whole). */
function leaves(value: Value, path: string[], out: { path: string[]; value: Value }[]): void {
  if (isObject(value) && Object.keys(value).length > 0) {
    for (const key of Object.keys(value)) leaves(value[key] as Value, [...path, key], out);
  } else out.push({ path, value });
}

function updatePatches(source: ShapeSource): Patch[] {
  const { attrs, ctx } = source;
  const target = typeof attrs['resource_id'] === 'string' || isUnknown(attrs['resource_id']) ? attrs['resource_id'] : azapiId(attrs, ctx);
  const body = bodyOf(attrs['body']);
  if (!isObject(body)) return [];
  const changes: { path: string[]; value: Value }[] = [];
  for (const key of Object.keys(body)) if (!/^(id|name|type)$/i.test(key)) leaves(body[key] as Value, [key], changes);
  return changes.map((change) => ({ target, path: change.path, value: change.value, from: ['body', ...change.path] }));
}

/** Extension resource types whose scope rules read (rules/shared/scope.ts), in lower case. */
const EXTENSION_TYPES = new Set(
  [
    'Microsoft.Insights/diagnosticSettings',
    'Microsoft.Insights/dataCollectionRuleAssociations',
    'Microsoft.Authorization/locks',
    'Microsoft.Authorization/roleAssignments',
    'Microsoft.Authorization/policyAssignments',
    'Microsoft.Authorization/policyExemptions',
    'Microsoft.Maintenance/configurationAssignments',
    'Microsoft.SecurityInsights/dataConnectors',
    'Microsoft.SecurityInsights/onboardingStates',
  ].map((type) => type.toLowerCase()),
);

export const AZAPI: Readonly<Record<string, Mapping>> = {
  azapi_resource: {
    type: azapiType,
    id: azapiId,
    body: {
      // An extension resource whose `parent_id` is not known: its id is built on a placeholder parent, so say the scope is not known, as ARM's `scope` does.
      scope: calc((source, pointer) => {
        const parent = source.attrs['parent_id'];
        if (!isUnknown(parent) || !EXTENSION_TYPES.has(azapiType(source.attrs)?.toLowerCase() ?? '')) return undefined;
        source.record(pointer, [...source.path, 'parent_id']);
        return parent;
      }),
      location: attr('location'),
      tags: attr('tags'),
      identity: block('identity', {
        type: attr('type'),
        userAssignedIdentities: attr('identity_ids', {
          map: (ids) => (Array.isArray(ids) ? Object.fromEntries(ids.filter((id) => typeof id === 'string').map((id) => [id, {}])) : ids),
        }),
      }),
    },
    finish: spreadBody,
  },
  azapi_update_resource: {
    id: (attrs, ctx) => (typeof attrs['resource_id'] === 'string' ? attrs['resource_id'] : azapiId(attrs, ctx)),
    patches: updatePatches,
  },
};
