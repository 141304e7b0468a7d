import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandTemplate, type ExpandOptions } from '../../src/inputs/arm/expand.js';
import { loadInputs } from '../../src/inputs/files/load.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { get, locate, type Resource } from '../../src/model/resource.js';
import { isUnknown, type Unknown, type Value } from '../../src/model/value.js';
import { armTemplate, rid } from '../support/arm-snippets.js';
import { DEFAULT_SCOPE } from '../../src/inputs/arm/scope.js';

function expand(template: object, options: Partial<ExpandOptions> = {}): ReturnType<typeof expandTemplate> & { text: string } {
  const text = JSON.stringify(template, null, 2);
  return { ...expandTemplate(parseJson(text), { file: 'main.json', ...options }), text };
}

const names = (resources: readonly Resource[]): string[] => resources.map((r) => r.name);
const lineOf = (text: string, needle: string): number => text.split('\n').findIndex((line) => line.includes(needle)) + 1;
const pip = (name: string, extra: object = {}): object => ({ type: 'Microsoft.Network/publicIPAddresses', apiVersion: '2024-05-01', name, ...extra });

describe('ARM template expansion', () => {
  it('expands resource copy loops with copyIndex offsets and .NET formats', () => {
    const { resources } = expand(
      armTemplate([pip("[format('web{0:00}-pip', copyIndex(1))]", { copy: { name: 'pips', count: "[parameters('count')]" } })], {
        parameters: { count: { type: 'int', defaultValue: 3 } },
      }),
    );
    expect(names(resources)).toEqual(['web01-pip', 'web02-pip', 'web03-pip']);
    expect(resources[2]?.id).toBe(rid('Microsoft.Network/publicIPAddresses', 'web03-pip'));
  });

  it('takes parameter-file values over defaults, and a copy count of zero deploys nothing', () => {
    const template = armTemplate([pip("[concat('pip', copyIndex())]", { copy: { name: 'pips', count: "[parameters('count')]" } })], {
      parameters: { count: { type: 'int', defaultValue: 3 } },
    });
    expect(expand(template, { parameterValues: new Map([['COUNT', 0]]) }).resources).toEqual([]);
  });

  it('warns of a value outside allowedValues; an array may hold any of them, a nullable parameter null', () => {
    const template = armTemplate(
      [pip('pip', { tags: { sku: "[parameters('sku')]", logs: "[string(parameters('logs'))]", policies: "[parameters('policies')]" } })],
      {
        parameters: {
          sku: { type: 'string', defaultValue: 'Standard', allowedValues: ['Basic', 'Standard'] },
          logs: { type: 'array', defaultValue: ['Audit'], allowedValues: ['Audit', 'Security'] },
          policies: { type: 'string', nullable: true, allowedValues: ['Disabled', 'Enabled'] },
        },
      },
    );
    const messages = (values: [string, Value][]): string[] => expand(template, { parameterValues: new Map(values) }).diagnostics.map((d) => d.message);
    // Before: an array of allowed values was itself "not one of its allowedValues" (every Azure Verified Module's diagnostic settings).
    expect(messages([])).toEqual([]);
    expect(messages([['logs', ['Security', 'Audit']]])).toEqual([]);
    expect(messages([['sku', 'Premium']])).toEqual(['Parameter \'sku\' is "Premium", which is not one of its allowedValues']);
    expect(messages([['logs', ['Audit', 'Debug']]])).toEqual(['Parameter \'logs\' is ["Audit","Debug"], which is not one of its allowedValues']);
    // A nullable parameter (Bicep's `string?`) may be null; null given for one with a default takes the default.
    expect(messages([['policies', null]])).toEqual([]);
    expect(messages([['sku', null]])).toEqual([]);
    expect(get(expand(template, { parameterValues: new Map([['sku', null]]) }).resources[0] as Resource, 'tags', 'sku')).toBe('Standard');
  });

  it('removes a resource whose condition is false and keeps one whose condition is unknown', () => {
    const { resources, diagnostics } = expand(
      armTemplate(
        [
          pip('kept', { condition: "[equals(parameters('mode'), 'new')]" }),
          pip('dropped', { condition: false }),
          pip('maybe', { condition: "[parameters('unset')]" }),
        ],
        {
          parameters: { mode: { type: 'string', defaultValue: 'new' }, unset: { type: 'bool' } },
        },
      ),
    );
    expect(names(resources)).toEqual(['kept', 'maybe']);
    expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'info', message: expect.stringContaining("parameter 'unset' has no value") }));
  });

  it("deploys the children declared in a resource whose condition is false: conditions don't cascade", () => {
    const { resources } = expand(
      armTemplate([
        {
          condition: false,
          type: 'Microsoft.Sql/servers',
          apiVersion: '2023-08-01-preview',
          name: 'sql1',
          resources: [
            {
              type: 'firewallRules',
              apiVersion: '2023-08-01-preview',
              name: 'AllowAll',
              properties: { startIpAddress: '0.0.0.0', endIpAddress: '255.255.255.255' },
            },
          ],
        },
      ]),
    );
    expect(resources.map((r) => [r.type, r.name])).toEqual([['Microsoft.Sql/servers/firewallRules', 'sql1/AllowAll']]);
  });

  it('reads a nullable parameter without a value as null, a parameter typed by a definition with its type, and conditional outputs', () => {
    const { resources } = expand(
      armTemplate(
        [
          pip('pip', {
            properties: { publicIPAllocationMethod: "[if(empty(parameters('allocation')), 'Static', parameters('allocation'))]" },
            tags: { password: "[parameters('adminPassword')]" },
          }),
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'inner',
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope: 'inner' },
              template: armTemplate([], { outputs: { hidden: { condition: false, type: 'string', value: 'Enabled' } } }),
            },
          },
          pip('after', { tags: { hidden: "[string(contains(reference('inner').outputs, 'hidden'))]" } }),
        ],
        {
          definitions: { secretType: { type: 'securestring' } },
          parameters: {
            allocation: { type: 'string', nullable: true },
            adminPassword: { $ref: '#/definitions/secretType', defaultValue: 'P@ssw0rd1234!' },
          },
        },
      ),
    );
    const first = resources.find((r) => r.name === 'pip') as Resource;
    expect(get(first, 'properties', 'publicIPAllocationMethod')).toBe('Static');
    const password = get(first, 'tags', 'password');
    expect(isUnknown(password) && (password as Unknown).credential).toBe("secure parameter 'adminPassword'");
    expect(get(resources.find((r) => r.name === 'after') as Resource, 'tags', 'hidden')).toBe('False');
  });

  it("puts a nested deployment's resources where the deployment points, whatever the nested template's $schema", () => {
    const rgSchema = 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#';
    const nested = (name: string, where: object, resources: object[]): object => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name,
      location: 'japaneast',
      ...where,
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        template: { $schema: rgSchema, contentVersion: '1.0.0.0', resources },
      },
    });
    const owner = {
      type: 'Microsoft.Authorization/roleAssignments',
      apiVersion: '2022-04-01',
      name: '00000000-0000-0000-0000-0000000000aa',
      properties: { roleDefinitionId: '/providers/Microsoft.Authorization/roleDefinitions/8e3af657-a8ff-443c-a75c-2fe8c4bcb635', principalId: 'p' },
    };
    const { resources } = expand({
      $schema: 'https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#',
      contentVersion: '1.0.0.0',
      resources: [
        // "To target a subscription within the management group, use a nested deployment and the subscriptionId property."
        nested('to-sub', { subscriptionId: '11111111-1111-1111-1111-111111111111' }, [
          { type: 'Microsoft.Resources/resourceGroups', apiVersion: '2024-03-01', name: 'rg-new', location: 'japaneast' },
          owner,
        ]),
        // "To target another management group, add a nested deployment and specify the scope property."
        nested('to-child', { scope: 'Microsoft.Management/managementGroups/childMg' }, [
          { type: 'Microsoft.Authorization/policyAssignments', apiVersion: '2024-04-01', name: 'mcsb', properties: {} },
        ]),
      ],
    });
    expect(resources.map((r) => r.id)).toEqual([
      '/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Resources/resourceGroups/rg-new',
      '/subscriptions/11111111-1111-1111-1111-111111111111/providers/Microsoft.Authorization/roleAssignments/00000000-0000-0000-0000-0000000000aa',
      '/providers/Microsoft.Management/managementGroups/childMg/providers/Microsoft.Authorization/policyAssignments/mcsb',
    ]);
  });

  it('expands property copy loops and maps their items back to the loop input', () => {
    const template = armTemplate([
      {
        type: 'Microsoft.Compute/virtualMachines',
        apiVersion: '2024-07-01',
        name: 'db',
        properties: {
          storageProfile: {
            copy: [{ name: 'dataDisks', count: 3, input: { lun: "[copyIndex('dataDisks')]", createOption: 'Empty', diskSizeGB: 128 } }],
          },
        },
      },
    ]);
    const { resources, text } = expand(template);
    const vm = resources[0] as Resource;
    expect((get(vm, 'properties', 'storageProfile', 'dataDisks') as { lun: number }[]).map((d) => d.lun)).toEqual([0, 1, 2]);
    expect(locate(vm, '/properties/storageProfile/dataDisks/2/lun')).toMatchObject({
      line: lineOf(text, '"lun"'),
      pointer: '/resources/0/properties/storageProfile/copy/0/input/lun',
    });
  });

  it('evaluates property names that are expressions, and keeps one that does not give a string as written', () => {
    const { resources } = expand(
      armTemplate(
        [
          pip('p', {
            identity: { type: 'UserAssigned', userAssignedIdentities: { "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app')]": {} } },
            tags: { "[concat('owner-', 'team')]": 'x', '[[literal]': 'y', "[parameters('unset')]": 'z' },
          }),
        ],
        { parameters: { unset: { type: 'string' } } },
      ),
    );
    const resource = resources[0] as Resource;
    expect(Object.keys(get(resource, 'identity', 'userAssignedIdentities') as object)).toEqual([
      rid('Microsoft.ManagedIdentity/userAssignedIdentities', 'id-app'),
    ]);
    expect(Object.keys(get(resource, 'tags') as object)).toEqual(['owner-team', '[literal]', "[parameters('unset')]"]);
  });

  it('evaluates variables, variable copy loops and user-defined functions', () => {
    const { resources } = expand(
      armTemplate([pip("[contoso.pipName(variables('names')[1])]", { tags: { all: "[string(variables('names'))]" } })], {
        variables: { prefix: 'ctso', copy: [{ name: 'names', count: 2, input: "[concat(variables('prefix'), '-', copyIndex('names'))]" }] },
        functions: [
          {
            namespace: 'contoso',
            members: { pipName: { parameters: [{ name: 'base', type: 'string' }], output: { type: 'string', value: "[concat(parameters('base'), '-pip')]" } } },
          },
        ],
      }),
    );
    expect(names(resources)).toEqual(['ctso-1-pip']);
    expect(get(resources[0] as Resource, 'tags', 'all')).toBe('["ctso-0","ctso-1"]');
  });

  it("expands copy loops inside a variable's object value", () => {
    const { resources, diagnostics } = expand(
      armTemplate([pip("[concat('pip-', variables('rules').lbRules[1].port)]")], {
        variables: { rules: { copy: [{ name: 'lbRules', count: 2, input: { port: "[add(80, copyIndex('lbRules'))]" } }] } },
      }),
    );
    expect(diagnostics).toEqual([]);
    expect(names(resources)).toEqual(['pip-81']);
  });

  it('reads languageVersion 2.0 symbolic resources and skips existing ones', () => {
    const { resources } = expand({
      $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
      languageVersion: '2.0',
      contentVersion: '1.0.0.0',
      resources: {
        vnet: { existing: true, type: 'Microsoft.Network/virtualNetworks', apiVersion: '2024-05-01', name: 'hub' },
        ip: pip('jump-pip'),
      },
    });
    expect(names(resources)).toEqual(['jump-pip']);
  });

  it('composes nested child names and types (a relative type may have several segments), and normalizes the /providers/ extension form', () => {
    const { resources } = expand(
      armTemplate([
        {
          type: 'Microsoft.Network/virtualNetworks',
          apiVersion: '2024-05-01',
          name: 'hub',
          resources: [{ type: 'subnets', apiVersion: '2024-05-01', name: 'mgmt', properties: { addressPrefix: '10.0.3.0/24' } }],
        },
        {
          type: 'Microsoft.Storage/storageAccounts',
          apiVersion: '2023-05-01',
          name: 'logs',
          resources: [{ type: 'blobServices/containers', apiVersion: '2023-05-01', name: 'default/pcaps' }],
        },
        {
          type: 'Microsoft.Network/networkSecurityGroups',
          apiVersion: '2024-05-01',
          name: 'web-nsg',
          resources: [{ type: 'providers/diagnosticSettings', apiVersion: '2021-05-01-preview', name: 'Microsoft.Insights/flow', properties: {} }],
        },
        {
          type: 'Microsoft.Network/networkSecurityGroups/providers/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          name: 'nsg/Microsoft.Insights/to-law',
          properties: {},
        },
      ]),
    );
    expect(resources.map((r) => [r.type, r.name])).toEqual([
      ['Microsoft.Network/virtualNetworks', 'hub'],
      ['Microsoft.Network/virtualNetworks/subnets', 'hub/mgmt'],
      ['Microsoft.Storage/storageAccounts', 'logs'],
      ['Microsoft.Storage/storageAccounts/blobServices/containers', 'logs/default/pcaps'],
      ['Microsoft.Network/networkSecurityGroups', 'web-nsg'],
      ['Microsoft.Insights/diagnosticSettings', 'flow'],
      ['Microsoft.Insights/diagnosticSettings', 'to-law'],
    ]);
    expect(resources[5]?.id).toBe(`${rid('Microsoft.Network/networkSecurityGroups', 'web-nsg')}/providers/Microsoft.Insights/diagnosticSettings/flow`);
    expect(resources[6]?.id).toBe(`${rid('Microsoft.Network/networkSecurityGroups', 'nsg')}/providers/Microsoft.Insights/diagnosticSettings/to-law`);
  });

  it('reads an extension resource scope written relative to the resource group, as Bicep writes it', () => {
    const { resources } = expand(
      armTemplate([
        {
          type: 'Microsoft.Insights/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          scope: "[format('Microsoft.KeyVault/vaults/{0}', 'kv')]",
          name: 'audit',
          properties: {},
        },
      ]),
    );
    expect(resources[0]?.id).toBe(`${rid('Microsoft.KeyVault/vaults', 'kv')}/providers/Microsoft.Insights/diagnosticSettings/audit`);
  });

  it('gives nested deployments with inner scope their own parameters, and deploys into their resource group', () => {
    const inner = armTemplate([pip("[parameters('pipName')]")], { parameters: { pipName: { type: 'string', defaultValue: 'not-this' } } });
    const { resources } = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'network',
            resourceGroup: 'net-rg',
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope: 'inner' },
              parameters: { pipName: { value: "[concat(parameters('prefix'), '-pip')]" } },
              template: inner,
            },
          },
        ],
        { parameters: { prefix: { type: 'string', defaultValue: 'hub' } } },
      ),
    );
    expect(names(resources)).toEqual(['hub-pip']);
    expect(resources[0]?.id).toContain('/resourceGroups/net-rg/');
  });

  it('expands property copy loops in the parameter values a nested deployment is passed', () => {
    const disk = { type: 'Microsoft.Compute/disks', apiVersion: '2024-03-02', name: "[concat('disk-', parameters('disks').dataDisks[1].lun)]" };
    const inner = armTemplate([disk], { parameters: { disks: { type: 'object' } } });
    const copy = [{ name: 'dataDisks', count: 2, input: { lun: "[copyIndex('dataDisks')]", createOption: 'Empty' } }];
    const { resources, diagnostics } = expand(
      armTemplate([
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'server',
          properties: { mode: 'Incremental', expressionEvaluationOptions: { scope: 'inner' }, parameters: { disks: { value: { copy } } }, template: inner },
        },
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(names(resources)).toEqual(['disk-1']);
  });

  it('reads a parameter value a nested deployment is passed as a property loop named value, as Bicep writes a for expression', () => {
    // Bicep: `params: { ports: [for p in ports: …] }` → `"ports": { "copy": [{ "name": "value", … }] }` (every AVM module's NIC ipConfigurations).
    const nsg = {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2024-05-01',
      name: 'nsg',
      properties: { securityRules: "[parameters('rules')]" },
    };
    const copy = [{ name: 'value', count: "[length(parameters('ports'))]", input: { name: "[format('allow-{0}', parameters('ports')[copyIndex('value')])]" } }];
    const { resources, diagnostics } = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'module',
            properties: {
              mode: 'Incremental',
              expressionEvaluationOptions: { scope: 'inner' },
              parameters: { rules: { copy } },
              template: armTemplate([nsg], { parameters: { rules: { type: 'array' } } }),
            },
          },
        ],
        { parameters: { ports: { type: 'array', defaultValue: ['22', '3389'] } } },
      ),
    );
    expect(diagnostics).toEqual([]);
    expect(get(resources[0] as Resource, 'properties', 'securityRules')).toEqual([{ name: 'allow-22' }, { name: 'allow-3389' }]);
  });

  it('reads a parameter entry a nested deployment is passed as an expression that gives { value }, as Bicep writes a conditional one', () => {
    const nsg = {
      type: 'Microsoft.Network/networkSecurityGroups',
      apiVersion: '2024-05-01',
      name: 'nsg',
      properties: { securityRules: "[parameters('rules')]" },
    };
    const module = (rules: string): object => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'module',
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: { rules },
        template: armTemplate([nsg], { parameters: { rules: { type: 'array', defaultValue: ['not-this'] } } }),
      },
    });
    const rules = (template: object): Value | undefined => get(expand(template).resources[0] as Resource, 'properties', 'securityRules');
    const conditional =
      "[if(equals(parameters('rdp'), 'No'), createObject('value', createArray()), createObject('value', createArray(createObject('name', 'allow-rdp'))))]";
    expect(rules(armTemplate([module(conditional)], { parameters: { rdp: { type: 'string', defaultValue: '*' } } }))).toEqual([{ name: 'allow-rdp' }]);
    expect(rules(armTemplate([module(conditional)], { parameters: { rdp: { type: 'string', defaultValue: 'No' } } }))).toEqual([]);
    // An entry that cannot be evaluated leaves the parameter unknown, not its default.
    expect(isUnknown(rules(armTemplate([module("[parameters('unset')]")], { parameters: { unset: { type: 'object' } } })))).toBe(true);
  });

  it('evaluates nested deployments with outer scope in the parent’s context', () => {
    const { resources, text } = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'outer',
            properties: { mode: 'Incremental', template: armTemplate([pip("[concat(variables('prefix'), '-nested-pip')]")]) },
          },
        ],
        { variables: { prefix: 'spoke' } },
      ),
    );
    expect(names(resources)).toEqual(['spoke-nested-pip']);
    expect(locate(resources[0] as Resource, '/name')).toMatchObject({
      line: lineOf(text, 'nested-pip'),
      pointer: '/resources/0/properties/template/resources/0/name',
    });
  });

  it('resolves the scope functions of a nested template with outer scope to the parent’s resource group, as Microsoft documents', () => {
    // "ARM template functions in deployment scopes": nested, outer (default) → parent resource group; inner → its own.
    const nic = (name: string) => ({
      type: 'Microsoft.Network/networkInterfaces',
      apiVersion: '2024-05-01',
      name,
      location: '[resourceGroup().name]',
      properties: { networkSecurityGroup: { id: "[resourceId('Microsoft.Network/networkSecurityGroups', 'nsg')]" } },
    });
    const deployment = (name: string, scope?: 'inner') => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name,
      resourceGroup: 'inline-rg',
      properties: { mode: 'Incremental', ...(scope ? { expressionEvaluationOptions: { scope } } : {}), template: armTemplate([nic(`${name}-nic`)]) },
    });
    const { resources } = expand(armTemplate([deployment('outer'), deployment('inner', 'inner')]));
    const nics = resources.filter((r) => r.type === 'Microsoft.Network/networkInterfaces');
    const read = (name: string) => nics.find((r) => r.name === name) as Resource;
    // Each deploys to the nested deployment's group; the outer one's expressions name the parent's.
    expect(read('outer-nic').id).toContain('/resourceGroups/inline-rg/');
    expect(get(read('outer-nic'), 'location')).toBe(DEFAULT_SCOPE.resourceGroup);
    expect(get(read('outer-nic'), 'properties', 'networkSecurityGroup', 'id')).toBe(rid('Microsoft.Network/networkSecurityGroups', 'nsg'));
    expect(read('inner-nic').id).toContain('/resourceGroups/inline-rg/');
    expect(get(read('inner-nic'), 'location')).toBe('inline-rg');
    expect(get(read('inner-nic'), 'properties', 'networkSecurityGroup', 'id')).toBe(
      rid('Microsoft.Network/networkSecurityGroups', 'nsg').replace(`/resourceGroups/${DEFAULT_SCOPE.resourceGroup}/`, '/resourceGroups/inline-rg/'),
    );
  });

  describe('a resource deployed again by another deployment', () => {
    const vnet = (subnetNsg?: string): object => ({
      type: 'Microsoft.Network/virtualNetworks',
      apiVersion: '2024-05-01',
      name: 'ad-vnet',
      properties: {
        addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
        subnets: [
          {
            name: 'ad',
            properties: {
              addressPrefix: '10.0.0.0/24',
              ...(subnetNsg ? { networkSecurityGroup: { id: rid('Microsoft.Network/networkSecurityGroups', subnetNsg) } } : {}),
            },
          },
        ],
      },
    });
    const deployment = (name: string, resources: object[], dependsOn?: string[]): object => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name,
      ...(dependsOn ? { dependsOn } : {}),
      properties: { mode: 'Incremental', template: armTemplate(resources) },
    });
    const subnetNsgOf = (resources: readonly Resource[]): Value | undefined =>
      resources
        .filter((r) => r.type === 'Microsoft.Network/virtualNetworks')
        .map((r) => get(r, 'properties', 'subnets', 0, 'properties', 'networkSecurityGroup', 'id'))[0];
    const vms = (name: string, dependsOn: string[]): object => ({
      type: 'Microsoft.Compute/virtualMachines',
      apiVersion: '2024-07-01',
      name,
      dependsOn,
      resources: [{ type: 'extensions', apiVersion: '2024-07-01', name: 'CreateForest', dependsOn: [name], properties: {} }],
    });

    it('is read as the declaration deployed last: after it, through the deployments and resources it waits for', () => {
      // The domain controller template: the VNet, a DC waiting for it, then the VNet again (DNS and NSG) once the forest exists.
      const { resources, diagnostics } = expand(
        armTemplate([
          deployment('CreateVNet', [vnet()]),
          vms('dc1', ["[resourceId('Microsoft.Resources/deployments', 'CreateVNet')]"]),
          deployment('UpdateVNet', [vnet('ad-nsg')], ['CreateForest']),
        ]),
      );
      expect(resources.filter((r) => r.type === 'Microsoft.Network/virtualNetworks')).toHaveLength(1);
      expect(subnetNsgOf(resources)).toBe(rid('Microsoft.Network/networkSecurityGroups', 'ad-nsg'));
      expect(diagnostics.map((d) => d.message)).toContain(
        "Microsoft.Network/virtualNetworks 'ad-vnet' is declared by 2 deployments; the one that runs last (by dependsOn) is read",
      );
    });

    it('is read as the later one even when it is written first, and by type/name', () => {
      const { resources } = expand(
        armTemplate([deployment('UpdateVNet', [vnet('ad-nsg')], ['Microsoft.Resources/deployments/CreateVNet']), deployment('CreateVNet', [vnet()])]),
      );
      expect(subnetNsgOf(resources)).toBe(rid('Microsoft.Network/networkSecurityGroups', 'ad-nsg'));
    });

    it('keeps both, and says so, when no dependency orders them', () => {
      const { resources, diagnostics } = expand(armTemplate([deployment('One', [vnet()]), deployment('Two', [vnet('ad-nsg')])]));
      expect(resources.filter((r) => r.type === 'Microsoft.Network/virtualNetworks')).toHaveLength(2);
      expect(subnetNsgOf(resources)).toBeUndefined();
      expect(diagnostics.map((d) => d.message)).toContain(
        "Microsoft.Network/virtualNetworks 'ad-vnet' is declared 2 times and dependsOn does not say which is deployed last: each is judged, and a reference to it reads what they agree on",
      );
    });
  });

  it('never holds a secure parameter value, but keeps an empty one', () => {
    const { resources } = expand(
      armTemplate([pip('p', { tags: { secret: "[parameters('password')]", token: "[concat('x', parameters('sas'))]" } })], {
        parameters: { password: { type: 'securestring', defaultValue: 'Hunter2!' }, sas: { type: 'securestring', defaultValue: '' } },
      }),
    );
    const secret = get(resources[0] as Resource, 'tags', 'secret');
    expect(isUnknown(secret) && secret.reason).toBe("secure parameter 'password' (value withheld)");
    expect(get(resources[0] as Resource, 'tags', 'token')).toBe('x');
    expect(JSON.stringify(resources[0]?.body)).not.toContain('Hunter2!');
  });

  describe('a parameter of a user-defined type (languageVersion 2.0) with secure members', () => {
    // What Bicep writes for `type login = { user: string, @secure() password: string }`.
    const definitions = {
      login: { type: 'object', properties: { user: { type: 'string' }, password: { type: 'securestring' } } },
      alias: { $ref: '#/definitions/login' },
      vault: { type: 'object', properties: { token: { type: 'secureObject', nullable: true } } },
    };
    const withheld = (value: Value | undefined): string | false => isUnknown(value) && value.credential !== undefined && value.reason;

    it('withholds a secure member of a $ref type, given by its default or a parameter file, and keeps the others', () => {
      const template = armTemplate([pip('p', { tags: { user: "[parameters('login').user]", password: "[parameters('login').password]" } })], {
        languageVersion: '2.0',
        definitions,
        parameters: { login: { $ref: '#/definitions/alias', defaultValue: { user: 'azureuser', password: 'Hunter2-Default!' } } },
      });
      for (const options of [{}, { parameterValues: new Map<string, Value>([['login', { user: 'azureuser', password: 'Hunter2-File!' }]]) }]) {
        const resource = expand(template, options).resources[0] as Resource;
        expect(get(resource, 'tags', 'user')).toBe('azureuser');
        expect(withheld(get(resource, 'tags', 'password'))).toBe("secure parameter 'login.password' (value withheld)");
        expect(JSON.stringify(resource.body)).not.toMatch(/Hunter2/);
      }
    });

    it('reads inline properties, items, prefixItems, additionalProperties and nullable members, and keeps a member with no value', () => {
      const { resources } = expand(
        armTemplate([pip('p', { properties: { all: "[parameters('settings')]" } })], {
          languageVersion: '2.0',
          definitions,
          parameters: {
            settings: {
              type: 'object',
              properties: {
                admins: { type: 'array', items: { $ref: '#/definitions/login' } },
                pair: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'securestring' }], items: false },
                keys: { type: 'object', additionalProperties: { type: 'securestring' } },
                vault: { $ref: '#/definitions/vault', nullable: true },
                missing: { $ref: '#/definitions/login', nullable: true },
              },
              defaultValue: {
                admins: [{ user: 'a', password: 'Secret-One' }, { user: 'b' }],
                pair: ['name', 'Secret-Two'],
                keys: { primary: 'Secret-Three', empty: '' },
                vault: { token: { value: 'Secret-Four' } },
              },
            },
          },
        }),
      );
      const all = get(resources[0] as Resource, 'properties', 'all') as Record<string, Value>;
      const admins = all['admins'] as Record<string, Value>[];
      expect(admins[0]?.['user']).toBe('a');
      expect(withheld(admins[0]?.['password'])).toBe("secure parameter 'settings.admins[0].password' (value withheld)");
      expect(admins[1]).toEqual({ user: 'b' });
      expect((all['pair'] as Value[])[0]).toBe('name');
      expect(withheld((all['pair'] as Value[])[1])).toBe("secure parameter 'settings.pair[1]' (value withheld)");
      expect(withheld((all['keys'] as Record<string, Value>)['primary'])).toBe("secure parameter 'settings.keys.primary' (value withheld)");
      // An empty secret holds nothing, as an empty secure parameter.
      expect((all['keys'] as Record<string, Value>)['empty']).toBe('');
      expect(withheld((all['vault'] as Record<string, Value>)['token'])).toBe("secure parameter 'settings.vault.token' (value withheld)");
      expect(all['missing']).toBeUndefined();
      expect(JSON.stringify(resources[0]?.body)).not.toMatch(/Secret-/);
    });

    it('reads the type a discriminator names, and stops at a $ref that refers to itself', () => {
      const { resources, diagnostics } = expand(
        armTemplate([pip('p', { properties: { auth: "[parameters('auth')]", loop: "[parameters('loop')]" } })], {
          languageVersion: '2.0',
          definitions: { ...definitions, self: { $ref: '#/definitions/self' } },
          parameters: {
            auth: {
              type: 'object',
              discriminator: {
                propertyName: 'kind',
                mapping: { password: { $ref: '#/definitions/login' }, key: { type: 'object', properties: { key: { type: 'string' } } } },
              },
              defaultValue: { kind: 'password', user: 'u', password: 'Secret-Five' },
            },
            loop: { $ref: '#/definitions/self', defaultValue: { a: 'plain' } },
          },
        }),
      );
      const auth = get(resources[0] as Resource, 'properties', 'auth') as Record<string, Value>;
      expect(auth['user']).toBe('u');
      expect(withheld(auth['password'])).toBe("secure parameter 'auth.password' (value withheld)");
      expect(get(resources[0] as Resource, 'properties', 'loop')).toEqual({ a: 'plain' });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    });
  });

  it('turns runtime-only values into Unknown with their reason', () => {
    const { resources } = expand(
      armTemplate([
        pip('p', { properties: { ip: "[reference('other').ipAddress]", keys: "[listKeys('sa', '2023-01-01').keys[0].value]", stamp: '[utcNow()]' } }),
      ]),
    );
    const reasons = ['ip', 'keys', 'stamp'].map((key) => {
      const value = get(resources[0] as Resource, 'properties', key) as Value;
      return isUnknown(value) ? value.reason : value;
    });
    expect(reasons[0]).toMatch(/reference\(\) to 'other' is only known at deployment/);
    expect(reasons[1]).toMatch(/listKeys\(\) of 'sa'/);
    expect(reasons[2]).toMatch(/utcNow|deployment/);
  });

  it('gives utcNow() the fixed clock in parameter defaults', () => {
    const { resources } = expand(
      armTemplate([pip("[concat('pip-', parameters('stamp'))]")], { parameters: { stamp: { type: 'string', defaultValue: "[utcNow('yyyyMMdd')]" } } }),
      {
        now: new Date('2026-11-30T12:00:00Z'),
      },
    );
    expect(names(resources)).toEqual(['pip-20261130']);
  });

  it('turns an expression error into a diagnostic with a position and an Unknown value', () => {
    const { resources, diagnostics, text } = expand(armTemplate([pip('p', { properties: { bad: '[div(1, 0)]', worse: "[concat('a',)]" } })]));
    expect(names(resources)).toEqual(['p']);
    expect(diagnostics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ severity: 'warning', line: lineOf(text, '"bad"') }),
        expect.objectContaining({ severity: 'warning', line: lineOf(text, '"worse"') }),
      ]),
    );
  });

  describe('limits against hostile templates', () => {
    it('stops a copy count over ARM’s 800', () => {
      const { diagnostics } = expand(armTemplate([pip("[concat('p', copyIndex())]", { copy: { name: 'x', count: 100000 } })]));
      expect(diagnostics).toContainEqual(
        expect.objectContaining({ severity: 'error', message: expect.stringContaining('Copy count 100000 exceeds the limit of 800') }),
      );
    });

    it('stops exponential nesting of copy loops and variables on the step budget', () => {
      const variables: Record<string, string> = { v0: '[range(0, 1000)]' };
      for (let i = 1; i < 40; i++) variables[`v${i}`] = `[concat(variables('v${i - 1}'), variables('v${i - 1}'))]`;
      // Without the budget, 2^39 copies of a thousand numbers: the test would not end.
      const { diagnostics } = expand(armTemplate([pip("[string(length(variables('v39')))]")], { variables }));
      expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/exceeds the limit|step budget/);
    });

    it('stops variables that refer to each other', () => {
      const { diagnostics } = expand(armTemplate([pip("[variables('a')]")], { variables: { a: "[variables('b')]", b: "[variables('a')]" } }));
      expect(diagnostics.map((d) => d.message).join('\n')).toMatch(/refers to itself/);
    });

    it('stops deployments nested too deep', () => {
      let template: object = armTemplate([pip('deepest')]);
      for (let i = 0; i < 15; i++)
        template = armTemplate([
          { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: `d${i}`, properties: { mode: 'Incremental', template } },
        ]);
      const { diagnostics } = expand(template);
      expect(diagnostics).toContainEqual(expect.objectContaining({ severity: 'error', message: expect.stringContaining('nested more than 10 deep') }));
    });

    it('keeps __proto__ keys as data', () => {
      const { resources } = expand(
        JSON.parse(
          `{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[{"type":"Microsoft.Network/publicIPAddresses","name":"p","tags":{"__proto__":{"polluted":true}}}]}`,
        ),
      );
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(resources).toHaveLength(1);
    });
  });
});

describe('reference() to what the template deploys', () => {
  const vnet = (name: string, extra: object = {}): object => ({
    type: 'Microsoft.Network/virtualNetworks',
    apiVersion: '2024-05-01',
    name,
    location: 'japaneast',
    properties: { addressSpace: { addressPrefixes: ['10.0.0.0/16'] }, subnets: [{ name: 'app', properties: { addressPrefix: '10.0.1.0/24' } }] },
    ...extra,
  });
  const nic = (subnetId: string): object => ({
    type: 'Microsoft.Network/networkInterfaces',
    apiVersion: '2024-05-01',
    name: 'nic',
    properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: subnetId } } }] },
  });
  const subnetOf = (resources: readonly Resource[]): Value | undefined =>
    get(resources.find((r) => r.name === 'nic') as Resource, 'properties', 'ipConfigurations', 0, 'properties', 'subnet', 'id');

  it('reads what the template gives a resource declared later, with the ids Azure gives its subnets', () => {
    // As Bicep writes `vnet.properties.subnets[0].id` for a NIC declared before its VNet.
    const { resources, diagnostics } = expand(
      armTemplate([nic("[reference(resourceId('Microsoft.Network/virtualNetworks', 'vnet'), '2024-05-01').subnets[0].id]"), vnet('vnet')]),
    );
    expect(diagnostics).toEqual([]);
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'vnet')}/subnets/app`);
    expect(names(resources)).toEqual(['nic', 'vnet']);
  });

  // Microsoft: a custom policy definition deployed to a management group is an extension of it
  // (extensionResourceId); resourceId() there gives a tenant-level id, `/providers/…`.
  it.each([
    ['subscription', 'subscriptionDeploymentTemplate', "resourceId('Microsoft.Authorization/policyDefinitions', 'deny-public-ip')"],
    [
      'management group',
      'managementGroupDeploymentTemplate',
      "extensionResourceId(managementGroup().id, 'Microsoft.Authorization/policyDefinitions', 'deny-public-ip')",
    ],
  ])('finds what a template deployed at %s scope declares by the id Microsoft says to build for it', (_scope, schema, definition) => {
    const { resources, diagnostics } = expand(
      armTemplate(
        [
          {
            type: 'Microsoft.Authorization/policyAssignments',
            apiVersion: '2024-04-01',
            name: 'deny-public-ip',
            properties: {
              policyDefinitionId: `[${definition}]`,
              displayName: `[reference(${definition}).displayName]`,
              tenantLevel: "[resourceId('Microsoft.Authorization/policyDefinitions', 'deny-public-ip')]",
            },
          },
          {
            type: 'Microsoft.Authorization/policyDefinitions',
            apiVersion: '2024-04-01',
            name: 'deny-public-ip',
            properties: { displayName: 'Deny public IPs', policyType: 'Custom', mode: 'All' },
          },
        ],
        { $schema: `https://schema.management.azure.com/schemas/2019-08-01/${schema}.json#` },
      ),
    );
    expect(diagnostics).toEqual([]);
    const [assignment, declared] = resources as [Resource, Resource];
    expect(get(assignment, 'properties', 'displayName')).toBe('Deny public IPs');
    expect((get(assignment, 'properties', 'policyDefinitionId') as string).toLowerCase()).toBe(declared.id.toLowerCase());
    expect(get(assignment, 'properties', 'tenantLevel')).toBe(
      schema === 'subscriptionDeploymentTemplate' ? declared.id : '/providers/Microsoft.Authorization/policyDefinitions/deny-public-ip',
    );
  });

  it('gives deployment().location at subscription scope as a value not known, without a warning, and none at resource group scope', () => {
    const group = (schema: string): object =>
      armTemplate([{ type: 'Microsoft.Resources/resourceGroups', apiVersion: '2024-03-01', name: 'rg-web', location: '[deployment().location]' }], {
        $schema: `https://schema.management.azure.com/schemas/2019-08-01/${schema}.json#`,
      });
    const atSubscription = expand(group('subscriptionDeploymentTemplate'));
    expect(atSubscription.diagnostics).toEqual([]);
    const location = get(atSubscription.resources[0] as Resource, 'location');
    expect(isUnknown(location) && location.reason).toBe('the location of the deployment is given only when it is deployed');
    expect(expand(group('deploymentTemplate')).diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/location/)]);
  });

  it('leaves what only the deployed resource holds Unknown, with no warning', () => {
    const { resources, diagnostics } = expand(
      armTemplate([
        pip('p', {
          properties: {
            ip: "[reference('vnet').resourceGuid]",
            fifth: "[reference('vnet').subnets[4].id]",
            safe: "[tryGet(reference('vnet'), 'dhcpOptions')]",
          },
        }),
        vnet('vnet'),
      ]),
    );
    expect(diagnostics).toEqual([]);
    const reasons = ['ip', 'fifth', 'safe'].map((key) => (get(resources[0] as Resource, 'properties', key) as Unknown).reason);
    const id = rid('Microsoft.Network/virtualNetworks', 'vnet');
    expect(reasons).toEqual([
      `'resourceGuid' of reference() to '${id}' is only known at deployment`,
      `item 4 of reference() to '${id}' is only known at deployment`,
      `'dhcpOptions' of reference() to '${id}' is only known at deployment`,
    ]);
  });

  it('says what a value read by reference() is: state of the resource, a credential by its name, or a deployment output (neither)', () => {
    const { resources } = expand(
      armTemplate([
        pip('p', {
          properties: {
            guid: "[reference('vnet').resourceGuid]",
            fqdn: "[reference(resourceId('Microsoft.Network/publicIPAddresses', 'elsewhere')).dnsSettings.fqdn]",
            key: "[reference(resourceId('Microsoft.Insights/components', 'ai'), '2020-02-02').ConnectionString]",
            output: "[reference('setup').outputs.token.value]",
          },
        }),
        vnet('vnet'),
      ]),
    );
    const fact = (key: string): Partial<Unknown> => {
      const { stateOf, credential, deployed } = get(resources[0] as Resource, 'properties', key) as Unknown;
      return { stateOf, credential, deployed };
    };
    const vnetId = rid('Microsoft.Network/virtualNetworks', 'vnet');
    const elsewhere = rid('Microsoft.Network/publicIPAddresses', 'elsewhere');
    const ai = rid('Microsoft.Insights/components', 'ai');
    expect(fact('guid')).toEqual({ stateOf: vnetId, credential: undefined, deployed: { resourceId: vnetId, path: '/properties/resourceGuid' } });
    expect(fact('fqdn')).toEqual({ stateOf: elsewhere, credential: undefined, deployed: { resourceId: elsewhere, path: '/properties/dnsSettings/fqdn' } });
    expect(fact('key')).toEqual({
      stateOf: ai,
      credential: "'ConnectionString' of reference() to 'ai'",
      deployed: { resourceId: ai, path: '/properties/ConnectionString' },
    });
    expect(fact('output')).toEqual({ stateOf: undefined, credential: undefined, deployed: { resourceId: 'setup', path: '/properties/outputs/token/value' } });
  });

  it("reads a nested deployment's outputs by id and by name, and the 'Full' form's top-level members", () => {
    const network = {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'network',
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        template: armTemplate([vnet('hub')], {
          outputs: {
            subnetId: { type: 'string', value: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'hub')).subnets[0].id]" },
            names: { type: 'array', copy: { count: 2, input: "[concat('n', copyIndex())]" } },
          },
        }),
      },
    };
    const { resources, diagnostics } = expand(
      armTemplate([
        nic("[reference(resourceId('Microsoft.Resources/deployments', 'network')).outputs.subnetId.value]"),
        pip('p', {
          properties: {
            names: "[reference('network').outputs.names.value]",
            location: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'hub'), '2024-05-01', 'Full').location]",
          },
        }),
        network,
      ]),
    );
    expect(diagnostics).toEqual([]);
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'hub')}/subnets/app`);
    expect(get(resources[1] as Resource, 'properties', 'names')).toEqual(['n0', 'n1']);
    expect(get(resources[1] as Resource, 'properties', 'location')).toBe('japaneast');
  });

  it("reads a nested deployment's secure outputs as credentials not known: reference() does not return them", () => {
    const keys = {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'keys',
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        template: armTemplate([], {
          outputs: {
            password: { type: 'securestring', value: 'P@ssw0rd-in-output-1234' },
            login: { type: 'SecureObject', value: { user: 'admin', password: 'P@ssw0rd-in-output-5678' } },
          },
        }),
      },
    };
    const { resources } = expand(
      armTemplate([pip('p', { properties: { a: "[reference('keys').outputs.password.value]", b: "[reference('keys').outputs.login.value.password]" } }), keys]),
    );
    const [a, b] = ['a', 'b'].map((key) => get(resources[0] as Resource, 'properties', key) as Unknown);
    expect(isUnknown(a) && a.credential).toBe("secure output 'password'");
    expect(isUnknown(b) && b.credential).toBe("secure output 'login'");
    expect(JSON.stringify(resources.map((r) => r.body))).not.toContain('P@ssw0rd-in-output');
  });

  it('follows a chain of references to resources declared later, one pass a link', () => {
    const { resources } = expand(
      armTemplate([
        nic("[reference('middle').outputs.subnet.value]"),
        {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'middle',
          properties: {
            mode: 'Incremental',
            template: armTemplate([], { outputs: { subnet: { type: 'string', value: "[reference('vnet').subnets[0].id]" } } }),
          },
        },
        vnet('vnet'),
      ]),
    );
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'vnet')}/subnets/app`);
  });

  it('reads languageVersion 2.0 symbolic names, and gives Unknown for a deployment whose outputs reference itself', () => {
    const { resources, diagnostics } = expand({
      ...(armTemplate([]) as object),
      languageVersion: '2.0',
      resources: {
        net: vnet('spoke-vnet'),
        nic: nic("[reference('net').subnets[0].id]"),
        loop: {
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: 'loop',
          properties: {
            mode: 'Incremental',
            template: armTemplate([], { outputs: { self: { type: 'string', value: "[reference('loop').outputs.self.value]" } } }),
          },
        },
        ip: pip('p', { properties: { self: "[reference('loop').outputs.self.value]" } }),
      },
    });
    expect(diagnostics).toEqual([]);
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'spoke-vnet')}/subnets/app`);
    expect((get(resources.find((r) => r.name === 'p') as Resource, 'properties', 'self') as Unknown).reason).toContain('refers to the deployment itself');
  });

  it("reads a resource that reference() names by its type and name, 'Microsoft.Resources/deployments/name', as older templates write it", () => {
    const network = {
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'network',
      properties: { mode: 'Incremental', template: armTemplate([], { outputs: { subnet: { type: 'string', value: "[reference('vnet').subnets[0].id]" } } }) },
    };
    const { resources, diagnostics } = expand(
      armTemplate([vnet('vnet'), network, nic("[reference('Microsoft.Resources/deployments/network', '2022-09-01').outputs.subnet.value]")]),
    );
    expect(diagnostics).toEqual([]);
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'vnet')}/subnets/app`);
    const direct = expand(armTemplate([vnet('vnet'), nic("[reference(concat('Microsoft.Network/virtualNetworks/', 'vnet')).subnets[0].id]")])).resources;
    expect(subnetOf(direct)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'vnet')}/subnets/app`);
  });

  it("reads one instance of a languageVersion 2.0 copy loop as 'symbol[index]', as Bicep writes a module loop's outputs", () => {
    const subnetModule = {
      copy: { name: 'subnets', count: 2 },
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: "[format('subnet-{0}', copyIndex())]",
      properties: {
        mode: 'Incremental',
        expressionEvaluationOptions: { scope: 'inner' },
        parameters: { index: { value: '[copyIndex()]' } },
        template: armTemplate([], {
          parameters: { index: { type: 'int' } },
          outputs: {
            id: { type: 'string', value: "[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', format('snet{0}', parameters('index')))]" },
          },
        }),
      },
    };
    const { resources, diagnostics } = expand({
      ...(armTemplate([]) as object),
      languageVersion: '2.0',
      // AVM's virtual network module: `reference(format('virtualNetwork_subnets[{0}]', copyIndex())).outputs.resourceId.value`.
      resources: { nic: nic("[reference(format('subnets[{0}]', 1)).outputs.id.value]"), subnets: subnetModule },
    });
    expect(diagnostics).toEqual([]);
    expect(subnetOf(resources)).toBe(`${rid('Microsoft.Network/virtualNetworks', 'vnet')}/subnets/snet1`);
  });

  it('does not read resources declared existing, nor a name two resources share', () => {
    const { resources } = expand(
      armTemplate([
        nic("[reference('shared').subnets[0].id]"),
        vnet('shared'),
        pip('shared'),
        { ...(vnet('other') as object), existing: true },
        pip('p', { properties: { other: "[reference(resourceId('Microsoft.Network/virtualNetworks', 'other')).subnets[0].id]" } }),
      ]),
    );
    expect((subnetOf(resources) as Unknown).reason).toBe("reference() to 'shared' is only known at deployment");
    expect(isUnknown(get(resources.find((r) => r.name === 'p') as Resource, 'properties', 'other'))).toBe(true);
  });
});

describe('linked templates', () => {
  const linked = (relativePath: string): object =>
    armTemplate([
      { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'link', properties: { mode: 'Incremental', templateLink: { relativePath } } },
    ]);

  it('reads a linked template inside the scan root, through relativePath and through the template’s own URI', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-linked-'));
    await mkdir(path.join(root, 'nested'));
    await writeFile(path.join(root, 'nested', 'network.json'), JSON.stringify(armTemplate([pip('linked-pip')]), null, 2));
    await writeFile(path.join(root, 'main.json'), JSON.stringify(linked('nested/network.json')));
    await writeFile(
      path.join(root, 'artifacts.json'),
      JSON.stringify(
        armTemplate(
          [
            {
              type: 'Microsoft.Resources/deployments',
              apiVersion: '2022-09-01',
              name: 'link',
              properties: {
                mode: 'Incremental',
                templateLink: { uri: "[uri(parameters('_artifactsLocation'), concat('nested/network.json', parameters('_artifactsLocationSasToken')))]" },
              },
            },
          ],
          {
            parameters: {
              _artifactsLocation: { type: 'string', defaultValue: '[deployment().properties.templateLink.uri]' },
              _artifactsLocationSasToken: { type: 'securestring', defaultValue: '' },
            },
          },
        ),
      ),
    );
    const { resources, inputs } = await loadInputs({ paths: [root], cwd: root });
    // Two deployments link the file; read as a linked template, it is not also scanned on its own.
    expect(resources.map((r) => [r.name, r.input, r.source?.file, r.source?.locate('/name')?.line])).toEqual([
      ['linked-pip', 'artifacts.json', 'nested/network.json', 8],
      ['linked-pip', 'main.json', 'nested/network.json', 8],
    ]);
    const nested = inputs.find((input) => input.path === 'nested/network.json');
    expect(nested).toMatchObject({
      resources: 0,
      diagnostics: [{ severity: 'info', message: expect.stringContaining('linked template of artifacts.json, main.json') }],
    });
  });

  it("links a linked template's own links from its URI, as deployment() gives it to it", async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-linked-'));
    await mkdir(path.join(root, 'nested'));
    await writeFile(path.join(root, 'main.json'), JSON.stringify(linked('nested/a.json')));
    await writeFile(
      path.join(root, 'nested', 'a.json'),
      JSON.stringify(
        armTemplate([
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'b',
            properties: { mode: 'Incremental', templateLink: { uri: "[uri(deployment().properties.templateLink.uri, 'b.json')]" } },
          },
        ]),
      ),
    );
    await writeFile(path.join(root, 'nested', 'b.json'), JSON.stringify(armTemplate([pip('second-level-pip')])));
    const { resources } = await loadInputs({ paths: [path.join(root, 'main.json')], cwd: root });
    expect(resources.map((r) => [r.name, r.source?.file])).toEqual([['second-level-pip', 'nested/b.json']]);
  });

  it('refuses linked templates outside the scan root and URLs, with a diagnostic', async () => {
    const outside = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-outside-'));
    await writeFile(path.join(outside, 'secret.json'), JSON.stringify(armTemplate([pip('outside-pip')])));
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-root-'));
    await writeFile(path.join(root, 'up.json'), JSON.stringify(linked(`../${path.basename(outside)}/secret.json`)));
    await symlink(path.join(outside, 'secret.json'), path.join(root, 'link.json'));
    await writeFile(path.join(root, 'via-link.json'), JSON.stringify(linked('link.json')));
    await writeFile(
      path.join(root, 'url.json'),
      JSON.stringify(
        armTemplate([
          {
            type: 'Microsoft.Resources/deployments',
            apiVersion: '2022-09-01',
            name: 'link',
            properties: { templateLink: { uri: 'https://example.com/t.json' } },
          },
        ]),
      ),
    );
    const deployment = (templateLink: object): object => ({
      type: 'Microsoft.Resources/deployments',
      apiVersion: '2022-09-01',
      name: 'link',
      properties: { templateLink },
    });
    const spec = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.Resources/templateSpecs/vm/versions/1.0';
    await writeFile(path.join(root, 'spec.json'), JSON.stringify(armTemplate([deployment({ id: spec })])));
    await writeFile(
      path.join(root, 'unknown.json'),
      JSON.stringify(armTemplate([deployment({ uri: "[parameters('link')]" })], { parameters: { link: { type: 'string' } } })),
    );
    const { resources, inputs } = await loadInputs({ paths: [root], cwd: root });
    expect(resources).toEqual([]);
    const messages = inputs.flatMap((input) => input.diagnostics.map((d) => `${input.path}: ${d.severity}: ${d.message}`));
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^up\.json: .*outside the scan root/),
        expect.stringMatching(/^via-link\.json: .*outside the scan root/),
        expect.stringMatching(/^link\.json: .*symbolic link to a place outside the scan root/),
        expect.stringMatching(/^url\.json: warning: .*URLs are not fetched/),
        // Resources missing from the scan make the input partial, whatever the reason.
        `spec.json: warning: Template spec ${spec} is not checked: it is kept in Azure (export it with az ts export and scan the template)`,
        expect.stringMatching(/^unknown\.json: warning: The linked template's location is unknown .*: its resources are not checked$/),
      ]),
    );
    expect(inputs.filter((input) => ['spec.json', 'unknown.json', 'url.json'].includes(input.path)).map((input) => input.status)).toEqual([
      'partial',
      'partial',
      'partial',
    ]);
  });
});

describe('linked templates addressed by URL', () => {
  it('reads the copy beside the template of a URL whose path ends in its folder, and fetches nothing', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-urls-'));
    const app = path.join(root, 'app-vnet');
    await mkdir(path.join(app, 'nested'), { recursive: true });
    await writeFile(path.join(app, 'nested', 'network.json'), JSON.stringify(armTemplate([pip('copied-pip')])));
    await writeFile(path.join(app, 'sibling.json'), JSON.stringify(armTemplate([pip('sibling-pip')])));
    const linkTo = (...uris: string[]): object =>
      armTemplate(
        uris.map((uri, index) => ({
          type: 'Microsoft.Resources/deployments',
          apiVersion: '2022-09-01',
          name: `link${index}`,
          properties: { mode: 'Incremental', templateLink: { uri } },
        })),
      );
    await writeFile(
      path.join(app, 'azuredeploy.json'),
      JSON.stringify(
        linkTo(
          // As `_artifactsLocation` gives them: a raw GitHub address of the same repository, a staging account with a SAS token.
          'https://raw.githubusercontent.com/contoso/infra/main/app-vnet/nested/network.json',
          'https://stage.blob.core.windows.net/artifacts/app-vnet/sibling.json?sv=2024&sig=x',
          // A file name alone, not under the template's folder, stands for nothing here.
          'https://example.com/templates/sibling.json',
          'https://example.com/other/nested/missing.json',
        ),
      ),
    );
    const { resources, inputs } = await loadInputs({ paths: [path.join(app, 'azuredeploy.json')], cwd: root });
    expect(resources.map((r) => r.name)).toEqual(['copied-pip', 'sibling-pip']);
    const diagnostics = inputs[0]?.diagnostics.map((d) => `${d.severity}: ${d.message}`);
    expect(diagnostics).toEqual([
      'info: Linked template https://raw.githubusercontent.com/contoso/infra/main/app-vnet/nested/network.json is read from app-vnet/nested/network.json, the file of the scan its address ends with (URLs are not fetched)',
      'info: Linked template https://stage.blob.core.windows.net/artifacts/app-vnet/sibling.json is read from app-vnet/sibling.json, the file of the scan its address ends with (URLs are not fetched)',
      'warning: Linked template https://example.com/templates/sibling.json is not checked: URLs are not fetched in an offline scan',
      'warning: Linked template https://example.com/other/nested/missing.json is not checked: URLs are not fetched in an offline scan',
    ]);
  });
});

describe('linked templates addressed by URL, in a repository', () => {
  it('reads a file of the scanned repository that the end of the URL names, never outside the scan root', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-repo-'));
    await mkdir(path.join(root, 'modules', 'network'), { recursive: true });
    await mkdir(path.join(root, 'app'));
    await writeFile(path.join(root, 'modules', 'network', 'vnet.json'), JSON.stringify(armTemplate([pip('shared-pip')])));
    const link = (uri: string): object =>
      armTemplate([
        { type: 'Microsoft.Resources/deployments', apiVersion: '2022-09-01', name: 'network', properties: { mode: 'Incremental', templateLink: { uri } } },
      ]);
    await writeFile(
      path.join(root, 'app', 'azuredeploy.json'),
      JSON.stringify(link('https://raw.githubusercontent.com/contoso/infra/main/modules/network/vnet.json')),
    );
    const scanned = await loadInputs({ paths: [root], cwd: root });
    expect(scanned.resources.map((r) => [r.name, r.input])).toEqual([['shared-pip', 'app/azuredeploy.json']]);
    // Scanned alone, the template's folder is the scan root: the module is outside it.
    const alone = await loadInputs({ paths: [path.join(root, 'app', 'azuredeploy.json')], cwd: root });
    expect(alone.resources).toEqual([]);
    expect(alone.inputs[0]?.diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('URLs are not fetched in an offline scan')]);
  });
});

describe('files that are not templates', () => {
  const TEMPLATE = { $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#', contentVersion: '1.0.0.0', resources: [] };

  it('compiles Bicep files whose template the scan does not hold, and passes over those it does', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-bicep-'));
    const files: Record<string, string> = {
      // A quickstart: main.bicep and its modules, built into azuredeploy.json.
      'built/main.bicep': 'param name string',
      'built/modules/nic.bicep': "resource nic 'Microsoft.Network/networkInterfaces@2024-05-01' = {}",
      'built/azuredeploy.json': JSON.stringify({ ...TEMPLATE, metadata: { _generator: { name: 'bicep', version: '0.30.3.12046' } } }),
      // A template beside the Bicep file it was built from.
      'beside/vm.bicep': 'param size string',
      'beside/vm.json': JSON.stringify(TEMPLATE),
      // Bicep alone: compiled, with the parameter file that uses it.
      'alone/main.bicep': "param location string\nresource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {\n  name: 'vnet'\n  location: location\n}\n",
      'alone/main.bicepparam': "using 'main.bicep'\nparam location = 'japaneast'",
    };
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(root, name)), { recursive: true });
      await writeFile(path.join(root, name), text);
    }
    const { inputs, resources } = await loadInputs({ paths: [root], cwd: root });
    expect(inputs.map((input) => [input.path, input.kind, input.status, input.diagnostics])).toEqual([
      ['alone/main.bicep', 'bicep', 'ok', []],
      ['alone/main.bicepparam', 'arm-parameters', 'ok', []],
      ['beside/vm.json', 'arm-template', 'ok', []],
      ['built/azuredeploy.json', 'arm-template', 'ok', []],
    ]);
    expect(resources.map((resource) => [resource.name, resource.body['location'], resource.input])).toEqual([['vnet', 'japaneast', 'alone/main.bicep']]);
  });

  it('makes partial an export whose network managers may hold security admin rules it does not list', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-avnm-'));
    const rule = {
      type: 'Microsoft.Network/networkManagers/securityAdminConfigurations/ruleCollections/rules',
      apiVersion: '2024-05-01',
      name: 'avnm/admin/guardrails/allow-rdp',
      kind: 'Custom',
      properties: { priority: 100, direction: 'Inbound', access: 'AlwaysAllow', protocol: 'Tcp', destinationPortRanges: ['3389'] },
    };
    await writeFile(path.join(root, 'avnm.json'), JSON.stringify({ ...TEMPLATE, resources: [rule] }));
    await writeFile(path.join(root, 'empty.json'), JSON.stringify(TEMPLATE));
    // A live export lists network managers, not their admin rules: said too, when a manager may hold them.
    const manager = (name: string, accesses: string[]): object => ({
      id: `/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/networkManagers/${name}`,
      type: 'microsoft.network/networkmanagers',
      subscriptionId: 's1',
      properties: { networkManagerScopeAccesses: accesses },
    });
    await writeFile(
      path.join(root, 'export.json'),
      JSON.stringify({ data: [manager('security', ['SecurityAdmin', 'Connectivity']), manager('mesh', ['Connectivity'])] }),
    );
    await writeFile(path.join(root, 'mesh.json'), JSON.stringify({ data: [manager('mesh', ['Connectivity'])] }));
    const { inputs } = await loadInputs({ paths: [root], cwd: root });
    // A template with the rules themselves: they are evaluated (network analysis), nothing to say.
    expect(inputs.map((input) => [input.path, input.status, input.diagnostics.map((d) => d.message)])).toEqual([
      ['avnm.json', 'ok', []],
      ['empty.json', 'ok', []],
      [
        'export.json',
        'partial',
        [
          '1 Azure Virtual Network Manager(s) with the SecurityAdmin scope access are in the input, their security admin rules are not: those rules decide traffic before the NSGs (Deny and Always allow end it), so the exposure verdicts of the VNets they apply to leave them out',
        ],
      ],
      ['mesh.json', 'ok', []],
    ]);
  });

  it('says so of a JSON file named on the command line with neither resources nor a $schema', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'azvmsec-other-'));
    await writeFile(path.join(root, 'settings.json'), JSON.stringify({ name: 'infra', version: '1.0.0' }));
    await writeFile(path.join(root, 'empty.json'), JSON.stringify(TEMPLATE));
    const { inputs } = await loadInputs({ paths: [path.join(root, 'settings.json'), path.join(root, 'empty.json')], cwd: root });
    expect(inputs.map((input) => [input.path, input.status, input.diagnostics.map((d) => d.message)])).toEqual([
      ['empty.json', 'ok', []],
      ['settings.json', 'partial', ['Neither `resources` nor a `$schema`: not an ARM template, so nothing was read from it']],
    ]);
  });
});
