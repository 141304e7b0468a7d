import { armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withStorage = (storageProfile: unknown, extra: object = {}): object => armTemplate([linuxVm('legacy-1', {}, { storageProfile })], extra);
const vhd = (name: string): object => ({ uri: `https://legacystore.blob.core.windows.net/vhds/${name}.vhd` });
/** A Uniform scale set with this OS disk. */
const scaleSet = (osDisk: object): object =>
  armTemplate([
    {
      type: 'Microsoft.Compute/virtualMachineScaleSets',
      apiVersion: '2024-07-01',
      name: 'legacy-vmss',
      location: 'japaneast',
      sku: { name: 'Standard_D2s_v3', capacity: 2 },
      properties: {
        orchestrationMode: 'Uniform',
        upgradePolicy: { mode: 'Manual' },
        virtualMachineProfile: {
          osProfile: { computerNamePrefix: 'vm', adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true } },
          storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' }, osDisk },
        },
      },
    },
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'managed OS disk', template: armTemplate([linuxVm('app-1')]) },
    {
      name: 'managed OS and data disks',
      template: withStorage({
        osDisk: { createOption: 'FromImage', osType: 'Linux', managedDisk: {} },
        dataDisks: [{ lun: 0, createOption: 'Empty', diskSizeGB: 128, managedDisk: {} }],
      }),
    },
    {
      name: 'scale set with a managed OS disk and an empty VHD container list',
      template: scaleSet({ createOption: 'FromImage', vhdContainers: [], managedDisk: { storageAccountType: 'Premium_LRS' } }),
    },
  ],
  invalid: [
    {
      name: 'unmanaged OS disk',
      template: withStorage({ osDisk: { name: 'os', createOption: 'FromImage', osType: 'Linux', vhd: vhd('os') } }),
      findings: [{ messageId: 'unmanaged', at: '/properties/storageProfile/osDisk/vhd/uri', data: { name: 'legacy-1', disk: 'osDisk' } }],
    },
    {
      name: 'unmanaged data disk only',
      template: withStorage({
        osDisk: { createOption: 'FromImage', osType: 'Linux' },
        dataDisks: [
          { lun: 0, createOption: 'Empty', managedDisk: {} },
          { lun: 1, createOption: 'Empty', vhd: vhd('data1') },
        ],
      }),
      findings: [{ messageId: 'unmanaged', at: '/properties/storageProfile/dataDisks/1/vhd/uri', data: { name: 'legacy-1', disk: 'dataDisks[1]' } }],
    },
    {
      name: 'a VHD URI built from a storage account endpoint known only at deployment',
      template: withStorage({
        osDisk: {
          createOption: 'FromImage',
          osType: 'Linux',
          vhd: { uri: "[concat(reference(resourceId('Microsoft.Storage/storageAccounts', 'legacystore')).primaryEndpoints.blob, 'vhds/os.vhd')]" },
        },
      }),
      findings: [{ messageId: 'unmanaged', at: '/properties/storageProfile/osDisk/vhd/uri', data: { name: 'legacy-1', disk: 'osDisk' } }],
    },
    {
      name: 'scale set OS disk in VHD containers',
      template: scaleSet({ name: 'os', createOption: 'FromImage', vhdContainers: ['https://legacystore.blob.core.windows.net/vhds'] }),
      findings: [
        {
          messageId: 'unmanaged',
          at: '/properties/virtualMachineProfile/storageProfile/osDisk/vhdContainers',
          data: { name: 'legacy-vmss', disk: 'osDisk' },
        },
      ],
    },
    {
      name: 'scale set OS disk from a user image VHD',
      template: scaleSet({ name: 'os', createOption: 'FromImage', osType: 'Linux', image: vhd('golden') }),
      findings: [
        {
          messageId: 'unmanaged',
          at: '/properties/virtualMachineProfile/storageProfile/osDisk/image/uri',
          data: { name: 'legacy-vmss', disk: 'osDisk' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'a VHD URI not known and a managed disk named too',
      template: withStorage(
        { osDisk: { createOption: 'FromImage', osType: 'Linux', vhd: { uri: "[parameters('uri')]" }, managedDisk: {} } },
        { parameters: { uri: { type: 'string' } } },
      ),
      reason: /parameter 'uri' has no value/,
    },
    {
      name: 'data disks from a parameter with no value',
      template: withStorage(
        { osDisk: { createOption: 'FromImage', osType: 'Linux' }, dataDisks: "[parameters('dataDisks')]" },
        { parameters: { dataDisks: { type: 'array' } } },
      ),
      reason: /parameter 'dataDisks' has no value/,
    },
    {
      name: 'the whole storage profile from a parameter with no value',
      template: withStorage("[parameters('storage')]", { parameters: { storage: { type: 'object' } } }),
      reason: /parameter 'storage' has no value/,
    },
  ],
  notApplicable: [SCALE_SET_WITHOUT_MODEL],
});
