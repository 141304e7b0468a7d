import { z } from 'zod';
import { at, get, type Resource } from '../../../model/resource.js';
import { asBoolean, equalsIgnoreCase, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { deployedKeyUrl, keyVaultDependents, unknownKeyVaultUser } from '../../shared/key-vault.js';
import { extensionsOn, unreadableScopes } from '../../shared/scope.js';
import { unreadable, unreadTable } from '../../shared/subscription.js';

/** The collector's reads of a vault's keys: the list on the vault, and each key's own GET on the key (its rotation policy). */
const KEY_READS = 'Microsoft.KeyVault/vaults/keys';

/** Key Vault Administrator and Key Vault Crypto Officer. */
const KEY_ADMIN_ROLES = ['00482a5a-887f-4fb3-b363-3b7fe8e74483', '14b46e9e-c2b7-41b4-b07b-48a6ebf60603'];

export default defineRule({
  id: 'AZV-REC-009',
  name: 'key-vault-key-management',
  pillar: 'REC',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.KeyVault/vaults'],
  title: {
    en: 'Key Vaults for disk keys use RBAC, key rotation/expiry and restricted key-management roles',
    ja: 'ディスク用キーの Key Vault で RBAC・キーのローテーション／有効期限・キー管理ロールの制限を適用',
  },
  fix: {
    en: 'Enable the RBAC permission model, give disk keys an expiry and a rotation policy, set rotationToLatestKeyVersionEnabled on the disk encryption set, and keep key administrators few.',
    ja: 'RBAC アクセス許可モデルを有効にし、ディスク用キーに有効期限とローテーションポリシーを設定し、ディスク暗号化セットで rotationToLatestKeyVersionEnabled を有効にし、キー管理者を少数に保ちます。',
  },
  messages: {
    accessPolicies: {
      en: 'Key Vault "{{name}}" holds disk encryption keys but uses access policies instead of Azure RBAC (no PIM, weaker audit).',
      ja: 'Key Vault "{{name}}" はディスク暗号化キーを保持していますが、Azure RBAC ではなくアクセス ポリシーを使用しています（PIM 不可、監査が弱い）。',
    },
    noRotation: {
      en: 'Disk encryption set "{{set}}" using Key Vault "{{name}}" does not rotate its key: {{missing}}.',
      ja: 'Key Vault "{{name}}" を使用するディスク暗号化セット "{{set}}" はキーをローテーションしません: {{missing}}。',
    },
    noExpiry: {
      en: 'Key "{{key}}" in Key Vault "{{name}}" has no expiry date.',
      ja: 'Key Vault "{{name}}" のキー "{{key}}" に有効期限がありません。',
    },
    tooManyAdmins: {
      en: 'Key Vault "{{name}}" has {{count}} Key Vault Administrator / Crypto Officer assignments at its scope, more than {{maximum}}.',
      ja: 'Key Vault "{{name}}" のスコープには Key Vault Administrator／Crypto Officer の割り当てが {{count}} 件あり、{{maximum}} 件を超えています。',
    },
  },
  phrases: ['missing'],
  mappings: {
    'mcsb-v1': ['PA-7', 'DP-6'],
    'cis-azure-5.0.0': ['8.3.1', '8.3.2', '8.3.6', '8.3.9'],
    'azure-policy': ['12d4fa5e-1f9f-4c21-97a9-b99b3c6611b5', '152b15f7-8e1f-4c1f-ab71-8c010ba5dbc0', 'd8cf8476-a2ec-4916-896e-992351803c44'],
    peers: ['checkov CKV_AZURE_40', 'prowler keyvault_rbac_enabled', 'prowler keyvault_rbac_key_expiration_set', 'prowler keyvault_key_rotation_enabled'],
  },
  options: z
    .object({
      /** Most role assignments of Key Vault Administrator or Crypto Officer allowed at the vault scope. */
      maxKeyAdministrators: z.number().int().min(0).default(3),
    })
    .strict(),
  check(vault, outer) {
    const dependents = keyVaultDependents(outer.graph, vault);
    // A resource whose Key Vault is not known may keep its keys here: the vault is judged as if it
    // did, its findings only counted, and is unknown where it would not pass.
    const unsure = dependents.length === 0 ? unknownKeyVaultUser(outer.graph) : undefined;
    const none = 'holds no disk or backup encryption key in the input';
    if (dependents.length === 0 && unsure === undefined) return outer.notApplicable(none);
    let failed = false;
    const context =
      unsure === undefined
        ? outer
        : {
            ...outer,
            report: (): void => {
              failed = true;
            },
          };
    let unknownReason: string | undefined;
    const rbac = at(vault, 'properties', 'enableRbacAuthorization');
    const rbacOn = asBoolean(rbac.value) ?? rbacByDefault(vault);
    if (isUnknown(rbacOn)) unknownReason ??= rbacOn.reason;
    else if (rbacOn !== true) context.report('accessPolicies', { name: vault.name }, { at: rbac.pointer });

    const keys = context.graph.children(vault, 'Microsoft.KeyVault/vaults/keys');
    // Keys not listed leave no key to find without an expiry.
    unknownReason ??= unreadable(vault, KEY_READS);
    for (const { resource: set, role } of dependents) {
      if (role !== 'diskEncryptionSet') continue;
      const keyUrl = get(set, 'properties', 'activeKey', 'keyUrl');
      const key = keyOfUrl(keys, keyUrl);
      const missing: string[] = [];
      const autoRotate = asBoolean(get(set, 'properties', 'rotationToLatestKeyVersionEnabled'));
      if (isUnknown(autoRotate)) unknownReason ??= autoRotate.reason;
      else if (autoRotate !== true) missing.push('rotationToLatestKeyVersionEnabled is not true');
      if (key === undefined) {
        unknownReason ??= isUnknown(keyUrl) ? keyUrl.reason : `the key of disk encryption set "${set.name}" is not in the scanned input`;
      } else if (unreadable(key, KEY_READS) !== undefined) {
        unknownReason ??= unreadable(key, KEY_READS);
      } else {
        const actions = get(key, 'properties', 'rotationPolicy', 'lifetimeActions');
        if (isUnknown(actions)) unknownReason ??= actions.reason;
        else if (!(Array.isArray(actions) && actions.some((a) => equalsIgnoreCase(prop(a, 'action', 'type'), 'rotate')))) {
          missing.push(`key "${key.name.split('/').pop() ?? key.name}" has no rotation policy`);
        }
      }
      if (missing.length > 0)
        context.report('noRotation', { name: vault.name, set: set.name, missing: missing.join('; ') }, { resource: set, at: '/properties' });
    }
    for (const key of keys) {
      const expiry = get(key, 'properties', 'attributes', 'exp');
      const policyExpiry = get(key, 'properties', 'rotationPolicy', 'attributes', 'expiryTime');
      if (isUnknown(expiry) || isUnknown(policyExpiry)) continue;
      // A key read from its list item only (its GET failed) shows no rotation policy, whose expiryTime may give it an expiry.
      const unread = expiry === undefined ? unreadable(key, KEY_READS) : undefined;
      if (unread !== undefined) unknownReason ??= unread;
      else if (expiry === undefined && policyExpiry === undefined) {
        context.report('noExpiry', { name: vault.name, key: key.name.split('/').pop() ?? key.name }, { resource: key, at: '/properties' });
      }
    }
    const admins = extensionsOn(context.graph, 'Microsoft.Authorization/roleAssignments', vault)
      .map(({ resource }) => resource)
      .filter(isKeyAdmin);
    // Key-administrator assignments whose scope is not known may each be one more at this vault.
    const maybe = unreadableScopes(context.graph, 'Microsoft.Authorization/roleAssignments').filter(
      ({ resource }) => isUnknown(get(resource, 'properties', 'roleDefinitionId')) || isKeyAdmin(resource),
    );
    if (admins.length > context.options.maxKeyAdministrators) {
      context.report('tooManyAdmins', { name: vault.name, count: admins.length, maximum: context.options.maxKeyAdministrators }, { at: '' });
    } else if (admins.length + maybe.length > context.options.maxKeyAdministrators) unknownReason ??= maybe[0]?.unknown.reason;
    // Few enough seen proves nothing where the vault's role assignments were not read.
    else unknownReason ??= unreadTable(context.graph, vault, 'authorizationresources');
    if (unsure !== undefined) return failed || unknownReason !== undefined ? outer.unknown(unsure) : outer.notApplicable(none);
    if (unknownReason !== undefined) return context.unknown(unknownReason);
  },
});

/**
 * Whether a vault that does not write enableRbacAuthorization uses Azure RBAC: a template creating
 * it with Key Vault API 2026-02-01 or later does (the default access control model changed then).
 * Live and snapshot data carry no API version, and there an unset value still means access policies.
 */
function rbacByDefault(vault: Resource): boolean {
  const apiVersion = get(vault, 'apiVersion');
  return typeof apiVersion === 'string' && apiVersion >= '2026-02-01';
}

/** A role assignment of Key Vault Administrator or Key Vault Crypto Officer. */
function isKeyAdmin(assignment: Resource): boolean {
  const role = get(assignment, 'properties', 'roleDefinitionId');
  return typeof role === 'string' && KEY_ADMIN_ROLES.some((id) => role.toLowerCase().endsWith(id));
}

/**
 * The key resource a key URL (`https://kv.vault.azure.net/keys/name[/version]`) names, among the
 * vault's keys; for one known only at deployment, the key `reference()` reads it from; for one
 * written with the vault's name not known (`https://{0}.vault.azure.net/keys/name`), the key of
 * that name (the disk encryption set names this vault as its source).
 */
function keyOfUrl(keys: readonly Resource[], url: unknown): Resource | undefined {
  if (isUnknown(url)) {
    const deployed = deployedKeyUrl(url);
    if (deployed !== undefined) return keys.find((key) => key.key === deployed.key);
    const tail = url.pieces?.at(-1);
    return typeof tail === 'string' ? keyNamed(keys, /^[^/]*\/keys\/([^/]+)(\/[^/]*)?$/i.exec(tail)?.[1]) : undefined;
  }
  return typeof url === 'string' ? keyNamed(keys, /\/keys\/([^/]+)/i.exec(url)?.[1]) : undefined;
}

function keyNamed(keys: readonly Resource[], name: string | undefined): Resource | undefined {
  const lower = name?.toLowerCase();
  return lower === undefined ? undefined : keys.find((key) => (key.name.split('/').pop() ?? '').toLowerCase() === lower);
}
