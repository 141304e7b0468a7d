import { createHash } from 'node:crypto';
import { isUnknown, Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { attr, text, type MapContext, type Shape, type ShapeSource, type Spec } from './shape.js';

/**
 * One Terraform resource type's mapping onto the ARM / Resource Graph shape: the ARM type, how
 * its id is built from the attributes, the body as a Shape, and for association resources the
 * changes they make to other resources (an NSG association sets a subnet's networkSecurityGroup).
 */
export interface Mapping {
  /** ARM type (read from the attributes for azapi); omitted for pure associations, which only patch other resources. */
  readonly type?: string | ((attrs: ValueObject) => string | undefined);
  readonly id: (attrs: ValueObject, ctx: MapContext) => string;
  readonly body?: Shape;
  /** Changes this resource makes to other resources (associations). */
  readonly patches?: (source: ShapeSource) => Patch[];
  /** A note shown once per scan when this mapping used a default that depends on the provider version. */
  readonly note?: (attrs: ValueObject, ctx: MapContext) => string | undefined;
  /** Last touches on the body that a Shape cannot say (the legacy VM's OS configuration blocks, azapi's body). */
  readonly finish?: (body: ValueObject, source: ShapeSource) => void;
}

/** The ARM type a resource of this mapping has; undefined when its attributes do not say. */
export function armTypeOf(mapping: Mapping, attrs: ValueObject): string | undefined {
  return typeof mapping.type === 'function' ? mapping.type(attrs) : mapping.type;
}

/** A change one Terraform resource makes to another resource's ARM body. */
export interface Patch {
  /** Id of the resource to change. */
  readonly target: Value | undefined;
  /** Inside the target: pick the element of this array property whose `name` matches. */
  readonly select?: { readonly collection: readonly string[]; readonly name: Value | undefined };
  readonly path: readonly string[];
  readonly value: Value;
  /** Append to the array at `path` instead of setting it. */
  readonly append?: boolean;
  /** The Terraform attribute the value came from (for source locations). */
  readonly from: readonly (string | number)[];
}

const SAFE = /[^A-Za-z0-9._()[\]-]/g;

/**
 * The Unknown `name` of a resource whose configured name cannot be evaluated, carrying the name
 * its id was built with, so that `azurerm_subnet.x.virtual_network_name = azurerm_virtual_network.v.name`
 * still joins the subnet to that VNet's id.
 */
export class PlaceholderName extends Unknown {
  constructor(
    reason: string,
    readonly placeholder: string,
  ) {
    super(reason);
  }
}

/** A value usable in an id: text, or the placeholder of an unknown resource name. */
export function idText(value: Value | undefined): string | undefined {
  if (value instanceof PlaceholderName) return value.placeholder;
  return text(value);
}

/** A name for the id: the configured one, or the address when it is Unknown. */
export function nameOf(value: Value | undefined, ctx: MapContext): string {
  return idText(value) ?? ctx.fallbackName;
}

export function fallbackName(address: string): string {
  return address.replace(/"/g, '').replace(SAFE, '_');
}

export function resourceGroupId(attrs: ValueObject, ctx: MapContext, key = 'resource_group_name'): string {
  return `/subscriptions/${ctx.subscriptionId}/resourceGroups/${idText(attrs[key]) ?? 'unknown-resource-group'}`;
}

/** `/subscriptions/{s}/resourceGroups/{rg}/providers/{type}/{name}`. */
export function inResourceGroup(type: string, nameKey = 'name'): (attrs: ValueObject, ctx: MapContext) => string {
  return (attrs, ctx) => `${resourceGroupId(attrs, ctx)}/providers/${type}/${nameOf(attrs[nameKey], ctx)}`;
}

/** A child named by its parent's name attribute: subnet (`virtual_network_name`), NSG rule, route, … */
export function childByName(parentType: string, parentKey: string, segment: string, nameKey = 'name'): (attrs: ValueObject, ctx: MapContext) => string {
  return (attrs, ctx) =>
    `${resourceGroupId(attrs, ctx)}/providers/${parentType}/${idText(attrs[parentKey]) ?? `unknown-parent-of-${ctx.fallbackName}`}/${segment}/${nameOf(attrs[nameKey], ctx)}`;
}

/** A child of a parent given by id: LB rules (`loadbalancer_id`), key vault keys (`key_vault_id`). */
export function childOf(parentKey: string, segment: string, nameKey = 'name'): (attrs: ValueObject, ctx: MapContext) => string {
  return (attrs, ctx) => `${parentIdOf(attrs[parentKey], ctx)}/${segment}/${nameOf(attrs[nameKey], ctx)}`;
}

/**
 * An extension resource on a scope given by id: diagnostic settings, locks, role assignments. Its
 * body must also hold `scope: scopeOf(scopeKey)`: when the scope is Unknown the id is built on a
 * placeholder parent (see parentIdOf), which is no scope at all.
 */
export function extensionOf(scopeKey: string, type: string, nameKey = 'name'): (attrs: ValueObject, ctx: MapContext) => string {
  return (attrs, ctx) => `${parentIdOf(attrs[scopeKey], ctx)}/providers/${type}/${nameOf(attrs[nameKey], ctx)}`;
}

/**
 * The top-level `scope` of an extension resource, from the attribute naming the resource it
 * extends, as an ARM template writes it: an Unknown stays Unknown (a variable without a value), so
 * rules reading the scope (rules/shared/scope.ts) say it is not known, as they do for an ARM
 * `scope` parameter without a value, instead of reading the placeholder parent of the id.
 */
export function scopeOf(scopeKey: string): Spec {
  return attr(scopeKey);
}

/**
 * The id of the parent or scope a resource is given by: the attribute's id, or, when it is not
 * known, a placeholder made unique by the resource's address (so ids stay unique). The placeholder
 * names no real resource: extension resources also write `scope` (scopeOf) to say it is not known.
 */
export function parentIdOf(value: Value | undefined, ctx: MapContext): string {
  if (typeof value === 'string' && value.startsWith('/')) return value.replace(/\/+$/, '');
  // `"/subscriptions/${…}/resourceGroups/${azurerm_resource_group.rg.name}"` with that name not known: the id of the
  // resource group as it was built, its placeholder in the name's place (as resourceGroupId takes it).
  const placed = isUnknown(value) ? value.pieces?.map((piece) => (typeof piece === 'string' ? piece : idText(piece))) : undefined;
  if (placed?.every((piece) => piece !== undefined) && placed.join('').startsWith('/')) return placed.join('').replace(/\/+$/, '');
  if (isUnknown(value) || value === undefined || value === null)
    return `/subscriptions/${ctx.subscriptionId}/resourceGroups/unknown-resource-group/providers/Unknown/unknown/${ctx.fallbackName}-parent`;
  return String(value);
}

/** `/subscriptions/{s}/providers/{type}/{name}` for subscription-level resources (Defender pricings). */
export function inSubscription(type: string, name: (attrs: ValueObject) => Value | undefined): (attrs: ValueObject, ctx: MapContext) => string {
  return (attrs, ctx) => `/subscriptions/${ctx.subscriptionId}/providers/${type}/${nameOf(name(attrs), ctx)}`;
}

const VAULT_KEY_ID = /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.KeyVault\/vaults\/([^/]+)\/keys\/([^/]+)$/i;

/** A Key Vault's name as Azure allows it (3 to 24 letters, digits and hyphens); an id built on a placeholder (`azurerm_key_vault.kv`) has none. */
const VAULT_NAME = /^[a-z][a-z0-9-]{1,22}[a-z0-9]$/i;

/**
 * A Key Vault key as the resources using it name it. azurerm gives `azurerm_key_vault_key.id` the
 * key's URL (`https://kv.vault.azure.net/keys/k/<version>`, key_vault_key docs), which a disk
 * encryption set or a Recovery Services vault sends as its key; this reader names the key by the id
 * it builds for it (`…/vaults/kv/keys/k`). That id is written back as the key's URL, its version not
 * known. When the vault's name is not known (a variable without a value), neither is the URL's host:
 * the URL is Unknown, and says which key, in which vault, it is read from at deployment (as an ARM
 * template's `reference()` to the key does), so that the rules judging the vault still find it.
 * `versionless_id` is such a URL already (module.ts DEPLOYED_ATTRIBUTES).
 */
export function keyVaultKeyUrl(value: Value): Value {
  const match = typeof value === 'string' ? VAULT_KEY_ID.exec(value) : null;
  if (!match) return value;
  const [, vault, key] = match as unknown as [string, string, string];
  if (VAULT_NAME.test(vault)) return `https://${vault}.vault.azure.net/keys/${key}`;
  return new Unknown(`the URL of key "${key}" is known only after apply: the name of its Key Vault is not known`, undefined, {
    deployed: { resourceId: value as string, path: '/properties/keyUri' },
  });
}

/**
 * A subscription id for a provider configuration whose subscription is not known: a GUID of the
 * placeholder subscription's form (00000000-0000-0000-0000-…), its last part from the configuration's
 * module and name, so that each such configuration is a subscription of its own, the same in every scan.
 */
export function placeholderSubscription(configuration: string): string {
  return `00000000-0000-0000-0000-${createHash('sha256').update(configuration).digest('hex').slice(0, 12)}`;
}
