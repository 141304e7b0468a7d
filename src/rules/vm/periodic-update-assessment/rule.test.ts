import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const linuxPatch = (patchSettings: object): Record<string, unknown> => ({
  osProfile: { computerName: 'app-1', adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, patchSettings } },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Linux periodic assessment', template: armTemplate([linuxVm('app-1', {}, linuxPatch({ assessmentMode: 'AutomaticByPlatform' }))]) },
    {
      name: 'Windows periodic assessment',
      template: armTemplate(
        [
          windowsVm('win-1', {
            osProfile: {
              computerName: 'win-1',
              adminUsername: 'azureadmin',
              adminPassword: "[parameters('adminPassword')]",
              windowsConfiguration: { patchSettings: { patchMode: 'AutomaticByPlatform', assessmentMode: 'automaticbyplatform' } },
            },
          }),
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
    },
  ],
  invalid: [
    {
      name: 'Linux ImageDefault',
      template: armTemplate([linuxVm('app-1', {}, linuxPatch({ assessmentMode: 'ImageDefault' }))]),
      findings: [
        {
          messageId: 'notPeriodic',
          at: '/properties/osProfile/linuxConfiguration/patchSettings/assessmentMode',
          data: { name: 'app-1', os: 'Linux', assessmentMode: 'ImageDefault' },
        },
      ],
    },
    {
      name: 'Windows without patch settings',
      template: armTemplate([windowsVm('win-1')], { parameters: ADMIN_PASSWORD_PARAMETER }),
      findings: [
        { messageId: 'notPeriodic', at: '/properties/osProfile/windowsConfiguration', data: { name: 'win-1', os: 'Windows', assessmentMode: 'ImageDefault' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'assessment mode from a parameter with no value',
      template: armTemplate([linuxVm('app-1', {}, linuxPatch({ assessmentMode: "[parameters('assessment')]" }))], {
        parameters: { assessment: { type: 'string' } },
      }),
      reason: /parameter 'assessment' has no value/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    {
      name: 'scale set: Update Manager does not support scale sets',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v5', capacity: 2 },
          properties: {
            orchestrationMode: 'Uniform',
            virtualMachineProfile: {
              osProfile: { computerNamePrefix: 'web', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: true } },
              storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
            },
          },
        },
      ]),
    },
    {
      name: 'VM booting from an attached OS disk',
      template: armTemplate([
        linuxVm('restored', {}, { osProfile: null, storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: 'x' } } } }),
      ]),
    },
  ],
});
