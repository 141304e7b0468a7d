import { z } from 'zod';
import { at, get, type Resource } from '../../../model/resource.js';
import { isUnknown, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { securityType } from '../../shared/compute.js';
import { vmsUsingPolicy } from '../../shared/recovery.js';
import { holdsResources, isSubscription, SUBSCRIPTION_TYPE, unreadTable } from '../../shared/subscription.js';

const DAYS_PER: Readonly<Record<string, number>> = { days: 1, weeks: 7, months: 30, years: 365 };

export default defineRule({
  id: 'AZV-REC-002',
  name: 'backup-policy',
  pillar: 'REC',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults/backupPolicies', SUBSCRIPTION_TYPE],
  title: {
    en: 'VM backup policy meets RPO/retention and uses the Enhanced policy where required',
    ja: 'VM バックアップポリシーが RPO／保持要件を満たし、必要に応じて拡張ポリシーを使用',
  },
  fix: {
    en: 'Back up at least daily, keep daily recovery points for the minimum retention (30 days by default), keep weekly or monthly points for at least 90 days, and use an Enhanced (V2) policy for Confidential VMs.',
    ja: '少なくとも毎日バックアップし、日次の回復ポイントを最小保持期間（既定 30 日）保持し、週次または月次のポイントを 90 日以上保持し、機密 VM には拡張（V2）ポリシーを使用します。',
  },
  messages: {
    weekly: {
      en: 'Backup policy "{{name}}" runs only weekly: up to a week of data is lost in a ransomware recovery.',
      ja: 'バックアップポリシー "{{name}}" は週 1 回しか実行されず、ランサムウェアからの復旧で最大 1 週間分のデータが失われます。',
    },
    shortRetention: {
      en: 'Backup policy "{{name}}" keeps daily recovery points for {{days}} days, less than the required {{minimum}}.',
      ja: 'バックアップポリシー "{{name}}" の日次回復ポイントの保持期間は {{days}} 日で、必要な {{minimum}} 日に足りません。',
    },
    shortHistory: {
      en: 'Backup policy "{{name}}" keeps only daily recovery points, for {{days}} days (less than {{minimum}}): ransomware that stays unnoticed longer leaves no clean point to restore. Add weekly or monthly retention.',
      ja: 'バックアップポリシー "{{name}}" は日次の回復ポイントしか保持せず、その期間は {{days}} 日です（{{minimum}} 日未満）。それより長く気付かれずに潜むランサムウェアに対して、復元できるクリーンなポイントが残りません。週次または月次の保持を追加してください。',
    },
    enhancedRequired: {
      en: 'Backup policy "{{name}}" is a Standard (V1) policy but protects {{securityType}} VM "{{vm}}", which needs an Enhanced (V2) policy.',
      ja: 'バックアップポリシー "{{name}}" は標準（V1）ポリシーですが、拡張（V2）ポリシーが必要な {{securityType}} の VM "{{vm}}" を保護しています。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-1', 'BR-2'],
    peers: ['prowler vm_sufficient_daily_backup_retention_period', 'prowler recovery_vault_backup_policy_retention_adequate'],
  },
  options: z
    .object({
      /** Minimum days daily recovery points are kept. */
      minDailyRetentionDays: z.number().int().min(1).default(30),
      /** Days daily recovery points must be kept for a policy with no weekly, monthly or yearly retention: longer than ransomware stays unnoticed. */
      minDailyOnlyRetentionDays: z.number().int().min(1).default(90),
    })
    .strict(),
  check(policy, context) {
    if (isSubscription(policy)) {
      // Backup policies are rows of Resource Graph recoveryservicesresources: where it was not read for the
      // subscription, the policies of its vaults are not in the input, and none is evaluated.
      const unread = unreadTable(context.graph, policy, 'recoveryservicesresources');
      if (!unread) return context.notApplicable('backup policies are assessed one by one');
      if (holdsResources(context.graph, policy, ['Microsoft.RecoveryServices/vaults']) === false) {
        return context.notApplicable('the subscription has no Recovery Services vaults');
      }
      return context.notAssessed(unread);
    }
    const management = get(policy, 'properties', 'backupManagementType');
    if (isUnknown(management)) return context.unknown(management.reason);
    if (!(typeof management === 'string' && /^azureiaasvm$/i.test(management))) {
      return context.notApplicable(typeof management === 'string' ? `backup policy for ${management}` : 'a non-VM backup policy');
    }
    const frequency = at(policy, 'properties', 'schedulePolicy', 'scheduleRunFrequency');
    if (isUnknown(frequency.value)) return context.unknown(frequency.value.reason);
    if (typeof frequency.value === 'string' && /^weekly$/i.test(frequency.value)) context.report('weekly', { name: policy.name }, { at: frequency.pointer });

    const daily = at(policy, 'properties', 'retentionPolicy', 'dailySchedule', 'retentionDuration');
    const count = get(policy, 'properties', 'retentionPolicy', 'dailySchedule', 'retentionDuration', 'count');
    const unit = get(policy, 'properties', 'retentionPolicy', 'dailySchedule', 'retentionDuration', 'durationType');
    if (isUnknown(count)) return context.unknown(count.reason);
    if (isUnknown(unit)) return context.unknown(unit.reason);
    if (!(typeof frequency.value === 'string' && /^weekly$/i.test(frequency.value))) {
      const days = typeof count === 'number' ? count * (DAYS_PER[typeof unit === 'string' ? unit.toLowerCase() : 'days'] ?? 1) : 0;
      if (days < context.options.minDailyRetentionDays) {
        context.report('shortRetention', { name: policy.name, days, minimum: context.options.minDailyRetentionDays }, { at: daily.pointer });
      }
    }

    // The rule catalog asks for weekly or monthly retention: a policy without it keeps only as far back as its daily points.
    const longTerm = longTermRetention(policy);
    if (isUnknown(longTerm)) return context.unknown(longTerm.reason);
    const minimum = context.options.minDailyOnlyRetentionDays;
    if (!longTerm && !(typeof frequency.value === 'string' && /^weekly$/i.test(frequency.value))) {
      const days = typeof count === 'number' ? count * (DAYS_PER[typeof unit === 'string' ? unit.toLowerCase() : 'days'] ?? 1) : 0;
      if (days < minimum) context.report('shortHistory', { name: policy.name, days, minimum }, { at: at(policy, 'properties', 'retentionPolicy').pointer });
    }

    const policyType = get(policy, 'properties', 'policyType');
    if (isUnknown(policyType)) return context.unknown(policyType.reason);
    if (!(typeof policyType === 'string' && /^v2$/i.test(policyType))) {
      for (const vm of vmsUsingPolicy(context.graph, policy)) {
        const type = securityType(vm);
        if (isUnknown(type)) return context.unknown(type.reason);
        // Trusted Launch VMs can also use the Standard policy (since May 2025); Confidential VMs need the Enhanced one.
        if (/^confidentialvm$/i.test(type)) {
          context.report('enhancedRequired', { name: policy.name, securityType: type, vm: vm.name }, { at: at(policy, 'properties', 'policyType').pointer });
        }
      }
      // The protected items that say which VMs use the policy were not all read: a Confidential VM may be among them.
      const unread = unreadTable(context.graph, policy, 'recoveryservicesresources');
      if (unread) return context.unknown(unread);
    }
  },
});

/** Whether the policy keeps weekly, monthly or yearly recovery points. */
function longTermRetention(policy: Resource): boolean | Unknown {
  for (const schedule of ['weeklySchedule', 'monthlySchedule', 'yearlySchedule']) {
    const count = get(policy, 'properties', 'retentionPolicy', schedule, 'retentionDuration', 'count');
    if (isUnknown(count)) return count;
    if (typeof count === 'number' && count > 0) return true;
  }
  return false;
}
