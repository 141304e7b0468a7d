import type { Diagnostic } from '../../model/input.js';
import { selectProviderVersion, type ProviderConstraint } from './provider-version.js';
import { isObject, Unknown, type Value, type ValueObject } from '../../model/value.js';
import { mappingFor } from './mapping/index.js';
import { fallbackName, placeholderSubscription } from './mapping/types.js';
import type { MapContext } from './mapping/shape.js';
import type { ResourceInstance } from './module.js';
import { DEFAULT_SUBSCRIPTION } from './read.js';
import { mapInstances, unmappedDiagnostics, type MappingResult } from './resources.js';
import { appendAll } from '../../model/arrays.js';

/**
 * Reads `terraform show -json` output: the planned values of every resource instance, with
 * `after_unknown` values as Unknown ("known after apply") and sensitive values withheld. Ids of
 * resources not yet created are unknown in a plan, so references between resources are taken
 * from the plan's `configuration` (`expressions.*.references`) and turned into the ARM ids the
 * mapping tables build.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

/** A plan or state JSON: `format_version` with `planned_values` (or `values` for `terraform show -json` of a state), or a state file itself. */
export function isTerraformPlan(value: unknown): boolean {
  return (
    isObject(value as Value) &&
    ((typeof (value as Json).format_version === 'string' && (isObject((value as Json).planned_values) || isObject((value as Json).values))) ||
      isTerraformState(value))
  );
}

/** A state file as Terraform writes it (`terraform.tfstate`, `terraform state pull`): version 4, its resources with their instances. */
function isTerraformState(value: Json): boolean {
  return value?.version === 4 && typeof value.terraform_version === 'string' && Array.isArray(value.resources);
}

/**
 * A state file in the shape `terraform show -json` gives it: every managed instance, with its
 * address (module path, type, name, index key) and attributes, and the state's sensitive
 * attributes (paths) as the `sensitive_values` map that shape has.
 */
function stateAsShown(state: Json): Json {
  const resources: Json[] = [];
  for (const resource of asArray(state.resources)) {
    if (resource?.mode !== 'managed' || typeof resource.type !== 'string' || typeof resource.name !== 'string') continue;
    const base = `${typeof resource.module === 'string' ? `${resource.module}.` : ''}${resource.type}.${resource.name}`;
    for (const instance of asArray(resource.instances)) {
      const key = instance?.index_key;
      const address = typeof key === 'number' ? `${base}[${key}]` : typeof key === 'string' ? `${base}[${JSON.stringify(key)}]` : base;
      resources.push({
        address,
        mode: 'managed',
        type: resource.type,
        name: resource.name,
        values: instance?.attributes ?? {},
        sensitive_values: sensitiveMap(instance?.sensitive_attributes),
      });
    }
  }
  return { format_version: '1.0', terraform_version: state.terraform_version, values: { root_module: { resources } } };
}

/** `[[{type: 'get_attr', value: 'admin_password'}], …]` → `{ admin_password: true }`. */
function sensitiveMap(paths: Json): Json {
  const out: Json = {};
  for (const path of asArray(paths)) {
    const steps = asArray(path).map((step: Json) => (step?.type === 'index' ? step?.value?.value : step?.value));
    if (steps.length === 0 || steps.some((step: Json) => typeof step !== 'string' && typeof step !== 'number')) continue;
    let node = out;
    for (let i = 0; i < steps.length; i++) {
      const key = String(steps[i]);
      // A value marked whole stays marked whole.
      if (key === '__proto__' || node[key] === true) break;
      if (i === steps.length - 1) node[key] = true;
      else node = node[key] ??= typeof steps[i + 1] === 'number' ? [] : {};
    }
  }
  return out;
}

interface Planned {
  readonly address: string;
  readonly type: string;
  readonly moduleAddress: string;
  readonly values: ValueObject;
  readonly unknown: Json;
  readonly sensitive: Json;
  readonly config: Json;
  /** The provider configuration of its resource block (`azurerm.hub`, `module.m:azurerm`), as the plan's configuration resolves it. */
  readonly providerKey: string | undefined;
}

export function readTerraformPlan(
  input: Json,
  file: string,
  options: { subscriptionId?: string } = {},
): MappingResult & { status: 'ok' | 'partial' | 'error' } {
  const plan = isTerraformState(input) ? stateAsShown(input) : input;
  const diagnostics: Diagnostic[] = [];
  const changes = new Map<string, Json>();
  for (const change of asArray(plan.resource_changes)) if (typeof change?.address === 'string') changes.set(change.address, change.change ?? {});
  const configs = new Map<string, Json>();
  collectConfig(plan.configuration?.root_module, '', configs);
  const planned: Planned[] = [];
  collectPlanned(plan.planned_values?.root_module ?? plan.values?.root_module, planned, changes, configs);
  const azurerm = providerVersion(plan, file);
  appendAll(diagnostics, azurerm.diagnostics);
  const azurermMajor = azurerm.major;
  const subscriptionOf = providerSubscriptions(plan, options.subscriptionId ?? DEFAULT_SUBSCRIPTION, file, diagnostics);
  const ctxOf = (item: Planned): MapContext => ({
    subscriptionId: subscriptionOf(item.providerKey),
    address: item.address,
    fallbackName: fallbackName(item.address),
    azurermMajor,
  });

  // First pass: the ARM id of every instance from its known values and, for an argument known only
  // after apply, from the id of the instance it refers to (a key's key_vault_id is the id of a vault
  // the plan creates), until no id changes.
  const ids = new Map<string, string>();
  let pending = planned.filter((item) => mappingFor(item.type) !== undefined);
  for (let pass = 0; pending.length > 0 && pass < MAX_ID_PASSES; pass++) {
    let changed = false;
    const referring: Planned[] = [];
    for (const item of pending) {
      const formed = plannedId(item, ids, ctxOf(item));
      if (ids.get(item.address) !== formed.id) changed = true;
      ids.set(item.address, formed.id);
      if (formed.referring) referring.push(item);
    }
    pending = changed ? referring : [];
  }
  const instances: ResourceInstance[] = planned.map((item) => {
    const attrs = withUnknowns(
      item.values,
      withoutProviderFilled(item),
      item.sensitive,
      item.config,
      (references) => resolveReferences(references, item, ids),
      item.address,
    ) as ValueObject;
    return { address: item.address, mode: 'managed', type: item.type, attrs, file, block: undefined, ctx: ctxOf(item) };
  });
  const mapped = mapInstances(instances, file);
  const all = [...diagnostics, ...mapped.diagnostics];
  appendAll(all, unmappedDiagnostics(mapped.unmapped));
  return {
    ...mapped,
    diagnostics: all,
    status: all.some((d) => d.severity === 'error') ? 'error' : all.some((d) => d.severity === 'warning') ? 'partial' : 'ok',
  };
}

/** Passes over a plan's instances to form ids from the ids they refer to: one per level of parents (a vault, its key). */
const MAX_ID_PASSES = 8;

/**
 * An instance's ARM id from its known values, with each top-level argument known only after apply
 * that refers to another instance's `id` read as that instance's id so far; `referring` says whether
 * any does (its id may change when theirs do).
 */
function plannedId(item: Planned, ids: Map<string, string>, ctx: MapContext): { id: string; referring: boolean } {
  const mapping = mappingFor(item.type) as NonNullable<ReturnType<typeof mappingFor>>;
  const values: ValueObject = { ...item.values };
  let referring = false;
  if (isObject(item.unknown) && isObject(item.config)) {
    for (const [key, mark] of Object.entries(item.unknown)) {
      const references = isObject(item.config[key]) ? item.config[key].references : undefined;
      if (mark !== true || !Array.isArray(references) || (values[key] !== undefined && values[key] !== null)) continue;
      referring = true;
      const resolved = resolveReferences(references as string[], item, ids);
      if (typeof resolved === 'string') values[key] = resolved;
    }
  }
  return { id: mapping.id(values, ctx), referring };
}

function asArray(value: Json): Json[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Arguments azurerm declares Optional and Computed without a schema default, and fills in its
 * create function when the configuration leaves them out (linux_virtual_machine_resource.go:
 * `allowExtensionOperations := true` unless configured, and so for the others): a plan shows them
 * "known after apply", though their value is the one the mapping writes as the default.
 */
const PROVIDER_FILLED: Readonly<Record<string, readonly string[]>> = {
  azurerm_linux_virtual_machine: ['allow_extension_operations', 'disable_password_authentication', 'provision_vm_agent', 'patch_mode', 'patch_assessment_mode'],
  azurerm_windows_virtual_machine: ['allow_extension_operations', 'provision_vm_agent', 'patch_mode', 'patch_assessment_mode'],
};

/** The instance's `after_unknown` without the provider-filled arguments its configuration does not write. */
function withoutProviderFilled(item: Planned): Json {
  const filled = PROVIDER_FILLED[item.type];
  if (!filled || !isObject(item.unknown)) return item.unknown;
  const written = isObject(item.config) ? item.config : {};
  const left = filled.filter((name) => item.unknown[name] === true && !(name in written));
  if (left.length === 0) return item.unknown;
  const unknown = { ...item.unknown };
  for (const name of left) delete unknown[name];
  return unknown;
}

/**
 * The azurerm version the plan was made with, as far as it tells: the newest meeting the version
 * constraints of every provider configuration (the root module's and each module's) that is
 * hashicorp/azurerm. A plan does not record the version installed.
 */
function providerVersion(plan: Json, file: string): ReturnType<typeof selectProviderVersion> {
  const constraints: ProviderConstraint[] = [];
  for (const [key, config] of Object.entries((plan.configuration?.provider_config ?? {}) as Record<string, Json>)) {
    const fullName = typeof config?.full_name === 'string' ? config.full_name : undefined;
    const azurerm = fullName !== undefined ? /(^|\/)hashicorp\/azurerm$/i.test(fullName) : (config?.name ?? key) === 'azurerm';
    const constraint = config?.version_constraint;
    if (!azurerm || typeof constraint !== 'string') continue;
    const module = typeof config?.module_address === 'string' && config.module_address !== '' ? config.module_address : 'root module';
    constraints.push({ constraint, file, module, root: module === 'root module' });
  }
  return selectProviderVersion(constraints, undefined);
}

/**
 * The subscription of each provider configuration of a plan, as the HCL reader gives it (module.ts
 * `providerSubscription`): the root module's default configurations are the scanned subscription;
 * another with a `subscription_id` (a literal, or a root variable's value) is that subscription,
 * and one whose `subscription_id` is not known is a placeholder subscription of its own. Ids the
 * plan knows (resources already deployed) hold their subscription themselves.
 */
function providerSubscriptions(plan: Json, scanned: string, file: string, diagnostics: Diagnostic[]): (key: string | undefined) => string {
  const configs = (isObject(plan.configuration?.provider_config) ? plan.configuration.provider_config : {}) as Record<string, Json>;
  const found = new Map<string, string>();
  return (key) => {
    if (key === undefined || !Object.hasOwn(configs, key)) return scanned;
    const known = found.get(key);
    if (known !== undefined) return known;
    const config = configs[key];
    const expression = config?.expressions?.subscription_id;
    const defaultOfRoot = !key.includes(':') && typeof config?.alias !== 'string';
    let subscription = scanned;
    if (!defaultOfRoot && expression !== undefined) {
      const references = Array.isArray(expression.references) ? (expression.references as unknown[]) : [];
      const variable = references.length === 1 && typeof references[0] === 'string' ? /^var\.([\w-]+)$/.exec(references[0])?.[1] : undefined;
      const value =
        typeof expression.constant_value === 'string'
          ? expression.constant_value
          : variable !== undefined && !key.includes(':')
            ? plan.variables?.[variable]?.value
            : undefined;
      if (typeof value === 'string' && value.trim() !== '') subscription = value.trim();
      else {
        subscription = placeholderSubscription(`plan\n${key}`);
        diagnostics.push({
          severity: 'info',
          message: `${file}: provider ${key}: subscription_id is not known; its resources not yet deployed are read in the placeholder subscription ${subscription}, apart from the default provider's`,
        });
      }
    }
    found.set(key, subscription);
    return subscription;
  };
}

function collectConfig(module: Json, prefix: string, out: Map<string, Json>): void {
  if (!module) return;
  for (const resource of asArray(module.resources)) if (typeof resource?.address === 'string') out.set(prefix + resource.address, resource);
  for (const [name, call] of Object.entries((module.module_calls ?? {}) as Record<string, Json>)) collectConfig(call?.module, `${prefix}module.${name}.`, out);
}

function collectPlanned(module: Json, out: Planned[], changes: Map<string, Json>, configs: Map<string, Json>): void {
  if (!module) return;
  const moduleAddress = typeof module.address === 'string' ? module.address : '';
  for (const resource of asArray(module.resources)) {
    if (resource?.mode !== 'managed' || typeof resource.address !== 'string') continue;
    const change = changes.get(resource.address) ?? {};
    const configAddress = `${moduleAddress ? moduleAddress.replace(/\[[^\]]*\]/g, '') + '.' : ''}${resource.type}.${resource.name}`;
    out.push({
      address: resource.address,
      type: String(resource.type),
      moduleAddress,
      values: isObject(resource.values) ? (resource.values as ValueObject) : {},
      unknown: change.after_unknown ?? {},
      sensitive: resource.sensitive_values ?? change.after_sensitive ?? {},
      config: configs.get(configAddress)?.expressions ?? {},
      providerKey: typeof configs.get(configAddress)?.provider_config_key === 'string' ? configs.get(configAddress).provider_config_key : undefined,
    });
  }
  for (const child of asArray(module.child_modules)) collectPlanned(child, out, changes, configs);
}

/** Puts Unknown where `after_unknown` says so, withholds sensitive values, fills references from the configuration. */
function withUnknowns(value: Json, unknown: Json, sensitive: Json, config: Json, resolve: (references: string[]) => Value | undefined, where: string): Value {
  if (sensitive === true) return value === null || value === undefined ? null : new Unknown(`sensitive value of ${where} (value withheld)`);
  if (unknown === true) {
    const references = isObject(config) && Array.isArray(config['references']) ? (config['references'] as string[]) : undefined;
    const resolved = references ? resolve(references) : undefined;
    if (typeof resolved === 'string' && /_ids$/.test(where)) return [resolved];
    return resolved ?? new Unknown(`${where} is known only after apply`);
  }
  if (Array.isArray(value) || Array.isArray(unknown)) {
    const list = Array.isArray(value) ? value : [];
    const marks = Array.isArray(unknown) ? unknown : [];
    const length = Math.max(list.length, marks.length);
    // A list of references written as one expression: [a.id, b.id].
    if (isObject(config) && Array.isArray(config['references']) && marks.some((mark) => mark === true)) {
      const resolved = resolve(config['references'] as string[]);
      if (Array.isArray(resolved) && resolved.length === length) return resolved;
    }
    return Array.from({ length }, (_, i) =>
      withUnknowns(
        list[i] ?? null,
        marks[i],
        Array.isArray(sensitive) ? sensitive[i] : undefined,
        Array.isArray(config) ? config[i] : config,
        resolve,
        `${where}[${i}]`,
      ),
    );
  }
  if (isObject(value) || isObject(unknown)) {
    const object: ValueObject = {};
    const keys = new Set([...Object.keys(isObject(value) ? value : {}), ...Object.keys(isObject(unknown) ? unknown : {})]);
    for (const key of keys) {
      const mark = isObject(unknown) ? unknown[key] : undefined;
      const child = isObject(value) ? value[key] : undefined;
      if (child === undefined && mark !== true && !isObject(mark) && !Array.isArray(mark)) continue;
      object[key] = withUnknowns(
        child ?? null,
        mark,
        isObject(sensitive) ? sensitive[key] : undefined,
        isObject(config) ? config[key] : undefined,
        resolve,
        `${where}.${key}`,
      );
    }
    return object;
  }
  return value === undefined ? null : (value as Value);
}

/**
 * Attributes known only after apply that a reference reads from a resource the plan creates, with
 * where its ARM body holds them: a Key Vault key's URL, which a disk encryption set or a Recovery
 * Services vault sends as its key (the rules judging the vault find it through the key).
 */
const DEPLOYED_ATTRIBUTES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  azurerm_key_vault_key: { versionless_id: '/properties/keyUri' },
};

/**
 * `["azurerm_subnet.a.id", "azurerm_subnet.a"]` → the ARM id built for that instance;
 * `azurerm_key_vault_key.k.versionless_id` → an Unknown naming the key (DEPLOYED_ATTRIBUTES).
 */
function resolveReferences(references: readonly string[], from: { address: string; moduleAddress: string }, ids: Map<string, string>): Value | undefined {
  const found: Value[] = [];
  const seen = new Set<string>();
  const prefix = from.moduleAddress ? `${from.moduleAddress}.` : '';
  const ownIndex = /(\[[^\]]*\])$/.exec(from.address)?.[1];
  for (const reference of references) {
    const match = /^(.*)\.([a-z0-9_]+)$/.exec(reference);
    if (!match) continue;
    const [, resource, attribute] = match as unknown as [string, string, string];
    const path = DEPLOYED_ATTRIBUTES[/([a-z0-9_]+)\.[^.]+$/.exec(resource.replace(/\[[^\]]*\]$/, ''))?.[1] ?? '']?.[attribute];
    if (attribute !== 'id' && path === undefined) continue;
    const base = prefix + resource;
    const candidates = [base, ownIndex ? base + ownIndex : undefined, ...[...ids.keys()].filter((address) => address.startsWith(base + '['))].filter(
      (candidate): candidate is string => candidate !== undefined && ids.has(candidate),
    );
    const id = candidates[0] !== undefined ? ids.get(candidates[0]) : undefined;
    if (id === undefined || seen.has(`${id}${path ?? ''}`)) continue;
    seen.add(`${id}${path ?? ''}`);
    found.push(path === undefined ? id : new Unknown(`${reference} is known only after apply`, undefined, { deployed: { resourceId: id, path } }));
  }
  if (found.length === 0) return undefined;
  if (found.length === 1) return found[0] as Value;
  return found;
}
