import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { runRules } from '../../../engine/run.js';
import { expandTemplate } from '../../../inputs/arm/expand.js';
import { parseJson } from '../../../inputs/json/parse.js';
import { ResourceGraph } from '../../../model/graph.js';
import { diskEncryptionSet, keyUrlReference, keyVault, recoveryVault, vaultKey } from '../../../../test/support/recovery-snippets.js';
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
      // Before: failed, "disables soft delete", though Azure has not let a vault turn it off since February 2025.
      name: 'soft delete written off',
      template: armTemplate([keyVault('kv-old', { enableSoftDelete: false })]),
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
      name: 'key URLs read with reference() from the keys: a disk encryption set without sourceVault and a Recovery Services vault',
      template: armTemplate([
        keyVault('kv-keys', { enablePurgeProtection: undefined }),
        vaultKey('kv-keys', 'disk-key'),
        vaultKey('kv-keys', 'backup-key'),
        diskEncryptionSet('des-1', 'kv-keys', 'disk-key', { activeKey: { keyUrl: keyUrlReference('kv-keys', 'disk-key', true) } }),
        recoveryVault('rsv-1', {
          encryption: { keyVaultProperties: { keyUri: keyUrlReference('kv-keys', 'backup-key') }, kekIdentity: { useSystemAssignedIdentity: true } },
        }),
      ]),
      resource: 'kv-keys',
      findings: [{ messageId: 'purgeProtectionOffForKeys', at: '/properties', data: { name: 'kv-keys', dependents: '"des-1", "rsv-1"' } }],
    },
    {
      // Soft delete is on for every vault from February 2025, whatever enableSoftDelete says; the retention still counts.
      name: 'soft delete written off, deleted keys kept 5 days',
      template: armTemplate([keyVault('kv-old', { enableSoftDelete: false, softDeleteRetentionInDays: 5 })]),
      findings: [{ messageId: 'shortRetention', at: '/properties/softDeleteRetentionInDays', data: { name: 'kv-old', days: 5, minimum: 7 } }],
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

describe('as of a date before February 2025', () => {
  it('soft delete could be off', () => {
    const graph = new ResourceGraph(
      expandTemplate(parseJson(JSON.stringify(armTemplate([keyVault('kv-old', { enableSoftDelete: false })]))), { file: 't.json' }).resources,
    );
    const options = rule.options?.parse({ asOf: '2024-12-01' });
    const [evaluation] = runRules(graph, [rule], { ruleOptions: new Map([[rule.id, options]]) });
    expect(evaluation?.findings.map((f) => f.messageId)).toEqual(['softDeleteOff']);
  });
});
