import type { ResourceGraph } from '../../model/graph.js';
import { pushTo } from '../../model/multimap.js';
import { get, type Resource } from '../../model/resource.js';
import { idKey } from '../../model/resource-id.js';
import { isObject, isUnknown, prop } from '../../model/value.js';

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
const DEPENDENT_TYPE_NAMES = Object.keys(DEPENDENT_TYPES);

/** The host name of a Key Vault key or secret URL (`https://kv-1.vault.azure.net/keys/k/v` → `kv-1`). */
export function vaultNameOfUrl(url: unknown): string | undefined {
  if (typeof url !== 'string') return undefined;
  const match = /^https:\/\/([^./]+)\.vault\.(azure\.net|azure\.cn|usgovcloudapi\.net)(:443)?\//i.exec(url);
  return match?.[1]?.toLowerCase();
}

/**
 * The vault and key a key URL known only at deployment is read from, as id keys: `reference()` to a
 * key gives its `keyUri` or `keyUriWithVersion` (`https://<vault>.vault.azure.net/keys/<key>[/<version>]`),
 * to a vault its `vaultUri` (`https://<vault>.vault.azure.net/`), which a template joins with
 * `keys/<key>`. Undefined for a URL written out (see vaultNameOfUrl) or not read from a vault.
 */
export function deployedKeyUrl(url: unknown): { vault: string; key?: string } | undefined {
  if (!isUnknown(url)) return undefined;
  const [first, next] = url.pieces ?? [url];
  const deployed = isUnknown(first) ? first.deployed : undefined;
  if (deployed === undefined) return undefined;
  const id = idKey(deployed.resourceId);
  const path = deployed.path.toLowerCase();
  const key = /^(.*\/providers\/microsoft\.keyvault\/vaults\/[^/]+)\/keys\/[^/]+$/.exec(id);
  if (key && (path === '/properties/keyuri' || path === '/properties/keyuriwithversion')) return { vault: key[1] as string, key: id };
  if (!/\/providers\/microsoft\.keyvault\/vaults\/[^/]+$/.test(id) || path !== '/properties/vaulturi') return undefined;
  // The vault URI ends in `/`: the key name is the text after `keys/`, up to a version or the end.
  const name = typeof next === 'string' ? /^keys\/([^/]+)(\/|$)/i.exec(next) : null;
  const named = name !== null && (name[2] === '/' || url.pieces?.length === 2);
  return { vault: id, ...(named ? { key: `${id}/keys/${(name[1] as string).toLowerCase()}` } : {}) };
}

/**
 * Resources in the input that keep disk or backup encryption keys in this Key Vault: disk
 * encryption sets (`activeKey.sourceVault` or the key URL, written out or read with `reference()`
 * from the key or vault), disks with ADE settings, ADE VM extensions (`settings.KeyVaultResourceId`
 * / `KeyVaultURL`) and Recovery Services vaults with a customer-managed key URL.
 */
export function keyVaultDependents(graph: ResourceGraph, vault: Resource): KeyVaultDependent[] {
  const found = new Map<string, KeyVaultDependent>();
  const add = (resource: Resource, role: KeyVaultDependent['role']): void => {
    const key = graph.keyOf(resource);
    if (!found.has(key)) found.set(key, { resource, role });
  };
  for (const { resource } of graph.referencesTo(vault, DEPENDENT_TYPE_NAMES))
    add(resource, DEPENDENT_TYPES[resource.type.toLowerCase()] as KeyVaultDependent['role']);
  // Where several inputs declare the vault's id, a resource that names it (by id or by the name in
  // a key URL) reads its own input's vault, or the one `graph.get` gives an input without it.
  const addReading = (resource: Resource, role: KeyVaultDependent['role']): void => {
    if (graph.reads(resource, vault)) add(resource, role);
  };
  const name = (vault.name.split('/').pop() ?? vault.name).toLowerCase();
  const index = graph.derive(keyUsers);
  for (const des of [...(index.diskEncryptionSets.get(name) ?? []), ...(index.diskEncryptionSets.get(vault.key) ?? [])]) addReading(des, 'diskEncryptionSet');
  for (const rsv of [...(index.backupVaults.get(name) ?? []), ...(index.backupVaults.get(vault.key) ?? [])]) addReading(rsv, 'backupVault');
  const extensions = [
    ...(index.extensionsByVault.get(vault.key) ?? []),
    ...(index.extensionsByName.get(name) ?? []),
    ...(index.extensionsByName.get(vault.key) ?? []),
  ].sort((a, b) => a.order - b.order);
  for (const { extension } of extensions) addReading(extension, 'adeExtension');
  return [...found.values()];
}

/**
 * Why a Key Vault that `keyVaultDependents` finds nothing for may yet hold keys of a resource with
 * one of `roles`: the first such resource whose vault is not known (a vault id or key URL not known,
 * nor read from a vault with `reference()`), which may be any vault. From the per-graph index.
 */
export function unknownKeyVaultUser(graph: ResourceGraph, roles: readonly KeyVaultDependent['role'][] = ALL_ROLES): string | undefined {
  const found = graph.derive(keyUsers).unsure.find((entry) => roles.includes(entry.role));
  if (!found) return undefined;
  return `the Key Vault that ${found.resource.type} '${found.resource.name}' takes its keys from is not known (${found.reason}): it may be this one`;
}

const ALL_ROLES: readonly KeyVaultDependent['role'][] = ['diskEncryptionSet', 'adeDisk', 'adeExtension', 'backupVault'];

/** The first value not known among references to a vault: a vault id, or a key URL that names no vault. */
function unknownVault(ids: readonly unknown[], urls: readonly unknown[] = []): string | undefined {
  if (ids.some((id) => typeof id === 'string') || urls.some((url) => vaultNameOfUrl(url) !== undefined || deployedKeyUrl(url) !== undefined)) return undefined;
  const unknown = [...ids, ...urls].find(isUnknown);
  return unknown?.reason;
}

/** The vault ids an ADE disk's encryption settings name, as written (Unknown where not known). */
function adeVaultIds(disk: Resource): unknown[] {
  const collection = get(disk, 'properties', 'encryptionSettingsCollection');
  if (isUnknown(collection)) return [collection];
  const settings = prop(collection, 'encryptionSettings');
  if (isUnknown(settings)) return [settings];
  return (Array.isArray(settings) ? settings : []).flatMap((entry) =>
    isUnknown(entry) ? [entry] : [prop(entry, 'diskEncryptionKey', 'sourceVault', 'id'), prop(entry, 'keyEncryptionKey', 'sourceVault', 'id')],
  );
}

const ADE_EXTENSIONS = new Set(['azurediskencryption', 'azurediskencryptionforlinux']);

interface ExtensionEntry {
  readonly extension: Resource;
  readonly order: number;
}

/**
 * Who names a vault, read once per graph: disk encryption sets and Recovery Services vaults by the
 * vault name in their key URL, or by the vault id for a key URL read from the key or vault at
 * deployment (names hold no `/`, so the two never meet), ADE extensions by vault id and by the name
 * (or, read at deployment, the vault id) in their key URL, each in graph order. Answering per vault
 * from these keeps a tenant with many vaults linear.
 */
function keyUsers(graph: ResourceGraph): {
  diskEncryptionSets: Map<string, Resource[]>;
  backupVaults: Map<string, Resource[]>;
  extensionsByVault: Map<string, ExtensionEntry[]>;
  extensionsByName: Map<string, ExtensionEntry[]>;
  /** Per role, the first resource whose vault is not known, and why. */
  unsure: { resource: Resource; role: KeyVaultDependent['role']; reason: string }[];
} {
  const add = <T>(map: Map<string, T[]>, key: string | undefined, value: T): void => {
    if (key !== undefined) pushTo(map, key, value);
  };
  const unsure: { resource: Resource; role: KeyVaultDependent['role']; reason: string }[] = [];
  const doubt = (resource: Resource, role: KeyVaultDependent['role'], reason: string | undefined): void => {
    if (reason !== undefined && !unsure.some((entry) => entry.role === role)) unsure.push({ resource, role, reason });
  };
  const vaultOf = (url: unknown): string | undefined => vaultNameOfUrl(url) ?? deployedKeyUrl(url)?.vault;
  const diskEncryptionSets = new Map<string, Resource[]>();
  for (const des of graph.ofType('Microsoft.Compute/diskEncryptionSets')) {
    const key = get(des, 'properties', 'activeKey');
    const url = isUnknown(key) ? key : prop(key, 'keyUrl');
    add(diskEncryptionSets, vaultOf(url), des);
    doubt(des, 'diskEncryptionSet', unknownVault([isUnknown(key) ? key : prop(key, 'sourceVault', 'id')], [url]));
  }
  const backupVaults = new Map<string, Resource[]>();
  for (const rsv of graph.ofType('Microsoft.RecoveryServices/vaults')) {
    const url = get(rsv, 'properties', 'encryption', 'keyVaultProperties', 'keyUri');
    add(backupVaults, vaultOf(url), rsv);
    doubt(rsv, 'backupVault', unknownVault([], [url]));
  }
  for (const disk of graph.ofType('Microsoft.Compute/disks')) doubt(disk, 'adeDisk', unknownVault(adeVaultIds(disk)));
  const extensionsByVault = new Map<string, ExtensionEntry[]>();
  const extensionsByName = new Map<string, ExtensionEntry[]>();
  let order = 0;
  for (const type of ['Microsoft.Compute/virtualMachines/extensions', 'Microsoft.Compute/virtualMachineScaleSets/extensions']) {
    for (const extension of graph.ofType(type)) {
      const settings = get(extension, 'properties', 'settings');
      if (!isObject(settings)) {
        const kind = get(extension, 'properties', 'type');
        if (isUnknown(settings) && typeof kind === 'string' && ADE_EXTENSIONS.has(kind.toLowerCase())) doubt(extension, 'adeExtension', settings.reason);
        continue;
      }
      const entry = { extension, order: order++ };
      const id = prop(settings, 'KeyVaultResourceId');
      const byId = typeof id === 'string' ? idKey(id) : undefined;
      add(extensionsByVault, byId, entry);
      // An extension naming a vault both ways comes twice; keyVaultDependents keeps it once. A key
      // URL read from the vault at deployment (`reference(vault).vaultUri`) names it by its id.
      add(extensionsByName, vaultOf(prop(settings, 'KeyVaultURL')), entry);
      doubt(extension, 'adeExtension', unknownVault([id], [prop(settings, 'KeyVaultURL')]));
    }
  }
  return { diskEncryptionSets, backupVaults, extensionsByVault, extensionsByName, unsure };
}
