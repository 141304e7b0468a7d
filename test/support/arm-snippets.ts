/**
 * Building blocks for inline rule tests, shaped like the resources in Azure quickstart templates.
 * Each returns a plain ARM resource declaration; tests override what they exercise.
 */
type Json = Record<string, unknown>;

const DEPLOYMENT_TEMPLATE = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';

/** An ARM template around the given resources, for inline cases. */
export function armTemplate(resources: object[], extra: object = {}): object {
  return { $schema: DEPLOYMENT_TEMPLATE, contentVersion: '1.0.0.0', ...extra, resources };
}

/** A Flexible scale set created without a VM model: its VMs are separate resources that join it. */
export function scaleSetWithoutModel(extra: object = {}): object {
  return {
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    apiVersion: '2024-07-01',
    name: 'flex-vmss',
    location: 'japaneast',
    ...extra,
    properties: { orchestrationMode: 'Flexible', platformFaultDomainCount: 1 },
  };
}

/** The case of every rule that reads the VM model: a scale set without one is not applicable. */
export const SCALE_SET_WITHOUT_MODEL = {
  name: 'Flexible scale set without a VM model: its VMs are checked one by one',
  template: armTemplate([scaleSetWithoutModel()]),
};

/** A resource id in the placeholder scope azvmsec reads templates in. */
export function rid(type: string, ...names: string[]): string {
  const [namespace, ...types] = type.split('/');
  return `/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers/${namespace}${types.map((t, i) => `/${t}/${names[i]}`).join('')}`;
}

export function linuxVm(name: string, overrides: Json = {}, properties: Json = {}): Json {
  return {
    type: 'Microsoft.Compute/virtualMachines',
    apiVersion: '2024-07-01',
    name,
    location: 'japaneast',
    ...overrides,
    properties: {
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      osProfile: {
        computerName: name,
        adminUsername: 'azureuser',
        linuxConfiguration: {
          disablePasswordAuthentication: true,
          ssh: { publicKeys: [{ path: '/home/azureuser/.ssh/authorized_keys', keyData: 'ssh-rsa AAAAB3NzaC1yc2E' }] },
        },
      },
      storageProfile: {
        imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
        osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
      },
      securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
      networkProfile: { networkInterfaces: [{ id: rid('Microsoft.Network/networkInterfaces', `${name}-nic`) }] },
      ...properties,
    },
  };
}

export function windowsVm(name: string, properties: Json = {}): Json {
  return {
    type: 'Microsoft.Compute/virtualMachines',
    apiVersion: '2024-07-01',
    name,
    location: 'japaneast',
    properties: {
      hardwareProfile: { vmSize: 'Standard_D2s_v5' },
      osProfile: {
        computerName: name,
        adminUsername: 'azureadmin',
        adminPassword: "[parameters('adminPassword')]",
        windowsConfiguration: { provisionVMAgent: true },
      },
      storageProfile: {
        imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' },
        osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
      },
      securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true }, encryptionAtHost: true },
      networkProfile: { networkInterfaces: [{ id: rid('Microsoft.Network/networkInterfaces', `${name}-nic`) }] },
      ...properties,
    },
  };
}

export const ADMIN_PASSWORD_PARAMETER = { adminPassword: { type: 'securestring' } };

export function nic(name: string, ipConfiguration: object = {}, properties: object = {}): Json {
  return {
    type: 'Microsoft.Network/networkInterfaces',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: {
      ipConfigurations: [
        {
          name: 'ipconfig1',
          properties: {
            privateIPAllocationMethod: 'Dynamic',
            subnet: { id: rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'workload') },
            ...ipConfiguration,
          },
        },
      ],
      ...properties,
    },
  };
}

export function publicIp(name: string, sku = 'Standard'): Json {
  return {
    type: 'Microsoft.Network/publicIPAddresses',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    sku: { name: sku },
    properties: { publicIPAllocationMethod: sku === 'Basic' ? 'Dynamic' : 'Static' },
  };
}
