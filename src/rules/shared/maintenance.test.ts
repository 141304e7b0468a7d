import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../inputs/arm/expand.js';
import { parseJson } from '../../inputs/json/parse.js';
import { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { armTemplate, linuxVm, rid } from '../../../test/support/arm-snippets.js';
import { configurationAssignment, maintenanceConfiguration } from '../../../test/support/recovery-snippets.js';
import { inGuestPatchSchedules, maintenanceAssignments, patchOrchestration } from './maintenance.js';
import { parseDate, RULE_DATA_AS_OF } from './dates.js';

const AS_OF = parseDate(RULE_DATA_AS_OF) as number;

function graphOf(resources: object[], extra: object = {}): ResourceGraph {
  return new ResourceGraph(expandTemplate(parseJson(JSON.stringify(armTemplate(resources, extra))), { file: 'maintenance.json' }).resources);
}

function only(graph: ResourceGraph, name: string): Resource {
  const found = graph.resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

const dynamicScope = (filter: object): object => ({
  type: 'Microsoft.Maintenance/configurationAssignments',
  apiVersion: '2023-04-01',
  name: 'dynamic',
  location: 'global',
  scope: '[subscription().id]',
  properties: { maintenanceConfigurationId: rid('Microsoft.Maintenance/maintenanceConfigurations', 'weekly-patch'), filter },
});
const scaleSet = {
  type: 'Microsoft.Compute/virtualMachineScaleSets',
  apiVersion: '2024-07-01',
  name: 'web-vmss',
  location: 'japaneast',
  properties: {
    orchestrationMode: 'Flexible',
    virtualMachineProfile: {
      osProfile: { computerNamePrefix: 'web', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: true } },
      storageProfile: { imageReference: { publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' } },
    },
  },
};
const arcMachine = {
  type: 'Microsoft.HybridCompute/machines',
  apiVersion: '2024-07-10',
  name: 'onprem-1',
  location: 'japaneast',
  properties: { osType: 'linux' },
};

describe('maintenanceAssignments through a dynamic scope', () => {
  it('covers VMs and Arc-enabled servers, not scale sets, when the filter lists no resource types', () => {
    const graph = graphOf([linuxVm('app-1'), scaleSet, arcMachine, maintenanceConfiguration('weekly-patch'), dynamicScope({ locations: ['japaneast'] })]);
    expect(maintenanceAssignments(graph, only(graph, 'app-1')).found).toHaveLength(1);
    expect(maintenanceAssignments(graph, only(graph, 'onprem-1')).found).toHaveLength(1);
    expect(maintenanceAssignments(graph, only(graph, 'web-vmss')).found).toHaveLength(0);
  });

  it('covers only the resource types listed', () => {
    const graph = graphOf([
      linuxVm('app-1'),
      arcMachine,
      maintenanceConfiguration('weekly-patch'),
      dynamicScope({ resourceTypes: ['Microsoft.HybridCompute/machines'] }),
    ]);
    expect(maintenanceAssignments(graph, only(graph, 'app-1')).found).toHaveLength(0);
    expect(maintenanceAssignments(graph, only(graph, 'onprem-1')).found).toHaveLength(1);
  });

  it('cannot tell when the resource types are known only at deployment', () => {
    const graph = graphOf([linuxVm('app-1'), maintenanceConfiguration('weekly-patch'), dynamicScope({ resourceTypes: "[parameters('types')]" })], {
      parameters: { types: { type: 'array' } },
    });
    expect(maintenanceAssignments(graph, only(graph, 'app-1')).unknown?.reason).toMatch(/parameter 'types' has no value/);
  });
});

describe('inGuestPatchSchedules', () => {
  it('finds none for a scale set, even one a filter lists', () => {
    const graph = graphOf([
      scaleSet,
      maintenanceConfiguration('weekly-patch'),
      dynamicScope({ resourceTypes: ['Microsoft.Compute/virtualMachineScaleSets', 'Microsoft.Compute/virtualMachines'] }),
    ]);
    expect(inGuestPatchSchedules(graph, only(graph, 'web-vmss'), AS_OF)).toEqual({ found: [], expired: [] });
  });

  it('leaves out maintenance configurations of another scope', () => {
    const graph = graphOf([linuxVm('app-1'), maintenanceConfiguration('weekly-patch', { maintenanceScope: 'Host' }), dynamicScope({})]);
    expect(inGuestPatchSchedules(graph, only(graph, 'app-1'), AS_OF)).toEqual({ found: [], expired: [] });
  });

  it('lists a schedule whose window expired before the as-of date apart, and keeps one that expires later', () => {
    const window = (expirationDateTime: string): object => ({
      maintenanceWindow: { startDateTime: '2024-01-07 02:00', expirationDateTime, duration: '03:00', timeZone: 'UTC', recurEvery: '1Week Sunday' },
    });
    const graph = graphOf([
      linuxVm('app-1'),
      maintenanceConfiguration('old-patch', window('2025-01-31 00:00')),
      maintenanceConfiguration('new-patch', window('2027-01-31 00:00')),
      configurationAssignment('app-1-old', 'app-1', 'old-patch'),
      configurationAssignment('app-1-new', 'app-1', 'new-patch'),
    ]);
    const schedules = inGuestPatchSchedules(graph, only(graph, 'app-1'), AS_OF);
    expect(schedules.found.map((schedule) => schedule.name)).toEqual(['new-patch']);
    expect(schedules.expired.map((schedule) => schedule.name)).toEqual(['old-patch']);
    // The same schedules before the first one expired.
    expect(inGuestPatchSchedules(graph, only(graph, 'app-1'), parseDate('2025-01-01') as number).found).toHaveLength(2);
  });
});

describe('patchOrchestration', () => {
  const vmWith = (patchSettings: object): object =>
    linuxVm(
      'app-1',
      {},
      { osProfile: { computerName: 'app-1', adminUsername: 'u', linuxConfiguration: { disablePasswordAuthentication: true, patchSettings } } },
    );
  const read = (patchSettings: object, extra: object = {}): ReturnType<typeof patchOrchestration> => {
    const graph = graphOf([vmWith(patchSettings)], extra);
    return patchOrchestration(graph, only(graph, 'app-1'));
  };

  it('tells Customer Managed Schedules: AutomaticByPlatform with the safety checks bypassed', () => {
    const bypass = (value: unknown): object => ({
      patchMode: 'AutomaticByPlatform',
      automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: value },
    });
    expect(read(bypass(true))).toMatchObject({ automaticByPlatform: true, customerManagedSchedules: true });
    expect(read(bypass('True'))).toMatchObject({ automaticByPlatform: true, customerManagedSchedules: true });
    expect(read(bypass(false))).toMatchObject({ automaticByPlatform: true, customerManagedSchedules: false });
    expect(read({ patchMode: 'AutomaticByPlatform' })).toMatchObject({ automaticByPlatform: true, customerManagedSchedules: false });
    // The setting means nothing without AutomaticByPlatform.
    expect(read({ patchMode: 'ImageDefault', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: true } })).toMatchObject({
      automaticByPlatform: false,
      customerManagedSchedules: false,
    });
  });

  it('keeps a bypass setting only deployment knows as Unknown', () => {
    const result = read(
      { patchMode: 'AutomaticByPlatform', automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: "[parameters('bypass')]" } },
      { parameters: { bypass: { type: 'bool' } } },
    );
    expect(!isUnknown(result) && isUnknown(result.customerManagedSchedules)).toBe(true);
  });
});
