import { at } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

export default defineRule({
  id: 'AZV-REC-007',
  name: 'vault-access-hardening',
  pillar: 'REC',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults'],
  title: {
    en: 'Backup vault access hardened (private networking, CMK optional, built-in alerts on)',
    ja: 'バックアップ コンテナーへのアクセスを強化（プライベートネットワーク、任意で CMK、組み込みアラート有効）',
  },
  fix: {
    en: 'Set publicNetworkAccess to Disabled with private endpoints, and keep monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures Enabled.',
    ja: 'publicNetworkAccess を Disabled にしてプライベート エンドポイントを使用し、monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures を Enabled のままにします。',
  },
  messages: {
    publicAccess: {
      en: 'Recovery Services vault "{{name}}" accepts backup and restore traffic from public networks (publicNetworkAccess {{value}}).',
      ja: 'Recovery Services コンテナー "{{name}}" はパブリックネットワークからのバックアップ／復元の通信を受け付けます（publicNetworkAccess {{value}}）。',
    },
    alertsOff: {
      en: 'Recovery Services vault "{{name}}" turns off Azure Monitor alerts for failed backup jobs: failures go unnoticed.',
      ja: 'Recovery Services コンテナー "{{name}}" はバックアップジョブ失敗の Azure Monitor アラートを無効にしており、失敗に気付けません。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-2', 'DP-5'],
    'azure-policy': ['9ebbbba3-4d65-4da9-bb67-b22cfaaff090', 'deeddb44-9f94-4903-9fa0-081d524406e3', '2e94d99a-8a36-4563-bc77-810d8893b671'],
    peers: ['checkov CKV2_AZURE_35'],
  },
  check(vault, context) {
    const access = at(vault, 'properties', 'publicNetworkAccess');
    if (isUnknown(access.value)) return context.unknown(access.value.reason);
    // publicNetworkAccess is Enabled unless set.
    const value = typeof access.value === 'string' ? access.value : 'Enabled';
    if (!/^disabled$/i.test(value)) context.report('publicAccess', { name: vault.name, value }, { at: access.pointer });
    const alerts = at(vault, 'properties', 'monitoringSettings', 'azureMonitorAlertSettings', 'alertsForAllJobFailures');
    if (isUnknown(alerts.value)) return context.unknown(alerts.value.reason);
    if (typeof alerts.value === 'string' && /^disabled$/i.test(alerts.value)) context.report('alertsOff', { name: vault.name }, { at: alerts.pointer });
  },
});
