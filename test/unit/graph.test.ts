import { describe, expect, it } from 'vitest';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { get, locate } from '../../src/model/resource.js';
import { formatResourceId, parentId, parseResourceId } from '../../src/model/resource-id.js';
import { isUnknown, type Value } from '../../src/model/value.js';
import { armTemplate, rid } from '../support/arm-snippets.js';

function graphOf(template: object, file = 'template.json'): ResourceGraph {
  return new ResourceGraph(expandTemplate(parseJson(JSON.stringify(template, null, 2)), { file }).resources);
}

const nsg = {
  type: 'Microsoft.Network/networkSecurityGroups',
  apiVersion: '2024-05-01',
  name: 'web-nsg',
  properties: { securityRules: [{ name: 'inline-https', properties: { priority: 100, access: 'Allow', direction: 'Inbound' } }] },
  resources: [{ type: 'securityRules', apiVersion: '2024-05-01', name: 'nested-ssh', properties: { priority: 200, access: 'Allow', direction: 'Inbound' } }],
};
const separateRule = {
  type: 'Microsoft.Network/networkSecurityGroups/securityRules',
  apiVersion: '2024-05-01',
  name: 'web-nsg/separate-rdp',
  properties: { priority: 300, access: 'Deny', direction: 'Inbound' },
};

describe('resource ids', () => {
  it('parses and formats child ids', () => {
    const id = rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'web');
    expect(parseResourceId(id)).toMatchObject({ type: 'Microsoft.Network/virtualNetworks/subnets', name: 'vnet/web', resourceGroup: 'azvmsec-rg' });
    expect(parentId(id)).toBe(rid('Microsoft.Network/virtualNetworks', 'vnet'));
    expect(formatResourceId('/subscriptions/s/resourceGroups/g', 'Microsoft.Network/virtualNetworks/subnets', 'vnet/web')).toBe(
      '/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/vnet/subnets/web',
    );
    expect(parseResourceId('/subscriptions/s')).toBeUndefined();
  });
});

describe('ResourceGraph', () => {
  it('merges nested and separately declared child resources into the parent, as Resource Graph shows them', () => {
    const graph = graphOf(armTemplate([nsg, separateRule]));
    const merged = graph.get(rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'));
    const rules = get(merged!, 'properties', 'securityRules') as { name: string }[];
    expect(rules.map((rule) => rule.name)).toEqual(['inline-https', 'nested-ssh', 'separate-rdp']);
    expect(graph.resources.map((resource) => resource.type)).toEqual(['Microsoft.Network/networkSecurityGroups']);
  });

  it("keeps a separately declared child's apiVersion on the merged entry", () => {
    const graph = graphOf(armTemplate([nsg, { ...separateRule, apiVersion: '2025-07-01' }]));
    const merged = graph.get(rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'))!;
    expect(get(merged, 'properties', 'securityRules', 2, 'apiVersion')).toBe('2025-07-01');
    expect(get(graph.get(rid('Microsoft.Network/networkSecurityGroups/securityRules', 'web-nsg', 'separate-rdp'))!, 'apiVersion')).toBe('2025-07-01');
    expect(get(merged, 'properties', 'securityRules', 0, 'apiVersion')).toBeUndefined();
  });

  it('reads a child written inline and declared on its own too as the one declared on its own, which is deployed after its parent', () => {
    const vnet = {
      type: 'Microsoft.Network/virtualNetworks',
      name: 'vnet',
      properties: {
        subnets: [
          { name: 'app', properties: { addressPrefix: '10.0.0.0/24' } },
          { name: 'data', properties: { addressPrefix: '10.0.1.0/24' } },
        ],
      },
    };
    const subnet = {
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 'vnet/APP',
      dependsOn: ['vnet'],
      properties: { addressPrefix: '10.0.0.0/24', routeTable: { id: rid('Microsoft.Network/routeTables', 'to-firewall') } },
    };
    const graph = graphOf(armTemplate([vnet, subnet]));
    const subnets = get(graph.get(rid('Microsoft.Network/virtualNetworks', 'vnet'))!, 'properties', 'subnets') as { name: string }[];
    expect(subnets.map((entry) => entry.name)).toEqual(['APP', 'data']);
    expect(graph.ofType('Microsoft.Network/virtualNetworks/subnets')).toHaveLength(2);
    expect(get(graph.get(rid('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'app'))!, 'properties', 'routeTable', 'id')).toBe(
      rid('Microsoft.Network/routeTables', 'to-firewall'),
    );
  });

  it('reads an inline child whose name is not known as not known where a child declared on its own may be it', () => {
    const table = {
      type: 'Microsoft.Network/routeTables',
      name: 'rt',
      properties: { routes: [{ name: "[parameters('routeName')]", properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance' } }] },
    };
    const route = {
      type: 'Microsoft.Network/routeTables/routes',
      name: 'rt/default',
      dependsOn: ['rt'],
      properties: { addressPrefix: '0.0.0.0/0', nextHopType: 'Internet' },
    };
    const graph = graphOf({ ...armTemplate([table, route]), parameters: { routeName: { type: 'string' } } });
    const routes = get(graph.get(rid('Microsoft.Network/routeTables', 'rt'))!, 'properties', 'routes') as Value[];
    expect(routes).toHaveLength(2);
    expect(isUnknown(routes[0]) && routes[0].reason).toBe(
      "an entry of routes of 'rt' whose name is not known (parameter 'routeName' has no value) may be 'default', declared on its own, which replaces it",
    );
    expect(get(graph.get(rid('Microsoft.Network/routeTables/routes', 'rt', 'default'))!, 'properties', 'nextHopType')).toBe('Internet');
    // A second child declared on its own leaves the entry as the first made it, its reason not nested again.
    const second = { ...route, name: 'rt/spoke', properties: { addressPrefix: '10.1.0.0/16', nextHopType: 'VnetLocal' } };
    const both = graphOf({ ...armTemplate([table, route, second]), parameters: { routeName: { type: 'string' } } });
    const entries = get(both.get(rid('Microsoft.Network/routeTables', 'rt'))!, 'properties', 'routes') as Value[];
    expect(entries).toHaveLength(3);
    expect(isUnknown(entries[0]) && entries[0].reason).toBe(
      "an entry of routes of 'rt' whose name is not known (parameter 'routeName' has no value) may be 'default', declared on its own, which replaces it",
    );
  });

  // A collection not known was replaced with the children declared on their own: the rules a parameter gives were lost.
  it('keeps a collection not known as an entry not known beside the children declared on their own', () => {
    const withRules = { type: nsg.type, apiVersion: nsg.apiVersion, name: nsg.name, properties: { securityRules: "[parameters('rules')]" } };
    const graph = graphOf({ ...armTemplate([withRules, separateRule]), parameters: { rules: { type: 'array' } } });
    const rules = get(graph.get(rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'))!, 'properties', 'securityRules') as Value[];
    expect(rules).toHaveLength(2);
    expect(isUnknown(rules[0]) && rules[0].reason).toBe("parameter 'rules' has no value");
    expect(get(graph.get(rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'))!, 'properties', 'securityRules', 1, 'name')).toBe('separate-rdp');
  });

  it('makes every child addressable by its id, case-insensitively', () => {
    const graph = graphOf(armTemplate([nsg, separateRule]));
    for (const name of ['inline-https', 'nested-ssh', 'separate-rdp']) {
      const id = rid('Microsoft.Network/networkSecurityGroups/securityRules', 'web-nsg', name).toUpperCase();
      expect(graph.get(id)?.name).toBe(`web-nsg/${name}`);
    }
    expect(graph.ofType('microsoft.network/networksecuritygroups/securityrules')).toHaveLength(3);
  });

  it('maps a pointer inside a merged child back to where the child was written', () => {
    const graph = graphOf(armTemplate([nsg, separateRule]));
    const merged = graph.get(rid('Microsoft.Network/networkSecurityGroups', 'web-nsg'))!;
    const text = JSON.stringify(armTemplate([nsg, separateRule]), null, 2).split('\n');
    const lineOf = (needle: string, after = 0): number => text.findIndex((line, i) => i >= after && line.includes(needle)) + 1;
    expect(locate(merged, '/properties/securityRules/0/properties/priority')?.line).toBe(lineOf('"priority": 100'));
    expect(locate(merged, '/properties/securityRules/1/properties/priority')?.line).toBe(lineOf('"priority": 200'));
    expect(locate(merged, '/properties/securityRules/2/properties/priority')).toMatchObject({
      line: lineOf('"priority": 300'),
      pointer: '/resources/1/properties/priority',
    });
  });

  it('answers a repeated question the same, however the id is spelled, and a miss stays a miss', () => {
    const graph = graphOf(armTemplate([nsg]));
    const id = rid('Microsoft.Network/networkSecurityGroups', 'web-nsg');
    const spellings = [id, id.toUpperCase(), id.toLowerCase(), `${id}/`, id, id.toUpperCase()];
    const found = spellings.map((spelled) => graph.get(spelled));
    expect(found[0]?.name).toBe('web-nsg');
    for (const resource of found) expect(resource).toBe(found[0]);
    const absent = rid('Microsoft.Network/networkSecurityGroups', 'other-nsg');
    expect(graph.get(absent)).toBeUndefined();
    expect(graph.get(absent)).toBeUndefined();
    expect(graph.get(absent.toUpperCase())).toBeUndefined();
  });

  it('resolves references, saying why when it cannot', () => {
    const graph = graphOf(
      armTemplate([{ type: 'Microsoft.Network/networkInterfaces', apiVersion: '2024-05-01', name: 'nic', properties: { ipConfigurations: [] } }]),
    );
    expect(graph.resolve({ id: rid('Microsoft.Network/networkInterfaces', 'NIC') })).toMatchObject({ name: 'nic' });
    const missing = graph.resolve({ id: rid('Microsoft.Network/publicIPAddresses', 'pip') });
    expect(isUnknown(missing) && missing.reason).toBe("Microsoft.Network/publicIPAddresses 'pip' is not in the scanned input");
    expect(graph.resolve(undefined)).toBeUndefined();
  });

  it('prefers a resource from the same input when two inputs declare the same id', () => {
    const a = expandTemplate(parseJson(JSON.stringify(armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', sku: { name: 'Basic' } }]))), {
      file: 'a.json',
    }).resources;
    const b = expandTemplate(
      parseJson(JSON.stringify(armTemplate([{ type: 'Microsoft.Network/publicIPAddresses', name: 'pip', sku: { name: 'Standard' } }]))),
      { file: 'b.json' },
    ).resources;
    const graph = new ResourceGraph([...a, ...b]);
    expect(get(graph.get(rid('Microsoft.Network/publicIPAddresses', 'pip'), b[0])!, 'sku', 'name')).toBe('Standard');
  });

  it('reads an id one input declares several times as one resource, not known where the declarations differ, in any order', () => {
    // Two deployments that nothing orders redeploy one NSG: whichever finishes last is what exists.
    const declaration = (rules: object[]) => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: `d${rules.length}`,
      properties: {
        mode: 'Incremental',
        template: armTemplate([
          {
            type: 'Microsoft.Network/networkSecurityGroups',
            name: 'web-nsg',
            location: 'japaneast',
            tags: { team: 'web' },
            properties: { securityRules: rules },
          },
        ]),
      },
    });
    const ssh = { name: 'ssh', properties: { priority: 100, access: 'Allow', direction: 'Inbound', destinationPortRange: '22', sourceAddressPrefix: '*' } };
    const closed = { name: 'ssh', properties: { priority: 100, access: 'Deny', direction: 'Inbound', destinationPortRange: '22', sourceAddressPrefix: '*' } };
    const https = { name: 'https', properties: { priority: 200, access: 'Allow', direction: 'Inbound', destinationPortRange: '443' } };
    const id = rid('Microsoft.Network/networkSecurityGroups', 'web-nsg');
    for (const order of [
      [declaration([ssh, https]), declaration([closed])],
      [declaration([closed]), declaration([ssh, https])],
    ]) {
      const graph = graphOf(armTemplate(order));
      expect(graph.ofType('Microsoft.Network/networkSecurityGroups')).toHaveLength(2);
      const read = graph.get(id)!;
      expect(get(read, 'location')).toBe('japaneast');
      expect(get(read, 'tags')).toEqual({ team: 'web' });
      const rules = get(read, 'properties', 'securityRules');
      expect(isUnknown(rules) && rules.reason).toBe(
        "Microsoft.Network/networkSecurityGroups 'web-nsg' is declared 2 times, differently here, and which declaration a reference to it names is not known",
      );
      expect(graph.get(id)).toBe(read);
    }
    // Lists of one length are read member by member: only what differs is not known.
    const graph = graphOf(armTemplate([declaration([ssh]), { ...declaration([closed]), name: 'other' }]));
    expect(get(graph.get(id)!, 'properties', 'securityRules', 0, 'properties', 'priority')).toBe(100);
    expect(isUnknown(get(graph.get(id)!, 'properties', 'securityRules', 0, 'properties', 'access'))).toBe(true);
  });

  it('lists who refers to a resource', () => {
    const graph = graphOf(
      armTemplate([
        { type: 'Microsoft.Network/publicIPAddresses', name: 'pip' },
        {
          type: 'Microsoft.Network/networkInterfaces',
          name: 'nic',
          properties: { ipConfigurations: [{ name: 'c', properties: { publicIPAddress: { id: rid('Microsoft.Network/publicIPAddresses', 'pip') } } }] },
        },
      ]),
    );
    const pip = graph.get(rid('Microsoft.Network/publicIPAddresses', 'pip'))!;
    expect(graph.referencesTo(pip, ['Microsoft.Network/networkInterfaces']).map((r) => [r.resource.name, r.pointer])).toEqual([
      ['nic', '/properties/ipConfigurations/0/properties/publicIPAddress'],
    ]);
  });
});
