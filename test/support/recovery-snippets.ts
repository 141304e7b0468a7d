/**
 * Building blocks for VM, backup and key rules: VM extensions, disks, disk encryption sets, Key
 * Vaults, Recovery Services vaults with their policies and protected items, maintenance
 * configurations and locks, shaped as Azure quickstart templates write them.
 */
import { Analyses } from '../../src/analyses/analyses.js';
import { evaluate } from '../../src/engine/run.js';
import type { Evaluation } from '../../src/findings/types.js';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { armTemplate, rid } from './arm-snippets.js';

type Json = Record<string, unknown>;

export function vmExtension(vm: string, name: string, publisher: string, type: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.Compute/virtualMachines/extensions',
    apiVersion: '2024-07-01',
    name: `${vm}/${name}`,
    location: 'japaneast',
    dependsOn: [rid('Microsoft.Compute/virtualMachines', vm)],
    properties: { publisher, type, typeHandlerVersion: '1.0', autoUpgradeMinorVersion: true, ...properties },
  };
}

export function managedDisk(name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.Compute/disks',
    apiVersion: '2024-03-02',
    name,
    location: 'japaneast',
    sku: { name: 'Premium_LRS' },
    properties: { creationData: { createOption: 'Empty' }, diskSizeGB: 128, ...properties },
  };
}

export function keyVault(name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.KeyVault/vaults',
    apiVersion: '2023-07-01',
    name,
    location: 'japaneast',
    properties: {
      tenantId: '[subscription().tenantId]',
      sku: { family: 'A', name: 'standard' },
      enableRbacAuthorization: true,
      enableSoftDelete: true,
      softDeleteRetentionInDays: 90,
      enablePurgeProtection: true,
      enabledForDiskEncryption: true,
      ...properties,
    },
  };
}

export function vaultKey(vault: string, name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.KeyVault/vaults/keys',
    apiVersion: '2023-07-01',
    name: `${vault}/${name}`,
    dependsOn: [rid('Microsoft.KeyVault/vaults', vault)],
    properties: {
      kty: 'RSA',
      keySize: 3072,
      attributes: { enabled: true, exp: 1893456000 },
      rotationPolicy: { lifetimeActions: [{ trigger: { timeBeforeExpiry: 'P30D' }, action: { type: 'rotate' } }], attributes: { expiryTime: 'P1Y' } },
      ...properties,
    },
  };
}

export function diskEncryptionSet(name: string, vault: string, key: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.Compute/diskEncryptionSets',
    apiVersion: '2024-03-02',
    name,
    location: 'japaneast',
    identity: { type: 'SystemAssigned' },
    properties: {
      encryptionType: 'EncryptionAtRestWithCustomerKey',
      rotationToLatestKeyVersionEnabled: true,
      activeKey: { sourceVault: { id: rid('Microsoft.KeyVault/vaults', vault) }, keyUrl: `https://${vault}.vault.azure.net/keys/${key}` },
      ...properties,
    },
  };
}

/**
 * The URL of a key in the template as a template reads it at deployment, not written out:
 * `reference(<key id>).keyUri`, or with `withVersion` `keyUriWithVersion` from the 'Full' body.
 */
export function keyUrlReference(vault: string, key: string, withVersion = false): string {
  const id = `resourceId('Microsoft.KeyVault/vaults/keys', '${vault}', '${key}')`;
  return withVersion ? `[reference(${id}, '2023-07-01', 'Full').properties.keyUriWithVersion]` : `[reference(${id}, '2023-07-01').keyUri]`;
}

/**
 * A Key Vault named `[<name>]`, `name` an expression of parameter `kvName`, which has no value (a
 * Bicep `param kvName string` scanned alone), holding key `disk-key`, and disk encryption set
 * `des-1` naming both by the same expression (Bicep's `kv.id` and `key.properties.keyUriWithVersion`),
 * with `extra`. `parameters('kvName')` names the same vault in both, whatever its value; a name made
 * from it otherwise (`take(parameters('kvName'), 24)`) stays expression text, and the set's vault is
 * then not known: it may be this one.
 */
export function vaultNamedBy(name: string, vault: object = {}, extra: object[] = [], keyUrl?: string, key: object = {}): object {
  const { dependsOn: _dependsOn, ...child } = vaultKey('kv-disks', 'disk-key', key);
  return armTemplate(
    [
      { ...keyVault('kv-disks', vault), name: `[${name}]`, resources: [{ ...child, type: 'keys', name: 'disk-key' }] },
      diskEncryptionSet('des-1', 'kv-disks', 'disk-key', {
        activeKey: {
          sourceVault: { id: `[resourceId('Microsoft.KeyVault/vaults', ${name})]` },
          keyUrl: keyUrl ?? `[reference(resourceId('Microsoft.KeyVault/vaults/keys', ${name}, 'disk-key'), '2023-07-01', 'Full').properties.keyUriWithVersion]`,
        },
      }),
      ...extra,
    ],
    { parameters: { kvName: { type: 'string' } } },
  );
}

export function recoveryVault(name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.RecoveryServices/vaults',
    apiVersion: '2024-04-01',
    name,
    location: 'japaneast',
    sku: { name: 'RS0', tier: 'Standard' },
    properties: {
      publicNetworkAccess: 'Disabled',
      redundancySettings: { standardTierStorageRedundancy: 'GeoRedundant', crossRegionRestore: 'Enabled' },
      securitySettings: {
        softDeleteSettings: { softDeleteState: 'AlwaysON', softDeleteRetentionPeriodInDays: 14 },
        immutabilitySettings: { state: 'Locked' },
      },
      monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: 'Enabled' } },
      ...properties,
    },
  };
}

export function backupPolicy(vault: string, name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.RecoveryServices/vaults/backupPolicies',
    apiVersion: '2024-04-01',
    name: `${vault}/${name}`,
    dependsOn: [rid('Microsoft.RecoveryServices/vaults', vault)],
    properties: {
      backupManagementType: 'AzureIaasVM',
      policyType: 'V2',
      instantRpRetentionRangeInDays: 7,
      schedulePolicy: {
        schedulePolicyType: 'SimpleSchedulePolicyV2',
        scheduleRunFrequency: 'Daily',
        dailySchedule: { scheduleRunTimes: ['2024-01-01T01:00:00Z'] },
      },
      retentionPolicy: {
        retentionPolicyType: 'LongTermRetentionPolicy',
        dailySchedule: { retentionTimes: ['2024-01-01T01:00:00Z'], retentionDuration: { count: 30, durationType: 'Days' } },
        weeklySchedule: { daysOfTheWeek: ['Sunday'], retentionTimes: ['2024-01-01T01:00:00Z'], retentionDuration: { count: 12, durationType: 'Weeks' } },
      },
      timeZone: 'Tokyo Standard Time',
      ...properties,
    },
  };
}

/** The protected item Azure Backup creates for a VM in resource group `azvmsec-rg`. */
export function protectedItem(vault: string, vm: string, policy: string, properties: object = {}): Json {
  const container = `iaasvmcontainer;iaasvmcontainerv2;azvmsec-rg;${vm}`;
  return {
    type: 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems',
    apiVersion: '2024-04-01',
    name: `${vault}/Azure/${container}/vm;iaasvmcontainerv2;azvmsec-rg;${vm}`,
    dependsOn: [rid('Microsoft.RecoveryServices/vaults/backupPolicies', vault, policy)],
    properties: {
      protectedItemType: 'Microsoft.Compute/virtualMachines',
      policyId: rid('Microsoft.RecoveryServices/vaults/backupPolicies', vault, policy),
      sourceResourceId: rid('Microsoft.Compute/virtualMachines', vm),
      ...properties,
    },
  };
}

export function lock(name: string, level = 'CanNotDelete', extra: object = {}): Json {
  return { type: 'Microsoft.Authorization/locks', apiVersion: '2020-05-01', name, ...extra, properties: { level, notes: 'Recovery-critical resource' } };
}

export function maintenanceConfiguration(name: string, properties: object = {}): Json {
  return {
    type: 'Microsoft.Maintenance/maintenanceConfigurations',
    apiVersion: '2023-04-01',
    name,
    location: 'japaneast',
    properties: {
      maintenanceScope: 'InGuestPatch',
      extensionProperties: { InGuestPatchMode: 'User' },
      maintenanceWindow: { startDateTime: '2025-01-05 02:00', duration: '03:00', timeZone: 'Tokyo Standard Time', recurEvery: '1Week Sunday' },
      installPatches: {
        rebootSetting: 'IfRequired',
        windowsParameters: { classificationsToInclude: ['Critical', 'Security'] },
        linuxParameters: { classificationsToInclude: ['Critical', 'Security'] },
      },
      ...properties,
    },
  };
}

/** A configuration assignment scoped to a VM, written as Bicep compiles `scope: vm`. */
export function configurationAssignment(name: string, vm: string, configuration: string): Json {
  return {
    type: 'Microsoft.Maintenance/configurationAssignments',
    apiVersion: '2023-04-01',
    name,
    location: 'japaneast',
    scope: `[format('Microsoft.Compute/virtualMachines/{0}', '${vm}')]`,
    properties: { maintenanceConfigurationId: rid('Microsoft.Maintenance/maintenanceConfigurations', configuration) },
  };
}

/** Runs one rule over an inline template with the given options (the tester uses the defaults). */
export function evaluateWithOptions(rule: Rule, template: object, options: Json): Evaluation[] {
  const read = expandTemplate(parseJson(JSON.stringify(template, null, 2)), { file: 'options.json' });
  const graph = new ResourceGraph(read.resources);
  const analyses = new Analyses(graph);
  const parsed = rule.options ? rule.options.parse(options) : options;
  return rule.resourceTypes.flatMap((type) => graph.ofType(type)).map((resource) => evaluate(rule, resource, analyses, parsed));
}
