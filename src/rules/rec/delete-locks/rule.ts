import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { keyVaultDependents, unknownKeyVaultUser } from '../../shared/key-vault.js';
import { ancestorScopes, extensionScope } from '../../shared/scope.js';
import { subscriptionIdOf, unreadable } from '../../shared/subscription.js';

/** The collector's read of a subscription's locks (`GET …/providers/Microsoft.Authorization/locks`). */
const LOCKS_READ = 'Microsoft.Authorization/locks';

export default defineRule({
  id: 'AZV-REC-010',
  name: 'delete-locks',
  pillar: 'REC',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.RecoveryServices/vaults', 'Microsoft.KeyVault/vaults'],
  title: {
    en: 'Delete locks on Recovery Services vaults and on Key Vaults holding disk or backup keys',
    ja: 'Recovery Services コンテナーと、ディスクまたはバックアップのキーを保持する Key Vault に削除ロック',
  },
  fix: {
    en: 'Add a Microsoft.Authorization/locks resource with level CanNotDelete on the vault (or its resource group).',
    ja: 'コンテナー（またはそのリソース グループ）に level が CanNotDelete の Microsoft.Authorization/locks リソースを追加します。',
  },
  messages: {
    vaultUnlocked: {
      en: 'Recovery Services vault "{{name}}" has no CanNotDelete or ReadOnly lock on it, its resource group or its subscription.',
      ja: 'Recovery Services コンテナー "{{name}}" には、リソース・リソース グループ・サブスクリプションのいずれにも CanNotDelete または ReadOnly のロックがありません。',
    },
    keyVaultUnlocked: {
      en: 'Key Vault "{{name}}" holds encryption keys for {{dependents}} but has no CanNotDelete or ReadOnly lock on it, its resource group or its subscription.',
      ja: 'Key Vault "{{name}}" は {{dependents}} の暗号化キーを保持していますが、リソース・リソース グループ・サブスクリプションのいずれにも CanNotDelete または ReadOnly のロックがありません。',
    },
  },
  mappings: {
    'mcsb-v1': ['BR-2', 'DP-8'],
    'cis-azure-5.0.0': ['6.2'],
  },
  check(resource, context) {
    const keyVault = resource.type.toLowerCase() === 'microsoft.keyvault/vaults';
    const dependents = keyVault ? keyVaultDependents(context.graph, resource) : [];
    // A resource whose Key Vault is not known may keep its keys here: unknown unless the vault is locked anyway.
    const unsure = keyVault && dependents.length === 0 ? unknownKeyVaultUser(context.graph) : undefined;
    const none = 'holds no disk or backup encryption key in the input';
    if (keyVault && dependents.length === 0 && unsure === undefined) return context.notApplicable(none);
    const scopes = new Set(ancestorScopes(resource));
    let unknownReason: string | undefined;
    for (const lock of context.graph.ofType('Microsoft.Authorization/locks')) {
      const scope = extensionScope(lock);
      const level = get(lock, 'properties', 'level');
      if (isUnknown(scope)) {
        unknownReason ??= scope.reason;
        continue;
      }
      if (!scopes.has(scope)) continue;
      if (isUnknown(level)) {
        unknownReason ??= level.reason;
        continue;
      }
      if (typeof level === 'string' && /^(cannotdelete|readonly)$/i.test(level)) return unsure === undefined ? undefined : context.notApplicable(none);
    }
    if (unknownReason !== undefined) return context.unknown(unknownReason);
    // Read from Azure, the locks are one ARM list per subscription: no lock seen proves nothing when it failed.
    const id = subscriptionIdOf(resource);
    const subscription = id === undefined ? undefined : context.graph.get(`/subscriptions/${id}`);
    const failed = subscription ? unreadable(subscription, LOCKS_READ) : undefined;
    if (failed !== undefined) return context.notAssessed(failed);
    if (unsure !== undefined) return context.unknown(unsure);
    if (keyVault)
      context.report('keyVaultUnlocked', { name: resource.name, dependents: dependents.map(({ resource: r }) => `"${r.name}"`).join(', ') }, { at: '' });
    else context.report('vaultUnlocked', { name: resource.name }, { at: '' });
  },
});
