import { EncodedJson } from '../functions.js';
import { escapePointerToken, isObject, isUnknown, Unknown, type Value, type ValueObject } from '../../../model/value.js';

/**
 * The small language the mapping tables are written in. A Shape is an object in the ARM shape
 * whose leaves say where each value comes from in the Terraform resource: `attr('size')`,
 * `ref('subnet_id')` (→ `{ id }`), `blocks('security_rule', {...})`, `lit('Linux')`, …
 * Reading a shape gives the ARM body and, for every value written, the Terraform path it came
 * from, so findings point at the attribute in the `.tf` file.
 */

export interface MapContext {
  readonly subscriptionId: string;
  /** The Terraform address, `module.m.azurerm_linux_virtual_machine.vm[0]`. */
  readonly address: string;
  /** A name to use where the configured name is Unknown (the address, made id-safe). */
  readonly fallbackName: string;
  /** Major version of the azurerm provider when the configuration pins it (`~> 3.0` → 3). */
  readonly azurermMajor: number | undefined;
  /** The ARM id of the resource being mapped (set once the id is known). */
  readonly resourceId?: string;
}

export interface ShapeSource {
  readonly attrs: ValueObject;
  /** Terraform path of `attrs` inside the resource (`['os_disk', 0]`). */
  readonly path: readonly (string | number)[];
  readonly ctx: MapContext;
  /** Records that the ARM pointer was written from this Terraform path. */
  record(pointer: string, path: readonly (string | number)[]): void;
}

export class Spec {
  constructor(readonly read: (source: ShapeSource, pointer: string) => Value | undefined) {}
}

export type Shape = { [key: string]: Spec | Shape };

/** The first attribute present among `names` (`'ip_forwarding_enabled|enable_ip_forwarding'`, v4 name first). */
export function pick(attrs: ValueObject, names: string): { name: string; value: Value } | undefined {
  for (const name of names.split('|')) {
    if (Object.hasOwn(attrs, name) && attrs[name] !== null && attrs[name] !== undefined) return { name, value: attrs[name] as Value };
  }
  return undefined;
}

interface AttrOptions {
  /** Used when the attribute is absent: azurerm's default, which ARM needs written out. */
  readonly default?: Value | ((source: ShapeSource) => Value | undefined);
  readonly map?: (value: Value, source: ShapeSource) => Value | undefined;
}

export function attr(names: string, options: AttrOptions = {}): Spec {
  return new Spec((source, pointer) => {
    const found = pick(source.attrs, names);
    if (!found) {
      const fallback = typeof options.default === 'function' ? options.default(source) : options.default;
      return fallback;
    }
    source.record(pointer, [...source.path, found.name]);
    if (isUnknown(found.value) || !options.map) return found.value;
    return options.map(found.value, source);
  });
}

/** A boolean attribute written as an ARM enum (`public_network_access_enabled` → `Enabled`). */
export function enabled(names: string, yes = 'Enabled', no = 'Disabled', fallback?: boolean): Spec {
  return attr(names, {
    map: (value) => (value === true || value === 'true' ? yes : no),
    ...(fallback !== undefined ? { default: fallback ? yes : no } : {}),
  });
}

/** An id attribute written as an ARM reference `{ id }`. */
export function ref(names: string): Spec {
  return attr(names, { map: (value) => (value === '' ? undefined : { id: value }) });
}

/** A list of ids written as `[{ id }]`. */
export function refs(names: string): Spec {
  return attr(names, { map: (value) => (Array.isArray(value) ? value.map((id) => ({ id })) : value) });
}

/** A single value written as a one-element list (`destination_address` → `destinationAddresses`). */
export function asList(names: string): Spec {
  return attr(names, { map: (value) => (Array.isArray(value) ? value : [value]) });
}

export function lit(value: Value): Spec {
  return new Spec(() => value);
}

/** A secret: never copied; present → Unknown "value withheld", like ARM secure parameters. */
export function secret(names: string): Spec {
  return new Spec((source, pointer) => {
    const found = pick(source.attrs, names);
    if (!found) return undefined;
    source.record(pointer, [...source.path, found.name]);
    return new Unknown(`${found.name} (value withheld)`);
  });
}

/**
 * An attribute written as JSON text (`settings = jsonencode({...})`), read back as the value ARM
 * holds; `jsonencode()` of a value with unknown parts gives that value, its known parts kept.
 */
export function jsonText(name: string): Spec {
  return new Spec((source, pointer) => {
    const found = pick(source.attrs, name);
    if (!found || found.value === null) return undefined;
    source.record(pointer, [...source.path, found.name]);
    const value = found.value;
    if (value instanceof EncodedJson) return value.value;
    if (typeof value !== 'string') return value;
    try {
      return JSON.parse(value) as Value;
    } catch {
      return new Unknown(`${found.name} is not valid JSON`);
    }
  });
}

/** A value computed from the attributes. */
export function calc(read: (source: ShapeSource, pointer: string) => Value | undefined): Spec {
  return new Spec((source, pointer) => read(source, pointer));
}

/** Repeated nested blocks → an ARM array. */
export function blocks(names: string, shape: Shape | ((source: ShapeSource) => Value | undefined)): Spec {
  return new Spec((source, pointer) => {
    const found = pick(source.attrs, names);
    if (!found) return undefined;
    source.record(pointer, [...source.path, found.name]);
    if (isUnknown(found.value)) return found.value;
    const items = Array.isArray(found.value) ? found.value : [found.value];
    return items.map((item, index) => {
      if (!isObject(item)) return item;
      source.record(`${pointer}/${index}`, [...source.path, found.name, index]);
      const inner = nested(source, item, [found.name, index]);
      return typeof shape === 'function' ? (shape(inner) ?? null) : readShape(shape, inner, `${pointer}/${index}`);
    });
  });
}

/** A single nested block → an ARM object. */
export function block(names: string, shape: Shape): Spec {
  return new Spec((source, pointer) => {
    const found = pick(source.attrs, names);
    if (!found) return undefined;
    source.record(pointer, [...source.path, found.name]);
    if (isUnknown(found.value)) return found.value;
    const item = Array.isArray(found.value) ? found.value[0] : found.value;
    if (!isObject(item)) return undefined;
    return readShape(shape, nested(source, item, [found.name, 0]), pointer);
  });
}

/** Reads a shape against another block's attributes (`os_disk`) without adding a level. */
export function within(names: string, shape: Shape): Spec {
  return block(names, shape);
}

export function nested(source: ShapeSource, attrs: ValueObject, step: readonly (string | number)[]): ShapeSource {
  return { attrs, path: [...source.path, ...step], ctx: source.ctx, record: source.record };
}

/** Reads a shape; empty objects are left out. */
export function readShape(shape: Shape, source: ShapeSource, pointer = ''): ValueObject {
  const out: ValueObject = {};
  for (const [key, spec] of Object.entries(shape)) {
    const at = `${pointer}/${escapePointerToken(key)}`;
    const value = spec instanceof Spec ? spec.read(source, at) : readShape(spec, source, at);
    if (value === undefined) continue;
    if (!(spec instanceof Spec) && isObject(value) && Object.keys(value).length === 0) continue;
    out[key] = value;
  }
  return out;
}

export function text(value: Value | undefined): string | undefined {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : undefined;
}
