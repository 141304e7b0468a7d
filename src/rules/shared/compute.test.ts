import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../inputs/arm/expand.js';
import { parseJson } from '../../inputs/json/parse.js';
import { ResourceGraph } from '../../model/graph.js';
import type { Resource } from '../../model/resource.js';
import { isUnknown } from '../../model/value.js';
import { armTemplate } from '../../../test/support/arm-snippets.js';
import { customImage, hasNoVmModel, isReadFromAzure, osFamily } from './compute.js';

function graphOf(resources: object[], extra: object = {}): ResourceGraph {
  return new ResourceGraph(expandTemplate(parseJson(JSON.stringify(armTemplate(resources, extra))), { file: 'compute.json' }).resources);
}

function only(graph: ResourceGraph, name: string): Resource {
  const found = graph.resources.find((resource) => resource.name === name);
  if (!found) throw new Error(`no resource ${name}`);
  return found;
}

/** A VM from a Marketplace image whose template gives neither the OS type nor an OS configuration block. */
const imageVm = (name: string, publisher: string, offer: string): object => ({
  type: 'Microsoft.Compute/virtualMachines',
  apiVersion: '2024-07-01',
  name,
  properties: {
    osProfile: { computerName: name, adminUsername: 'u' },
    storageProfile: { imageReference: { publisher, offer, sku: 'x', version: 'latest' }, osDisk: { createOption: 'FromImage' } },
  },
});

describe('osFamily', () => {
  it.each([
    ['sql2019-ubuntu2004', 'Linux'],
    ['sql2022-ubuntu2004', 'Linux'],
    ['sql2019-rhel8', 'Linux'],
    ['sql2019-sles12', 'Linux'],
    ['sql2019-ws2019', 'Windows'],
    ['sql2022-ws2022', 'Windows'],
    ['SQL2017-WS2016', 'Windows'],
    ['sql2016sp2-ws2019', 'Windows'],
  ])('tells a SQL Server image by its offer %s', (offer, family) => {
    const graph = graphOf([imageVm('sql-1', 'MicrosoftSQLServer', offer)]);
    expect(osFamily(graph, only(graph, 'sql-1'))).toBe(family);
  });

  it('does not guess from the SQL Server publisher alone', () => {
    const graph = graphOf([imageVm('sql-1', 'MicrosoftSQLServer', 'sql-something-new')]);
    expect(isUnknown(osFamily(graph, only(graph, 'sql-1')))).toBe(true);
  });

  it('keeps the SQL Server offer that only deployment knows as the reason', () => {
    const graph = graphOf([imageVm('sql-1', 'MicrosoftSQLServer', "[parameters('offer')]")], { parameters: { offer: { type: 'string' } } });
    const family = osFamily(graph, only(graph, 'sql-1'));
    expect(isUnknown(family) && family.reason).toMatch(/parameter 'offer' has no value/);
  });

  it('still takes Windows Server publishers for Windows', () => {
    const graph = graphOf([imageVm('win-1', 'MicrosoftWindowsServer', 'WindowsServer')]);
    expect(osFamily(graph, only(graph, 'win-1'))).toBe('Windows');
  });
});

describe('hasNoVmModel', () => {
  const scaleSet = (name: string, properties: object): object => ({
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    apiVersion: '2024-07-01',
    name,
    location: 'japaneast',
    properties,
  });
  const graph = graphOf(
    [
      scaleSet('flex-empty', { orchestrationMode: 'Flexible', platformFaultDomainCount: 1 }),
      scaleSet('flex-null', { orchestrationMode: 'Flexible', virtualMachineProfile: null }),
      scaleSet('flex-model', { orchestrationMode: 'Flexible', virtualMachineProfile: { storageProfile: { osDisk: { createOption: 'FromImage' } } } }),
      scaleSet('flex-unknown', { orchestrationMode: 'Flexible', virtualMachineProfile: "[parameters('model')]" }),
      imageVm('vm-1', 'Canonical', 'ubuntu-24_04-lts'),
    ],
    { parameters: { model: { type: 'object' } } },
  );

  it('is true for a scale set without a VM model', () => {
    expect(hasNoVmModel(only(graph, 'flex-empty'))).toBe(true);
    expect(hasNoVmModel(only(graph, 'flex-null'))).toBe(true);
  });

  it('is false for a scale set with a model, or one the input cannot read, and for a VM', () => {
    expect(hasNoVmModel(only(graph, 'flex-model'))).toBe(false);
    expect(hasNoVmModel(only(graph, 'flex-unknown'))).toBe(false);
    expect(hasNoVmModel(only(graph, 'vm-1'))).toBe(false);
  });
});

describe('isReadFromAzure', () => {
  it('tells a resource Azure returned (with its provisioningState) from one a template declares', () => {
    const graph = graphOf([
      imageVm('declared', 'Canonical', 'ubuntu-24_04-lts'),
      { type: 'Microsoft.Compute/virtualMachines', apiVersion: '2024-07-01', name: 'returned', properties: { provisioningState: 'Succeeded' } },
    ]);
    expect(isReadFromAzure(only(graph, 'declared'))).toBe(false);
    expect(isReadFromAzure(only(graph, 'returned'))).toBe(true);
  });
});

describe('customImage', () => {
  const vmFrom = (imageReference: unknown): object => ({
    type: 'Microsoft.Compute/virtualMachines',
    apiVersion: '2024-07-01',
    name: 'app-1',
    properties: { osProfile: { computerName: 'app-1', adminUsername: 'u' }, storageProfile: { imageReference, osDisk: { createOption: 'FromImage' } } },
  });
  const read = (imageReference: unknown, extra: object = {}): ReturnType<typeof customImage> => {
    const graph = graphOf([vmFrom(imageReference)], extra);
    return customImage(only(graph, 'app-1'));
  };

  it('finds a managed, gallery, shared or community gallery image, and where it is named', () => {
    expect(read({ id: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/golden' })).toEqual({
      value: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/images/golden',
      pointer: '/properties/storageProfile/imageReference/id',
    });
    expect(read({ sharedGalleryImageId: '/SharedGalleries/g/Images/i/Versions/latest' })).toMatchObject({
      pointer: '/properties/storageProfile/imageReference/sharedGalleryImageId',
    });
    expect(read({ communityGalleryImageId: '/CommunityGalleries/g/Images/i/Versions/latest' })).toMatchObject({
      pointer: '/properties/storageProfile/imageReference/communityGalleryImageId',
    });
  });

  it('finds none for a marketplace image', () => {
    expect(read({ publisher: 'Canonical', offer: 'ubuntu-24_04-lts', sku: 'server', version: 'latest' })).toBeUndefined();
  });

  it('cannot tell when the image reference is known only at deployment', () => {
    const image = read("[parameters('image')]", { parameters: { image: { type: 'object' } } });
    expect(isUnknown(image) && image.reason).toMatch(/parameter 'image' has no value/);
  });
});
