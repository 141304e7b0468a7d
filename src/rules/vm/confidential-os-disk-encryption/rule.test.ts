import { armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL, scaleSetWithoutModel } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const confidential = { tags: { 'data-classification': 'Confidential' } };
const cvm = (encryption: string): Record<string, unknown> => ({
  hardwareProfile: { vmSize: 'Standard_DC2as_v5' },
  securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
  storageProfile: {
    imageReference: { publisher: 'Canonical', offer: '0001-com-ubuntu-confidential-vm-jammy', sku: '22_04-lts-cvm', version: 'latest' },
    osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS', securityProfile: { securityEncryptionType: encryption } } },
  },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'tagged confidential VM with full OS disk encryption', template: armTemplate([linuxVm('pay-1', confidential, cvm('DiskWithVMGuestState'))]) },
  ],
  invalid: [
    {
      name: 'tagged VM on Trusted Launch only',
      template: armTemplate([linuxVm('pay-2', confidential)]),
      findings: [
        {
          messageId: 'notConfidential',
          at: '/properties/securityProfile',
          data: { name: 'pay-2', tag: 'data-classification', value: 'Confidential', securityType: 'TrustedLaunch' },
        },
      ],
    },
    {
      name: 'confidential VM encrypting only the guest state',
      template: armTemplate([linuxVm('pay-3', confidential, cvm('VMGuestStateOnly'))]),
      findings: [
        {
          messageId: 'osDiskNotEncrypted',
          at: '/properties/storageProfile/osDisk/managedDisk/securityProfile/securityEncryptionType',
          data: { name: 'pay-3', encryption: 'VMGuestStateOnly' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'classification tag from a parameter with no value',
      template: armTemplate([linuxVm('pay-4', { tags: { 'data-classification': "[parameters('classification')]" } })], {
        parameters: { classification: { type: 'string' } },
      }),
      reason: /parameter 'classification' has no value/,
    },
  ],
  notApplicable: [
    { name: 'VM without the classification tag', template: armTemplate([linuxVm('web-1', { tags: { env: 'prod' } })]) },
    { ...SCALE_SET_WITHOUT_MODEL, template: armTemplate([scaleSetWithoutModel({ tags: { 'data-classification': 'confidential' } })]) },
  ],
});
