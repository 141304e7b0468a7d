import { z } from 'zod';
import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { keyVaultDependents, unknownKeyVaultUser } from '../../shared/key-vault.js';
import { enabledCategories, sendsSomewhere } from '../../shared/diagnostics.js';
import { extensionsOn, unreadableScope } from '../../shared/scope.js';
import { unreadable } from '../../shared/subscription.js';

import { sentinelWorkspaces } from '../sentinel-workspace/rule.js';

const WORKSPACE_TYPE = 'Microsoft.OperationalInsights/workspaces';
const VAULT_TYPE = 'Microsoft.KeyVault/vaults';

export default defineRule({
  id: 'AZV-MON-017',
  name: 'log-retention-key-vault-audit',
  pillar: 'MON',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [WORKSPACE_TYPE, VAULT_TYPE],
  title: {
    en: 'Log retention adequate and Key Vault audit logging enabled',
    ja: 'ログ保持期間が十分で、Key Vault 監査ログが有効',
  },
  fix: {
    en: 'Keep the SIEM workspace for at least 90 days (longer through archive or data lake), and send the AuditEvent logs of Key Vaults that hold disk or backup keys to it with a diagnostic setting.',
    ja: 'SIEM ワークスペースの保持期間を 90 日以上（アーカイブやデータレイクでさらに長く）にし、ディスクまたはバックアップのキーを持つ Key Vault の AuditEvent ログを診断設定でそこへ送ります。',
  },
  messages: {
    shortRetention: {
      en: 'Log Analytics workspace "{{workspace}}" keeps data {{days}} days, less than {{minimum}}: ransomware dwell time outlasts the evidence.',
      ja: 'Log Analytics ワークスペース "{{workspace}}" のデータ保持は {{days}} 日で、{{minimum}} 日未満です。ランサムウェアの潜伏期間より先に証跡が消えます。',
    },
    noAuditLog: {
      en: 'Key Vault "{{vault}}" holds keys for {{dependents}} but no diagnostic setting sends its AuditEvent logs anywhere.',
      ja: 'Key Vault "{{vault}}" は {{dependents}} のキーを保持していますが、AuditEvent ログを送る診断設定がありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-6', 'LT-3', 'DP-8'],
    'cis-azure-5.0.0': ['6.1.1.4'],
    'azure-policy': ['cf820ca0-f99e-4f3e-84fb-66e913812d21'],
    peers: ['prowler keyvault_logging_enabled'],
  },
  options: z.object({ minRetentionDays: z.number().int().positive().default(90) }).strict(),
  check(resource, context) {
    if (resource.type.toLowerCase() === WORKSPACE_TYPE.toLowerCase()) {
      const sentinel = sentinelWorkspaces(context.graph);
      if (sentinel.size > 0 && !sentinel.has(resource.key)) return context.notApplicable('not a Sentinel (SIEM) workspace');
      const days = get(resource, 'properties', 'retentionInDays');
      if (isUnknown(days)) return context.unknown(days.reason);
      // Absent: the service default of 30 days.
      const retention = typeof days === 'number' ? days : 30;
      const minimum = context.options.minRetentionDays;
      if (retention < minimum) context.report('shortRetention', { workspace: resource.name, days: retention, minimum }, { at: '/properties/retentionInDays' });
      return;
    }
    const dependents = keyVaultDependents(context.graph, resource);
    // A resource whose Key Vault is not known may keep its keys here: unknown unless the vault's audit logs are kept anyway.
    const unsure = dependents.length === 0 ? unknownKeyVaultUser(context.graph) : undefined;
    const none = 'the Key Vault holds no disk or backup keys in the input';
    if (dependents.length === 0 && unsure === undefined) return context.notApplicable(none);
    const settings = extensionsOn(context.graph, 'Microsoft.Insights/diagnosticSettings', resource);
    if (settings.length === 0) {
      const failed = unreadable(resource, 'Microsoft.Insights/diagnosticSettings (key vault)');
      if (failed) return context.notAssessed(failed);
    }
    for (const { resource: setting } of settings) {
      const categories = enabledCategories(setting);
      if (!(categories instanceof Set)) return context.unknown(categories.unknown);
      if (['auditevent', 'audit', 'alllogs'].some((c) => categories.has(c)) && sendsSomewhere(setting))
        return unsure === undefined ? undefined : context.notApplicable(none);
    }
    // A diagnostic setting whose scope is not known may be this vault's, unless it is known not to send audit logs.
    const unknownScope = unreadableScope(context.graph, 'Microsoft.Insights/diagnosticSettings', (setting) => {
      const categories = enabledCategories(setting);
      return !(categories instanceof Set) || ['auditevent', 'audit', 'alllogs'].some((c) => categories.has(c));
    });
    if (unknownScope) return context.unknown(unknownScope.reason);
    if (unsure !== undefined) return context.unknown(unsure);
    const names = [...new Set(dependents.map((d) => d.resource.name))].slice(0, 3).join(', ');
    context.report('noAuditLog', { vault: resource.name, dependents: names });
  },
});
