import { armTemplate, linuxVm, rid } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyVault, storageAccount } from '../../../../test/support/edge-snippets.js';
import { vaultNamedBy } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const vault = (properties: Record<string, unknown>): object => armTemplate([keyVault('disk-kv', properties), diskEncryptionSet('disk-des', 'disk-kv')]);
const bootDiagnostics = (properties: Record<string, unknown>, storageUri: unknown = 'https://contosodiag.blob.core.windows.net/', extra: object = {}): object =>
  armTemplate(
    [storageAccount('contosodiag', properties), linuxVm('app-1', {}, { diagnosticsProfile: { bootDiagnostics: { enabled: true, storageUri } } })],
    extra,
  );

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'disk key vault with public access disabled', template: vault({ publicNetworkAccess: 'Disabled' }) },
    {
      name: 'disk key vault named by a parameter without a value, public access disabled, a disk encryption set naming it so',
      template: vaultNamedBy("parameters('kvName')", { publicNetworkAccess: 'Disabled' }),
      resource: "[parameters('kvName')]",
    },
    {
      name: 'boot diagnostics account denying by default with a VNet rule',
      template: bootDiagnostics({
        networkAcls: { defaultAction: 'Deny', virtualNetworkRules: [{ id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'workload') }] },
      }),
      resource: 'contosodiag',
    },
  ],
  invalid: [
    {
      name: 'disk key vault open to all networks',
      template: vault({}),
      findings: [{ messageId: 'publicAccess', at: '/properties', data: { name: 'disk-kv', dependents: 'disk-des', access: 'Enabled', action: 'Allow' } }],
    },
    {
      // Before: unknown, "it may hold its key": the set's resourceId() of the same parameter names this vault, whatever its value.
      name: 'disk key vault named by a parameter without a value, open to all networks, a disk encryption set naming it so',
      template: vaultNamedBy("parameters('kvName')"),
      resource: "[parameters('kvName')]",
      findings: [
        { messageId: 'publicAccess', at: '/properties', data: { name: "[parameters('kvName')]", dependents: 'des-1', access: 'Enabled', action: 'Allow' } },
      ],
    },
    {
      name: 'boot diagnostics account with defaultAction Allow',
      template: bootDiagnostics({ networkAcls: { defaultAction: 'Allow' } }),
      resource: 'contosodiag',
      findings: [
        {
          messageId: 'publicAccess',
          at: '/properties/networkAcls/defaultAction',
          data: { name: 'contosodiag', dependents: 'app-1', access: 'Enabled', action: 'Allow' },
        },
      ],
    },
    {
      // Before: not applicable, "no VM in the input depends on it": the endpoint is only known at deployment.
      name: "boot diagnostics at the account's blob endpoint as reference() reads it",
      template: bootDiagnostics(
        { networkAcls: { defaultAction: 'Allow' } },
        "[reference(resourceId('Microsoft.Storage/storageAccounts', 'contosodiag'), '2023-05-01').primaryEndpoints.blob]",
      ),
      resource: 'contosodiag',
      findings: [{ messageId: 'publicAccess', data: { name: 'contosodiag', dependents: 'app-1', access: 'Enabled', action: 'Allow' } }],
    },
  ],
  unknown: [
    {
      name: 'boot diagnostics at a storage URL from a parameter without a value: it may be this account',
      template: bootDiagnostics({ networkAcls: { defaultAction: 'Allow' } }, "[parameters('diagUri')]", { parameters: { diagUri: { type: 'string' } } }),
      resource: 'contosodiag',
      reason: /a VM keeps boot diagnostics or disks at a storage URL that is not known \(parameter 'diagUri' has no value\): it may be this account/,
    },
    {
      name: 'public access from an unset parameter',
      template: { ...(vault({ publicNetworkAccess: "[parameters('access')]" }) as object), parameters: { access: { type: 'string' } } },
      resource: 'disk-kv',
      reason: /parameter 'access' has no value/,
    },
    {
      name: 'boot diagnostics account secured by a network security perimeter',
      template: bootDiagnostics({ publicNetworkAccess: 'SecuredByPerimeter' }),
      resource: 'contosodiag',
      reason: /SecuredByPerimeter: the access rules of the network security perimeter decide/,
    },
    {
      name: 'key vault named by take() of a parameter without a value, a disk encryption set naming it so: it may hold its key',
      template: vaultNamedBy("take(parameters('kvName'), 24)"),
      resource: "[take(parameters('kvName'), 24)]",
      reason:
        /the Key Vault that Microsoft\.Compute\/diskEncryptionSets 'des-1' takes its keys from is not known \(parameter 'kvName' has no value\): it may be this one/,
    },
  ],
  notApplicable: [
    { name: 'a key vault no VM uses', template: armTemplate([keyVault('app-secrets')]) },
    {
      name: 'a key vault named by take() of a parameter without a value, that may hold a disk key, with public access disabled: private whatever it holds',
      template: vaultNamedBy("take(parameters('kvName'), 24)", { publicNetworkAccess: 'Disabled' }),
      resource: "[take(parameters('kvName'), 24)]",
    },
  ],
});
