import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyUrlReference, keyVault, lock, recoveryVault, vaultKey, vaultNamedBy } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { argRow, armError, SUB } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

/** A Recovery Services vault as Resource Graph lists it. */
const vaultRow = argRow(
  'Microsoft.RecoveryServices/vaults',
  'rg-backup',
  'rsv-prod',
  { provisioningState: 'Succeeded' },
  { sku: { name: 'RS0', tier: 'Standard' } },
);
/** A lock as `GET /subscriptions/{id}/providers/Microsoft.Authorization/locks` lists it. */
const lockItem = (scope: string, name: string, level = 'CanNotDelete'): object => ({
  id: `${scope}/providers/Microsoft.Authorization/locks/${name}`,
  name,
  type: 'Microsoft.Authorization/locks',
  properties: { level, notes: 'Recovery-critical resource', owners: [] },
});

const diskKeys = [keyVault('kv-disks'), vaultKey('kv-disks', 'disk-key'), diskEncryptionSet('des-1', 'kv-disks', 'disk-key')];

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'resource-group lock covers both vaults', template: armTemplate([recoveryVault('rsv-prod'), ...diskKeys, lock('rg-no-delete')]) },
    {
      name: 'locks scoped to each vault (Bicep scope form and older providers form)',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        ...diskKeys,
        lock('rsv-lock', 'CanNotDelete', { scope: "[format('Microsoft.RecoveryServices/vaults/{0}', 'rsv-prod')]" }),
        {
          type: 'Microsoft.KeyVault/vaults/providers/locks',
          apiVersion: '2020-05-01',
          name: 'kv-disks/Microsoft.Authorization/kv-lock',
          properties: { level: 'ReadOnly' },
        },
      ]),
    },
    {
      name: 'Key Vault named by a parameter without a value, locked by a lock scoped to it by the same parameter (Bicep `scope: kv`)',
      template: vaultNamedBy("parameters('kvName')", {}, [
        lock('kv-lock', 'CanNotDelete', { scope: "[format('Microsoft.KeyVault/vaults/{0}', parameters('kvName'))]" }),
      ]),
      resource: "[parameters('kvName')]",
    },
    {
      name: 'snapshot: the locks read, one on the resource group of the vault',
      snapshot: { resources: [vaultRow, lockItem(`/subscriptions/${SUB}/resourceGroups/rg-backup`, 'rg-no-delete')] },
    },
    {
      name: 'snapshot: the locks could not be read, but a lock read on the vault covers it',
      snapshot: {
        resources: [vaultRow, lockItem(`/subscriptions/${SUB}/resourceGroups/rg-backup/providers/Microsoft.RecoveryServices/vaults/rsv-prod`, 'rsv-lock')],
        errors: [armError('Microsoft.Authorization/locks', 'Reader')],
      },
    },
  ],
  invalid: [
    {
      name: 'estate: the lock protects only the Recovery Services vault',
      template: armTemplate([
        recoveryVault('rsv-prod'),
        ...diskKeys,
        lock('rsv-lock', 'CanNotDelete', { scope: "[resourceId('Microsoft.RecoveryServices/vaults', 'rsv-prod')]" }),
      ]),
      findings: [{ messageId: 'keyVaultUnlocked', resource: 'kv-disks', at: '', data: { name: 'kv-disks', dependents: '"des-1"' } }],
    },
    {
      name: 'key URLs read with reference() from the keys: a disk encryption set without sourceVault and a Recovery Services vault',
      template: armTemplate([
        keyVault('kv-keys'),
        vaultKey('kv-keys', 'disk-key'),
        vaultKey('kv-keys', 'backup-key'),
        diskEncryptionSet('des-1', 'kv-keys', 'disk-key', { activeKey: { keyUrl: keyUrlReference('kv-keys', 'disk-key', true) } }),
        recoveryVault('rsv-1', { encryption: { keyVaultProperties: { keyUri: keyUrlReference('kv-keys', 'backup-key') } } }),
        lock('rsv-lock', 'CanNotDelete', { scope: "[resourceId('Microsoft.RecoveryServices/vaults', 'rsv-1')]" }),
      ]),
      resource: 'kv-keys',
      findings: [{ messageId: 'keyVaultUnlocked', at: '', data: { name: 'kv-keys', dependents: '"des-1", "rsv-1"' } }],
    },
    {
      // Before: unknown, "it may hold its key": the set's resourceId() of the same parameter names this vault, whatever its value.
      name: 'Key Vault named by a parameter without a value, unlocked, a disk encryption set naming it so',
      template: vaultNamedBy("parameters('kvName')"),
      resource: "[parameters('kvName')]",
      findings: [{ messageId: 'keyVaultUnlocked', at: '', data: { name: "[parameters('kvName')]", dependents: '"des-1"' } }],
    },
    {
      name: 'no locks at all',
      template: armTemplate([recoveryVault('rsv-prod')]),
      findings: [{ messageId: 'vaultUnlocked', at: '', data: { name: 'rsv-prod' } }],
    },
    {
      name: 'snapshot: the locks read, none on the vault, its resource group or the subscription',
      snapshot: { resources: [vaultRow, lockItem(`/subscriptions/${SUB}/resourceGroups/rg-app`, 'rg-app-lock')] },
      findings: [{ messageId: 'vaultUnlocked', at: '', data: { name: 'rsv-prod' } }],
    },
  ],
  unknown: [
    {
      name: 'Key Vault named by take() of a parameter without a value, unlocked, a disk encryption set naming it so: it may hold its key',
      template: vaultNamedBy("take(parameters('kvName'), 24)"),
      resource: "[take(parameters('kvName'), 24)]",
      reason:
        /the Key Vault that Microsoft\.Compute\/diskEncryptionSets 'des-1' takes its keys from is not known \(parameter 'kvName' has no value\): it may be this one/,
    },
    {
      name: 'lock level from a parameter with no value',
      template: armTemplate([recoveryVault('rsv-prod'), { ...lock('rg-lock'), properties: { level: "[parameters('level')]" } }], {
        parameters: { level: { type: 'string' } },
      }),
      reason: /parameter 'level' has no value/,
    },
  ],
  notAssessed: [
    {
      // Before: a failure (no lock) where the locks were never read.
      name: 'snapshot: the locks of the subscription could not be read',
      snapshot: { resources: [vaultRow], errors: [armError('Microsoft.Authorization/locks', 'Reader')] },
      reason: /ARM Microsoft\.Authorization\/locks answered 403: the role Reader is missing/,
    },
    {
      name: 'snapshot: nothing could be read in the subscription',
      snapshot: { resources: [vaultRow], subscriptions: [{ subscriptionId: SUB, displayName: 'Contoso Production', state: 'Enabled', status: 'error' }] },
      reason: /nothing could be read in the subscription/,
    },
  ],
  notApplicable: [
    { name: 'Key Vault holding no disk or backup key', template: armTemplate([keyVault('kv-app')]) },
    {
      name: 'Key Vault named by take() of a parameter without a value, that may hold a disk key, its resource group locked: passes whatever it holds',
      template: vaultNamedBy("take(parameters('kvName'), 24)", {}, [lock('rg-no-delete')]),
      resource: "[take(parameters('kvName'), 24)]",
    },
  ],
});

describe('the title', () => {
  // It promised locks on critical VMs and disks; only Recovery Services vaults and Key Vaults holding disk or backup keys are checked.
  it('names only what the rule checks', () => {
    expect(rule.title.en).not.toMatch(/VM|disks\b(?! or backup keys)/);
    expect(rule.title.ja).not.toMatch(/VM|ディスク(?!または)/);
    expect(rule.resourceTypes).toEqual(['Microsoft.RecoveryServices/vaults', 'Microsoft.KeyVault/vaults']);
  });
});
