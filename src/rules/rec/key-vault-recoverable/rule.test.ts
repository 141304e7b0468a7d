import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyVault, vaultKey } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

// Not applicable never happens: every Key Vault is judged (disk-key vaults get the sharper message).
testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'disk-key vault with purge protection',
      template: armTemplate([keyVault('kv-disks'), vaultKey('kv-disks', 'disk-key'), diskEncryptionSet('des-1', 'kv-disks', 'disk-key')]),
    },
    {
      name: 'soft delete left at its default (on)',
      template: armTemplate([keyVault('kv-app', { enableSoftDelete: undefined, softDeleteRetentionInDays: undefined })]),
    },
  ],
  invalid: [
    {
      name: 'estate: the disk-key vault lacks purge protection, the app vault has it off too',
      template: armTemplate([
        keyVault('kv-disks', { enablePurgeProtection: undefined }),
        vaultKey('kv-disks', 'disk-key'),
        diskEncryptionSet('des-1', 'kv-disks', 'disk-key'),
        keyVault('kv-app', { enablePurgeProtection: false }),
        keyVault('kv-ok'),
      ]),
      findings: [
        { messageId: 'purgeProtectionOffForKeys', resource: 'kv-disks', at: '/properties', data: { name: 'kv-disks', dependents: '"des-1"' } },
        { messageId: 'purgeProtectionOff', resource: 'kv-app', at: '/properties/enablePurgeProtection', data: { name: 'kv-app' } },
      ],
    },
    {
      name: 'soft delete off',
      template: armTemplate([keyVault('kv-old', { enableSoftDelete: false })]),
      findings: [{ messageId: 'softDeleteOff', at: '/properties/enableSoftDelete', data: { name: 'kv-old' } }],
    },
  ],
  unknown: [
    {
      name: 'purge protection from a parameter with no value',
      template: armTemplate([keyVault('kv-app', { enablePurgeProtection: "[parameters('purgeProtection')]" })], {
        parameters: { purgeProtection: { type: 'bool' } },
      }),
      reason: /parameter 'purgeProtection' has no value/,
    },
  ],
});
