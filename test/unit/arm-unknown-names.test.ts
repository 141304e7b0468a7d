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

  it('resolves the id of a part the resource lists by name (a subnet), and leaves one whose name is not known there unknown', () => {
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
        ],
        { parameters: { vnetName: { type: 'string' }, subnetName: { type: 'string' } } },
      ),
    );
    const [vnet] = byType(resources, 'Microsoft.Network/virtualNetworks');
    const subnetOf = (name: string): unknown =>
      get(resources.find((r) => r.name === name) as Resource, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id');
    expect(subnetOf('nic-1')).toBe(`${vnet?.id}/subnets/default`);
    // The VNet lists the subnet with a name not known: whether it is the one named is not known either.
    expect(isUnknown(subnetOf('nic-2'))).toBe(true);
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
});
