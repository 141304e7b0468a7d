import { z } from 'zod';
import { isObject, isUnknown, prop, type Unknown, type Value } from '../../../model/value.js';
import { entraTenants } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { groupMembers, readSection, principalIn } from '../../shared/entra.js';
import { AZURE_ROLES, ROLE_NAMES, roleAssignments } from '../../shared/rbac.js';
import { SUBSCRIPTION_TYPE, unreadable } from '../../shared/subscription.js';

const PRIVILEGED = [AZURE_ROLES.owner, AZURE_ROLES.contributor, AZURE_ROLES.userAccessAdministrator] as string[];

/** A principal's user principal name, else its display name, else `id`. */
function nameOf(principal: Value, id: string): string {
  const upn = prop(principal, 'userPrincipalName');
  const displayName = prop(principal, 'displayName');
  return typeof upn === 'string' ? upn : typeof displayName === 'string' ? displayName : id;
}

export default defineRule({
  id: 'AZV-IAM-010',
  name: 'subscription-owners',
  pillar: 'IAM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE],
  title: {
    en: 'Subscription Owner assignments limited (2–3) and none held by guests or disabled accounts',
    ja: 'サブスクリプション所有者の割り当てを 2～3 名に限定し、ゲストや無効化アカウントに付与しない',
  },
  fix: {
    en: 'Keep two or three Owners at subscription scope (PIM-eligible where possible) and remove Owner, Contributor and User Access Administrator from guests and disabled accounts.',
    ja: 'サブスクリプション スコープの所有者を 2～3 名に保ち（可能なら PIM の資格割り当て）、ゲストと無効化アカウントから所有者・共同作成者・ユーザー アクセス管理者を削除します。',
  },
  messages: {
    ownerCount: {
      en: 'Subscription "{{subscription}}" has {{count}} Owner(s) at subscription scope (members of Owner groups included); keep between {{minimum}} and {{maximum}}.',
      ja: 'サブスクリプション "{{subscription}}" のサブスクリプション スコープの所有者は {{count}} 名です（所有者グループのメンバーを含む）。{{minimum}}～{{maximum}} 名にしてください。',
    },
    riskyHolder: {
      en: '{{kind}} "{{principal}}" holds {{role}} in subscription "{{subscription}}".',
      ja: '{{kind}} "{{principal}}" がサブスクリプション "{{subscription}}" で {{role}} を保持しています。',
    },
    riskyMember: {
      en: '{{kind}} "{{principal}}" holds {{role}} in subscription "{{subscription}}" through group "{{group}}".',
      ja: '{{kind}} "{{principal}}" がグループ "{{group}}" を通じてサブスクリプション "{{subscription}}" で {{role}} を保持しています。',
    },
  },
  phrases: ['kind'],
  mappings: {
    'mcsb-v1': ['PA-1', 'PA-4'],
    'cis-azure-5.0.0': ['5.27', '5.3.5'],
  },
  options: z
    .object({
      minOwners: z.number().int().min(0).default(2),
      maxOwners: z.number().int().min(1).default(3),
    })
    .strict(),
  check(subscription, context) {
    const failed = unreadable(subscription, 'authorizationresources');
    if (failed) return context.notAssessed(failed);
    const prefix = `${subscription.key}`;
    const inScope = roleAssignments(context.graph).filter((a) => !isUnknown(a.scope) && (a.scope === prefix || a.scope.startsWith(`${prefix}/`)));
    if (inScope.length === 0)
      return context.notAssessed(`the input has no role assignments for subscription ${subscription.name} (Resource Graph authorizationresources)`);
    const label = typeof subscription.body['name'] === 'string' ? subscription.body['name'] : subscription.name;
    // Assignments whose scope, role or holder is not known may be Owners here, or Owners held by one holder.
    let unknownReason: string | undefined;
    // A privileged group whose members the input does not list: any of them may be a guest.
    let unlisted: string | undefined;
    let maybeOwner: string | undefined;
    const owners = new Set<string>();
    let maybeOwners = 0;
    const tenant = entraTenants(context.graph)[0];
    const principals = tenant ? readSection(tenant, 'principals') : { missing: 'the input has no Microsoft Entra data (users behind role assignments)' };
    // An Owner group makes each of its members an Owner: counted by the members the input lists; with
    // none listed, the count has no upper bound.
    let unlistedOwners = false;
    for (const assignment of roleAssignments(context.graph)) {
      const { scope, role, principalId } = assignment;
      const here = isUnknown(scope) ? undefined : scope === prefix;
      if (here === false || (!isUnknown(role) && role !== AZURE_ROLES.owner)) continue;
      if (here === undefined || isUnknown(role) || isUnknown(principalId)) {
        maybeOwners++;
        maybeOwner ??= `whether role assignment "${assignment.resource.name}" adds an Owner is not known: ${[scope, role, principalId].find(isUnknown)?.reason ?? ''}`;
        continue;
      }
      const entry = 'missing' in principals ? undefined : principalIn(principals.value, principalId);
      const isGroup = assignment.principalType?.toLowerCase() === 'group' || (isObject(entry) && entry['@odata.type'] === '#microsoft.graph.group');
      if (!isGroup) {
        owners.add(principalId);
        continue;
      }
      const members = isObject(entry) ? groupMembers(entry) : undefined;
      if (Array.isArray(members)) {
        for (const member of members) {
          const id = prop(member, 'id');
          if (typeof id === 'string') owners.add(id.toLowerCase());
        }
      } else {
        unlistedOwners = true;
        const groupName = isObject(entry) ? entry['displayName'] : undefined;
        unlisted ??= `group '${typeof groupName === 'string' ? groupName : principalId}' holds a privileged role in the subscription, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)`;
      }
    }
    const { minOwners, maxOwners } = context.options;
    if (owners.size > maxOwners || (!unlistedOwners && owners.size + maybeOwners < minOwners)) {
      context.report('ownerCount', { subscription: label, count: owners.size, minimum: minOwners, maximum: maxOwners });
    } else if (maybeOwners > 0 && (owners.size < minOwners || owners.size + maybeOwners > maxOwners)) {
      unknownReason = maybeOwner;
    }
    if ('missing' in principals) return context.notAssessed(`guests and disabled accounts cannot be checked: ${principals.missing}`);
    for (const assignment of roleAssignments(context.graph)) {
      const { scope, role, principalId } = assignment;
      if (!isUnknown(scope) && scope !== prefix && !scope.startsWith(`${prefix}/`)) continue;
      if (!isUnknown(role) && !PRIVILEGED.includes(role)) continue;
      if (isUnknown(principalId)) {
        unknownReason ??= principalId.reason;
        continue;
      }
      const principal = principalIn(principals.value, principalId);
      if (!principal) continue;
      if (isUnknown(principal)) {
        unknownReason ??= principal.reason;
        continue;
      }
      // A group holds the role for each of its member users (nested groups' too), which `azvmsec collect` lists.
      const isGroup = prop(principal, '@odata.type') === '#microsoft.graph.group';
      const listed = isGroup ? groupMembers(principal) : undefined;
      const members = isUnknown(listed) ? undefined : listed;
      if (isGroup && !members) {
        const groupName = prop(principal, 'displayName');
        unlisted ??= `group '${typeof groupName === 'string' ? groupName : principalId}' holds a privileged role in the subscription, and the input does not list its members (azvmsec collect reads them with Directory.Read.All)`;
        continue;
      }
      for (const holder of members ?? [principal]) {
        const userType = prop(holder, 'userType');
        const enabled = prop(holder, 'accountEnabled');
        const guest = typeof userType === 'string' && userType.toLowerCase() === 'guest';
        const disabled = enabled === false;
        if (!guest && !disabled) {
          // Whether the holder is a guest or disabled is not known.
          const unsure = [userType, enabled].find(isUnknown);
          if (unsure) unknownReason ??= unsure.reason;
          continue;
        }
        // A guest or disabled account whose assignment may or may not be here, or privileged.
        if (isUnknown(scope) || isUnknown(role)) {
          unknownReason ??= (isUnknown(scope) ? scope : (role as Unknown)).reason;
          continue;
        }
        const data = {
          kind: guest ? 'Guest' : 'Disabled account',
          principal: nameOf(holder, principalId),
          role: ROLE_NAMES[role] ?? role,
          subscription: label,
        };
        const target = { resource: assignment.resource, at: '/properties/principalId' };
        if (isGroup) context.report('riskyMember', { ...data, group: nameOf(principal, principalId) }, target);
        else context.report('riskyHolder', data, target);
      }
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
    if (unlisted !== undefined) return context.notAssessed(unlisted);
  },
});
