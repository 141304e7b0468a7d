import { describe, expect, it } from 'vitest';
import { evaluateRoot, parseTerraformFile } from '../../src/inputs/terraform/module.js';
import { isTerraformPlan, readTerraformPlan } from '../../src/inputs/terraform/plan.js';
import { mapInstances } from '../../src/inputs/terraform/resources.js';
import { ResourceGraph } from '../../src/model/graph.js';
import type { Resource } from '../../src/model/resource.js';
import { isUnknown, prop, type Value } from '../../src/model/value.js';
import { Analyses } from '../../src/analyses/analyses.js';
import { defaultOptions, evaluate } from '../../src/engine/run.js';
import vmIdentityPrivileges from '../../src/rules/iam/vm-identity-privileges/rule.js';
import credentialsInVmData from '../../src/rules/vm/credentials-in-vm-data/rule.js';
import encryptionAtHost from '../../src/rules/vm/encryption-at-host/rule.js';
import automaticGuestPatching from '../../src/rules/vm/automatic-guest-patching/rule.js';
import monitorAgentDcr from '../../src/rules/mon/monitor-agent-dcr/rule.js';
import keyVaultAuditLog from '../../src/rules/mon/log-retention-key-vault-audit/rule.js';
import deleteLocks from '../../src/rules/rec/delete-locks/rule.js';
import keyVaultKeyManagement from '../../src/rules/rec/key-vault-key-management/rule.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { osFamily } from '../../src/rules/shared/compute.js';
import webWafFront, { gatewayHasWaf } from '../../src/rules/net/web-waf-front/rule.js';
import subnetNsg from '../../src/rules/net/subnet-nsg/rule.js';
import paasPrivateAccess from '../../src/rules/net/paas-private-access/rule.js';
import bastionHardening from '../../src/rules/conn/bastion-hardening/rule.js';
import { keyVaultDependents } from '../../src/rules/shared/key-vault.js';
import { formatAddresses } from '../../src/analyses/network/addresses.js';
import { resolveName } from '../../src/analyses/network/dns.js';

/** Reads HCL text as a root module (main.tf) and returns the mapped resources. */
async function read(
  text: string,
  vars: Record<string, string> = {},
): Promise<{ resources: Resource[]; graph: ResourceGraph; unmapped: Record<string, number>; diagnostics: string[] }> {
  const parsed = await parseTerraformFile('/virtual/main.tf', 'main.tf', text);
  if ('error' in parsed) throw new Error(parsed.error.message);
  const evaluation = evaluateRoot(
    { dir: '/virtual', files: [parsed], diagnostics: [] },
    { subscriptionId: 'sub', vars, loadModule: () => undefined, display: (f) => f },
  );
  const mapped = mapInstances(evaluation.instances, 'main.tf');
  return {
    resources: mapped.resources,
    graph: new ResourceGraph(mapped.resources),
    unmapped: mapped.unmapped,
    diagnostics: [...evaluation.diagnostics, ...mapped.diagnostics].map((d) => d.message),
  };
}

const byType = (resources: Resource[], type: string): Resource[] => resources.filter((r) => r.type === type);
const one = (resources: Resource[], type: string): Resource => {
  const found = byType(resources, type);
  expect(found).toHaveLength(1);
  return found[0] as Resource;
};
const p = (resource: Resource, ...path: (string | number)[]): Value | undefined => prop(resource.body, ...path);

describe('compute mappings', () => {
  it('azurerm_linux_virtual_machine: defaults written out, Trusted Launch, secrets withheld, source lines', async () => {
    const { resources } = await read(`
resource "azurerm_linux_virtual_machine" "vm" {
  name                = "vm1"
  resource_group_name = "rg"
  location            = "japaneast"
  size                = "Standard_B2s"
  admin_username      = "u"
  admin_password      = "secret-value"
  network_interface_ids = ["/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic1"]
  secure_boot_enabled = true
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(vm.id).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1');
    expect(p(vm, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(true);
    expect(p(vm, 'properties', 'osProfile', 'linuxConfiguration', 'patchSettings', 'patchMode')).toBe('ImageDefault');
    expect(p(vm, 'properties', 'securityProfile', 'securityType')).toBe('TrustedLaunch');
    expect(p(vm, 'properties', 'securityProfile', 'uefiSettings')).toEqual({ secureBootEnabled: true, vTpmEnabled: false });
    const password = p(vm, 'properties', 'osProfile', 'adminPassword');
    expect(isUnknown(password) && password.reason).toMatch(/withheld/);
    expect(JSON.stringify(vm.body)).not.toContain('secret-value');
    expect(vm.source?.locate('/properties/storageProfile/osDisk/caching')?.line).toBe(12);
    expect(vm.source?.locate('/properties/hardwareProfile/vmSize')?.line).toBe(6);
  });

  it('azurerm_windows_virtual_machine: patch mode AutomaticByOS by default', async () => {
    const { resources } = await read(`resource "azurerm_windows_virtual_machine" "w" {
  name = "w1"
  resource_group_name = "rg"
  network_interface_ids = []
}`);
    expect(p(one(resources, 'Microsoft.Compute/virtualMachines'), 'properties', 'osProfile', 'windowsConfiguration', 'patchSettings', 'patchMode')).toBe(
      'AutomaticByOS',
    );
  });

  it('legacy azurerm_virtual_machine: unmanaged VHD and os_profile_linux_config', async () => {
    const { resources } = await read(`resource "azurerm_virtual_machine" "v" {
  name = "legacy"
  resource_group_name = "rg"
  vm_size = "Standard_A1"
  network_interface_ids = ["/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/n"]
  storage_os_disk {
    name = "os"
    vhd_uri = "https://acct.blob.core.windows.net/vhds/os.vhd"
    create_option = "FromImage"
  }
  os_profile {
    computer_name = "legacy"
    admin_username = "u"
  }
  os_profile_linux_config {
    disable_password_authentication = false
  }
}`);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(p(vm, 'properties', 'storageProfile', 'osDisk', 'vhd', 'uri')).toMatch(/os\.vhd$/);
    expect(p(vm, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
    expect(p(vm, 'properties', 'networkProfile', 'networkInterfaces', 0, 'properties', 'primary')).toBe(true);
  });

  it('scale sets: Uniform and Flexible, with NIC configurations', async () => {
    const { resources } = await read(`
resource "azurerm_linux_virtual_machine_scale_set" "u" {
  name = "u"
  resource_group_name = "rg"
  sku = "Standard_B2s"
  instances = 2
  network_interface {
    name = "nic"
    primary = true
    ip_configuration {
      name = "ip"
      subnet_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
    }
  }
}
resource "azurerm_orchestrated_virtual_machine_scale_set" "f" {
  name = "f"
  resource_group_name = "rg"
  platform_fault_domain_count = 1
  os_profile {
    linux_configuration {
      admin_username = "u"
      disable_password_authentication = false
    }
  }
}`);
    const [uniform, flexible] = byType(resources, 'Microsoft.Compute/virtualMachineScaleSets') as [Resource, Resource];
    expect(p(uniform, 'properties', 'orchestrationMode')).toBe('Uniform');
    expect(
      p(
        uniform,
        'properties',
        'virtualMachineProfile',
        'networkProfile',
        'networkInterfaceConfigurations',
        0,
        'properties',
        'ipConfigurations',
        0,
        'properties',
        'subnet',
        'id',
      ),
    ).toMatch(/subnets\/s$/);
    expect(p(flexible, 'properties', 'orchestrationMode')).toBe('Flexible');
    expect(p(flexible, 'properties', 'virtualMachineProfile', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
  });

  it("scale sets' extension blocks are the scale set's extension profile, settings read: the agents are seen, a password in them found", async () => {
    const { graph } = await read(`
resource "azurerm_linux_virtual_machine_scale_set" "u" {
  name                = "u"
  resource_group_name = "rg"
  sku                 = "Standard_B2s"
  instances           = 2
  admin_username      = "u"
  extension {
    name                       = "MDE.Linux"
    publisher                  = "Microsoft.Azure.AzureDefenderForServers"
    type                       = "MDE.Linux"
    type_handler_version       = "1.0"
    auto_upgrade_minor_version = true
    settings                   = jsonencode({ azureResourceId = "x", forceReOnboarding = false })
  }
  extension {
    name                 = "setup"
    publisher            = "Microsoft.Azure.Extensions"
    type                 = "CustomScript"
    type_handler_version = "2.1"
    settings             = jsonencode({ commandToExecute = "sh setup.sh --password Tr0ub4dor-and-3" })
  }
}
resource "azurerm_orchestrated_virtual_machine_scale_set" "f" {
  name                        = "f"
  resource_group_name         = "rg"
  platform_fault_domain_count = 1
  extension {
    name                               = "AzureMonitorLinuxAgent"
    publisher                          = "Microsoft.Azure.Monitor"
    type                               = "AzureMonitorLinuxAgent"
    type_handler_version               = "1.0"
    auto_upgrade_minor_version_enabled = false
  }
}`);
    const [uniform, flexible] = graph.ofType('Microsoft.Compute/virtualMachineScaleSets') as [Resource, Resource];
    const extensions = (scaleSet: Resource): unknown =>
      (p(scaleSet, 'properties', 'virtualMachineProfile', 'extensionProfile', 'extensions') as Value[]).map((e) => [
        prop(e, 'name'),
        prop(e, 'properties', 'type'),
        prop(e, 'properties', 'autoUpgradeMinorVersion'),
      ]);
    expect(extensions(uniform)).toEqual([
      ['MDE.Linux', 'MDE.Linux', true],
      ['setup', 'CustomScript', true],
    ]);
    expect(extensions(flexible)).toEqual([['AzureMonitorLinuxAgent', 'AzureMonitorLinuxAgent', false]]);
    const evaluation = evaluate(credentialsInVmData, uniform, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => [f.data['property'], f.data['kind']])).toEqual([['extension "setup" settings.commandToExecute', 'password']]);
    expect(JSON.stringify(evaluation)).not.toContain('Tr0ub4dor');
  });

  it('scale sets: automatic OS image upgrades count as automatic patching; a custom image by id', async () => {
    const { graph } = await read(`
resource "azurerm_linux_virtual_machine_scale_set" "auto" {
  name                = "auto"
  resource_group_name = "rg"
  sku                 = "Standard_B2s"
  admin_username      = "u"
  upgrade_mode        = "Rolling"
  source_image_id     = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/ubuntu/versions/1.0.0"
  automatic_os_upgrade_policy {
    disable_automatic_rollback  = false
    enable_automatic_os_upgrade = true
  }
}
resource "azurerm_linux_virtual_machine_scale_set" "manual" {
  name                = "manual"
  resource_group_name = "rg"
  sku                 = "Standard_B2s"
  admin_username      = "u"
}`);
    const [auto, manual] = graph.ofType('Microsoft.Compute/virtualMachineScaleSets') as [Resource, Resource];
    expect(p(auto, 'properties', 'virtualMachineProfile', 'storageProfile', 'imageReference', 'id')).toMatch(/galleries\/g\/images\/ubuntu/);
    const status = (scaleSet: Resource): string => evaluate(automaticGuestPatching, scaleSet, new Analyses(graph), {}).status;
    expect([status(auto), status(manual)]).toEqual(['pass', 'fail']);
  });

  it('the legacy azurerm_virtual_machine_scale_set: a Uniform scale set with its image, OS, network, extension and upgrade settings', async () => {
    const { graph } = await read(`
resource "azurerm_virtual_machine_scale_set" "legacy" {
  name                = "legacy-vmss"
  location            = "japaneast"
  resource_group_name = "rg"
  upgrade_policy_mode = "Rolling"
  automatic_os_upgrade = true
  sku {
    name     = "Standard_D2s_v3"
    tier     = "Standard"
    capacity = 2
  }
  os_profile {
    computer_name_prefix = "web"
    admin_username       = "myadmin"
    admin_password       = "Passw0rd-1234"
  }
  os_profile_linux_config {
    disable_password_authentication = false
  }
  network_profile {
    name                      = "web-nic"
    primary                   = true
    network_security_group_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web"
    ip_configuration {
      name      = "internal"
      primary   = true
      subnet_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
      public_ip_address_configuration {
        name         = "pip"
        idle_timeout = 4
        domain_name_label = "web"
      }
    }
  }
  storage_profile_os_disk {
    name              = ""
    caching           = "ReadWrite"
    create_option     = "FromImage"
    managed_disk_type = "Standard_LRS"
  }
  storage_profile_image_reference {
    publisher = "Canonical"
    offer     = "0001-com-ubuntu-server-jammy"
    sku       = "22_04-lts"
    version   = "latest"
  }
  extension {
    name                 = "CustomScriptForLinux"
    publisher            = "Microsoft.OSTCExtensions"
    type                 = "CustomScriptForLinux"
    type_handler_version = "1.4"
    settings             = jsonencode({ commandToExecute = "sudo apt-get -y install apache2" })
  }
}`);
    const scaleSet = graph.ofType('Microsoft.Compute/virtualMachineScaleSets')[0] as Resource;
    const profile = (...path: (string | number)[]): Value | undefined => p(scaleSet, 'properties', 'virtualMachineProfile', ...path);
    expect([p(scaleSet, 'sku', 'name'), p(scaleSet, 'properties', 'orchestrationMode')]).toEqual(['Standard_D2s_v3', 'Uniform']);
    expect(profile('storageProfile', 'imageReference', 'offer')).toBe('0001-com-ubuntu-server-jammy');
    expect(profile('osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
    expect(isUnknown(profile('osProfile', 'adminPassword'))).toBe(true);
    const nic = (...path: (string | number)[]): Value | undefined => profile('networkProfile', 'networkInterfaceConfigurations', 0, 'properties', ...path);
    expect(nic('networkSecurityGroup', 'id')).toMatch(/networkSecurityGroups\/web$/);
    expect(nic('ipConfigurations', 0, 'properties', 'subnet', 'id')).toMatch(/subnets\/s$/);
    expect(nic('ipConfigurations', 0, 'properties', 'publicIPAddressConfiguration', 'properties', 'idleTimeoutInMinutes')).toBe(4);
    expect(profile('extensionProfile', 'extensions', 0, 'properties', 'settings', 'commandToExecute')).toBe('sudo apt-get -y install apache2');
    expect(p(scaleSet, 'properties', 'upgradePolicy', 'automaticOSUpgradePolicy', 'enableAutomaticOSUpgrade')).toBe(true);
    expect(evaluate(automaticGuestPatching, scaleSet, new Analyses(graph), {}).status).toBe('pass');
  });

  it('legacy os_profile_linux_config: disable_password_authentication defaults to false on the scale set, is required on the VM', async () => {
    const { resources } = await read(`
resource "azurerm_virtual_machine_scale_set" "ss" {
  name                = "ss"
  resource_group_name = "rg"
  os_profile {
    computer_name_prefix = "ss"
    admin_username       = "u"
  }
  os_profile_linux_config {}
}
resource "azurerm_virtual_machine" "vm" {
  name                = "vm"
  resource_group_name = "rg"
  os_profile {
    computer_name  = "vm"
    admin_username = "u"
  }
  os_profile_linux_config {}
}`);
    const scaleSet = one(resources, 'Microsoft.Compute/virtualMachineScaleSets');
    expect(p(scaleSet, 'properties', 'virtualMachineProfile', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(isUnknown(p(vm, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication'))).toBe(true);
  });

  it('custom images and gallery image definitions tell the OS of what is built from them', async () => {
    const { graph } = await read(`
resource "azurerm_image" "golden" {
  name                = "golden-win"
  location            = "japaneast"
  resource_group_name = "rg"
  os_disk {
    os_type  = "Windows"
    os_state = "Generalized"
    blob_uri = "https://sa.blob.core.windows.net/vhds/golden.vhd"
  }
}
resource "azurerm_shared_image" "ubuntu" {
  name                = "ubuntu"
  gallery_name        = "gallery"
  resource_group_name = "rg"
  location            = "japaneast"
  os_type             = "Linux"
  identifier {
    publisher = "contoso"
    offer     = "base"
    sku       = "22_04"
  }
}
resource "azurerm_virtual_machine" "legacy" {
  name                  = "legacy"
  location              = "japaneast"
  resource_group_name   = "rg"
  vm_size               = "Standard_D2s_v3"
  network_interface_ids = []
  storage_image_reference {
    id = azurerm_image.golden.id
  }
  storage_os_disk {
    name          = "legacy-os"
    create_option = "FromImage"
  }
}
resource "azurerm_orchestrated_virtual_machine_scale_set" "flex" {
  name                        = "flex"
  resource_group_name         = "rg"
  location                    = "japaneast"
  platform_fault_domain_count = 1
  source_image_id             = "\${azurerm_shared_image.ubuntu.id}/versions/1.0.0"
}`);
    const legacy = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    const flex = graph.ofType('Microsoft.Compute/virtualMachineScaleSets')[0] as Resource;
    expect([osFamily(graph, legacy), osFamily(graph, flex)]).toEqual(['Windows', 'Linux']);
  });

  it('an orchestrated scale set without a VM model has no virtualMachineProfile: its VMs are checked one by one', async () => {
    const { graph } = await read(`
resource "azurerm_orchestrated_virtual_machine_scale_set" "bare" {
  name                        = "bare"
  resource_group_name         = "rg"
  location                    = "japaneast"
  platform_fault_domain_count = 1
  zones                       = ["1"]
}`);
    const flex = graph.ofType('Microsoft.Compute/virtualMachineScaleSets')[0] as Resource;
    expect(p(flex, 'properties', 'orchestrationMode')).toBe('Flexible');
    expect(p(flex, 'properties', 'virtualMachineProfile')).toBeUndefined();
    expect(evaluate(encryptionAtHost, flex, new Analyses(graph), {}).status).toBe('not-applicable');
  });

  it('scale sets: automatic_os_upgrade_enabled (azurerm 5.0 name of enable_automatic_os_upgrade) turns on automatic OS image upgrades', async () => {
    const { resources, graph } = await read(`
resource "azurerm_windows_virtual_machine_scale_set" "ss" {
  name                = "ss"
  resource_group_name = "rg"
  sku                 = "Standard_B2s"
  admin_username      = "u"
  upgrade_mode        = "Automatic"
  source_image_reference {
    publisher = "MicrosoftWindowsServer"
    offer     = "WindowsServer"
    sku       = "2022-datacenter-azure-edition"
    version   = "latest"
  }
  automatic_os_upgrade_policy {
    automatic_os_upgrade_enabled = true
    automatic_rollback_enabled   = true
  }
  automatic_updates_enabled = false
}`);
    const scaleSet = one(resources, 'Microsoft.Compute/virtualMachineScaleSets');
    expect(p(scaleSet, 'properties', 'upgradePolicy', 'automaticOSUpgradePolicy', 'enableAutomaticOSUpgrade')).toBe(true);
    expect(evaluate(automaticGuestPatching, scaleSet, new Analyses(graph), {}).status).toBe('pass');
  });

  it("an orchestrated scale set's public_ip_address sku_name is the SKU of its instances' public IPs", async () => {
    const { resources } = await read(`
resource "azurerm_orchestrated_virtual_machine_scale_set" "flex" {
  name                        = "flex"
  resource_group_name         = "rg"
  sku_name                    = "Standard_B2s"
  platform_fault_domain_count = 1
  network_interface {
    name    = "nic"
    primary = true
    ip_configuration {
      name      = "ipc"
      primary   = true
      subnet_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"
      public_ip_address {
        name     = "pip"
        sku_name = "Standard_Regional"
      }
    }
  }
}`);
    const flex = one(resources, 'Microsoft.Compute/virtualMachineScaleSets');
    const nic = ['properties', 'virtualMachineProfile', 'networkProfile', 'networkInterfaceConfigurations', 0] as const;
    const configuration = p(flex, ...nic, 'properties', 'ipConfigurations', 0, 'properties', 'publicIPAddressConfiguration');
    expect(prop(configuration, 'sku')).toEqual({ name: 'Standard', tier: 'Regional' });
  });

  it('a VM given an existing OS disk (os_managed_disk_id) attaches it and has no OS profile; one built from an image keeps its own', async () => {
    const { resources, graph } = await read(`
resource "azurerm_managed_disk" "os" {
  name                 = "os"
  resource_group_name  = "rg"
  storage_account_type = "Premium_LRS"
  create_option        = "Copy"
  source_resource_id   = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/snapshots/snap"
  os_type              = "Linux"
  hyper_v_generation   = "V1"
}
resource "azurerm_linux_virtual_machine" "attached" {
  name                  = "attached"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  network_interface_ids = []
  os_managed_disk_id    = azurerm_managed_disk.os.id
  os_disk {
    caching = "ReadWrite"
  }
}
# As a state file shows a VM built from an image: the provider reads its OS disk into os_managed_disk_id.
resource "azurerm_linux_virtual_machine" "imaged" {
  name                  = "imaged"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  os_managed_disk_id    = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks/imaged_OsDisk_1"
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}`);
    const [attached, imaged] = graph.ofType('Microsoft.Compute/virtualMachines') as [Resource, Resource];
    const disk = one(resources, 'Microsoft.Compute/disks');
    expect(p(attached, 'properties', 'osProfile')).toBeUndefined();
    expect(p(attached, 'properties', 'storageProfile', 'osDisk', 'createOption')).toBe('Attach');
    expect(p(attached, 'properties', 'storageProfile', 'osDisk', 'managedDisk', 'id')).toBe(disk.id);
    expect(attached.source?.locate('/properties/storageProfile/osDisk/managedDisk/id')?.line).toBe(16);
    // The provider sends no osProfile: no patch mode, assessment mode or password setting of its own.
    expect(evaluate(automaticGuestPatching, attached, new Analyses(graph), {}).status).toBe('not-applicable');
    expect(p(imaged, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(true);
    expect(p(imaged, 'properties', 'storageProfile', 'osDisk', 'createOption')).toBe('FromImage');
    expect(p(imaged, 'properties', 'storageProfile', 'osDisk', 'managedDisk', 'id')).toBeUndefined();
  });

  it('managed disks: AllowAll and public access by default; data disk attachment patches the VM', async () => {
    const { resources } = await read(`
resource "azurerm_managed_disk" "d" {
  name = "d1"
  resource_group_name = "rg"
  storage_account_type = "Premium_LRS"
  create_option = "Empty"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name = "vm"
  resource_group_name = "rg"
  network_interface_ids = []
}
resource "azurerm_virtual_machine_data_disk_attachment" "a" {
  managed_disk_id = azurerm_managed_disk.d.id
  virtual_machine_id = azurerm_linux_virtual_machine.vm.id
  lun = 1
}`);
    const disk = one(resources, 'Microsoft.Compute/disks');
    expect(p(disk, 'properties', 'networkAccessPolicy')).toBe('AllowAll');
    expect(p(disk, 'properties', 'publicNetworkAccess')).toBe('Enabled');
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(p(vm, 'properties', 'storageProfile', 'dataDisks', 0, 'managedDisk', 'id')).toBe(disk.id);
  });

  it('managed disk encryption_settings: v3 `enabled = false` is no Azure Disk Encryption; the block alone (v4) is', async () => {
    const { resources } = await read(`
resource "azurerm_managed_disk" "off" {
  name = "off"
  resource_group_name = "rg"
  encryption_settings {
    enabled = false
  }
}
resource "azurerm_managed_disk" "on" {
  name = "on"
  resource_group_name = "rg"
  encryption_settings {
    disk_encryption_key {
      secret_url      = "https://kv.vault.azure.net/secrets/s/1"
      source_vault_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
    }
  }
}`);
    const enabled = (name: string): Value | undefined =>
      p(byType(resources, 'Microsoft.Compute/disks').find((d) => d.name === name) as Resource, 'properties', 'encryptionSettingsCollection', 'enabled');
    expect(enabled('off')).toBe(false);
    expect(enabled('on')).toBe(true);
  });

  it("a dynamic scope's tags blocks are ARM's tag map: a VM whose tag does not match is not on the schedule", async () => {
    const { graph } = await read(`
resource "azurerm_linux_virtual_machine" "prod" {
  name                  = "prod"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  tags                  = { env = "prod" }
}
resource "azurerm_linux_virtual_machine" "dev" {
  name                  = "dev"
  resource_group_name   = "rg"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  tags                  = { env = "dev" }
}
resource "azurerm_maintenance_configuration" "patch" {
  name                = "patch"
  resource_group_name = "rg"
  scope               = "InGuestPatch"
}
resource "azurerm_maintenance_assignment_dynamic_scope" "prod" {
  name                         = "prod"
  maintenance_configuration_id = azurerm_maintenance_configuration.patch.id
  filter {
    resource_types = ["Microsoft.Compute/virtualMachines"]
    tags {
      tag    = "env"
      values = ["prod"]
    }
  }
}`);
    const assignment = graph.ofType('Microsoft.Maintenance/configurationAssignments')[0] as Resource;
    expect(p(assignment, 'properties', 'filter', 'tagSettings')).toEqual({ filterOperator: 'Any', tags: { env: ['prod'] } });
    const messages = (name: string): string[] => {
      const vm = graph.ofType('Microsoft.Compute/virtualMachines').find((r) => r.name === name) as Resource;
      return evaluate(automaticGuestPatching, vm, new Analyses(graph), {}).findings.map((f) => f.messageId);
    };
    expect(messages('prod')).toEqual(['scheduleNotPrepared']);
    expect(messages('dev')).toEqual(['notAutomatic']);
  });
});

describe('network mappings', () => {
  it('NIC: v3 and v4 attribute names; NSG association; count names x[0]', async () => {
    const { resources, graph } = await read(`
resource "azurerm_network_interface" "nic" {
  count = 2
  name = "nic-\${count.index}"
  resource_group_name = "rg"
  enable_ip_forwarding = count.index == 1
  ip_configuration {
    name = "ip"
    subnet_id = azurerm_subnet.s.id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_virtual_network" "v" {
  name = "v"
  resource_group_name = "rg"
  address_space = ["10.0.0.0/16"]
}
resource "azurerm_subnet" "s" {
  name = "s"
  resource_group_name = "rg"
  virtual_network_name = azurerm_virtual_network.v.name
  address_prefixes = ["10.0.1.0/24"]
  service_endpoint { service = "Microsoft.KeyVault" }
}
resource "azurerm_network_security_group" "nsg" {
  name = "nsg"
  resource_group_name = "rg"
}
resource "azurerm_network_interface_security_group_association" "a" {
  network_interface_id = azurerm_network_interface.nic[1].id
  network_security_group_id = azurerm_network_security_group.nsg.id
}`);
    const nics = byType(resources, 'Microsoft.Network/networkInterfaces');
    expect(nics.map((nic) => p(nic, 'properties', 'enableIPForwarding'))).toEqual([false, true]);
    expect(p(nics[1] as Resource, 'properties', 'networkSecurityGroup', 'id')).toMatch(/networkSecurityGroups\/nsg$/);
    const subnet = graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s') as Resource;
    expect(p(subnet, 'properties', 'serviceEndpoints')).toEqual([{ service: 'Microsoft.KeyVault' }]);
    expect(p(subnet, 'properties', 'defaultOutboundAccess')).toBe(true);
    expect(graph.resolve(p(nics[0] as Resource, 'properties', 'ipConfigurations', 0, 'properties', 'subnet'))).toBe(subnet);
  });

  it('variables take their type constraint: optional attributes get their defaults, sets sort, --var is text unless the type is complex; static and dynamic blocks of one name add up', async () => {
    const { graph } = await read(
      `
variable "rules" {
  type = list(object({
    name     = string
    priority = number
    port     = string
    access   = optional(string, "Deny")
    source   = optional(string, "*")
  }))
  default = [
    { name = "ssh", priority = "100", port = "22", source = "10.0.0.0/8" },
    { name = "rdp", priority = 110, port = 3389, access = null },
  ]
}
variable "https_sources" {
  type    = set(string)
  default = ["203.0.113.0/24", "198.51.100.0/24", "203.0.113.0/24"]
}
variable "admin_port" {
  type     = number
  nullable = false
  default  = 5986
}
variable "label" {}
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg-\${var.label}"
  resource_group_name = "rg"
  dynamic "security_rule" {
    for_each = var.rules
    content {
      name                       = security_rule.value.name
      priority                   = security_rule.value.priority
      direction                  = "Inbound"
      access                     = security_rule.value.access
      protocol                   = "Tcp"
      source_address_prefix      = security_rule.value.source
      destination_port_range     = security_rule.value.port
    }
  }
  security_rule {
    name                       = "https"
    priority                   = 200
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_address_prefixes    = tolist(var.https_sources)
    destination_port_range     = tostring(var.admin_port)
  }
}`,
      { label: '[1,2]' },
    );
    const nsg = graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg-[1,2]') as Resource;
    const rules = p(nsg, 'properties', 'securityRules') as Value[];
    expect(
      rules.map((rule) => [
        prop(rule, 'name'),
        prop(rule, 'properties', 'priority'),
        prop(rule, 'properties', 'access'),
        prop(rule, 'properties', 'sourceAddressPrefix'),
      ]),
    ).toEqual([
      ['https', 200, 'Allow', undefined],
      ['ssh', 100, 'Deny', '10.0.0.0/8'],
      ['rdp', 110, 'Deny', '*'],
    ]);
    expect(prop(rules[2] as Value, 'properties', 'destinationPortRange')).toBe('3389');
    expect(prop(rules[0] as Value, 'properties', 'sourceAddressPrefixes')).toEqual(['198.51.100.0/24', '203.0.113.0/24']);
    expect(prop(rules[0] as Value, 'properties', 'destinationPortRange')).toBe('5986');
  });

  it('separate NSG rules merge into their NSG; dynamic blocks expand; for_each names x["key"]', async () => {
    const { resources, graph } = await read(`
locals {
  ports = { ssh = 22, rdp = 3389 }
}
resource "azurerm_network_security_group" "nsg" {
  name = "nsg"
  resource_group_name = "rg"
  dynamic "security_rule" {
    for_each = local.ports
    content {
      name = "deny-\${security_rule.key}"
      priority = 100 + security_rule.value % 7
      direction = "Inbound"
      access = "Deny"
      protocol = "Tcp"
      destination_port_range = tostring(security_rule.value)
    }
  }
}
resource "azurerm_network_security_group" "web" {
  name = "web"
  resource_group_name = "rg"
  dynamic "security_rule" {
    for_each = toset(["443", "22"])
    iterator = port
    content {
      name = "allow-\${port.key}"
      priority = 100 + index(["22", "443"], port.value)
      direction = "Inbound"
      access = "Allow"
      protocol = "Tcp"
      destination_port_range = port.key
    }
  }
}
resource "azurerm_network_security_rule" "extra" {
  for_each = toset(["a"])
  name = "extra-\${each.key}"
  priority = 300
  direction = "Inbound"
  access = "Allow"
  protocol = "*"
  resource_group_name = "rg"
  network_security_group_name = azurerm_network_security_group.nsg.name
}`);
    expect(resources.map((r) => r.id).some((id) => id.endsWith('securityRules/extra-a'))).toBe(true);
    const nsg = graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/nsg') as Resource;
    expect((p(nsg, 'properties', 'securityRules') as Value[]).map((rule) => prop(rule, 'name'))).toEqual(['deny-rdp', 'deny-ssh', 'extra-a']);
    // dynamic over a set: "If the for_each expression produces a set value then key is identical to value".
    const web = graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkSecurityGroups/web') as Resource;
    expect((p(web, 'properties', 'securityRules') as Value[]).map((rule) => [prop(rule, 'name'), prop(rule, 'properties', 'destinationPortRange')])).toEqual([
      ['allow-22', '22'],
      ['allow-443', '443'],
    ]);
  });

  it('public IP SKU default follows the pinned azurerm major version', async () => {
    const v3 = await read(`terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.90" }
  }
}
resource "azurerm_public_ip" "ip" {
  name = "ip"
  resource_group_name = "rg"
  allocation_method = "Dynamic"
}`);
    expect(p(one(v3.resources, 'Microsoft.Network/publicIPAddresses'), 'sku', 'name')).toBe('Basic');
    const v4 = await read(`resource "azurerm_public_ip" "ip" {
  name = "ip"
  resource_group_name = "rg"
  allocation_method = "Static"
}`);
    expect(p(one(v4.resources, 'Microsoft.Network/publicIPAddresses'), 'sku', 'name')).toBe('Standard');
    // The newest version a range allows is what terraform init installs: ">= 3.0" is v4 or later, "< 4.0" v3.
    const pinned = (constraint: string) =>
      read(`terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "${constraint}" }
  }
}
resource "azurerm_public_ip" "ip" {
  name = "ip"
  resource_group_name = "rg"
  allocation_method = "Static"
}`);
    expect(p(one((await pinned('>= 3.0')).resources, 'Microsoft.Network/publicIPAddresses'), 'sku', 'name')).toBe('Standard');
    expect(p(one((await pinned('>= 2.0, < 4.0')).resources, 'Microsoft.Network/publicIPAddresses'), 'sku', 'name')).toBe('Basic');
  });

  it('load balancer SKU default follows the pinned azurerm major version: Standard from v4, Basic in v3', async () => {
    const v3 = await read(`terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 3.90" }
  }
}
resource "azurerm_lb" "lb" {
  name = "lb"
  resource_group_name = "rg"
}`);
    expect(p(one(v3.resources, 'Microsoft.Network/loadBalancers'), 'sku', 'name')).toBe('Basic');
    const v4 = await read(`resource "azurerm_lb" "lb" {
  name = "lb"
  resource_group_name = "rg"
}`);
    expect(p(one(v4.resources, 'Microsoft.Network/loadBalancers'), 'sku', 'name')).toBe('Standard');
  });

  it("virtual hub connections and Route Servers: what may route a firewall's traffic past its VNet", async () => {
    const { resources } = await read(`
resource "azurerm_virtual_hub_connection" "hub" {
  name                      = "to-hub"
  virtual_hub_id            = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/vhub"
  remote_virtual_network_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub"
}
resource "azurerm_route_server" "rs" {
  name                 = "rs"
  resource_group_name  = "rg"
  location             = "japaneast"
  sku                  = "Standard"
  public_ip_address_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/rs-pip"
  subnet_id            = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/RouteServerSubnet"
}`);
    const connection = one(resources, 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections');
    expect(connection.id).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/vhub/hubVirtualNetworkConnections/to-hub');
    expect(p(connection, 'properties', 'remoteVirtualNetwork', 'id')).toBe(
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub',
    );
    const routeServer = one(resources, 'Microsoft.Network/virtualHubs/ipConfigurations');
    expect(routeServer.id).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/rs/ipConfigurations/ipconfig1');
    expect(p(routeServer, 'properties', 'subnet', 'id')).toBe(
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/RouteServerSubnet',
    );
  });

  it("virtual hubs, their routing intent, route tables, ExpressRoute and VPN gateways, and a connection's associated table: what sends a VNet a default route", async () => {
    const hub = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/vhub';
    const firewall = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/hub-fw';
    const { resources } = await read(`
resource "azurerm_virtual_hub_routing_intent" "intent" {
  name           = "intent"
  virtual_hub_id = "${hub}"
  routing_policy {
    name         = "InternetTrafficPolicy"
    destinations = ["Internet"]
    next_hop     = "${firewall}"
  }
}
resource "azurerm_virtual_hub_route_table" "vnets" {
  name           = "RT_VNet"
  virtual_hub_id = "${hub}"
  labels         = ["VNet"]
  route {
    name              = "to-firewall"
    destinations_type = "CIDR"
    destinations      = ["0.0.0.0/0"]
    next_hop          = "${firewall}"
  }
}
resource "azurerm_virtual_hub" "vhub" {
  name                = "vhub"
  resource_group_name = "rg"
  location            = "japaneast"
  address_prefix      = "10.100.0.0/23"
  virtual_wan_id      = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualWans/wan"
}
resource "azurerm_express_route_gateway" "er" {
  name                = "vhub-er"
  resource_group_name = "rg"
  location            = "japaneast"
  virtual_hub_id      = "${hub}"
  scale_units         = 1
}
resource "azurerm_vpn_gateway" "vpn" {
  name                = "vhub-vpn"
  resource_group_name = "rg"
  location            = "japaneast"
  virtual_hub_id      = "${hub}"
}
resource "azurerm_virtual_hub_connection" "spoke" {
  name                      = "spoke"
  virtual_hub_id            = "${hub}"
  remote_virtual_network_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke"
  internet_security_enabled = true
  routing {
    associated_route_table_id = "${hub}/hubRouteTables/RT_VNet"
  }
}`);
    const intent = one(resources, 'Microsoft.Network/virtualHubs/routingIntent');
    expect(intent.id).toBe(`${hub}/routingIntent/intent`);
    expect(p(intent, 'properties', 'routingPolicies')).toEqual([{ name: 'InternetTrafficPolicy', destinations: ['Internet'], nextHop: firewall }]);
    const table = one(resources, 'Microsoft.Network/virtualHubs/hubRouteTables');
    expect(table.id).toBe(`${hub}/hubRouteTables/RT_VNet`);
    expect(p(table, 'properties', 'routes')).toEqual([
      { name: 'to-firewall', destinationType: 'CIDR', destinations: ['0.0.0.0/0'], nextHopType: 'ResourceId', nextHop: firewall },
    ]);
    const connection = one(resources, 'Microsoft.Network/virtualHubs/hubVirtualNetworkConnections');
    expect(p(connection, 'properties', 'enableInternetSecurity')).toBe(true);
    expect(p(connection, 'properties', 'routingConfiguration', 'associatedRouteTable', 'id')).toBe(`${hub}/hubRouteTables/RT_VNet`);
    expect(one(resources, 'Microsoft.Network/virtualHubs').id).toBe(hub);
    for (const type of ['Microsoft.Network/expressRouteGateways', 'Microsoft.Network/vpnGateways'])
      expect(p(one(resources, type), 'properties', 'virtualHub', 'id'), type).toBe(hub);
  });

  it('a hub route declared on its own joins the routes of its route table', async () => {
    const hub = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualHubs/vhub';
    const firewall = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/azureFirewalls/hub-fw';
    const { resources } = await read(`
resource "azurerm_virtual_hub_route_table" "vnets" {
  name           = "RT_VNet"
  virtual_hub_id = "${hub}"
  route {
    name              = "on-premises"
    destinations_type = "CIDR"
    destinations      = ["10.200.0.0/16"]
    next_hop          = "${firewall}"
  }
}
resource "azurerm_virtual_hub_route_table_route" "default" {
  route_table_id    = azurerm_virtual_hub_route_table.vnets.id
  name              = "to-firewall"
  destinations_type = "CIDR"
  destinations      = ["0.0.0.0/0"]
  next_hop          = "${firewall}"
}`);
    expect(p(one(resources, 'Microsoft.Network/virtualHubs/hubRouteTables'), 'properties', 'routes')).toEqual([
      { name: 'on-premises', destinationType: 'CIDR', destinations: ['10.200.0.0/16'], nextHopType: 'ResourceId', nextHop: firewall },
      { name: 'to-firewall', destinationType: 'CIDR', destinations: ['0.0.0.0/0'], nextHopType: 'ResourceId', nextHop: firewall },
    ]);
  });

  it('DNS record sets: the names a firewall DNAT rule may translate to resolve through them', async () => {
    const { resources, graph } = await read(`
resource "azurerm_private_dns_a_record" "app" {
  name                = "app-1"
  zone_name           = "contoso.internal"
  resource_group_name = "rg"
  ttl                 = 300
  records             = ["10.0.1.4", "10.0.1.5"]
}
resource "azurerm_private_dns_cname_record" "rdp" {
  name                = "rdp"
  zone_name           = "contoso.internal"
  resource_group_name = "rg"
  ttl                 = 300
  record              = "app-1.contoso.internal"
}
resource "azurerm_private_dns_zone_virtual_network_link" "hub" {
  name                  = "hub-link"
  private_dns_zone_name = "contoso.internal"
  resource_group_name   = "rg"
  virtual_network_id    = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub"
  resolution_policy     = "NxDomainRedirect"
}
resource "azurerm_dns_a_record" "web" {
  name                = "www"
  zone_name           = "contoso.com"
  resource_group_name = "rg"
  ttl                 = 300
  target_resource_id  = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/web-pip"
}`);
    const a = one(resources, 'Microsoft.Network/privateDnsZones/A');
    expect(a.id).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/contoso.internal/A/app-1');
    expect(p(a, 'properties', 'aRecords')).toEqual([{ ipv4Address: '10.0.1.4' }, { ipv4Address: '10.0.1.5' }]);
    const link = one(resources, 'Microsoft.Network/privateDnsZones/virtualNetworkLinks');
    expect(link.id).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones/contoso.internal/virtualNetworkLinks/hub-link');
    expect(p(link, 'properties', 'virtualNetwork', 'id')).toBe('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub');
    expect(p(link, 'properties', 'resolutionPolicy')).toBe('NxDomainRedirect');
    const rdp = resolveName(graph, 'rdp.contoso.internal');
    expect(isUnknown(rdp) ? rdp.reason : formatAddresses(rdp)).toEqual(['10.0.1.4/31']);
    const www = resolveName(graph, 'www.contoso.com');
    expect(isUnknown(www) && www.reason).toBe("the DNS record 'contoso.com/www' is an alias of an Azure resource");
  });
});

describe('edge mappings', () => {
  it('load balancer rules, NAT rules and NAT pools become children; firewall policy DNAT rules', async () => {
    const { graph } = await read(`
resource "azurerm_lb" "lb" {
  name = "lb"
  resource_group_name = "rg"
  frontend_ip_configuration {
    name = "fe"
    public_ip_address_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/ip"
  }
}
resource "azurerm_lb_nat_rule" "ssh" {
  name = "ssh"
  resource_group_name = "rg"
  loadbalancer_id = azurerm_lb.lb.id
  protocol = "Tcp"
  frontend_port = 50022
  backend_port = 22
  frontend_ip_configuration_name = "fe"
}
resource "azurerm_lb_nat_pool" "rdp" {
  name = "rdp"
  resource_group_name = "rg"
  loadbalancer_id = azurerm_lb.lb.id
  protocol = "Tcp"
  frontend_port_start = 50000
  frontend_port_end = 50119
  backend_port = 3389
  frontend_ip_configuration_name = "fe"
}
resource "azurerm_firewall_policy" "p" {
  name = "p"
  resource_group_name = "rg"
}
resource "azurerm_firewall_policy_rule_collection_group" "g" {
  name = "g"
  firewall_policy_id = azurerm_firewall_policy.p.id
  priority = 100
  nat_rule_collection {
    name = "dnat"
    priority = 100
    action = "Dnat"
    rule {
      name = "rdp"
      protocols = ["TCP"]
      source_addresses = ["*"]
      destination_address = "20.0.0.1"
      destination_ports = ["3389"]
      translated_address = "10.0.1.4"
      translated_port = "3389"
    }
  }
}`);
    const lb = graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/lb') as Resource;
    expect(p(lb, 'properties', 'inboundNatRules', 0, 'properties', 'frontendIPConfiguration', 'id')).toBe(`${lb.id}/frontendIPConfigurations/fe`);
    expect(p(lb, 'properties', 'inboundNatPools', 0)).toMatchObject({
      id: `${lb.id}/inboundNatPools/rdp`,
      properties: {
        frontendIPConfiguration: { id: `${lb.id}/frontendIPConfigurations/fe` },
        frontendPortRangeStart: 50000,
        frontendPortRangeEnd: 50119,
        backendPort: 3389,
      },
    });
    const group = graph.ofType('Microsoft.Network/firewallPolicies/ruleCollectionGroups')[0] as Resource;
    expect(p(group, 'properties', 'ruleCollections', 0, 'ruleCollectionType')).toBe('FirewallPolicyNatRuleCollection');
    expect(p(group, 'properties', 'ruleCollections', 0, 'rules', 0, 'destinationAddresses')).toEqual(['20.0.0.1']);
    expect(
      p(graph.get('/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/firewallPolicies/p') as Resource, 'properties', 'threatIntelMode'),
    ).toBe('Alert');
  });

  it("a DNAT rule to a NIC's private_ip_address names that NIC's primary IP configuration, whatever address Azure gives it", async () => {
    const { graph } = await read(`
resource "azurerm_network_interface" "nic" {
  name                = "app-nic"
  resource_group_name = "rg"
  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/app"
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_firewall" "fw" {
  name                = "fw"
  resource_group_name = "rg"
  sku_name            = "AZFW_VNet"
  sku_tier            = "Standard"
}
resource "azurerm_firewall_nat_rule_collection" "dnat" {
  name                = "dnat"
  azure_firewall_name = azurerm_firewall.fw.name
  resource_group_name = "rg"
  priority            = 100
  action              = "Dnat"
  rule {
    name                  = "ssh"
    protocols             = ["TCP"]
    source_addresses      = ["*"]
    destination_addresses = ["20.0.0.1"]
    destination_ports     = ["2222"]
    translated_address    = azurerm_network_interface.nic.private_ip_address
    translated_port       = "22"
  }
}`);
    const firewall = graph.ofType('Microsoft.Network/azureFirewalls')[0] as Resource;
    const translated = p(firewall, 'properties', 'natRuleCollections', 0, 'properties', 'rules', 0, 'translatedAddress');
    expect(isUnknown(translated) && translated.deployed).toEqual({
      resourceId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/app-nic',
      path: '/properties/ipConfigurations/0/properties/privateIPAddress',
    });
  });

  it('bastion: private_only_enabled is enablePrivateOnlyBastion, so its tunnelling is not reported as reachable from the Internet', async () => {
    const { resources, graph } = await read(`
resource "azurerm_bastion_host" "b" {
  name                 = "b"
  resource_group_name  = "rg"
  sku                  = "Premium"
  private_only_enabled = true
  tunneling_enabled    = true
  ip_configuration {
    name      = "ip"
    subnet_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/AzureBastionSubnet"
  }
}`);
    const bastion = one(resources, 'Microsoft.Network/bastionHosts');
    expect(p(bastion, 'properties', 'enablePrivateOnlyBastion')).toBe(true);
    expect(evaluate(bastionHardening, bastion, new Analyses(graph), {}).findings).toEqual([]);
  });

  it('application gateway: sku is one object, so the WAF_v2 tier with waf_configuration counts as a WAF', async () => {
    const { resources } = await read(`
resource "azurerm_application_gateway" "agw" {
  name                = "agw"
  resource_group_name = "rg"
  sku {
    name     = "WAF_v2"
    tier     = "WAF_v2"
    capacity = 2
  }
  waf_configuration {
    enabled          = true
    firewall_mode    = "Prevention"
    rule_set_version = "3.2"
  }
}`);
    const gateway = one(resources, 'Microsoft.Network/applicationGateways');
    expect(p(gateway, 'properties', 'sku')).toEqual({ name: 'WAF_v2', tier: 'WAF_v2', capacity: 2 });
    expect(gatewayHasWaf(gateway)).toBe(true);
  });

  it('WAF policy: the provider sends no policySettings without a policy_settings block; with one, its defaults apply', async () => {
    const { resources } = await read(`
resource "azurerm_web_application_firewall_policy" "bare" {
  name                = "bare"
  resource_group_name = "rg"
  location            = "japaneast"
  managed_rules {
    managed_rule_set {
      version = "3.2"
    }
  }
}
resource "azurerm_web_application_firewall_policy" "set" {
  name                = "set"
  resource_group_name = "rg"
  location            = "japaneast"
  policy_settings {}
  managed_rules {
    managed_rule_set {
      version = "3.2"
    }
  }
}`);
    const policies = byType(resources, 'Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies');
    // Before: the block's defaults (Enabled, Prevention) were written for a policy without the block too.
    expect(p(policies.find((r) => r.name === 'bare') as Resource, 'properties', 'policySettings')).toBeUndefined();
    expect(p(policies.find((r) => r.name === 'set') as Resource, 'properties', 'policySettings')).toEqual({
      state: 'Enabled',
      mode: 'Prevention',
      requestBodyCheck: true,
    });
  });

  it('application gateway: url_path_map and the routing rule that names it (path-based routing reaches the pools too)', async () => {
    const { resources } = await read(`
resource "azurerm_application_gateway" "agw" {
  name                = "agw"
  resource_group_name = "rg"
  backend_address_pool {
    name         = "web"
    ip_addresses = ["10.0.1.4"]
  }
  backend_address_pool {
    name         = "api"
    ip_addresses = ["10.0.1.5"]
  }
  backend_http_settings {
    name     = "http"
    port     = 80
    protocol = "Http"
  }
  request_routing_rule {
    name               = "paths"
    rule_type          = "PathBasedRouting"
    priority           = 10
    http_listener_name = "listener"
    url_path_map_name  = "map"
  }
  url_path_map {
    name                               = "map"
    default_backend_address_pool_name  = "web"
    default_backend_http_settings_name = "http"
    path_rule {
      name                       = "api"
      paths                      = ["/api/*"]
      backend_address_pool_name  = "api"
      backend_http_settings_name = "http"
    }
  }
}`);
    const gateway = one(resources, 'Microsoft.Network/applicationGateways');
    expect(p(gateway, 'properties', 'requestRoutingRules', 0, 'properties', 'urlPathMap')).toEqual({ id: `${gateway.id}/urlPathMaps/map` });
    expect(p(gateway, 'properties', 'urlPathMaps', 0, 'properties')).toEqual({
      defaultBackendAddressPool: { id: `${gateway.id}/backendAddressPools/web` },
      defaultBackendHttpSettings: { id: `${gateway.id}/backendHttpSettingsCollection/http` },
      pathRules: [
        {
          name: 'api',
          properties: {
            paths: ['/api/*'],
            backendAddressPool: { id: `${gateway.id}/backendAddressPools/api` },
            backendHttpSettings: { id: `${gateway.id}/backendHttpSettingsCollection/http` },
          },
        },
      ],
    });
  });
});

describe('security and operations mappings', () => {
  it('key vault: v4 and v5 names for RBAC authorization; public access default', async () => {
    const { resources } = await read(`
resource "azurerm_key_vault" "v4" {
  name = "kv4"
  resource_group_name = "rg"
  enable_rbac_authorization = true
}
resource "azurerm_key_vault" "v5" {
  name = "kv5"
  resource_group_name = "rg"
  rbac_authorization_enabled = true
  public_network_access_enabled = false
}`);
    const [v4, v5] = byType(resources, 'Microsoft.KeyVault/vaults') as [Resource, Resource];
    expect(p(v4, 'properties', 'enableRbacAuthorization')).toBe(true);
    expect(p(v4, 'properties', 'publicNetworkAccess')).toBe('Enabled');
    expect(p(v5, 'properties', 'enableRbacAuthorization')).toBe(true);
    expect(p(v5, 'properties', 'publicNetworkAccess')).toBe('Disabled');
  });

  it('a key referenced as azurerm_key_vault_key.k.id is its URL to the disk encryption set and the Recovery Services vault that use it: the vault is seen to hold their keys', async () => {
    const { resources, graph } = await read(`
resource "azurerm_key_vault" "kv" {
  name                = "kv1"
  resource_group_name = "rg"
  sku_name            = "standard"
}
resource "azurerm_key_vault_key" "k" {
  name         = "k"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
}
resource "azurerm_disk_encryption_set" "des" {
  name                = "des"
  resource_group_name = "rg"
  key_vault_key_id    = azurerm_key_vault_key.k.id
}
resource "azurerm_recovery_services_vault" "rsv" {
  name                = "rsv"
  resource_group_name = "rg"
  sku                 = "Standard"
  encryption {
    key_id                            = azurerm_key_vault_key.k.id
    infrastructure_encryption_enabled = false
  }
}`);
    const des = one(resources, 'Microsoft.Compute/diskEncryptionSets');
    const rsv = one(resources, 'Microsoft.RecoveryServices/vaults');
    expect(p(des, 'properties', 'activeKey', 'keyUrl')).toBe('https://kv1.vault.azure.net/keys/k');
    expect(p(rsv, 'properties', 'encryption', 'keyVaultProperties', 'keyUri')).toBe('https://kv1.vault.azure.net/keys/k');
    const vault = one(resources, 'Microsoft.KeyVault/vaults');
    expect(keyVaultDependents(graph, vault).map((d) => d.role)).toEqual(['diskEncryptionSet', 'backupVault']);
  });

  describe('a key whose URL is known only after apply still names its vault', () => {
    const VAULT = (name: string): string => `
variable "prefix" { type = string }
resource "azurerm_key_vault" "kv" {
  name                       = ${name}
  location                   = "japaneast"
  resource_group_name        = "rg"
  tenant_id                  = "00000000-0000-0000-0000-000000000001"
  sku_name                   = "premium"
  purge_protection_enabled   = true
  rbac_authorization_enabled = true
}
resource "azurerm_key_vault_key" "k" {
  name         = "disk"
  key_vault_id = azurerm_key_vault.kv.id
  key_type     = "RSA"
  key_size     = 2048
  key_opts     = ["wrapKey", "unwrapKey"]
}`;
    const USERS = (attribute: string): string => `
resource "azurerm_disk_encryption_set" "des" {
  name                = "des"
  location            = "japaneast"
  resource_group_name = "rg"
  key_vault_key_id    = azurerm_key_vault_key.k.${attribute}
  identity { type = "SystemAssigned" }
}
resource "azurerm_recovery_services_vault" "rsv" {
  name                = "rsv"
  location            = "japaneast"
  resource_group_name = "rg"
  sku                 = "Standard"
  identity { type = "SystemAssigned" }
  encryption {
    key_id                            = azurerm_key_vault_key.k.${attribute}
    infrastructure_encryption_enabled = true
    use_system_assigned_identity      = true
  }
}`;
    const verdicts = (graph: ResourceGraph): Record<string, string> => {
      const vault = one([...graph.resources], 'Microsoft.KeyVault/vaults');
      return Object.fromEntries(
        [keyVaultAuditLog, deleteLocks, keyVaultKeyManagement].map((rule) => [
          rule.id,
          evaluate(rule, vault, new Analyses(graph), defaultOptions(rule)).status,
        ]),
      );
    };
    const judged = { 'AZV-MON-017': 'fail', 'AZV-REC-010': 'fail', 'AZV-REC-009': 'fail' };

    it('the vault named by a variable without a value: azurerm_key_vault_key.k.id', async () => {
      // Before: the URL was built on the vault's placeholder name (https://azurerm_key_vault.kv.vault.azure.net/…), which names
      // no vault, so the vault held "no disk or backup keys": AZV-MON-017, AZV-REC-009 and AZV-REC-010 not applicable.
      const { resources, graph } = await read(VAULT('"${var.prefix}kv"') + USERS('id'));
      const des = one(resources, 'Microsoft.Compute/diskEncryptionSets');
      const url = p(des, 'properties', 'activeKey', 'keyUrl');
      expect(isUnknown(url) && url.reason).toBe('the URL of key "disk" is known only after apply: the name of its Key Vault is not known');
      const vault = one(resources, 'Microsoft.KeyVault/vaults');
      expect(keyVaultDependents(graph, vault).map((d) => d.role)).toEqual(['diskEncryptionSet', 'backupVault']);
      expect(verdicts(graph)).toEqual(judged);
    });

    it('azurerm_key_vault_key.k.versionless_id, the vault named or not', async () => {
      // Before: versionless_id was known only after apply, naming nothing.
      for (const name of ['"kv-disks-01"', '"${var.prefix}kv"']) {
        const { resources, graph } = await read(VAULT(name) + USERS('versionless_id'));
        const rsv = one(resources, 'Microsoft.RecoveryServices/vaults');
        expect(isUnknown(p(rsv, 'properties', 'encryption', 'keyVaultProperties', 'keyUri'))).toBe(true);
        expect(keyVaultDependents(graph, one(resources, 'Microsoft.KeyVault/vaults')).map((d) => d.role)).toEqual(['diskEncryptionSet', 'backupVault']);
        expect(verdicts(graph)).toEqual(judged);
      }
    });

    it.each(['id', 'versionless_id'])('in a plan, azurerm_key_vault_key.k.%s names the key of the vault the plan creates', (attribute) => {
      // Before: the key's id was formed from its known values only, and its key_vault_id is known only after apply
      // (the vault is new): the id named no vault. versionless_id was known only after apply, naming nothing.
      const resource = (type: string, name: string, values: object): object => ({ address: `${type}.${name}`, mode: 'managed', type, name, values });
      const plan = {
        format_version: '1.2',
        planned_values: {
          root_module: {
            resources: [
              resource('azurerm_key_vault', 'kv', { name: 'kv-disks-01', resource_group_name: 'rg', location: 'japaneast', sku_name: 'premium' }),
              resource('azurerm_key_vault_key', 'k', { name: 'disk', key_type: 'RSA' }),
              resource('azurerm_disk_encryption_set', 'des', { name: 'des', resource_group_name: 'rg', location: 'japaneast' }),
            ],
          },
        },
        resource_changes: [
          { address: 'azurerm_key_vault_key.k', change: { after_unknown: { id: true, key_vault_id: true, versionless_id: true } } },
          { address: 'azurerm_disk_encryption_set.des', change: { after_unknown: { id: true, key_vault_key_id: true } } },
        ],
        configuration: {
          root_module: {
            resources: [
              { address: 'azurerm_key_vault_key.k', expressions: { key_vault_id: { references: ['azurerm_key_vault.kv.id', 'azurerm_key_vault.kv'] } } },
              {
                address: 'azurerm_disk_encryption_set.des',
                expressions: { key_vault_key_id: { references: [`azurerm_key_vault_key.k.${attribute}`, 'azurerm_key_vault_key.k'] } },
              },
            ],
          },
        },
      };
      const { resources } = readTerraformPlan(plan, 'plan.json', { subscriptionId: 'sub' });
      const graph = new ResourceGraph(resources);
      expect(one(resources, 'Microsoft.KeyVault/vaults/keys').id).toBe(
        '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv-disks-01/keys/disk',
      );
      expect(keyVaultDependents(graph, one(resources, 'Microsoft.KeyVault/vaults')).map((d) => d.role)).toEqual(['diskEncryptionSet']);
    });
  });

  it("a backup policy's retention blocks keep their count: in a nested block it is the resource's argument, not Terraform's meta-argument", async () => {
    // Before: `count` was dropped in every block, so every backup policy kept its points for 0 days.
    const { resources } = await read(`
resource "azurerm_backup_policy_vm" "daily" {
  name                = "daily-30"
  resource_group_name = "rg"
  recovery_vault_name = "rsv"
  backup {
    frequency = "Daily"
    time      = "23:00"
  }
  retention_daily {
    count = 30
  }
  retention_weekly {
    count    = 12
    weekdays = ["Sunday"]
  }
  dynamic "retention_monthly" {
    for_each = [6]
    content {
      count    = retention_monthly.value
      weekdays = ["Sunday"]
      weeks    = ["First"]
    }
  }
}`);
    const policy = one(resources, 'Microsoft.RecoveryServices/vaults/backupPolicies');
    const retention = ['properties', 'retentionPolicy'] as const;
    expect(p(policy, ...retention, 'dailySchedule', 'retentionDuration', 'count')).toBe(30);
    expect(p(policy, ...retention, 'weeklySchedule', 'retentionDuration', 'count')).toBe(12);
    expect(p(policy, ...retention, 'monthlySchedule', 'retentionDuration', 'count')).toBe(6);
  });

  it('alert criteria lists that narrow an alert (resource_groups, resource_ids, sub_statuses), CA guest exclusions, load-balancer outbound rules', async () => {
    const { resources } = await read(`
resource "azurerm_monitor_activity_log_alert" "nsg" {
  name                = "nsg-changes"
  resource_group_name = "rg"
  location            = "global"
  scopes              = ["/subscriptions/sub"]
  criteria {
    category        = "Administrative"
    operation_name  = "Microsoft.Network/networkSecurityGroups/write"
    resource_groups = ["rg-app"]
  }
}
resource "azuread_conditional_access_policy" "mfa" {
  display_name = "MFA"
  state        = "enabled"
  conditions {
    client_app_types = ["all"]
    users {
      included_users = ["All"]
      excluded_guests_or_external_users {
        guest_or_external_user_types = ["b2bCollaborationGuest", "internalGuest"]
        external_tenants { membership_kind = "all" }
      }
    }
    applications { included_applications = ["All"] }
  }
  grant_controls {
    operator          = "OR"
    built_in_controls = ["mfa"]
  }
}
resource "azurerm_lb" "egress" {
  name                = "egress-lb"
  resource_group_name = "rg"
  sku                 = "Standard"
}
resource "azurerm_lb_backend_address_pool" "pool" {
  name            = "pool"
  loadbalancer_id = azurerm_lb.egress.id
}
resource "azurerm_lb_outbound_rule" "egress" {
  name                    = "egress"
  loadbalancer_id         = azurerm_lb.egress.id
  protocol                = "All"
  backend_address_pool_id = azurerm_lb_backend_address_pool.pool.id
}`);
    // A narrowing list left out made the alert read as covering every NSG write (AZV-MON-014).
    expect(p(one(resources, 'Microsoft.Insights/activityLogAlerts'), 'properties', 'condition', 'allOf')).toContainEqual({
      anyOf: [{ field: 'resourceGroup', equals: 'rg-app' }],
    });
    expect(
      p(one(resources, 'Microsoft.Graph/tenants'), 'properties', 'conditionalAccessPolicies', 0, 'conditions', 'users', 'excludeGuestsOrExternalUsers'),
    ).toEqual({
      guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest',
      externalTenants: { membershipKind: 'all' },
    });
    // The outbound rule, declared on its own, is among the load balancer's outbound rules (AZV-NET-012).
    const graph = new ResourceGraph(resources);
    const lb = graph.ofType('Microsoft.Network/loadBalancers')[0];
    expect(lb && p(lb, 'properties', 'outboundRules', 0, 'name')).toBe('egress');
  });

  it('built-in role names give the role definition ids Azure documents', async () => {
    const { resources } = await read(`
resource "azurerm_role_assignment" "reader" {
  scope = "/subscriptions/sub"
  role_definition_name = "Reader"
  principal_id = "p"
}`);
    const [assignment] = byType(resources, 'Microsoft.Authorization/roleAssignments') as [Resource];
    expect(String(p(assignment, 'properties', 'roleDefinitionId'))).toMatch(/\/acdd72a7-3385-48ef-bd42-f606fba81ae7$/);
    // The roles AZV-REC-009 and AZV-IAM-014 count, by name too (before: an Unknown role, left out of the count).
    const named = await read(
      ['Key Vault Administrator', 'Key Vault Crypto Officer', 'Backup Contributor', 'Backup Operator']
        .map(
          (role, i) =>
            `resource "azurerm_role_assignment" "r${i}" {\n  scope = "/subscriptions/sub"\n  role_definition_name = "${role}"\n  principal_id = "p"\n}`,
        )
        .join('\n'),
    );
    expect(
      byType(named.resources, 'Microsoft.Authorization/roleAssignments').map((r) =>
        String(p(r, 'properties', 'roleDefinitionId'))
          .split('/')
          .pop(),
      ),
    ).toEqual([
      '00482a5a-887f-4fb3-b363-3b7fe8e74483',
      '14b46e9e-c2b7-41b4-b07b-48a6ebf60603',
      '5e467623-bb1f-42f4-a55d-6e525e11384b',
      '00c29273-979b-4161-815c-10b084fb9324',
    ]);
  });

  it('role assignment by built-in name, Defender pricing, diagnostic setting, backup, CA policy', async () => {
    const { resources, unmapped } = await read(`
resource "azurerm_role_assignment" "owner" {
  name = "ra1"
  scope = "/subscriptions/sub"
  role_definition_name = "Owner"
  principal_id = "p"
}
resource "azurerm_security_center_subscription_pricing" "vm" {
  tier = "Standard"
  subplan = "P2"
}
resource "azurerm_monitor_diagnostic_setting" "d" {
  name = "d"
  target_resource_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
  log_analytics_workspace_id = "/w"
  enabled_log { category_group = "audit" }
}
resource "azurerm_recovery_services_vault" "rsv" {
  name = "rsv"
  resource_group_name = "rg"
  sku = "Standard"
}
resource "azurerm_backup_protected_vm" "p" {
  resource_group_name = "rg"
  recovery_vault_name = azurerm_recovery_services_vault.rsv.name
  source_vm_id = "/subscriptions/sub/resourceGroups/app/providers/Microsoft.Compute/virtualMachines/vm1"
  backup_policy_id = "/pol"
}
resource "azuread_conditional_access_policy" "mfa" {
  display_name = "MFA"
  state = "enabled"
  conditions {
    client_app_types = ["all"]
    users { included_users = ["All"] }
    applications { included_applications = ["All"] }
  }
  grant_controls {
    operator = "OR"
    built_in_controls = ["mfa"]
  }
}
resource "azurerm_storage_share" "unmapped" {
  name = "s"
}`);
    expect(p(one(resources, 'Microsoft.Authorization/roleAssignments'), 'properties', 'roleDefinitionId')).toMatch(/8e3af657-a8ff-443c-a75c-2fe8c4bcb635$/);
    expect(one(resources, 'Microsoft.Security/pricings').id).toBe('/subscriptions/sub/providers/Microsoft.Security/pricings/VirtualMachines');
    expect(one(resources, 'Microsoft.Insights/diagnosticSettings').id).toMatch(/vaults\/kv\/providers\/Microsoft.Insights\/diagnosticSettings\/d$/);
    expect(p(one(resources, 'Microsoft.RecoveryServices/vaults'), 'properties', 'securitySettings', 'softDeleteSettings', 'softDeleteState')).toBe('Enabled');
    const item = one(resources, 'Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems');
    expect(item.id).toMatch(
      /vaults\/rsv\/backupFabrics\/Azure\/protectionContainers\/iaasvmcontainer;iaasvmcontainerv2;app;vm1\/protectedItems\/vm;iaasvmcontainerv2;app;vm1$/,
    );
    expect(p(one(resources, 'Microsoft.Graph/tenants'), 'properties', 'conditionalAccessPolicies', 0, 'grantControls', 'builtInControls')).toEqual(['mfa']);
    expect(unmapped).toEqual({ azurerm_storage_share: 1 });
  });

  it('Log Analytics workspace: local_authentication_enabled (azurerm v4.x) is the opposite of local_authentication_disabled', async () => {
    const { resources } = await read(`
resource "azurerm_log_analytics_workspace" "off" {
  name = "off"
  resource_group_name = "rg"
  local_authentication_enabled = false
}
resource "azurerm_log_analytics_workspace" "on" {
  name = "on"
  resource_group_name = "rg"
  local_authentication_enabled = true
}
resource "azurerm_log_analytics_workspace" "v3" {
  name = "v3"
  resource_group_name = "rg"
  local_authentication_disabled = true
}`);
    const [off, on, v3] = byType(resources, 'Microsoft.OperationalInsights/workspaces') as [Resource, Resource, Resource];
    expect(p(off, 'properties', 'features', 'disableLocalAuth')).toBe(true);
    expect(off.source?.locate('/properties/features/disableLocalAuth')?.line).toBe(5);
    expect(p(on, 'properties', 'features', 'disableLocalAuth')).toBe(false);
    expect(p(v3, 'properties', 'features', 'disableLocalAuth')).toBe(true);
  });

  it('azurerm_storage_account_network_rules sets the networkAcls of its account, by id (v4) or by name (v3)', async () => {
    const { resources, unmapped } = await read(`
resource "azurerm_storage_account" "a" {
  name = "a"
  resource_group_name = "rg"
  account_tier = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_storage_account_network_rules" "a" {
  storage_account_id = azurerm_storage_account.a.id
  default_action = "Deny"
  bypass = ["AzureServices"]
  virtual_network_subnet_ids = ["/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s"]
}
resource "azurerm_storage_account" "b" {
  name = "b"
  resource_group_name = "rg"
  account_tier = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_storage_account_network_rules" "b" {
  storage_account_name = azurerm_storage_account.b.name
  resource_group_name = "rg"
  default_action = "Deny"
}`);
    expect(unmapped).toEqual({});
    const [a, b] = byType(resources, 'Microsoft.Storage/storageAccounts') as [Resource, Resource];
    expect(p(a, 'properties', 'networkAcls', 'defaultAction')).toBe('Deny');
    expect(p(a, 'properties', 'networkAcls', 'virtualNetworkRules')).toEqual([
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/s',
    ]);
    expect(a.source?.locate('/properties/networkAcls')?.line).toBe(10);
    expect(p(b, 'properties', 'networkAcls', 'defaultAction')).toBe('Deny');
  });
});

describe('identity mappings', () => {
  it('azuread_conditional_access_policy: conditions that narrow a policy are kept (devices, application filter, insider risk, authentication flows)', async () => {
    const { resources } = await read(`
resource "azuread_conditional_access_policy" "device_code" {
  display_name = "Block device code flow"
  state = "enabled"
  conditions {
    client_app_types = ["all"]
    insider_risk_levels = "elevated"
    authentication_flow_transfer_methods = ["deviceCodeFlow"]
    users { included_users = ["All"] }
    applications {
      included_applications = ["All"]
      filter {
        mode = "exclude"
        rule = "CustomSecurityAttribute.Sensitivity -eq 'Low'"
      }
    }
    devices {
      filter {
        mode = "include"
        rule = "device.isCompliant -ne True"
      }
    }
  }
  grant_controls {
    operator = "OR"
    built_in_controls = ["block"]
  }
}`);
    const conditions = p(one(resources, 'Microsoft.Graph/tenants'), 'properties', 'conditionalAccessPolicies', 0, 'conditions');
    expect(conditions).toMatchObject({
      insiderRiskLevels: 'elevated',
      authenticationFlows: { transferMethods: 'deviceCodeFlow' },
      devices: { deviceFilter: { mode: 'include', rule: 'device.isCompliant -ne True' } },
      applications: { applicationFilter: { mode: 'exclude', rule: "CustomSecurityAttribute.Sensitivity -eq 'Low'" } },
    });
  });
});

describe('monitoring mappings', () => {
  it('data collection rule: data sources and Log Analytics destinations (AZV-MON-016 sees Security events)', async () => {
    const { resources, graph } = await read(`
resource "azurerm_linux_virtual_machine" "vm" {
  name = "vm"
  resource_group_name = "rg"
  network_interface_ids = []
}
resource "azurerm_virtual_machine_extension" "ama" {
  name = "AzureMonitorLinuxAgent"
  virtual_machine_id = azurerm_linux_virtual_machine.vm.id
  publisher = "Microsoft.Azure.Monitor"
  type = "AzureMonitorLinuxAgent"
  type_handler_version = "1.0"
}
resource "azurerm_monitor_data_collection_rule" "security" {
  name = "dcr-security"
  resource_group_name = "rg"
  location = "japaneast"
  destinations {
    log_analytics {
      name = "sentinel"
      workspace_resource_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
    }
  }
  data_flow {
    streams = ["Microsoft-SecurityEvent", "Microsoft-Syslog"]
    destinations = ["sentinel"]
  }
  data_sources {
    windows_event_log {
      name = "security"
      streams = ["Microsoft-SecurityEvent"]
      x_path_queries = ["Security!*"]
    }
    syslog {
      name = "auth"
      streams = ["Microsoft-Syslog"]
      facility_names = ["auth", "authpriv"]
      log_levels = ["*"]
    }
  }
}
resource "azurerm_monitor_data_collection_rule_association" "a" {
  name = "dcra"
  target_resource_id = azurerm_linux_virtual_machine.vm.id
  data_collection_rule_id = azurerm_monitor_data_collection_rule.security.id
}`);
    const dcr = one(resources, 'Microsoft.Insights/dataCollectionRules');
    expect(p(dcr, 'properties', 'dataSources', 'windowsEventLogs')).toEqual([
      { name: 'security', streams: ['Microsoft-SecurityEvent'], xPathQueries: ['Security!*'] },
    ]);
    expect(p(dcr, 'properties', 'dataSources', 'syslog')).toEqual([
      { name: 'auth', streams: ['Microsoft-Syslog'], facilityNames: ['auth', 'authpriv'], logLevels: ['*'] },
    ]);
    expect(p(dcr, 'properties', 'destinations', 'logAnalytics')).toEqual([
      { name: 'sentinel', workspaceResourceId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law' },
    ]);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    const result = evaluate(monitorAgentDcr, vm, new Analyses(graph), {});
    expect([result.status, result.findings.map((f) => f.messageId)]).toEqual(['pass', []]);
  });

  it("flow log: traffic analytics without interval_in_minutes is azurerm's default, 60 minutes", async () => {
    const { resources } = await read(`
resource "azurerm_network_watcher_flow_log" "with" {
  name = "fl-with"
  network_watcher_name = "NetworkWatcher_japaneast"
  resource_group_name = "NetworkWatcherRG"
  target_resource_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v"
  storage_account_id = "/s"
  enabled = true
  retention_policy {
    enabled = true
    days = 90
  }
  traffic_analytics {
    enabled = true
    workspace_id = "guid"
    workspace_region = "japaneast"
    workspace_resource_id = "/w"
  }
}
resource "azurerm_network_watcher_flow_log" "without" {
  name = "fl-without"
  network_watcher_name = "NetworkWatcher_japaneast"
  resource_group_name = "NetworkWatcherRG"
  target_resource_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/w"
  storage_account_id = "/s"
  enabled = true
  retention_policy {
    enabled = true
    days = 90
  }
}`);
    const [withAnalytics, without] = byType(resources, 'Microsoft.Network/networkWatchers/flowLogs') as [Resource, Resource];
    expect(p(withAnalytics, 'properties', 'flowAnalyticsConfiguration', 'networkWatcherFlowAnalyticsConfiguration', 'trafficAnalyticsInterval')).toBe(60);
    expect(p(without, 'properties', 'flowAnalyticsConfiguration', 'networkWatcherFlowAnalyticsConfiguration', 'trafficAnalyticsInterval')).toBeUndefined();
  });
});

describe('mappings for the remaining rule types', () => {
  it('snapshots, Entra ID diagnostic settings, activity log alerts and policy assignments', async () => {
    // Before: unmapped, so AZV-VM-014, AZV-MON-015, AZV-MON-014 and AZV-MON-007 never saw them in Terraform.
    const { resources } = await read(`
resource "azurerm_snapshot" "s" {
  name                = "osdisk-snap"
  resource_group_name = "rg"
  location            = "japaneast"
  create_option       = "Copy"
  source_uri          = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks/os"
}
resource "azurerm_monitor_aad_diagnostic_setting" "entra" {
  name                       = "entra-to-sentinel"
  log_analytics_workspace_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/sentinel"
  enabled_log {
    category = "SignInLogs"
  }
}
resource "azurerm_monitor_activity_log_alert" "nsg" {
  name                = "nsg-changes"
  resource_group_name = "rg"
  location            = "global"
  scopes              = ["/subscriptions/sub"]
  criteria {
    category       = "Administrative"
    operation_name = "Microsoft.Network/networkSecurityGroups/write"
    levels         = ["Warning", "Error"]
  }
  action {
    action_group_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/secops"
  }
}
resource "azurerm_subscription_policy_assignment" "mcsb" {
  name                 = "mcsb"
  subscription_id      = "/subscriptions/sub"
  policy_definition_id = "/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8"
  enforce              = false
  parameters           = jsonencode({ effect = { value = "Audit" } })
}
resource "azurerm_resource_group_policy_exemption" "jit" {
  name                            = "jit-waiver"
  resource_group_id               = "/subscriptions/sub/resourceGroups/rg-app"
  policy_assignment_id            = azurerm_subscription_policy_assignment.mcsb.id
  exemption_category              = "Waiver"
  policy_definition_reference_ids = ["jitNetworkAccessMonitoring"]
}
`);
    const snapshot = one(resources, 'Microsoft.Compute/snapshots');
    expect([p(snapshot, 'properties', 'networkAccessPolicy'), p(snapshot, 'properties', 'publicNetworkAccess')]).toEqual(['AllowAll', 'Enabled']);
    const entra = one(resources, 'microsoft.aadiam/diagnosticSettings');
    expect(entra.id).toBe('/providers/microsoft.aadiam/diagnosticSettings/entra-to-sentinel');
    expect(p(entra, 'properties', 'logs')).toEqual([{ category: 'SignInLogs', categoryGroup: null, enabled: true }]);
    const alert = one(resources, 'Microsoft.Insights/activityLogAlerts');
    expect(p(alert, 'properties', 'condition', 'allOf')).toEqual([
      { field: 'category', equals: 'Administrative' },
      { field: 'operationName', equals: 'Microsoft.Network/networkSecurityGroups/write' },
      {
        anyOf: [
          { field: 'level', equals: 'Warning' },
          { field: 'level', equals: 'Error' },
        ],
      },
    ]);
    expect(p(alert, 'properties', 'actions', 'actionGroups')).toEqual([
      { actionGroupId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Insights/actionGroups/secops' },
    ]);
    expect(p(alert, 'properties', 'enabled')).toBe(true);
    const assignment = one(resources, 'Microsoft.Authorization/policyAssignments');
    expect(assignment.id).toBe('/subscriptions/sub/providers/Microsoft.Authorization/policyAssignments/mcsb');
    expect(p(assignment, 'properties', 'enforcementMode')).toBe('DoNotEnforce');
    expect(p(assignment, 'properties', 'parameters')).toEqual({ effect: { value: 'Audit' } });
    const exemption = one(resources, 'Microsoft.Authorization/policyExemptions');
    expect(exemption.id).toBe('/subscriptions/sub/resourceGroups/rg-app/providers/Microsoft.Authorization/policyExemptions/jit-waiver');
    expect(p(exemption, 'properties', 'policyAssignmentId')).toBe(assignment.id);
    expect([p(exemption, 'properties', 'exemptionCategory'), p(exemption, 'properties', 'policyDefinitionReferenceIds')]).toEqual([
      'Waiver',
      ['jitNetworkAccessMonitoring'],
    ]);
  });
});

describe('mappings for what rules look up beside the resource they check', () => {
  it('Sentinel data connectors on their workspace, Resource Guard associations on their vault', async () => {
    // Before: unmapped, so AZV-MON-009 found no connector (unknown) and AZV-REC-005 failed a vault its Resource Guard protects.
    const { resources, graph } = await read(`
resource "azurerm_log_analytics_workspace" "sentinel" {
  name                = "sentinel"
  resource_group_name = "rg"
  location            = "japaneast"
}
resource "azurerm_sentinel_data_connector_azure_active_directory" "aad" {
  name                       = "aad"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.sentinel.id
}
resource "azurerm_sentinel_data_connector_microsoft_threat_protection" "xdr" {
  name                       = "xdr"
  log_analytics_workspace_id = azurerm_log_analytics_workspace.sentinel.id
}
resource "azurerm_recovery_services_vault" "v" {
  name                = "vault"
  resource_group_name = "rg"
  location            = "japaneast"
  sku                 = "Standard"
}
resource "azurerm_data_protection_resource_guard" "guard" {
  name                                    = "guard"
  resource_group_name                     = "rg-guard"
  location                                = "japaneast"
  vault_critical_operation_exclusion_list = ["Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems/write"]
}
resource "azurerm_recovery_services_vault_resource_guard_association" "assoc" {
  vault_id          = azurerm_recovery_services_vault.v.id
  resource_guard_id = azurerm_data_protection_resource_guard.guard.id
}
`);
    const workspace = one(resources, 'Microsoft.OperationalInsights/workspaces');
    const connectors = byType(resources, 'Microsoft.SecurityInsights/dataConnectors');
    expect(connectors.map((c) => [c.id, c.body['kind']])).toEqual([
      [`${workspace.id}/providers/Microsoft.SecurityInsights/dataConnectors/aad`, 'AzureActiveDirectory'],
      [`${workspace.id}/providers/Microsoft.SecurityInsights/dataConnectors/xdr`, 'MicrosoftThreatProtection'],
    ]);
    const vault = one(resources, 'Microsoft.RecoveryServices/vaults');
    const [proxy] = graph.children(vault, 'Microsoft.RecoveryServices/vaults/backupResourceGuardProxies');
    expect(proxy?.id).toBe(`${vault.id}/backupResourceGuardProxies/VaultProxy`);
    const guard = one(resources, 'Microsoft.DataProtection/resourceGuards');
    expect(proxy && p(proxy, 'properties', 'resourceGuardResourceId')).toBe(guard.id);
    expect(p(guard, 'properties', 'vaultCriticalOperationExclusionList')).toHaveLength(1);
  });
});

describe('Azure Virtual Network Manager mappings', () => {
  it('the manager, network groups and static members, security admin configurations, rule collections and admin rules', async () => {
    const { resources } = await read(`
resource "azurerm_network_manager" "avnm" {
  name                = "avnm"
  resource_group_name = "rg"
  location            = "japaneast"
  scope_accesses      = ["SecurityAdmin"]
  scope {
    subscription_ids = ["/subscriptions/sub"]
  }
}
resource "azurerm_network_manager_network_group" "guarded" {
  name               = "guarded"
  network_manager_id = azurerm_network_manager.avnm.id
}
resource "azurerm_network_manager_static_member" "spoke" {
  name                      = "spoke"
  network_group_id          = azurerm_network_manager_network_group.guarded.id
  target_virtual_network_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/spoke"
}
resource "azurerm_network_manager_security_admin_configuration" "admin" {
  name               = "admin"
  network_manager_id = azurerm_network_manager.avnm.id
}
resource "azurerm_network_manager_admin_rule_collection" "guardrails" {
  name                            = "guardrails"
  security_admin_configuration_id = azurerm_network_manager_security_admin_configuration.admin.id
  network_group_ids               = [azurerm_network_manager_network_group.guarded.id]
}
resource "azurerm_network_manager_admin_rule" "deny_rdp" {
  name                     = "deny-rdp"
  admin_rule_collection_id = azurerm_network_manager_admin_rule_collection.guardrails.id
  action                   = "Deny"
  direction                = "Inbound"
  priority                 = 10
  protocol                 = "Tcp"
  destination_port_ranges  = ["3389"]
  source {
    address_prefix_type = "ServiceTag"
    address_prefix      = "Internet"
  }
}
`);
    const manager = one(resources, 'Microsoft.Network/networkManagers');
    expect(p(manager, 'properties')).toEqual({
      networkManagerScopes: { subscriptions: ['/subscriptions/sub'] },
      networkManagerScopeAccesses: ['SecurityAdmin'],
    });
    const group = one(resources, 'Microsoft.Network/networkManagers/networkGroups');
    expect(group.id).toBe(`${manager.id}/networkGroups/guarded`);
    expect(p(one(resources, 'Microsoft.Network/networkManagers/networkGroups/staticMembers'), 'properties', 'resourceId')).toMatch(/virtualNetworks\/spoke$/);
    const collection = one(resources, 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections');
    expect(p(collection, 'properties', 'appliesToGroups')).toEqual([{ networkGroupId: group.id }]);
    const rule = one(resources, 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules');
    expect(rule.id).toBe(`${collection.id}/rules/deny-rdp`);
    expect(rule.body['kind']).toBe('Custom');
    expect(p(rule, 'properties')).toEqual({
      access: 'Deny',
      direction: 'Inbound',
      priority: 10,
      protocol: 'Tcp',
      sources: [{ addressPrefix: 'Internet', addressPrefixType: 'ServiceTag' }],
      destinationPortRanges: ['3389'],
    });
  });
});

describe('hybrid connectivity mappings', () => {
  it('VPN and ExpressRoute gateways, connections, circuits and Direct ports, secrets withheld', async () => {
    // Before: all of these were unmapped types, so the point-1 rules for VPN and ExpressRoute saw nothing of a Terraform hub.
    const { resources } = await read(`
resource "azurerm_virtual_network_gateway" "vpn" {
  name                = "hub-vpn"
  resource_group_name = "rg"
  location            = "japaneast"
  type                = "Vpn"
  sku                 = "VpnGw1AZ"
  ip_configuration {
    subnet_id            = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/hub/subnets/GatewaySubnet"
    public_ip_address_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/publicIPAddresses/gw-pip"
  }
  vpn_client_configuration {
    address_space         = ["172.16.0.0/24"]
    vpn_client_protocols  = ["OpenVPN"]
    vpn_auth_types        = ["AAD", "Radius"]
    aad_tenant            = "https://login.microsoftonline.com/tenant/"
    radius_server_address = "10.1.0.4"
    radius_server_secret  = "radius-secret"
  }
}
resource "azurerm_virtual_network_gateway_connection" "osaka" {
  name                       = "to-osaka"
  resource_group_name        = "rg"
  location                   = "japaneast"
  type                       = "IPsec"
  virtual_network_gateway_id = azurerm_virtual_network_gateway.vpn.id
  local_network_gateway_id   = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/localNetworkGateways/osaka"
  shared_key                 = "pre-shared-key"
  connection_protocol        = "IKEv2"
  ipsec_policy {
    dh_group         = "DHGroup14"
    ike_encryption   = "GCMAES256"
    ike_integrity    = "SHA384"
    ipsec_encryption = "GCMAES256"
    ipsec_integrity  = "GCMAES256"
    pfs_group        = "PFS24"
    sa_lifetime      = 27000
  }
}
resource "azurerm_express_route_port" "port" {
  name                = "er-port"
  resource_group_name = "rg"
  location            = "japaneast"
  peering_location    = "Equinix-Tokyo-TY4"
  bandwidth_in_gbps   = 10
  encapsulation       = "QinQ"
  link1 {
    macsec_cipher                 = "GcmAes256"
    macsec_ckn_keyvault_secret_id = "https://kv.vault.azure.net/secrets/ckn"
    macsec_cak_keyvault_secret_id = "https://kv.vault.azure.net/secrets/cak"
  }
  link2 {
    admin_enabled = true
  }
}
resource "azurerm_express_route_circuit" "er" {
  name                  = "er-tokyo"
  resource_group_name   = "rg"
  location              = "japaneast"
  express_route_port_id = azurerm_express_route_port.port.id
  bandwidth_in_gbps     = 10
  sku {
    tier   = "Premium"
    family = "MeteredData"
  }
}
resource "azurerm_express_route_circuit_peering" "private" {
  peering_type                  = "AzurePrivatePeering"
  express_route_circuit_name    = "er-tokyo"
  resource_group_name           = "rg"
  vlan_id                       = 100
  primary_peer_address_prefix   = "192.168.10.0/30"
  secondary_peer_address_prefix = "192.168.10.4/30"
  peer_asn                      = 65001
  shared_key                    = "peering-key"
}
`);
    const gateway = one(resources, 'Microsoft.Network/virtualNetworkGateways');
    expect(p(gateway, 'properties', 'gatewayType')).toBe('Vpn');
    expect(p(gateway, 'properties', 'sku')).toEqual({ name: 'VpnGw1AZ', tier: 'VpnGw1AZ' });
    expect(p(gateway, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id')).toMatch(/virtualNetworks\/hub\/subnets\/GatewaySubnet$/);
    expect(p(gateway, 'properties', 'vpnClientConfiguration', 'vpnAuthenticationTypes')).toEqual(['AAD', 'Radius']);
    expect(p(gateway, 'properties', 'vpnClientConfiguration', 'vpnClientAddressPool', 'addressPrefixes')).toEqual(['172.16.0.0/24']);
    expect(isUnknown(p(gateway, 'properties', 'vpnClientConfiguration', 'radiusServerSecret'))).toBe(true);
    const connection = one(resources, 'Microsoft.Network/connections');
    expect(p(connection, 'properties', 'connectionType')).toBe('IPsec');
    expect(p(connection, 'properties', 'virtualNetworkGateway1')).toEqual({ id: gateway.id });
    expect(p(connection, 'properties', 'ipsecPolicies')).toEqual([
      {
        dhGroup: 'DHGroup14',
        ikeEncryption: 'GCMAES256',
        ikeIntegrity: 'SHA384',
        ipsecEncryption: 'GCMAES256',
        ipsecIntegrity: 'GCMAES256',
        pfsGroup: 'PFS24',
        saLifeTimeSeconds: 27000,
      },
    ]);
    expect(isUnknown(p(connection, 'properties', 'sharedKey'))).toBe(true);
    const port = one(resources, 'Microsoft.Network/expressRoutePorts');
    expect(p(port, 'properties', 'links')).toEqual([
      {
        name: 'link1',
        properties: {
          adminState: 'Disabled',
          macSecConfig: {
            cipher: 'GcmAes256',
            cknSecretIdentifier: 'https://kv.vault.azure.net/secrets/ckn',
            cakSecretIdentifier: 'https://kv.vault.azure.net/secrets/cak',
            sciState: 'Disabled',
          },
        },
      },
      { name: 'link2', properties: { adminState: 'Enabled', macSecConfig: { sciState: 'Disabled' } } },
    ]);
    const circuit = one(resources, 'Microsoft.Network/expressRouteCircuits');
    expect(p(circuit, 'sku')).toEqual({ name: 'Premium_MeteredData', tier: 'Premium', family: 'MeteredData' });
    expect(p(circuit, 'properties', 'expressRoutePort')).toEqual({ id: port.id });
    const peering = one(resources, 'Microsoft.Network/expressRouteCircuits/peerings');
    expect(peering.id).toBe(`${circuit.id}/peerings/AzurePrivatePeering`);
    expect(p(peering, 'properties', 'state')).toBe('Enabled');
    const text = JSON.stringify(resources.map((r) => r.body));
    for (const secret of ['radius-secret', 'pre-shared-key', 'peering-key']) expect(text).not.toContain(secret);
  });
});

describe('azapi', () => {
  const RG = '/subscriptions/sub/resourceGroups/rg';

  it('azapi_resource: the ARM type, id and body it writes, in azapi 2 objects and azapi 1 jsonencode text', async () => {
    // Before: every azapi resource was an unmapped type, so an NSG or a VM written with azapi was not checked.
    const { resources, graph, unmapped, diagnostics } = await read(`
variable "owner" { type = string }
resource "azapi_resource" "nsg" {
  type      = "Microsoft.Network/networkSecurityGroups@2024-05-01"
  name      = "nsg-web"
  parent_id = "${RG}"
  location  = "japaneast"
  tags      = { env = "prod" }
  body = {
    properties = {
      securityRules = [{ name = "allow-ssh", properties = { priority = 100, direction = "Inbound", access = "Allow", protocol = "Tcp", sourceAddressPrefix = "*", sourcePortRange = "*", destinationAddressPrefix = "*", destinationPortRange = "22" } }]
    }
  }
}
resource "azapi_resource" "subnet" {
  type      = "Microsoft.Network/virtualNetworks/subnets@2024-05-01"
  name      = "web"
  parent_id = "${RG}/providers/Microsoft.Network/virtualNetworks/vnet"
  body      = jsonencode({ properties = { addressPrefix = "10.0.1.0/24", networkSecurityGroup = { id = azapi_resource.nsg.id } } })
}
resource "azapi_resource" "vm" {
  type      = "Microsoft.Compute/virtualMachines@2024-07-01"
  name      = "vm-web"
  parent_id = "${RG}"
  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = ["${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1"]
  }
  body = jsonencode({
    tags       = { owner = var.owner }
    properties = { osProfile = { adminUsername = "azureuser", linuxConfiguration = { disablePasswordAuthentication = false } } }
  })
  sensitive_body = { properties = { osProfile = { adminPassword = "in-clear" } } }
}
resource "azapi_resource" "settings" {
  type      = "Microsoft.Insights/diagnosticSettings@2021-05-01-preview"
  name      = "to-workspace"
  parent_id = azapi_resource.nsg.id
  body      = { properties = { workspaceId = "w" } }
}
resource "azapi_resource" "unknown_type" {
  type      = var.owner
  name      = "x"
  parent_id = "${RG}"
}
`);
    expect(unmapped).toEqual({});
    expect(resources.map((r) => r.id).sort()).toEqual([
      `${RG}/providers/Microsoft.Compute/virtualMachines/vm-web`,
      `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-web`,
      `${RG}/providers/Microsoft.Network/networkSecurityGroups/nsg-web/providers/Microsoft.Insights/diagnosticSettings/to-workspace`,
      `${RG}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/web`,
    ]);
    const nsg = one(resources, 'Microsoft.Network/networkSecurityGroups');
    expect(p(nsg, 'location')).toBe('japaneast');
    expect(p(nsg, 'tags')).toEqual({ env: 'prod' });
    expect(p(nsg, 'properties', 'securityRules', 0, 'properties', 'destinationPortRange')).toBe('22');
    expect(graph.ofType('Microsoft.Network/networkSecurityGroups/securityRules').map((r) => r.name)).toEqual(['nsg-web/allow-ssh']);
    const subnet = one(resources, 'Microsoft.Network/virtualNetworks/subnets');
    expect(p(subnet, 'properties', 'networkSecurityGroup')).toEqual({ id: nsg.id });
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    // One unset variable in the jsonencode text: that value is unknown, not the whole body.
    expect(isUnknown(p(vm, 'tags', 'owner'))).toBe(true);
    expect(p(vm, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
    expect(p(vm, 'identity')).toEqual({
      type: 'SystemAssigned, UserAssigned',
      userAssignedIdentities: { [`${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1`]: {} },
    });
    const password = p(vm, 'properties', 'osProfile', 'adminPassword');
    expect(isUnknown(password) && password.reason).toBe('sensitive_body.properties.osProfile.adminPassword (value withheld)');
    expect(JSON.stringify(vm.body)).not.toContain('in-clear');
    expect(vm.source?.locate('/properties/osProfile/linuxConfiguration')?.line).toBe(29);
    expect(diagnostics).toContainEqual(
      expect.stringMatching(/azapi_resource\.unknown_type: its ARM type is not known here \(variable 'owner' has no value.*\): not checked$/),
    );
  });

  it('azapi_update_resource: its body is applied to the resource it names', async () => {
    const { resources, diagnostics } = await read(`
resource "azurerm_linux_virtual_machine" "app" {
  name                = "vm-app"
  resource_group_name = "rg"
  location            = "japaneast"
  size                = "Standard_B2s"
  admin_username      = "u"
  network_interface_ids = []
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
resource "azapi_update_resource" "encryption" {
  type        = "Microsoft.Compute/virtualMachines@2024-07-01"
  resource_id = azurerm_linux_virtual_machine.app.id
  body        = { properties = { securityProfile = { encryptionAtHost = true } } }
}
resource "azapi_update_resource" "elsewhere" {
  type      = "Microsoft.Compute/virtualMachines@2024-07-01"
  name      = "not-here"
  parent_id = "${RG}"
  body      = jsonencode({ properties = { securityProfile = { encryptionAtHost = true } } })
}
`);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(p(vm, 'properties', 'securityProfile', 'encryptionAtHost')).toBe(true);
    expect(p(vm, 'properties', 'osProfile', 'adminUsername')).toBe('u');
    expect(vm.source?.locate('/properties/securityProfile/encryptionAtHost')?.line).toBe(17);
    expect(diagnostics).toContainEqual(
      expect.stringMatching(/azapi_update_resource\.elsewhere: .*virtualMachines\/not-here is not in the configuration; the association is not applied$/),
    );
  });
});

describe('evaluation', () => {
  it('the attribute-only splat `.*` ends at an index: `x.*.id[count.index]` is one id, `x[*].id[0]` indexes each', async () => {
    // Before: `azurerm_managed_disk.external.*.id[count.index]` (the provider's attaching-external-disks
    // example) indexed each disk's id string, so the VM's data disks named no disk.
    const { resources } = await read(`
resource "azurerm_managed_disk" "external" {
  count                = 2
  name                 = "disk\${count.index}"
  resource_group_name  = "rg"
  location             = "japaneast"
  storage_account_type = "Standard_LRS"
  create_option        = "Empty"
  disk_size_gb         = 10
}
resource "azurerm_virtual_machine_data_disk_attachment" "external" {
  count              = 2
  managed_disk_id    = azurerm_managed_disk.external.*.id[count.index]
  virtual_machine_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1"
  lun                = 10 + count.index
  caching            = "ReadWrite"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  tags = {
    first  = azurerm_managed_disk.external.*.name[1]
    legacy = jsonencode([[1, 2], [3, 4]].*.0)
    full   = jsonencode([[1, 2], [3, 4]][*][0])
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}`);
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    const disks = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/disks';
    expect(p(vm, 'properties', 'storageProfile', 'dataDisks')).toMatchObject([
      { managedDisk: { id: `${disks}/disk0` } },
      { managedDisk: { id: `${disks}/disk1` } },
    ]);
    // HIL's `.0` inside the attribute-only splat still indexes each element.
    expect(p(vm, 'tags')).toEqual({ first: 'disk1', legacy: '[1,3]', full: '[1,3]' });
  });

  it('variables from --var, sensitive variables withheld, functions and conditionals', async () => {
    const { resources } = await read(
      `
variable "env" { type = string }
variable "secret" {
  type = string
  sensitive = true
  default = "hunter2"
}
locals {
  prefix = format("%s-%03d", upper(var.env), 7)
  cidrs = [for i in range(2) : cidrsubnet("10.0.0.0/16", 8, i)]
}
resource "azurerm_virtual_network" "v" {
  name = var.env == "prod" ? "\${local.prefix}-vnet" : "other"
  resource_group_name = join("-", ["rg", lookup({ prod = "p" }, var.env, "x")])
  address_space = concat(local.cidrs, ["192.168.0.0/24"])
  tags = merge({ a = "1" }, { secret = var.secret })
}`,
      { env: 'prod' },
    );
    const vnet = one(resources, 'Microsoft.Network/virtualNetworks');
    expect(vnet.id).toBe('/subscriptions/sub/resourceGroups/rg-p/providers/Microsoft.Network/virtualNetworks/PROD-007-vnet');
    expect(p(vnet, 'properties', 'addressSpace', 'addressPrefixes')).toEqual(['10.0.0.0/24', '10.0.1.0/24', '192.168.0.0/24']);
    expect(JSON.stringify(vnet.body)).not.toContain('hunter2');
  });

  it('inline suppressions above a resource block are carried in metadata.azvmsec.suppressions', async () => {
    const { resources } = await read(`
# azvmsec:ignore AZV-VM-013 reason: appliance image needs password sign-in expires: 2027-01-31
# azvmsec:ignore AZV-VM-004 reason: not supported by the SKU
resource "azurerm_linux_virtual_machine" "vm" {
  name = "vm"
  resource_group_name = "rg"
  network_interface_ids = []
}`);
    expect(p(one(resources, 'Microsoft.Compute/virtualMachines'), 'metadata', 'azvmsec', 'suppressions')).toEqual([
      { rule: 'AZV-VM-013', reason: 'appliance image needs password sign-in', expires: '2027-01-31', line: 2 },
      { rule: 'AZV-VM-004', reason: 'not supported by the SKU', line: 3 },
    ]);
  });

  it('plan JSON: after_unknown is Unknown, references from the configuration become ids', () => {
    const plan = {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'azurerm_network_interface.n',
              mode: 'managed',
              type: 'azurerm_network_interface',
              name: 'n',
              values: { name: 'nic', resource_group_name: 'rg', ip_configuration: [{ name: 'ip', private_ip_address_allocation: 'Dynamic' }] },
            },
            {
              address: 'azurerm_linux_virtual_machine.vm',
              mode: 'managed',
              type: 'azurerm_linux_virtual_machine',
              name: 'vm',
              values: { name: 'vm', resource_group_name: 'rg', admin_password: 'x' },
              sensitive_values: { admin_password: true },
            },
          ],
        },
      },
      resource_changes: [
        { address: 'azurerm_network_interface.n', change: { after_unknown: { id: true, ip_configuration: [{ subnet_id: true }] } } },
        { address: 'azurerm_linux_virtual_machine.vm', change: { after_unknown: { network_interface_ids: true } } },
      ],
      configuration: {
        root_module: {
          resources: [
            {
              address: 'azurerm_linux_virtual_machine.vm',
              expressions: { network_interface_ids: { references: ['azurerm_network_interface.n.id', 'azurerm_network_interface.n'] } },
            },
            { address: 'azurerm_network_interface.n', expressions: { ip_configuration: [{ subnet_id: { references: ['data.azurerm_subnet.s.id'] } }] } },
          ],
        },
      },
    };
    const read = readTerraformPlan(plan, 'plan.json', { subscriptionId: 'sub' });
    const vm = read.resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines') as Resource;
    expect(p(vm, 'properties', 'networkProfile', 'networkInterfaces')).toEqual([
      { id: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/nic' },
    ]);
    expect(isUnknown(p(vm, 'properties', 'osProfile', 'adminPassword'))).toBe(true);
    const nic = read.resources.find((r) => r.type === 'Microsoft.Network/networkInterfaces') as Resource;
    expect(isUnknown(p(nic, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id'))).toBe(true);
  });

  it("arguments azurerm fills in on create are its defaults where the configuration leaves them out, not 'known after apply'", () => {
    // Before: the current azurerm (Optional and Computed, no schema default) made a plan's Linux VM
    // unknown for password sign-in, patch orchestration and assessment.
    const vm = (configured: Record<string, unknown>) => ({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [
            {
              address: 'azurerm_linux_virtual_machine.vm',
              mode: 'managed',
              type: 'azurerm_linux_virtual_machine',
              name: 'vm',
              values: { name: 'vm', resource_group_name: 'rg', admin_username: 'azureuser' },
            },
          ],
        },
      },
      resource_changes: [
        {
          address: 'azurerm_linux_virtual_machine.vm',
          change: {
            actions: ['create'],
            after_unknown: {
              id: true,
              disable_password_authentication: true,
              patch_mode: true,
              patch_assessment_mode: true,
              provision_vm_agent: true,
              allow_extension_operations: true,
            },
          },
        },
      ],
      configuration: {
        root_module: { resources: [{ address: 'azurerm_linux_virtual_machine.vm', expressions: { name: { constant_value: 'vm' }, ...configured } }] },
      },
    });
    const linux = (plan: object): Resource =>
      readTerraformPlan(plan, 'plan.json', { subscriptionId: 'sub' }).resources.find((r) => r.type === 'Microsoft.Compute/virtualMachines') as Resource;
    const left = linux(vm({}));
    expect(p(left, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(true);
    expect(p(left, 'properties', 'osProfile', 'linuxConfiguration', 'patchSettings', 'patchMode')).toBe('ImageDefault');
    expect(p(left, 'properties', 'osProfile', 'allowExtensionOperations')).toBe(true);
    // Written from something known only after apply, it stays unknown.
    const written = linux(vm({ patch_mode: { references: ['var.mode'] } }));
    expect(isUnknown(p(written, 'properties', 'osProfile', 'linuxConfiguration', 'patchSettings', 'patchMode'))).toBe(true);
  });
});

describe('values Azure sets on creation', () => {
  it("names a storage account's blob endpoint by its place in the ARM body: a VM's boot diagnostics there depend on the account", async () => {
    // Before: known only after apply, naming no account, so AZV-NET-017 found no VM depending on it.
    const { graph } = await read(`
resource "azurerm_storage_account" "diag" {
  name                     = "stdiag003"
  resource_group_name      = "rg"
  location                 = "japaneast"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm3"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "azureuser"
  network_interface_ids = []
  admin_ssh_key {
    username   = "azureuser"
    public_key = "ssh-rsa AAAA"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Standard_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
  boot_diagnostics {
    storage_account_uri = azurerm_storage_account.diag.primary_blob_endpoint
  }
}`);
    const [account] = graph.ofType('Microsoft.Storage/storageAccounts') as [Resource];
    const evaluation = evaluate(paasPrivateAccess, account, new Analyses(graph), defaultOptions(paasPrivateAccess));
    expect([evaluation.status, evaluation.findings[0]?.data['dependents']]).toEqual(['fail', 'vm3']);
  });

  it("names a managed identity's principal id by its place in the ARM body, and reads the provider's subscription", async () => {
    const { graph } = await read(`
data "azurerm_subscription" "current" {}
data "azurerm_client_config" "current" {}
resource "azurerm_user_assigned_identity" "app" {
  name                = "id-app"
  resource_group_name = "rg"
  location            = "japaneast"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  identity {
    type         = "SystemAssigned, UserAssigned"
    identity_ids = [azurerm_user_assigned_identity.app.id]
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
resource "azurerm_role_assignment" "system" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_linux_virtual_machine.vm.identity[0].principal_id
}
resource "azurerm_role_assignment" "user" {
  scope                = "/subscriptions/\${data.azurerm_client_config.current.subscription_id}"
  role_definition_name = "Owner"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}
`);
    const [system, user] = graph.ofType('Microsoft.Authorization/roleAssignments').map((r) => p(r, 'properties', 'principalId'));
    expect(system).toMatchObject({
      deployed: { resourceId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm1', path: '/identity/principalId' },
    });
    expect(user).toMatchObject({
      deployed: {
        resourceId: '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-app',
        path: '/properties/principalId',
      },
    });
    expect(graph.ofType('Microsoft.Authorization/roleAssignments').map((r) => p(r, 'properties', 'scope'))).toEqual([
      '/subscriptions/sub',
      '/subscriptions/sub',
    ]);
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    const evaluation = evaluate(vmIdentityPrivileges, vm, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => f.data['role'])).toEqual(['Contributor', 'Owner']);
  });
  it("a VNet's inline subnets and an application gateway's backend pools give their id, as the provider exports it", async () => {
    // Before: `tolist(azurerm_virtual_network.x.subnet)[0].id` had "no attribute 'id'": the NIC was in
    // no subnet (AZV-NET-008 not applicable to the subnet with the NSG), and the VM behind a gateway
    // without WAF had "no web port reachable from the Internet" (AZV-NET-019 not applicable).
    const { graph } = await read(`
resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  resource_group_name = "rg"
  location            = "japaneast"
}
resource "azurerm_virtual_network" "vnet" {
  name                = "vnet"
  resource_group_name = "rg"
  location            = "japaneast"
  address_space       = ["10.0.0.0/16"]
  subnet {
    name             = "gateway"
    address_prefixes = ["10.0.0.0/24"]
  }
  subnet {
    name             = "backend"
    address_prefixes = ["10.0.1.0/24"]
    security_group   = azurerm_network_security_group.nsg.id
  }
}
locals {
  subnets = { for s in azurerm_virtual_network.vnet.subnet : s.name => s.id }
}
resource "azurerm_public_ip" "pip" {
  name                = "pip"
  resource_group_name = "rg"
  location            = "japaneast"
  allocation_method   = "Static"
  sku                 = "Standard"
}
resource "azurerm_application_gateway" "gw" {
  name                = "gw"
  resource_group_name = "rg"
  location            = "japaneast"
  sku {
    name     = "Standard_v2"
    tier     = "Standard_v2"
    capacity = 1
  }
  gateway_ip_configuration {
    name      = "gw"
    subnet_id = local.subnets["gateway"]
  }
  frontend_port {
    name = "http"
    port = 80
  }
  frontend_ip_configuration {
    name                 = "public"
    public_ip_address_id = azurerm_public_ip.pip.id
  }
  backend_address_pool {
    name = "pool"
  }
  backend_http_settings {
    name                  = "http"
    cookie_based_affinity = "Disabled"
    port                  = 80
    protocol              = "Http"
  }
  http_listener {
    name                           = "http"
    frontend_ip_configuration_name = "public"
    frontend_port_name             = "http"
    protocol                       = "Http"
  }
  request_routing_rule {
    name                       = "http"
    priority                   = 10
    rule_type                  = "Basic"
    http_listener_name         = "http"
    backend_address_pool_name  = "pool"
    backend_http_settings_name = "http"
  }
}
resource "azurerm_network_interface" "nic" {
  name                = "nic"
  resource_group_name = "rg"
  location            = "japaneast"
  ip_configuration {
    name                          = "ipconfig1"
    subnet_id                     = tolist(azurerm_virtual_network.vnet.subnet)[1].id
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_network_interface_application_gateway_backend_address_pool_association" "web" {
  network_interface_id    = azurerm_network_interface.nic.id
  ip_configuration_name   = "ipconfig1"
  backend_address_pool_id = tolist(azurerm_application_gateway.gw.backend_address_pool).0.id
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = [azurerm_network_interface.nic.id]
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`);
    const vnet = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet';
    const nic = graph.ofType('Microsoft.Network/networkInterfaces')[0] as Resource;
    const ipConfiguration = ['properties', 'ipConfigurations', 0, 'properties'] as const;
    expect(p(nic, ...ipConfiguration, 'subnet', 'id')).toBe(`${vnet}/subnets/backend`);
    expect(p(nic, ...ipConfiguration, 'applicationGatewayBackendAddressPools', 0, 'id')).toBe(
      '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/applicationGateways/gw/backendAddressPools/pool',
    );
    const gateway = graph.ofType('Microsoft.Network/applicationGateways')[0] as Resource;
    expect(p(gateway, 'properties', 'gatewayIPConfigurations', 0, 'properties', 'subnet', 'id')).toBe(`${vnet}/subnets/gateway`);
    const analyses = new Analyses(graph);
    const backend = graph.get(`${vnet}/subnets/backend`) as Resource;
    expect(evaluate(subnetNsg, backend, analyses, {}).status).toBe('pass');
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    expect(evaluate(webWafFront, vm, analyses, defaultOptions(webWafFront)).status).toBe('fail');
  });

  it('a role definition data source gives the id Azure returns for a built-in role; a custom role by name is read at plan time', async () => {
    // Before: its id was the address of a custom role not in the input, taken for a harmless
    // built-in role: a VM identity holding Contributor on the subscription passed AZV-IAM-014.
    const { graph } = await read(`
data "azurerm_subscription" "current" {}
data "azurerm_role_definition" "contributor" {
  name = "Contributor"
}
data "azurerm_role_definition" "owner" {
  role_definition_id = "8e3af657-a8ff-443c-a75c-2fe8c4bcb635"
  scope              = data.azurerm_subscription.current.id
}
data "azurerm_role_definition" "custom" {
  name = "VM Operators"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  identity {
    type = "SystemAssigned"
  }
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
resource "azurerm_role_assignment" "contributor" {
  scope              = data.azurerm_subscription.current.id
  role_definition_id = data.azurerm_role_definition.contributor.id
  principal_id       = azurerm_linux_virtual_machine.vm.identity[0].principal_id
}
resource "azurerm_role_assignment" "owner" {
  scope              = data.azurerm_subscription.current.id
  role_definition_id = data.azurerm_role_definition.owner.id
  principal_id       = azurerm_linux_virtual_machine.vm.identity[0].principal_id
}
resource "azurerm_role_assignment" "custom" {
  scope              = data.azurerm_subscription.current.id
  role_definition_id = data.azurerm_role_definition.custom.id
  principal_id       = azurerm_linux_virtual_machine.vm.identity[0].principal_id
}
`);
    const role = (name: string): Value | undefined =>
      p(
        graph.ofType('Microsoft.Authorization/roleAssignments').find((r) => r.name === `azurerm_role_assignment.${name}`) as Resource,
        'properties',
        'roleDefinitionId',
      );
    const [contributor, owner, custom] = [role('contributor'), role('owner'), role('custom')];
    expect(contributor).toBe('/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c');
    expect(owner).toBe('/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635');
    expect(isUnknown(custom) && custom.reason).toBe('data source data.azurerm_role_definition.custom is read by Terraform at plan time, not here');
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    const evaluation = evaluate(vmIdentityPrivileges, vm, new Analyses(graph), {});
    expect(evaluation.status).toBe('fail');
    expect(evaluation.findings.map((f) => f.data['role'])).toEqual(['Contributor', 'Owner']);
  });
});

describe('credentials only apply knows', () => {
  it('a storage account key or a sensitive variable in public extension settings is a credential, though its value is unknown', async () => {
    const { graph } = await read(`
variable "db_password" {
  type      = string
  sensitive = true
  default   = "not-in-any-output"
}
resource "azurerm_storage_account" "files" {
  name                     = "appfiles"
  resource_group_name      = "rg"
  location                 = "japaneast"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
resource "azurerm_virtual_machine_extension" "setup" {
  name                 = "setup"
  virtual_machine_id   = azurerm_linux_virtual_machine.vm.id
  publisher            = "Microsoft.Azure.Extensions"
  type                 = "CustomScript"
  type_handler_version = "2.1"
  settings             = jsonencode({ commandToExecute = "sh setup.sh \${var.db_password}", storageKey = azurerm_storage_account.files.primary_access_key })
}
`);
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    const evaluation = evaluate(credentialsInVmData, vm, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => [f.messageId, f.data['source'], f.data['property']])).toEqual([
      ['credentialValue', "sensitive variable 'db_password'", 'extension "setup" settings.commandToExecute'],
      ['credentialValue', 'attribute azurerm_storage_account.files.primary_access_key', 'extension "setup" settings.storageKey'],
    ]);
    expect(JSON.stringify(evaluation)).not.toContain('not-in-any-output');
  });

  const customDataVm = (customData: string): string => `
resource "random_password" "db" {
  length = 24
}
resource "azurerm_data_factory_integration_runtime_self_hosted" "ir" {
  name            = "ir"
  data_factory_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.DataFactory/factories/adf"
}
resource "azurerm_network_interface" "db" {
  name                = "db-nic"
  resource_group_name = "rg"
  location            = "japaneast"
  ip_configuration {
    name                          = "ipconfig1"
    private_ip_address_allocation = "Dynamic"
  }
}
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  custom_data           = base64encode(${customData})
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`;

  it('reads the known text of custom data around attributes known after apply, and tells state from credentials', async () => {
    const findings = async (customData: string): Promise<unknown[]> => {
      const { graph } = await read(customDataVm(customData));
      const evaluation = evaluate(credentialsInVmData, graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource, new Analyses(graph), {});
      return evaluation.status === 'unknown' ? [evaluation.reason] : evaluation.findings.map((f) => [f.messageId, f.data['source'] ?? f.data['kind']]);
    };
    // An address Azure gives the NIC is state, not a credential: the VM passes.
    expect(await findings('"#!/bin/bash\\necho ${azurerm_network_interface.db.private_ip_address} > /etc/db-host\\n"')).toEqual([]);
    expect(
      await findings(
        '<<-EOT\n    #!/bin/bash\n    DB=${azurerm_network_interface.db.private_ip_address}\n    PASS=${random_password.db.result}\n    KEY=${azurerm_data_factory_integration_runtime_self_hosted.ir.primary_authorization_key}\n  EOT\n',
      ),
    ).toEqual([
      ['credentialValue', 'attribute random_password.db.result'],
      ['credentialValue', 'attribute azurerm_data_factory_integration_runtime_self_hosted.ir.primary_authorization_key'],
    ]);
    // A password written in the text around an address is found.
    expect(await findings('"mysql -h ${azurerm_network_interface.db.private_ip_address} --password Tr0ub4dor-and-3"')).toEqual([['secret', 'password']]);
    // Anything else not known may be a credential.
    expect(await findings('"echo ${var.banner}"')).toEqual(["var has no attribute or element 'banner'"]);
  });

  it("a Key Vault secret's value read by a data source is a credential", async () => {
    const { graph } = await read(`
data "azurerm_key_vault_secret" "db" {
  name         = "db-password"
  key_vault_id = "/subscriptions/0/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kv"
}
${customDataVm('"echo ${data.azurerm_key_vault_secret.db.name}; /opt/app/login ${data.azurerm_key_vault_secret.db.value}"')}
`);
    const evaluation = evaluate(credentialsInVmData, graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => [f.messageId, f.data['source']])).toEqual([
      ['credentialValue', 'data source data.azurerm_key_vault_secret.db.value'],
    ]);
  });

  it('a variable named as a credential, or sensitive, is one whatever value it is given', async () => {
    const { graph } = await read(`
variable "admin_password" { type = string }
variable "greeting" { type = string }
${customDataVm('"echo ${var.greeting}; /opt/app/login ${var.admin_password}"')}
`);
    const evaluation = evaluate(credentialsInVmData, graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => [f.messageId, f.data['source']])).toEqual([['credentialValue', "variable 'admin_password'"]]);
  });
});

describe('custom data and user data', () => {
  it('are read as ARM reads them: a password in base64 custom data is found, and never shown', async () => {
    const { graph } = await read(`
resource "azurerm_linux_virtual_machine" "vm" {
  name                  = "vm1"
  resource_group_name   = "rg"
  location              = "japaneast"
  size                  = "Standard_B2s"
  admin_username        = "u"
  network_interface_ids = []
  custom_data           = base64encode("#cloud-config\\nchpasswd:\\n  list: |\\n    azureuser:Tr0ub4dor-and-3\\n")
  user_data             = base64encode("#!/bin/bash\\necho ready\\n")
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
}
`);
    const vm = graph.ofType('Microsoft.Compute/virtualMachines')[0] as Resource;
    const evaluation = evaluate(credentialsInVmData, vm, new Analyses(graph), {});
    expect(evaluation.findings.map((f) => [f.messageId, f.data['property'], f.data['kind']])).toEqual([['secret', 'osProfile.customData', 'password']]);
    expect(JSON.stringify(evaluation)).not.toContain('Tr0ub4dor');
  });
});

describe('a Terraform state file', () => {
  it('is read as `terraform show -json` gives it: module and index in the address, sensitive attributes withheld', () => {
    const vm = (name: string) => ({
      name,
      location: 'japaneast',
      resource_group_name: 'rg',
      size: 'Standard_B2s',
      admin_username: 'azureuser',
      disable_password_authentication: true,
      network_interface_ids: [],
      admin_ssh_key: [{ username: 'azureuser', public_key: 'ssh-rsa AAAA-state' }],
      os_disk: [{ caching: 'ReadWrite', storage_account_type: 'Premium_LRS' }],
    });
    const state = {
      version: 4,
      terraform_version: '1.9.8',
      resources: [
        {
          module: 'module.web[0]',
          mode: 'managed',
          type: 'azurerm_linux_virtual_machine',
          name: 'vm',
          instances: [
            {
              index_key: 'a',
              attributes: vm('web-a'),
              sensitive_attributes: [
                [
                  { type: 'get_attr', value: 'admin_ssh_key' },
                  { type: 'index', value: { value: 0, type: 'number' } },
                  { type: 'get_attr', value: 'public_key' },
                ],
              ],
            },
            { index_key: 'b', attributes: vm('web-b') },
          ],
        },
        { mode: 'data', type: 'azurerm_subnet', name: 's', instances: [{ attributes: { id: '/x' } }] },
      ],
    };
    expect(isTerraformPlan(state)).toBe(true);
    const read = readTerraformPlan(state, 'terraform.tfstate', { subscriptionId: 'sub' });
    expect(read.resources.map((r) => r.name)).toEqual(['web-a', 'web-b']);
    const [a, b] = read.resources as [Resource, Resource];
    expect(isUnknown(p(a, 'properties', 'osProfile', 'linuxConfiguration', 'ssh', 'publicKeys', 0, 'keyData'))).toBe(true);
    expect(p(b, 'properties', 'osProfile', 'linuxConfiguration', 'ssh', 'publicKeys', 0, 'keyData')).toBe('ssh-rsa AAAA-state');
  });
});

describe('extension resources whose scope is not known', () => {
  // A Key Vault holding a disk key; its diagnostic setting and lock name it through a variable
  // without a value (as a module would). As for the ARM twin (scope: [parameters('vaultId')]),
  // the rules cannot tell whether they are the vault's: unknown, not fail.
  const VAULT = `
variable "vault_id" { type = string }
resource "azurerm_key_vault" "kv" {
  name                      = "kvdisks01"
  location                  = "westeurope"
  resource_group_name       = "rg"
  tenant_id                 = "00000000-0000-0000-0000-000000000000"
  sku_name                  = "standard"
  enable_rbac_authorization = true
  purge_protection_enabled  = true
}
resource "azurerm_key_vault_key" "k" {
  name            = "diskkey"
  key_vault_id    = azurerm_key_vault.kv.id
  key_type        = "RSA"
  key_size        = 2048
  key_opts        = ["wrapKey", "unwrapKey"]
  expiration_date = "2030-01-01T00:00:00Z"
  rotation_policy {
    expire_after = "P90D"
    automatic { time_before_expiry = "P30D" }
  }
}
resource "azurerm_disk_encryption_set" "des" {
  name                      = "des1"
  location                  = "westeurope"
  resource_group_name       = "rg"
  key_vault_key_id          = azurerm_key_vault_key.k.id
  auto_key_rotation_enabled = true
  identity { type = "SystemAssigned" }
}`;
  const EXTENSIONS = `
resource "azurerm_monitor_diagnostic_setting" "kv" {
  name                       = "kv-audit"
  target_resource_id         = var.vault_id
  log_analytics_workspace_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"
  enabled_log { category = "AuditEvent" }
}
resource "azurerm_management_lock" "kv" {
  name       = "kv-lock"
  scope      = var.vault_id
  lock_level = "CanNotDelete"
}`;
  const VAULT_ID = '/subscriptions/sub/resourceGroups/rg/providers/Microsoft.KeyVault/vaults/kvdisks01';
  const check = (rule: Rule, graph: ResourceGraph): { status: string; reason: string | undefined } => {
    const evaluation = evaluate(rule, one([...graph.resources], 'Microsoft.KeyVault/vaults'), new Analyses(graph), defaultOptions(rule));
    return { status: evaluation.status, reason: evaluation.reason };
  };

  it('a diagnostic setting and a lock on a variable without a value: AZV-MON-017 and AZV-REC-010 are unknown, naming the unknown scope', async () => {
    const { graph } = await read(VAULT + EXTENSIONS);
    const audit = check(keyVaultAuditLog, graph);
    expect(audit.status).toBe('unknown');
    expect(audit.reason).toMatch(/the scope of Microsoft\.Insights\/diagnosticSettings 'kv-audit' is not known \(variable 'vault_id' has no value/);
    const lock = check(deleteLocks, graph);
    expect(lock.status).toBe('unknown');
    expect(lock.reason).toMatch(/variable 'vault_id' has no value/);
    // The scope is written as ARM writes it, Unknown kept, and points at the attribute.
    const setting = one([...graph.resources], 'Microsoft.Insights/diagnosticSettings');
    expect(isUnknown(p(setting, 'scope'))).toBe(true);
    expect(setting.source?.locate('/scope')?.line).toBe(
      EXTENSIONS.split('\n').findIndex((line) => line.includes('target_resource_id')) + VAULT.split('\n').length,
    );
  });

  it('the same diagnostic setting and lock with the variable given: AZV-MON-017 and AZV-REC-010 pass', async () => {
    const { graph } = await read(VAULT + EXTENSIONS, { vault_id: VAULT_ID });
    expect(p(one([...graph.resources], 'Microsoft.Authorization/locks'), 'scope')).toBe(VAULT_ID);
    expect(check(keyVaultAuditLog, graph).status).toBe('pass');
    expect(check(deleteLocks, graph).status).toBe('pass');
  });

  it('a Key Vault Administrator assignment scoped to a variable without a value may be one more at the vault: AZV-REC-009 is unknown', async () => {
    const admin = (name: string, scope: string): string => `
resource "azurerm_role_assignment" "${name}" {
  scope              = ${scope}
  role_definition_id = "/subscriptions/sub/providers/Microsoft.Authorization/roleDefinitions/00482a5a-887f-4fb3-b363-3b7fe8e74483"
  principal_id       = "${name}"
}`;
    const known = ['a', 'b', 'c'].map((name) => admin(name, 'azurerm_key_vault.kv.id')).join('');
    // Three Key Vault Administrators at the vault, the most allowed by default.
    expect(check(keyVaultKeyManagement, (await read(VAULT + known)).graph).status).toBe('pass');
    const { graph } = await read(`${VAULT}${known}${admin('d', 'var.scope')}\nvariable "scope" { type = string }`);
    const result = check(keyVaultKeyManagement, graph);
    expect(result.status).toBe('unknown');
    expect(result.reason).toMatch(/the scope of Microsoft\.Authorization\/roleAssignments '.*' is not known \(variable 'scope' has no value/);
    const assignment = graph.ofType('Microsoft.Authorization/roleAssignments').find((r) => p(r, 'properties', 'principalId') === 'd') as Resource;
    expect(isUnknown(p(assignment, 'scope'))).toBe(true);
  });

  it('policy assignments, DCR associations and azapi extensions on an unknown scope keep it Unknown; ids stay unique', async () => {
    const { graph } = await read(`
variable "target" { type = string }
resource "azurerm_resource_policy_assignment" "p" {
  name                 = "p"
  resource_id          = var.target
  policy_definition_id = "/providers/Microsoft.Authorization/policyDefinitions/x"
}
resource "azurerm_monitor_data_collection_rule_association" "a" {
  name                    = "a"
  target_resource_id      = var.target
  data_collection_rule_id = "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Insights/dataCollectionRules/dcr"
}
resource "azurerm_monitor_diagnostic_setting" "one" {
  name               = "same"
  target_resource_id = var.target
}
resource "azurerm_monitor_diagnostic_setting" "two" {
  name               = "same"
  target_resource_id = var.target
}
resource "azapi_resource" "lock" {
  type      = "Microsoft.Authorization/locks@2020-05-01"
  name      = "lock"
  parent_id = var.target
  body      = { properties = { level = "CanNotDelete" } }
}
resource "azurerm_management_lock" "known" {
  name       = "known"
  scope      = "${VAULT_ID}"
  lock_level = "CanNotDelete"
}`);
    for (const type of [
      'Microsoft.Authorization/policyAssignments',
      'Microsoft.Insights/dataCollectionRuleAssociations',
      'Microsoft.Insights/diagnosticSettings',
    ]) {
      for (const resource of graph.ofType(type)) expect(isUnknown(p(resource, 'scope')), `${type} ${resource.id}`).toBe(true);
    }
    const locks = graph.ofType('Microsoft.Authorization/locks');
    expect(locks.map((lock) => isUnknown(p(lock, 'scope')))).toEqual([true, false]);
    const settings = graph.ofType('Microsoft.Insights/diagnosticSettings');
    expect(new Set(settings.map((s) => s.key)).size).toBe(2);
  });
});

describe('where findings on Terraform point', () => {
  it('at the block or attribute a pointer names, the first block of an object built from several, the header for what is not written', async () => {
    // Before: all at the resource header, since single nested blocks, the OS disk's object and the
    // legacy VM's OS configuration were never recorded.
    const { resources } = await read(`resource "azurerm_virtual_machine" "vm" {
  name                  = "legacy-vm"
  resource_group_name   = "rg"
  network_interface_ids = []
  vm_size               = "Standard_DS1_v2"

  storage_os_disk {
    name              = "osdisk"
    create_option     = "FromImage"
    managed_disk_type = "Standard_LRS"
  }

  os_profile {
    computer_name  = "host"
    admin_username = "azureuser"
  }

  os_profile_linux_config {
    disable_password_authentication = false
  }
}

resource "azurerm_backup_policy_vm" "daily" {
  name                = "daily-7"
  resource_group_name = "rg"
  recovery_vault_name = "rsv"

  backup {
    frequency = "Daily"
    time      = "23:00"
  }

  retention_daily {
    count = 7
  }
}`);
    const line = (resource: Resource, pointer: string): string => {
      const at = resource.source?.locate(pointer);
      return `${at?.line}:${at?.column}`;
    };
    const vm = one(resources, 'Microsoft.Compute/virtualMachines');
    expect(line(vm, '/properties/osProfile/linuxConfiguration/disablePasswordAuthentication')).toBe('19:5');
    expect(line(vm, '/properties/osProfile/linuxConfiguration')).toBe('18:3');
    expect(line(vm, '/properties/storageProfile/osDisk')).toBe('7:3');
    expect(line(vm, '/properties/securityProfile')).toBe('1:1');
    const policy = one(resources, 'Microsoft.RecoveryServices/vaults/backupPolicies');
    expect(line(policy, '/properties/retentionPolicy')).toBe('33:3');
    expect(line(policy, '/properties/retentionPolicy/dailySchedule/retentionDuration/count')).toBe('34:5');
    // Each block of a list at its own line, not the first block's.
    const nsg = await read(`resource "azurerm_network_security_group" "nsg" {
  name                = "nsg"
  resource_group_name = "rg"
  security_rule {
    name                       = "ssh"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
  security_rule {
    name                       = "rdp"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}`);
    const group = one(nsg.resources, 'Microsoft.Network/networkSecurityGroups');
    expect([line(group, '/properties/securityRules/0'), line(group, '/properties/securityRules/1')]).toEqual(['4:3', '15:3']);
  });
});
