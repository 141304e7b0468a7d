import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { get, type Resource } from '../../../model/resource.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { entraTenants } from '../../../model/entra.js';
import { DIRECTORY_ROLES, entraLicence, groupMembers, principalIn, principalKind, principalName, readSection } from '../../shared/entra.js';
import { AZURE_ROLES, ROLE_NAMES, roleAssignments, scopeReaches } from '../../shared/rbac.js';
import { inSubscription, isSubscription, SUBSCRIPTION_TYPE, unreadable } from '../../shared/subscription.js';

/** The roles no user should hold as a standing assignment at subscription scope, with the message for each. */
const STANDING: Readonly<Record<string, 'standingUaa' | 'standingOwner'>> = {
  [AZURE_ROLES.userAccessAdministrator]: 'standingUaa',
  [AZURE_ROLES.owner]: 'standingOwner',
};

export default defineRule({
  id: 'AZV-IAM-012',
  name: 'standing-privileged-access',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE, SUBSCRIPTION_TYPE],
  title: {
    en: 'Standing privileged access minimised (PIM eligibility, UAA restricted, ≤ 4 Global Admins, no classic administrators)',
    ja: '常時特権アクセスの最小化（PIM の資格割り当て、UAA 制限、グローバル管理者 4 名以下、クラシック管理者なし）',
  },
  fix: {
    en: 'Make privileged roles PIM-eligible instead of permanently active, keep 2–4 Global Administrators, remove standing User Access Administrator assignments and classic co-administrators.',
    ja: '特権ロールを常時アクティブではなく PIM の資格割り当てにし、グローバル管理者を 2～4 名に保ち、常設のユーザー アクセス管理者割り当てとクラシック共同管理者を削除します。',
  },
  messages: {
    globalAdmins: {
      en: 'The tenant has {{count}} Global Administrator(s) ({{active}} permanently active); keep between {{minimum}} and {{maximum}}.',
      ja: 'テナントのグローバル管理者は {{count}} 名（常時アクティブ {{active}} 名）です。{{minimum}}～{{maximum}} 名にしてください。',
    },
    classicAdministrator: {
      en: 'Classic administrator "{{name}}" ({{role}}) still exists in the subscription; classic administrators were retired on 31 Aug 2024.',
      ja: 'クラシック管理者 "{{name}}"（{{role}}）がサブスクリプションに残っています。クラシック管理者は 2024 年 8 月 31 日に廃止されました。',
    },
    standingUaa: {
      en: 'User "{{principal}}" holds User Access Administrator at {{scope}} as a standing assignment.',
      ja: 'ユーザー "{{principal}}" が {{scope}} でユーザー アクセス管理者を常設の割り当てとして保持しています。',
    },
    standingGroup: {
      en: 'Group "{{group}}" holds {{role}} at {{scope}} as a standing assignment, and so do its members through it: {{members}}.',
      ja: 'グループ "{{group}}" が {{scope}} で {{role}} を常設の割り当てとして保持しており、そのメンバーもグループを通じて保持しています: {{members}}。',
    },
    permanentGlobalAdmins: {
      en: 'The tenant has Entra ID P2, yet {{count}} Global Administrators are permanently active ({{principals}}): make them eligible in Privileged Identity Management and keep permanently active only the emergency access accounts (at most {{breakGlass}}, or those in allowedStandingPrincipals).',
      ja: 'テナントには Entra ID P2 があるのに、グローバル管理者 {{count}} 名が常時アクティブです（{{principals}}）。Privileged Identity Management の資格割り当てにし、常時アクティブにするのは緊急アクセス用アカウント（最大 {{breakGlass}} 名、または allowedStandingPrincipals に挙げたもの）だけにしてください。',
    },
    standingOwner: {
      en: 'User "{{principal}}" holds Owner at {{scope}} as a standing assignment: Owner can also grant any role, as User Access Administrator can.',
      ja: 'ユーザー "{{principal}}" が {{scope}} で所有者を常設の割り当てとして保持しています。所有者はユーザー アクセス管理者と同じく任意のロールを付与できます。',
    },
  },
  mappings: {
    'mcsb-v1': ['PA-1', 'PA-2'],
    'cis-azure-5.0.0': ['5.3.3', '5.26'],
  },
  options: z
    .object({
      minGlobalAdmins: z.number().int().min(0).default(2),
      maxGlobalAdmins: z.number().int().min(1).default(4),
      /** Principal object ids allowed to hold standing User Access Administrator, Owner or Global Administrator (break-glass accounts). */
      allowedStandingPrincipals: z.array(z.string()).default([]),
      /** Permanently active Global Administrators taken as emergency access accounts where the tenant has PIM (Entra ID P2). */
      breakGlassAccounts: z.number().int().min(0).default(2),
    })
    .strict(),
  check(resource, context) {
    if (isSubscription(resource)) {
      const failed = unreadable(resource, 'authorizationresources');
      if (failed) return context.notAssessed(failed);
      for (const admin of inSubscription(context.graph, resource, 'Microsoft.Authorization/classicAdministrators')) {
        const role = admin.body['properties'];
        const roleName = isObject(role) && typeof role['role'] === 'string' ? role['role'] : 'CoAdministrator';
        const email = isObject(role) && typeof role['emailAddress'] === 'string' ? role['emailAddress'] : admin.name;
        context.report('classicAdministrator', { name: email, role: roleName }, { resource: admin, at: '/properties' });
      }
      const allowed = context.options.allowedStandingPrincipals.map((id) => id.toLowerCase());
      const tenant = entraTenants(context.graph)[0];
      const principals = tenant ? readSection(tenant, 'principals') : undefined;
      // Owner holds every permission User Access Administrator has (and the rest): both, standing, are what PIM removes.
      // An assignment at the root or a management group above the subscription is inherited by it.
      let unsure: string | undefined;
      for (const assignment of roleAssignments(context.graph)) {
        if (isUnknown(assignment.scope) || isUnknown(assignment.principalId)) continue;
        if (allowed.includes(assignment.principalId)) continue;
        // Templates and Terraform seldom write principalType: the directory entry says, if the input has it.
        const entry = principals && !('missing' in principals) ? principalIn(principals.value, assignment.principalId) : undefined;
        const kind = assignment.principalType?.toLowerCase() ?? principalKind(entry);
        if (kind !== undefined && kind !== 'user' && kind !== 'group') continue;
        const reaches = scopeReaches(assignment.scope, resource);
        if (reaches === false) continue;
        if (isUnknown(reaches)) {
          if (isUnknown(assignment.role) || STANDING[assignment.role]) unsure ??= reaches.reason;
          continue;
        }
        if (isUnknown(assignment.role)) {
          unsure ??= `the role of a user's assignment at subscription scope is not known (${assignment.role.reason}): it may be Owner or User Access Administrator`;
          continue;
        }
        const messageId = STANDING[assignment.role];
        if (messageId === undefined) continue;
        const scope = assignment.scope === resource.key ? resource.id : scopeAsWritten(assignment.resource, assignment.scope);
        if (kind === undefined) {
          unsure ??= `principal ${assignment.principalId} holds ${ROLE_NAMES[assignment.role] ?? assignment.role} at ${scope}, and the input does not say whether it is a user, a group or a service principal`;
          continue;
        }
        const target = { resource: assignment.resource, at: '/properties/roleDefinitionId' };
        if (kind === 'user') {
          context.report(messageId, { principal: assignment.principalId, scope }, target);
          continue;
        }
        // A group holds the role for each of its members (transitiveMembers). Members whose membership is
        // eligible through PIM for Groups are not members until they activate it, so the listed ones hold it now.
        const name = principalName(entry, assignment.principalId);
        const listed = isObject(entry) ? groupMembers(entry) : undefined;
        if (!Array.isArray(listed)) {
          unsure ??= `group '${name}' holds a privileged role in the subscription, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)`;
          continue;
        }
        const holders = listed.flatMap((member) => {
          const id = isObject(member) && typeof member['id'] === 'string' ? member['id'].toLowerCase() : undefined;
          if (id === undefined || allowed.includes(id)) return [];
          return [principalName(member, id)];
        });
        if (holders.length > 0)
          context.report(
            'standingGroup',
            { group: name, role: ROLE_NAMES[assignment.role] ?? assignment.role, scope, members: holders.sort().join(', ') },
            target,
          );
      }
      return unsure === undefined ? undefined : context.unknown(unsure);
    }
    const assignments = readSection(resource, 'directoryRoleAssignments');
    if ('missing' in assignments) return context.notAssessed(assignments.missing);
    const active = globalAdministrators(assignments.value);
    const eligibleSection = readSection(resource, 'roleEligibilitySchedules');
    const eligible = 'missing' in eligibleSection ? { principals: [], unsure: [] } : globalAdministrators(eligibleSection.value);
    // Activated PIM assignments show as active assignments too; count each principal once.
    const all = new Set([...active.principals, ...eligible.principals]);
    // Entries whose role or principal is not known: each may be one more Global Administrator.
    const unsure = [...active.unsure, ...eligible.unsure];
    // A role-assignable group holds the role for each of its members, and the input does not list members.
    const principals = readSection(resource, 'principals');
    const entryOf = (id: string) => ('missing' in principals ? undefined : principalIn(principals.value, id));
    // A principal whose entry is not known may be a group.
    let unsureKind: Unknown | undefined;
    const groups = [...all].filter((id) => {
      const found = entryOf(id);
      if (isUnknown(found)) unsureKind ??= found;
      const kind = found === undefined || isUnknown(found) ? undefined : found['@odata.type'];
      if (isUnknown(kind)) unsureKind ??= kind;
      return kind === '#microsoft.graph.group';
    });
    // A group holds the role for each of its members: count the members the input lists (transitiveMembers).
    const members = new Map<string, string[]>();
    const names = new Map<string, string>();
    const unlisted: string[] = [];
    for (const id of groups) {
      const found = entryOf(id);
      const listed = isObject(found) ? groupMembers(found) : undefined;
      if (!Array.isArray(listed)) {
        unlisted.push(id);
        continue;
      }
      members.set(id, memberIds(listed));
      for (const member of listed)
        if (isObject(member) && typeof member['id'] === 'string') names.set(member['id'].toLowerCase(), principalName(member, member['id']));
    }
    const individuals = [...new Set([...[...all].filter((id) => !groups.includes(id)), ...[...members.values()].flat()])];
    const { minGlobalAdmins: minimum, maxGlobalAdmins: maximum, breakGlassAccounts } = context.options;
    const licence = entraLicence(resource);
    const schedules = readSection(resource, 'roleAssignmentSchedules');
    // Permanently active: an active assignment neither activated through PIM nor time-bound, to the user or to a group the user is in.
    const { activated, timeBound, unsure: unsureSchedules } = 'missing' in schedules ? NO_SCHEDULES : pimSchedules(schedules.value);
    const individualsOf = (ids: readonly string[]): string[] => [...new Set(ids.flatMap((id) => (groups.includes(id) ? (members.get(id) ?? []) : [id])))];
    const permanent = individualsOf(active.principals.filter((id) => !activated.has(id) && !timeBound.has(id)));
    // With Entra ID P2, Global Administrators are eligible in PIM and activate the role when they need it;
    // only the emergency access accounts stay permanently active.
    const allowed = new Set(context.options.allowedStandingPrincipals.map((id) => id.toLowerCase()));
    const standing = permanent.filter((id) => !allowed.has(id));
    // Without the schedules, any active assignment may be permanent; groups not listed and entries not known may add more.
    const atMost = 'missing' in schedules ? individualsOf(active.principals).filter((id) => !allowed.has(id)) : standing;
    const more = unlisted.length > 0 || unsureKind !== undefined || active.unsure.length > 0;
    let pimUnsure: string | undefined;
    // A schedule not known may be the activation or expiry of any one of them.
    if (licence === 'P2' && !('missing' in schedules) && standing.length - unsureSchedules > breakGlassAccounts) {
      const named = standing.map((id) => names.get(id) ?? principalName(entryOf(id), id)).sort();
      context.report(
        'permanentGlobalAdmins',
        { count: standing.length, principals: named.join(', '), breakGlass: breakGlassAccounts },
        { at: '/properties/directoryRoleAssignments' },
      );
    } else if (licence !== 'Free' && licence !== 'P1' && (atMost.length > breakGlassAccounts || more)) {
      if (licence === undefined) {
        pimUnsure = `whether the tenant has Entra ID P2 (Privileged Identity Management), where Global Administrators beyond the emergency access accounts should be eligible rather than permanently active, is not known`;
      } else if ('missing' in schedules) {
        pimUnsure = `which active Global Administrators were activated through PIM or are time-bound is not known: ${schedules.missing}`;
      } else {
        pimUnsure = `the input does not show every permanently active Global Administrator (groups whose members it does not list, or assignments not known)`;
      }
    }
    // Too many already without eligible assignments and group members: a fail whatever those add.
    if (individuals.length <= maximum) {
      // Without Entra ID P2 there is no PIM, so no eligible assignment to miss.
      if ('missing' in eligibleSection && licence !== 'Free' && licence !== 'P1') {
        return context.notAssessed(`eligible (PIM) Global Administrators are not counted: ${eligibleSection.missing}`);
      }
      if (unlisted.length > 0) {
        return context.unknown(
          `Global Administrator is assigned to ${unlisted.length} group(s) (${unlisted.join(', ')}) whose members the input does not list`,
        );
      }
      if (unsureKind)
        return context.unknown(`whether a Global Administrator is a group, whose members the input does not list, is not known: ${unsureKind.reason}`);
      // Between individuals.length and that plus the unsure entries; unknown unless all or none of it is in range.
      const first = unsure[0];
      if (first && individuals.length + unsure.length >= minimum && (individuals.length < minimum || individuals.length + unsure.length > maximum)) {
        return context.unknown(`the role or principal of ${unsure.length} directory role assignment(s) is not known: ${first.reason}`);
      }
    }
    if (individuals.length < minimum || individuals.length > maximum) {
      context.report('globalAdmins', { count: individuals.length, active: permanent.length, minimum, maximum }, { at: '/properties/directoryRoleAssignments' });
    }
    return pimUnsure === undefined ? undefined : context.unknown(pimUnsure);
  },
});

/** An assignment's scope as the input writes it (its case), else in comparison form. */
function scopeAsWritten(assignment: Resource, key: string): string {
  const written = get(assignment, 'properties', 'scope');
  return typeof written === 'string' && written.toLowerCase() === key ? written : key;
}

/** The object ids (lower case) of a group's listed members. */
function memberIds(members: readonly Value[]): string[] {
  return members.flatMap((member) => (isObject(member) && typeof member['id'] === 'string' ? [member['id'].toLowerCase()] : []));
}

/**
 * The principals (lower case) a role list names as Global Administrator, and the Unknowns of the
 * entries that may name one: an entry or its role not known, or the principal of one of the role.
 */
function globalAdministrators(list: Value): { principals: string[]; unsure: Unknown[] } {
  const principals: string[] = [];
  const unsure: Unknown[] = [];
  if (isUnknown(list)) return { principals, unsure: [list] };
  for (const item of Array.isArray(list) ? list : []) {
    const role = isObject(item) ? item['roleDefinitionId'] : item;
    const id = isObject(item) ? item['principalId'] : undefined;
    if (isUnknown(role)) unsure.push(role);
    else if (typeof role !== 'string' || role.toLowerCase() !== DIRECTORY_ROLES.globalAdministrator) continue;
    else if (isUnknown(id)) unsure.push(id);
    else if (typeof id === 'string') principals.push(id.toLowerCase());
  }
  return { principals: [...new Set(principals)], unsure };
}

/**
 * The principals (lower case) whose Global Administrator assignment PIM shows as activated from an
 * eligible one, and those whose only assignments are time-bound (an expiration other than `noExpiration`).
 */
function pimSchedules(list: Value): PimSchedules {
  if (isUnknown(list)) return { ...NO_SCHEDULES, unsure: Number.MAX_SAFE_INTEGER };
  const activated = new Set<string>();
  const bounded = new Set<string>();
  const open = new Set<string>();
  let unsure = 0;
  for (const item of Array.isArray(list) ? list : []) {
    const { principals, unsure: notKnown } = globalAdministrators([item]);
    const [id] = principals;
    if (notKnown.length > 0) unsure++;
    if (id === undefined || !isObject(item)) continue;
    const type = item['assignmentType'];
    const ends = expires(item['scheduleInfo']);
    if (isUnknown(type) || (/^assigned$/i.test(String(type)) && ends === undefined)) unsure++;
    else if (/^activated$/i.test(String(type))) activated.add(id);
    else if (/^assigned$/i.test(String(type))) (ends ? bounded : open).add(id);
  }
  return { activated, timeBound: new Set([...bounded].filter((id) => !open.has(id))), unsure };
}

interface PimSchedules {
  readonly activated: ReadonlySet<string>;
  readonly timeBound: ReadonlySet<string>;
  /** Schedules whose role, principal, type or expiration is not known. */
  readonly unsure: number;
}
const NO_SCHEDULES: PimSchedules = { activated: new Set(), timeBound: new Set(), unsure: 0 };

/** Whether a schedule's `scheduleInfo.expiration` ends it (`afterDateTime`, `afterDuration`); undefined when not known. */
function expires(scheduleInfo: Value | undefined): boolean | undefined {
  const expiration = isObject(scheduleInfo) ? scheduleInfo['expiration'] : undefined;
  const type = isObject(expiration) ? expiration['type'] : undefined;
  if (isUnknown(scheduleInfo) || isUnknown(expiration) || isUnknown(type)) return undefined;
  return typeof type === 'string' && /^after(DateTime|Duration)$/i.test(type);
}
