import { z } from 'zod';
import { at, get } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { isObject, isUnknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { actionPattern, isBroadScope } from '../../shared/rbac.js';
import { isSubscription, SUBSCRIPTION_TYPE, unreadTable } from '../../shared/subscription.js';

/**
 * Operations that let a role holder raise their own access: grant any role (including Owner) to
 * anyone, rewrite a role definition, or run commands as SYSTEM/root on VMs.
 */
const ESCALATION = [
  'Microsoft.Authorization/roleAssignments/write',
  'Microsoft.Authorization/roleDefinitions/write',
  'Microsoft.Compute/virtualMachines/runCommand/action',
];

const ROLE_ASSIGNMENT_WRITE = 'Microsoft.Authorization/roleAssignments/write';

export default defineRule({
  id: 'AZV-IAM-011',
  name: 'custom-role-wildcard',
  pillar: 'IAM',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Authorization/roleDefinitions', SUBSCRIPTION_TYPE],
  title: {
    en: 'No custom RBAC roles with owner-equivalent (*) permissions',
    ja: '所有者相当（*）権限を持つカスタム RBAC ロールがない',
  },
  fix: {
    en: 'Replace "*" in the custom role\'s actions with the specific operations it needs, or use a built-in role.',
    ja: 'カスタム ロールの actions の "*" を必要な操作だけに置き換えるか、組み込みロールを使用します。',
  },
  messages: {
    wildcard: {
      en: 'Custom role "{{role}}" grants "*" actions at {{scope}}: it is as powerful as Owner.',
      ja: 'カスタム ロール "{{role}}" は {{scope}} で "*" の操作を許可しており、所有者と同等の権限です。',
    },
    wildcardLimited: {
      en: 'Custom role "{{role}}" grants "*" actions at {{scope}} except its notActions ({{notActions}}): every other operation on every resource type, though not granting roles.',
      ja: 'カスタム ロール "{{role}}" は {{scope}} で notActions（{{notActions}}）を除く "*" の操作を許可しています。ロールの付与はできませんが、すべてのリソースの種類でそれ以外のすべての操作ができます。',
    },
    escalation: {
      en: 'Custom role "{{role}}" grants {{action}} at {{scope}}.',
      ja: 'カスタム ロール "{{role}}" は {{scope}} で {{action}} を許可しています。',
    },
  },
  mappings: {
    'mcsb-v1': ['PA-7'],
    'cis-azure-5.0.0': ['5.23'],
    'cis-azure-3.0.0': ['2.23'],
    'azure-policy': ['a451c1ef-c6ca-483d-87ed-f49761e3ffb5'],
    peers: ['checkov CKV_AZURE_39', 'prowler iam_subscription_roles_owner_custom_not_created'],
  },
  options: z
    .object({
      /**
       * Also report actions that grant privilege-escalation operations (role assignment or role
       * definition write, VM run command), wildcards included, unless notActions take them away, at broad scopes.
       */
      reportEscalationActions: z.boolean().default(false),
    })
    .strict(),
  check(role, context) {
    if (isSubscription(role)) {
      // Custom roles are rows of Resource Graph authorizationresources: where it was not read for the
      // subscription, a custom role granting '*' there is not in the input, and no role is evaluated.
      const unread = unreadTable(context.graph, role, 'authorizationresources');
      return unread ? context.notAssessed(unread) : context.notApplicable('custom roles are assessed one by one');
    }
    const type = get(role, 'properties', 'type');
    if (typeof type === 'string' && type.toLowerCase() !== 'customrole') return context.notApplicable('a built-in role');
    const permissions = at(role, 'properties', 'permissions');
    if (isUnknown(permissions.value)) return context.unknown(permissions.value.reason);
    // Where the role may be assigned matters only for actions the rule reports (or that may be such, not known).
    const reportable = (action: Value): boolean =>
      isUnknown(action) ||
      action === '*' ||
      (context.options.reportEscalationActions && typeof action === 'string' && ESCALATION.some((operation) => actionPattern(action).test(operation)));
    const blocks = Array.isArray(permissions.value) ? permissions.value : [];
    // A block, or its actions, not known may grant '*'.
    const actionsOf = (permission: Value): Value | undefined => (isUnknown(permission) ? permission : isObject(permission) ? permission['actions'] : undefined);
    const mayReport = (permission: Value): boolean => {
      const actions = actionsOf(permission);
      return isUnknown(actions) || (Array.isArray(actions) && actions.some(reportable));
    };
    if (!blocks.some(mayReport)) return;
    const scopes = at(role, 'properties', 'assignableScopes');
    if (isUnknown(scopes.value)) return context.unknown(scopes.value.reason);
    const broad: string[] = [];
    if (Array.isArray(scopes.value)) {
      for (const scope of scopes.value) {
        if (isUnknown(scope)) return context.unknown(scope.reason);
        if (typeof scope === 'string' && isBroadScope(idKey(scope) || '/')) broad.push(scope);
      }
    }
    if (broad.length === 0) return context.notApplicable('assignable at resource-group or resource scope only');
    const name = get(role, 'properties', 'roleName');
    const label = typeof name === 'string' ? name : role.name;
    let unknown: string | undefined;
    blocks.forEach((permission, index) => {
      const actions = actionsOf(permission);
      if (isUnknown(actions)) unknown ??= actions.reason;
      if (!isObject(permission) || !Array.isArray(permission['actions'])) return;
      // What the block's notActions take away from its actions (each block on its own, as Azure computes them).
      const notActions = Array.isArray(permission['notActions']) ? permission['notActions'] : [];
      const pendingNot = notActions.find(isUnknown);
      const removed = notActions.filter((n): n is string => typeof n === 'string').map(actionPattern);
      permission['actions'].forEach((action, i) => {
        // An action not known may be '*'.
        if (isUnknown(action)) unknown ??= action.reason;
        if (typeof action !== 'string') return;
        const pointer = `${permissions.pointer}/${index}/actions/${i}`;
        if (action === '*') {
          // What notActions leave decides the wording: '*' less Microsoft.Authorization/*/Write is Contributor (it cannot
          // grant roles), not Owner. Unreadable notActions may take role assignments away too.
          const ownerLike = !pendingNot && !removed.some((not) => not.test(ROLE_ASSIGNMENT_WRITE));
          if (ownerLike) context.report('wildcard', { role: label, scope: broad.join(', ') }, { at: pointer });
          else {
            const written = notActions.filter((n): n is string => typeof n === 'string').join(', ');
            context.report('wildcardLimited', { role: label, scope: broad.join(', '), notActions: written }, { at: pointer });
          }
        } else if (context.options.reportEscalationActions) {
          const pattern = actionPattern(action);
          const granted = ESCALATION.filter((operation) => pattern.test(operation) && !removed.some((not) => not.test(operation)));
          if (granted.length === 0) return;
          if (pendingNot) unknown ??= pendingNot.reason;
          else context.report('escalation', { role: label, action, scope: broad.join(', ') }, { at: pointer });
        }
      });
    });
    if (unknown) return context.unknown(unknown);
  },
});
