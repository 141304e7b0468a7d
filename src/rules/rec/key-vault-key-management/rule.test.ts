import { armTemplate, linuxVm, rid } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyUrlReference, keyVault, vaultKey, vaultNamedBy } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const KEY_VAULT_ADMINISTRATOR = '00482a5a-887f-4fb3-b363-3b7fe8e74483';
const adminAssignment = (name: string): object => ({
  type: 'Microsoft.Authorization/roleAssignments',
  apiVersion: '2022-04-01',
  name: `[guid('${name}')]`,
  scope: "[resourceId('Microsoft.KeyVault/vaults', 'kv-disks')]",
  properties: {
    roleDefinitionId: `[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '${KEY_VAULT_ADMINISTRATOR}')]`,
    principalId: name,
    principalType: 'User',
  },
});
const estate = (vault: object = {}, key: object = {}, des: object = {}, extra: object[] = []): object =>
  armTemplate([keyVault('kv-disks', vault), vaultKey('kv-disks', 'disk-key', key), diskEncryptionSet('des-1', 'kv-disks', 'disk-key', des), ...extra]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'RBAC vault, rotating key with expiry, auto-rotating DES', template: estate({}, {}, {}, [adminAssignment('alice'), adminAssignment('bob')]) },
    {
      name: 'Key Vault API 2026-02-01 creates an RBAC vault when enableRbacAuthorization is not written',
      template: armTemplate([
        { ...(keyVault('kv-disks', { enableRbacAuthorization: undefined }) as object), apiVersion: '2026-02-01' },
        vaultKey('kv-disks', 'disk-key'),
        diskEncryptionSet('des-1', 'kv-disks', 'disk-key'),
      ]),
    },
    {
      name: 'one key administrator more whose scope is not known stays within the maximum',
      template: estate({}, {}, {}, [
        adminAssignment('a'),
        { ...(adminAssignment('b') as object), scope: "[resourceId('Microsoft.KeyVault/vaults', parameters('vault'))]" },
      ]),
    },
    {
      name: 'vault referenced by its key URL only',
      template: estate({}, {}, { activeKey: { keyUrl: 'https://kv-disks.vault.azure.net/keys/disk-key/0123456789abcdef' } }),
    },
    {
      name: 'key URL read with reference() from the key in the template (keyUriWithVersion)',
      template: estate(
        {},
        {},
        { activeKey: { sourceVault: { id: rid('Microsoft.KeyVault/vaults', 'kv-disks') }, keyUrl: keyUrlReference('kv-disks', 'disk-key', true) } },
      ),
    },
    {
      name: 'key URL read with reference() from the key, no sourceVault',
      template: estate({}, {}, { activeKey: { keyUrl: keyUrlReference('kv-disks', 'disk-key') } }),
    },
    {
      name: 'vault named by a parameter without a value, managed well, a disk encryption set naming it and its key so',
      template: vaultNamedBy("parameters('kvName')"),
      resource: "[parameters('kvName')]",
    },
    {
      name: "key URL joined from the vault's vaultUri, no sourceVault",
      template: estate({}, {}, { activeKey: { keyUrl: "[concat(reference(resourceId('Microsoft.KeyVault/vaults', 'kv-disks')).vaultUri, 'keys/disk-key')]" } }),
    },
    {
      name: 'key URL written by hand around the name of a vault named by a parameter without a value',
      template: vaultNamedBy("parameters('kvName')", {}, [], "[format('https://{0}.vault.azure.net/keys/disk-key', parameters('kvName'))]"),
      resource: "[parameters('kvName')]",
    },
  ],
  invalid: [
    {
      name: 'Key Vault API before 2026-02-01, RBAC not written: access policies',
      template: estate({ enableRbacAuthorization: undefined }),
      resource: 'kv-disks',
      findings: [{ messageId: 'accessPolicies', resource: 'kv-disks', data: { name: 'kv-disks' } }],
    },
    {
      name: 'access policies, no rotation, no expiry, too many admins',
      template: estate(
        { enableRbacAuthorization: false },
        { attributes: { enabled: true }, rotationPolicy: null },
        { rotationToLatestKeyVersionEnabled: false },
        [adminAssignment('a'), adminAssignment('b'), adminAssignment('c'), adminAssignment('d')],
      ),
      resource: 'kv-disks',
      findings: [
        { messageId: 'accessPolicies', resource: 'kv-disks', at: '/properties/enableRbacAuthorization', data: { name: 'kv-disks' } },
        {
          messageId: 'noRotation',
          resource: 'des-1',
          at: '/properties',
          data: { name: 'kv-disks', set: 'des-1', missing: 'rotationToLatestKeyVersionEnabled is not true; key "disk-key" has no rotation policy' },
        },
        { messageId: 'noExpiry', resource: 'kv-disks/disk-key', at: '/properties', data: { name: 'kv-disks', key: 'disk-key' } },
        { messageId: 'tooManyAdmins', resource: 'kv-disks', at: '', data: { name: 'kv-disks', count: 4, maximum: 3 } },
      ],
    },
    {
      name: 'key URL read with reference() from a key without a rotation policy',
      template: estate({}, { rotationPolicy: null }, { activeKey: { keyUrl: keyUrlReference('kv-disks', 'disk-key', true) } }),
      resource: 'kv-disks',
      findings: [
        {
          messageId: 'noRotation',
          resource: 'des-1',
          at: '/properties',
          data: { name: 'kv-disks', set: 'des-1', missing: 'key "disk-key" has no rotation policy' },
        },
      ],
    },
    {
      // Before: unknown, "it may hold its key": the set's resourceId() of the same parameter names this vault, whatever its value.
      name: 'vault named by a parameter without a value, on access policies, a disk encryption set naming it so',
      template: vaultNamedBy("parameters('kvName')", { enableRbacAuthorization: false }),
      resource: "[parameters('kvName')]",
      findings: [{ messageId: 'accessPolicies', data: { name: "[parameters('kvName')]" } }],
    },
    {
      // Before: unknown, the key of the set not found: the URL's host was not known.
      name: 'key URL written by hand around the name of a vault named by a parameter without a value, its key without a rotation policy',
      template: vaultNamedBy("parameters('kvName')", {}, [], "[format('https://{0}.vault.azure.net/keys/disk-key/0123', parameters('kvName'))]", {
        rotationPolicy: undefined,
      }),
      resource: "[parameters('kvName')]",
      findings: [
        {
          messageId: 'noRotation',
          resource: 'des-1',
          data: { name: "[parameters('kvName')]", set: 'des-1', missing: 'key "disk-key" has no rotation policy' },
        },
      ],
    },
    {
      // The extension named the vault by neither its id nor a URL with its name: the vault held nothing.
      name: "ADE extension with its vault URL read from the vault's vaultUri, its vault id from a parameter without a value",
      template: armTemplate(
        [
          linuxVm('vm-1'),
          keyVault('kv-ade', { enableRbacAuthorization: false }),
          {
            type: 'Microsoft.Compute/virtualMachines/extensions',
            apiVersion: '2024-07-01',
            name: 'vm-1/ade',
            location: 'japaneast',
            properties: {
              publisher: 'Microsoft.Azure.Security',
              type: 'AzureDiskEncryptionForLinux',
              typeHandlerVersion: '1.1',
              settings: {
                EncryptionOperation: 'EnableEncryption',
                KeyVaultResourceId: "[parameters('kvId')]",
                KeyVaultURL: "[reference(resourceId('Microsoft.KeyVault/vaults', 'kv-ade')).vaultUri]",
              },
            },
          },
        ],
        { parameters: { kvId: { type: 'string' } } },
      ),
      resource: 'kv-ade',
      findings: [{ messageId: 'accessPolicies', resource: 'kv-ade', data: { name: 'kv-ade' } }],
    },
  ],
  unknown: [
    {
      name: 'vault named by take() of a parameter without a value, on access policies, a disk encryption set naming it so: it may hold its key',
      template: vaultNamedBy("take(parameters('kvName'), 24)", { enableRbacAuthorization: false }),
      resource: "[take(parameters('kvName'), 24)]",
      reason:
        /the Key Vault that Microsoft\.Compute\/diskEncryptionSets 'des-1' takes its keys from is not known \(parameter 'kvName' has no value\): it may be this one/,
    },
    {
      name: 'a fourth key administrator whose scope is a parameter without a value',
      template: estate({}, {}, {}, [
        adminAssignment('a'),
        adminAssignment('b'),
        adminAssignment('c'),
        { ...(adminAssignment('d') as object), scope: "[resourceId('Microsoft.KeyVault/vaults', parameters('vault'))]" },
      ]),
      resource: 'kv-disks',
      reason: /scope of Microsoft.Authorization\/roleAssignments .*vault/,
    },
    {
      name: 'key URL written by hand with the key named from a parameter without a value',
      template: vaultNamedBy("parameters('kvName')", {}, [], "[format('https://{0}.vault.azure.net/keys/{0}-key', parameters('kvName'))]"),
      resource: "[parameters('kvName')]",
      reason: /parameter 'kvName' has no value/,
    },
    {
      name: 'DES key outside the input',
      template: armTemplate([keyVault('kv-disks'), diskEncryptionSet('des-1', 'kv-disks', 'other-key')]),
      reason: /key of disk encryption set "des-1" is not in the scanned input/,
    },
    {
      name: 'key URL read with reference() from a key of the vault the input lacks, no sourceVault',
      template: armTemplate([
        keyVault('kv-disks'),
        diskEncryptionSet('des-1', 'kv-disks', 'other-key', { activeKey: { keyUrl: keyUrlReference('kv-disks', 'other-key') } }),
      ]),
      reason: /reference\(\) to '.*\/vaults\/kv-disks\/keys\/other-key' is only known at deployment/,
    },
  ],
  notApplicable: [
    { name: 'vault without disk keys', template: armTemplate([keyVault('kv-app', { enableRbacAuthorization: false })]) },
    {
      name: 'vault named by take() of a parameter without a value, managed well, that may hold a disk key: passes whatever it holds',
      template: vaultNamedBy("take(parameters('kvName'), 24)"),
      resource: "[take(parameters('kvName'), 24)]",
    },
    {
      name: 'key URL from a parameter without a value, no sourceVault: the vault is not named',
      template: armTemplate(
        [
          keyVault('kv-disks'),
          vaultKey('kv-disks', 'disk-key'),
          diskEncryptionSet('des-1', 'kv-disks', 'disk-key', { activeKey: { keyUrl: "[parameters('keyUrl')]" } }),
        ],
        {
          parameters: { keyUrl: { type: 'string' } },
        },
      ),
    },
    {
      name: 'vault beside a disk that uses another encryption set',
      template: armTemplate([
        keyVault('kv-ade'),
        {
          type: 'Microsoft.Compute/disks',
          apiVersion: '2024-03-02',
          name: 'd',
          properties: { creationData: { createOption: 'Empty' }, encryption: { diskEncryptionSetId: rid('Microsoft.Compute/diskEncryptionSets', 'x') } },
        },
      ]),
    },
  ],
});
