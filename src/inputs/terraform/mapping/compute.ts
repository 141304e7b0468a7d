import { isObject, isUnknown, setMember, Unknown, type Value, type ValueObject } from '../../../model/value.js';
import { attr, block, blocks, calc, enabled, jsonText, lit, pick, readShape, ref, refs, secret, Spec, type Shape, type ShapeSource } from './shape.js';
import { childByName, childOf, extensionOf, inResourceGroup, keyVaultKeyUrl, scopeOf, type Mapping } from './types.js';

/**
 * azurerm compute → Microsoft.Compute: Linux and Windows VMs, the legacy azurerm_virtual_machine,
 * scale sets (Linux, Windows, orchestrated), managed disks and their attachments, disk encryption
 * sets, VM and scale-set extensions, and maintenance configurations with their assignments.
 * azurerm defaults the ARM shape needs written out are applied here (`disable_password_authentication`
 * true, `patch_mode`, `provision_vm_agent`, disk network access).
 */

const common: Shape = { location: attr('location'), tags: attr('tags') };

const IDENTITY: Shape = {
  type: attr('type'),
  userAssignedIdentities: attr('identity_ids', {
    map: (value) => (Array.isArray(value) ? Object.fromEntries(value.map((id) => [typeof id === 'string' ? id : '(unknown)', {}])) : value),
  }),
};

const IMAGE: Shape = { publisher: attr('publisher'), offer: attr('offer'), sku: attr('sku'), version: attr('version') };

/** A VM's or scale set's image: `source_image_reference`, or a custom or gallery image by `source_image_id`. */
const IMAGE_REFERENCE = calc((source): Value | undefined => {
  const image = source.attrs['source_image_reference'];
  if (isUnknown(image)) return image;
  const item = Array.isArray(image) ? image[0] : image;
  if (isObject(item)) return { publisher: item['publisher'] ?? null, offer: item['offer'] ?? null, sku: item['sku'] ?? null, version: item['version'] ?? null };
  const id = source.attrs['source_image_id'];
  return id === undefined || id === null ? undefined : ({ id } as ValueObject);
});

/** Trusted Launch / Confidential VM from `secure_boot_enabled`, `vtpm_enabled` and `os_disk.security_encryption_type`. */
function securityProfile(osDiskBlock: string): Shape {
  return {
    securityType: calc((source) => {
      const confidential = firstIn(source.attrs[osDiskBlock], 'security_encryption_type');
      if (isUnknown(confidential)) return confidential;
      if (typeof confidential === 'string' && confidential !== '') return 'ConfidentialVM';
      const boot = pick(source.attrs, 'secure_boot_enabled');
      const tpm = pick(source.attrs, 'vtpm_enabled');
      if (boot) source.record('/securityType', [...source.path, boot.name]);
      else if (tpm) source.record('/securityType', [...source.path, tpm.name]);
      if (!boot && !tpm) return undefined;
      if (isUnknown(boot?.value) || isUnknown(tpm?.value)) return (isUnknown(boot?.value) ? boot?.value : tpm?.value) as Unknown;
      return boot?.value === true || tpm?.value === true ? 'TrustedLaunch' : undefined;
    }),
    uefiSettings: calc((source) => {
      const boot = pick(source.attrs, 'secure_boot_enabled');
      const tpm = pick(source.attrs, 'vtpm_enabled');
      if (!boot && !tpm) return undefined;
      return { secureBootEnabled: boot?.value ?? false, vTpmEnabled: tpm?.value ?? false };
    }),
    encryptionAtHost: attr('encryption_at_host_enabled'),
  };
}

function firstIn(value: Value | undefined, key: string): Value | undefined {
  if (isUnknown(value)) return value;
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item[key] : undefined;
}

function osDisk(osType: string | undefined, blockName = 'os_disk'): Shape {
  return {
    osDisk: {
      osType: osType === undefined ? calc(() => undefined) : lit(osType),
      createOption: calc((source) => (attachedOsDisk(source) ? 'Attach' : 'FromImage')),
      name: within(blockName, 'name'),
      caching: within(blockName, 'caching'),
      diskSizeGB: within(blockName, 'disk_size_gb'),
      writeAcceleratorEnabled: within(blockName, 'write_accelerator_enabled'),
      managedDisk: {
        id: calc((source, pointer) => {
          const disk = attachedOsDisk(source);
          if (disk) source.record(pointer, [...source.path, disk.name]);
          return disk?.value;
        }),
        storageAccountType: within(blockName, 'storage_account_type'),
        diskEncryptionSet: withinRef(blockName, 'disk_encryption_set_id'),
        securityProfile: {
          securityEncryptionType: within(blockName, 'security_encryption_type'),
          diskEncryptionSet: withinRef(blockName, 'secure_vm_disk_encryption_set_id'),
        },
      },
      diffDiskSettings: calc((source) => {
        const settings = firstIn(firstIn(source.attrs[blockName], 'diff_disk_settings'), 'option');
        return settings === undefined
          ? undefined
          : { option: settings, placement: firstIn(firstIn(source.attrs[blockName], 'diff_disk_settings'), 'placement') ?? null };
      }),
    },
  };
}

/** One attribute of the first block named `blockName`, with its source. */
function within(blockName: string, key: string) {
  return calc((source, pointer) => readWithin(source, pointer, blockName, key, (v) => v));
}

function withinRef(blockName: string, key: string) {
  return calc((source, pointer) => readWithin(source, pointer, blockName, key, (v) => (v === '' ? undefined : { id: v })));
}

function readWithin(source: ShapeSource, pointer: string, blockName: string, key: string, map: (v: Value) => Value | undefined): Value | undefined {
  const container = source.attrs[blockName];
  if (isUnknown(container)) return container;
  const item = Array.isArray(container) ? container[0] : container;
  if (!isObject(item) || item[key] === undefined || item[key] === null) return undefined;
  // The object the value is in (`osDisk`, `osDisk/managedDisk`) is written as the block.
  const parent = pointer.slice(0, pointer.lastIndexOf('/'));
  if (parent !== '') source.record(parent, [...source.path, blockName]);
  source.record(pointer, [...source.path, blockName, 0, key]);
  const value = item[key] as Value;
  return isUnknown(value) ? value : map(value);
}

const sshKeys = (blockName: string, defaultPath: (s: ShapeSource, key: ValueObject) => Value) =>
  calc((source) => {
    const keys = source.attrs[blockName];
    if (keys === undefined || keys === null) return undefined;
    if (isUnknown(keys)) return keys;
    const list = Array.isArray(keys) ? keys : [keys];
    return list.map((key) => (isObject(key) ? { path: key['path'] ?? defaultPath(source, key), keyData: key['public_key'] ?? key['key_data'] ?? null } : key));
  });

/** `patch_mode` defaults: ImageDefault on Linux, AutomaticByOS on Windows (azurerm). */
const patchSettings = (fallback: string): Shape => ({
  patchMode: attr('patch_mode', { default: fallback }),
  assessmentMode: attr('patch_assessment_mode', { default: 'ImageDefault' }),
  automaticByPlatformSettings: {
    bypassPlatformSafetyChecksOnUserSchedule: attr('bypass_platform_safety_checks_on_user_schedule_enabled'),
    rebootSetting: attr('reboot_setting'),
  },
});

const LINUX_CONFIGURATION: Shape = {
  disablePasswordAuthentication: attr('disable_password_authentication', { default: true }),
  ssh: {
    publicKeys: sshKeys('admin_ssh_key', (s, key) => `/home/${String(key['username'] ?? s.attrs['admin_username'] ?? 'azureuser')}/.ssh/authorized_keys`),
  },
  provisionVMAgent: attr('provision_vm_agent', { default: true }),
  patchSettings: patchSettings('ImageDefault'),
};

const WINDOWS_CONFIGURATION: Shape = {
  provisionVMAgent: attr('provision_vm_agent', { default: true }),
  enableAutomaticUpdates: attr('automatic_updates_enabled|enable_automatic_updates', { default: true }),
  timeZone: attr('timezone'),
  patchSettings: { ...patchSettings('AutomaticByOS'), enableHotpatching: attr('hotpatching_enabled') },
};

const bootDiagnostics = calc((source) => {
  const value = source.attrs['boot_diagnostics'];
  if (value === undefined || value === null) return undefined;
  if (isUnknown(value)) return value;
  const uri = firstIn(value, 'storage_account_uri') ?? firstIn(value, 'storage_uri');
  return { bootDiagnostics: { enabled: firstIn(value, 'enabled') ?? true, ...(uri !== undefined ? { storageUri: uri } : {}) } };
});

function vm(os: 'Linux' | 'Windows'): Mapping {
  return {
    type: 'Microsoft.Compute/virtualMachines',
    id: inResourceGroup('Microsoft.Compute/virtualMachines'),
    body: {
      ...common,
      zones: attr('zone', { map: (v) => [v] }),
      identity: block('identity', IDENTITY),
      plan: block('plan', { name: attr('name'), product: attr('product'), publisher: attr('publisher') }),
      properties: {
        hardwareProfile: { vmSize: attr('size') },
        storageProfile: {
          imageReference: IMAGE_REFERENCE,
          ...osDisk(os),
        },
        osProfile: unlessAttached({
          computerName: attr('computer_name|name'),
          adminUsername: attr('admin_username'),
          adminPassword: secret('admin_password'),
          customData: attr('custom_data'),
          ...(os === 'Linux' ? { linuxConfiguration: LINUX_CONFIGURATION } : { windowsConfiguration: WINDOWS_CONFIGURATION }),
          allowExtensionOperations: attr('allow_extension_operations|extension_operations_enabled', { default: true }),
        }),
        networkProfile: { networkInterfaces: refs('network_interface_ids') },
        securityProfile: securityProfile('os_disk'),
        diagnosticsProfile: bootDiagnostics,
        userData: attr('user_data'),
        availabilitySet: ref('availability_set_id'),
        virtualMachineScaleSet: ref('virtual_machine_scale_set_id'),
        licenseType: attr('license_type'),
        priority: attr('priority'),
      },
    },
  };
}

/**
 * The existing managed disk a VM boots from (`os_managed_disk_id`, azurerm 4.x), which excludes an
 * image (ExactlyOneOf with `source_image_id` and `source_image_reference`). Once applied, the
 * provider also reads the OS disk of a VM built from an image into it (Optional and Computed), so it
 * names an attached disk only where no image is given. Scale sets have no such attribute.
 */
function attachedOsDisk(source: ShapeSource): ReturnType<typeof pick> {
  const disk = pick(source.attrs, 'os_managed_disk_id');
  return disk && !pick(source.attrs, 'source_image_reference|source_image_id') ? disk : undefined;
}

/**
 * The OS profile of a VM built from an image. A VM that boots from an existing managed disk has
 * none: the provider then sends no osProfile ("The API fails if OsProfile is anything but nil with
 * CreateOption = Attach", linux_virtual_machine_resource.go), so none of its defaults apply and the
 * guest keeps the configuration it had.
 */
function unlessAttached(shape: Shape): Spec {
  return new Spec((source, pointer) => (attachedOsDisk(source) ? undefined : readShape(shape, source, pointer)));
}

/** Legacy azurerm_virtual_machine: storage_os_disk, os_profile_linux_config, unmanaged VHDs. */
const LEGACY_VM: Mapping = {
  type: 'Microsoft.Compute/virtualMachines',
  id: inResourceGroup('Microsoft.Compute/virtualMachines'),
  body: {
    ...common,
    zones: attr('zones'),
    identity: block('identity', IDENTITY),
    properties: {
      hardwareProfile: { vmSize: attr('vm_size') },
      storageProfile: {
        imageReference: block('storage_image_reference', { ...IMAGE, id: attr('id') }),
        osDisk: block('storage_os_disk', {
          name: attr('name'),
          osType: attr('os_type'),
          createOption: attr('create_option'),
          caching: attr('caching'),
          diskSizeGB: attr('disk_size_gb'),
          vhd: { uri: attr('vhd_uri') },
          image: { uri: attr('image_uri') },
          managedDisk: { id: attr('managed_disk_id'), storageAccountType: attr('managed_disk_type') },
        }),
        dataDisks: blocks('storage_data_disk', {
          name: attr('name'),
          lun: attr('lun'),
          createOption: attr('create_option'),
          caching: attr('caching'),
          diskSizeGB: attr('disk_size_gb'),
          vhd: { uri: attr('vhd_uri') },
          managedDisk: { id: attr('managed_disk_id'), storageAccountType: attr('managed_disk_type') },
        }),
      },
      osProfile: block('os_profile', {
        computerName: attr('computer_name'),
        adminUsername: attr('admin_username'),
        adminPassword: secret('admin_password'),
        customData: attr('custom_data'),
      }),
      networkProfile: {
        networkInterfaces: calc((source) => {
          const ids = source.attrs['network_interface_ids'];
          if (isUnknown(ids)) return ids;
          if (!Array.isArray(ids)) return undefined;
          source.record('/properties/networkProfile/networkInterfaces', [...source.path, 'network_interface_ids']);
          const primary = source.attrs['primary_network_interface_id'];
          return ids.map((id, index) => ({ id, properties: { primary: primary === undefined || primary === null ? index === 0 : primary === id } }));
        }),
      },
      diagnosticsProfile: bootDiagnostics,
      availabilitySet: ref('availability_set_id'),
      licenseType: attr('license_type'),
    },
  },
  finish(body, source) {
    const configuration = legacyOsConfiguration(source.attrs);
    const properties = body['properties'];
    if (!configuration || !isObject(properties)) return;
    const osProfile = isObject(properties['osProfile']) ? properties['osProfile'] : undefined;
    if (osProfile) {
      Object.assign(osProfile, configuration);
      recordLegacyOsConfiguration(source, '/properties/osProfile');
    }
  },
};

/**
 * The Linux/Windows configuration of the legacy VM sits in its own blocks; merged after reading.
 * `disable_password_authentication` is required on the legacy VM; the legacy scale set defaults it to false.
 */
export function legacyOsConfiguration(
  attrs: ValueObject,
  passwordDefault: Value = new Unknown('disable_password_authentication is required and not set'),
): ValueObject | undefined {
  const linux = firstBlock(attrs['os_profile_linux_config']);
  const windows = firstBlock(attrs['os_profile_windows_config']);
  if (linux) {
    const keys = linux['ssh_keys'];
    return {
      linuxConfiguration: {
        disablePasswordAuthentication: linux['disable_password_authentication'] ?? passwordDefault,
        ...(Array.isArray(keys)
          ? { ssh: { publicKeys: keys.map((key) => (isObject(key) ? { path: key['path'] ?? null, keyData: key['key_data'] ?? null } : key)) } }
          : {}),
      },
    };
  }
  if (windows) {
    return {
      windowsConfiguration: {
        provisionVMAgent: windows['provision_vm_agent'] ?? false,
        enableAutomaticUpdates: windows['enable_automatic_upgrades'] ?? false,
        timeZone: windows['timezone'] ?? null,
      },
    };
  }
  return undefined;
}

/** Where legacyOsConfiguration's blocks and their password setting are written, for findings' locations. */
function recordLegacyOsConfiguration(source: ShapeSource, osProfile: string): void {
  for (const [blockName, property] of [
    ['os_profile_linux_config', 'linuxConfiguration'],
    ['os_profile_windows_config', 'windowsConfiguration'],
  ] as const) {
    const written = firstBlock(source.attrs[blockName]);
    if (!written) continue;
    source.record(`${osProfile}/${property}`, [...source.path, blockName, 0]);
    if (written['disable_password_authentication'] !== undefined)
      source.record(`${osProfile}/${property}/disablePasswordAuthentication`, [...source.path, blockName, 0, 'disable_password_authentication']);
  }
}

function firstBlock(value: Value | undefined): ValueObject | undefined {
  const item = Array.isArray(value) ? value[0] : value;
  return isObject(item) ? item : undefined;
}

/** A scale set's `network_interface` block (the legacy scale set's `network_profile`, whose attributes are named the older way). */
const SCALE_SET_NIC: Shape = {
  name: attr('name'),
  properties: {
    primary: attr('primary'),
    enableIPForwarding: attr('ip_forwarding_enabled|enable_ip_forwarding|ip_forwarding', { default: false }),
    enableAcceleratedNetworking: attr('accelerated_networking_enabled|enable_accelerated_networking|accelerated_networking'),
    networkSecurityGroup: ref('network_security_group_id'),
    ipConfigurations: blocks('ip_configuration', {
      name: attr('name'),
      properties: {
        primary: attr('primary'),
        subnet: ref('subnet_id'),
        privateIPAddressVersion: attr('version'),
        loadBalancerBackendAddressPools: refs('load_balancer_backend_address_pool_ids'),
        loadBalancerInboundNatPools: refs('load_balancer_inbound_nat_rules_ids'),
        applicationGatewayBackendAddressPools: refs('application_gateway_backend_address_pool_ids'),
        applicationSecurityGroups: refs('application_security_group_ids'),
        publicIPAddressConfiguration: block('public_ip_address|public_ip_address_configuration', {
          name: attr('name'),
          // The orchestrated scale set's `sku_name` (`Standard_Regional`, `Basic_Global`, …) is the SKU name and tier of each instance's public IP.
          sku: attr('sku_name', {
            map: (value) => (typeof value === 'string' ? { name: value.split('_')[0] ?? value, tier: value.split('_')[1] ?? null } : value),
          }),
          properties: { idleTimeoutInMinutes: attr('idle_timeout_in_minutes|idle_timeout'), publicIPPrefix: ref('public_ip_prefix_id') },
        }),
      },
    }),
  },
};

function scaleSet(os: 'Linux' | 'Windows' | undefined): Mapping {
  const orchestrated = os === undefined;
  const profileShape: Shape = {
    storageProfile: {
      imageReference: IMAGE_REFERENCE,
      ...osDisk(os),
      dataDisks: blocks('data_disk', {
        lun: attr('lun'),
        caching: attr('caching'),
        diskSizeGB: attr('disk_size_gb'),
        createOption: attr('create_option', { default: 'Empty' }),
      }),
    },
    osProfile: orchestrated
      ? block('os_profile', {
          linuxConfiguration: block('linux_configuration', {
            ...LINUX_CONFIGURATION,
            adminPassword: secret('admin_password'),
            customData: attr('custom_data'),
          }),
          windowsConfiguration: block('windows_configuration', { ...WINDOWS_CONFIGURATION, adminPassword: secret('admin_password') }),
          customData: attr('custom_data'),
        })
      : {
          computerNamePrefix: attr('computer_name_prefix|name'),
          adminUsername: attr('admin_username'),
          adminPassword: secret('admin_password'),
          customData: attr('custom_data'),
          ...(os === 'Linux' ? { linuxConfiguration: LINUX_CONFIGURATION } : { windowsConfiguration: WINDOWS_CONFIGURATION }),
        },
    networkProfile: { networkInterfaceConfigurations: blocks('network_interface', SCALE_SET_NIC) },
    securityProfile: securityProfile('os_disk'),
    diagnosticsProfile: bootDiagnostics,
    userData: attr('user_data'),
    extensionProfile: { extensions: blocks('extension', { name: attr('name'), properties: EXTENSION_PROPERTIES }) },
  };
  return {
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    id: inResourceGroup('Microsoft.Compute/virtualMachineScaleSets'),
    body: {
      ...common,
      zones: attr('zones'),
      identity: block('identity', IDENTITY),
      sku: { name: attr(orchestrated ? 'sku_name' : 'sku'), capacity: attr('instances') },
      properties: {
        orchestrationMode: lit(orchestrated ? 'Flexible' : 'Uniform'),
        platformFaultDomainCount: attr('platform_fault_domain_count'),
        upgradePolicy: {
          mode: attr('upgrade_mode'),
          automaticOSUpgradePolicy: block('automatic_os_upgrade_policy', {
            // azurerm 5.0 renamed enable_automatic_os_upgrade to automatic_os_upgrade_enabled (5.0 upgrade guide).
            enableAutomaticOSUpgrade: attr('automatic_os_upgrade_enabled|enable_automatic_os_upgrade'),
            disableAutomaticRollback: attr('disable_automatic_rollback'),
          }),
        },
        virtualMachineProfile: orchestrated ? onlyWith(VM_MODEL_ATTRIBUTES, profileShape) : profileShape,
      },
    },
  };
}

/**
 * The attributes and blocks of an orchestrated scale set's VM model. Without any of them the scale
 * set has no model (`virtualMachineProfile`): its VMs are created on their own and join it.
 */
const VM_MODEL_ATTRIBUTES =
  'os_profile|os_disk|source_image_id|source_image_reference|network_interface|data_disk|extension|boot_diagnostics|user_data_base64|encryption_at_host_enabled';

/** A shape read only when the resource has one of these attributes or blocks. */
function onlyWith(names: string, shape: Shape): Spec {
  return new Spec((source, pointer) => (pick(source.attrs, names) ? readShape(shape, source, pointer) : undefined));
}

/**
 * An extension's properties: of an extension resource, or of a scale set's `extension` block as an
 * entry of `virtualMachineProfile.extensionProfile.extensions` (the orchestrated scale set names two
 * attributes its own way).
 */
const EXTENSION_PROPERTIES: Shape = {
  publisher: attr('publisher'),
  type: attr('type'),
  typeHandlerVersion: attr('type_handler_version'),
  autoUpgradeMinorVersion: attr('auto_upgrade_minor_version|auto_upgrade_minor_version_enabled', { default: true }),
  enableAutomaticUpgrade: attr('automatic_upgrade_enabled'),
  settings: jsonText('settings'),
  protectedSettings: secret('protected_settings'),
  provisionAfterExtensions: attr('provision_after_extensions|extensions_to_provision_after_vm_creation'),
};

const EXTENSION: Shape = { name: attr('name'), tags: attr('tags'), properties: EXTENSION_PROPERTIES };

/**
 * The legacy azurerm_virtual_machine_scale_set (removed in azurerm 4): a Uniform scale set whose
 * storage, OS and network settings sit in `storage_profile_*`, `os_profile_*` and `network_profile`
 * blocks, merged as for the legacy VM.
 */
const LEGACY_SCALE_SET: Mapping = {
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  id: inResourceGroup('Microsoft.Compute/virtualMachineScaleSets'),
  body: {
    ...common,
    zones: attr('zones'),
    identity: block('identity', IDENTITY),
    sku: block('sku', { name: attr('name'), tier: attr('tier'), capacity: attr('capacity') }),
    properties: {
      orchestrationMode: lit('Uniform'),
      upgradePolicy: { mode: attr('upgrade_policy_mode'), automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: attr('automatic_os_upgrade') } },
      virtualMachineProfile: {
        storageProfile: {
          imageReference: block('storage_profile_image_reference', { ...IMAGE, id: attr('id') }),
          osDisk: block('storage_profile_os_disk', {
            name: attr('name'),
            osType: attr('os_type'),
            createOption: attr('create_option'),
            caching: attr('caching'),
            vhdContainers: attr('vhd_containers'),
            image: { uri: attr('image') },
            managedDisk: { storageAccountType: attr('managed_disk_type') },
          }),
          dataDisks: blocks('storage_profile_data_disk', {
            lun: attr('lun'),
            caching: attr('caching'),
            createOption: attr('create_option'),
            diskSizeGB: attr('disk_size_gb'),
            managedDisk: { storageAccountType: attr('managed_disk_type') },
          }),
        },
        osProfile: block('os_profile', {
          computerNamePrefix: attr('computer_name_prefix'),
          adminUsername: attr('admin_username'),
          adminPassword: secret('admin_password'),
          customData: attr('custom_data'),
        }),
        networkProfile: { networkInterfaceConfigurations: blocks('network_profile', SCALE_SET_NIC) },
        diagnosticsProfile: bootDiagnostics,
        extensionProfile: { extensions: blocks('extension', { name: attr('name'), properties: EXTENSION_PROPERTIES }) },
        licenseType: attr('license_type'),
      },
    },
  },
  finish(body, source) {
    const configuration = legacyOsConfiguration(source.attrs, false);
    const profile = isObject(body['properties']) ? body['properties']['virtualMachineProfile'] : undefined;
    const osProfile = isObject(profile) && isObject(profile['osProfile']) ? profile['osProfile'] : undefined;
    if (configuration && osProfile) {
      Object.assign(osProfile, configuration);
      recordLegacyOsConfiguration(source, '/properties/virtualMachineProfile/osProfile');
    }
  },
};

export const COMPUTE: Record<string, Mapping> = {
  azurerm_linux_virtual_machine: vm('Linux'),
  azurerm_windows_virtual_machine: vm('Windows'),
  azurerm_virtual_machine: LEGACY_VM,
  azurerm_linux_virtual_machine_scale_set: scaleSet('Linux'),
  azurerm_windows_virtual_machine_scale_set: scaleSet('Windows'),
  azurerm_virtual_machine_scale_set: LEGACY_SCALE_SET,
  azurerm_orchestrated_virtual_machine_scale_set: scaleSet(undefined),
  azurerm_managed_disk: {
    type: 'Microsoft.Compute/disks',
    id: inResourceGroup('Microsoft.Compute/disks'),
    body: {
      ...common,
      zones: attr('zone', { map: (v) => [v] }),
      sku: { name: attr('storage_account_type') },
      properties: {
        creationData: {
          createOption: attr('create_option'),
          sourceResourceId: attr('source_resource_id'),
          sourceUri: attr('source_uri'),
          imageReference: { id: attr('image_reference_id') },
        },
        diskSizeGB: attr('disk_size_gb'),
        osType: attr('os_type'),
        hyperVGeneration: attr('hyper_v_generation'),
        encryption: {
          diskEncryptionSetId: attr('disk_encryption_set_id'),
          type: calc((s) => (s.attrs['disk_encryption_set_id'] ? 'EncryptionAtRestWithCustomerKey' : 'EncryptionAtRestWithPlatformKey')),
        },
        encryptionSettingsCollection: calc((source) => {
          const settings = source.attrs['encryption_settings'];
          if (settings === undefined || settings === null) return undefined;
          if (isUnknown(settings)) return settings;
          // azurerm v3: `enabled` (default true) is sent as written; v4 removed it, the block alone enables.
          return {
            enabled: firstIn(settings, 'enabled') ?? true,
            encryptionSettings: [
              { diskEncryptionKey: firstIn(settings, 'disk_encryption_key') ?? null, keyEncryptionKey: firstIn(settings, 'key_encryption_key') ?? null },
            ],
          };
        }),
        // azurerm defaults (catalog §7): AllowAll and public access on.
        networkAccessPolicy: attr('network_access_policy', { default: 'AllowAll' }),
        publicNetworkAccess: enabled('public_network_access_enabled', 'Enabled', 'Disabled', true),
        diskAccessId: attr('disk_access_id'),
        dataAccessAuthMode: calc((s) => (s.attrs['data_access_auth_mode'] === undefined ? undefined : s.attrs['data_access_auth_mode'])),
        securityProfile: { securityType: attr('security_type'), secureVMDiskEncryptionSetId: attr('secure_vm_disk_encryption_set_id') },
      },
    },
  },
  azurerm_snapshot: {
    type: 'Microsoft.Compute/snapshots',
    id: inResourceGroup('Microsoft.Compute/snapshots'),
    body: {
      ...common,
      properties: {
        creationData: { createOption: attr('create_option'), sourceResourceId: attr('source_resource_id'), sourceUri: attr('source_uri') },
        diskSizeGB: attr('disk_size_gb'),
        incremental: attr('incremental_enabled', { default: false }),
        // azurerm defaults, as for managed disks: AllowAll and public access on.
        networkAccessPolicy: attr('network_access_policy', { default: 'AllowAll' }),
        publicNetworkAccess: enabled('public_network_access_enabled', 'Enabled', 'Disabled', true),
        diskAccessId: attr('disk_access_id'),
      },
    },
  },
  azurerm_virtual_machine_data_disk_attachment: {
    id: (a) => `${String(a['virtual_machine_id'])}|disk|${String(a['lun'])}`,
    patches: (source) => [
      {
        target: source.attrs['virtual_machine_id'],
        path: ['properties', 'storageProfile', 'dataDisks'],
        value: {
          lun: source.attrs['lun'] ?? null,
          createOption: source.attrs['create_option'] ?? 'Attach',
          caching: source.attrs['caching'] ?? null,
          managedDisk: { id: source.attrs['managed_disk_id'] ?? null },
        },
        append: true,
        from: ['managed_disk_id'],
      },
    ],
  },
  azurerm_disk_encryption_set: {
    type: 'Microsoft.Compute/diskEncryptionSets',
    id: inResourceGroup('Microsoft.Compute/diskEncryptionSets'),
    body: {
      ...common,
      identity: block('identity', IDENTITY),
      properties: {
        activeKey: { keyUrl: attr('key_vault_key_id|managed_hsm_key_id', { map: keyVaultKeyUrl }) },
        encryptionType: attr('encryption_type', { default: 'EncryptionAtRestWithCustomerKey' }),
        rotationToLatestKeyVersionEnabled: attr('auto_key_rotation_enabled', { default: false }),
        federatedClientId: attr('federated_client_id'),
      },
    },
  },
  azurerm_disk_access: {
    type: 'Microsoft.Compute/diskAccesses',
    id: inResourceGroup('Microsoft.Compute/diskAccesses'),
    body: { ...common },
  },
  // Custom images and gallery image definitions: what a VM built from them runs (their `osType`).
  azurerm_image: {
    type: 'Microsoft.Compute/images',
    id: inResourceGroup('Microsoft.Compute/images'),
    body: {
      ...common,
      properties: {
        hyperVGeneration: attr('hyper_v_generation'),
        storageProfile: { osDisk: block('os_disk', { osType: attr('os_type'), osState: attr('os_state') }) },
      },
    },
  },
  azurerm_shared_image: {
    type: 'Microsoft.Compute/galleries/images',
    id: childByName('Microsoft.Compute/galleries', 'gallery_name', 'images'),
    body: { ...common, properties: { osType: attr('os_type'), hyperVGeneration: attr('hyper_v_generation') } },
  },
  azurerm_availability_set: {
    type: 'Microsoft.Compute/availabilitySets',
    id: inResourceGroup('Microsoft.Compute/availabilitySets'),
    body: { ...common, properties: { platformFaultDomainCount: attr('platform_fault_domain_count') } },
  },
  azurerm_virtual_machine_extension: {
    type: 'Microsoft.Compute/virtualMachines/extensions',
    id: childOf('virtual_machine_id', 'extensions'),
    body: EXTENSION,
  },
  azurerm_virtual_machine_scale_set_extension: {
    type: 'Microsoft.Compute/virtualMachineScaleSets/extensions',
    id: childOf('virtual_machine_scale_set_id', 'extensions'),
    body: EXTENSION,
  },
  azurerm_virtual_machine_run_command: {
    type: 'Microsoft.Compute/virtualMachines/runCommands',
    id: childOf('virtual_machine_id', 'runCommands'),
    body: { ...common, properties: { source: secret('source') } },
  },
  azurerm_maintenance_configuration: {
    type: 'Microsoft.Maintenance/maintenanceConfigurations',
    id: inResourceGroup('Microsoft.Maintenance/maintenanceConfigurations'),
    body: {
      ...common,
      properties: {
        maintenanceScope: attr('scope'),
        visibility: attr('visibility', { default: 'Custom' }),
        extensionProperties: { InGuestPatchMode: attr('in_guest_user_patch_mode') },
        maintenanceWindow: block('window', {
          startDateTime: attr('start_date_time'),
          expirationDateTime: attr('expiration_date_time'),
          duration: attr('duration'),
          timeZone: attr('time_zone'),
          recurEvery: attr('recur_every'),
        }),
        installPatches: block('install_patches', {
          rebootSetting: attr('reboot'),
          linuxParameters: block('linux', {
            classificationsToInclude: attr('classifications_to_include'),
            packageNameMasksToInclude: attr('package_names_mask_to_include'),
          }),
          windowsParameters: block('windows', {
            classificationsToInclude: attr('classifications_to_include'),
            kbNumbersToInclude: attr('kb_numbers_to_include'),
          }),
        }),
      },
    },
  },
  azurerm_maintenance_assignment_virtual_machine: {
    type: 'Microsoft.Maintenance/configurationAssignments',
    id: (attrs, ctx) =>
      `${String(attrs['virtual_machine_id'] ?? `unknown-vm-of-${ctx.fallbackName}`)}/providers/Microsoft.Maintenance/configurationAssignments/${configurationName(attrs['maintenance_configuration_id'], ctx.fallbackName)}`,
    body: {
      location: attr('location'),
      properties: { maintenanceConfigurationId: attr('maintenance_configuration_id'), resourceId: attr('virtual_machine_id') },
    },
  },
  azurerm_maintenance_assignment_virtual_machine_scale_set: {
    type: 'Microsoft.Maintenance/configurationAssignments',
    id: (attrs, ctx) =>
      `${String(attrs['virtual_machine_scale_set_id'] ?? `unknown-vmss-of-${ctx.fallbackName}`)}/providers/Microsoft.Maintenance/configurationAssignments/${configurationName(attrs['maintenance_configuration_id'], ctx.fallbackName)}`,
    body: {
      location: attr('location'),
      properties: { maintenanceConfigurationId: attr('maintenance_configuration_id'), resourceId: attr('virtual_machine_scale_set_id') },
    },
  },
  azurerm_maintenance_assignment_dynamic_scope: {
    type: 'Microsoft.Maintenance/configurationAssignments',
    id: (attrs, ctx) =>
      `/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Maintenance/configurationAssignments/${typeof attrs['name'] === 'string' ? attrs['name'] : ctx.fallbackName}`,
    body: {
      properties: {
        maintenanceConfigurationId: attr('maintenance_configuration_id'),
        filter: block('filter', {
          locations: attr('locations'),
          osTypes: attr('os_types'),
          resourceGroups: attr('resource_groups'),
          resourceTypes: attr('resource_types'),
          tagSettings: calc((s) => dynamicScopeTags(s.attrs)),
        }),
      },
    },
  },
  azurerm_maintenance_assignment_dedicated_host: {
    type: 'Microsoft.Maintenance/configurationAssignments',
    id: extensionOf('dedicated_host_id', 'Microsoft.Maintenance/configurationAssignments', 'maintenance_configuration_id'),
    body: {
      scope: scopeOf('dedicated_host_id'),
      properties: { maintenanceConfigurationId: attr('maintenance_configuration_id'), resourceId: attr('dedicated_host_id') },
    },
  },
};

/** `tags { tag, values }` blocks as ARM's `tagSettings.tags` map, tag → values (`tag_filter` defaults to Any). */
function dynamicScopeTags(attrs: ValueObject): Value | undefined {
  const blocks = attrs['tags'];
  if (blocks === undefined || blocks === null) return undefined;
  const filterOperator = attrs['tag_filter'] ?? 'Any';
  if (isUnknown(blocks)) return { filterOperator, tags: blocks };
  const tags: ValueObject = {};
  for (const item of Array.isArray(blocks) ? blocks : [blocks]) {
    if (isUnknown(item)) return { filterOperator, tags: item };
    if (!isObject(item)) continue;
    const tag = item['tag'];
    if (isUnknown(tag)) return { filterOperator, tags: tag };
    if (typeof tag === 'string') setMember(tags, tag, item['values'] ?? []);
  }
  return { filterOperator, tags };
}

function configurationName(id: Value | undefined, fallback: string): string {
  return typeof id === 'string' ? (id.split('/').pop() ?? fallback) : fallback;
}
