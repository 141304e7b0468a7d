import { Unknown, type Value, type ValueObject } from '../../model/value.js';

/**
 * Provider-defined functions (Terraform 1.8+, `provider::<name>::<function>(…)`) of the two
 * providers azvmsec reads: azapi 2's resource id builders and parser, and azurerm 4's
 * `parse_resource_id` and `normalise_resource_id`. They run at plan time without a network call,
 * so their results are known here as they are to Terraform. Azure Verified Modules build and take
 * apart ids with them (a parent_id, a subnet's virtual network).
 */

type ProviderFn = (args: Value[]) => Value;

/** The ARM type without its API version (`Microsoft.Network/virtualNetworks@2024-05-01`). */
function bareType(type: Value): string {
  return (typeof type === 'string' ? type : '').split('@')[0]?.trim() ?? '';
}

/** An argument that must be a text (callFunction reads what is thrown as the call having failed). */
function text(value: Value | undefined, what: string): string {
  if (typeof value !== 'string' || value === '') throw new Error(`${what} must be a non-empty text`);
  return value;
}

function names(value: Value | undefined): string[] {
  if (!Array.isArray(value) || value.some((name) => typeof name !== 'string' || name === '')) throw new Error('resource_names must be a list of texts');
  return value as string[];
}

/** An id's segments, without the leading and trailing slashes. */
function segmentsOf(id: string): string[] {
  const trimmed = id.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? [] : trimmed.split('/');
}

interface ParsedId {
  /** `Microsoft.Network/virtualNetworks/subnets`; `Microsoft.Resources/resourceGroups` for a resource group. */
  readonly type: string;
  readonly namespace: string;
  readonly name: string;
  readonly parentId: string;
  readonly subscriptionId: string;
  readonly resourceGroupName: string;
}

/** Takes an ARM id apart (the last `providers` segment decides the type); undefined when it is not one. */
function parseArmId(id: string): ParsedId | undefined {
  const segments = segmentsOf(id);
  const subscriptionId = segments[0]?.toLowerCase() === 'subscriptions' ? (segments[1] ?? '') : '';
  const resourceGroupName = subscriptionId && segments[2]?.toLowerCase() === 'resourcegroups' ? (segments[3] ?? '') : '';
  const providers = segments.map((segment) => segment.toLowerCase()).lastIndexOf('providers');
  if (providers < 0) {
    if (segments.length === 2 && subscriptionId)
      return {
        type: 'Microsoft.Resources/subscriptions',
        namespace: 'Microsoft.Resources',
        name: subscriptionId,
        parentId: '/',
        subscriptionId,
        resourceGroupName,
      };
    if (segments.length === 4 && resourceGroupName) {
      return {
        type: 'Microsoft.Resources/resourceGroups',
        namespace: 'Microsoft.Resources',
        name: resourceGroupName,
        parentId: `/subscriptions/${subscriptionId}`,
        subscriptionId,
        resourceGroupName,
      };
    }
    return undefined;
  }
  const namespace = segments[providers + 1];
  const rest = segments.slice(providers + 2);
  if (!namespace || rest.length === 0 || rest.length % 2 !== 0 || rest.some((segment) => segment === '')) return undefined;
  const types = rest.filter((_, i) => i % 2 === 0);
  const parent = types.length > 1 ? segments.slice(0, -2) : segments.slice(0, providers);
  return {
    type: [namespace, ...types].join('/'),
    namespace,
    name: rest[rest.length - 1] as string,
    parentId: `/${parent.join('/')}`,
    subscriptionId,
    resourceGroupName,
  };
}

/** The id of a resource of `type` named `name` under `parent` (what azapi's `build_resource_id` and `parent_id` give). */
export function buildAzureId(parent: string, type: string, name: string): string {
  const base = parent.replace(/\/+$/, '');
  if (/^Microsoft\.Resources\/resourceGroups$/i.test(type)) return `${base}/resourceGroups/${name}`;
  if (/^Microsoft\.Resources\/subscriptions$/i.test(type)) return `/subscriptions/${name}`;
  const segments = type.split('/');
  // A child type under its parent resource: the parent's id and the last type segment.
  if (segments.length > 2 && parseArmId(base)?.type.toLowerCase() === segments.slice(0, -1).join('/').toLowerCase()) {
    return `${base}/${segments[segments.length - 1]}/${name}`;
  }
  return `${base}/providers/${type}/${name}`;
}

/** ARM's resourceId() form: the type's segments interleaved with the names, under `scope`. */
function scopedId(scope: string, type: string, resourceNames: string[]): string {
  const types = type.split('/');
  if (types.length < 2 || types.length - 1 !== resourceNames.length) throw new Error(`${resourceNames.length} names do not fit the type ${type}`);
  const path = resourceNames.map((name, i) => `${types[i + 1] as string}/${name}`).join('/');
  return `${scope.replace(/\/+$/, '')}/providers/${types[0] as string}/${path}`;
}

function azapiParse([type, id]: Value[]): Value {
  if (id === null || id === undefined) return null;
  const fn = 'provider::azapi::parse_resource_id';
  const wanted = bareType(type ?? null);
  const parsed = typeof id === 'string' ? parseArmId(id) : undefined;
  // "did not match": what try() and can() read as a failure, as Terraform stops there.
  if (!parsed || parsed.type.toLowerCase() !== wanted.toLowerCase())
    return new Unknown(`${fn}(): the id ${JSON.stringify(id)} did not match the type ${wanted}`);
  const segments = segmentsOf(id as string);
  const parts: ValueObject = {};
  for (let i = 0; i + 1 < segments.length; i += 2) parts[segments[i] as string] = segments[i + 1] as string;
  return {
    id: id as string,
    type: wanted,
    name: parsed.name,
    parent_id: parsed.parentId,
    resource_group_name: parsed.resourceGroupName,
    subscription_id: parsed.subscriptionId,
    provider_namespace: parsed.namespace,
    parts,
  };
}

/** azurerm's parse_resource_id: the last type segment, the provider, and the parents by type segment. */
function azurermParse([id]: Value[]): Value {
  const fn = 'provider::azurerm::parse_resource_id';
  const parsed = typeof id === 'string' && id !== '' ? parseArmId(id) : undefined;
  if (!parsed) return new Unknown(`${fn}(): ${JSON.stringify(id)} did not match the form of a resource id`);
  const segments = segmentsOf(id as string);
  const providersAt = segments.map((segment) => segment.toLowerCase()).lastIndexOf('providers');
  const scoped = providersAt > 0 && segments.slice(0, providersAt).some((segment) => segment.toLowerCase() === 'providers');
  const parents: ValueObject = {};
  let resourceType = parsed.type.split('/').pop() as string;
  let provider = parsed.namespace;
  let resourceName = parsed.name;
  let fullType = parsed.type;
  if (providersAt < 0) {
    // A resource group or subscription: azurerm names no provider and no resource name for them.
    provider = '';
    resourceName = '';
    resourceType = parsed.resourceGroupName ? 'resourceGroups' : 'subscriptions';
    fullType = `/${resourceType}`;
  } else {
    const rest = segments.slice(providersAt + 2);
    for (let i = 0; i + 3 < rest.length; i += 2) parents[rest[i] as string] = rest[i + 1] as string;
  }
  return {
    resource_name: resourceName,
    resource_provider: provider,
    resource_group_name: scoped ? '' : parsed.resourceGroupName,
    resource_type: resourceType,
    resource_scope: scoped ? `/${segments.slice(0, providersAt).join('/')}` : '',
    full_resource_type: fullType,
    subscription_id: scoped ? '' : parsed.subscriptionId,
    parent_resources: parents,
  };
}

const CANONICAL_SEGMENTS: Readonly<Record<string, string>> = { subscriptions: 'subscriptions', resourcegroups: 'resourceGroups', providers: 'providers' };

/** azurerm's normalise_resource_id, as far as azvmsec needs it: the fixed segments in their canonical case (ids are compared ignoring case). */
function azurermNormalise([id]: Value[]): Value {
  if (typeof id !== 'string' || !parseArmId(id))
    return new Unknown(`provider::azurerm::normalise_resource_id(): ${JSON.stringify(id)} did not match the form of a resource id`);
  return `/${segmentsOf(id)
    .map((segment) => CANONICAL_SEGMENTS[segment.toLowerCase()] ?? segment)
    .join('/')}`;
}

export const PROVIDER_FUNCTIONS: Readonly<Record<string, ProviderFn>> = {
  'provider::azapi::build_resource_id': ([parent, type, name]) =>
    buildAzureId(text(parent, 'parent_id'), text(bareType(type ?? null), 'resource_type'), text(name, 'name')),
  'provider::azapi::parse_resource_id': azapiParse,
  'provider::azapi::resource_group_resource_id': ([subscription, group, type, resourceNames]) =>
    scopedId(
      `/subscriptions/${text(subscription, 'subscription_id')}/resourceGroups/${text(group, 'resource_group_name')}`,
      text(bareType(type ?? null), 'resource_type'),
      names(resourceNames),
    ),
  'provider::azapi::subscription_resource_id': ([subscription, type, resourceNames]) =>
    scopedId(`/subscriptions/${text(subscription, 'subscription_id')}`, text(bareType(type ?? null), 'resource_type'), names(resourceNames)),
  'provider::azapi::tenant_resource_id': ([type, resourceNames]) => scopedId('', text(bareType(type ?? null), 'resource_type'), names(resourceNames)),
  'provider::azapi::management_group_resource_id': ([group, type, resourceNames]) =>
    scopedId(
      `/providers/Microsoft.Management/managementGroups/${text(group, 'management_group_name')}`,
      text(bareType(type ?? null), 'resource_type'),
      names(resourceNames),
    ),
  'provider::azapi::extension_resource_id': ([base, type, resourceNames]) =>
    scopedId(text(base, 'base_resource_id'), text(bareType(type ?? null), 'resource_type'), names(resourceNames)),
  'provider::azurerm::parse_resource_id': azurermParse,
  'provider::azurerm::normalise_resource_id': azurermNormalise,
};
