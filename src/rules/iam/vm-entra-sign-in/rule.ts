import { evaluateConditionalAccess } from '../../../analyses/identity/conditional-access.js';
import { entraTenants } from '../../../model/entra.js';
import { isObject, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { vmExtensions } from '../../shared/compute.js';
import { anyEnabled } from '../../shared/conditional-access.js';
import { groupMembers, principalIn, readSection, securityDefaultsEnabled } from '../../shared/entra.js';
import { AZURE_ROLES, roleAssignments, scopeCovers } from '../../shared/rbac.js';
import type { ResourceGraph } from '../../../model/graph.js';
import type { Resource } from '../../../model/resource.js';

/** The Entra application each login extension signs in to, the one Conditional Access must target. */
const VM_SIGN_IN_APPS: Readonly<Record<string, string>> = {
  /** Microsoft Azure Windows Virtual Machine Sign-in. */
  aadloginforwindows: '372140e0-b3b7-4226-8ef9-d57986796201',
  /** Azure Linux VM Sign-In. */
  aadsshloginforlinux: 'ce6ff14a-7fdc-4685-bbe0-f6afdfcfa8e0',
};
const LOGIN_EXTENSIONS = /^(aadloginforwindows|aadsshloginforlinux)$/i;

/** Roles that let a user sign in to a VM or take it over: the two login roles, Owner, Contributor and Virtual Machine Contributor. */
const VM_ACCESS_ROLES: ReadonlySet<string> = new Set([
  AZURE_ROLES.vmAdministratorLogin,
  AZURE_ROLES.vmUserLogin,
  AZURE_ROLES.owner,
  AZURE_ROLES.contributor,
  AZURE_ROLES.vmContributor,
]);

/**
 * The users holding a VM-access role at the VM, its resource group, subscription or a management
 * group, themselves or through a group (its `transitiveMembers`, which `azvmsec collect` reads), who
 * cannot do MFA (`userRegistrationDetails.isMfaCapable` false): whoever holds such a user's
 * password can register a method of their own at the next sign-in that asks for one. A user Graph
 * has no registration details for (a disabled user) is passed over.
 */
function usersWithoutMfa(graph: ResourceGraph, tenant: Resource, vm: Resource): { users: string[] } | { missing: string } | { unknown: string } {
  const principals = readSection(tenant, 'principals');
  const holders = new Set<string>();
  const names = new Map<string, string>();
  // A group whose members are not in the input: any of them may be one more user without MFA.
  let unlisted: string | undefined;
  for (const assignment of roleAssignments(graph)) {
    const kind = assignment.principalType?.toLowerCase();
    if (kind !== 'user' && kind !== 'group') continue;
    const { role, scope, principalId } = assignment;
    if (isUnknown(role) || isUnknown(scope) || isUnknown(principalId)) {
      const why = [role, scope, principalId].find(isUnknown);
      if (why && (isUnknown(scope) || scopeCovers(scope, vm.key)) && (isUnknown(role) || VM_ACCESS_ROLES.has(role)))
        return { unknown: `a role assignment that may give access to the VM is not fully known (${why.reason})` };
      continue;
    }
    if (!VM_ACCESS_ROLES.has(role) || !scopeCovers(scope, vm.key)) continue;
    if (kind === 'user') {
      holders.add(principalId);
      continue;
    }
    const group = 'missing' in principals ? undefined : principalIn(principals.value, principalId);
    if (isUnknown(group)) return { unknown: group.reason };
    const members = group ? groupMembers(group) : undefined;
    if (isUnknown(members)) return { unknown: members.reason };
    if (!members) {
      const name = typeof group?.['displayName'] === 'string' ? group['displayName'] : principalId;
      unlisted ??= `group '${name}' holds a role that gives access to the VM, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)`;
      continue;
    }
    for (const member of members) {
      const id = isObject(member) ? member['id'] : undefined;
      if (typeof id !== 'string') continue;
      holders.add(id.toLowerCase());
      if (isObject(member) && typeof member['displayName'] === 'string') names.set(id.toLowerCase(), member['displayName']);
    }
  }
  if (holders.size === 0) return unlisted ? { missing: unlisted } : { users: [] };
  const section = readSection(tenant, 'userRegistrationDetails');
  if ('missing' in section)
    return { missing: `${holders.size} user(s) hold roles that give access to the VM, and whether they can do MFA is not known: ${section.missing}` };
  const users: string[] = [];
  for (const id of holders) {
    const details = principalIn(section.value, id);
    if (isUnknown(details)) return { unknown: details.reason };
    if (details === undefined) continue;
    const capable = details['isMfaCapable'];
    if (isUnknown(capable)) return { unknown: capable.reason };
    if (capable !== false) continue;
    const principal = 'missing' in principals ? undefined : principalIn(principals.value, id);
    const name = isObject(principal) ? principal['displayName'] : names.get(id);
    const upn = details['userPrincipalName'];
    users.push(typeof name === 'string' ? name : typeof upn === 'string' ? upn : id);
  }
  return users.length === 0 && unlisted ? { missing: unlisted } : { users: users.sort() };
}

/** Whether the tenant requires MFA for the sign-in app of the VM's login extension: Conditional Access or security defaults. */
function mfaRequired(tenant: Resource, extensionType: string): true | { kind: 'fail' } | { kind: 'unknown' | 'not-assessed'; reason: string } {
  const defaults = securityDefaultsEnabled(tenant);
  if (defaults === true) return true;
  const section = readSection(tenant, 'conditionalAccessPolicies');
  if ('missing' in section) return { kind: 'not-assessed', reason: section.missing };
  const verdict = evaluateConditionalAccess(section.value, {
    users: { kind: 'all-users' },
    applications: [VM_SIGN_IN_APPS[extensionType.toLowerCase()] ?? 'All'],
    clientAppTypes: [],
    grant: 'mfa',
    breakGlassAccounts: Number.MAX_SAFE_INTEGER,
  });
  if (isUnknown(verdict)) return { kind: 'unknown', reason: verdict.reason };
  if (verdict.outcome === 'enforced' || verdict.outcome === 'excluded') return true;
  // Security defaults would require MFA, and a tenant with them on has no Conditional Access policies to find
  // (an enabled policy shows that they are off).
  if (defaults === undefined && !anyEnabled(section.value)) {
    const read = readSection(tenant, 'securityDefaults');
    const why = 'no enabled Conditional Access policy requires MFA for VM sign-in, and security defaults, which would, cannot be read';
    return 'missing' in read
      ? { kind: 'not-assessed', reason: `${why}: ${read.missing}` }
      : { kind: 'unknown', reason: `${why}: identitySecurityDefaultsEnforcementPolicy does not say whether they are enabled` };
  }
  return { kind: 'fail' };
}

export default defineRule({
  id: 'AZV-IAM-013',
  name: 'vm-entra-sign-in',
  pillar: 'IAM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Compute/virtualMachines'],
  title: {
    en: 'VM sign-in uses Microsoft Entra ID + Azure RBAC, and principals with VM access have MFA',
    ja: 'VM へのサインインに Microsoft Entra ID と Azure RBAC を使用し、VM アクセス権を持つプリンシパルは MFA 対応済み',
  },
  fix: {
    en: 'Install AADLoginForWindows / AADSSHLoginForLinux (publisher Microsoft.Azure.ActiveDirectory) with a system-assigned identity, grant Virtual Machine Administrator/User Login, and require MFA with Conditional Access.',
    ja: 'システム割り当てマネージド ID とともに AADLoginForWindows／AADSSHLoginForLinux（発行元 Microsoft.Azure.ActiveDirectory）を導入し、仮想マシン管理者／ユーザー ログイン ロールを付与し、条件付きアクセスで MFA を要求します。',
  },
  messages: {
    noEntraLogin: {
      en: 'VM "{{vm}}" has no Microsoft Entra login extension: sign-in uses local accounts that Conditional Access and MFA cannot protect.',
      ja: 'VM "{{vm}}" に Microsoft Entra ログイン拡張機能がありません。サインインはローカル アカウントで行われ、条件付きアクセスと MFA で保護できません。',
    },
    notMfaCapable: {
      en: 'VM "{{vm}}" can be signed in to or taken over by {{users}}, who cannot do MFA (no method registered): whoever holds such a password can register a method of their own.',
      ja: 'VM "{{vm}}" には {{users}} がサインインまたは VM を制御できますが、MFA を使えません（方法が未登録）。パスワードを入手した者が自分の認証方法を登録できます。',
    },
    noMfa: {
      en: 'VM "{{vm}}" accepts Microsoft Entra sign-in, but no enabled Conditional Access policy requires MFA for it.',
      ja: 'VM "{{vm}}" は Microsoft Entra サインインを受け付けますが、それに MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-1', 'IM-6'],
    'cis-azure-5.0.0': ['3.1.1'],
    'cis-azure-3.0.0': ['8.10'],
  },
  check(vm, context) {
    const extensions = vmExtensions(context.graph, vm);
    if (isUnknown(extensions)) return context.unknown(extensions.reason);
    const tenant = entraTenants(context.graph)[0];
    // Users with access who cannot do MFA are a failure with or without Entra sign-in (Owner and Contributor take a VM over without it).
    const withoutMfa = tenant ? usersWithoutMfa(context.graph, tenant, vm) : { users: [] };
    if ('users' in withoutMfa && withoutMfa.users.length > 0) context.report('notMfaCapable', { vm: vm.name, users: withoutMfa.users.join(', ') });
    const login = extensions.find((e) => typeof e.type === 'string' && LOGIN_EXTENSIONS.test(e.type));
    if (!login) {
      const pending = extensions.find((e) => isUnknown(e.type));
      if (pending && isUnknown(pending.type)) return context.unknown(pending.type.reason);
      context.report('noEntraLogin', { vm: vm.name });
      return;
    }
    // MFA for everyone who can sign in: a Conditional Access policy for all users covering the sign-in app of this VM's extension.
    if (!tenant) return context.unknown("Entra login is installed; whether MFA is required needs the tenant's Conditional Access policies (scan a snapshot)");
    const required = mfaRequired(tenant, String(login.type));
    if (required !== true) {
      if (required.kind === 'fail') context.report('noMfa', { vm: vm.name }, { resource: tenant, at: '/properties/conditionalAccessPolicies' });
      else return required.kind === 'unknown' ? context.unknown(required.reason) : context.notAssessed(required.reason);
      return;
    }
    if ('unknown' in withoutMfa) return context.unknown(withoutMfa.unknown);
    if ('missing' in withoutMfa) return context.notAssessed(withoutMfa.missing);
  },
});
