import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { loadInputs } from '../../src/inputs/files/load.js';
import { readSnapshotCandidate } from '../../src/inputs/snapshot/file.js';
import { canonicalId, looksLikeSnapshot, readSnapshotText, snapshotHead } from '../../src/inputs/snapshot/read.js';
import { SNAPSHOT_HEAD_BYTES } from '../../src/inputs/snapshot/file.js';
import { ENTRA_TENANT_TYPE, entraPrincipal, entraSection } from '../../src/model/entra.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { get } from '../../src/model/resource.js';
import { isUnknown } from '../../src/model/value.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';

const SUB = '11111111-1111-4111-8111-111111111111';
const VM_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-web-01`;

/** One row of `az graph query -q "resources" -o json`. */
const argRow = {
  id: VM_ID,
  name: 'vm-web-01',
  type: 'microsoft.compute/virtualmachines',
  tenantId: '72f988bf-0000-4000-8000-000000000001',
  kind: '',
  location: 'japaneast',
  resourceGroup: 'rg-app',
  subscriptionId: SUB,
  properties: { osProfile: { linuxConfiguration: { disablePasswordAuthentication: false } } },
  tags: {},
};

/** One row of `az resource list -o json`: no subscriptionId column, properties null. */
const listRow = {
  id: VM_ID.replace('resourceGroups', 'resourcegroups'),
  name: 'vm-web-01',
  type: 'Microsoft.Compute/virtualMachines',
  location: 'japaneast',
  resourceGroup: 'rg-app',
  properties: null,
  tags: null,
  changedTime: '2026-11-01T10:00:00.000000+00:00',
};

const caExport = {
  '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies',
  value: [
    {
      id: '5f6b8f3e-0000-4000-8000-000000000001',
      displayName: 'Require MFA for all users',
      state: 'enabled',
      conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, clientAppTypes: ['all'] },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    },
  ],
};

function folder(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'azvmsec-snap-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(path.join(dir, name), content);
  return dir;
}

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

describe('readers for what users already export', () => {
  it.each([
    ['az graph query (array)', [argRow]],
    ['az graph query ({ count, data, skip_token })', { count: 1, data: [argRow], skip_token: null, total_records: 1 }],
    ['Resource Graph REST ({ totalRecords, data })', { totalRecords: 1, count: 1, data: [argRow], facets: [], resultTruncated: 'false' }],
  ])('%s', (_name, value) => {
    const read = readSnapshotText(JSON.stringify(value), 'resources.json');
    expect(read.format).toBe('resource-graph');
    expect(read.status).toBe('ok');
    expect(read.resources.map((r) => [r.id, r.type, r.name])).toEqual([[VM_ID, 'Microsoft.Compute/virtualMachines', 'vm-web-01']]);
    expect(get(read.resources[0]!, 'properties', 'osProfile', 'linuxConfiguration', 'disablePasswordAuthentication')).toBe(false);
  });

  it('warns when an az graph query export is one page of more', () => {
    const read = readSnapshotText(JSON.stringify({ count: 1, data: [argRow], skip_token: 'ew0KICAiJGlkIjogIjEiLA0K', total_records: 2400 }), 'page.json');
    expect(read.status).toBe('partial');
    expect(read.diagnostics[0]?.message).toMatch(/one page of a larger result \(1 of 2400 rows\)/);
  });

  it('az resource list: canonical ids, and properties Unknown rather than absent', () => {
    const read = readSnapshotText(JSON.stringify([listRow]), 'list.json');
    expect(read.format).toBe('resource-list');
    expect(read.resources[0]?.id).toBe(VM_ID);
    const properties = get(read.resources[0]!, 'properties');
    expect(isUnknown(properties) && properties.reason).toMatch(/az resource list/);
    expect(read.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', message: expect.stringMatching(/az graph query/) }));
  });

  it('canonical ids', () => {
    expect(canonicalId('subscriptions/S/resourcegroups/G/PROVIDERS/Microsoft.Network/networkSecurityGroups/n/')).toBe(
      '/subscriptions/S/resourceGroups/G/providers/Microsoft.Network/networkSecurityGroups/n',
    );
  });

  it('tells snapshots and exports from ARM templates and other JSON by their first bytes', () => {
    expect(looksLikeSnapshot(JSON.stringify([argRow]))).toBe(true);
    expect(looksLikeSnapshot(JSON.stringify(caExport))).toBe(true);
    expect(looksLikeSnapshot('{"format":"azvmsec-snapshot","snapshotVersion":1')).toBe(true);
    expect(
      looksLikeSnapshot(
        '{"$schema":"https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#","resources":[{"id":"/subscriptions/x","type":"Microsoft.A/b"}]}',
      ),
    ).toBe(false);
    expect(looksLikeSnapshot('{"name":"azvmsec","version":"0.1.0"}')).toBe(false);
  });

  it('takes a file cut inside its first row, opened as rows, for a maybe: its id and type may come later', () => {
    const long = { properties: { securityRules: 'x'.repeat(SNAPSHOT_HEAD_BYTES) }, id: VM_ID, type: argRow.type };
    const head = (value: unknown): string => JSON.stringify(value, null, 2).slice(0, SNAPSHOT_HEAD_BYTES);
    expect(snapshotHead(head({ count: 1, data: [long], skip_token: null }), true)).toBe('maybe');
    expect(snapshotHead(head({ totalRecords: 1, count: 1, data: [long] }), true)).toBe('maybe');
    expect(snapshotHead(head({ value: [long] }), true)).toBe('maybe');
    expect(snapshotHead(head([long]), true)).toBe('maybe');
    // The same heads from files that end there, or whose first element ended without an id.
    expect(snapshotHead(head([long]), false)).toBeUndefined();
    expect(snapshotHead(head([{ name: 'a' }, long]), true)).toBeUndefined();
    expect(snapshotHead(head([{ name: 'a "}" \\', tags: [{}] }, long]), true)).toBeUndefined();
    // Other JSON: a template, a configuration, an array of numbers.
    expect(snapshotHead(head({ $schema: 'x', resources: [long] }), true)).toBeUndefined();
    expect(snapshotHead(head({ name: 'infra', data: [long] }), true)).toBeUndefined();
    expect(snapshotHead(head([1, long]), true)).toBeUndefined();
    expect(snapshotHead(head([argRow]), false)).toBe('snapshot');
  });
});

describe('snapshots and exports in a scan', () => {
  it('reads Graph exports (UTF-16 with a BOM too) into one tenant resource, next to a Resource Graph export and a template', async () => {
    const dir = folder({
      'ca.json': utf16(JSON.stringify(caExport, null, 2)),
      'org.json': JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#organization',
        value: [{ id: '72f988bf-0000-4000-8000-000000000001', displayName: 'Contoso' }],
      }),
      'defaults.json': JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity',
        id: '00000000-0000-0000-0000-000000000005',
        isEnabled: false,
      }),
      'users.json': JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#users(id,userType,accountEnabled)',
        value: [{ id: 'AAAAAAAA-0000-4000-8000-000000000002', userType: 'Guest', accountEnabled: true }],
      }),
      'mfa.json': JSON.stringify({
        '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#reports/authenticationMethods/userRegistrationDetails',
        value: [{ id: 'aaaaaaaa-0000-4000-8000-000000000002', userPrincipalName: 'guest@contoso.example', isMfaCapable: false }],
      }),
      'resources.json': JSON.stringify({ count: 1, data: [argRow], skip_token: null }),
      'azuredeploy.json': JSON.stringify({
        $schema: 'https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#',
        contentVersion: '1.0.0.0',
        resources: [],
      }),
      'package.json': JSON.stringify({ name: 'infra', version: '1.0.0' }),
    });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    expect(loaded.inputs.map((i) => [i.path, i.kind, i.status])).toEqual([
      ['azuredeploy.json', 'arm-template', 'ok'],
      ['ca.json', 'snapshot', 'ok'],
      ['defaults.json', 'snapshot', 'ok'],
      ['mfa.json', 'snapshot', 'ok'],
      ['org.json', 'snapshot', 'ok'],
      ['resources.json', 'snapshot', 'ok'],
      ['users.json', 'snapshot', 'ok'],
    ]);
    const graph = new ResourceGraph(loaded.resources);
    const tenants = graph.ofType(ENTRA_TENANT_TYPE);
    expect(tenants.map((t) => t.name)).toEqual(['72f988bf-0000-4000-8000-000000000001']);
    expect((entraSection(tenants[0]!, 'conditionalAccessPolicies') as unknown[]).length).toBe(1);
    expect(entraSection(tenants[0]!, 'securityDefaults')).toMatchObject({ isEnabled: false });
    expect(entraSection(tenants[0]!, 'authorizationPolicy')).toBeUndefined();
    expect(entraSection(tenants[0]!, 'userRegistrationDetails')).toEqual([expect.objectContaining({ isMfaCapable: false })]);
    expect(entraPrincipal(graph, 'aaaaaaaa-0000-4000-8000-000000000002')).toMatchObject({ userType: 'Guest' });
    expect(graph.get(VM_ID)?.input).toBe('resources.json');
  });

  it('reads an export whose first row is too long for its first bytes to show an id and type (properties projected first)', async () => {
    const rules = Array.from({ length: 300 }, (_, i) => ({ name: `r${i}`, properties: { priority: 100 + i, description: 'd'.repeat(80) } }));
    const nsgId = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Network/networkSecurityGroups/nsg-web`;
    const longRow = { properties: { securityRules: rules }, id: nsgId, name: 'nsg-web', type: 'microsoft.network/networksecuritygroups', subscriptionId: SUB };
    const { properties, ...rest } = argRow;
    const dir = folder({
      'export.json': JSON.stringify({ count: 2, data: [longRow, { properties, ...rest }], skip_token: null }, null, 2),
      'rows.json': JSON.stringify([longRow]),
      // Long JSON of other kinds is passed over in a folder, as before.
      'data.json': JSON.stringify([{ values: 'v'.repeat(SNAPSHOT_HEAD_BYTES) }, { name: 'n' }]),
      'config.json': JSON.stringify({ value: [{ setting: 's'.repeat(SNAPSHOT_HEAD_BYTES) }] }),
    });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    expect(loaded.inputs.map((i) => [i.path, i.kind, i.status, i.resources])).toEqual([
      ['export.json', 'snapshot', 'ok', 2],
      ['rows.json', 'snapshot', 'ok', 1],
    ]);
    expect(new ResourceGraph(loaded.resources).get(VM_ID)?.name).toBe('vm-web-01');
    // Named on the command line, the others are tried as templates and say they are none.
    const named = await loadInputs({ paths: [path.join(dir, 'export.json'), path.join(dir, 'config.json')], cwd: dir });
    expect(named.inputs.map((i) => [i.path, i.kind, i.status])).toEqual([
      ['config.json', 'arm-template', 'partial'],
      ['export.json', 'snapshot', 'ok'],
    ]);
    expect(named.inputs[0]?.diagnostics[0]?.message).toBe('Neither `resources` nor a `$schema`: not an ARM template, so nothing was read from it');
  });

  it('says where an az vm list export has its settings: in place of properties, in another shape', () => {
    const { properties: _, ...rest } = argRow;
    const read = readSnapshotText(JSON.stringify([{ ...rest, provisioningState: 'Succeeded', storageProfile: { osDisk: { osType: 'Linux' } } }]), 'vms.json');
    const properties = get(read.resources[0]!, 'properties');
    expect(isUnknown(properties) && properties.reason).toMatch(/has its settings where properties belong, in another shape \(as az vm list writes them\)/);
    expect(read.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^1 resource\(s\) have no properties \(`az vm list` and the other/)]);
  });

  it('reads Conditional Access policies from Microsoft Graph PowerShell as the same policies from Microsoft Graph', async () => {
    /** A Graph object as the SDK serialises it: PascalCase keys, the rest in AdditionalProperties. */
    const pascal = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(pascal);
      if (typeof value !== 'object' || value === null) return value;
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value)) out[key.charAt(0).toUpperCase() + key.slice(1)] = pascal(item);
      return { ...out, AdditionalProperties: {} };
    };
    const policies = [
      ...caExport.value,
      {
        id: '5f6b8f3e-0000-4000-8000-000000000002',
        displayName: 'Block legacy authentication',
        state: 'enabledForReportingButNotEnforced',
        conditions: {
          users: { includeUsers: ['All'], excludeUsers: ['a', 'b', 'c'] },
          applications: { includeApplications: ['All'] },
          clientAppTypes: ['exchangeActiveSync', 'other'],
        },
        grantControls: { operator: 'OR', builtInControls: ['block'] },
      },
    ];
    const iam = async (files: Record<string, string | Buffer>): Promise<string[]> => {
      const dir = folder(files);
      const loaded = await loadInputs({ paths: [dir], cwd: dir });
      expect(loaded.inputs.map((i) => [i.kind, i.status])).toEqual([['snapshot', 'ok']]);
      const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
      return report.evaluations
        .filter((e) => e.ruleId.startsWith('AZV-IAM'))
        .map((e) => `${e.ruleId} ${e.status} ${e.findings.map((f) => f.messageId).join(',')}`);
    };
    const graph = await iam({ 'ca.json': JSON.stringify({ ...caExport, value: policies }) });
    // Windows PowerShell writes UTF-16; one policy alone is written as an object, not a list.
    expect(await iam({ 'ca.json': utf16(JSON.stringify(pascal(policies), null, 4)) })).toEqual(graph);
    expect(await iam({ 'ca.json': JSON.stringify(pascal(policies[0])) })).toEqual(
      await iam({ 'ca.json': JSON.stringify({ ...caExport, value: [policies[0]] }) }),
    );
    expect(graph.some((line) => / fail /.test(line))).toBe(true);
    // Without -Depth, ConvertTo-Json writes the users of each policy as a type name: nothing to evaluate.
    const cut = folder({
      'ca.json': JSON.stringify([
        {
          ...(pascal(policies[0]) as object),
          Conditions: { Users: 'Microsoft.Graph.PowerShell.Models.MicrosoftGraphConditionalAccessUsers' },
          GrantControls: '@{BuiltInControls=System.Object[]}',
        },
      ]),
    });
    const loaded = await loadInputs({ paths: [cut], cwd: cut });
    expect(loaded.inputs.map((i) => [i.kind, i.status, i.diagnostics.map((d) => d.message)])).toEqual([
      [
        'snapshot',
        'error',
        ['A Microsoft Graph PowerShell export cut by ConvertTo-Json at its -Depth (2 unless told): export again with ConvertTo-Json -Depth 10'],
      ],
    ]);
  });

  it('reads named locations and security defaults from Microsoft Graph PowerShell, their Graph type and context in AdditionalProperties', async () => {
    const dir = folder({
      'locations.json': JSON.stringify(
        [
          {
            CreatedDateTime: null,
            DisplayName: 'Head office',
            Id: '0a1b2c3d-0000-4000-8000-000000000001',
            ModifiedDateTime: null,
            AdditionalProperties: {
              '@odata.type': '#microsoft.graph.ipNamedLocation',
              isTrusted: true,
              ipRanges: [{ '@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24' }],
            },
          },
        ],
        null,
        4,
      ),
      'defaults.json': JSON.stringify({
        Description: 'Security defaults',
        DisplayName: 'Security Defaults',
        Id: '00000000-0000-0000-0000-000000000005',
        IsEnabled: false,
        AdditionalProperties: { '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity' },
      }),
    });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    expect(loaded.inputs.map((i) => [i.path, i.kind, i.status])).toEqual([
      ['defaults.json', 'snapshot', 'ok'],
      ['locations.json', 'snapshot', 'ok'],
    ]);
    const tenant = new ResourceGraph(loaded.resources).ofType(ENTRA_TENANT_TYPE)[0]!;
    expect(entraSection(tenant, 'namedLocations')).toEqual([
      expect.objectContaining({ displayName: 'Head office', isTrusted: true, ipRanges: [expect.objectContaining({ cidrAddress: '203.0.113.0/24' })] }),
    ]);
    expect(entraSection(tenant, 'securityDefaults')).toMatchObject({ isEnabled: false });
  });

  it('says a CSV table named on the command line is not read, and how to export JSON instead', async () => {
    const dir = folder({ 'resources.csv': `id,name,type\n${VM_ID},vm-web-01,microsoft.compute/virtualmachines\n` });
    const loaded = await loadInputs({ paths: [path.join(dir, 'resources.csv')], cwd: dir });
    expect(loaded.inputs[0]?.diagnostics[0]?.message).toMatch(/^Invalid JSON \(CSV is not read: export JSON with az graph query -o json\): /);
  });

  it('gives up a long JSON file of another kind at its first object, without reading it to the end', async () => {
    const { ChunkedJsonReader } = await import('../../src/inputs/json/chunked.js');
    const feed = vi.spyOn(ChunkedJsonReader.prototype, 'feed');
    // Three chunks of 8 MiB: the first object, longer than the first bytes looked at, is no resource row.
    const dir = folder({ 'data.json': `[{"values": "${'v'.repeat(SNAPSHOT_HEAD_BYTES)}"}, ${JSON.stringify('x'.repeat(20 * 1024 * 1024))}]` });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    expect(loaded.inputs).toEqual([]);
    expect(feed).toHaveBeenCalledTimes(1);
    feed.mockRestore();
  });

  it('reads a PowerShell export (Search-AzGraph | ConvertTo-Json): values cut at its -Depth are unknown, with a warning', async () => {
    const row = {
      ...argRow,
      properties: {
        osProfile: '@{computerName=vm-web-01; adminUsername=azureuser; linuxConfiguration=}',
        storageProfile: { osDisk: 'System.Collections.Hashtable', dataDisks: 'System.Object[]' },
        provisioningState: 'Succeeded',
      },
      tags: { note: '@ home' },
    };
    // Windows PowerShell's Out-File writes UTF-16 with a byte-order mark.
    const dir = folder({ 'vms.json': utf16(JSON.stringify({ Data: [row], SkipToken: null, Count: 1 }, null, 4)) });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    expect(loaded.inputs.map((i) => [i.path, i.kind, i.status, i.resources])).toEqual([['vms.json', 'snapshot', 'partial', 1]]);
    expect(loaded.inputs[0]?.diagnostics.map((d) => d.message)).toEqual([
      '3 value(s) of the export are text where settings belong: ConvertTo-Json cut them at its -Depth (2 unless told); checks that need them are unknown. Export again with ConvertTo-Json -Depth 100',
    ]);
    const vm = new ResourceGraph(loaded.resources).get(VM_ID)!;
    const osProfile = get(vm, 'properties', 'osProfile');
    expect(isUnknown(osProfile) && osProfile.reason).toMatch(/ConvertTo-Json cut it at its -Depth/);
    expect(isUnknown(get(vm, 'properties', 'storageProfile', 'dataDisks'))).toBe(true);
    expect(get(vm, 'properties', 'provisioningState')).toBe('Succeeded');
    expect(get(vm, 'tags', 'note')).toBe('@ home');
    // The password check cannot tell, rather than read the text as a VM without Linux settings.
    const report = buildReport(loaded.inputs, new ResourceGraph(loaded.resources), RULES);
    expect(report.evaluations.find((e) => e.ruleId === 'AZV-VM-013')?.status).toBe('unknown');
  });

  it('reads .json.gz snapshots, and turns malformed files into diagnostics', async () => {
    const snapshot = {
      format: 'azvmsec-snapshot',
      snapshotVersion: 1,
      collection: {
        tool: { name: 'azvmsec', version: '0.1.0' },
        startedAt: '2026-11-30T10:00:00.000Z',
        finishedAt: '2026-11-30T10:00:04.000Z',
        cloud: 'AzureCloud',
        scope: {},
        subscriptions: [{ subscriptionId: SUB, status: 'ok' }],
        errors: [],
      },
      resources: [argRow],
    };
    const dir = folder({
      'snapshot.json.gz': gzipSync(JSON.stringify(snapshot)),
      'broken.json': '[{"id": "/subscriptions/x/resourceGroups/g/providers/Microsoft.Compute/virtualMachines/v", "type": "microsoft.compute/virtualmachines", ',
      'future.json': JSON.stringify({ ...snapshot, snapshotVersion: 7 }),
      'invalid.json': JSON.stringify({ ...snapshot, collection: { ...snapshot.collection, tool: undefined } }),
      'truncated.json.gz': gzipSync(JSON.stringify(snapshot)).subarray(0, 40),
      'graph-other.json': JSON.stringify({ '@odata.context': 'https://graph.microsoft.com/v1.0/$metadata#drives', value: [] }),
    });
    const loaded = await loadInputs({ paths: [dir], cwd: dir });
    const byPath = Object.fromEntries(loaded.inputs.map((i) => [i.path, i]));
    // The VM and the subscription it was collected from (a Microsoft.Resources/subscriptions resource).
    expect(byPath['snapshot.json.gz']).toMatchObject({ kind: 'snapshot', status: 'ok', resources: 2 });
    for (const [file, message] of [
      ['broken.json', /Invalid JSON/],
      ['future.json', /version 7 is not supported/],
      ['invalid.json', /\/collection\/tool/],
      ['truncated.json.gz', /./],
      ['graph-other.json', /does not use/],
    ] as const) {
      expect(byPath[file], file).toMatchObject({ kind: 'snapshot', status: 'error', resources: 0 });
      expect(byPath[file]?.diagnostics[0]?.message, file).toMatch(message);
    }
    expect(loaded.resources.map((r) => r.id)).toEqual([VM_ID, `/subscriptions/${SUB}`]);
  });

  it('an export whose first row holds kilobytes before its type is still read as one (the loader and the reader decide on the same bytes)', async () => {
    const row = {
      id: VM_ID,
      tags: Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`tag${i}`, 'x'.repeat(256)])),
      properties: {},
      type: 'Microsoft.Compute/virtualMachines',
    };
    const dir = folder({ 'export.json': JSON.stringify([row]) });
    const { inputs, resources } = await loadInputs({ paths: [dir], cwd: dir });
    expect(inputs.map((input) => [input.path, input.kind, input.status])).toEqual([['export.json', 'snapshot', 'ok']]);
    expect(resources.map((resource) => resource.name)).toEqual(['vm-web-01']);
  });

  it('a malformed snapshot is placed by line and column, plain or gzipped; one over the size limit is refused', async () => {
    const text = `{\n  "format": "azvmsec-snapshot",\n  "snapshotVersion": 1,\n  "resources": [\n    {"id": "${VM_ID}"},\n    {"id": "é" "type": "x"}\n  ]\n}`;
    const dir = folder({
      'bad.json': `\uFEFF${text}`,
      'bad.json.gz': gzipSync(text),
      'big.json.gz': gzipSync(text.replace('"resources"', `${' '.repeat(4096)}"resources"`)),
    });
    for (const file of ['bad.json', 'bad.json.gz']) {
      const read = await readSnapshotCandidate(path.join(dir, file), file);
      expect(read?.summary.diagnostics, file).toEqual([
        { severity: 'error', message: "Invalid JSON: Expected ',' or '}' after property value in JSON", line: 6, column: 16 },
      ]);
    }
    // A gzipped file is refused where its inflated bytes pass the limit (a bomb stops there).
    const big = await readSnapshotCandidate(path.join(dir, 'big.json.gz'), 'big.json.gz', 2048);
    expect(big?.summary.diagnostics[0]?.message).toBe('File inflates to more than the 2048-byte limit for a snapshot');
    const plain = await readSnapshotCandidate(path.join(dir, 'bad.json'), 'bad.json', 64);
    expect(plain?.summary.diagnostics[0]?.message).toMatch(/^File is \d+ bytes, over the 64-byte limit for a snapshot$/);
  });

  it('a gzipped file that cannot be read is a diagnostic; gzipped files that are not snapshots are closed once looked at', async () => {
    const dir = folder({ 'other.json.gz': gzipSync(JSON.stringify({ hello: 'world'.repeat(10_000) })) });
    // A folder where a file is expected: reading it fails (EISDIR) after the open succeeds.
    mkdirSync(path.join(dir, 'folder.json.gz'));
    const unreadable = await readSnapshotCandidate(path.join(dir, 'folder.json.gz'), 'folder.json.gz');
    expect(unreadable?.summary).toMatchObject({
      status: 'error',
      diagnostics: [{ severity: 'error', message: expect.stringMatching(/^Cannot read the file: EISDIR/) }],
    });
    const open = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 50; i++) {
      const other = await readSnapshotCandidate(path.join(dir, 'other.json.gz'), 'other.json.gz');
      expect(other?.summary.diagnostics[0]?.message).toBe('Not an azvmsec snapshot nor an export azvmsec reads');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(readdirSync('/proc/self/fd').length).toBeLessThan(open + 5);
  });
});
