import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, rid, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { configurationAssignment, maintenanceConfiguration } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { argRow, armId, vm } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

type Json = Record<string, unknown>;

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
/** Customer Managed Schedules: the patch orchestration Update Manager schedules need. */
const onSchedules = { patchMode: 'AutomaticByPlatform', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: true } };

/** A Linux VM read from Azure (Resource Graph rows) with these patch settings. */
function deployedVm(patchSettings: object): Json[] {
  const [row, ...rest] = vm('app-1');
  const properties = (row as Json)['properties'] as Json;
  const osProfile = properties['osProfile'] as Json;
  const linuxConfiguration = { ...(osProfile['linuxConfiguration'] as Json), patchSettings };
  return [{ ...row, properties: { ...properties, osProfile: { ...osProfile, linuxConfiguration } } }, ...rest];
}
const APP_1 = armId('Microsoft.Compute/virtualMachines', 'rg-app', 'app-1');
/** An InGuestPatch maintenance configuration and its assignment to app-1, as Resource Graph returns them. */
const deployedSchedule = [
  argRow('Microsoft.Maintenance/maintenanceConfigurations', 'rg-app', 'weekly-patch', {
    maintenanceScope: 'InGuestPatch',
    extensionProperties: { InGuestPatchMode: 'User' },
    installPatches: { rebootSetting: 'IfRequired', linuxParameters: { classificationsToInclude: ['Critical', 'Security'] } },
  }),
  {
    id: `${APP_1}/providers/Microsoft.Maintenance/configurationAssignments/app-1-patch`,
    name: 'app-1-patch',
    type: 'microsoft.maintenance/configurationassignments',
    location: 'japaneast',
    resourceGroup: 'rg-app',
    properties: { maintenanceConfigurationId: armId('Microsoft.Maintenance/maintenanceConfigurations', 'rg-app', 'weekly-patch'), resourceId: APP_1 },
  },
];
const MARKETPLACE_IMAGE = { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' };
const scaleSet = (orchestrationMode: string, patchSettings: object, extra: Json = {}, imageReference: unknown = MARKETPLACE_IMAGE): Json => ({
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: '2024-07-01',
  name: 'web-vmss',
  location: 'japaneast',
  sku: { name: 'Standard_D2s_v5', capacity: 2 },
  properties: {
    orchestrationMode,
    virtualMachineProfile: {
      osProfile: { computerNamePrefix: 'web', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: true, patchSettings } },
      storageProfile: { imageReference },
    },
    ...extra,
  },
});
/** A Windows Uniform scale set, in-guest Windows Update on unless `enableAutomaticUpdates` says otherwise. */
const windowsScaleSet = (windowsConfiguration: object): Json => ({
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: '2024-07-01',
  name: 'web-vmss',
  location: 'japaneast',
  sku: { name: 'Standard_D2s_v5', capacity: 2 },
  properties: {
    orchestrationMode: 'Uniform',
    upgradePolicy: { mode: 'Manual' },
    virtualMachineProfile: {
      osProfile: { computerNamePrefix: 'web', adminUsername: 'u', adminPassword: "[parameters('adminPassword')]", windowsConfiguration },
      storageProfile: {
        imageReference: { publisher: 'MicrosoftWindowsServer', offer: 'WindowsServer', sku: '2022-datacenter-azure-edition', version: 'latest' },
      },
    },
  },
});
const ADMIN_PASSWORD = { parameters: { adminPassword: { type: 'securestring' } } };
/** Automatic OS image upgrades turned on, as a scale set's `upgradePolicy`. */
const autoUpgrade = { upgradePolicy: { mode: 'Rolling', automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: true } } };
/** Automatic OS image upgrades from a parameter with no value. */
const upgradeFromParameter = { upgradePolicy: { mode: 'Rolling', automaticOSUpgradePolicy: { enableAutomaticOSUpgrade: "[parameters('up')]" } } };
const GALLERY_IMAGE = rid('Microsoft.Compute/galleries/images/versions', 'gal', 'ubuntu-hardened', '1.0.0');
/** A Linux VM created from an Azure Compute Gallery image, with these patch settings. */
const customImageVm = (patchSettings: object, imageReference: unknown = { id: GALLERY_IMAGE }): Json =>
  linuxVm('app-1', {}, { ...linuxOs(patchSettings), storageProfile: { imageReference, osDisk: { createOption: 'FromImage', osType: 'Linux' } } });

/** A subscription-wide dynamic scope with no resource type filter. */
const dynamicScope = {
  type: 'Microsoft.Maintenance/configurationAssignments',
  apiVersion: '2023-04-01',
  name: 'all-linux',
  location: 'global',
  scope: '[subscription().id]',
  properties: { maintenanceConfigurationId: rid('Microsoft.Maintenance/maintenanceConfigurations', 'weekly-patch'), filter: { osTypes: ['Linux'] } },
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Linux AutomaticByPlatform', template: armTemplate([linuxVm('app-1', {}, linuxOs({ patchMode: 'AutomaticByPlatform' }))]) },
    { name: 'Windows default (AutomaticByOS with automatic updates)', template: armTemplate([windowsVm('win-1')], withPassword) },
    {
      name: 'Linux on Customer Managed Schedules with an Update Manager schedule',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs(onSchedules)),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      name: 'AutomaticByPlatform with the safety checks kept (bypass false)',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs({ patchMode: 'AutomaticByPlatform', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: false } })),
      ]),
    },
    {
      name: 'deployed VM on Customer Managed Schedules with its schedule (snapshot)',
      snapshot: { resources: [...deployedVm(onSchedules), ...deployedSchedule] },
      resource: 'app-1',
    },
    {
      name: 'Customer Managed Schedules matched by a dynamic scope without resource types',
      template: armTemplate([linuxVm('app-1', {}, linuxOs(onSchedules)), maintenanceConfiguration('weekly-patch'), dynamicScope]),
      resource: 'app-1',
    },
    {
      name: 'custom image on Customer Managed Schedules with an Update Manager schedule',
      template: armTemplate([
        customImageVm(onSchedules),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
    },
    {
      // windowsConfiguration.enableAutomaticUpdates runs Windows Update in the instances (AutomaticByOS, accepted by default).
      name: 'Windows Uniform scale set with in-guest Windows Update',
      template: armTemplate([windowsScaleSet({})], ADMIN_PASSWORD),
      resource: 'web-vmss',
    },
    {
      name: 'Uniform scale set with automatic OS image upgrades of an Azure Compute Gallery image',
      template: armTemplate([scaleSet('Uniform', {}, autoUpgrade, { id: rid('Microsoft.Compute/galleries/images', 'gal', 'ubuntu-hardened') })]),
    },
    {
      name: 'Flexible scale set with AutomaticByPlatform, automatic OS image upgrades known only at deployment',
      template: armTemplate([scaleSet('Flexible', { patchMode: 'AutomaticByPlatform' }, upgradeFromParameter)], { parameters: { up: { type: 'bool' } } }),
    },
    {
      name: 'Flexible scale set with AutomaticByPlatform',
      template: armTemplate([scaleSet('Flexible', { patchMode: 'AutomaticByPlatform' })]),
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
      name: 'Linux ImageDefault with an Update Manager schedule it is not prepared for',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs(undefined)),
        maintenanceConfiguration('weekly-patch'),
        configurationAssignment('app-1-patch', 'app-1', 'weekly-patch'),
      ]),
      resource: 'app-1',
      findings: [
        {
          messageId: 'scheduleNotPrepared',
          at: '/properties/osProfile/linuxConfiguration',
          data: { name: 'app-1', os: 'Linux', patchMode: 'ImageDefault', configuration: 'weekly-patch' },
        },
      ],
    },
    {
      name: 'deployed VM on Customer Managed Schedules without a schedule (snapshot)',
      snapshot: { resources: deployedVm(onSchedules) },
      resource: 'app-1',
      findings: [
        {
          messageId: 'noSchedule',
          at: '/properties/osProfile/linuxConfiguration/patchSettings/automaticByPlatformSettings/bypassPlatformSafetyChecksOnUserSchedule',
          data: { name: 'app-1', os: 'Linux' },
        },
      ],
    },
    {
      name: 'Uniform scale set on Customer Managed Schedules without automatic OS image upgrades',
      template: armTemplate([scaleSet('Uniform', onSchedules)]),
      findings: [{ messageId: 'uniformWithoutUpgrade', at: '/properties', data: { name: 'web-vmss' } }],
    },
    {
      name: 'Windows Uniform scale set with Windows Update off and no automatic OS image upgrades',
      template: armTemplate([windowsScaleSet({ enableAutomaticUpdates: false })], ADMIN_PASSWORD),
      resource: 'web-vmss',
      findings: [{ messageId: 'uniformWithoutUpgrade', at: '/properties/upgradePolicy', data: { name: 'web-vmss' } }],
    },
    {
      name: 'Uniform scale set with AutomaticByPlatform: patch mode does not apply to Uniform scale sets',
      template: armTemplate([scaleSet('Uniform', { patchMode: 'AutomaticByPlatform' }, { upgradePolicy: { mode: 'Manual' } })]),
      findings: [{ messageId: 'uniformWithoutUpgrade', at: '/properties/upgradePolicy', data: { name: 'web-vmss' } }],
    },
    {
      name: 'scale set without orchestrationMode (Uniform) with AutomaticByPlatform',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          properties: {
            virtualMachineProfile: {
              osProfile: {
                computerNamePrefix: 'web',
                adminUsername: 'u',
                linuxConfiguration: { disablePasswordAuthentication: true, patchSettings: { patchMode: 'AutomaticByPlatform' } },
              },
              storageProfile: { imageReference: MARKETPLACE_IMAGE },
            },
          },
        },
      ]),
      findings: [{ messageId: 'uniformWithoutUpgrade', data: { name: 'web-vmss' } }],
    },
    {
      name: 'automatic OS image upgrades of a pinned marketplace image version',
      template: armTemplate([scaleSet('Uniform', {}, autoUpgrade, { ...MARKETPLACE_IMAGE, version: '24.04.202401100' })]),
      findings: [
        {
          messageId: 'pinnedImageVersion',
          at: '/properties/virtualMachineProfile/storageProfile/imageReference/version',
          data: { name: 'web-vmss', version: '24.04.202401100' },
        },
      ],
    },
    {
      name: 'automatic OS image upgrades of a managed image',
      template: armTemplate([scaleSet('Uniform', {}, autoUpgrade, { id: rid('Microsoft.Compute/images', 'golden-2023') })]),
      findings: [
        {
          messageId: 'managedImage',
          at: '/properties/virtualMachineProfile/storageProfile/imageReference/id',
          data: { name: 'web-vmss', image: rid('Microsoft.Compute/images', 'golden-2023') },
        },
      ],
    },
    {
      name: 'custom image with AutomaticByPlatform: automatic VM guest patching does not work',
      template: armTemplate([customImageVm({ patchMode: 'AutomaticByPlatform', assessmentMode: 'AutomaticByPlatform' })]),
      findings: [
        {
          messageId: 'customImage',
          at: '/properties/storageProfile/imageReference/id',
          data: { name: 'app-1', os: 'Linux', image: GALLERY_IMAGE },
        },
      ],
    },
    {
      name: 'shared gallery image with AutomaticByPlatform',
      template: armTemplate([
        customImageVm(
          { patchMode: 'AutomaticByPlatform' },
          { sharedGalleryImageId: '/SharedGalleries/contoso-gallery/Images/ubuntu-hardened/Versions/latest' },
        ),
      ]),
      findings: [{ messageId: 'customImage', at: '/properties/storageProfile/imageReference/sharedGalleryImageId' }],
    },
    {
      name: 'Customer Managed Schedules whose only schedule expired before the as-of date',
      template: armTemplate([
        linuxVm('app-1', {}, linuxOs(onSchedules)),
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
          messageId: 'scheduleExpired',
          resource: 'weekly-patch',
          at: '/properties/maintenanceWindow/expirationDateTime',
          data: { name: 'app-1', os: 'Linux', configuration: 'weekly-patch', expiration: '2025-01-31 00:00' },
        },
      ],
    },
    {
      name: 'a dynamic scope without resource types does not schedule a scale set',
      template: armTemplate([scaleSet('Flexible', { patchMode: 'ImageDefault' }), maintenanceConfiguration('weekly-patch'), dynamicScope]),
      resource: 'web-vmss',
      findings: [{ messageId: 'notAutomatic', data: { name: 'web-vmss', os: 'Linux', patchMode: 'ImageDefault' } }],
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
      template: armTemplate([linuxVm('app-1', {}, linuxOs(onSchedules)), configurationAssignment('app-1-patch', 'app-1', 'central-patch')]),
      reason: /maintenanceConfigurations 'central-patch' is not in the scanned input/,
    },
    {
      name: 'template VM on Customer Managed Schedules without a schedule: one may be assigned elsewhere',
      template: armTemplate([linuxVm('app-1', {}, linuxOs(onSchedules))]),
      reason: /Customer Managed Schedules .* shows only in a live scan or a snapshot/,
    },
    {
      name: 'automatic OS image upgrades of an image version known only at deployment',
      template: armTemplate([scaleSet('Uniform', {}, autoUpgrade, { ...MARKETPLACE_IMAGE, version: "[parameters('imageVersion')]" })], {
        parameters: { imageVersion: { type: 'string' } },
      }),
      reason: /parameter 'imageVersion' has no value/,
    },
    {
      name: 'AutomaticByPlatform with an image known only at deployment',
      template: armTemplate([customImageVm({ patchMode: 'AutomaticByPlatform' }, "[parameters('image')]")], { parameters: { image: { type: 'object' } } }),
      reason: /parameter 'image' has no value/,
    },
    {
      name: 'Flexible scale set with ImageDefault whose automatic OS image upgrades are known only at deployment: turned on, they patch it',
      template: armTemplate([scaleSet('Flexible', { patchMode: 'ImageDefault' }, upgradeFromParameter)], { parameters: { up: { type: 'bool' } } }),
      reason: /parameter 'up' has no value/,
    },
    {
      name: 'bypass setting from a parameter with no value',
      template: armTemplate(
        [
          linuxVm(
            'app-1',
            {},
            linuxOs({ patchMode: 'AutomaticByPlatform', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: "[parameters('bypass')]" } }),
          ),
        ],
        { parameters: { bypass: { type: 'bool' } } },
      ),
      reason: /parameter 'bypass' has no value/,
    },
  ],
  notApplicable: [
    { name: 'Flexible scale set on Customer Managed Schedules: its VMs carry the schedules', template: armTemplate([scaleSet('Flexible', onSchedules)]) },
    SCALE_SET_WITHOUT_MODEL,
    {
      name: 'VM booting from an attached OS disk',
      template: armTemplate([
        linuxVm('restored', {}, { osProfile: null, storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: 'x' } } } }),
      ]),
    },
  ],
});
