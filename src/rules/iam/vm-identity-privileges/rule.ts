import { get, type Resource } from '../../../model/resource.js';
import { isObject, isUnknown, prop, Unknown, type Value } from '../../../model/value.js';
import { idKey } from '../../../model/resource-id.js';
import { defineRule } from '../../define-rule.js';
import {
  actionPattern,
  AZURE_ROLES,
  isBroadScope,
  KNOWN_BUILT_IN_ROLES,
  ROLE_NAMES,
  roleAssignments,
  roleDefinitions,
  type RoleAssignment,
} from '../../shared/rbac.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { pushTo } from '../../../model/multimap.js';
import { SUBSCRIPTION_TYPE, unreadTable, unreadTableAnywhere } from '../../shared/subscription.js';

const HIGH_PRIVILEGE: readonly string[] = [
  AZURE_ROLES.owner,
  AZURE_ROLES.contributor,
  AZURE_ROLES.userAccessAdministrator,
  AZURE_ROLES.rbacAdministrator,
  AZURE_ROLES.backupContributor,
  AZURE_ROLES.backupOperator,
  AZURE_ROLES.keyVaultAdministrator,
];

/**
 * Operations that make a custom role high-privilege: granting any role to anyone (Owner included), or
 * rewriting a role definition (the holder's own role too). `*` grants all actions: at least
 * Contributor, which is in the list above whatever notActions take away from it.
 */
const ESCALATION = ['Microsoft.Authorization/roleAssignments/write', 'Microsoft.Authorization/roleDefinitions/write'];

/**
 * Whether a custom role definition in the input is high-privilege: `*` in its actions, or an action
 * granting an escalation operation that the same block's notActions do not take away (Azure
 * computes each permission block on its own). Unknown when the input cannot tell.
 */
function customRoleIsHigh(definition: Resource): boolean | Unknown {
  const type = get(definition, 'properties', 'type');
  if (isUnknown(type)) return type;
  if (typeof type === 'string' && type.toLowerCase() !== 'customrole') return false;
  const permissions = get(definition, 'properties', 'permissions');
  if (isUnknown(permissions)) return permissions;
  let unknown: Unknown | undefined;
  for (const block of Array.isArray(permissions) ? permissions : []) {
    const actions = prop(block, 'actions');
    if (isUnknown(actions)) return actions;
    const notActions = prop(block, 'notActions');
    if (isUnknown(notActions)) return notActions;
    const nots = Array.isArray(notActions) ? notActions : [];
    const pendingNot = nots.find(isUnknown);
    const removed = nots.filter((n): n is string => typeof n === 'string').map(actionPattern);
    for (const action of Array.isArray(actions) ? actions : []) {
      if (isUnknown(action)) {
        unknown ??= action;
        continue;
      }
      if (typeof action !== 'string') continue;
      if (action === '*' && !nots.includes('*')) return true;
      const pattern = actionPattern(action);
      if (!ESCALATION.some((operation) => pattern.test(operation) && !removed.some((not) => not.test(operation)))) continue;
      if (pendingNot) unknown ??= pendingNot;
      else return true;
    }
  }
  return unknown ?? false;
}

/**
 * The key an Unknown principal id is compared by: its place in the deployed resource, when it has
 * one, that resource keyed as `from` reads it (`graph.referenceKey`): where two inputs declare the
 * VM's id, a role assignment to one's principal is not one to the other's.
 */
function deployedKey(graph: ResourceGraph, value: Unknown, from: Resource): string | undefined {
  return value.deployed ? `${graph.referenceKey(idKey(value.deployed.resourceId), from)}${value.deployed.path}` : undefined;
}

/**
 * The principals of a VM's system-assigned and user-assigned identities, as keys: the principal id
 * (lower case), or for an identity that exists only once the template is deployed its place in the
 * deployed resource (`<graph.keyOf(resource)>/identity/principalId`), which a template's role
 * assignment to `reference(vm, …, 'Full').identity.principalId` names too (from its own input).
 * `unread` when some principal id is not known: a broad assignment naming a principal by id may be
 * it. `maybeSystem` when the identity type is not known: the key of the system-assigned identity
 * the VM may have.
 */
function identityPrincipals(
  graph: ResourceGraph,
  vm: Resource,
): { keys: Set<string>; unread?: Unknown; maybeSystem?: { key: string; unknown: Unknown } } | undefined {
  const identity = get(vm, 'identity');
  if (isUnknown(identity)) return { keys: new Set(), unread: identity };
  if (!isObject(identity)) return undefined;
  const type = prop(identity, 'type');
  if (typeof type === 'string' && /^none$/i.test(type)) return undefined;
  const keys = new Set<string>();
  let unread: Unknown | undefined;
  const add = (principal: Value | undefined, owner: Resource | undefined, path: string, why: string): void => {
    if (typeof principal === 'string') return void keys.add(principal.toLowerCase());
    unread ??= isUnknown(principal) ? principal : new Unknown(why);
    const key = isUnknown(principal) ? deployedKey(graph, principal, vm) : owner && principal === undefined ? `${graph.keyOf(owner)}${path}` : undefined;
    if (key !== undefined) keys.add(key);
  };
  if (typeof type === 'string' && /systemassigned/i.test(type)) {
    add(
      prop(identity, 'principalId'),
      vm,
      '/identity/principalId',
      `the principal id of VM "${vm.name}"'s system-assigned identity is known only after deployment`,
    );
  }
  // A type not known may include SystemAssigned, whose principal is then the VM's.
  let maybeSystem: { key: string; unknown: Unknown } | undefined;
  if (isUnknown(type)) {
    const principal = prop(identity, 'principalId');
    if (typeof principal !== 'string') unread ??= type;
    const key =
      typeof principal === 'string'
        ? principal.toLowerCase()
        : isUnknown(principal)
          ? deployedKey(graph, principal, vm)
          : principal === undefined
            ? `${graph.keyOf(vm)}/identity/principalId`
            : undefined;
    if (key !== undefined) maybeSystem = { key, unknown: type };
  }
  const assigned = prop(identity, 'userAssignedIdentities');
  if (isObject(assigned)) {
    for (const [id, entry] of Object.entries(assigned)) {
      const principal = prop(entry, 'principalId');
      const uami = typeof principal === 'string' ? undefined : graph.get(id, vm);
      const name = id.split('/').pop() ?? id;
      add(
        typeof principal === 'string' || !uami ? principal : get(uami, 'properties', 'principalId'),
        uami,
        '/properties/principalId',
        uami ? `the principal id of identity ${name} is known only after deployment` : `the principal id of identity ${name} is not in the input`,
      );
    }
  }
  if (keys.size === 0 && !unread && !maybeSystem) return undefined;
  return { keys, ...(unread ? { unread } : {}), ...(maybeSystem ? { maybeSystem } : {}) };
}

interface BroadAssignment {
  readonly assignment: RoleAssignment & { readonly role: string; readonly scope: string };
  /** The name of a custom role. */
  readonly roleName?: string;
  readonly order: number;
  /** For an assignment on a resource group: the vaults in it (Recovery Services, Key Vault), by name. */
  readonly vaults?: string;
}

/** Where backups and keys live: a role over these is one over the VMs' recovery. */
const VAULT_TYPES = ['Microsoft.RecoveryServices/vaults', 'Microsoft.KeyVault/vaults'];

/** The Recovery Services vaults and Key Vaults of the input, by the scope key of their resource group. */
function vaultsByResourceGroup(graph: ResourceGraph): Map<string, Resource[]> {
  const index = new Map<string, Resource[]>();
  for (const type of VAULT_TYPES) {
    for (const vault of graph.ofType(type)) {
      const group = /^\/subscriptions\/[^/]+\/resourcegroups\/[^/]+/.exec(vault.key)?.[0];
      if (group !== undefined) pushTo(index, group, vault);
    }
  }
  return index;
}

/**
 * The names of the vaults in a resource group that a role assignment there covers: those its own
 * input deploys and those read from Azure (which exist), not another template's (another
 * deployment, in a resource group of its own: templates are all read into one placeholder group).
 */
function vaultNames(vaults: readonly Resource[], assignment: Resource): string[] | undefined {
  const covered = vaults.filter((vault) => vault.input === assignment.input || vault.source === undefined);
  return covered.length === 0 ? undefined : covered.map((vault) => vault.name);
}

/**
 * High-privilege assignments at a broad scope, by principal key, read once per graph (not once
 * per VM). `maybe` holds, by principal key, the first assignment whose role or scope cannot be read
 * (it may be one); `literal` when some name a principal by its id (a VM whose principal is not
 * known may be it); `undecided` is the first whose principal cannot be read at all.
 */
function broadAssignments(graph: ResourceGraph): {
  byPrincipal: Map<string, BroadAssignment[]>;
  maybe: Map<string, Unknown>;
  literal: boolean;
  undecided?: Unknown;
} {
  const byPrincipal = new Map<string, BroadAssignment[]>();
  const maybe = new Map<string, Unknown>();
  let literal = false;
  let undecided: Unknown | undefined;
  const vaultGroups = graph.derive(vaultsByResourceGroup);
  const definitions = roleDefinitions(graph);
  // A snapshot holds every custom role of its subscriptions (`azvmsec collect` reads them from
  // authorizationresources; where that table was not read the rule is unknown anyway). A template
  // or an export need not: a role assignment there may name a custom role defined elsewhere.
  const customRolesRead = graph.ofType(SUBSCRIPTION_TYPE).length > 0;
  roleAssignments(graph).forEach((assignment, order) => {
    const { principalId, scope } = assignment;
    let role: string | Unknown = assignment.role;
    // A role not in the list: a custom role defined in the input may be as powerful. A role whose
    // definition is not in the input is a built-in one when its id is one, or when the input holds
    // every custom role; otherwise it may be a custom role that grants '*'.
    const custom = isUnknown(role) || HIGH_PRIVILEGE.includes(role) ? undefined : definitions.get(role);
    if (!isUnknown(role) && !HIGH_PRIVILEGE.includes(role)) {
      const high = custom
        ? customRoleIsHigh(custom)
        : KNOWN_BUILT_IN_ROLES.has(role) || customRolesRead
          ? false
          : new Unknown(`role definition ${role} is not in the input and is not a built-in role azvmsec knows: it may be a custom role as powerful as Owner`);
      if (high === false) return;
      if (isUnknown(high)) role = high;
    }
    const inGroup = isUnknown(scope) ? undefined : vaultGroups.get(scope);
    const vaults = inGroup && vaultNames(inGroup, assignment.resource);
    if (!isUnknown(scope) && !isBroadScope(scope) && vaults === undefined) return;
    const key = isUnknown(principalId) ? deployedKey(graph, principalId, assignment.resource) : principalId;
    if (key === undefined) {
      // A principal from a parameter or a resource outside the input: it may be any VM's identity.
      const principalType = assignment.principalType?.toLowerCase();
      if (principalType === undefined || principalType === 'serviceprincipal') undecided ??= principalId as Unknown;
      return;
    }
    literal ||= !isUnknown(principalId);
    if (isUnknown(role) || isUnknown(scope)) {
      if (!maybe.has(key)) maybe.set(key, isUnknown(role) ? role : (scope as Unknown));
      return;
    }
    const name = custom ? get(custom, 'properties', 'roleName') : undefined;
    const broad = { assignment: assignment as BroadAssignment['assignment'], order, ...(typeof name === 'string' ? { roleName: name } : {}) };
    pushTo(byPrincipal, key, vaults === undefined ? broad : { ...broad, vaults: vaults.join(', ') });
  });
  return undecided ? { byPrincipal, maybe, literal, undecided } : { byPrincipal, maybe, literal };
}

export default defineRule({
  id: 'AZV-IAM-014',
  name: 'vm-identity-privileges',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines', 'Microsoft.Compute/virtualMachineScaleSets'],
  title: {
    en: 'VM managed identities hold least privilege (no Owner/Contributor/UAA at subscription or management-group scope)',
    ja: 'VM のマネージド ID が最小権限（サブスクリプション／管理グループスコープで所有者・共同作成者・UAA を持たない）',
  },
  fix: {
    en: "Replace broad role assignments of the VM's managed identities with narrowly scoped, task-specific roles (a resource group or a single resource).",
    ja: 'VM のマネージド ID への広範なロール割り当てを、狭いスコープ（リソース グループまたは単一リソース）の用途別ロールに置き換えます。',
  },
  messages: {
    broadRole: {
      en: 'A managed identity of {{machine}} "{{vm}}" holds {{role}} at {{scope}}: anyone who controls the VM controls that scope.',
      ja: '{{machine}} "{{vm}}" のマネージド ID が {{scope}} で {{role}} を保持しています。VM を掌握した者がそのスコープを掌握できます。',
    },
    vaultGroupRole: {
      en: 'A managed identity of {{machine}} "{{vm}}" holds {{role}} on resource group {{scope}}, which holds {{vaults}}: anyone who controls the VM can delete the backups or keys there.',
      ja: '{{machine}} "{{vm}}" のマネージド ID が、{{vaults}} を含むリソース グループ {{scope}} で {{role}} を保持しています。VM を掌握した者がそこのバックアップやキーを削除できます。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-3', 'PA-7'],
  },
  check(vm, context) {
    const principals = identityPrincipals(context.graph, vm);
    if (!principals) return context.notApplicable('the VM has no managed identity');
    const broad = context.graph.derive(broadAssignments);
    // A principal not known may be the one a broad assignment names by id; with none, it holds no broad role in the input.
    const system = principals.maybeSystem;
    const undecided =
      [...principals.keys].map((key) => broad.maybe.get(key)).find((reason) => reason !== undefined) ??
      (system && (broad.byPrincipal.has(system.key) || broad.maybe.has(system.key))
        ? new Unknown(
            `whether "${vm.name}" has a system-assigned identity is not known (${system.unknown.reason}): if it has, that identity may hold a broad role`,
          )
        : undefined) ??
      (broad.literal ? principals.unread : undefined) ??
      broad.undecided;
    // The broad assignments of this VM's principals, in the order they are in the input.
    const matched = [...principals.keys].flatMap((principal) => broad.byPrincipal.get(principal) ?? []).sort((a, b) => a.order - b.order);
    for (const { assignment, vaults, roleName } of matched) {
      const role = ROLE_NAMES[assignment.role] ?? roleName ?? assignment.role;
      const target = { resource: assignment.resource, at: '/properties/roleDefinitionId' };
      if (vaults === undefined) context.report('broadRole', { vm: vm.name, role, scope: assignment.scope }, target);
      else context.report('vaultGroupRole', { vm: vm.name, role, scope: assignment.scope, vaults }, target);
    }
    if (undecided) return context.unknown(undecided.reason);
    // An identity may hold a role in any subscription: one whose role assignments (or custom roles) were not read may hold one.
    const unread = unreadTable(context.graph, vm, 'authorizationresources') ?? unreadTableAnywhere(context.graph, 'authorizationresources');
    if (unread) return context.unknown(unread);
  },
});
