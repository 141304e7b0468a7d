import { at, get } from '../../../model/resource.js';
import { parseResourceId } from '../../../model/resource-id.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { isReadFromAzure } from '../../shared/compute.js';

export default defineRule({
  id: 'AZV-REC-005',
  name: 'vault-multi-user-authorization',
  pillar: 'REC',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults'],
  title: {
    en: 'Multi-user authorization (Resource Guard) protects critical vault operations',
    ja: 'マルチユーザー承認（Resource Guard）で重要なコンテナー操作を保護',
  },
  fix: {
    en: 'Create a Resource Guard in a separate subscription run by another team and associate it with the vault (backupResourceGuardProxies).',
    ja: '別チームが管理する別サブスクリプションに Resource Guard を作成し、コンテナーに関連付けます（backupResourceGuardProxies）。',
  },
  messages: {
    disabled: {
      en: 'Recovery Services vault "{{name}}" has no Resource Guard: one compromised administrator can disable soft delete and delete backups.',
      ja: 'Recovery Services コンテナー "{{name}}" には Resource Guard がなく、侵害された管理者 1 人で論理的な削除を無効にしてバックアップを削除できます。',
    },
    sameSubscription: {
      en: 'Resource Guard "{{guard}}" of vault "{{name}}" is in the vault\'s own subscription: the same administrators control both.',
      ja: 'コンテナー "{{name}}" の Resource Guard "{{guard}}" はコンテナーと同じサブスクリプションにあり、同じ管理者が両方を管理できます。',
    },
    exclusions: {
      en: 'Resource Guard "{{guard}}" of vault "{{name}}" excludes critical operations from protection: {{operations}}.',
      ja: 'コンテナー "{{name}}" の Resource Guard "{{guard}}" は重要な操作を保護対象から除外しています: {{operations}}。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-2'],
    'azure-policy': ['c7031eab-0fc0-4cd9-acd0-4497bd66d91a'],
  },
  check(vault, context) {
    const proxies = context.graph.children(vault, 'Microsoft.RecoveryServices/vaults/backupResourceGuardProxies');
    if (proxies.length === 0) {
      const mua = at(vault, 'properties', 'securitySettings', 'multiUserAuthorization');
      // multiUserAuthorization is read-only ("This property will not be serialized. It can only be
      // populated by the server", Microsoft.RecoveryServices/vaults REST reference): Azure reports
      // it for a deployed vault, but a template that writes it enables nothing. Only data read
      // from Azure can show it; a template needs a backupResourceGuardProxies child.
      if (isReadFromAzure(vault)) {
        if (isUnknown(mua.value)) return context.unknown(mua.value.reason);
        if (typeof mua.value === 'string' && /^enabled$/i.test(mua.value)) return;
      }
      context.report('disabled', { name: vault.name }, { at: mua.pointer });
      return;
    }
    let unknownReason: string | undefined;
    for (const proxy of proxies) {
      const guardId = get(proxy, 'properties', 'resourceGuardResourceId');
      if (isUnknown(guardId)) {
        unknownReason ??= guardId.reason;
        continue;
      }
      if (typeof guardId !== 'string') continue;
      const guardName = parseResourceId(guardId)?.name ?? guardId;
      const guardSubscription = parseResourceId(guardId)?.subscriptionId;
      const vaultSubscription = parseResourceId(vault.id)?.subscriptionId;
      if (guardSubscription !== undefined && vaultSubscription !== undefined && guardSubscription.toLowerCase() === vaultSubscription.toLowerCase()) {
        context.report('sameSubscription', { name: vault.name, guard: guardName }, { resource: proxy, at: '/properties/resourceGuardResourceId' });
      }
      const guard = context.graph.resolve(guardId, proxy);
      if (guard === undefined || isUnknown(guard)) continue; // The proxy proves MUA; the guard itself may live in another team's input.
      const excluded = at(guard, 'properties', 'vaultCriticalOperationExclusionList');
      if (isUnknown(excluded.value)) {
        unknownReason ??= excluded.value.reason;
        continue;
      }
      if (Array.isArray(excluded.value) && excluded.value.length > 0) {
        const operations = excluded.value.map((op) => (typeof op === 'string' ? (op.split('/').slice(-2).join('/') ?? op) : '?')).join(', ');
        context.report('exclusions', { name: vault.name, guard: guardName, operations }, { resource: guard, at: excluded.pointer });
      }
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});
