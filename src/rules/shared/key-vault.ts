import type { ResourceGraph } from '../../model/graph.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { isObject, prop } from '../../model/value.js';

/** A resource that depends on keys in a Key Vault for disk or backup encryption. */
export interface KeyVaultDependent {
  readonly resource: Resource;
  /** disk encryption set, ADE disk, ADE extension or Recovery Services vault. */
  readonly role: 'diskEncryptionSet' | 'adeDisk' | 'adeExtension' | 'backupVault';
}

const DEPENDENT_TYPES: Readonly<Record<string, KeyVaultDependent['role']>> = {
  'microsoft.compute/diskencryptionsets': 'diskEncryptionSet',
  'microsoft.compute/disks': 'adeDisk',
  'microsoft.recoveryservices/vaults': 'backupVault',
};

/** The host name of a Key Vault key or secret URL (`https://kv-1.vault.azure.net/keys/k/v` → `kv-1`). */
export function vaultNameOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const match = /^https:\/\/([^./]+)\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)(:443)?\//i.exec(url);
  return match?.[1]?.toLowerCase();
}

/**
 * Resources in the input that keep disk or backup encryption keys in this Key Vault: disk
 * encryption sets (`activeKey.sourceVault` or the key URL host), disks with ADE settings, ADE VM
 * extensions (`settings.KeyVaultResourceId` / `KeyVaultURL`) and Recovery Services vaults with a
 * customer-managed key URL.
 */
export function keyVaultDependents(graph: ResourceGraph, vault: Resource): KeyVaultDependent[] {
  const found = new Map<string, KeyVaultDependent>();
  const add = (resource: Resource, role: KeyVaultDependent['role']): void => {
    if (!found.has(resource.key)) found.set(resource.key, { resource, role });
  };
  for (const { resource } of graph.referencesTo(vault)) {
    const role = DEPENDENT_TYPES[resource.type.toLowerCase()];
    if (role !== undefined) add(resource, role);
  }
  const name = (vault.name.split('/').pop() ?? vault.name).toLowerCase();
  for (const des of graph.ofType('Microsoft.Compute/diskEncryptionSets')) {
    if (vaultNameOfUrl(get(des, 'properties', 'activeKey', 'keyUrl')) === name) add(des, 'diskEncryptionSet');
  }
  for (const rsv of graph.ofType('Microsoft.RecoveryServices/vaults')) {
    if (vaultNameOfUrl(get(rsv, 'properties', 'encryption', 'keyVaultProperties', 'keyUri')) === name) add(rsv, 'backupVault');
  }
  for (const type of ['Microsoft.Compute/virtualMachines/extensions', 'Microsoft.Compute/virtualMachineScaleSets/extensions']) {
    for (const extension of graph.ofType(type)) {
      const settings = get(extension, 'properties', 'settings');
      if (!isObject(settings)) continue;
      const id = prop(settings, 'KeyVaultResourceId');
      if ((typeof id === 'string' && idKey(id) === vault.key) || vaultNameOfUrl(prop(settings, 'KeyVaultURL')) === name) add(extension, 'adeExtension');
    }
  }
  return [...found.values()];
}
