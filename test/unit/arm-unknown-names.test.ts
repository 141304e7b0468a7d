import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { get, type Resource } from '../../src/model/resource.js';
import { parentId } from '../../src/model/resource-id.js';
import { isUnknown, type Unknown } from '../../src/model/value.js';
import { scan } from '../../src/scan.js';
import { armTemplate, linuxVm, rid } from '../support/arm-snippets.js';

// A resource whose name is not known (a parameter without a value, as a Bicep file or a template
// scanned without parameters has) is named with one placeholder per value not known, so that the
// ids of its children nest under its id and resourceId() of the same name finds it.

function expand(template: object): Resource[] {
  return expandTemplate(parseJson(JSON.stringify(template)), { file: 'main.json' }).resources;
}

const byType = (resources: readonly Resource[], type: string): Resource[] => resources.filter((r) => r.type === type);
const VM = 'Microsoft.Compute/virtualMachines';
const EXT = 'Microsoft.Compute/virtualMachines/extensions';
const vmNamed = { parameters: { vmName: { type: 'string' }, prefix: { type: 'string' } } };

const publicIpNamed = (name: string): object => ({
  type: 'Microsoft.Network/publicIPAddresses',
  apiVersion: '2024-05-01',
  name,
  location: 'japaneast',
  sku: { name: 'Standard' },
  properties: { publicIPAllocationMethod: 'Static' },
});

const extension = (name: string, properties: object = {}): object => ({
  type: EXT,
  apiVersion: '2024-07-01',
  name,
  location: 'japaneast',
  properties: { publisher: 'Microsoft.Azure.Security.LinuxAttestation', type: 'GuestAttestation', typeHandlerVersion: '1.0', ...properties },
});

describe('ARM resources whose names are not known', () => {
  it('nests a child named format() or concat() of the parameter, or declared inside the VM, under the VM the parameter names', () => {
    const resources = expand(
      armTemplate(
        [
          linuxVm("[parameters('vmName')]", { resources: [{ ...extension('nested'), type: 'extensions' }] }),
          extension("[format('{0}/{1}', parameters('vmName'), 'GuestAttestation')]"),
          extension("[concat(parameters('vmName'), '/other')]"),
        ],
        vmNamed,
      ),
    );
    const [vm] = byType(resources, VM);
    expect(vm?.name).toBe("[parameters('vmName')]");
    expect(vm?.id).toBe(rid(VM, "[parameters('vmName')]"));
    const extensions = byType(resources, EXT);
    expect(extensions.map((r) => r.name).sort()).toEqual([
      "[parameters('vmName')]/GuestAttestation",
      "[parameters('vmName')]/nested",
      "[parameters('vmName')]/other",
    ]);
    for (const ext of extensions) expect(parentId(ext.id)).toBe(vm?.id);
  });

  it("resolves resourceId() of the same name to the resource's id, and leaves one naming no declared resource unknown", () => {
    const resources = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Network/networkInterfaces',
            apiVersion: '2024-05-01',
            name: "[concat(parameters('vmName'), '-nic')]",
            location: 'japaneast',
            properties: {
              ipConfigurations: [
                {
                  name: 'ipconfig1',
                  properties: { subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', parameters('prefix'), 'default')]" } },
                },
              ],
            },
          },
          linuxVm(
            "[parameters('vmName')]",
            {
              tags: {
                ipConfiguration:
                  "[concat(resourceId('Microsoft.Network/networkInterfaces', concat(parameters('vmName'), '-nic')), '/ipConfigurations/ipconfig1')]",
              },
            },
            { networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', format('{0}-nic', parameters('vmName')))]" }] } },
          ),
        ],
        vmNamed,
      ),
    );
    const [nic] = byType(resources, 'Microsoft.Network/networkInterfaces');
    const [vm] = byType(resources, VM);
    expect(nic?.id).toBe(rid('Microsoft.Network/networkInterfaces', "[parameters('vmName')]-nic"));
    expect(get(vm as Resource, 'properties', 'networkProfile', 'networkInterfaces', 0, 'id')).toBe(nic?.id);
    // Text joined from such an id, as templates write a pool or IP configuration id, is the part's id.
    expect(get(vm as Resource, 'tags', 'ipConfiguration')).toBe(`${nic?.id}/ipConfigurations/ipconfig1`);
    // The subnet's VNet is not in the template: its id stays unknown, with the parameter's reason.
    const subnet = get(nic as Resource, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id');
    expect(isUnknown(subnet) && (subnet as Unknown).reason).toBe("parameter 'prefix' has no value");
  });

  it('resolves the id of a part the resource lists by name (a subnet), and leaves one the resource does not list by that name unknown', () => {
    const nic = (name: string, subnet: string): object => ({
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name,
      location: 'japaneast',
      properties: {
        ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `[resourceId('Microsoft.Network/virtualNetworks/subnets', ${subnet})]` } } }],
      },
    });
    const resources = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2024-05-01',
            name: "[parameters('vnetName')]",
            location: 'japaneast',
            properties: {
              addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
              subnets: [
                { name: 'default', properties: { addressPrefix: '10.0.0.0/24' } },
                { name: "[parameters('subnetName')]", properties: { addressPrefix: '10.0.1.0/24' } },
              ],
            },
          },
          nic('nic-1', "parameters('vnetName'), 'default'"),
          nic('nic-2', "parameters('vnetName'), parameters('subnetName')"),
          nic('nic-3', "parameters('vnetName'), parameters('other')"),
        ],
        { parameters: { vnetName: { type: 'string' }, subnetName: { type: 'string' }, other: { type: 'string' } } },
      ),
    );
    const [vnet] = byType(resources, 'Microsoft.Network/virtualNetworks');
    const subnetOf = (name: string): unknown =>
      get(resources.find((r) => r.name === name) as Resource, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id');
    expect(subnetOf('nic-1')).toBe(`${vnet?.id}/subnets/default`);
    // Before: unknown. The VNet lists the subnet named by the parameter the NIC's id reads: that subnet.
    expect(subnetOf('nic-2')).toBe(`${vnet?.id}/subnets/[parameters('subnetName')]`);
    expect(get(vnet as Resource, 'properties', 'subnets', 1, 'name')).toBe("[parameters('subnetName')]");
    // Another parameter may or may not have the listed subnet's name: not known.
    expect(isUnknown(subnetOf('nic-3'))).toBe(true);
  });

  it('names a part listed with a name made from a parameter (a subnet `<prefix>-subnet`) as the resource is named, and one of any other making not', () => {
    const resources = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2024-05-01',
            name: "[concat(parameters('prefix'), '-vnet')]",
            location: 'japaneast',
            properties: {
              addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
              subnets: [
                { name: "[variables('subnetName')]", properties: { addressPrefix: '10.0.0.0/24' } },
                { name: "[take(parameters('prefix'), 3)]", properties: { addressPrefix: '10.0.1.0/24' } },
              ],
            },
          },
        ],
        { ...vmNamed, variables: { subnetName: "[concat(parameters('prefix'), '-subnet')]" } },
      ),
    );
    const [vnet] = byType(resources, 'Microsoft.Network/virtualNetworks');
    expect(get(vnet as Resource, 'properties', 'subnets', 0, 'name')).toBe("[parameters('prefix')]-subnet");
    expect(isUnknown(get(vnet as Resource, 'properties', 'subnets', 1, 'name'))).toBe(true);
    // A route table lists a route named by the parameter, and one is declared on its own under another
    // name: the listed one may be it (the graph says so), so its name stays not known.
    const [table] = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Network/routeTables',
            name: 'rt',
            properties: { routes: [{ name: "[parameters('prefix')]", properties: { nextHopType: 'Internet' } }] },
          },
          { type: 'Microsoft.Network/routeTables/routes', name: 'rt/default', dependsOn: ['rt'], properties: { nextHopType: 'None' } },
        ],
        vmNamed,
      ),
    );
    expect(isUnknown(get(table as Resource, 'properties', 'routes', 0, 'name'))).toBe(true);
  });

  it('names a resource by the branch if() chooses with a condition known, and leaves its references resolving to it', () => {
    const resources = expand(
      armTemplate(
        [
          {
            ...publicIpNamed("[if(equals(parameters('count'), 1), variables('prefix'), format('{0}{1}', variables('prefix'), 1))]"),
            tags: { self: "[resourceId('Microsoft.Network/publicIPAddresses', variables('prefix'))]" },
          },
        ],
        {
          parameters: { firewallName: { type: 'string' }, count: { type: 'int', defaultValue: 1 } },
          variables: { prefix: "[format('{0}PublicIP', parameters('firewallName'))]" },
        },
      ),
    );
    const [ip] = resources;
    // Before: the name kept its expression text, and the reference stayed unknown.
    expect(ip?.name).toBe("[parameters('firewallName')]PublicIP");
    expect(get(ip as Resource, 'tags', 'self')).toBe(ip?.id);
  });

  it('reads reference() of the resource by resourceId() of the same name, as Bicep writes vm.properties.x', () => {
    const resources = expand(
      armTemplate(
        [
          linuxVm("[parameters('vmName')]"),
          {
            type: 'Microsoft.Network/networkSecurityGroups',
            apiVersion: '2024-05-01',
            name: 'nsg1',
            location: 'japaneast',
            tags: {
              size: "[reference(resourceId('Microsoft.Compute/virtualMachines', parameters('vmName')), '2024-07-01').hardwareProfile.vmSize]",
              other: "[reference(resourceId('Microsoft.Compute/virtualMachines', parameters('prefix')), '2024-07-01').hardwareProfile.vmSize]",
            },
          },
        ],
        vmNamed,
      ),
    );
    const [nsg] = byType(resources, 'Microsoft.Network/networkSecurityGroups');
    expect(get(nsg as Resource, 'tags', 'size')).toBe('Standard_D2s_v5');
    // A VM the template does not declare is read at deployment only.
    expect(isUnknown(get(nsg as Resource, 'tags', 'other'))).toBe(true);
  });

  it("reads a scope written relative to the deployment's (Bicep's `scope: vm`) as the resource's id, and leaves one naming no declared resource unknown", () => {
    const lock = (name: string, scope: string): object => ({
      type: 'Microsoft.Authorization/locks',
      apiVersion: '2020-05-01',
      name,
      scope,
      properties: { level: 'CanNotDelete' },
    });
    const resources = expand(
      armTemplate(
        [
          linuxVm("[parameters('vmName')]"),
          lock('vm-lock', "[format('Microsoft.Compute/virtualMachines/{0}', parameters('vmName'))]"),
          lock('other-lock', "[format('Microsoft.Compute/virtualMachines/{0}', parameters('prefix'))]"),
        ],
        vmNamed,
      ),
    );
    const [vm] = byType(resources, VM);
    const [vmLock, otherLock] = byType(resources, 'Microsoft.Authorization/locks');
    expect(get(vmLock as Resource, 'scope')).toBe(vm?.id);
    expect(vmLock?.id).toBe(`${vm?.id}/providers/Microsoft.Authorization/locks/vm-lock`);
    const other = get(otherLock as Resource, 'scope');
    expect(isUnknown(other) && (other as Unknown).reason).toBe("parameter 'prefix' has no value");
  });

  it('keeps the copies of a loop named after a parameter apart', () => {
    const resources = expand(armTemplate([linuxVm("[concat(parameters('prefix'), copyIndex())]", { copy: { name: 'vms', count: 2 } })], vmNamed));
    expect(resources.map((r) => r.name)).toEqual(["[parameters('prefix')]0", "[parameters('prefix')]1"]);
    expect(new Set(resources.map((r) => r.key)).size).toBe(2);
  });

  it('does not take a name made from the parameter by another function for the parameter itself', () => {
    const resources = expand(
      armTemplate([linuxVm("[parameters('prefix')]"), linuxVm("[take(parameters('prefix'), 3)]"), linuxVm("[if(parameters('vmName'), 'a', 'b')]")], vmNamed),
    );
    expect(resources.map((r) => r.name)).toEqual(["[parameters('prefix')]", "[take(parameters('prefix'), 3)]", "[if(parameters('vmName'), 'a', 'b')]"]);
  });

  it('judges the extensions of a VM named by a parameter as its own (AZV-VM-016, AZV-VM-015)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-unknown-names-'));
    const file = path.join(dir, 'main.json');
    await writeFile(
      file,
      JSON.stringify(
        armTemplate(
          [
            linuxVm("[parameters('vmName')]"),
            extension("[format('{0}/{1}', parameters('vmName'), 'oms')]", {
              publisher: 'Microsoft.EnterpriseCloud.Monitoring',
              type: 'OmsAgentForLinux',
              typeHandlerVersion: '1.14',
            }),
            extension("[concat(parameters('vmName'), '/setup')]", {
              publisher: 'Microsoft.Azure.Extensions',
              type: 'CustomScript',
              typeHandlerVersion: '2.1',
              settings: { commandToExecute: "[concat('sh install.sh ', parameters('adminPassword'))]" },
            }),
          ],
          { parameters: { vmName: { type: 'string' }, adminPassword: { type: 'securestring' } } },
        ),
      ),
    );
    const report = await scan({ paths: [file] });
    const verdict = (ruleId: string): string | undefined =>
      report.evaluations.find((e) => e.ruleId === ruleId && e.resource.type === VM && e.resource.name === "[parameters('vmName')]")?.status;
    expect(verdict('AZV-VM-016')).toBe('fail');
    expect(verdict('AZV-VM-015')).toBe('fail');
  });

  it('judges a VNet, its subnet and the VM in it named from a parameter without a value as with a value (AZV-NET-008, AZV-NET-012, AZV-CONN-001, AZV-MON-012)', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-unknown-names-'));
    const template = (prefix: object): object =>
      armTemplate(
        [
          {
            type: 'Microsoft.Network/virtualNetworks',
            apiVersion: '2024-05-01',
            name: "[variables('vnetName')]",
            location: 'japaneast',
            properties: {
              addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
              subnets: [{ name: "[variables('subnetName')]", properties: { addressPrefix: '10.0.0.0/24' } }],
            },
          },
          {
            type: 'Microsoft.Network/networkInterfaces',
            apiVersion: '2024-05-01',
            name: "[concat(parameters('prefix'), '-nic')]",
            location: 'japaneast',
            properties: {
              ipConfigurations: [
                {
                  name: 'ipconfig1',
                  properties: {
                    privateIPAllocationMethod: 'Dynamic',
                    subnet: { id: "[resourceId('Microsoft.Network/virtualNetworks/subnets', variables('vnetName'), variables('subnetName'))]" },
                  },
                },
              ],
            },
          },
          linuxVm(
            "[concat(parameters('prefix'), '-vm')]",
            {},
            { networkProfile: { networkInterfaces: [{ id: "[resourceId('Microsoft.Network/networkInterfaces', concat(parameters('prefix'), '-nic'))]" }] } },
          ),
        ],
        {
          parameters: { prefix: { type: 'string', ...prefix } },
          variables: { vnetName: "[concat(parameters('prefix'), '-vnet')]", subnetName: "[concat(parameters('prefix'), '-subnet')]" },
        },
      );
    const verdicts = async (name: string, prefix: object): Promise<string[]> => {
      const file = path.join(dir, name);
      await writeFile(file, JSON.stringify(template(prefix)));
      const report = await scan({ paths: [file] });
      return report.evaluations
        .filter((e) => ['AZV-NET-008', 'AZV-NET-012', 'AZV-CONN-001', 'AZV-MON-012'].includes(e.ruleId))
        .map((e) => `${e.ruleId} ${e.resource.type} ${e.status}`)
        .sort();
    };
    const known = await verdicts('known.json', { defaultValue: 'app' });
    // Before: the subnet was listed with a name not known, so it was no subnet: its evaluations were absent.
    expect(known).toContain('AZV-NET-008 Microsoft.Network/virtualNetworks/subnets fail');
    expect(await verdicts('unknown.json', {})).toEqual(known);
  });
});
