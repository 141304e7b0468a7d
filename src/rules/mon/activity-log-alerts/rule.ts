import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

const ALERT_TYPE = 'Microsoft.Insights/activityLogAlerts';

export const REQUIRED_OPERATIONS = [
  'Microsoft.Network/networkSecurityGroups/write',
  'Microsoft.Network/networkSecurityGroups/delete',
  'Microsoft.Network/networkSecurityGroups/securityRules/write',
  'Microsoft.Network/networkSecurityGroups/securityRules/delete',
  'Microsoft.Security/securitySolutions/write',
  'Microsoft.Security/securitySolutions/delete',
  'Microsoft.Authorization/policyAssignments/write',
  'Microsoft.Authorization/policyAssignments/delete',
  'Microsoft.Network/publicIPAddresses/write',
  'Microsoft.Network/publicIPAddresses/delete',
  'Microsoft.RecoveryServices/vaults/delete',
  'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/delete',
  'Microsoft.KeyVault/vaults/delete',
  'Microsoft.Compute/virtualMachines/runCommand/action',
];

type Condition = { field: string; equals: string };

/** The condition leaves of an alert: `allOf[]` items, with an item's `anyOf[]` as alternatives. */
function conditions(alert: Resource): { all: Condition[]; any: Condition[][] } | { unknown: string } {
  const allOf = get(alert, 'properties', 'condition', 'allOf');
  if (isUnknown(allOf)) return { unknown: allOf.reason };
  const all: Condition[] = [];
  const any: Condition[][] = [];
  const leaf = (item: Value): Condition | undefined =>
    isObject(item) && typeof item['field'] === 'string' && typeof item['equals'] === 'string'
      ? { field: item['field'].toLowerCase(), equals: item['equals'].toLowerCase() }
      : undefined;
  for (const item of Array.isArray(allOf) ? allOf : []) {
    // A condition not known may narrow the alert to anything: dropped, it widened it.
    const notKnown = unknownIn(item);
    if (notKnown) return { unknown: notKnown.reason };
    if (isObject(item) && Array.isArray(item['anyOf'])) any.push(item['anyOf'].map(leaf).filter((c): c is Condition => c !== undefined));
    else {
      const c = leaf(item);
      if (c) all.push(c);
    }
  }
  return { all, any };
}

/** A value not known in a condition item, its `anyOf` alternatives or their `field` and `equals`. */
function unknownIn(item: Value): Unknown | undefined {
  if (isUnknown(item)) return item;
  if (!isObject(item)) return undefined;
  for (const key of ['field', 'equals', 'anyOf']) {
    const value = item[key];
    if (isUnknown(value)) return value;
  }
  return Array.isArray(item['anyOf']) ? item['anyOf'].map(unknownIn).find((each) => each !== undefined) : undefined;
}

/** Why an alert notifies nobody (disabled, or no action group); undefined when it works. */
function ineffective(alert: Resource): { ineffective: string } | { unknown: string } | undefined {
  const enabled = get(alert, 'properties', 'enabled');
  if (isUnknown(enabled)) return { unknown: enabled.reason };
  if (enabled === false) return { ineffective: 'disabled' };
  const groups = get(alert, 'properties', 'actions', 'actionGroups');
  if (isUnknown(groups)) return { unknown: groups.reason };
  if (!Array.isArray(groups) || groups.length === 0) return { ineffective: 'has no action group' };
  return undefined;
}

/** The operations an alert fires on (`*` for every Administrative operation), or why it fires on none. */
function alertOperations(alert: Resource): { operations: string[] } | { ineffective: string } | { unknown: string } {
  const broken = ineffective(alert);
  if (broken) return broken;
  const read = conditions(alert);
  if ('unknown' in read) return read;
  const values = (field: string): string[] | undefined => {
    const fixed = read.all.filter((c) => c.field === field).map((c) => c.equals);
    if (fixed.length > 0) return fixed;
    const alternatives = read.any.find((group) => group.some((c) => c.field === field));
    return alternatives?.filter((c) => c.field === field).map((c) => c.equals);
  };
  const category = values('category');
  if (category && !category.includes('administrative')) return { operations: [] };
  const operations = values('operationname');
  if (!operations) return { operations: category ? ['*'] : [] };
  return { operations };
}

export default defineRule({
  id: 'AZV-MON-014',
  name: 'activity-log-alerts',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, ALERT_TYPE],
  title: {
    en: 'Activity-log alerts for security-relevant control-plane operations',
    ja: 'セキュリティ上重要なコントロールプレーン操作に対するアクティビティログアラート',
  },
  fix: {
    en: 'Create enabled activity-log alerts (category Administrative, one operationName each) scoped to the subscription, with an action group, for NSG, security solution, policy assignment and public IP changes and for vault, backup item and Key Vault deletion and VM run command.',
    ja: 'サブスクリプションをスコープとし、アクション グループを持つ有効なアクティビティ ログ アラート（カテゴリ Administrative、操作名ごと）を、NSG・セキュリティ ソリューション・ポリシー割り当て・パブリック IP の変更、コンテナー・バックアップ項目・Key Vault の削除、VM の実行コマンドについて作成します。',
  },
  messages: {
    missingAlerts: {
      en: 'Subscription {{subscription}} has no enabled activity-log alert with an action group for {{operations}}.',
      ja: 'サブスクリプション {{subscription}} には、{{operations}} に対するアクション グループ付きの有効なアクティビティ ログ アラートがありません。',
    },
    ineffective: {
      en: 'Activity-log alert "{{alert}}" {{why}}: it notifies nobody.',
      ja: 'アクティビティ ログ アラート "{{alert}}" は {{why}} のため、誰にも通知しません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-1', 'IR-2'],
    'cis-azure-5.0.0': ['6.1.2.1', '6.1.2.2', '6.1.2.3', '6.1.2.4', '6.1.2.5', '6.1.2.6', '6.1.2.7', '6.1.2.8', '6.1.2.9', '6.1.2.10'],
    'azure-policy': ['b954148f-4c11-4c38-8221-be76711e194a', '3b980d31-7904-4bb7-8575-5665739a8052', 'c5447c04-a4d7-4ba8-a263-c9ee321a6858'],
    peers: ['prowler monitor_alert_create_update_nsg', 'prowler monitor_alert_delete_nsg', 'prowler monitor_alert_create_policy_assignment'],
  },
  options: z.object({ operations: z.array(z.string()).default(REQUIRED_OPERATIONS) }).strict(),
  check(resource, context) {
    if (!isSubscription(resource)) {
      // A template cannot show the alerts deployed elsewhere: each declared alert must at least work.
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      // What it fires on matters only with the subscription's other alerts in view.
      const read = ineffective(resource);
      if (read === undefined) return;
      if ('unknown' in read) return context.unknown(read.unknown);
      if ('ineffective' in read)
        context.report(
          'ineffective',
          { alert: resource.name, why: read.ineffective === 'disabled' ? 'is disabled' : 'has no action group' },
          { at: '/properties' },
        );
      return;
    }
    const covered = new Set<string>();
    for (const alert of context.graph.ofType(ALERT_TYPE)) {
      const scopes = get(alert, 'properties', 'scopes');
      if (isUnknown(scopes)) return context.unknown(scopes.reason);
      const coversSubscription = Array.isArray(scopes) && scopes.some((s) => typeof s === 'string' && idKey(s) === resource.key);
      if (!coversSubscription) continue;
      const read = alertOperations(alert);
      if ('unknown' in read) return context.unknown(read.unknown);
      if ('operations' in read) for (const op of read.operations) covered.add(op);
    }
    if (covered.has('*')) return;
    const missing = context.options.operations.filter((op) => !covered.has(op.toLowerCase()));
    if (missing.length > 0) context.report('missingAlerts', { subscription: resource.name, operations: missing.join(', ') });
  },
});
