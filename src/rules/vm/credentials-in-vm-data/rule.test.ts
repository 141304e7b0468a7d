import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, windowsVm } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, vmExtension } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { argRow, vm } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

// Made-up credentials, so that the test can prove none of them reaches the output.
const PASSWORD = 'Tr0ub4dor-and-3';
const ACCOUNT_KEY = 'q8Xk2L0fW3nR7tY1uI9oP5aS4dF6gH8jK0lZ2xC4vB6nM8qW1eR3tY5uI7oP9aS1dF3gH5jK7lZ9xC1vB3nM5q==';
const SAS = 'sv=2022-11-02&ss=b&srt=o&sp=r&se=2030-01-01T00:00:00Z&sig=AbCdEfGhIjKlMnOpQrStUvWxYz0123456789%2B%2F%3D';
const cloudInit = `#cloud-config\nchpasswd:\n  expire: false\nwrite_files:\n  - path: /etc/app.env\n    content: |\n      DB_PASSWORD=${PASSWORD}\n`;
const userDataBase64 = btoa(
  `#!/bin/bash\nexport STORAGE="DefaultEndpointsProtocol=https;AccountName=appdata;AccountKey=${ACCOUNT_KEY};EndpointSuffix=core.windows.net"\n`,
);
const customScript = (vm: string, settings: object, protectedSettings?: object): object =>
  vmExtension(vm, 'install', 'Microsoft.Azure.Extensions', 'CustomScript', {
    typeHandlerVersion: '2.1',
    settings,
    ...(protectedSettings ? { protectedSettings } : {}),
  });
const secretsEverywhere = armTemplate(
  [
    linuxVm(
      'app-1',
      {},
      {
        osProfile: {
          computerName: 'app-1',
          adminUsername: 'azureuser',
          customData: `[base64('${cloudInit.replace(/\n/g, '\\n').replace(/'/g, "''")}')]`,
          linuxConfiguration: { disablePasswordAuthentication: true },
        },
        userData: userDataBase64,
      },
    ),
    customScript('app-1', {
      fileUris: [`https://scripts.blob.core.windows.net/install/setup.sh?${SAS}`],
      commandToExecute: `sh setup.sh --password ${PASSWORD}`,
    }),
  ],
  { variables: {} },
);

/** A Custom Script extension of app-1 as Resource Graph returns it (public settings only). */
const deployedScript = (settings: object): object =>
  argRow('Microsoft.Compute/virtualMachines/extensions', 'rg-app', 'app-1/install', {
    publisher: 'Microsoft.Azure.Extensions',
    type: 'CustomScript',
    typeHandlerVersion: '2.1',
    settings,
    provisioningState: 'Succeeded',
  });

// Every VM and scale set with a VM model can carry custom data, user data or extension settings.
testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'secrets only in protectedSettings, key vault reference in cloud-init',
      template: armTemplate([
        linuxVm(
          'app-1',
          {},
          {
            osProfile: {
              computerName: 'app-1',
              adminUsername: 'azureuser',
              customData: "[base64('#cloud-config\\nruncmd:\\n  - az keyvault secret show --vault-name kv-app --name db-password\\n')]",
            },
          },
        ),
        customScript(
          'app-1',
          { fileUris: ['https://raw.githubusercontent.com/contoso/app/main/setup.sh'] },
          { commandToExecute: `sh setup.sh --password ${PASSWORD}` },
        ),
      ]),
    },
    {
      name: 'Windows script that reads its password from a variable',
      template: armTemplate(
        [
          windowsVm('win-1'),
          vmExtension('win-1', 'setup', 'Microsoft.Compute', 'CustomScriptExtension', {
            settings: { commandToExecute: 'powershell -File setup.ps1 -Password $env:APP_PASSWORD' },
          }),
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
    },
    {
      name: 'a command line with addresses and endpoints only deployment knows (reference())',
      template: armTemplate([
        linuxVm('app-1'),
        customScript('app-1', {
          commandToExecute:
            "[concat('sh lustre.sh -m ', reference(resourceId('Microsoft.Network/networkInterfaces', 'mgs-nic')).ipConfigurations[0].properties.privateIPAddress, ' -u ', reference(resourceId('Microsoft.Storage/storageAccounts', 'appfiles'), '2023-05-01').primaryEndpoints.blob)]",
        }),
      ]),
    },
    {
      name: 'cloud-init written with format() around a public IP the template deploys',
      template: armTemplate([
        {
          type: 'Microsoft.Network/publicIPAddresses',
          apiVersion: '2024-05-01',
          name: 'app-pip',
          location: 'japaneast',
          sku: { name: 'Standard' },
          properties: { publicIPAllocationMethod: 'Static' },
        },
        linuxVm(
          'app-1',
          {},
          {
            osProfile: {
              computerName: 'app-1',
              adminUsername: 'azureuser',
              customData:
                "[base64(format('#cloud-config\nruncmd:\n  - echo {0} > /etc/app/address\n', reference(resourceId('Microsoft.Network/publicIPAddresses', 'app-pip')).ipAddress))]",
            },
          },
        ),
      ]),
    },
  ],
  invalid: [
    {
      name: 'a secure parameter after an address only deployment knows',
      template: armTemplate(
        [
          windowsVm('win-1'),
          vmExtension('win-1', 'setup', 'Microsoft.Compute', 'CustomScriptExtension', {
            settings: {
              commandToExecute:
                "[concat('powershell -File setup.ps1 -Server ', reference(resourceId('Microsoft.Network/networkInterfaces', 'db-nic')).ipConfigurations[0].properties.privateIPAddress, ' -Password ', parameters('adminPassword'))]",
            },
          }),
        ],
        { parameters: ADMIN_PASSWORD_PARAMETER },
      ),
      parameters: { adminPassword: PASSWORD },
      findings: [
        {
          messageId: 'secureParameter',
          resource: 'win-1/setup',
          at: '/properties/settings/commandToExecute',
          data: { name: 'win-1', property: 'extension "setup" settings.commandToExecute' },
        },
      ],
    },
    {
      name: 'an address and a key joined with nothing known between them: the key is not lost behind the address',
      template: armTemplate([
        linuxVm('app-1'),
        customScript('app-1', {
          commandToExecute:
            "[concat(reference(resourceId('Microsoft.Network/networkInterfaces', 'db-nic')).ipConfigurations[0].properties.privateIPAddress, listKeys(resourceId('Microsoft.Storage/storageAccounts', 'appfiles'), '2023-05-01').keys[0].value)]",
        }),
      ]),
      findings: [
        {
          messageId: 'credentialValue',
          resource: 'app-1/install',
          at: '/properties/settings/commandToExecute',
          data: { name: 'app-1', property: 'extension "install" settings.commandToExecute', source: "listKeys() of 'appfiles'" },
        },
      ],
    },
    {
      name: 'a password in the known text around a reference(), and an instrumentation key read with reference()',
      template: armTemplate([
        linuxVm('app-1'),
        customScript('app-1', {
          commandToExecute: `[concat('sh setup.sh --host ', reference(resourceId('Microsoft.Network/publicIPAddresses', 'pip')).dnsSettings.fqdn, ' --password ${PASSWORD}')]`,
          telemetry: "[reference(resourceId('Microsoft.Insights/components', 'app-insights'), '2020-02-02').InstrumentationKey]",
        }),
      ]),
      findings: [
        {
          messageId: 'secret',
          resource: 'app-1/install',
          at: '/properties/settings/commandToExecute',
          data: { name: 'app-1', property: 'extension "install" settings.commandToExecute', kind: 'password' },
        },
        {
          messageId: 'credentialValue',
          resource: 'app-1/install',
          at: '/properties/settings/telemetry',
          data: { name: 'app-1', property: 'extension "install" settings.telemetry', source: "'InstrumentationKey' of reference() to 'app-insights'" },
        },
      ],
    },
    {
      name: 'cloud-init, user data and script settings all carry secrets',
      template: secretsEverywhere,
      findings: [
        {
          messageId: 'secret',
          resource: 'app-1',
          at: '/properties/osProfile/customData',
          data: { name: 'app-1', property: 'osProfile.customData', kind: 'password' },
        },
        { messageId: 'secret', resource: 'app-1', at: '/properties/userData', data: { name: 'app-1', property: 'userData', kind: 'storage account key' } },
        {
          messageId: 'secret',
          resource: 'app-1/install',
          at: '/properties/settings/fileUris/0',
          data: { name: 'app-1', property: 'extension "install" settings.fileUris[0]', kind: 'SAS token' },
        },
        {
          messageId: 'secret',
          resource: 'app-1/install',
          at: '/properties/settings/commandToExecute',
          data: { name: 'app-1', property: 'extension "install" settings.commandToExecute', kind: 'password' },
        },
      ],
    },
    {
      name: 'secure parameter passed in public settings',
      template: armTemplate(
        [
          windowsVm('win-1'),
          vmExtension('win-1', 'setup', 'Microsoft.Compute', 'CustomScriptExtension', {
            settings: { commandToExecute: "[concat('powershell -File setup.ps1 -Password ', parameters('adminPassword'))]" },
          }),
        ],
        {
          parameters: ADMIN_PASSWORD_PARAMETER,
        },
      ),
      parameters: { adminPassword: PASSWORD },
      findings: [
        {
          messageId: 'secureParameter',
          resource: 'win-1/setup',
          at: '/properties/settings/commandToExecute',
          data: { name: 'win-1', property: 'extension "setup" settings.commandToExecute' },
        },
      ],
    },
    {
      name: 'a storage key read with listKeys() in public settings',
      template: armTemplate([
        linuxVm('app-1'),
        customScript('app-1', {
          commandToExecute: "[concat('sh mount.sh ', listKeys(resourceId('Microsoft.Storage/storageAccounts', 'appfiles'), '2023-05-01').keys[0].value)]",
        }),
      ]),
      findings: [
        {
          messageId: 'credentialValue',
          resource: 'app-1/install',
          at: '/properties/settings/commandToExecute',
          data: { name: 'app-1', property: 'extension "install" settings.commandToExecute', source: "listKeys() of 'appfiles'" },
        },
      ],
    },
    {
      name: 'VM read from Azure with a password in extension public settings (snapshot)',
      snapshot: { resources: [...vm('app-1'), deployedScript({ commandToExecute: `sh setup.sh --password ${PASSWORD}` })] },
      resource: 'app-1',
      findings: [
        {
          messageId: 'secret',
          resource: 'app-1/install',
          at: '/properties/settings/commandToExecute',
          data: { name: 'app-1', property: 'extension "install" settings.commandToExecute', kind: 'password' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'VM read from Azure with clean extension settings: custom data and user data are not returned (snapshot)',
      snapshot: { resources: [...vm('app-1'), deployedScript({ fileUris: ['https://raw.githubusercontent.com/contoso/app/main/setup.sh'] })] },
      resource: 'app-1',
      reason: /never returns osProfile\.customData, and Resource Graph does not return userData .*only the extensions' public settings were checked/,
    },
    {
      name: 'custom data from a parameter with no value',
      template: armTemplate(
        [linuxVm('app-1', {}, { osProfile: { computerName: 'app-1', adminUsername: 'u', customData: "[base64(parameters('cloudInit'))]" } })],
        {
          parameters: { cloudInit: { type: 'string' } },
        },
      ),
      reason: /parameter 'cloudInit' has no value/,
    },
    {
      name: "a deployment's output, which can be anything, in a command line",
      template: armTemplate([
        linuxVm('app-1'),
        customScript('app-1', {
          commandToExecute: "[concat('sh setup.sh ', reference('storage-setup').outputs.connection.value)]",
        }),
      ]),
      reason: /reference\(\) to 'storage-setup' is only known at deployment/,
    },
  ],
  notApplicable: [
    {
      name: 'Flexible scale set without a VM model (snapshot)',
      snapshot: {
        resources: [
          argRow('Microsoft.Compute/virtualMachineScaleSets', 'rg-app', 'flex-vmss', {
            orchestrationMode: 'Flexible',
            platformFaultDomainCount: 1,
            provisioningState: 'Succeeded',
          }),
        ],
      },
    },
  ],
});

describe('AZV-VM-015 keeps secrets out of its output', () => {
  const evaluations = evaluateWithOptions(rule, secretsEverywhere, {});
  const text = JSON.stringify(evaluations);
  it('names the kinds of secret', () => {
    expect(evaluations[0]?.findings.map((f) => f.data['kind'])).toEqual(['password', 'storage account key', 'SAS token', 'password']);
  });
  it.each([
    ['password', PASSWORD],
    ['storage key', ACCOUNT_KEY],
    ['SAS signature', 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789'],
    ['user data', userDataBase64],
  ])('never prints the %s', (_, secret) => {
    expect(text).not.toContain(secret);
  });
});

describe('AZV-VM-015 on parameters given no value', () => {
  const template = (parameters: object, command: string): object =>
    armTemplate([linuxVm('app-1'), customScript('app-1', { commandToExecute: command })], { parameters });
  const outcome = (parameters: object, command: string): unknown => {
    const [evaluation] = evaluateWithOptions(rule, template(parameters, command), {});
    return evaluation?.status === 'unknown' ? evaluation.reason : evaluation?.findings.map((f) => [f.messageId, f.data['source']]);
  };
  it('reports a secure parameter, or one named as a credential, whatever value it is given', () => {
    expect(outcome({ dbPassword: { type: 'securestring' } }, "[concat('sh setup.sh ', parameters('dbPassword'))]")).toEqual([['secureParameter', undefined]]);
    expect(outcome({ storageAccountKey: { type: 'string' } }, "[concat('sh mount.sh ', parameters('storageAccountKey'))]")).toEqual([
      ['credentialValue', "parameter 'storageAccountKey'"],
    ]);
    // Any other parameter given no value may hold anything.
    expect(outcome({ serverName: { type: 'string' } }, "[concat('sh setup.sh ', parameters('serverName'))]")).toBe("parameter 'serverName' has no value");
  });
});
