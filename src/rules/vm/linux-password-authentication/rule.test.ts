import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

/** A VM whose template gives neither the OS type nor an OS configuration block. */
const noOsVm = (name: string, storageProfile: object): object => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2024-07-01',
  name,
  properties: { storageProfile: { ...storageProfile, osDisk: { createOption: 'FromImage' } } },
});

/** A SQL Server Marketplace VM signed in with a password, whose template gives neither the OS type nor an OS configuration block. */
const sqlServerVm = (name: string, offer: string): object => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2024-07-01',
  name,
  properties: {
    osProfile: { computerName: name, adminUsername: 'sqladmin', adminPassword: "[parameters('adminPassword')]" },
    storageProfile: {
      imageReference: { publisher: 'MicrosoftSQLServer', offer, sku: 'sqldev-gen2', version: 'latest' },
      osDisk: { createOption: 'FromImage' },
    },
  },
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'SSH keys only', template: armTemplate([linuxVm('web-1')]) },
    {
      name: 'setting from a parameter default',
      template: armTemplate(
        [
          linuxVm(
            'web-1',
            {},
            { osProfile: { computerName: 'web-1', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: "[parameters('noPassword')]" } } },
          ),
        ],
        { parameters: { noPassword: { type: 'bool', defaultValue: true } } },
      ),
    },
    {
      name: 'string "true" as ARM accepts it, from a variable',
      template: armTemplate(
        [linuxVm('web-1', {}, { osProfile: { computerName: 'web-1', adminUsername: 'u', linuxConfiguration: "[variables('linuxConfiguration')]" } })],
        {
          variables: { linuxConfiguration: { disablePasswordAuthentication: 'true', ssh: { publicKeys: [] } } },
        },
      ),
    },
  ],
  invalid: [
    {
      name: 'password sign-in on (fixture, with line)',
      fixture: 'password-vm.json',
      findings: [
        { messageId: 'passwordAllowed', resource: 'jump-linux', at: '/properties/osProfile/linuxConfiguration/disablePasswordAuthentication', line: 22 },
      ],
    },
    {
      name: 'no linuxConfiguration on an Ubuntu image',
      template: armTemplate(
        [linuxVm('db-1', {}, { osProfile: { computerName: 'db-1', adminUsername: 'u', adminPassword: "[parameters('adminPassword')]" } })],
        {
          parameters: ADMIN_PASSWORD_PARAMETER,
        },
      ),
      findings: [{ messageId: 'passwordNotDisabled', at: '/properties/osProfile', data: { name: 'db-1' } }],
    },
    {
      name: 'SQL Server on Ubuntu told by the offer, not taken for Windows by its publisher',
      template: armTemplate([sqlServerVm('sql-1', 'sql2019-ubuntu2004')], { parameters: ADMIN_PASSWORD_PARAMETER }),
      findings: [{ messageId: 'passwordNotDisabled', at: '/properties/osProfile', data: { name: 'sql-1' } }],
    },
    {
      name: 'SQL Server on Red Hat told by the offer',
      template: armTemplate([sqlServerVm('sql-2', 'sql2019-rhel8')], { parameters: ADMIN_PASSWORD_PARAMETER }),
      findings: [{ messageId: 'passwordNotDisabled', at: '/properties/osProfile', data: { name: 'sql-2' } }],
    },
    {
      name: 'scale set allowing passwords, value from a parameter file',
      template: armTemplate(
        [
          {
            type: 'Microsoft.Compute/virtualMachineScaleSets',
            apiVersion: '2024-07-01',
            name: 'web-vmss',
            location: 'japaneast',
            sku: { name: 'Standard_D2s_v5', capacity: 2 },
            properties: {
              orchestrationMode: 'Flexible',
              virtualMachineProfile: {
                osProfile: {
                  computerNamePrefix: 'web',
                  adminUsername: 'u',
                  linuxConfiguration: { disablePasswordAuthentication: "[parameters('disablePassword')]" },
                },
                storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } },
              },
            },
          },
        ],
        { parameters: { disablePassword: { type: 'bool', defaultValue: true } } },
      ),
      parameters: { disablePassword: false },
      findings: [
        {
          messageId: 'passwordAllowed',
          resource: 'web-vmss',
          at: '/properties/virtualMachineProfile/osProfile/linuxConfiguration/disablePasswordAuthentication',
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'setting from a parameter with no value',
      template: armTemplate(
        [
          linuxVm(
            'web-1',
            {},
            { osProfile: { computerName: 'web-1', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: "[parameters('noPassword')]" } } },
          ),
        ],
        { parameters: { noPassword: { type: 'bool' } } },
      ),
      reason: /parameter 'noPassword' has no value/,
    },
    {
      name: 'OS cannot be told',
      template: armTemplate(
        [
          {
            type: 'Microsoft.Compute/virtualMachines',
            apiVersion: '2024-07-01',
            name: 'custom-1',
            properties: { storageProfile: { imageReference: { id: "[parameters('imageId')]" }, osDisk: { createOption: 'FromImage' } } },
          },
        ],
        { parameters: { imageId: { type: 'string' } } },
      ),
      reason: /parameter 'imageId' has no value/,
    },
    {
      name: 'OS cannot be told: an appliance image from the Marketplace',
      template: armTemplate([noOsVm('appliance-1', { imageReference: { publisher: 'kemptech', offer: 'vlm-azure', sku: 'basic-byol', version: 'latest' } })]),
      reason: /does not say whether the VM runs Linux or Windows/,
    },
  ],
  notApplicable: [
    SCALE_SET_WITHOUT_MODEL,
    { name: 'Windows VM', template: armTemplate([windowsVm('win-1')], { parameters: ADMIN_PASSWORD_PARAMETER }) },
    {
      name: 'Windows told by the Marketplace offer',
      template: armTemplate([
        noOsVm('dsvm-1', { imageReference: { publisher: 'microsoft-ads', offer: 'windows-data-science-vm', sku: 'windows2016byol', version: 'latest' } }),
      ]),
    },
    {
      name: 'SQL Server on Windows Server told by the offer',
      template: armTemplate([sqlServerVm('sql-3', 'sql2022-ws2022')], { parameters: ADMIN_PASSWORD_PARAMETER }),
    },
    {
      name: 'Windows told by the custom image the template creates',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/images',
          apiVersion: '2024-03-01',
          name: 'golden',
          properties: { storageProfile: { osDisk: { osType: 'Windows', osState: 'Generalized', blobUri: 'https://x.blob.core.windows.net/vhds/golden.vhd' } } },
        },
        noOsVm('from-image-1', { imageReference: { id: "[resourceId('Microsoft.Compute/images', 'golden')]" } }),
      ]),
    },
    {
      name: 'Windows told by an extension made for Windows',
      template: armTemplate([
        noOsVm('custom-1', { imageReference: { publisher: 'contoso', offer: 'hardened', sku: '2025', version: 'latest' } }),
        {
          type: 'Microsoft.Compute/virtualMachines/extensions',
          apiVersion: '2024-07-01',
          name: 'custom-1/setup',
          properties: { publisher: 'Microsoft.Compute', type: 'CustomScriptExtension', typeHandlerVersion: '1.10' },
        },
      ]),
    },
    {
      name: 'Linux VM booting from an attached disk',
      template: armTemplate([
        linuxVm('restored', {}, { osProfile: null, storageProfile: { osDisk: { createOption: 'Attach', osType: 'Linux', managedDisk: { id: 'x' } } } }),
      ]),
    },
  ],
});
