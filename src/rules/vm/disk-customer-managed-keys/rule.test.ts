import { armTemplate, linuxVm, rid, SCALE_SET_WITHOUT_MODEL } from '../../../../test/support/arm-snippets.js';
import { diskEncryptionSet, keyVault, managedDisk, vaultKey } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const des = { id: rid('Microsoft.Compute/diskEncryptionSets', 'des-1') };
const cmkStorage = {
  imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
  osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS', diskEncryptionSet: des } },
  dataDisks: [{ lun: 0, createOption: 'Attach', managedDisk: { id: rid('Microsoft.Compute/disks', 'data-1') } }],
};
const estate = (dataDiskEncryption: object, extra: object[] = []): object =>
  armTemplate([
    keyVault('kv-disks'),
    vaultKey('kv-disks', 'disk-key'),
    diskEncryptionSet('des-1', 'kv-disks', 'disk-key'),
    managedDisk('data-1', { encryption: dataDiskEncryption }),
    linuxVm('db-1', {}, { storageProfile: cmkStorage }),
    ...extra,
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'OS disk through a DES, attached data disk with CMK',
      template: estate({ type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: des.id }),
      resource: 'db-1',
    },
    {
      name: 'double encryption on a standalone disk',
      template: armTemplate([managedDisk('spare-1', { encryption: { type: 'EncryptionAtRestWithPlatformAndCustomerKeys', diskEncryptionSetId: des.id } })]),
    },
  ],
  invalid: [
    {
      name: 'estate: attached data disk with a platform key fails the VM only',
      template: estate({ type: 'EncryptionAtRestWithPlatformKey' }, [managedDisk('spare-2')]),
      findings: [
        { messageId: 'platformKey', resource: 'db-1', at: '/properties/storageProfile/dataDisks/0/managedDisk', data: { name: 'db-1', disk: 'dataDisks[0]' } },
        { messageId: 'diskPlatformKey', resource: 'spare-2', data: { name: 'spare-2', encryption: 'EncryptionAtRestWithPlatformKey' } },
      ],
    },
    {
      name: 'VM from a marketplace image without a DES',
      template: armTemplate([linuxVm('app-1')]),
      findings: [{ messageId: 'platformKey', at: '/properties/storageProfile/osDisk/managedDisk', data: { name: 'app-1', disk: 'osDisk' } }],
    },
  ],
  unknown: [
    {
      name: 'attached disk outside the input',
      template: armTemplate([
        linuxVm(
          'db-1',
          {},
          {
            storageProfile: {
              ...cmkStorage,
              dataDisks: [{ lun: 0, createOption: 'Attach', managedDisk: { id: rid('Microsoft.Compute/disks', 'elsewhere') } }],
            },
          },
        ),
      ]),
      reason: /Microsoft.Compute\/disks 'elsewhere' is not in the scanned input/,
    },
    {
      name: 'whole OS disk from a parameter: a VHD or a managed disk without a DES',
      template: armTemplate([linuxVm('app-1', {}, { storageProfile: { imageReference: cmkStorage.imageReference, osDisk: "[parameters('osDisk')]" } })], {
        parameters: { osDisk: { type: 'object' } },
      }),
      reason: /parameter 'osDisk' has no value/,
    },
    {
      name: 'VHD URI not known beside a managed disk without a DES',
      template: armTemplate(
        [
          linuxVm(
            'app-1',
            {},
            {
              storageProfile: {
                imageReference: cmkStorage.imageReference,
                osDisk: { createOption: 'FromImage', vhd: { uri: "[parameters('uri')]" }, managedDisk: { storageAccountType: 'Premium_LRS' } },
              },
            },
          ),
        ],
        { parameters: { uri: { type: 'string' } } },
      ),
      reason: /parameter 'uri' has no value/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    {
      name: 'a disk attached to a VM is judged on the VM',
      template: estate({ type: 'EncryptionAtRestWithCustomerKey', diskEncryptionSetId: des.id }),
      resource: 'data-1',
    },
    {
      name: 'unmanaged VHD OS disk (AZV-VM-002 reports it)',
      template: armTemplate([
        linuxVm(
          'legacy-1',
          {},
          {
            storageProfile: {
              osDisk: { name: 'os', createOption: 'FromImage', osType: 'Linux', vhd: { uri: 'https://st.blob.core.windows.net/vhds/os.vhd' } },
            },
          },
        ),
      ]),
    },
    {
      name: 'scale set OS disk in VHD containers (AZV-VM-002 reports it)',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'legacy-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v3', capacity: 2 },
          properties: {
            orchestrationMode: 'Uniform',
            virtualMachineProfile: {
              storageProfile: {
                imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
                osDisk: { name: 'os', createOption: 'FromImage', vhdContainers: ['https://st.blob.core.windows.net/vhds'] },
              },
            },
          },
        },
      ]),
    },
  ],
});
