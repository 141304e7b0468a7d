import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { folderOf } from '../support/files.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { compileBicep } from '../../src/inputs/bicep/compile.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { locate } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';

function folder(files: Record<string, string>): Promise<string> {
  return folderOf(files, 'azvmsec-bicep-');
}

const NETWORK = `
@description('Where everything goes')
param location string = 'japaneast'
@secure()
param adminPassword string
param subnets array = [
  { name: 'web', prefix: '10.0.1.0/24' }
  { name: 'app', prefix: '10.0.2.0/24' }
]
param withBastion bool = false

var prefix = 'contoso'

resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: '\${prefix}-nsg'
  location: location
  properties: {
    securityRules: [
      {
        name: 'rdp'
        properties: {
          priority: 100
          direction: 'Inbound'
          access: 'Allow'
          protocol: 'Tcp'
          sourceAddressPrefix: 'Internet'
          sourcePortRange: '*'
          destinationAddressPrefix: '*'
          destinationPortRange: '3389'
        }
      }
    ]
  }
}

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '\${prefix}-vnet'
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    subnets: [for (subnet, i) in subnets: {
      name: subnet.name
      properties: {
        addressPrefix: subnet.prefix
        networkSecurityGroup: i == 0 ? { id: nsg.id } : null
      }
    }]
  }

  resource web 'subnets' existing = {
    name: 'web'
  }
}

resource bastion 'Microsoft.Network/bastionHosts@2024-05-01' = if (withBastion) {
  name: '\${prefix}-bastion'
  location: location
}

resource nics 'Microsoft.Network/networkInterfaces@2024-05-01' = [for i in range(0, 2): {
  name: '\${prefix}-nic-\${i}'
  location: location
  properties: {
    ipConfigurations: [
      {
        name: 'ipconfig1'
        properties: {
          subnet: { id: vnet::web.id }
          privateIPAllocationMethod: 'Dynamic'
        }
      }
    ]
  }
}]

resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: '\${prefix}-vm'
  location: location
  properties: {
    osProfile: {
      computerName: 'vm'
      adminUsername: 'azureuser'
      adminPassword: adminPassword
      windowsConfiguration: { patchSettings: { patchMode: 'AutomaticByPlatform' } }
    }
    networkProfile: {
      networkInterfaces: [{ id: nics[1].id }]
    }
  }
}

resource ama 'Microsoft.Compute/virtualMachines/extensions@2024-07-01' = {
  parent: vm
  name: 'AzureMonitorWindowsAgent'
  location: location
  properties: {
    publisher: 'Microsoft.Azure.Monitor'
    type: 'AzureMonitorWindowsAgent'
    typeHandlerVersion: '1.0'
  }
}

resource lock 'Microsoft.Authorization/locks@2020-05-01' = {
  scope: vm
  name: 'no-delete'
  properties: { level: 'CanNotDelete' }
}

module storage './storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    prefix: prefix
  }
}

output vnetId string = vnet.id
output storageId string = storage.outputs.id
`;

const STORAGE = `
param location string
param prefix string

func accountName(p string) string => toLower('\${p}stor')

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: accountName(prefix)
  location: location
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Disabled'
  }
}

output id string = account.id
`;

describe('Bicep files compiled to the template az bicep build writes', () => {
  it('reads params, vars, loops, conditions, child and extension resources, modules and user functions', async () => {
    const root = await folder({ 'main.bicep': NETWORK, 'storage.bicep': STORAGE });
    const { inputs, resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(inputs.map((input) => [input.path, input.kind, input.status, input.diagnostics])).toEqual([['main.bicep', 'bicep', 'ok', []]]);
    const rg = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers';
    expect(resources.map((resource) => resource.id)).toEqual([
      `${rg}/Microsoft.Network/networkSecurityGroups/contoso-nsg`,
      `${rg}/Microsoft.Network/virtualNetworks/contoso-vnet`,
      // The Bastion host's condition is false: not deployed.
      `${rg}/Microsoft.Network/networkInterfaces/contoso-nic-0`,
      `${rg}/Microsoft.Network/networkInterfaces/contoso-nic-1`,
      `${rg}/Microsoft.Compute/virtualMachines/contoso-vm`,
      `${rg}/Microsoft.Compute/virtualMachines/contoso-vm/extensions/AzureMonitorWindowsAgent`,
      `${rg}/Microsoft.Compute/virtualMachines/contoso-vm/providers/Microsoft.Authorization/locks/no-delete`,
      `${rg}/Microsoft.Storage/storageAccounts/contosostor`,
    ]);
    const byName = new Map(resources.map((resource) => [resource.name, resource]));
    // A property loop, with its index, and a resource's id.
    expect(byName.get('contoso-vnet')?.body['properties']).toMatchObject({
      subnets: [
        {
          name: 'web',
          properties: { addressPrefix: '10.0.1.0/24', networkSecurityGroup: { id: `${rg}/Microsoft.Network/networkSecurityGroups/contoso-nsg` } },
        },
        { name: 'app', properties: { addressPrefix: '10.0.2.0/24', networkSecurityGroup: null } },
      ],
    });
    // `vnet::web.id` and `nics[1].id`: a nested child and one resource of a loop.
    expect(byName.get('contoso-nic-0')?.body['properties']).toMatchObject({
      ipConfigurations: [{ properties: { subnet: { id: `${rg}/Microsoft.Network/virtualNetworks/contoso-vnet/subnets/web` } } }],
    });
    expect(byName.get('contoso-vm')?.body['properties']).toMatchObject({
      networkProfile: { networkInterfaces: [{ id: `${rg}/Microsoft.Network/networkInterfaces/contoso-nic-1` }] },
    });
    // A secure parameter without a value stays unknown; it is a credential whatever its value.
    const password = (byName.get('contoso-vm')?.body['properties'] as { osProfile: { adminPassword: unknown } }).osProfile.adminPassword;
    expect(isUnknown(password) && password.reason).toBe("secure parameter 'adminPassword' has no value");
    // Locations point into the Bicep files: the VM's declaration, and the module's own file.
    const vm = byName.get('contoso-vm');
    const line = NETWORK.split('\n').findIndex((text) => text.includes('adminPassword: adminPassword')) + 1;
    expect(vm && locate(vm, '/properties/osProfile/adminPassword')).toMatchObject({ file: 'main.bicep', line, column: 7 });
    expect(locate(byName.get('contosostor') as never, '')).toMatchObject({ file: 'storage.bicep', line: 7 });
  });

  it('says what each declaration waits for, so that of a VNet two modules deploy the one deployed last is read', async () => {
    // The domain controller pattern: the VNet, the DC in it, then the VNet again with its DNS server and subnet NSG.
    const vnetModule = `
param dnsServers array = []
param nsgId string = ''
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'ad-vnet'
  location: 'japaneast'
  properties: {
    addressSpace: { addressPrefixes: ['10.0.0.0/16'] }
    dhcpOptions: { dnsServers: dnsServers }
    subnets: [{ name: 'ad', properties: { addressPrefix: '10.0.0.0/24', networkSecurityGroup: empty(nsgId) ? null : { id: nsgId } } }]
  }
}
`;
    const main = `
module createVnet 'vnet.bicep' = {
  name: 'CreateVNet'
}
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'ad-nsg'
  location: 'japaneast'
}
resource dc 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'dc1'
  location: 'japaneast'
  properties: {}
  dependsOn: [createVnet]
}
resource forest 'Microsoft.Compute/virtualMachines/extensions@2024-07-01' = {
  parent: dc
  name: 'CreateForest'
  location: 'japaneast'
  properties: {}
}
module updateVnet 'vnet.bicep' = {
  name: 'UpdateVNet'
  params: {
    dnsServers: ['10.0.0.4']
    nsgId: nsg.id
  }
  dependsOn: [forest]
}
`;
    const root = await folder({ 'main.bicep': main, 'vnet.bicep': vnetModule });
    const { resources, inputs } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    const vnets = resources.filter((resource) => resource.type === 'Microsoft.Network/virtualNetworks');
    expect(vnets).toHaveLength(1);
    expect(vnets[0]?.body['properties']).toMatchObject({ dhcpOptions: { dnsServers: ['10.0.0.4'] } });
    expect(inputs[0]?.diagnostics.map((d) => d.message)).toContain(
      "Microsoft.Network/virtualNetworks 'ad-vnet' is declared by 2 deployments; the one that runs last (by dependsOn) is read",
    );
  });

  it('gives findings in the Bicep file at the line of the setting', async () => {
    const root = await folder({ 'main.bicep': NETWORK, 'storage.bicep': STORAGE });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    // storage.bicep is read as the module of main.bicep, not again on its own.
    expect(loaded.inputs.map((input) => [input.path, input.status])).toEqual([
      ['main.bicep', 'ok'],
      ['storage.bicep', 'ok'],
    ]);
    expect(loaded.inputs[1]?.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('Read as the linked template of main.bicep')]);
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    // RDP from the Internet: the NSG rule that allows it, where it is written.
    const management = report.evaluations.find((e) => e.ruleId === 'AZV-CONN-003' && e.resource.name === 'contoso-vm');
    const ruleLine = NETWORK.split('\n').findIndex((text) => text.includes("name: 'rdp'"));
    expect(management?.status).toBe('fail');
    expect(management?.findings[0]?.location).toEqual({ file: 'main.bicep', line: ruleLine, column: 7, pointer: '/properties/securityRules/0' });
    // No encryption at host: said at the VM's properties.
    const propertiesLine = NETWORK.split('\n').findIndex((text) => text.includes("name: '${prefix}-vm'")) + 3;
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-004' && e.resource.name === 'contoso-vm')?.findings[0]?.location).toMatchObject({
      file: 'main.bicep',
      line: propertiesLine,
      column: 3,
    });
    const password = report.evaluations.find((e) => e.ruleId === 'AZV-VM-015' && e.resource.name === 'contoso-vm');
    expect(password?.status).toBe('pass');
  });

  it('gives a child the scope of its parent: an existing VNet in another resource group, and its subnet', async () => {
    const root = await folder({
      'main.bicep': `resource hub 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  scope: resourceGroup('rg-hub')
  name: 'hub-vnet'

  resource shared 'subnets' existing = {
    name: 'shared'
  }
}

resource spoke 'Microsoft.Network/virtualNetworks/subnets@2024-05-01' existing = {
  parent: hub
  name: 'spoke'
}

resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {
  name: 'nic'
  properties: {
    ipConfigurations: [
      { name: 'a', properties: { subnet: { id: hub::shared.id } } }
      { name: 'b', properties: { subnet: { id: spoke.id } } }
    ]
  }
}
`,
    });
    const { resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    const subnets = (resources[0]?.body['properties'] as { ipConfigurations: { properties: { subnet: { id: string } } }[] }).ipConfigurations.map(
      (ip) => ip.properties.subnet.id,
    );
    const hub = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/hub-vnet';
    expect(subnets).toEqual([`${hub}/subnets/shared`, `${hub}/subnets/spoke`]);
  });

  it('deploys a child of an extension resource where its parent is', async () => {
    const root = await folder({
      'main.bicep': `resource vault 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: vault
  name: 'a1'
  properties: {}
}

resource child 'Microsoft.Authorization/roleAssignments/extensions@2022-04-01' = {
  parent: assignment
  name: 'c1'
}
`,
    });
    const { resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    const vault = '/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/azvmsec-rg/providers/Microsoft.KeyVault/vaults/kv';
    expect(resources.map((resource) => resource.id)).toEqual([
      `${vault}/providers/Microsoft.Authorization/roleAssignments/a1`,
      `${vault}/providers/Microsoft.Authorization/roleAssignments/a1/extensions/c1`,
    ]);
  });

  it('reads the files loadTextContent(), loadJsonContent() and loadYamlContent() name, with a path filter', async () => {
    const root = await folder({
      'main.bicep': `var rules = loadJsonContent('nsg/rules.json', '$.securityRules')
var settings = loadYamlContent('settings.yaml')
var banner = loadTextContent('banner.txt')

resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: settings.nsg.name
  location: settings.location
  tags: { banner: banner }
  properties: { securityRules: rules }
}
`,
      'nsg/rules.json': JSON.stringify({
        $schema: 'x',
        securityRules: [{ name: 'ssh', properties: { priority: 100, access: 'Allow', direction: 'Inbound' } }],
      }),
      'settings.yaml': 'location: japaneast\nnsg:\n  name: web-nsg\n',
      'banner.txt': 'Authorized use only',
    });
    const { inputs, resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(inputs[0]?.diagnostics).toEqual([]);
    expect(resources[0]).toMatchObject({
      name: 'web-nsg',
      body: { location: 'japaneast', tags: { banner: 'Authorized use only' }, properties: { securityRules: [{ name: 'ssh' }] } },
    });
  });

  it('says what it does not read, and reads the rest', async () => {
    const root = await folder({
      'main.bicep': `
import { settings } from 'shared.bicep'
param location string = resourceGroup().location

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: settings.vnetName
  location: location
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] }
    // A file the build would read and that is not there.
    tags: { policy: loadTextContent('missing.xml') }
  }
}

module registry 'br/public:avm/res/network/network-security-group:0.5.2' = {
  name: 'nsg'
  params: { name: 'nsg' }
}

module local 'local.bicep' = {
  name: 'local'
  params: {
    ...settings
    location: location
  }
}
`,
      'local.bicep': "param location string\nparam name string = 'local'\n",
    });
    const { inputs, resources } = await loadInputs({ paths: [root], cwd: root });
    expect(inputs.map((input) => [input.path, input.status])).toEqual([
      ['local.bicep', 'ok'],
      ['main.bicep', 'partial'],
    ]);
    expect(inputs[1]?.diagnostics.map((d) => [d.severity, d.message, d.line])).toEqual([
      ['warning', expect.stringMatching(/^'settings', imported from shared.bicep, which cannot be read \(.*\): the value is unknown$/), 6],
      ['warning', expect.stringMatching(/^loadTextContent\('missing.xml'\) cannot be read: .*: the value is unknown$/), 11],
      ['warning', "A spread in the params of module 'local' is not read", 23],
      [
        'warning',
        'Linked template br/public:avm/res/network/network-security-group:0.5.2 is not checked: Bicep registry modules are not fetched in an offline scan',
        15,
      ],
    ]);
    expect(resources.map((resource) => resource.type)).toEqual(['Microsoft.Network/virtualNetworks']);
  });

  it('reads the variables and functions a file imports from others, with what they use in turn', async () => {
    const root = await folder({
      'main.bicep': `import { tagsFor, prefix as namePrefix } from 'lib/naming.bicep'
import * as net from 'lib/network.bicep'

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '\${namePrefix}-vnet'
  location: 'japaneast'
  tags: tagsFor('network')
  properties: {
    addressSpace: { addressPrefixes: [net.space] }
    subnets: [for subnet in net.subnets: { name: subnet, properties: { addressPrefix: net.prefixOf(subnet) } }]
  }
}
`,
      'lib/naming.bicep': `var team = 'platform'
var owner = '\${team}-team'

@export()
var prefix = 'contoso'

@export()
func tagsFor(workload string) object => { owner: owner, workload: workload }
`,
      'lib/network.bicep': `import { prefix } from 'naming.bicep'

@export()
var space = '10.8.0.0/16'

@export()
var subnets = ['web', 'app']

var offsets = { web: 1, app: 2 }

@export()
func prefixOf(name string) string => '10.8.\${offsets[name]}.0/24'

// Not exported: importing it is an error of the importing file.
var secret = prefix
`,
    });
    const { inputs, resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(inputs.map((input) => [input.path, input.status, input.diagnostics])).toEqual([['main.bicep', 'ok', []]]);
    expect(resources[0]?.name).toBe('contoso-vnet');
    expect(resources[0]?.body['tags']).toEqual({ owner: 'platform-team', workload: 'network' });
    expect(resources[0]?.body['properties']).toMatchObject({
      addressSpace: { addressPrefixes: ['10.8.0.0/16'] },
      subnets: [
        { name: 'web', properties: { addressPrefix: '10.8.1.0/24' } },
        { name: 'app', properties: { addressPrefix: '10.8.2.0/24' } },
      ],
    });
  });

  it('says which imported names it cannot read, and ends files that import one another', async () => {
    const root = await folder({
      'main.bicep': `import { secret } from 'lib.bicep'
import { loop } from 'a.bicep'
var s = secret
import { again } from 'a.bicep'
var t = again
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  tags: { loop: loop }
}
`,
      'lib.bicep': "var secret = 'x'\n",
      'a.bicep': "import { loop as b } from 'b.bicep'\n@export()\nvar loop = b\nimport { again } from 'b.bicep'\n",
      'b.bicep': "import { loop as a } from 'a.bicep'\n@export()\nvar loop = a\nimport { again } from 'a.bicep'\n",
    });
    const { inputs } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(inputs[0]?.diagnostics.map((d) => [d.severity, d.message])).toEqual([
      ['warning', "lib.bicep exports no variable 'secret': the value is unknown"],
      // A name two files import from each other, each exporting it again.
      ['warning', "'again' is imported through more than 10 files: the value is unknown"],
      // The variables use each other: ARM's evaluation says so when the value is read.
      ['warning', expect.stringContaining('refers to itself')],
    ]);
  });

  it('reads registry modules that bicep restore left in the local Bicep cache, and says which it cannot find', async () => {
    const root = await folder({
      'main.bicep': `module vm 'br/public:avm/res/compute/virtual-machine:0.21.0' = {
  name: 'vm'
  params: { name: 'app01' }
}
module old 'br/public:avm/res/compute/virtual-machine:0.1.0' = {
  name: 'old'
}
module private 'br/contoso:compute/vm:1.0' = {
  name: 'private'
}
module unknownAlias 'br/fabrikam:compute/vm:1.0' = {
  name: 'fabrikam'
}
module escape 'br:../../outside:1.0' = {
  name: 'escape'
}
`,
      // The alias of the company's own registry.
      'bicepconfig.json': JSON.stringify({ moduleAliases: { br: { contoso: { registry: 'contosoregistry.azurecr.io', modulePath: 'bicep/modules' } } } }),
    });
    const cache = await folder({
      // What `bicep restore` writes for the first module: its built template.
      'br/mcr.microsoft.com/bicep$avm$res$compute$virtual-machine/0.21.0$/main.json': JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        parameters: { name: { type: 'string' } },
        resources: [
          { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: "[parameters('name')]", location: 'japaneast', properties: {} },
        ],
      }),
      'br/contosoregistry.azurecr.io/bicep$modules$compute$vm/1.0$/main.json': JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [{ type: 'Microsoft.Network/networkSecurityGroups', apiVersion: '2024-05-01', name: 'contoso-nsg', properties: {} }],
      }),
    });
    const { inputs, resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root, bicepCache: cache });
    expect(resources.map((resource) => resource.name)).toEqual(['app01', 'contoso-nsg']);
    expect(inputs[0]?.diagnostics.map((d) => [d.severity, d.message, d.line])).toEqual([
      ['info', expect.stringMatching(/^Module br\/public:avm\/res\/compute\/virtual-machine:0.21.0 is read from the local Bicep cache \(.*main.json\)$/), 1],
      [
        'warning',
        expect.stringMatching(
          /^Linked template br\/public:avm\/res\/compute\/virtual-machine:0.1.0 is not checked: .* not in the local Bicep cache .*run bicep restore/,
        ),
        5,
      ],
      ['info', expect.stringMatching(/^Module br\/contoso:compute\/vm:1.0 is read from the local Bicep cache/), 8],
      ['warning', expect.stringContaining('no bicepconfig.json of the scan defines the alias br/fabrikam'), 11],
      ['warning', expect.stringContaining('names no version azvmsec can find in the local Bicep cache'), 14],
    ]);
  });

  it('says when a template Bicep built is not what its Bicep file builds today', async () => {
    const source = `resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'web-nsg'
  location: 'japaneast'
  properties: { securityRules: [] }
}
resource pip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'web-pip'
  location: 'japaneast'
  sku: { name: 'Standard' }
}
`;
    const built = compileBicep(source, () => ({ error: 'none' }));
    if (!('document' in built)) throw new Error('the source compiles');
    const template = built.document.value as { resources: { name: string; sku?: unknown }[] };
    const variants: Record<string, unknown> = {
      // Built from the file as it is: nothing to say.
      same: template,
      // Built before the public IP was added: a warning.
      older: { ...template, resources: template.resources.filter((resource) => resource.name !== 'web-pip') },
      // Built when the public IP was Basic: an info.
      changed: {
        ...template,
        resources: template.resources.map((resource) => (resource.name === 'web-pip' ? { ...resource, sku: { name: 'Basic' } } : resource)),
      },
    };
    for (const [name, json] of Object.entries(variants)) {
      const root = await folder({ 'main.bicep': source, 'main.json': JSON.stringify(json, null, 2) });
      const { inputs } = await loadInputs({ paths: [root], cwd: root });
      const said = inputs.find((input) => input.path === 'main.json')?.diagnostics.map((d) => [d.severity, d.message]);
      if (name === 'same') expect(said).toEqual([]);
      if (name === 'older')
        expect(said).toEqual([
          [
            'warning',
            "Not what main.bicep builds today: it lacks 1 resource(s) it declares (publicIPAddresses/web-pip). The checks read this template; rebuild it (az bicep build) to check the Bicep file's resources",
          ],
        ]);
      if (name === 'changed') expect(said).toEqual([['info', expect.stringContaining('it sets 1 resource(s) otherwise (publicIPAddresses/web-pip)')]]);
      // The built template is what is checked; the Bicep file is not read twice.
      expect(inputs.map((input) => input.path)).toEqual(['main.json']);
    }
  });

  it("applies a Bicep file's suppression comments to the template built from it, which is what is checked", async () => {
    const source = `// azvmsec:ignore AZV-VM-004 reason: vendor appliance image does not support it
resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'nva'
  location: 'japaneast'
  properties: {}
}
`;
    const built = compileBicep(source, () => ({ error: 'none' }));
    if (!('document' in built)) throw new Error('the source compiles');
    // A build leaves comments out.
    const template = built.document.value as { resources: Record<string, unknown>[] };
    const withoutComments = { ...template, resources: template.resources.map(({ metadata: _metadata, ...resource }) => resource) };
    const root = await folder({ 'main.bicep': source, 'main.json': JSON.stringify(withoutComments) });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    expect(loaded.inputs.map((input) => [input.path, input.diagnostics])).toEqual([['main.json', []]]);
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-004')?.suppression).toMatchObject({ kind: 'inline', source: 'main.bicep:1' });
  });

  it('ends hostile files with an error naming the place: deep nesting, bad syntax, modules that use each other', async () => {
    const deep = `var x = ${'('.repeat(5000)}1${')'.repeat(5000)}\n`;
    const root = await folder({
      'deep/main.bicep': deep,
      'syntax/main.bicep': "param a string\nresource r 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: 'x\n}\n",
      'cycle/a.bicep': "module b './b.bicep' = {\n  name: 'b'\n}\n",
      'cycle/b.bicep': "module a './a.bicep' = {\n  name: 'a'\n}\n",
      'loop/main.bicep': "resource many 'Microsoft.Network/publicIPAddresses@2024-05-01' = [for i in range(0, 100000): {\n  name: 'pip-${i}'\n}]\n",
      // A name that is its own id, and names each built from the one before it twice (2^60 parts).
      'self/main.bicep': "param p string\nresource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: vnet.id\n}\n",
      'doubling/main.bicep': Array.from({ length: 61 }, (_, i) =>
        i === 0
          ? "resource r0 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: 'a'\n}"
          : `resource r${i} 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: '\${r${i - 1}.name}\${r${i - 1}.name}'\n}`,
      ).join('\n'),
    });
    const { inputs } = await loadInputs({ paths: [root], cwd: root });
    const said = Object.fromEntries(
      inputs.map((input) => [input.path, [input.status, input.diagnostics.map((d) => `${d.line ?? ''}: ${d.message}`).join(' | ')]]),
    );
    expect(said['deep/main.bicep']).toEqual(['error', expect.stringContaining('1: Invalid Bicep: Expressions nested deeper than 200')]);
    expect(said['syntax/main.bicep']).toEqual(['error', '3: Invalid Bicep: Unterminated string']);
    // Each module uses the other: the chain stops at the depth limit, said by both.
    expect(said['cycle/a.bicep']).toEqual(['error', expect.stringContaining('Deployments nested more than 10 deep')]);
    expect(said['cycle/b.bicep']).toEqual(['error', expect.stringContaining('Deployments nested more than 10 deep')]);
    expect(said['loop/main.bicep']?.[1]).toMatch(/copy count|800/);
    expect(said['self/main.bicep']).toEqual(['error', "2: Invalid Bicep: The name of 'vnet' refers to 'vnet' itself"]);
    expect(said['doubling/main.bicep']).toEqual(['error', ': The Bicep file cannot be compiled: An expression is longer than 16000000 characters']);
  });

  it('reads suppression comments above a resource, as Terraform comments are read', async () => {
    const root = await folder({
      'main.bicep': `param location string = 'japaneast'

// The vendor image cannot take encryption at host yet.
// azvmsec:ignore AZV-VM-004 reason: vendor appliance image does not support it expires: 2099-12-31
@description('Firewall appliance')
resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'nva'
  location: location
  properties: {}
}
`,
    });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    const encryption = report.evaluations.find((e) => e.ruleId === 'AZV-VM-004');
    expect(encryption?.suppression).toEqual({
      kind: 'inline',
      reason: 'vendor appliance image does not support it',
      expires: '2099-12-31',
      source: 'main.bicep:4',
    });
  });

  it('reads suppression comments in the modules a file uses, at their place in the module', async () => {
    const root = await folder({
      'main.bicep': "module nva 'modules/nva.bicep' = {\n  name: 'nva'\n}\n",
      'modules/nva.bicep': `// azvmsec:ignore AZV-VM-004 reason: vendor appliance image does not support it
resource vm 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'nva'
  location: 'japaneast'
  properties: {}
}
`,
    });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-004')?.suppression).toMatchObject({ kind: 'inline', source: 'modules/nva.bicep:1' });
  });

  it("gives a child declared in its parent's body the parent's condition, short-circuits safe dereference chains, and reads siblings by name", () => {
    const compiled = compileBicep(
      `param c bool = false
param settings object = {}
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = if (c) {
  name: 'kv'
  properties: { publicNetworkAccess: settings.?network.access ?? 'Disabled', tenantId: settings[?'tenant'].id ?? 'none' }
  resource pw 'secrets' = { name: 'pw', properties: { value: 'x', contentType: other.name } }
  resource other 'secrets' = if (!c) { name: 'other', properties: { value: 'y' } }
}
`,
      () => ({ error: 'none' }),
    );
    expect('document' in compiled).toBe(true);
    const resources = 'document' in compiled ? (compiled.document.value as { resources: Record<string, unknown>[] }).resources : [];
    expect(resources.map((r) => r['condition'])).toEqual(["[parameters('c')]", "[parameters('c')]", "[and(parameters('c'), not(parameters('c')))]"]);
    // "The safe-dereference operators are short-circuiting": x.?a.b is tryGet(x, 'a', 'b').
    expect(resources[0]?.['properties']).toMatchObject({
      publicNetworkAccess: "[coalesce(tryGet(parameters('settings'), 'network', 'access'), 'Disabled')]",
      tenantId: "[coalesce(tryGet(parameters('settings'), 'tenant', 'id'), 'none')]",
    });
    // "Other resources declared inside the body of the same parent resource can reference each other by using the symbolic names."
    expect(resources[1]?.['properties']).toMatchObject({ contentType: 'other' });
  });

  it('puts a resource scoped to a resource group of the file in that group (and its subscription), and reads @secure() user-defined types', () => {
    const compiled = compileBicep(
      `targetScope = 'subscription'
@secure()
type secretText = string
param bootstrap secretText
resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' existing = {
  name: 'rg-hub'
}
resource far 'Microsoft.Resources/resourceGroups@2024-03-01' existing = {
  name: 'rg-far'
  scope: subscription('22222222-2222-2222-2222-222222222222')
}
resource hub 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'hub-vnet'
  scope: rg
}
resource other 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'far-vnet'
  scope: far
}
module spoke 'spoke.bicep' = {
  name: 'spoke'
  scope: far
}
output hubId string = hub.id
output otherId string = other.id
output spokeId string = spoke.outputs.id
`,
      () => ({ bytes: new TextEncoder().encode("output id string = 'x'\n") }),
    );
    expect('document' in compiled).toBe(true);
    const template = 'document' in compiled ? (compiled.document.value as { parameters: object; outputs: Record<string, { value: string }> }) : undefined;
    expect(template?.parameters).toEqual({ bootstrap: { type: 'securestring' } });
    expect(template?.outputs['hubId']?.value).toBe("[resourceId('rg-hub', 'Microsoft.Network/virtualNetworks', 'hub-vnet')]");
    expect(template?.outputs['otherId']?.value).toBe(
      "[resourceId('22222222-2222-2222-2222-222222222222', 'rg-far', 'Microsoft.Network/virtualNetworks', 'far-vnet')]",
    );
    expect(template?.outputs['spokeId']?.value).toContain(
      "resourceId('22222222-2222-2222-2222-222222222222', 'rg-far', 'Microsoft.Resources/deployments', 'spoke')",
    );
  });

  it('reads @secure() user-defined types another file exports, by name or through a namespace', () => {
    const types = `@export()
@secure()
type secretText = string
@export()
@secure()
type secretSettings = { password: string }
@export()
type plainText = string
`;
    const compiled = compileBicep(
      `import { secretText, secretSettings as settingsType } from 'types.bicep'
import * as shared from 'types.bicep'
param password secretText
param settings settingsType
param name shared.plainText
param again shared.secretText
`,
      () => ({ bytes: new TextEncoder().encode(types) }),
    );
    const template = 'document' in compiled ? (compiled.document.value as { parameters: Record<string, { type: string }> }) : undefined;
    expect(template?.parameters).toMatchObject({ password: { type: 'securestring' }, settings: { type: 'secureObject' }, again: { type: 'securestring' } });
    expect(template?.parameters['name']?.type).not.toMatch(/^secure/i);
  });

  it("reads multi-line strings with interpolation ($'''), quotes at the ends of a multi-line string, and the encoding of a loaded file", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('#cloud-config\n', 'utf16le')]);
    const compiled = compileBicep(
      "param user string = 'azureuser'\n" +
        "var a = $'''\nusers:\n  - name: ${user}\n'''\n" +
        "var b = ''''abc''''\n" +
        "var c = $$'''keep ${this} but $${user}'''\n" +
        "var d = loadTextContent('init.txt', 'utf-16')\n",
      (file) => (file === 'init.txt' ? { bytes: utf16 } : { error: 'none' }),
    );
    expect('document' in compiled && compiled.document.value).toMatchObject({
      variables: {
        a: "[concat('users:\n  - name: ', string(parameters('user')), '\n')]",
        b: "'abc'",
        c: "[concat('keep ${this} but ', string(parameters('user')))]",
        d: '#cloud-config\n',
      },
    });
  });

  it('reads past the directives that turn diagnostics off and on again, and reads suppression comments above them', () => {
    const compiled = compileBicep(
      '#disable-diagnostics no-unused-vars BCP335\n' +
        "var a = 'one'\n" +
        '#restore-diagnostics   no-unused-vars\n' +
        '// azvmsec:ignore AZV-NET-008 reason: the subnet is empty\n' +
        '#disable-next-line use-recent-api-versions\n' +
        "resource vnet 'Microsoft.Network/virtualNetworks@2019-01-01' = {\n  name: a\n}\n" +
        '#restore-diagnostics BCP335\n',
      () => ({ error: 'none' }),
    );
    expect('document' in compiled && compiled.document.value).toMatchObject({
      variables: { a: 'one' },
      resources: [{ name: "[variables('a')]", metadata: { 'azvmsec-ignore': ['AZV-NET-008 reason: the subnet is empty'] } }],
    });
  });

  it('deploys a module scoped to the subscription or a management group there, and reads its outputs', async () => {
    const root = await folder({
      'main.bicep': `targetScope = 'managementGroup'
module sub 'sub.bicep' = {
  name: 'to-sub'
  scope: subscription('11111111-1111-1111-1111-111111111111')
}
module child 'assign.bicep' = {
  name: 'to-child'
  scope: managementGroup('mg-child')
}
output sub string = sub.outputs.where
output child string = child.outputs.id
`,
      'sub.bicep': `targetScope = 'subscription'
output where string = subscription().subscriptionId
`,
      'assign.bicep': `targetScope = 'managementGroup'
resource mcsb 'Microsoft.Authorization/policyAssignments@2024-04-01' = {
  name: 'mcsb'
  properties: { policyDefinitionId: '/providers/Microsoft.Authorization/policySetDefinitions/1f3afdf9-d0c9-4c3d-847f-89da613e70a8' }
}
output id string = mcsb.id
`,
      'rg.bicep': `module up 'sub.bicep' = {
  name: 'up'
  scope: subscription()
}
resource pip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'pip'
  tags: { sub: up.outputs.where }
}
`,
    });
    const { resources } = await loadInputs({ paths: [path.join(root, 'main.bicep'), path.join(root, 'rg.bicep')], cwd: root });
    expect(resources.find((r) => r.name === 'mcsb')?.id).toBe(
      '/providers/Microsoft.Management/managementGroups/mg-child/providers/Microsoft.Authorization/policyAssignments/mcsb',
    );
    const pip = resources.find((r) => r.name === 'pip');
    expect(pip?.body['tags']).toEqual({ sub: '00000000-0000-0000-0000-000000000000' });
  });

  it('reads a union type written over several lines, a byte order mark, and the batch size of a loop', () => {
    const compiled = compileBicep(
      '\uFEFF@export()\n' +
        'type tier =\n' +
        "  | 'basic'\n" +
        '  // the one with private endpoints\n' +
        "  | 'premium'\n" +
        'type settings = { tier: tier, zones: (1 | 2 | 3)[] }\n' +
        "param sku tier = 'basic'\n" +
        '@batchSize(2)\n' +
        "resource disks 'Microsoft.Compute/disks@2024-03-02' = [for i in range(0, 3): {\n  name: 'disk${i}'\n}]\n",
      () => ({ error: 'none' }),
    );
    expect('document' in compiled && compiled.diagnostics).toEqual([]);
    expect('document' in compiled && compiled.document.value).toMatchObject({
      parameters: { sku: { defaultValue: 'basic' } },
      // Bicep writes `@batchSize(n)` as a serial copy of n at a time.
      resources: [{ copy: { name: 'disks', mode: 'serial', batchSize: 2 } }],
    });
  });

  it('reads past resources of a Bicep extension (Microsoft Graph), whose values are unknown, and reads the rest', async () => {
    const root = await folder({
      'main.bicep': `extension microsoftGraphV1

resource admins 'Microsoft.Graph/groups@v1.0' existing = {
  uniqueName: 'vm-admins'
}

resource app 'Microsoft.Graph/applications@v1.0' = {
  uniqueName: 'ops-app'
  displayName: 'Operations'
}

resource login 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid('vm-admin-login')
  properties: {
    principalId: admins.id
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '1c0163c0-47e6-4577-8991-ea5c82e286e4')
  }
  dependsOn: [app]
}
`,
    });
    const { inputs, resources } = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(resources.map((r) => r.type)).toEqual(['Microsoft.Authorization/roleAssignments']);
    expect(isUnknown((resources[0]?.body['properties'] as Record<string, unknown>)['principalId'])).toBe(true);
    expect(inputs[0]?.diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          message: "Resource 'admins' (Microsoft.Graph/groups@v1.0) belongs to a Bicep extension, not to Azure Resource Manager: it is not read",
          line: 3,
        }),
      ]),
    );
  });

  it('reads a path filter of loadJsonContent() written without the $, as Json.NET reads it', () => {
    const meta = Buffer.from(JSON.stringify({ prefix: 'ops', zones: { list: ['1', '2'] } }));
    const compiled = compileBicep("var a = loadJsonContent('meta.json', 'prefix')\nvar b = loadJsonContent('meta.json', 'zones.list[1]')\n", (file) =>
      file === 'meta.json' ? { bytes: meta } : { error: 'none' },
    );
    expect('document' in compiled && compiled.diagnostics).toEqual([]);
    expect('document' in compiled && compiled.document.value).toMatchObject({ variables: { a: '[json(\'"ops"\')]', b: '[json(\'"2"\')]' } });
  });

  it('escapes text that ARM would read as an expression, and writes negative numbers', () => {
    const compiled = compileBicep("var a = '[not an expression]'\nvar b = -3\nvar c = '[half'\n", () => ({ error: 'none' }));
    expect('document' in compiled && compiled.document.value).toMatchObject({ variables: { a: '[[not an expression]', b: -3, c: '[half' } });
  });

  it('gives nameof() the name it names, as text known when the file is built', () => {
    const compiled = compileBicep(
      `param location string = 'japaneast'
var tags = { 'cost-center': 'ops' }
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: 'vnet'
  location: location
  resource web 'subnets' = { name: 'web' }
}
var names = [nameof(location), nameof(vnet), nameof(vnet.properties.subnets), nameof(vnet::web), nameof(tags['cost-center']), sys.nameof(tags)]
resource nsg 'Microsoft.Network/networkSecurityGroups@2024-05-01' = {
  name: 'nsg-\${nameof(vnet)}'
  location: location
}
`,
      () => ({ error: 'none' }),
    );
    expect('document' in compiled && compiled.diagnostics).toEqual([]);
    expect('document' in compiled && compiled.document.value).toMatchObject({
      variables: { names: ['location', 'vnet', 'subnets', 'web', 'cost-center', 'tags'] },
    });
    // Known when the file is built, the name waits for nothing.
    const resources = 'document' in compiled ? (compiled.document.value as { resources: Record<string, unknown>[] }).resources : [];
    expect(resources.find((r) => r['type'] === 'Microsoft.Network/networkSecurityGroups')).toMatchObject({ name: "[concat('nsg-', string('vnet'))]" });
    expect(resources.find((r) => r['type'] === 'Microsoft.Network/networkSecurityGroups')?.['dependsOn']).toBeUndefined();
    const other = compileBicep("var n = nameof(concat('a', 'b'))\n", () => ({ error: 'none' }));
    const reason = 'nameof() of anything but a name, a property or a child resource';
    expect('document' in other && other.diagnostics).toEqual([{ severity: 'warning', message: `${reason}: the value is unknown`, line: 1, column: 9 }]);
    expect(japaneseReason(reason)).toBe('nameof() の引数が名前、プロパティ、子リソースのいずれでもありません');
  });

  it('writes @secure() outputs as securestring and secureObject, and reads a module’s secure output with listOutputsWithSecureValues(), never its value', async () => {
    const compiled = compileBicep(
      `@secure()
type secretText = string
@secure()
output pw string = 'x'
@secure()
output settings object = { a: 1 }
output token secretText = 'y'
output plain string = 'z'
`,
      () => ({ error: 'none' }),
    );
    expect('document' in compiled && compiled.document.value).toMatchObject({
      outputs: { pw: { type: 'securestring' }, settings: { type: 'secureObject' }, token: { type: 'securestring' }, plain: { type: 'string' } },
    });
    const root = await folder({
      'main.bicep': `module store 'store.bicep' = {
  name: 'store'
}
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: 'kv'
}
resource secret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: kv
  name: 'conn'
  properties: {
    value: store.outputs.connection
    contentType: store.outputs.kind
    attributes: { enabled: store.outputs.admin.enabled, exp: store.outputs.inline.key }
  }
}
`,
      'store.bicep': `@secure()
output connection string = 'AccountKey=hunter2-not-for-reports'
output kind string = 'connection-string'
type login = {
  enabled: bool
  @secure()
  password: string
}
type logins = login[]
output admin login = { enabled: true, password: 'hunter2-too' }
output inline { @secure() key: string } = { key: 'hunter2-inline' }
output all logins = [{ enabled: true, password: 'hunter2-in-array' }]
`,
    });
    const loaded = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    const properties = loaded.resources.find((r) => r.name === 'kv/conn')?.body['properties'] as Record<string, unknown> | undefined;
    expect(properties?.['contentType']).toBe('connection-string');
    const value = properties?.['value'];
    expect(isUnknown(value) && value.credential).toMatch(/listOutputsWithSecureValues/);
    // An output of a type with a @secure() member is read the same way (Bicep's "IsOrContainsSecureType").
    const attributes = properties?.['attributes'] as Record<string, unknown> | undefined;
    expect(isUnknown(attributes?.['enabled']) && isUnknown(attributes?.['exp'])).toBe(true);
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    expect(JSON.stringify({ report, resources: loaded.resources })).not.toContain('hunter2');
  });

  it('writes a user-defined type with @secure() members as Bicep does (definitions, $ref, securestring), so each secure member is withheld and the others kept', async () => {
    const bicep = `@secure()
type secretText = string
type login = {
  user: string
  @secure()
  password: string
}
param admin login = { user: 'azureuser', password: 'hunter2-default' }
param admins login[]
param keys { *: secretText, @sys.secure() extra: object }
param plain { user: string, password: string } = { user: 'x', password: 'not-secure' }
resource pip 'Microsoft.Network/publicIPAddresses@2024-05-01' = {
  name: 'pip'
  location: 'japaneast'
  tags: {
    user: admin.user
    password: admin.password
    second: admins[1].password
    secondUser: admins[1].user
    key: keys.primary
    plain: plain.password
  }
}
`;
    const compiled = compileBicep(bicep, () => ({ error: 'none' }));
    const template = 'document' in compiled ? (compiled.document.value as { definitions?: object; parameters: Record<string, object> }) : undefined;
    expect(template?.definitions).toEqual({
      login: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'securestring' } } },
    });
    expect(template?.parameters['admin']).toMatchObject({ $ref: '#/definitions/login' });
    expect(template?.parameters['admins']).toMatchObject({ type: 'array', items: { $ref: '#/definitions/login' } });
    expect(template?.parameters['keys']).toMatchObject({ additionalProperties: { type: 'securestring' }, properties: { extra: { type: 'secureObject' } } });
    expect(template?.parameters['plain']).toEqual({ type: 'object', defaultValue: { user: 'x', password: 'not-secure' } });

    const root = await folder({
      'main.bicep': bicep,
      'main.bicepparam': `using 'main.bicep'
param admins = [{ user: 'a', password: 'hunter2-first' }, { user: 'b', password: 'hunter2-second' }]
param keys = { primary: 'hunter2-key', extra: { token: 'hunter2-token' } }
`,
    });
    const loaded = await loadInputs({ paths: [root], cwd: root });
    const tags = loaded.resources.find((r) => r.name === 'pip')?.body['tags'] as Record<string, unknown> | undefined;
    expect(tags?.['user']).toBe('azureuser');
    expect(tags?.['secondUser']).toBe('b');
    expect(tags?.['plain']).toBe('not-secure');
    const reason = (value: unknown): string | undefined => (isUnknown(value) && value.credential !== undefined ? value.reason : undefined);
    expect(reason(tags?.['password'])).toBe("secure parameter 'admin.password' (value withheld)");
    expect(reason(tags?.['second'])).toBe("secure parameter 'admins[1].password' (value withheld)");
    expect(reason(tags?.['key'])).toBe("secure parameter 'keys.primary' (value withheld)");
    expect(japaneseReason("secure parameter 'admin.password' (value withheld)")).toBe("セキュアパラメーター 'admin.password'（値は伏せられています）");
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    expect(JSON.stringify({ report, resources: loaded.resources })).not.toContain('hunter2');
  });

  it('writes a recursive type with @secure() members once, reads comments and decorators in types, and leaves a type it cannot read as before', () => {
    const compiled = compileBicep(
      `type node = {
  // a comment
  @description('the key') /* and another */
  @secure()
  key: string
  'child-node': node?
  pair: [string, @secure() object]
}
param tree node
param odd { @secure() key: string, other: resourceInput<'Microsoft.Network/virtualNetworks@2024-05-01'>.properties }
param broken { @secure() key: string, other: ( }
`,
      () => ({ error: 'none' }),
    );
    const template = 'document' in compiled ? (compiled.document.value as { definitions?: object; parameters: Record<string, object> }) : undefined;
    expect(template?.definitions).toEqual({
      node: {
        type: 'object',
        properties: {
          key: { type: 'securestring' },
          'child-node': { $ref: '#/definitions/node', nullable: true },
          pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'secureObject' }], items: false },
        },
      },
    });
    expect(template?.parameters['tree']).toEqual({ type: 'object', $ref: '#/definitions/node' });
    expect(template?.parameters['odd']).toEqual({ type: 'object', properties: { key: { type: 'securestring' }, other: {} } });
    expect(template?.parameters['broken']).toEqual({ type: 'object' });
  });

  it('reads one of a looped child resource through the nested resource accessor (st::blob::containers[i]), existing ones too, and counts [^i] from the end', async () => {
    const root = await folder({
      'main.bicep': `param names array = ['a', 'b', 'c']
param settings object = {}
resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' existing = {
  name: 'hub'
  resource subnets 'subnets' existing = [for name in names: {
    name: name
  }]
}
resource st 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stops'
  location: 'japaneast'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  resource blob 'blobServices' = {
    name: 'default'
    resource containers 'containers' = [for i in range(0, 2): {
      name: 'logs\${i}'
    }]
  }
}
resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {
  name: 'nic'
  location: 'japaneast'
  tags: {
    container: st::blob::containers[1].name
    containerId: st::blob::containers[0].id
    last: names[^1]
    beyond: names[?^9] ?? 'none'
    missing: settings.?zones[^1] ?? 'none'
    wholeType: st::blob::containers[0].type
  }
  properties: {
    ipConfigurations: [
      {
        name: 'ip'
        properties: { subnet: { id: vnet::subnets[1].id } }
      }
      {
        name: 'ip2'
        properties: { subnet: { id: vnet::subnets[^1].id } }
      }
    ]
  }
}
`,
    });
    const loaded = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(loaded.inputs[0]?.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const nic = loaded.resources.find((r) => r.name === 'nic');
    expect(nic?.body['tags']).toMatchObject({
      container: 'logs1',
      containerId: expect.stringMatching(/\/providers\/Microsoft\.Storage\/storageAccounts\/stops\/blobServices\/default\/containers\/logs0$/),
      last: 'c',
      beyond: 'none',
      missing: 'none',
      wholeType: 'Microsoft.Storage/storageAccounts/blobServices/containers',
    });
    const configurations = (nic?.body['properties'] as { ipConfigurations: { properties: { subnet: { id: string } } }[] }).ipConfigurations;
    expect(configurations.map((c) => c.properties.subnet.id)).toEqual([
      expect.stringMatching(/\/virtualNetworks\/hub\/subnets\/b$/),
      expect.stringMatching(/\/virtualNetworks\/hub\/subnets\/c$/),
    ]);
  });

  it('passes one resource of a looped one whole (vms[i]) as what reference() reads of it', () => {
    const compiled = compileBicep(
      `resource ips 'Microsoft.Network/publicIPAddresses@2024-05-01' = [for i in range(0, 2): {
  name: 'ip\${i}'
}]
output first object = ips[0]
`,
      () => ({ error: 'none' }),
    );
    expect('document' in compiled && compiled.diagnostics).toEqual([]);
    expect('document' in compiled && compiled.document.value).toMatchObject({
      outputs: {
        first: { value: "[reference(resourceId('Microsoft.Network/publicIPAddresses', concat('ip', string(range(0, 2)[0]))), '2024-05-01', 'full')]" },
      },
    });
  });

  it("passes a module parameter given kv.getSecret('name') as the Key Vault reference Bicep writes, resolved only at deployment", async () => {
    const main = `param vaultName string = 'kv-ops'
resource kv 'Microsoft.KeyVault/vaults@2023-07-01' existing = {
  name: vaultName
}
module vm 'vm.bicep' = {
  name: 'vm'
  params: {
    adminPassword: kv.getSecret('vm-admin')
    pinned: kv.getSecret('vm-admin', '0123456789abcdef')
  }
}
`;
    const compiled = compileBicep(main, () => ({ error: 'none' }));
    expect('document' in compiled && compiled.diagnostics).toEqual([]);
    expect('document' in compiled && compiled.document.value).toMatchObject({
      resources: [
        {
          properties: {
            parameters: {
              adminPassword: { reference: { keyVault: { id: "[resourceId('Microsoft.KeyVault/vaults', parameters('vaultName'))]" }, secretName: 'vm-admin' } },
              pinned: { reference: { secretName: 'vm-admin', secretVersion: '0123456789abcdef' } },
            },
          },
        },
      ],
    });
    const root = await folder({
      'main.bicep': main,
      'vm.bicep': `@secure()
param adminPassword string
@secure()
param pinned string
resource host 'Microsoft.Compute/virtualMachines@2024-07-01' = {
  name: 'host'
  location: 'japaneast'
  properties: { osProfile: { computerName: 'host', adminUsername: 'ops', adminPassword: adminPassword } }
}
`,
    });
    const loaded = await loadInputs({ paths: [path.join(root, 'main.bicep')], cwd: root });
    expect(loaded.inputs[0]?.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    const host = loaded.resources.find((r) => r.name === 'host');
    expect(isUnknown((host?.body['properties'] as { osProfile: Record<string, unknown> }).osProfile['adminPassword'])).toBe(true);
  });
});
