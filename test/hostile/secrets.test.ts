import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/reporters/formats.js';
import { cli } from '../support/cli.js';

/**
 * Secrets never leave the tool: templates full of them (secure parameters with defaults,
 * passwords and keys in custom data, keys in extension settings, SAS tokens, connection strings;
 * ARM, Bicep with its parameter file, Terraform and a Terraform state, which keeps them all in clear) are scanned into every report format the registry has, and `explain`, and
 * no secret value appears in any of them, in clear or base64.
 */

const ARM_SECRETS = {
  adminPassword: 'Arm-Default-P@ss-Secret-5f1d0c',
  secureObject: 'SecureObj-Secret-4410aa',
  customData: 'CustomData-Secret-9b27e1',
  extensionKey: 'ExtKey+Secret/abc123ZZ==',
  protectedKey: 'ProtKey+Secret/def456YY==',
  sas: 'SasSig%2BSecret0d9c',
  connectionKey: 'ConnStrKey0Secret77==',
  typedMember: 'Typed-Member-Secret-e41c07',
} as const;

const TF_SECRETS = {
  adminPassword: 'Tf-Admin-Secret-31ab',
  customData: 'Tf-CustomData-Secret-8c0f',
  extensionKey: 'Tf-Ext-Key-Secret-77de',
  sas: 'Tf-Sas-Secret-1e2f',
  variable: 'Tf-Var-Secret-0a9b',
} as const;

const CUSTOM_DATA_SCRIPT = `#!/bin/bash\nexport DB_PASSWORD='${ARM_SECRETS.customData}'\n/opt/app/install --password ${ARM_SECRETS.customData}\n`;

function rid(type: string, name: string): string {
  return `[resourceId('${type}', '${name}')]`;
}

const armTemplate = {
  $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
  contentVersion: '1.0.0.0',
  // A user-defined type with a secure member, as Bicep writes `type login = { user: string, @secure() password: string }`.
  definitions: { login: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'securestring' } } } },
  parameters: {
    vmLogin: { $ref: '#/definitions/login', defaultValue: { user: 'svc', password: ARM_SECRETS.typedMember } },
    adminPassword: { type: 'securestring', defaultValue: ARM_SECRETS.adminPassword },
    settings: { type: 'secureObject', defaultValue: { password: ARM_SECRETS.secureObject, user: 'svc' } },
  },
  resources: [
    {
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name: 'secret-vm-nic',
      location: 'japaneast',
      properties: {
        ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Dynamic', subnet: { id: "[parameters('settings').user]" } } }],
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: 'secret-vm',
      location: 'japaneast',
      dependsOn: [rid('Microsoft.Network/networkInterfaces', 'secret-vm-nic')],
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        osProfile: {
          computerName: 'secret-vm',
          adminUsername: 'azureuser',
          adminPassword: "[parameters('adminPassword')]",
          customData: Buffer.from(CUSTOM_DATA_SCRIPT).toString('base64'),
          linuxConfiguration: { disablePasswordAuthentication: false },
        },
        userData: `[base64('${ARM_SECRETS.customData}')]`,
        storageProfile: {
          imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' },
          osDisk: { createOption: 'FromImage', managedDisk: { storageAccountType: 'Premium_LRS' } },
        },
        networkProfile: { networkInterfaces: [{ id: rid('Microsoft.Network/networkInterfaces', 'secret-vm-nic') }] },
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      apiVersion: '2024-07-01',
      name: 'secret-vm/install',
      location: 'japaneast',
      dependsOn: [rid('Microsoft.Compute/virtualMachines', 'secret-vm')],
      properties: {
        publisher: 'Microsoft.Azure.Extensions',
        type: 'CustomScript',
        typeHandlerVersion: '2.1',
        settings: {
          fileUris: [`https://contoso.blob.core.windows.net/scripts/install.sh?sv=2022-11-02&sr=b&sp=r&sig=${ARM_SECRETS.sas}`],
          storageAccountKey: ARM_SECRETS.extensionKey,
          connectionString: `DefaultEndpointsProtocol=https;AccountName=contoso;AccountKey=${ARM_SECRETS.connectionKey};EndpointSuffix=core.windows.net`,
          password: "[parameters('settings').password]",
        },
        protectedSettings: {
          storageAccountName: 'contoso',
          storageAccountKey: ARM_SECRETS.protectedKey,
          commandToExecute: `sh install.sh ${ARM_SECRETS.adminPassword}`,
        },
      },
    },
    // The typed parameter's secure member, in custom data and in an extension's public settings.
    {
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name: 'typed-secret-vm',
      location: 'japaneast',
      properties: {
        hardwareProfile: { vmSize: 'Standard_D2s_v5' },
        osProfile: {
          computerName: 'typed-secret-vm',
          adminUsername: "[parameters('vmLogin').user]",
          adminPassword: "[parameters('vmLogin').password]",
          customData: "[base64(concat('#!/bin/bash\nexport DB_PASSWORD=', parameters('vmLogin').password))]",
        },
      },
    },
    {
      type: 'Microsoft.Compute/virtualMachines/extensions',
      apiVersion: '2024-07-01',
      name: 'typed-secret-vm/install',
      location: 'japaneast',
      dependsOn: [rid('Microsoft.Compute/virtualMachines', 'typed-secret-vm')],
      properties: {
        publisher: 'Microsoft.Azure.Extensions',
        type: 'CustomScript',
        typeHandlerVersion: '2.1',
        settings: { commandToExecute: "[concat('sh install.sh ', parameters('vmLogin').password)]" },
      },
    },
  ],
};

const terraform = `
variable "db_password" {
  type      = string
  default   = "${TF_SECRETS.variable}"
  sensitive = true
}

resource "azurerm_network_interface" "nic" {
  name                = "tf-secret-nic"
  location            = "japaneast"
  resource_group_name = "rg-secrets"
  ip_configuration {
    name                          = "internal"
    private_ip_address_allocation = "Dynamic"
  }
}

resource "azurerm_linux_virtual_machine" "vm" {
  name                            = "tf-secret-vm"
  resource_group_name             = "rg-secrets"
  location                        = "japaneast"
  size                            = "Standard_D2s_v5"
  admin_username                  = "azureuser"
  admin_password                  = "${TF_SECRETS.adminPassword}"
  disable_password_authentication = false
  custom_data                     = base64encode("#!/bin/bash\\necho ${TF_SECRETS.customData} \${var.db_password}")
  network_interface_ids           = [azurerm_network_interface.nic.id]
  os_disk {
    caching              = "ReadWrite"
    storage_account_type = "Premium_LRS"
  }
  source_image_reference {
    publisher = "Canonical"
    offer     = "ubuntu-24_04-lts"
    sku       = "server"
    version   = "latest"
  }
}

resource "azurerm_virtual_machine_extension" "script" {
  name                 = "install"
  virtual_machine_id   = azurerm_linux_virtual_machine.vm.id
  publisher            = "Microsoft.Azure.Extensions"
  type                 = "CustomScript"
  type_handler_version = "2.1"
  settings = jsonencode({
    fileUris         = ["https://contoso.blob.core.windows.net/s/i.sh?sv=2022-11-02&sig=${TF_SECRETS.sas}"]
    commandToExecute = "sh i.sh \${var.db_password}"
  })
  protected_settings = jsonencode({
    storageAccountKey = "${TF_SECRETS.extensionKey}"
  })
}
`;

const STATE_SECRETS = {
  adminPassword: 'State-Admin-Secret-5c2e',
  customData: 'State-CustomData-Secret-41f0',
  protectedKey: 'State-Protected-Secret-9d13',
  sas: 'StateSasSecret77aaQQzz%3D',
} as const;

const VM_ID = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-state/providers/Microsoft.Compute/virtualMachines/state-secret-vm';

/** A state file (`terraform state pull`): Terraform keeps every value in it in clear, sensitive ones marked. */
const state = {
  version: 4,
  terraform_version: '1.9.8',
  serial: 3,
  lineage: '0b5e7c1a-0000-4000-8000-00000000aaaa',
  outputs: {},
  resources: [
    {
      mode: 'managed',
      type: 'azurerm_linux_virtual_machine',
      name: 'vm',
      provider: 'provider["registry.terraform.io/hashicorp/azurerm"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            id: VM_ID,
            name: 'state-secret-vm',
            location: 'japaneast',
            resource_group_name: 'rg-state',
            size: 'Standard_D2s_v5',
            admin_username: 'azureuser',
            admin_password: STATE_SECRETS.adminPassword,
            disable_password_authentication: false,
            custom_data: Buffer.from(`#!/bin/bash\nexport DB_PASSWORD='${STATE_SECRETS.customData}'\n`).toString('base64'),
            network_interface_ids: [],
            os_disk: [{ caching: 'ReadWrite', storage_account_type: 'Premium_LRS' }],
          },
          sensitive_attributes: [[{ type: 'get_attr', value: 'admin_password' }], [{ type: 'get_attr', value: 'custom_data' }]],
        },
      ],
    },
    {
      mode: 'managed',
      type: 'azurerm_virtual_machine_extension',
      name: 'script',
      provider: 'provider["registry.terraform.io/hashicorp/azurerm"]',
      instances: [
        {
          schema_version: 0,
          attributes: {
            id: `${VM_ID}/extensions/install`,
            name: 'install',
            virtual_machine_id: VM_ID,
            publisher: 'Microsoft.Azure.Extensions',
            type: 'CustomScript',
            type_handler_version: '2.1',
            settings: JSON.stringify({ fileUris: [`https://contoso.blob.core.windows.net/s/i.sh?sv=2022-11-02&sig=${STATE_SECRETS.sas}`] }),
            protected_settings: JSON.stringify({ storageAccountKey: STATE_SECRETS.protectedKey }),
          },
          sensitive_attributes: [[{ type: 'get_attr', value: 'protected_settings' }]],
        },
      ],
    },
  ],
};

const BICEP_SECRETS = {
  adminPassword: 'Bicep-Default-Secret-6e0b',
  parameterFile: 'Bicepparam-Secret-2d71',
  customData: 'Bicep-CustomData-Secret-93ac',
  extensionKey: 'Bicep-Ext-Key-Secret-5f5f',
  loaded: 'Bicep-Loaded-File-Secret-c4d1',
} as const;

/** Bicep: a secure parameter's default, one a parameter file gives, a file loaded at build time. */
const bicep = `
@secure()
param adminPassword string = '${BICEP_SECRETS.adminPassword}'

@secure()
param apiKey string

resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {
  name: 'bicep-secret-nic'
  location: 'japaneast'
  properties: {
    ipConfigurations: [{ name: 'ipconfig1', properties: { privateIPAllocationMethod: 'Dynamic' } }]
  }
}

resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'bicep-secret-vm'
  location: 'japaneast'
  properties: {
    osProfile: {
      computerName: 'bicep-secret-vm'
      adminUsername: 'azureuser'
      adminPassword: adminPassword
      customData: base64('export API_KEY=\${apiKey}; export DB=${BICEP_SECRETS.customData}; \${loadTextContent('secret.txt')}')
      linuxConfiguration: { disablePasswordAuthentication: false }
    }
    networkProfile: { networkInterfaces: [{ id: nic.id }] }
  }
}

resource install 'Microsoft.Compute/virtualMachines/extensions@2024-07-01' = {
  parent: vm
  name: 'install'
  location: 'japaneast'
  properties: {
    publisher: 'Microsoft.Azure.Extensions'
    type: 'CustomScript'
    typeHandlerVersion: '2.1'
    settings: { storageAccountKey: '${BICEP_SECRETS.extensionKey}' }
    protectedSettings: { commandToExecute: 'sh install.sh \${adminPassword} \${apiKey}' }
  }
}
`;

/** Each secret, and the forms it could leak in: as written, base64 (custom data is), and JSON-escaped. */
const FORBIDDEN: string[] = [
  ...Object.values(ARM_SECRETS),
  ...Object.values(TF_SECRETS),
  ...Object.values(STATE_SECRETS),
  ...Object.values(BICEP_SECRETS),
].flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString('base64').slice(0, 16)]);
FORBIDDEN.push(Buffer.from(CUSTOM_DATA_SCRIPT).toString('base64').slice(0, 40));

function leaks(output: string): string[] {
  return FORBIDDEN.filter((secret) => output.includes(secret));
}

let folder: string;

beforeAll(async () => {
  folder = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-secrets-'));
  await writeFile(path.join(folder, 'azuredeploy.json'), JSON.stringify(armTemplate, null, 2));
  await writeFile(path.join(folder, 'main.tf'), terraform);
  await writeFile(path.join(folder, 'state.json'), JSON.stringify(state, null, 2));
  await writeFile(path.join(folder, 'secure.bicep'), bicep);
  await writeFile(path.join(folder, 'secure.bicepparam'), `using 'secure.bicep'\nparam apiKey = '${BICEP_SECRETS.parameterFile}'\n`);
  await writeFile(path.join(folder, 'secret.txt'), `export TOKEN=${BICEP_SECRETS.loaded}`);
});

describe('secrets never leave the tool', () => {
  it.each([...FORMATS])('scan --format %s prints no secret, in clear or encoded', async (format) => {
    const { stdout, stderr } = await cli(['scan', folder, '--format', format, '--fail-on', 'none', '--no-color'], { cwd: folder });
    expect(stdout.length, 'the report is not empty').toBeGreaterThan(100);
    // The scan did see the secrets: the credentials rule (AZV-VM-015) fails on them.
    expect(stdout).toMatch(/secret-vm/);
    expect(leaks(stdout + stderr)).toEqual([]);
  });

  it.each(['en', 'ja'])('the %s reports flag the credentials without echoing them', async (lang) => {
    const { stdout } = await cli(['scan', folder, '--format', 'json', '--lang', lang, '--fail-on', 'none'], { cwd: folder });
    const report = JSON.parse(stdout) as {
      evaluations: { ruleId: string; status: string; resource: { name: string }; findings: { messageId: string }[] }[];
    };
    const credentials = report.evaluations.filter((e) => e.ruleId === 'AZV-VM-015');
    expect(credentials.find((e) => e.resource.name === 'secret-vm')?.status).toBe('fail');
    // Terraform custom data built from a sensitive variable: a credential, though withheld, never shown.
    expect(credentials.find((e) => e.resource.name === 'tf-secret-vm')?.status).toBe('fail');
    // A state file holds them in clear: its extension's SAS token is found, sensitive values withheld.
    expect(credentials.find((e) => e.resource.name === 'state-secret-vm')?.status).toBe('fail');
    // Bicep: the extension's key in clear settings, and custom data built from a secure parameter.
    expect(credentials.find((e) => e.resource.name === 'bicep-secret-vm')?.status).toBe('fail');
    // A secure member of a typed parameter (languageVersion 2.0 definitions) is a secure parameter put in clear settings.
    const typed = credentials.find((e) => e.resource.name === 'typed-secret-vm');
    expect(typed?.status).toBe('fail');
    expect(new Set(typed?.findings.map((finding) => finding.messageId))).toEqual(new Set(['secureParameter']));
    expect(leaks(stdout)).toEqual([]);
  });

  it.each(['terminal', 'json'])('explain --format %s prints no secret', async (format) => {
    for (const vm of ['secret-vm', 'typed-secret-vm', 'tf-secret-vm', 'state-secret-vm', 'bicep-secret-vm']) {
      const { stdout, stderr } = await cli(['explain', vm, folder, '--format', format], { cwd: folder });
      expect(stdout.length).toBeGreaterThan(20);
      expect(leaks(stdout + stderr)).toEqual([]);
    }
  });
});
