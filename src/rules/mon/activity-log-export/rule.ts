import { z } from 'zod';
import type { Resource } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { enabledCategories, workspaceOf } from '../../shared/diagnostics.js';
import { extensionScope } from '../../shared/scope.js';
import { coveredBySubscription, evidence, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

const SETTING_TYPE = 'Microsoft.Insights/diagnosticSettings';

export default defineRule({
  id: 'AZV-MON-013',
  name: 'activity-log-export',
  pillar: 'MON',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, SETTING_TYPE],
  title: {
    en: 'Subscription Activity Log exported by a diagnostic setting (Administrative, Security, Policy, Alert) to the SIEM workspace',
    ja: 'サブスクリプションのアクティビティ ログを診断設定で SIEM ワークスペースへ送信（Administrative・Security・Policy・Alert）',
  },
  fix: {
    en: 'Add a subscription diagnostic setting that sends the Administrative, Security, Policy and Alert categories (or allLogs) to the Log Analytics workspace Microsoft Sentinel uses.',
    ja: 'Administrative、Security、Policy、Alert カテゴリ（または allLogs）を Microsoft Sentinel が使う Log Analytics ワークスペースへ送るサブスクリプションの診断設定を追加します。',
  },
  messages: {
    noExport: {
      en: 'The Activity Log of subscription {{subscription}} is not exported: control-plane events (run command, NSG changes, vault deletion, role assignments) are kept 90 days and never reach the SIEM.',
      ja: 'サブスクリプション {{subscription}} のアクティビティ ログがエクスポートされていません。コントロール プレーンのイベント（実行コマンド、NSG の変更、コンテナーの削除、ロール割り当て）は 90 日しか保持されず、SIEM に届きません。',
    },
    noWorkspace: {
      en: 'Diagnostic setting "{{setting}}" exports the Activity Log but not to a Log Analytics workspace, so the SIEM cannot analyse it.',
      ja: '診断設定 "{{setting}}" はアクティビティ ログをエクスポートしていますが Log Analytics ワークスペースへは送っておらず、SIEM で分析できません。',
    },
    missingCategories: {
      en: 'Diagnostic setting "{{setting}}" does not send the Activity Log categories {{categories}}.',
      ja: '診断設定 "{{setting}}" はアクティビティ ログのカテゴリ {{categories}} を送っていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-3', 'LT-5'],
    'cis-azure-5.0.0': ['6.1.1.1', '6.1.1.2'],
    'azure-policy': ['2465583e-4e78-4c15-b6be-a36cbc7c8b0f'],
    peers: ['prowler monitor_diagnostic_settings_exists', 'prowler monitor_diagnostic_setting_with_appropriate_categories'],
  },
  options: z
    .object({
      categories: z.array(z.string()).default(['Administrative', 'Security', 'Policy', 'Alert']),
      requireWorkspace: z.boolean().default(true),
    })
    .strict(),
  check(resource, context) {
    let settings: Resource[];
    if (isSubscription(resource)) {
      const rows = evidence(context.graph, resource, SETTING_TYPE, 'Microsoft.Insights/diagnosticSettings (activity log)');
      if ('missing' in rows) return context.notAssessed(rows.missing);
      settings = rows;
      if (settings.length === 0) {
        context.report('noExport', { subscription: resource.name });
        return;
      }
    } else {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      const scope = extensionScope(resource);
      if (isUnknown(scope)) return context.unknown(scope.reason);
      if (scope.includes('/providers/')) return context.notApplicable('a diagnostic setting of a resource, not of the subscription');
      settings = [resource];
    }
    let best: { setting: Resource; missing: string[] } | undefined;
    for (const setting of settings) {
      const workspace = workspaceOf(setting);
      if (workspace !== undefined && typeof workspace !== 'string') return context.unknown(workspace.unknown);
      const categories = enabledCategories(setting);
      if (!(categories instanceof Set)) return context.unknown(categories.unknown);
      if (context.options.requireWorkspace && workspace === undefined) continue;
      const missing = categories.has('alllogs') ? [] : context.options.categories.filter((c) => !categories.has(c.toLowerCase()));
      if (!best || missing.length < best.missing.length) best = { setting, missing };
    }
    if (!best) {
      const first = settings[0] as Resource;
      context.report('noWorkspace', { setting: first.name }, { resource: first, at: '/properties' });
      return;
    }
    if (best.missing.length > 0) {
      context.report(
        'missingCategories',
        { setting: best.setting.name, categories: best.missing.join(', ') },
        { resource: best.setting, at: '/properties/logs' },
      );
    }
  },
});
