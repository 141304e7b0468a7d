import { get, type Resource } from '../../../model/resource.js';
import { isObject, isUnknown, Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { AZURE_ROLES, isBroadScope, ROLE_NAMES, roleAssignments, type RoleAssignment } from '../../shared/rbac.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { pushTo } from '../../../model/multimap.js';

const HIGH_PRIVILEGE: readonly string[] = [
  AZURE_ROLES.owner,
  AZURE_ROLES.contributor,
  AZURE_ROLES.userAccessAdministrator,
  AZURE_ROLES.rbacAdministrator,
  AZURE_ROLES.backupContributor,
  AZURE_ROLES.backupOperator,
  AZURE_ROLES.keyVaultAdministrator,
];

/** The principal ids of a VM's system-assigned and user-assigned identities; Unknown entries where the input cannot tell. */
function identityPrincipals(graph: ResourceGraph, vm: Resource): (string | Unknown)[] | undefined {
  const identity = get(vm, 'identity');
  if (isUnknown(identity)) return [identity];
  if (!isObject(identity)) return undefined;
  const type = identity['type'];
  if (typeof type === 'string' && /^none$/i.test(type)) return undefined;
  const out: (string | Unknown)[] = [];
  if (typeof type === 'string' && /systemassigned/i.test(type)) {
    const principal = identity['principalId'];
    out.push(
      typeof principal === 'string'
        ? principal.toLowerCase()
        : isUnknown(principal)
          ? principal
          : new Unknown(`the principal id of VM "${vm.name}"'s system-assigned identity is known only after deployment`),
    );
  }
  const assigned = identity['userAssignedIdentities'];
  if (isObject(assigned)) {
    for (const [id, entry] of Object.entries(assigned)) {
      const principal = isObject(entry) ? entry['principalId'] : undefined;
      if (typeof principal === 'string') {
        out.push(principal.toLowerCase());
        continue;
      }
      const uami = graph.get(id, vm);
      const fromResource = uami ? get(uami, 'properties', 'principalId') : undefined;
      if (typeof fromResource === 'string') out.push(fromResource.toLowerCase());
      else out.push(isUnknown(fromResource) ? fromResource : new Unknown(`the principal id of identity ${id.split('/').pop() ?? id} is not in the input`));
    }
  }
  return out.length > 0 ? out : undefined;
}

interface BroadAssignment {
  readonly assignment: RoleAssignment & { readonly role: string; readonly scope: string };
  readonly order: number;
}

/**
 * High-privilege assignments at a broad scope, by principal id, read once per graph (not once
 * per VM); `undecided` is the first of them whose principal is only known at deployment.
 */
function broadAssignments(graph: ResourceGraph): { byPrincipal: Map<string, BroadAssignment[]>; undecided?: Unknown } {
  const byPrincipal = new Map<string, BroadAssignment[]>();
  let undecided: Unknown | undefined;
  roleAssignments(graph).forEach((assignment, order) => {
    if (isUnknown(assignment.role) || !HIGH_PRIVILEGE.includes(assignment.role)) return;
    if (isUnknown(assignment.scope)) return;
    if (!isBroadScope(assignment.scope)) return;
    if (isUnknown(assignment.principalId)) {
      // A template's assignment to reference(vm).identity.principalId: it may be this VM's identity.
      const principalType = assignment.principalType?.toLowerCase();
      if (principalType === undefined || principalType === 'serviceprincipal') undecided ??= assignment.principalId;
      return;
    }
    const entry = { assignment: assignment as BroadAssignment['assignment'], order };
    pushTo(byPrincipal, assignment.principalId, entry);
  });
  return undecided ? { byPrincipal, undecided } : { byPrincipal };
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
      en: 'A managed identity of VM "{{vm}}" holds {{role}} at {{scope}}: anyone who controls the VM controls that scope.',
      ja: 'VM "{{vm}}" のマネージド ID が {{scope}} で {{role}} を保持しています。VM を掌握した者がそのスコープを掌握できます。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-3', 'PA-7'],
  },
  check(vm, context) {
    const principals = identityPrincipals(context.graph, vm);
    if (!principals) return context.notApplicable('the VM has no managed identity');
    const broad = context.graph.derive(broadAssignments);
    const known = new Set(principals.filter((p): p is string => typeof p === 'string'));
    const undecided: Unknown | undefined = principals.find((p): p is Unknown => isUnknown(p)) ?? broad.undecided;
    // The broad assignments of this VM's principals, in the order they are in the input.
    const matched = [...known].flatMap((principal) => broad.byPrincipal.get(principal) ?? []).sort((a, b) => a.order - b.order);
    for (const { assignment } of matched) {
      context.report(
        'broadRole',
        { vm: vm.name, role: ROLE_NAMES[assignment.role] ?? assignment.role, scope: assignment.scope },
        { resource: assignment.resource, at: '/properties/roleDefinitionId' },
      );
    }
    if (undecided) return context.unknown(undecided.reason);
  },
});
