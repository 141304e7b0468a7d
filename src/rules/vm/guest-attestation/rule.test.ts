import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, rid, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { vmExtension } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const attestation = (vm: string, os: 'Windows' | 'Linux', properties: object = {}): object =>
  vmExtension(vm, 'GuestAttestation', `Microsoft.Azure.Security.${os}Attestation`, 'GuestAttestation', properties);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Trusted Launch Linux VM with Guest Attestation', template: armTemplate([linuxVm('app-1'), attestation('app-1', 'Linux')]) },
    {
      name: 'Windows VM, nested extension resource',
      template: armTemplate(
        [
          {
            ...windowsVm('win-1'),
            resources: [
              {
                type: 'extensions',
                apiVersion: '2024-07-01',
                name: 'GuestAttestation',
                location: 'japaneast',
                dependsOn: ['win-1'],
                properties: {
                  publisher: 'Microsoft.Azure.Security.WindowsAttestation',
                  type: 'GuestAttestation',
                  typeHandlerVersion: '1.0',
                  autoUpgradeMinorVersion: true,
                },
              },
            ],
          },
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
    },
  ],
  invalid: [
    {
      name: 'Trusted Launch without the extension',
      template: armTemplate([linuxVm('app-1')]),
      findings: [{ messageId: 'missing', at: '/properties/securityProfile', data: { name: 'app-1', securityType: 'TrustedLaunch' } }],
    },
    {
      name: 'extension failed to provision',
      template: armTemplate([linuxVm('app-1'), attestation('app-1', 'Linux', { provisioningState: 'Failed' })]),
      findings: [
        {
          messageId: 'unhealthy',
          resource: 'app-1/GuestAttestation',
          at: '/properties/provisioningState',
          data: { name: 'app-1', extension: 'GuestAttestation', state: 'Failed' },
        },
      ],
    },
  ],
  unknown: [
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
        {
          parameters: { vtpm: { type: 'bool' } },
        },
      ),
      reason: /parameter 'vtpm' has no value/,
    },
    {
      // As AZV-VM-006: Azure may give the VM Trusted Launch, and so a vTPM to attest.
      name: 'no security profile, API version 2025-11-01: Trusted Launch as default decides',
      template: armTemplate([linuxVm('app-1', { apiVersion: '2025-11-01' }, { securityProfile: null })]),
      reason: /from API version 2025-11-01 Azure gives a new Generation 2 VM Trusted Launch/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    { name: 'Standard security type', template: armTemplate([linuxVm('old-1', {}, { securityProfile: null })]) },
    {
      name: 'no security profile, API version 2025-11-01, Generation 1 gallery image: never Trusted Launch',
      template: armTemplate([
        linuxVm(
          'gen1-1',
          { apiVersion: '2025-11-01' },
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
    {
      name: 'explicit Standard, API version 2025-11-01',
      template: armTemplate([linuxVm('app-1', { apiVersion: '2025-11-01' }, { securityProfile: { securityType: 'Standard' } })]),
    },
    {
      name: 'Trusted Launch with vTPM off',
      template: armTemplate([
        linuxVm('app-2', {}, { securityProfile: { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: false } } }),
      ]),
    },
  ],
});
