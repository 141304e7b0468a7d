import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, rid, windowsVm } from '../../../../test/support/arm-snippets.js';
import { configurationAssignment, maintenanceConfiguration } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const prepared = {
  osProfile: {
    computerName: 'app-1',
    adminUsername: 'azureuser',
    linuxConfiguration: {
      disablePasswordAuthentication: true,
      patchSettings: {
        patchMode: 'AutomaticByPlatform',
        assessmentMode: 'AutomaticByPlatform',
        automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: true },
      },
    },
  },
};
const imageDefault = { osProfile: { computerName: 'app-1', adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true } } };
const GALLERY_IMAGE = rid('Microsoft.Compute/galleries/images/versions', 'gal', 'ubuntu-hardened', '1.0.0');
/** app-1 created from an Azure Compute Gallery image, with these patch settings. */
const customImageVm = (patchSettings: object): object =>
  linuxVm(
    'app-1',
    {},
    {
      osProfile: { computerName: 'app-1', adminUsername: 'azureuser', linuxConfiguration: { disablePasswordAuthentication: true, patchSettings } },
      storageProfile: { imageReference: { id: GALLERY_IMAGE }, osDisk: { createOption: 'FromImage', osType: 'Linux' } },
    },
  );
const dynamicScope = (filter: object): object => ({
  type: 'Microsoft.Maintenance/configurationAssignments',
  apiVersion: '2023-04-01',
  name: 'prod-linux',
  location: 'global',
  scope: '[subscription().id]',
  properties: { maintenanceConfigurationId: rid('Microsoft.Maintenance/maintenanceConfigurations', 'weekly-patch'), filter },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'a monthly schedule on the third Sunday, a week after Patch Tuesday',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('monthly-patch', {
          maintenanceWindow: {
            startDateTime: '2025-01-05 02:00',
            duration: '03:00',
            timeZone: 'Tokyo Standard Time',
            recurEvery: 'Month Third Sunday Offset0',
          },
        }),
        configurationAssignment('app-1-patch', 'app-1', 'monthly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'custom image on Customer Managed Schedules with a schedule',
      template: armTemplate([
        customImageVm(prepared.osProfile.linuxConfiguration.patchSettings),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'a schedule that expires after the as-of date',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('weekly-patch', {
          maintenanceWindow: {
            startDateTime: '2024-01-07 02:00',
            expirationDateTime: '2027-12-31 00:00',
            duration: '03:00',
            timeZone: 'Tokyo Standard Time',
            recurEvery: '1Week Sunday',
          },
        }),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'prepared VM with a direct schedule',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'prepared VM matched by a dynamic scope',
      template: armTemplate([
        linuxVm('app-1', { tags: { patch: 'weekly' } }, prepared),
        maintenanceConfiguration('weekly-patch'),
        dynamicScope({
          resourceTypes: ['Microsoft.Compute/virtualMachines'],
          locations: ['Japan East'],
          osTypes: ['Linux'],
          tagSettings: { tags: { patch: ['weekly'] }, filterOperator: 'All' },
        }),
      ]),
      resource: 'app-1',
    },
    {
      name: 'automatic guest patching by the platform without a schedule',
      template: armTemplate([
        linuxVm(
          'app-1',
          {},
          {
            osProfile: {
              computerName: 'app-1',
              adminUsername: 'azureuser',
              linuxConfiguration: { disablePasswordAuthentication: true, patchSettings: { patchMode: 'AutomaticByPlatform' } },
            },
          },
        ),
      ]),
    },
  ],
  invalid: [
    {
      // The rule catalog: a schedule that recurs less often than monthly.
      name: 'a schedule every two months',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('bimonthly-patch', {
          maintenanceWindow: { startDateTime: '2025-01-05 02:00', duration: '03:00', timeZone: 'Tokyo Standard Time', recurEvery: '2Months Last Sunday' },
        }),
        configurationAssignment('app-1-patch', 'app-1', 'bimonthly-patch'),
      ]),
      resource: 'app-1',
      findings: [
        {
          messageId: 'infrequent',
          resource: 'bimonthly-patch',
          at: '/properties/maintenanceWindow/recurEvery',
          data: { name: 'app-1', configuration: 'bimonthly-patch', recurEvery: '2Months Last Sunday' },
        },
      ],
    },
    {
      name: 'a schedule every five weeks',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('slow-patch', {
          maintenanceWindow: { startDateTime: '2025-01-05 02:00', duration: '03:00', timeZone: 'Tokyo Standard Time', recurEvery: '5Weeks Saturday' },
        }),
        configurationAssignment('app-1-patch', 'app-1', 'slow-patch'),
      ]),
      resource: 'app-1',
      findings: [{ messageId: 'infrequent', resource: 'slow-patch', data: { name: 'app-1', configuration: 'slow-patch', recurEvery: '5Weeks Saturday' } }],
    },
    {
      name: 'no schedule, image default patching',
      template: armTemplate([linuxVm('app-1', {}, imageDefault)]),
      findings: [{ messageId: 'noSchedule', at: '/properties/osProfile/linuxConfiguration', data: { name: 'app-1', patchMode: 'ImageDefault' } }],
    },
    {
      // Before: the message said AutomaticByOS, the Windows default only while automatic updates are on.
      name: 'no schedule, Windows with automatic updates off and no patch mode: Manual',
      template: armTemplate(
        [
          windowsVm('win-1', {
            osProfile: {
              computerName: 'win-1',
              adminUsername: 'azureadmin',
              adminPassword: "[parameters('adminPassword')]",
              windowsConfiguration: { enableAutomaticUpdates: false },
            },
          }),
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
      resource: 'win-1',
      findings: [{ messageId: 'noSchedule', data: { name: 'win-1', patchMode: 'Manual' } }],
    },
    {
      name: 'schedule assigned but VM not prepared',
      template: armTemplate([
        linuxVm('app-1', {}, imageDefault),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
      findings: [{ messageId: 'notPrepared', data: { name: 'app-1', configuration: 'weekly-patch' } }],
    },
    {
      name: 'Windows schedule without Security updates',
      template: armTemplate(
        [
          windowsVm('win-1', {
            osProfile: {
              computerName: 'win-1',
              adminUsername: 'azureadmin',
              adminPassword: "[parameters('adminPassword')]",
              windowsConfiguration: {
                patchSettings: { patchMode: 'AutomaticByPlatform', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: true } },
              },
            },
          }),
          maintenanceConfiguration('monthly-patch', {
            installPatches: { rebootSetting: 'IfRequired', windowsParameters: { classificationsToInclude: ['Critical', 'UpdateRollup'] } },
          }),
          configurationAssignment('win-1-patch', 'win-1', 'monthly-patch'),
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
      resource: 'win-1',
      findings: [
        {
          messageId: 'classificationsMissing',
          resource: 'monthly-patch',
          at: '/properties/installPatches',
          data: { name: 'win-1', configuration: 'monthly-patch', missing: 'Security', os: 'Windows' },
        },
      ],
    },
    {
      name: 'deployed VM on Customer Managed Schedules without a schedule: the platform no longer patches it',
      template: armTemplate([linuxVm('app-1', {}, { ...prepared, provisioningState: 'Succeeded' })]),
      findings: [
        {
          messageId: 'bypassWithoutSchedule',
          at: '/properties/osProfile/linuxConfiguration/patchSettings/automaticByPlatformSettings/bypassPlatformSafetyChecksOnUserSchedule',
          data: { name: 'app-1' },
        },
      ],
    },
    {
      name: 'custom image with AutomaticByPlatform and no schedule: the platform does not patch it',
      template: armTemplate([customImageVm({ patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' })]),
      findings: [
        {
          messageId: 'customImageWithoutSchedule',
          at: '/properties/storageProfile/imageReference/id',
          data: { name: 'app-1', image: GALLERY_IMAGE },
        },
      ],
    },
    {
      name: 'prepared VM whose only schedule expired before the as-of date',
      template: armTemplate([
        linuxVm('app-1', {}, prepared),
        maintenanceConfiguration('weekly-patch', {
          maintenanceWindow: {
            startDateTime: '2024-01-07 02:00',
            expirationDateTime: '2025-01-31 00:00',
            duration: '03:00',
            timeZone: 'Tokyo Standard Time',
            recurEvery: '1Week Sunday',
          },
        }),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
      findings: [
        {
          messageId: 'expired',
          resource: 'weekly-patch',
          at: '/properties/maintenanceWindow/expirationDateTime',
          data: { name: 'app-1', configuration: 'weekly-patch', expiration: '2025-01-31 00:00' },
        },
      ],
    },
    {
      name: 'dynamic scope for another OS does not cover the VM',
      template: armTemplate([linuxVm('app-1', {}, imageDefault), maintenanceConfiguration('weekly-patch'), dynamicScope({ osTypes: ['Windows'] })]),
      resource: 'app-1',
      findings: [{ messageId: 'noSchedule' }],
    },
  ],
  unknown: [
    {
      name: 'a schedule whose recurrence is an unset parameter',
      template: armTemplate(
        [
          linuxVm('app-1', {}, prepared),
          maintenanceConfiguration('param-patch', {
            maintenanceWindow: { startDateTime: '2025-01-05 02:00', duration: '03:00', timeZone: 'Tokyo Standard Time', recurEvery: "[parameters('every')]" },
          }),
          configurationAssignment('app-1-patch', 'app-1', 'param-patch'),
        ],
        { parameters: { every: { type: 'string' } } },
      ),
      resource: 'app-1',
      reason: /parameter 'every' has no value/,
    },
    {
      name: 'assigned configuration outside the input',
      template: armTemplate([linuxVm('app-1', {}, imageDefault), configurationAssignment('app-1-patch', 'app-1', 'central-patch')]),
      reason: /maintenanceConfigurations 'central-patch' is not in the scanned input/,
    },
    {
      name: 'template VM on Customer Managed Schedules without a schedule: one may be assigned elsewhere',
      template: armTemplate([linuxVm('app-1', {}, prepared)]),
      reason: /Customer Managed Schedules .* shows only in a live scan or a snapshot/,
    },
  ],
  notApplicable: [
    {
      name: 'scale set',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v5', capacity: 2 },
          properties: { orchestrationMode: 'Flexible', virtualMachineProfile: { storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } } } },
        },
      ]),
    },
    {
      name: 'Windows VM booting from an attached OS disk: no OS profile to set a patch mode on (not AutomaticByOS)',
      template: armTemplate([
        windowsVm('restored', { osProfile: null, storageProfile: { osDisk: { createOption: 'Attach', osType: 'Windows', managedDisk: { id: 'x' } } } }),
      ]),
    },
  ],
});
