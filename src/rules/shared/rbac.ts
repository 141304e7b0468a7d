import { appendAll } from '../../model/arrays.js';
import { pushTo } from '../../model/multimap.js';
import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { isObject, isUnknown, Unknown } from '../../model/value.js';

/** Azure built-in role definition ids the identity rules look for. */
export const AZURE_ROLES = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  userAccessAdministrator: '18d7d88d-d35e-4fb5-a5c3-7773c20a72d9',
  rbacAdministrator: 'f58310d9-a9f6-439a-9e8d-f62e7b41a168',
  vmAdministratorLogin: '1c0163c0-47e6-4577-8991-ea5c82e286e4',
  vmUserLogin: 'fb879df8-f326-4884-b1cf-06f3ad86be52',
  vmContributor: '9980e02c-c2be-4d73-94e8-173b1dc7cf3c',
  backupContributor: '5e467623-bb1f-42f4-a55d-6e525e11384b',
  backupOperator: '00c29273-979b-4161-815c-10b084fb9324',
  keyVaultAdministrator: '00482a5a-887f-4fb3-b363-3b7fe8e74483',
} as const;

/**
 * Ids of Azure built-in role definitions (the same GUID in every tenant) that a role assignment may
 * name without the input holding the definition: those above, Reader, Key Vault Crypto Officer, and
 * data roles often given to workload identities (Azure built-in roles, learn.microsoft.com). Not every
 * built-in role: a role outside this list and outside the input may be a custom role.
 */
export const KNOWN_BUILT_IN_ROLES: ReadonlySet<string> = new Set([
  ...Object.values(AZURE_ROLES),
  'acdd72a7-3385-48ef-bd42-f606fba81ae7', // Reader
  '14b46e9e-c2b7-41b4-b07b-48a6ebf60603', // Key Vault Crypto Officer
  '4633458b-17de-408a-b874-0445c86b69e6', // Key Vault Secrets User
  '2a2b9908-6ea1-4ae2-8e65-a410df84e7d1', // Storage Blob Data Reader
  'ba92f5b4-2d11-453d-a403-e96b0029c9fe', // Storage Blob Data Contributor
  '7f951dda-4ed3-4680-a7ca-43fe172d538d', // AcrPull
]);

export const ROLE_NAMES: Readonly<Record<string, string>> = {
  [AZURE_ROLES.owner]: 'Owner',
  [AZURE_ROLES.contributor]: 'Contributor',
  [AZURE_ROLES.userAccessAdministrator]: 'User Access Administrator',
  [AZURE_ROLES.rbacAdministrator]: 'Role Based Access Control Administrator',
  [AZURE_ROLES.vmAdministratorLogin]: 'Virtual Machine Administrator Login',
  [AZURE_ROLES.vmUserLogin]: 'Virtual Machine User Login',
  [AZURE_ROLES.vmContributor]: 'Virtual Machine Contributor',
  [AZURE_ROLES.backupContributor]: 'Backup Contributor',
  [AZURE_ROLES.backupOperator]: 'Backup Operator',
  [AZURE_ROLES.keyVaultAdministrator]: 'Key Vault Administrator',
};

export interface RoleAssignment {
  readonly resource: Resource;
  /** The role definition guid (lower case), Unknown when the input cannot tell. */
  readonly role: string | Unknown;
  readonly principalId: string | Unknown;
  readonly principalType: string | undefined;
  /** The scope in comparison form, Unknown when it cannot be read. */
  readonly scope: string | Unknown;
}

/** Every Azure role assignment in the graph, read (once per graph: rules ask for them per VM). */
export function roleAssignments(graph: ResourceGraph): readonly RoleAssignment[] {
  return graph.derive(readRoleAssignments);
}

function readRoleAssignments(graph: ResourceGraph): readonly RoleAssignment[] {
  return graph.ofType('Microsoft.Authorization/roleAssignments').map((resource) => {
    const definition = get(resource, 'properties', 'roleDefinitionId');
    const principal = get(resource, 'properties', 'principalId');
    const type = get(resource, 'properties', 'principalType');
    return {
      resource,
      role: isUnknown(definition)
        ? definition
        : typeof definition === 'string'
          ? (definition.split('/').pop() ?? '').toLowerCase()
          : new Unknown('the role assignment has no roleDefinitionId'),
      principalId: isUnknown(principal)
        ? principal
        : typeof principal === 'string'
          ? principal.toLowerCase()
          : new Unknown('the role assignment has no principalId'),
      principalType: typeof type === 'string' ? type : undefined,
      scope: assignmentScope(resource),
    };
  });
}

/** A role assignment's scope: `properties.scope`, its `scope` property, or the scope of its id. */
export function assignmentScope(resource: Resource): string | Unknown {
  const own = get(resource, 'properties', 'scope');
  if (isUnknown(own)) return own;
  if (typeof own === 'string' && own.startsWith('/')) return scopeKey(own);
  const declared = get(resource, 'scope');
  if (isUnknown(declared)) return declared;
  if (typeof declared === 'string' && declared.startsWith('/')) return scopeKey(declared);
  const at = resource.key.indexOf('/providers/microsoft.authorization/roleassignments/');
  return at <= 0 ? '/' : resource.key.slice(0, at);
}

function scopeKey(scope: string): string {
  const key = idKey(scope);
  return key === '' ? '/' : key;
}

/** Root, a management group, or a subscription (not a resource group or a resource). */
export function isBroadScope(scope: string): boolean {
  return scope === '/' || /^\/providers\/microsoft\.management\/managementgroups\/[^/]+$/.test(scope) || /^\/subscriptions\/[^/]+$/.test(scope);
}

/**
 * The role assignments whose scope may cover `target` (a resource key), in input order: those at
 * the target or a scope above it, at the tenant root or a management group, or at a scope not
 * known. Looked up in a per-graph index of scopes, since rules ask it for every VM.
 */
export function assignmentsCovering(graph: ResourceGraph, target: string): readonly RoleAssignment[] {
  const { all, byScope, broad } = graph.derive(assignmentsByScope);
  const found: number[] = [...broad];
  for (let at = target.indexOf('/', 1); ; at = target.indexOf('/', at + 1)) {
    const list = byScope.get(at < 0 ? target : target.slice(0, at));
    if (list) appendAll(found, list);
    if (at < 0) break;
  }
  return found.sort((a, b) => a - b).map((i) => all[i] as RoleAssignment);
}

function assignmentsByScope(graph: ResourceGraph): { all: readonly RoleAssignment[]; byScope: Map<string, number[]>; broad: number[] } {
  const all = roleAssignments(graph);
  const byScope = new Map<string, number[]>();
  const broad: number[] = [];
  all.forEach(({ scope }, i) => {
    if (isUnknown(scope) || scope === '/' || scope.startsWith(MANAGEMENT_GROUP_PREFIX)) broad.push(i);
    else pushTo(byScope, scope, i);
  });
  return { all, byScope, broad };
}

/** Whether `scope` contains `target` (both in comparison form); a management group is taken to. */
export function scopeCovers(scope: string, target: string): boolean {
  if (scope === '/') return true;
  if (scope.startsWith(MANAGEMENT_GROUP_PREFIX)) return true;
  return target === scope || target.startsWith(`${scope}/`);
}

/** An action string as Azure reads it: case-insensitive, `*` matching any run of characters (slashes too). */
export function actionPattern(action: string): RegExp {
  return new RegExp(`^${action.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

/** The role definitions in the input (custom roles: `azvmsec collect` reads them from authorizationresources), by guid (lower case). */
export function roleDefinitions(graph: ResourceGraph): ReadonlyMap<string, Resource> {
  return graph.derive(readRoleDefinitions);
}

function readRoleDefinitions(graph: ResourceGraph): ReadonlyMap<string, Resource> {
  const byGuid = new Map<string, Resource>();
  for (const definition of graph.ofType('Microsoft.Authorization/roleDefinitions')) {
    const guid = (definition.key.split('/').pop() ?? '').toLowerCase();
    if (guid !== '' && !byGuid.has(guid)) byGuid.set(guid, definition);
  }
  return byGuid;
}

const MANAGEMENT_GROUP_PREFIX = '/providers/microsoft.management/managementgroups/';

/**
 * Whether an assignment at `scope` applies to a subscription (its `Microsoft.Resources/subscriptions`
 * resource): the root, the subscription itself, or a management group among its ancestors
 * (`properties.managementGroupAncestorsChain` of its Resource Graph `resourcecontainers` row).
 * Unknown when the scope is a management group and the input does not hold that chain.
 */
export function scopeReaches(scope: string, subscription: Resource): boolean | Unknown {
  if (scope === '/' || scope === subscription.key) return true;
  if (!scope.startsWith(MANAGEMENT_GROUP_PREFIX)) return false;
  const group = scope.slice(MANAGEMENT_GROUP_PREFIX.length);
  const chain = get(subscription, 'properties', 'managementGroupAncestorsChain');
  if (isUnknown(chain)) return chain;
  if (!Array.isArray(chain))
    return new Unknown(
      `the input does not show the management groups subscription ${subscription.name} sits under (Resource Graph resourcecontainers managementGroupAncestorsChain), so an assignment at management group ${group} may or may not cover it`,
    );
  return chain.some((ancestor) => isObject(ancestor) && typeof ancestor['name'] === 'string' && ancestor['name'].toLowerCase() === group);
}
