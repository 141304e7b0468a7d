import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asString, isObject, isUnknown, type Unknown, type Value } from '../../../model/value.js';
import { pushTo } from '../../../model/multimap.js';
import { defineRule } from '../../define-rule.js';
import { profile, VM_TYPES } from '../../shared/compute.js';
import { keyVaultDependents, unknownKeyVaultUser } from '../../shared/key-vault.js';

/**
 * The storage account (lower-case name) a blob URL names: `https://name.blob.core.windows.net/…`,
 * or an endpoint `reference()` (Terraform: `primary_blob_endpoint`) reads from an account, perhaps
 * with a path after it. Unknown when the URL may name any account; undefined when it names none.
 */
function accountOfUrl(url: Value | undefined): string | Unknown | undefined {
  if (isUnknown(url)) {
    const first = url.pieces?.[0] ?? url;
    const source = isUnknown(first) && first.deployed?.path.startsWith('/properties/primaryEndpoints/') ? first.deployed.resourceId : undefined;
    const account = source === undefined ? undefined : /\/providers\/microsoft\.storage\/storageaccounts\/([^/]+)$/i.exec(source)?.[1];
    return account?.toLowerCase() ?? url;
  }
  if (typeof url !== 'string') return undefined;
  return /^https?:\/\/([a-z0-9]+)\.blob\.core\.(windows\.net|chinacloudapi\.cn|usgovcloudapi\.net)/i.exec(url)?.[1]?.toLowerCase();
}

/** VMs that keep boot diagnostics or unmanaged disks in this storage account, and why one whose URL is not known may. */
function storageDependents(graph: ResourceGraph, account: Resource): { names: string[]; unsure?: Unknown } {
  const name = (account.name.split('/').pop() ?? account.name).toLowerCase();
  const { byAccount, undecided } = graph.derive(storageUsers);
  const unsure = undecided.find((vm) => !vm.accounts.has(name))?.unknown;
  // Where several inputs declare the account's id, a VM naming it reads its own input's account, or the one `graph.get` gives an input without it.
  const names = (byAccount.get(name) ?? []).filter((vm) => graph.reads(vm, account)).map((vm) => vm.name);
  return unsure === undefined ? { names } : { names, unsure };
}

/**
 * The storage accounts each VM keeps boot diagnostics or unmanaged disks in, read once per graph
 * (every account asks): VMs by account name, in graph order, and the VMs with a URL not known,
 * with the accounts their other URLs name.
 */
function storageUsers(graph: ResourceGraph): { byAccount: Map<string, Resource[]>; undecided: { accounts: Set<string>; unknown: Unknown }[] } {
  const byAccount = new Map<string, Resource[]>();
  const undecided: { accounts: Set<string>; unknown: Unknown }[] = [];
  for (const type of VM_TYPES) {
    for (const vm of graph.ofType(type)) {
      const urls: (Value | undefined)[] = [
        profile(vm, 'diagnosticsProfile', 'bootDiagnostics', 'storageUri'),
        profile(vm, 'storageProfile', 'osDisk', 'vhd', 'uri'),
      ];
      const dataDisks = profile(vm, 'storageProfile', 'dataDisks');
      if (Array.isArray(dataDisks)) for (const disk of dataDisks) urls.push(isObject(disk) && isObject(disk['vhd']) ? disk['vhd']['uri'] : undefined);
      const found = urls.map(accountOfUrl);
      const accounts = new Set(found.filter((account): account is string => typeof account === 'string'));
      for (const account of accounts) pushTo(byAccount, account, vm);
      const unknown = found.find(isUnknown);
      if (unknown) undecided.push({ accounts, unknown });
    }
  }
  return { byAccount, undecided };
}

export default defineRule({
  id: 'AZV-NET-017',
  name: 'paas-private-access',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.KeyVault/vaults', 'Microsoft.Storage/storageAccounts'],
  title: {
    en: 'PaaS dependencies of VMs (Key Vault, storage for diagnostics/backup staging) reached privately (private endpoints or service endpoints + firewall deny)',
    ja: 'VM が依存する PaaS（Key Vault、診断／バックアップ用ストレージ等）へプライベートに到達（プライベート エンドポイントまたはサービス エンドポイント＋既定で拒否するファイアウォール）',
  },
  fix: {
    en: 'Set publicNetworkAccess to Disabled and reach the service through a private endpoint, or set networkAcls.defaultAction to Deny with VNet rules.',
    ja: 'publicNetworkAccess を Disabled にしてプライベート エンドポイント経由で接続するか、networkAcls.defaultAction を Deny にして VNet ルールを設定します。',
  },
  messages: {
    publicAccess: {
      en: '"{{name}}" holds what VMs depend on ({{dependents}}) and accepts connections from every network: publicNetworkAccess is {{access}} and networkAcls.defaultAction is {{action}}.',
      ja: '"{{name}}" は VM が依存するもの（{{dependents}}）を保持していますが、すべてのネットワークから接続を受け付けます（publicNetworkAccess は {{access}}、networkAcls.defaultAction は {{action}}）。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-2', 'DP-8'],
    'cis-azure-5.0.0': ['8.3.7', '8.3.8'],
    'azure-policy': [
      'a6abeaec-4d90-4a02-805f-6b26c4d3fbe9',
      '405c5871-3e91-4644-8a63-58e19d68ff5b',
      '55615ac9-af46-4a59-874e-391cc3dfb490',
      'ea4d6841-2173-4317-9747-ff522a45120f',
      '60d21c4f-21a3-4d94-85f4-b924e6aeeda4',
    ],
    peers: ['checkov CKV_AZURE_109', 'checkov CKV_AZURE_189', 'checkov CKV2_AZURE_32', 'prowler keyvault_private_endpoints'],
  },
  check(resource, context) {
    const isVault = resource.type.toLowerCase() === 'microsoft.keyvault/vaults';
    const stored = isVault ? undefined : storageDependents(context.graph, resource);
    const dependents = stored
      ? stored.names
      : keyVaultDependents(context.graph, resource)
          .filter((dependent) => dependent.role !== 'backupVault')
          .map((dependent) => dependent.resource.name);
    // What a VM (or a disk encryption key) not known may depend on: judged as if it did, unknown where that would fail.
    const unsure =
      dependents.length > 0
        ? undefined
        : stored
          ? stored.unsure && `a VM keeps boot diagnostics or disks at a storage URL that is not known (${stored.unsure.reason}): it may be this account`
          : unknownKeyVaultUser(context.graph, ['diskEncryptionSet', 'adeDisk', 'adeExtension']);
    const none = 'no VM in the input depends on it';
    if (dependents.length === 0 && unsure === undefined) return context.notApplicable(none);
    const access = at(resource, 'properties', 'publicNetworkAccess');
    const accessValue = asString(access.value);
    if (isUnknown(accessValue)) return context.unknown(unsure ?? accessValue.reason);
    if (accessValue?.toLowerCase() === 'disabled') return unsure === undefined ? undefined : context.notApplicable(none);
    // The network security perimeter's access rules then decide who connects; they are not judged here.
    if (accessValue?.toLowerCase() === 'securedbyperimeter')
      return context.unknown(
        unsure ?? 'publicNetworkAccess is SecuredByPerimeter: the access rules of the network security perimeter decide which networks connect',
      );
    const action = at(resource, 'properties', 'networkAcls', 'defaultAction');
    const actionValue = asString(action.value);
    if (isUnknown(actionValue)) return context.unknown(unsure ?? actionValue.reason);
    if (actionValue?.toLowerCase() === 'deny') return unsure === undefined ? undefined : context.notApplicable(none);
    if (unsure !== undefined) return context.unknown(unsure);
    const acls = get(resource, 'properties', 'networkAcls');
    context.report(
      'publicAccess',
      { name: resource.name, dependents: [...new Set(dependents)].sort().join(', '), access: accessValue ?? 'Enabled', action: actionValue ?? 'Allow' },
      { at: acls !== undefined ? action.pointer : access.pointer },
    );
  },
});
