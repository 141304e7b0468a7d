import type { SourceLocation, SourceMap } from './source.js';
import { idKey } from './resource-id.js';
import { lookup, valueAt, type Lookup, type Value, type ValueObject } from './value.js';

/**
 * One Azure resource in the ARM / Resource Graph shape: `body` holds `id`, `name`, `type`,
 * `location`, `properties`, `sku`, `identity`, `tags`, … exactly as Azure would return them, with
 * Unknown where the input cannot tell.
 */
export interface Resource {
  /** The resource id as written (case kept). */
  readonly id: string;
  /** Comparison form of the id (lower case). */
  readonly key: string;
  /** Full type, such as `Microsoft.Compute/virtualMachines`. */
  readonly type: string;
  /** Full name (`vnet/subnet` for child resources). */
  readonly name: string;
  readonly body: ValueObject;
  /** The input (file path, snapshot or `live`) that produced it. */
  readonly input: string;
  /** Where each property was written; absent for live data. */
  readonly source?: SourceMap;
  /** For a child resource shown inside its parent (NSG `securityRules`, VNet `subnets`): the parent's key and the pointer. */
  readonly embeddedIn?: { readonly parent: string; readonly pointer: string };
}

export interface ResourceInit {
  id: string;
  type: string;
  name: string;
  body: ValueObject;
  input: string;
  source?: SourceMap;
  embeddedIn?: { parent: string; pointer: string };
}

export function createResource(init: ResourceInit): Resource {
  // Built in place rather than spread from optional parts: readers create one per row of a snapshot
  // of hundreds of thousands. The keys and their order are the same.
  const resource: { -readonly [K in keyof Resource]: Resource[K] } = {
    id: init.id,
    key: idKey(init.id),
    type: init.type,
    name: init.name,
    body: init.body,
    input: init.input,
  };
  if (init.source) resource.source = init.source;
  if (init.embeddedIn) resource.embeddedIn = init.embeddedIn;
  return resource;
}

/** Reads a property path from the resource body (case-insensitive names). */
export function get(resource: Resource, ...path: (string | number)[]): Value | undefined {
  return valueAt(resource.body, path);
}

/** Like `get`, with the JSON pointer of what was reached, for findings. */
export function at(resource: Resource, ...path: (string | number)[]): Lookup {
  return lookup(resource.body, path);
}

/** The source location of a pointer inside a resource, if the input knows it. */
export function locate(resource: Resource, pointer: string): SourceLocation | undefined {
  return resource.source?.locate(pointer);
}
