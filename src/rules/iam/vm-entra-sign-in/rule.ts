import { policyVerdict, type CaRequirement } from '../../../analyses/identity/conditional-access.js';
import { entraTenants } from '../../../model/entra.js';
import { get } from '../../../model/resource.js';
import { isObject, isUnknown, prop, Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { extensionRowsUnread, vmExtensions } from '../../shared/compute.js';
import { anyEnabled } from '../../shared/conditional-access.js';
import { groupMembers, principalIn, principalKind, principalName, readSection, securityDefaultsEnabled } from '../../shared/entra.js';
import { assignmentsCovering, AZURE_ROLES } from '../../shared/rbac.js';
import { unreadTable } from '../../shared/subscription.js';
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
/** The publisher of both login extensions: an extension of that type from another publisher is not Microsoft's. */
const LOGIN_PUBLISHER = 'microsoft.azure.activedirectory';

/** Roles that let a user sign in to a VM or take it over: the two login roles, Owner, Contributor and Virtual Machine Contributor. */
const VM_ACCESS_ROLES: ReadonlySet<string> = new Set([
  AZURE_ROLES.vmAdministratorLogin,
  AZURE_ROLES.vmUserLogin,
  AZURE_ROLES.owner,
  AZURE_ROLES.contributor,
  AZURE_ROLES.vmContributor,
]);

/**
 * Roles that let a user sign in to the VM with Microsoft Entra ID. Owner and Contributor do not:
 * "An Azure user who has the Owner or Contributor role assigned for a VM doesn't automatically have
 * privileges to Microsoft Entra login to the VM" (howto-vm-sign-in-azure-ad-linux), so a Conditional
 * Access exclusion of one of them does not open Entra sign-in to the VM.
 */
const LOGIN_ROLES: ReadonlySet<string> = new Set([AZURE_ROLES.vmAdministratorLogin, AZURE_ROLES.vmUserLogin]);

/** The users and groups holding some roles at a VM. */
interface Holders {
  /** Users (object id, lower case) holding a role themselves or through a group, with their entry in the input, if any. */
  readonly users: Map<string, ValueObject | undefined>;
  /** Groups (object id, lower case) holding a role, by display name. */
  readonly groups: Map<string, string>;
  /** Why not every holder is known: a group holding a role whose members the input does not list. */
  readonly unlisted?: string;
}

/**
 * The users holding one of `roles` at the VM, its resource group, subscription or a management
 * group, themselves or through a group (its `transitiveMembers`, which `azvmsec collect` reads),
 * and those groups.
 */
function holdersOf(graph: ResourceGraph, tenant: Resource, vm: Resource, roles: ReadonlySet<string>): Holders | Unknown {
  // The assignments at the VM and above it (resource group, subscription, management groups) come with its subscription's.
  const unread = unreadTable(graph, vm, 'authorizationresources');
  if (unread) return new Unknown(unread);
  const principals = readSection(tenant, 'principals');
  const users = new Map<string, ValueObject | undefined>();
  const groups = new Map<string, string>();
  let unlisted: string | undefined;
  // Every assignment given covers the VM's scope, or its scope is not known.
  for (const assignment of assignmentsCovering(graph, vm.key)) {
    const { role, scope, principalId } = assignment;
    if (isUnknown(role) || isUnknown(scope) || isUnknown(principalId)) {
      const why = [role, scope, principalId].find(isUnknown);
      if (why && (isUnknown(role) || roles.has(role)))
        return new Unknown(`a role assignment that may give access to the VM is not fully known (${why.reason})`);
      continue;
    }
    if (!roles.has(role)) continue;
    const entry = 'missing' in principals ? undefined : principalIn(principals.value, principalId);
    // Templates and Terraform seldom write principalType: the directory entry says, and an id the
    // input has no entry for is taken as a user's (so an exclusion of it is seen).
    const kind = assignment.principalType?.toLowerCase() ?? principalKind(entry) ?? 'user';
    if (kind !== 'user' && kind !== 'group') continue;
    if (kind === 'user') {
      if (!users.has(principalId) || isObject(entry)) users.set(principalId, isObject(entry) ? entry : undefined);
      continue;
    }
    if (isUnknown(entry)) return entry;
    const name = principalName(entry, principalId);
    groups.set(principalId, name);
    const members = entry ? groupMembers(entry) : undefined;
    if (isUnknown(members)) return members;
    if (!members) {
      unlisted ??= `group '${name}' holds a role that gives access to the VM, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)`;
      continue;
    }
    for (const member of members) {
      const id = isObject(member) ? member['id'] : undefined;
      if (typeof id !== 'string' || !isObject(member)) continue;
      if (!users.get(id.toLowerCase())) users.set(id.toLowerCase(), member);
    }
  }
  return unlisted ? { users, groups, unlisted } : { users, groups };
}

/** A user's display name from its entry, else its user principal name, else its id. */
function nameOf(id: string, entry: ValueObject | undefined, upn?: Value): string {
  const name = entry?.['displayName'];
  return typeof name === 'string' ? name : typeof upn === 'string' ? upn : id;
}

/**
 * The users holding a VM-access role who cannot do MFA (`userRegistrationDetails.isMfaCapable`
 * false): whoever holds such a user's password can register a method of their own at the next
 * sign-in that asks for one. A user Graph has no registration details for (a disabled user) is
 * passed over.
 */
function usersWithoutMfa(graph: ResourceGraph, tenant: Resource, vm: Resource): { users: string[] } | { missing: string } | { unknown: string } {
  const holders = holdersOf(graph, tenant, vm, VM_ACCESS_ROLES);
  if (isUnknown(holders)) return { unknown: holders.reason };
  const { unlisted } = holders;
  if (holders.users.size === 0) return unlisted ? { missing: unlisted } : { users: [] };
  const section = readSection(tenant, 'userRegistrationDetails');
  if ('missing' in section)
    return { missing: `${holders.users.size} user(s) hold roles that give access to the VM, and whether they can do MFA is not known: ${section.missing}` };
  const users: string[] = [];
  for (const [id, entry] of holders.users) {
    const details = principalIn(section.value, id);
    if (isUnknown(details)) return { unknown: details.reason };
    if (details === undefined) continue;
    const capable = details['isMfaCapable'];
    if (isUnknown(capable)) return { unknown: capable.reason };
    if (capable !== false) continue;
    users.push(nameOf(id, entry, details['userPrincipalName']));
  }
  return users.length === 0 && unlisted ? { missing: unlisted } : { users: users.sort() };
}

function strings(value: Value | undefined): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string').map((item) => item.toLowerCase()) : [];
}

/**
 * The users and groups that can sign in to the VM (`holders`) whom a policy's exclusions leave
 * out: "An exclude action overrides an include" (concept-conditional-access-users-groups), so an
 * excluded user signs in without the policy, break-glass accounts included. Excluded users, groups
 * (and their listed members), directory roles (active and eligible assignments) and guests count.
 * Unknown when an exclusion may or may not reach one of them.
 */
function excludedHolders(policy: ValueObject, holders: Holders | Unknown, tenant: Resource): string[] | Unknown {
  const conditions = isObject(policy['conditions']) ? policy['conditions'] : {};
  const users = isObject(conditions['users']) ? conditions['users'] : {};
  const excludeUsers = strings(users['excludeUsers']);
  const excludeGroups = strings(users['excludeGroups']);
  const excludeRoles = strings(users['excludeRoles']);
  const guests = excludeUsers.includes('guestsorexternalusers') || isObject(users['excludeGuestsOrExternalUsers']);
  if (excludeUsers.length + excludeGroups.length + excludeRoles.length === 0 && !guests) return [];
  if (isUnknown(holders)) return holders;
  const name = typeof policy['displayName'] === 'string' ? policy['displayName'] : String(policy['id']);
  const excluded = new Set<string>();
  let unsure: string | undefined;
  const principals = readSection(tenant, 'principals');
  /** The holders among a group's listed members; undefined when the input does not list them. */
  const membersHeld = (groupId: string): string[] | undefined => {
    const entry = 'missing' in principals ? undefined : principalIn(principals.value, groupId);
    const members = isObject(entry) ? groupMembers(entry) : undefined;
    if (!Array.isArray(members)) return undefined;
    return members.flatMap((member) => {
      const id = isObject(member) && typeof member['id'] === 'string' ? member['id'].toLowerCase() : '';
      return holders.users.has(id) ? [nameOf(id, holders.users.get(id))] : [];
    });
  };
  for (const [id, entry] of holders.users) if (excludeUsers.includes(id)) excluded.add(nameOf(id, entry));
  for (const group of excludeGroups) {
    const held = holders.groups.get(group);
    const members = held === undefined ? membersHeld(group) : [held];
    if (members) members.forEach((member) => excluded.add(member));
    else unsure ??= `it excludes group ${group}, and the input does not list its members, who may be able to sign in to the VM`;
  }
  if (excludeRoles.length > 0 && (holders.users.size > 0 || holders.groups.size > 0)) {
    for (const section of ['directoryRoleAssignments', 'roleEligibilitySchedules'] as const) {
      const read = readSection(tenant, section);
      if ('missing' in read) {
        // Eligible assignments exist only with Privileged Identity Management (Entra ID P2).
        if (section === 'directoryRoleAssignments') unsure ??= `it excludes directory roles, and ${read.missing}`;
        continue;
      }
      for (const assignment of Array.isArray(read.value) ? read.value : []) {
        const role = isObject(assignment) ? assignment['roleDefinitionId'] : undefined;
        const principal = isObject(assignment) ? assignment['principalId'] : undefined;
        if (typeof role !== 'string' || !excludeRoles.includes(role.toLowerCase())) continue;
        if (typeof principal !== 'string') {
          unsure ??= 'it excludes directory roles, and the principal of an assignment of one is not known';
          continue;
        }
        const id = principal.toLowerCase();
        if (holders.users.has(id)) excluded.add(nameOf(id, holders.users.get(id)));
        else if (holders.groups.has(id)) excluded.add(holders.groups.get(id) ?? id);
        else {
          const entry = 'missing' in principals ? undefined : principalIn(principals.value, id);
          const isGroup = isObject(entry) && entry['@odata.type'] === '#microsoft.graph.group';
          const members = isGroup ? membersHeld(id) : [];
          if (members) members.forEach((member) => excluded.add(member));
          else unsure ??= `it excludes directory roles, one of which group ${id} holds, and the input does not list its members`;
        }
      }
    }
  }
  if (guests) {
    for (const [id, entry] of holders.users) {
      const type = entry?.['userType'];
      const upn = entry?.['userPrincipalName'];
      if ((typeof type === 'string' && type.toLowerCase() === 'guest') || (typeof upn === 'string' && upn.toUpperCase().includes('#EXT#')))
        excluded.add(nameOf(id, entry));
      else if (typeof type !== 'string')
        unsure ??= `it excludes guests and external users, and the input does not say whether ${nameOf(id, entry)}, who can sign in to the VM, is one`;
    }
  }
  if (excluded.size > 0) return [...excluded].sort();
  // A member of a group the input does not list may be one of those excluded.
  unsure ??= holders.unlisted && `it has exclusions, and ${holders.unlisted}`;
  return unsure ? new Unknown(`Conditional Access policy "${name}": ${unsure}`) : [];
}

type MfaVerdict =
  true | { kind: 'fail' } | { kind: 'excluded'; policy: string; index: number; principals: string[] } | { kind: 'unknown' | 'not-assessed'; reason: string };

/**
 * Whether the tenant requires MFA for the sign-in app of the VM's login extension, for everyone who
 * can sign in to the VM: security defaults, or an enabled Conditional Access policy that covers the
 * modern-authentication clients Entra sign-in to a VM uses (browser, mobile apps and desktop
 * clients: a policy for legacy clients only, or for the browser only, does not apply to it) and
 * excludes none of them.
 */
function mfaRequired(graph: ResourceGraph, tenant: Resource, vm: Resource, extensionType: string): MfaVerdict {
  const defaults = securityDefaultsEnabled(tenant);
  if (defaults === true) return true;
  const section = readSection(tenant, 'conditionalAccessPolicies');
  if ('missing' in section) return { kind: 'not-assessed', reason: section.missing };
  const requirement: CaRequirement = {
    users: { kind: 'all-users' },
    applications: [VM_SIGN_IN_APPS[extensionType.toLowerCase()] ?? 'All'],
    clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
    grant: 'mfa',
    breakGlassAccounts: 0,
  };
  const holders = holdersOf(graph, tenant, vm, LOGIN_ROLES);
  let unknown: Unknown | undefined = isUnknown(section.value) ? section.value : undefined;
  let excluded: Extract<MfaVerdict, { kind: 'excluded' }> | undefined;
  const policies = Array.isArray(section.value) ? section.value : [];
  for (const [index, policy] of policies.entries()) {
    if (!isObject(policy)) continue;
    const verdict = policyVerdict(policy, index, requirement);
    if (isUnknown(verdict)) {
      unknown ??= verdict;
      continue;
    }
    if (verdict.state !== 'enabled' || !verdict.targets || verdict.grant !== 'satisfied') continue;
    const left = excludedHolders(policy, holders, tenant);
    if (isUnknown(left)) unknown ??= left;
    else if (left.length === 0) return true;
    else excluded ??= { kind: 'excluded', policy: verdict.displayName, index, principals: left };
  }
  // A policy the input cannot read, or an exclusion it cannot resolve, may be the one that protects everyone.
  if (unknown) return { kind: 'unknown', reason: unknown.reason };
  if (excluded) return excluded;
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
    ja: 'システム割り当てマネージド ID とともに AADLoginForWindows／AADSSHLoginForLinux（発行元 Microsoft.Azure.ActiveDirectory）を導入し、仮想マシンの管理者ログイン／ユーザー ログイン ロールを付与し、条件付きアクセスで MFA を要求します。',
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
    noSystemIdentity: {
      en: 'VM "{{vm}}" has the {{extension}} extension but no system-assigned managed identity, which the extension needs: Microsoft Entra sign-in does not work, and sign-in falls back on local accounts.',
      ja: 'VM "{{vm}}" には {{extension}} 拡張機能がありますが、拡張機能に必要なシステム割り当てマネージド ID がありません。Microsoft Entra サインインは機能せず、サインインはローカル アカウントで行われます。',
    },
    mfaExcluded: {
      en: 'VM "{{vm}}": Conditional Access policy "{{policy}}" requires MFA for VM sign-in but excludes {{principals}}, who can sign in to the VM (Virtual Machine Administrator/User Login).',
      ja: 'VM "{{vm}}": 条件付きアクセス ポリシー "{{policy}}" は VM へのサインインに MFA を要求しますが、VM にサインインできる {{principals}} を除外しています（仮想マシンの管理者ログイン／ユーザー ログイン）。',
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
    const named = extensions.filter((e) => typeof e.type === 'string' && LOGIN_EXTENSIONS.test(e.type));
    const login = named.find((e) => typeof e.publisher === 'string' && e.publisher.toLowerCase() === LOGIN_PUBLISHER);
    if (!login) {
      const pending = [...named.map((e) => e.publisher), ...extensions.map((e) => e.type)].find(isUnknown);
      if (pending) return context.unknown(pending.reason);
      const unread = extensionRowsUnread(context.graph, vm);
      if (unread) return context.unknown(unread);
      context.report('noEntraLogin', { vm: vm.name });
      return;
    }
    // "You must enable system-assigned managed identity on your Azure virtual machine before installing the
    // Microsoft Entra sign in virtual machine extension" (howto-vm-sign-in-azure-ad-windows, -linux): without it
    // the extension cannot sign anyone in, and sign-in falls back on local accounts.
    const identity = get(vm, 'identity');
    const identityType = isUnknown(identity) ? identity : prop(identity, 'type');
    if (isUnknown(identityType)) return context.unknown(identityType.reason);
    if (typeof identityType !== 'string' || !/systemassigned/i.test(identityType)) {
      context.report('noSystemIdentity', { vm: vm.name, extension: String(login.type) }, { at: '/identity' });
      return;
    }
    // MFA for everyone who can sign in: a Conditional Access policy for all users covering the sign-in app of this VM's extension.
    if (!tenant) return context.unknown("Entra login is installed; whether MFA is required needs the tenant's Conditional Access policies (scan a snapshot)");
    const required = mfaRequired(context.graph, tenant, vm, String(login.type));
    if (required !== true) {
      if (required.kind === 'fail') context.report('noMfa', { vm: vm.name }, { resource: tenant, at: '/properties/conditionalAccessPolicies' });
      else if (required.kind === 'excluded')
        context.report(
          'mfaExcluded',
          { vm: vm.name, policy: required.policy, principals: required.principals.join(', ') },
          { resource: tenant, at: `/properties/conditionalAccessPolicies/${required.index}` },
        );
      else return required.kind === 'unknown' ? context.unknown(required.reason) : context.notAssessed(required.reason);
      return;
    }
    if ('unknown' in withoutMfa) return context.unknown(withoutMfa.unknown);
    if ('missing' in withoutMfa) return context.notAssessed(withoutMfa.missing);
  },
});
