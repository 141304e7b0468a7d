import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import type { Resource } from '../../../model/resource.js';
import { defineRule } from '../../define-rule.js';
import { unreadable } from '../../shared/subscription.js';
import { enabledCategories, workspaceOf } from '../../shared/diagnostics.js';

const SETTING_TYPE = 'microsoft.aadiam/diagnosticSettings';

export default defineRule({
  id: 'AZV-MON-015',
  name: 'entra-log-export',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE, SETTING_TYPE],
  title: {
    en: 'Entra ID sign-in, audit and risk logs exported to the SIEM workspace',
    ja: 'Entra ID のサインイン・監査・リスクログを SIEM ワークスペースへ送信',
  },
  fix: {
    en: 'Add an Entra ID diagnostic setting (Entra admin center > Monitoring & health > Diagnostic settings) that sends the sign-in, audit and risk log categories to the Sentinel workspace.',
    ja: 'サインイン・監査・リスクのログ カテゴリを Sentinel ワークスペースへ送る Entra ID の診断設定（Entra 管理センター > 監視と正常性 > 診断設定）を追加します。',
  },
  messages: {
    noExport: {
      en: 'No Entra ID diagnostic setting sends SignInLogs and AuditLogs to a Log Analytics workspace: account takeover before an attack on the VMs goes unseen by the SIEM.',
      ja: 'SignInLogs と AuditLogs を Log Analytics ワークスペースへ送る Entra ID の診断設定がありません。VM への攻撃に先立つアカウント乗っ取りを SIEM で検知できません。',
    },
    missingCategories: {
      en: 'Entra ID diagnostic setting "{{setting}}" does not send {{categories}}.',
      ja: 'Entra ID の診断設定 "{{setting}}" は {{categories}} を送っていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-1', 'LT-3'],
    'cis-azure-5.0.0': ['6.1.1.8', '6.1.1.9'],
    peers: ['prowler monitor_diagnostic_settings_exists'],
  },
  options: z
    .object({
      categories: z
        .array(z.string())
        .default([
          'SignInLogs',
          'NonInteractiveUserSignInLogs',
          'ServicePrincipalSignInLogs',
          'ManagedIdentitySignInLogs',
          'AuditLogs',
          'RiskyUsers',
          'UserRiskEvents',
          'MicrosoftGraphActivityLogs',
        ]),
    })
    .strict(),
  check(resource, context) {
    let settings: readonly Resource[];
    if (resource.type.toLowerCase() === ENTRA_TENANT_TYPE.toLowerCase()) {
      settings = context.graph.ofType(SETTING_TYPE);
      if (settings.length === 0) {
        const failed = unreadable(resource, SETTING_TYPE);
        if (failed) return context.notAssessed(failed);
      }
    } else {
      if (context.graph.ofType(ENTRA_TENANT_TYPE).length > 0) return context.notApplicable('assessed on the Entra tenant');
      settings = [resource];
    }
    let best: { setting: Resource; missing: string[] } | undefined;
    for (const setting of settings) {
      const workspace = workspaceOf(setting);
      if (workspace !== undefined && typeof workspace !== 'string') return context.unknown(workspace.unknown);
      const categories = enabledCategories(setting);
      if (!(categories instanceof Set)) return context.unknown(categories.unknown);
      if (workspace === undefined || !categories.has('signinlogs') || !categories.has('auditlogs')) continue;
      const missing = context.options.categories.filter((c) => !categories.has(c.toLowerCase()));
      if (!best || missing.length < best.missing.length) best = { setting, missing };
    }
    if (!best) {
      context.report('noExport', {}, settings[0] ? { resource: settings[0], at: '/properties/logs' } : {});
      return;
    }
    if (best.missing.length > 0)
      context.report(
        'missingCategories',
        { setting: best.setting.name, categories: best.missing.join(', ') },
        { resource: best.setting, at: '/properties/logs' },
      );
  },
});
