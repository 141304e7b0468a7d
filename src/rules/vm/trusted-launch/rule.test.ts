import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, rid, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withSecurity = (securityProfile: unknown): object => armTemplate([linuxVm('app-1', {}, { securityProfile })]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Trusted Launch with Secure Boot and vTPM', template: armTemplate([linuxVm('app-1')]) },
    {
      name: 'Confidential VM counts as Trusted Launch',
      template: withSecurity({ securityType: 'ConfidentialVM', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } }),
    },
    {
      name: 'Windows VM, case-insensitive values',
      template: armTemplate(
        [windowsVm('win-1', { securityProfile: { securityType: 'trustedlaunch', uefiSettings: { secureBootEnabled: 'True', vTpmEnabled: true } } })],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
    },
  ],
  invalid: [
    {
      name: 'no security profile (Standard on older API versions)',
      template: withSecurity(null),
      findings: [{ messageId: 'standard', at: '/properties/securityProfile', data: { name: 'app-1', securityType: 'Standard' } }],
    },
    {
      name: 'explicit Standard, API version 2025-11-01',
      template: armTemplate([linuxVm('app-1', { apiVersion: '2025-11-01' }, { securityProfile: { securityType: 'Standard' } })]),
      findings: [{ messageId: 'standard', at: '/properties/securityProfile' }],
    },
    {
      name: 'explicit Standard',
      template: withSecurity({ securityType: 'Standard' }),
      findings: [{ messageId: 'standard', at: '/properties/securityProfile' }],
    },
    {
      name: 'Secure Boot off',
      template: withSecurity({ securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: false, vTpmEnabled: true } }),
      findings: [
        {
          messageId: 'settingOff',
          at: '/properties/securityProfile/uefiSettings/secureBootEnabled',
          data: { name: 'app-1', securityType: 'TrustedLaunch', setting: 'uefiSettings.secureBootEnabled' },
        },
      ],
    },
    {
      name: 'uefiSettings missing',
      template: withSecurity({ securityType: 'TrustedLaunch' }),
      findings: [
        { messageId: 'settingOff', at: '/properties/securityProfile' },
        { messageId: 'settingOff', at: '/properties/securityProfile' },
      ],
    },
  ],
  unknown: [
    {
      // Before, a VM an API version with Trusted Launch as default deploys was reported as Standard.
      name: 'no security profile, API version 2025-11-01: Trusted Launch as default decides',
      template: armTemplate([linuxVm('app-1', { apiVersion: '2025-11-01' }, { securityProfile: null })]),
      reason: /from API version 2025-11-01 Azure gives a new Generation 2 VM Trusted Launch/,
    },
    {
      name: 'security type from a parameter with no value',
      template: armTemplate([linuxVm('app-1', {}, { securityProfile: { securityType: "[parameters('securityType')]" } })], {
        parameters: { securityType: { type: 'string' } },
      }),
      reason: /parameter 'securityType' has no value/,
    },
    {
      name: 'vTPM from a parameter with no value',
      template: armTemplate(
        [
          linuxVm(
            'app-1',
            {},
            { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: "[parameters('vtpm')]" } } },
          ),
        ],
        { parameters: { vtpm: { type: 'bool' } } },
      ),
      reason: /parameter 'vtpm' has no value/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    {
      name: 'attached Generation 1 disk',
      template: armTemplate([
        linuxVm(
          'legacy-1',
          {},
          {
            securityProfile: null,
            osProfile: null,
            storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: rid('Microsoft.Compute/disks', 'legacy-os') } } },
          },
        ),
        {
          type: 'Microsoft.Compute/disks',
          apiVersion: '2024-03-02',
          name: 'legacy-os',
          location: 'japaneast',
          properties: { hyperVGeneration: 'V1', creationData: { createOption: 'Empty' }, diskSizeGB: 64 },
        },
      ]),
    },
    {
      name: 'built from a Generation 1 gallery image',
      template: armTemplate([
        linuxVm(
          'legacy-2',
          {},
          {
            securityProfile: null,
            storageProfile: {
              imageReference: { id: `${rid('Microsoft.Compute/galleries/images', 'gallery', 'base')}/versions/1.0.0` },
              osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
            },
          },
        ),
        {
          type: 'Microsoft.Compute/galleries/images',
          apiVersion: '2023-07-03',
          name: 'gallery/base',
          location: 'japaneast',
          properties: { osType: 'Linux', osState: 'Generalized', hyperVGeneration: 'V1', identifier: { publisher: 'contoso', offer: 'base', sku: 'gen1' } },
        },
      ]),
    },
  ],
});
