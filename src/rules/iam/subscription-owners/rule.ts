import { z } from 'zod';
import { isUnknown } from '../../../model/value.js';
import { entraTenants } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { readSection, principalIn } from '../../shared/entra.js';
import { AZURE_ROLES, ROLE_NAMES, roleAssignments } from '../../shared/rbac.js';
import { SUBSCRIPTION_TYPE, unreadable } from '../../shared/subscription.js';

const PRIVILEGED = [AZURE_ROLES.owner, AZURE_ROLES.contributor, AZURE_ROLES.userAccessAdministrator] as string[];

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
      en: 'Subscription "{{subscription}}" has {{count}} Owner assignment(s) at subscription scope; keep between {{minimum}} and {{maximum}}.',
      ja: 'サブスクリプション "{{subscription}}" のサブスクリプション スコープの所有者割り当ては {{count}} 件です。{{minimum}}～{{maximum}} 件にしてください。',
    },
    riskyHolder: {
      en: '{{kind}} "{{principal}}" holds {{role}} in subscription "{{subscription}}".',
      ja: '{{kind}} "{{principal}}" がサブスクリプション "{{subscription}}" で {{role}} を保持しています。',
    },
  },
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
    const owners = new Set(
      inScope
        .filter((a) => a.scope === prefix && a.role === AZURE_ROLES.owner)
        .map((a) => (typeof a.principalId === 'string' ? a.principalId : '(unreadable)')),
    );
    if (owners.size < context.options.minOwners || owners.size > context.options.maxOwners) {
      context.report('ownerCount', { subscription: label, count: owners.size, minimum: context.options.minOwners, maximum: context.options.maxOwners });
    }
    const tenant = entraTenants(context.graph)[0];
    const principals = tenant ? readSection(tenant, 'principals') : { missing: 'the input has no Microsoft Entra data (users behind role assignments)' };
    if ('missing' in principals) return context.notAssessed(`guests and disabled accounts cannot be checked: ${principals.missing}`);
    for (const assignment of inScope) {
      if (isUnknown(assignment.role) || !PRIVILEGED.includes(assignment.role) || isUnknown(assignment.principalId)) continue;
      const principal = principalIn(principals.value, assignment.principalId);
      if (!principal) continue;
      const guest = typeof principal['userType'] === 'string' && principal['userType'].toLowerCase() === 'guest';
      const disabled = principal['accountEnabled'] === false;
      if (!guest && !disabled) continue;
      const name =
        typeof principal['userPrincipalName'] === 'string'
          ? principal['userPrincipalName']
          : typeof principal['displayName'] === 'string'
            ? principal['displayName']
            : assignment.principalId;
      context.report(
        'riskyHolder',
        { kind: guest ? 'Guest' : 'Disabled account', principal: name, role: ROLE_NAMES[assignment.role] ?? assignment.role, subscription: label },
        { resource: assignment.resource, at: '/properties/principalId' },
      );
    }
  },
});
