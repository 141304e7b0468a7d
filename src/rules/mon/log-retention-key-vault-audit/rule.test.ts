import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyUrlReference, keyVault, recoveryVault, vaultKey, vaultNamedBy } from '../../../../test/support/recovery-snippets.js';
import { argRow, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WS = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const workspace = (retention: unknown, name = 'law-sentinel'): object => ({
  type: 'Microsoft.OperationalInsights/workspaces',
  apiVersion: '2023-09-01',
  name,
  location: 'japaneast',
  properties: { sku: { name: 'PerGB2018' }, retentionInDays: retention },
});
const kvDiagnostics = (logs: object[]): object => ({
  type: 'Microsoft.Insights/diagnosticSettings',
  apiVersion: '2021-05-01-preview',
  name: 'kv-audit',
  scope: "[format('Microsoft.KeyVault/vaults/{0}', 'kv-disks')]",
  properties: { workspaceId: WS, logs },
});
const disks = (...extra: object[]): object =>
  armTemplate([keyVault('kv-disks'), vaultKey('kv-disks', 'disk-key'), diskEncryptionSet('des-1', 'kv-disks', 'disk-key'), ...extra]);
const vaultError = {
  source: 'arm',
  operation: 'Microsoft.Insights/diagnosticSettings (key vault)',
  scope: `/subscriptions/${SUB}/resourceGroups/rg-keys/providers/Microsoft.KeyVault/vaults/kv-disks`,
  status: 403,
  code: 'AuthorizationFailed',
  message: 'denied',
  missingPermission: 'Reader',
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'template: 90-day workspace', template: armTemplate([workspace(90)]) },
    { name: 'template: disk key vault with audit logs', template: disks(kvDiagnostics([{ categoryGroup: 'audit', enabled: true }])) },
    {
      name: 'template: vault named by a parameter without a value, matched to its diagnostic setting scoped to it by the same parameter (Bicep `scope: kv`)',
      template: vaultNamedBy("parameters('kvName')", {}, [
        {
          ...(kvDiagnostics([{ categoryGroup: 'audit', enabled: true }]) as object),
          scope: "[format('Microsoft.KeyVault/vaults/{0}', parameters('kvName'))]",
        },
      ]),
      resource: "[parameters('kvName')]",
    },
  ],
  invalid: [
    {
      name: 'template: 30-day workspace',
      template: armTemplate([workspace(30)]),
      findings: [{ messageId: 'shortRetention', at: '/properties/retentionInDays', data: { workspace: 'law-sentinel', days: 30, minimum: 90 } }],
    },
    {
      name: 'template: disk key vault without diagnostics',
      template: disks(),
      findings: [{ messageId: 'noAuditLog', data: { vault: 'kv-disks', dependents: 'des-1' } }],
    },
    {
      // Before: unknown, "it may hold its key": the set's resourceId() of the same parameter names this vault, whatever its value.
      name: 'template: vault named by a parameter without a value, no audit log, a disk encryption set naming it so',
      template: vaultNamedBy("parameters('kvName')"),
      resource: "[parameters('kvName')]",
      findings: [{ messageId: 'noAuditLog', data: { vault: "[parameters('kvName')]", dependents: 'des-1' } }],
    },
    {
      name: 'template: key URL read with reference() from the key, disk encryption set without sourceVault',
      template: armTemplate([
        keyVault('kv-disks'),
        vaultKey('kv-disks', 'disk-key'),
        diskEncryptionSet('des-1', 'kv-disks', 'disk-key', { activeKey: { keyUrl: keyUrlReference('kv-disks', 'disk-key', true) } }),
      ]),
      findings: [{ messageId: 'noAuditLog', data: { vault: 'kv-disks', dependents: 'des-1' } }],
    },
    {
      name: 'template: Recovery Services vault key URL read with reference() from the key',
      template: armTemplate([
        keyVault('kv-backup'),
        vaultKey('kv-backup', 'backup-key'),
        recoveryVault('rsv-1', { encryption: { keyVaultProperties: { keyUri: keyUrlReference('kv-backup', 'backup-key') } } }),
      ]),
      findings: [{ messageId: 'noAuditLog', data: { vault: 'kv-backup', dependents: 'rsv-1' } }],
    },
    {
      name: 'template: only metrics exported',
      template: disks(
        kvDiagnostics([
          { category: 'AuditEvent', enabled: false },
          { category: 'AzurePolicyEvaluationDetails', enabled: true },
        ]),
      ),
      findings: [{ messageId: 'noAuditLog' }],
    },
  ],
  unknown: [
    {
      name: 'template: vault named by take() of a parameter without a value, no audit log, a disk encryption set naming it so: it may hold its key',
      template: vaultNamedBy("take(parameters('kvName'), 24)"),
      resource: "[take(parameters('kvName'), 24)]",
      reason:
        /the Key Vault that Microsoft\.Compute\/diskEncryptionSets 'des-1' takes its keys from is not known \(parameter 'kvName' has no value\): it may be this one/,
    },
    { name: 'template: retention from a parameter', template: armTemplate([workspace("[parameters('retention')]")]), reason: /retention/ },
    {
      name: 'template: audit-log setting whose vault is a parameter without a value',
      template: disks({
        ...(kvDiagnostics([{ categoryGroup: 'audit', enabled: true }]) as object),
        scope: "[format('Microsoft.KeyVault/vaults/{0}', parameters('vault'))]",
      }),
      resource: 'kv-disks',
      reason: /scope of Microsoft.Insights\/diagnosticSettings .*vault/,
    },
  ],
  notAssessed: [
    {
      name: 'key vault diagnostic settings unreadable',
      resource: 'kv-disks',
      snapshot: {
        resources: [
          argRow('Microsoft.KeyVault/vaults', 'rg-keys', 'kv-disks', { tenantId: 'x', sku: { family: 'A', name: 'premium' } }),
          argRow('Microsoft.Compute/diskEncryptionSets', 'rg-keys', 'des-1', {
            activeKey: { keyUrl: 'https://kv-disks.vault.azure.net/keys/disk-key/0123456789abcdef0123456789abcdef' },
            encryptionType: 'EncryptionAtRestWithCustomerKey',
          }),
        ],
        errors: [vaultError],
      },
      reason: /Reader/,
    },
  ],
  notApplicable: [
    { name: 'template: vault without disk keys', template: armTemplate([keyVault('kv-app')]) },
    {
      name: 'template: vault that may hold a disk key (its URL a parameter without a value), sending its audit logs: passes whatever it holds',
      template: armTemplate(
        [
          keyVault('kv-disks'),
          kvDiagnostics([{ categoryGroup: 'audit', enabled: true }]),
          diskEncryptionSet('des-1', 'kv-disks', 'disk-key', { activeKey: { keyUrl: "[parameters('keyUrl')]" } }),
        ],
        { parameters: { keyUrl: { type: 'string' } } },
      ),
      resource: 'kv-disks',
    },
    {
      name: 'snapshot: not the Sentinel workspace',
      resource: 'law-ops',
      snapshot: {
        resources: [
          argRow('Microsoft.OperationalInsights/workspaces', 'rg-secops', 'law-ops', { retentionInDays: 30 }),
          {
            id: `${WS}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
            name: 'default',
            type: 'Microsoft.SecurityInsights/onboardingStates',
            properties: {},
          },
        ],
      },
    },
  ],
});
