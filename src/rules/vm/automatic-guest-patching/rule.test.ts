import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, windowsVm } from '../../../../test/support/arm-snippets.js';
import { configurationAssignment, maintenanceConfiguration } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const linuxOs = (patchSettings: object | undefined): Record<string, unknown> => ({
  osProfile: {
    computerName: 'app-1',
    adminUsername: 'azureuser',
    linuxConfiguration: { disablePasswordAuthentication: true, ...(patchSettings ? { patchSettings } : {}) },
  },
});
const windowsOs = (windowsConfiguration: object): Record<string, unknown> => ({
  osProfile: { computerName: 'win-1', adminUsername: 'azureadmin', adminPassword: "[parameters('adminPassword')]", windowsConfiguration },
});
const withPassword = { parameters: ADMIN_PASSWORD_PARAMETER };

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Linux AutomaticByPlatform', template: armTemplate([linuxVm('app-1', {}, linuxOs({ patchMode: 'AutomaticByPlatform' }))]) },
    { name: 'Windows default (AutomaticByOS with automatic updates)', template: armTemplate([windowsVm('win-1')], withPassword) },
    {
      name: 'Linux ImageDefault governed by an Update Manager schedule',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs(undefined)),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'Uniform scale set with automatic OS image upgrades',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v5', capacity: 2 },
          properties: {
            upgradePolicy: { mode: 'Automatic', automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } },
            virtualMachineProfile: {
              osProfile: { computerNamePrefix: 'web', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: true } },
              storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
            },
          },
        },
      ]),
    },
  ],
  invalid: [
    {
      name: 'Linux without patch settings and no schedule',
      template: armTemplate([linuxVm('app-1', {}, linuxOs(undefined))]),
      findings: [
        { messageId: 'notAutomatic', at: '/properties/osProfile/linuxConfiguration', data: { name: 'app-1', os: 'Linux', patchMode: 'ImageDefault' } },
      ],
    },
    {
      name: 'Windows Manual',
      template: armTemplate([windowsVm('win-1', windowsOs({ enableAutomaticUpdates: false, patchSettings: { patchMode: 'Manual' } }))], withPassword),
      findings: [
        {
          messageId: 'notAutomatic',
          at: '/properties/osProfile/windowsConfiguration/patchSettings/patchMode',
          data: { name: 'win-1', os: 'Windows', patchMode: 'Manual' },
        },
      ],
    },
    {
      name: 'schedule that is not an InGuestPatch configuration',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs({ patchMode: 'ImageDefault' })),
        maintenanceConfiguration('host-window', { maintenanceScope: 'Host' }),
        configurationAssignment('app-1-host', 'app-1', 'host-window'),
      ]),
      findings: [{ messageId: 'notAutomatic', resource: 'app-1' }],
    },
  ],
  unknown: [
    {
      name: 'patch mode from a parameter with no value',
      template: armTemplate([linuxVm('app-1', {}, linuxOs({ patchMode: "[parameters('patchMode')]" }))], { parameters: { patchMode: { type: 'string' } } }),
      reason: /parameter 'patchMode' has no value/,
    },
    {
      name: 'assigned maintenance configuration outside the input',
      template: armTemplate([linuxVm('app-1', {}, linuxOs(undefined)), configurationAssignment('app-1-patch', 'app-1', 'central-patch')]),
      reason: /maintenanceConfigurations 'central-patch' is not in the scanned input/,
    },
  ],
  notApplicable: [
    {
      name: 'VM booting from an attached OS disk',
      template: armTemplate([
        linuxVm('restored', {}, { osProfile: null, storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: 'x' } } } }),
      ]),
    },
  ],
});
