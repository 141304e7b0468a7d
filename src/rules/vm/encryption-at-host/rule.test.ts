import { armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withSecurity = (securityProfile: unknown, extra: object = {}): object => armTemplate([linuxVm('app-1', {}, { securityProfile })], extra);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'encryption at host on', template: armTemplate([linuxVm('app-1')]) },
    {
      name: 'on through a parameter default',
      template: withSecurity({ encryptionAtHost: "[parameters('eah')]" }, { parameters: { eah: { type: 'bool', defaultValue: true } } }),
    },
  ],
  invalid: [
    {
      name: 'explicitly off',
      template: withSecurity({ encryptionAtHost: false }),
      findings: [{ messageId: 'disabled', at: '/properties/securityProfile/encryptionAtHost', data: { name: 'app-1' } }],
    },
    { name: 'not set', template: withSecurity({ securityType: 'TrustedLaunch' }), findings: [{ messageId: 'disabled', at: '/properties/securityProfile' }] },
    { name: 'no security profile at all', template: withSecurity(null), findings: [{ messageId: 'disabled', at: '/properties/securityProfile' }] },
  ],
  unknown: [
    {
      name: 'from a parameter with no value',
      template: withSecurity({ encryptionAtHost: "[parameters('eah')]" }, { parameters: { eah: { type: 'bool' } } }),
      reason: /parameter 'eah' has no value/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    {
      name: 'confidential VM with confidential OS disk encryption',
      template: armTemplate([
        linuxVm(
          'cvm-1',
          {},
          {
            securityProfile: { securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } },
            storageProfile: {
              osDisk: { createOption: 'FromImage', osType: 'Linux', managedDisk: { securityProfile: { securityEncryptionType: 'DiskWithVMGuestState' } } },
            },
          },
        ),
      ]),
    },
  ],
});
