import type { ResourceGraph, Resolved } from '../../model/graph.js';
import { at, get, type Resource } from '../../model/resource.js';
import { idKey, parseResourceId } from '../../model/resource-id.js';
import { asBoolean, equalsIgnoreCase, isObject, isUnknown, prop, Unknown, type Lookup, type Value } from '../../model/value.js';
import type { FindingTarget } from '../define-rule.js';
import { customImage, isScaleSet, osConfigurationPath, osFamily, profileAt } from './compute.js';
import { parseDate } from './dates.js';
import { extensionScope } from './scope.js';
import { unreadTable } from './subscription.js';
import { pushTo } from '../../model/multimap.js';

/** A maintenance configuration assignment that covers a VM, directly or through a dynamic scope. */
export interface MaintenanceAssignment {
  readonly assignment: Resource;
  /** The maintenance configuration it assigns (Unknown when outside the input). */
  readonly configuration: Resolved | undefined;
  readonly dynamic: boolean;
}

/**
 * The configuration assignments (`Microsoft.Maintenance/configurationAssignments`) that cover a VM:
 * assignments scoped to the VM (or naming it in `properties.resourceId`), and subscription or
 * resource-group assignments whose `properties.filter` matches it. `unknown` holds the first
 * reason an assignment could not be placed, or why the assignments of the VM's subscription were
 * not read (Resource Graph maintenanceresources): any of them may cover it.
 */
export function maintenanceAssignments(graph: ResourceGraph, vm: Resource): { found: MaintenanceAssignment[]; unknown?: Unknown } {
  const found: MaintenanceAssignment[] = [];
  const unread = unreadTable(graph, vm, 'maintenanceresources');
  let unknown: Unknown | undefined = unread === undefined ? undefined : new Unknown(unread);
  for (const { assignment, target, scope, filter } of candidates(graph, vm)) {
    let covers: boolean | Unknown = false;
    let dynamic = false;
    if (typeof target === 'string' && idKey(target) === vm.key) covers = true;
    else if (isUnknown(scope)) covers = scope;
    else if (scope === vm.key) covers = true;
    else if (filter !== undefined && filter !== null) {
      dynamic = true;
      covers = isUnknown(filter) ? filter : scopeContains(scope, vm) && filterMatches(graph, filter, vm);
    }
    if (isUnknown(covers)) {
      unknown ??= covers;
      continue;
    }
    if (!covers) continue;
    found.push({ assignment, configuration: graph.resolve(get(assignment, 'properties', 'maintenanceConfigurationId'), assignment), dynamic });
  }
  return unknown ? { found, unknown } : { found };
}

interface AssignmentEntry {
  readonly assignment: Resource;
  readonly order: number;
  readonly target: Value | undefined;
  readonly scope: string | Unknown;
  readonly filter: Value | undefined;
}

/**
 * The assignments that may cover `vm`, in input order: those naming it (by resource id or scope)
 * and those every VM must be checked against (a dynamic scope, or a scope that cannot be read).
 * Any other assignment names another resource, so it cannot cover this VM. Read once per graph.
 */
function candidates(graph: ResourceGraph, vm: Resource): AssignmentEntry[] {
  const index = graph.derive(assignmentIndex);
  const named = index.byKey.get(graph.keyOf(vm)) ?? [];
  if (index.everyVm.length === 0) return named;
  if (named.length === 0) return index.everyVm;
  return [...new Set([...named, ...index.everyVm])].sort((a, b) => a.order - b.order);
}

function assignmentIndex(graph: ResourceGraph): { byKey: Map<string, AssignmentEntry[]>; everyVm: AssignmentEntry[] } {
  const byKey = new Map<string, AssignmentEntry[]>();
  const everyVm: AssignmentEntry[] = [];
  graph.ofType('Microsoft.Maintenance/configurationAssignments').forEach((assignment, order) => {
    const target = get(assignment, 'properties', 'resourceId');
    const scope = extensionScope(assignment);
    const filter = get(assignment, 'properties', 'filter');
    const entry: AssignmentEntry = { assignment, order, target, scope, filter };
    const keys = new Set<string>();
    // By `graph.referenceKey`: where two inputs declare the VM's id, an assignment names its own input's VM.
    if (typeof target === 'string') keys.add(graph.referenceKey(idKey(target), assignment));
    if (!isUnknown(scope)) keys.add(graph.referenceKey(scope, assignment));
    for (const key of keys) {
      pushTo(byKey, key, entry);
    }
    if (isUnknown(scope) || (filter !== undefined && filter !== null)) everyVm.push(entry);
  });
  return { byKey, everyVm };
}

function scopeContains(scope: string, vm: Resource): boolean {
  return /^\/subscriptions\/[^/]+(\/resourcegroups\/[^/]+)?$/.test(scope) && vm.key.startsWith(scope + '/');
}

/**
 * The machines a dynamic scope covers when its filter lists no resource types: dynamic scopes
 * schedule guest patching, which Azure runs on VMs and Azure Arc-enabled servers, never on scale
 * sets (their OS is kept up to date by image upgrades).
 */
const DYNAMIC_SCOPE_TYPES = ['microsoft.compute/virtualmachines', 'microsoft.hybridcompute/machines'];

/**
 * Dynamic-scope filter: every listed dimension must include the VM; absent dimensions match all,
 * except resource types, which then match VMs and Arc-enabled servers only.
 */
function filterMatches(graph: ResourceGraph, filter: Value, vm: Resource): boolean | Unknown {
  if (!isObject(filter)) return false;
  const types = prop(filter, 'resourceTypes');
  if (isUnknown(types)) return types;
  if ((!Array.isArray(types) || types.length === 0) && !DYNAMIC_SCOPE_TYPES.includes(vm.type.toLowerCase())) return false;
  const parsed = parseResourceId(vm.id);
  const checks: [string, string | undefined][] = [
    ['resourceTypes', vm.type],
    ['resourceGroups', parsed?.resourceGroup],
    ['locations', typeof get(vm, 'location') === 'string' ? (get(vm, 'location') as string).replace(/\s/g, '') : undefined],
  ];
  const family = osFamily(graph, vm);
  checks.push(['osTypes', isUnknown(family) ? undefined : family]);
  for (const [name, actual] of checks) {
    const list = prop(filter, name);
    if (isUnknown(list)) return list;
    if (!Array.isArray(list) || list.length === 0) continue;
    if (actual === undefined) return false;
    if (!list.some((item) => typeof item === 'string' && item.replace(/\s/g, '').toLowerCase() === actual.toLowerCase())) return false;
  }
  const tagSettings = prop(filter, 'tagSettings', 'tags');
  if (isUnknown(tagSettings)) return tagSettings;
  if (isObject(tagSettings) && Object.keys(tagSettings).length > 0) {
    const tags = get(vm, 'tags');
    if (isUnknown(tags)) return tags;
    const all = equalsIgnoreCase(prop(filter, 'tagSettings', 'filterOperator'), 'all');
    const results = Object.entries(tagSettings).map(([tag, values]) => {
      const actual = isObject(tags) ? prop(tags, tag) : undefined;
      return typeof actual === 'string' && Array.isArray(values) && values.some((v) => typeof v === 'string' && v.toLowerCase() === actual.toLowerCase());
    });
    if (all ? !results.every(Boolean) : !results.some(Boolean)) return false;
  }
  return true;
}

/** True when a maintenance configuration schedules guest patching (`maintenanceScope` InGuestPatch). */
export function isInGuestPatch(configuration: Resource): boolean | Unknown {
  const scope = get(configuration, 'properties', 'maintenanceScope');
  if (isUnknown(scope)) return scope;
  return typeof scope === 'string' && /^inguestpatch$/i.test(scope);
}

/**
 * The InGuestPatch maintenance configurations (Update Manager schedules) assigned to a VM, directly
 * or through a dynamic scope, in input order. None for a scale set: guest patching schedules go to
 * VMs and Arc-enabled servers, a scale set's OS is kept up to date by image upgrades. A schedule
 * whose window expired before `asOf` (milliseconds since the epoch) no longer runs: it is left out
 * of `found` and listed in `expired`. `unknown` holds the first reason a covering assignment or its
 * configuration could not be read.
 */
export function inGuestPatchSchedules(graph: ResourceGraph, vm: Resource, asOf: number): { found: Resource[]; expired: Resource[]; unknown?: Unknown } {
  if (isScaleSet(vm)) return { found: [], expired: [] };
  const assignments = maintenanceAssignments(graph, vm);
  const found: Resource[] = [];
  const expired: Resource[] = [];
  let unknown: Unknown | undefined;
  for (const { configuration } of assignments.found) {
    if (configuration === undefined) continue;
    if (isUnknown(configuration)) {
      unknown ??= configuration;
      continue;
    }
    const patch = isInGuestPatch(configuration);
    if (isUnknown(patch)) {
      unknown ??= patch;
      continue;
    }
    if (!patch || found.includes(configuration) || expired.includes(configuration)) continue;
    const expiration = expirationTime(configuration);
    if (isUnknown(expiration)) unknown ??= expiration;
    else if (expiration !== undefined && expiration < asOf) expired.push(configuration);
    else found.push(configuration);
  }
  unknown ??= assignments.unknown;
  return unknown ? { found, expired, unknown } : { found, expired };
}

/**
 * When a maintenance window stops recurring: `maintenanceWindow.expirationDateTime`, written
 * "yyyy-MM-dd HH:mm" (absent: 9999-12-31 23:59, never). It is in the configuration's `timeZone`,
 * read here as UTC: a few hours either way do not matter against an as-of date. Undefined when
 * absent or unreadable.
 */
function expirationTime(configuration: Resource): number | Unknown | undefined {
  const text = get(configuration, 'properties', 'maintenanceWindow', 'expirationDateTime');
  if (isUnknown(text)) return text;
  if (typeof text !== 'string') return undefined;
  const match = /^\s*(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}))?/.exec(text);
  return match ? parseDate(`${match[1]}T${match[2] ?? '00:00'}:00Z`) : undefined;
}

/** What a finding about a VM's patching says and where it points, for each rule's own message. */
export interface PatchingFinding<Data> {
  readonly data: Data;
  readonly target: FindingTarget;
}

/**
 * The custom image that keeps the platform from patching a VM whatever its patch mode: "For VMs
 * created from customized images even if the Patch orchestration mode is set to Azure
 * Orchestrated/AutomaticByPlatform, automatic VM guest patching doesn't work"
 * (learn.microsoft.com/azure/update-manager/support-matrix-automatic-guest-patching). Only a
 * schedule patches it then, and a schedule needs Customer Managed Schedules. Undefined for a
 * marketplace image (AZV-VM-009, AZV-VM-011).
 */
export function customImageFinding(vm: Resource): PatchingFinding<{ image: string }> | Unknown | undefined {
  const image = customImage(vm);
  if (isUnknown(image)) return image;
  return image === undefined ? undefined : { data: { image: String(image.value) }, target: { at: image.pointer } };
}

/** The schedule that expired, and when, pointing at its `expirationDateTime` (AZV-VM-009, AZV-VM-011). */
export function expiredScheduleFinding(configuration: Resource): PatchingFinding<{ configuration: string; expiration: string }> {
  const expiration = at(configuration, 'properties', 'maintenanceWindow', 'expirationDateTime');
  return { data: { configuration: configuration.name, expiration: String(expiration.value) }, target: { resource: configuration, at: expiration.pointer } };
}

/**
 * Why a template VM left to Customer Managed Schedules with no schedule in the template is unknown
 * (AZV-VM-009, AZV-VM-011): the schedule may be assigned elsewhere.
 */
export const NO_SCHEDULE_IN_TEMPLATE =
  'the VM uses Customer Managed Schedules (bypassPlatformSafetyChecksOnUserSchedule true), so the platform no longer patches it and only an Update Manager schedule does; the template assigns none, and one assigned elsewhere (a dynamic scope, another deployment) shows only in a live scan or a snapshot';

/**
 * Why AZV-VM-010 and AZV-VM-011 do not apply to a scale set: Azure Update Manager does not support
 * scale sets and recommends automatic OS image upgrades for them
 * (learn.microsoft.com/azure/update-manager/unsupported-workloads); a Flexible scale set's VMs are
 * VMs, checked one by one.
 */
export const NOT_FOR_SCALE_SETS =
  'Azure Update Manager does not support scale sets, which are kept up to date by automatic OS image upgrades (AZV-VM-009); the VMs of a Flexible scale set are checked one by one';

/** How a VM's guest OS patches are orchestrated: the `patchSettings` of its OS configuration block. */
export interface PatchOrchestration {
  readonly family: 'Linux' | 'Windows';
  /** The OS configuration block's path under the profile (`osProfile.linuxConfiguration`, …). */
  readonly path: readonly string[];
  /** `patchSettings.patchMode` as written (undefined when absent), and where, for findings. */
  readonly patchMode: string | undefined;
  readonly modePointer: string;
  /** patchMode AutomaticByPlatform: the platform patches, unless the VM is left to schedules. */
  readonly automaticByPlatform: boolean;
  /**
   * Customer Managed Schedules: patchMode AutomaticByPlatform with
   * `automaticByPlatformSettings.bypassPlatformSafetyChecksOnUserSchedule` true. The one
   * orchestration an Update Manager schedule patches, and the one the platform no longer patches
   * without a schedule. Unknown when the setting is.
   */
  readonly customerManagedSchedules: boolean | Unknown;
  readonly bypassPointer: string;
}

/**
 * The patch mode a VM runs with: `patchMode` as written, else the default: on Windows Manual where
 * `enableAutomaticUpdates` is false ("Manual … enableAutomaticUpdates must be false") and
 * AutomaticByOS otherwise, on Linux ImageDefault.
 */
export function effectivePatchMode(vm: Resource, orchestration: PatchOrchestration): string | Unknown {
  if (orchestration.patchMode !== undefined) return orchestration.patchMode;
  if (orchestration.family === 'Linux') return 'ImageDefault';
  const updates = asBoolean(profileAt(vm, ...orchestration.path, 'enableAutomaticUpdates').value);
  if (isUnknown(updates)) return updates;
  return updates === false ? 'Manual' : 'AutomaticByOS';
}

export function patchOrchestration(graph: ResourceGraph, vm: Resource): PatchOrchestration | Unknown {
  const configuration = osConfigurationPath(graph, vm);
  if (isUnknown(configuration)) return configuration;
  const mode: Lookup = profileAt(vm, ...configuration.path, 'patchSettings', 'patchMode');
  if (isUnknown(mode.value)) return mode.value;
  const patchMode = typeof mode.value === 'string' ? mode.value : undefined;
  const automaticByPlatform = patchMode !== undefined && /^automaticbyplatform$/i.test(patchMode);
  const bypass = profileAt(vm, ...configuration.path, 'patchSettings', 'automaticByPlatformSettings', 'bypassPlatformSafetyChecksOnUserSchedule');
  const bypassValue = asBoolean(bypass.value);
  return {
    family: configuration.family,
    path: configuration.path,
    patchMode,
    modePointer: mode.pointer,
    automaticByPlatform,
    customerManagedSchedules: !automaticByPlatform ? false : isUnknown(bypassValue) ? bypassValue : bypassValue === true,
    bypassPointer: bypass.pointer,
  };
}
