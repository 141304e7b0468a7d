import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, rid, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, managedDisk, vmExtension } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const adeWindows = (vm: string): object =>
  vmExtension(vm, 'AzureDiskEncryption', 'Microsoft.Azure.Security', 'AzureDiskEncryption', {
    typeHandlerVersion: '2.2',
    settings: {
      EncryptionOperation: 'EnableEncryption',
      KeyVaultURL: 'https://kv-ade.vault.azure.net/',
      KeyVaultResourceId: rid('Microsoft.KeyVault/vaults', 'kv-ade'),
      VolumeType: 'All',
    },
  });
const adeDisk = managedDisk('data-ade', {
  encryptionSettingsCollection: {
    enabled: true,
    encryptionSettingsVersion: '1.1',
    encryptionSettings: [
      { diskEncryptionKey: { secretUrl: 'https://kv-ade.vault.azure.net/secrets/s/1', sourceVault: { id: rid('Microsoft.KeyVault/vaults', 'kv-ade') } } },
    ],
  },
});

// Every VM and disk, and every scale set with a VM model, either uses ADE or does not.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'encryption at host, no ADE', template: armTemplate([linuxVm('app-1'), managedDisk('data-1')]) },
    { name: 'disk with ADE settings switched off', template: armTemplate([managedDisk('data-2', { encryptionSettingsCollection: { enabled: false } })]) },
  ],
  invalid: [
    {
      name: 'Windows VM with the ADE extension, and an ADE disk',
      template: armTemplate([windowsVm('win-1'), adeWindows('win-1'), adeDisk], { parameters: ADMIN_PASSWORD_PARAMETER }),
      findings: [
        {
          messageId: 'retiring',
          resource: 'win-1/AzureDiskEncryption',
          at: '/properties',
          data: { name: 'win-1', evidence: 'extension AzureDiskEncryption', retirement: '2028-09-15', days: 655, asOf: '2026-11-30' },
        },
        {
          messageId: 'retiring',
          resource: 'data-ade',
          at: '/properties/encryptionSettingsCollection/enabled',
          data: { name: 'data-ade', evidence: 'encryptionSettingsCollection', retirement: '2028-09-15', days: 655, asOf: '2026-11-30' },
        },
      ],
    },
    {
      name: 'Linux scale set with ADE for Linux in its profile',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'batch-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D4s_v5', capacity: 3 },
          properties: {
            orchestrationMode: 'Flexible',
            virtualMachineProfile: {
              storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } },
              extensionProfile: {
                extensions: [
                  { name: 'ade', properties: { publisher: 'Microsoft.Azure.Security', type: 'AzureDiskEncryptionForLinux', typeHandlerVersion: '1.4' } },
                ],
              },
            },
          },
        },
      ]),
      findings: [{ messageId: 'retiring', at: '/properties/virtualMachineProfile/extensionProfile/extensions/0/properties' }],
    },
  ],
  unknown: [
    {
      name: 'ADE switch from a parameter with no value',
      template: armTemplate([managedDisk('data-3', { encryptionSettingsCollection: { enabled: "[parameters('ade')]" } })], {
        parameters: { ade: { type: 'bool' } },
      }),
      reason: /parameter 'ade' has no value/,
    },
    {
      // An extension entry not known was read as an extension of no publisher: this was a pass.
      name: 'scale set extension entry from a parameter with no value',
      template: armTemplate(
        [
          {
            type: 'Microsoft.Compute/virtualMachineScaleSets',
            apiVersion: '2024-07-01',
            name: 'batch-vmss',
            location: 'japaneast',
            sku: { name: 'Standard_D4s_v5', capacity: 3 },
            properties: {
              orchestrationMode: 'Flexible',
              virtualMachineProfile: {
                storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } },
                extensionProfile: { extensions: ["[parameters('extension')]"] },
              },
            },
          },
        ],
        { parameters: { extension: { type: 'object' } } },
      ),
      reason: /parameter 'extension' has no value/,
    },
  ],
  notApplicable: [SCALE_SET_WITHOUT_MODEL],
});

describe('AZV-VM-005 retirement clock', () => {
  const template = armTemplate([windowsVm('win-1'), adeWindows('win-1')], { parameters: ADMIN_PASSWORD_PARAMETER });
  it('tolerates ADE before the lead time starts', () => {
    expect(evaluateWithOptions(rule, template, { asOf: '2024-06-01' }).map((e) => e.status)).toEqual(['pass']);
  });
  it('fails with the lead time set wider', () => {
    expect(evaluateWithOptions(rule, template, { asOf: '2024-06-01', leadTimeDays: 2000 }).map((e) => e.status)).toEqual(['fail']);
  });
  it('says the disks may not unlock after the retirement date', () => {
    const [evaluation] = evaluateWithOptions(rule, template, { asOf: '2028-09-15' });
    expect(evaluation?.findings.map((f) => f.messageId)).toEqual(['retired']);
  });
  it('rejects an asOf that is not a date', () => {
    expect(() => evaluateWithOptions(rule, template, { asOf: 'soon' })).toThrow(/asOf/);
  });
});
