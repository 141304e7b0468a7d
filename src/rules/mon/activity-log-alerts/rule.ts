import { z } from 'zod';
import { get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { isObject, isUnknown, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, isSubscription, SUBSCRIPTION_TYPE, unreadTable } from '../../shared/subscription.js';

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

/** A leaf condition: the field and the values it accepts (`equals`, or the `containsAny` alternatives), lower case. */
type Condition = { field: string; values: string[] };

/**
 * The condition items of an alert: each `allOf[]` item is a leaf or an `anyOf[]` of leaves, all
 * of which must hold. An item that is neither (no `field`, no `equals` or `containsAny`) is kept
 * as an empty list of alternatives, which no event is taken to match.
 */
function conditions(alert: Resource): { items: Condition[][] } | { unknown: string } {
  const allOf = get(alert, 'properties', 'condition', 'allOf');
  if (isUnknown(allOf)) return { unknown: allOf.reason };
  const items: Condition[][] = [];
  const leaf = (item: Value): Condition | undefined => {
    if (!isObject(item) || typeof item['field'] !== 'string') return undefined;
    const field = item['field'].toLowerCase();
    if (typeof item['equals'] === 'string') return { field, values: [item['equals'].toLowerCase()] };
    const any = item['containsAny'];
    if (Array.isArray(any)) return { field, values: any.filter((v): v is string => typeof v === 'string').map((v) => v.toLowerCase()) };
    return undefined;
  };
  for (const item of Array.isArray(allOf) ? allOf : []) {
    // A condition not known may narrow the alert to anything: dropped, it widened it.
    const notKnown = unknownIn(item);
    if (notKnown) return { unknown: notKnown.reason };
    const alternatives = isObject(item) && Array.isArray(item['anyOf']) ? item['anyOf'] : [item];
    items.push(alternatives.map(leaf).filter((c): c is Condition => c !== undefined));
  }
  return { items };
}

/** A value not known in a condition item, its `anyOf` alternatives or their `field`, `equals` and `containsAny`. */
function unknownIn(item: Value): Unknown | undefined {
  if (isUnknown(item)) return item;
  if (!isObject(item)) return undefined;
  for (const key of ['field', 'equals', 'containsAny', 'anyOf']) {
    const value = item[key];
    if (isUnknown(value)) return value;
  }
  const any = item['containsAny'];
  const inList = Array.isArray(any) ? any.find(isUnknown) : undefined;
  if (inList) return inList;
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

/**
 * The resource type an operation's events carry: the operation name without its `/write`,
 * `/delete` or `/{name}/action`. An Activity Log event's resourceType is the type of the resource
 * the operation affected (learn.microsoft.com/azure/azure-monitor/essentials/activity-log-schema),
 * so a security rule write has `Microsoft.Network/networkSecurityGroups/securityRules`, not the
 * NSG's type.
 */
function operationResourceType(operation: string): string {
  return operation.replace(/\/(write|delete|[^/]+\/action)$/, '');
}

/**
 * Whether a leaf holds for every Administrative event of an operation, whoever calls it, on
 * whatever resource and with whatever outcome: the category, the operation name, its resource
 * provider or its own resource type. A leaf on any other field (resourceGroup, resourceId,
 * caller, level, status, subStatus, properties.*) narrows the alert to some of the operation's
 * events, so it does not.
 */
function holdsForEvery(condition: Condition, operation: string): boolean {
  const { field, values } = condition;
  if (field === 'category') return values.includes('administrative');
  if (field === 'operationname') return values.includes(operation);
  if (field === 'resourceprovider') return values.includes(operation.split('/')[0] ?? '');
  if (field === 'resourcetype') return values.includes(operationResourceType(operation));
  return false;
}

/** Whether an alert fires on every Administrative event of each operation, or why it fires on none. */
function alertCovers(alert: Resource): { covers: (operation: string) => boolean } | { ineffective: string } | { unknown: string } {
  const broken = ineffective(alert);
  if (broken) return broken;
  const read = conditions(alert);
  if ('unknown' in read) return read;
  // An alert with neither a category nor an operation name is not a control-plane alert.
  const named = read.items.some((item) => item.some((c) => c.field === 'category' || c.field === 'operationname'));
  return {
    covers: (operation) => {
      const op = operation.toLowerCase();
      return named && read.items.every((alternatives) => alternatives.some((c) => holdsForEvery(c, op)));
    },
  };
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
    ja: 'セキュリティ上重要なコントロール プレーン操作に対するアクティビティ ログ アラート',
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
      ja: 'アクティビティ ログ アラート "{{alert}}" は{{why}}ため、誰にも通知しません。',
    },
  },
  phrases: ['why'],
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
    const alerts: ((operation: string) => boolean)[] = [];
    for (const alert of context.graph.ofType(ALERT_TYPE)) {
      const scopes = get(alert, 'properties', 'scopes');
      if (isUnknown(scopes)) return context.unknown(scopes.reason);
      const coversSubscription = Array.isArray(scopes) && scopes.some((s) => typeof s === 'string' && idKey(s) === resource.key);
      if (!coversSubscription) continue;
      const read = alertCovers(alert);
      if ('unknown' in read) return context.unknown(read.unknown);
      if ('covers' in read) alerts.push(read.covers);
    }
    const missing = context.options.operations.filter((op) => !alerts.some((covers) => covers(op)));
    if (missing.length === 0) return;
    // An alert rule sits in the subscription it watches: none seen proves nothing where its resources were not read.
    const unread = unreadTable(context.graph, resource, 'resources');
    if (unread) return context.notAssessed(unread);
    context.report('missingAlerts', { subscription: resource.name, operations: missing.join(', ') });
  },
});
