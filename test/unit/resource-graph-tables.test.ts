import { afterEach, describe, expect, it } from 'vitest';
import { collectSnapshot, type CollectOptions } from '../../src/inputs/snapshot/collector/collect.js';
import { RESOURCE_GRAPH_TABLES } from '../../src/inputs/snapshot/collector/sources.js';
import { runRules } from '../../src/engine/run.js';
import type { Evaluation } from '../../src/findings/types.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { startFakeAzure, type FakeAzure, type FakeAzureOptions } from '../support/fake-azure.js';
import { smallTenant, SUB_A, SUB_B } from '../support/fake-tenant.js';
import {
  argRow,
  caPolicy,
  pricings,
  ROLES,
  roleAssignment,
  snapshotOf,
  SUB,
  SUB_2,
  subscriptionItem,
  tableError,
  user,
  vm,
  type SnapshotCase,
} from '../support/snapshot-snippets.js';

/**
 * A Resource Graph table the collector could not read (a query refused, cut short, or over a batch
 * of subscriptions that failed) leaves out every row of that table for the subscriptions it
 * covered. Before: the reader noted only failed ARM reads, so rules passed or failed on rows that
 * were never read (a failed authorizationresources passed AZV-IAM-012). Each table's rules must
 * say unknown (or, on a subscription, not assessed) there instead, with the read that failed.
 */

function read(c: SnapshotCase): ResourceGraph {
  const result = readSnapshotValue(JSON.parse(JSON.stringify(snapshotOf(c))), 'snapshot.json');
  expect(result.status).not.toBe('error');
  return new ResourceGraph(result.resources);
}

/** The evaluations of one rule, by resource name. */
function evaluate(ruleId: string, c: SnapshotCase, resource?: string): Evaluation[] {
  const rule = RULES.find((each) => each.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const found = runRules(read(c), [rule]).filter((e) => resource === undefined || e.resource.name === resource);
  expect(found.length, `${ruleId} evaluated nothing`).toBeGreaterThan(0);
  for (const e of found) if (e.reason !== undefined) expect(japaneseReason(e.reason), `no Japanese for "${e.reason}"`).toBeDefined();
  return found;
}

/** The status of each evaluation and the reason, when it has one. */
function verdicts(ruleId: string, c: SnapshotCase, resource?: string): string[] {
  return evaluate(ruleId, c, resource).map((e) => (e.reason === undefined ? e.status : `${e.status}: ${e.reason}`));
}

/** What a rule says without the table's error, and with it. */
function compare(ruleId: string, c: SnapshotCase, table: string, resource?: string): { read: string[]; unread: string[] } {
  return { read: verdicts(ruleId, c, resource), unread: verdicts(ruleId, { ...c, errors: [...(c.errors ?? []), tableError(table)] }, resource) };
}

const REFUSED = (table: string): RegExp =>
  new RegExp(`^(unknown|not-assessed): Resource Graph table ${table} answered 403: the role (Security )?Reader is missing$`);

const PRINCIPAL = 'bbbbbbbb-0000-4000-8000-0000000000a1';
const IDENTITY = { type: 'SystemAssigned', principalId: PRINCIPAL, tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de' };
const VM_ID = `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-app-01`;

/** A VM extension row (`microsoft.compute/virtualmachines/extensions`). */
function extension(name: string, publisher: string, type: string): object {
  return argRow('Microsoft.Compute/virtualMachines/extensions', 'rg-app', `vm-app-01/${name}`, {
    publisher,
    type,
    typeHandlerVersion: '1.0',
    provisioningState: 'Succeeded',
  });
}

/** The VM, its OS profile's patch settings replaced. */
function patchedVm(patchSettings: object): object[] {
  const rows = vm('vm-app-01') as { properties: { osProfile: { linuxConfiguration: Record<string, unknown> } } }[];
  const first = structuredClone(rows[0]) as (typeof rows)[number];
  first.properties.osProfile.linuxConfiguration['patchSettings'] = patchSettings;
  return [first, ...rows.slice(1)];
}

describe('the reader notes a Resource Graph table not read on the subscriptions its query covered', () => {
  const notes = (c: SnapshotCase): Record<string, unknown> =>
    Object.fromEntries(
      read(c)
        .ofType('Microsoft.Resources/subscriptions')
        .map((s) => [s.name, s.body['azvmsecUnreadable']]),
    );
  const two = [
    { subscriptionId: SUB, status: 'partial' },
    { subscriptionId: SUB_2, status: 'partial' },
  ];

  it('an error without subscriptions covered every subscription collected; one with them, those only', () => {
    expect(notes({ subscriptions: two, errors: [tableError('policyresources')] })).toEqual({
      [SUB]: { policyresources: 'Resource Graph table policyresources answered 403: the role Reader is missing' },
      [SUB_2]: { policyresources: 'Resource Graph table policyresources answered 403: the role Reader is missing' },
    });
    const batch = tableError('policyresources', { scope: 'subscriptions batch 2', subscriptions: [SUB_2] });
    expect(notes({ subscriptions: two, errors: [batch] })).toEqual({ [SUB]: undefined, [SUB_2]: { policyresources: expect.any(String) } });
  });

  it('reads a snapshot of an older version, whose error names the batch only, as covering every subscription', () => {
    const old = { source: 'resource-graph', operation: 'policyresources', scope: 'subscriptions batch 2', message: 'fetch failed' };
    expect(notes({ subscriptions: two, errors: [old] })).toEqual({
      [SUB]: { policyresources: 'Resource Graph table policyresources was not read in full: fetch failed' },
      [SUB_2]: { policyresources: 'Resource Graph table policyresources was not read in full: fetch failed' },
    });
  });

  it('notes a table cut short (its batch named in the operation) and every table when the sign-in failed', () => {
    const truncated = {
      source: 'resource-graph',
      operation: 'resources (batch 1/2)',
      scope: 'subscriptions batch 1',
      subscriptions: [SUB],
      message: 'Resource Graph returned 5 of 23 rows and no $skipToken (resultTruncated): the other rows were not read',
    };
    expect(notes({ subscriptions: two, errors: [truncated] })).toEqual({
      [SUB]: { resources: `Resource Graph table resources was not read in full: ${truncated.message}` },
      [SUB_2]: undefined,
    });
    const signIn = { source: 'credential', operation: 'sign-in for resource-graph', message: 'AADSTS700016: application not found\nTrace ID: 1' };
    const all = notes({ subscriptions: two, errors: [signIn] })[SUB] as Record<string, string>;
    expect(Object.keys(all)).toEqual(expect.arrayContaining(['resources', 'authorizationresources', 'networkresources']));
    expect(all['maintenanceresources']).toBe('the sign-in for Resource Graph failed, so no Resource Graph table was read: AADSTS700016: application not found');
    expect(japaneseReason(all['maintenanceresources'] as string)).toMatch(/Resource Graph へのサインインに失敗したため/);
  });

  it('leaves ARM notes and their readers as they were', () => {
    const arm = { source: 'arm', operation: 'Microsoft.Security/pricings', scope: SUB, status: 403, message: 'no', missingPermission: 'Security Reader' };
    expect(notes({ errors: [arm, tableError('securityresources')] })).toEqual({
      [SUB]: {
        'Microsoft.Security/pricings': 'ARM Microsoft.Security/pricings answered 403: the role Security Reader is missing',
        securityresources: 'Resource Graph table securityresources answered 403: the role Security Reader is missing',
      },
    });
  });
});

describe('authorizationresources not read: role assignments, classic administrators, custom roles', () => {
  it('AZV-IAM-012 and AZV-IAM-010 do not pass or fail the subscription on assignments never read', () => {
    // Before: no role assignment read, no standing Owner found: pass.
    const c = { resources: [], entra: { principals: [user(PRINCIPAL, 'Aiko Sato')] } };
    const iam012 = compare('AZV-IAM-012', c, 'authorizationresources', SUB);
    expect(iam012.read).toEqual(['pass']);
    expect(iam012.unread).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
    expect(compare('AZV-IAM-010', c, 'authorizationresources').unread).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
  });

  it('AZV-IAM-014 does not pass a VM identity whose roles were never read, in its subscription or another', () => {
    const c = {
      subscriptions: [
        { subscriptionId: SUB, status: 'ok' },
        { subscriptionId: SUB_2, status: 'ok' },
      ],
      resources: vm('vm-app-01', { identity: IDENTITY }),
    };
    const own = compare('AZV-IAM-014', c, 'authorizationresources');
    expect(own.read).toEqual(['pass']);
    expect(own.unread).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
    // The identity may hold Owner in the other subscription, whose batch failed.
    const elsewhere = verdicts('AZV-IAM-014', { ...c, errors: [tableError('authorizationresources', { subscriptions: [SUB_2] })] });
    expect(elsewhere).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
    // An Owner read is a failure whatever else was not read.
    const owner = { ...c, resources: [...c.resources, roleAssignment(`/subscriptions/${SUB}`, ROLES.owner, PRINCIPAL, 'ServicePrincipal')] };
    expect(compare('AZV-IAM-014', owner, 'authorizationresources').unread).toEqual(['fail']);
  });

  it('AZV-IAM-011 does not leave a subscription whose custom roles were never read without a verdict', () => {
    // Before: no custom role read, none evaluated, and nothing said a role granting '*' may have been missed.
    const result = compare('AZV-IAM-011', { resources: [] }, 'authorizationresources', SUB);
    expect(result.read).toEqual(['not-applicable: custom roles are assessed one by one']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
    // Only the subscriptions the failed batch covered.
    const two = {
      subscriptions: [
        { subscriptionId: SUB, status: 'ok' },
        { subscriptionId: SUB_2, status: 'partial' },
      ],
      resources: [],
    };
    const batch = evaluate('AZV-IAM-011', { ...two, errors: [tableError('authorizationresources', { subscriptions: [SUB_2] })] });
    expect(batch.map((e) => [e.resource.name, e.status])).toEqual([
      [SUB, 'not-applicable'],
      [SUB_2, 'not-assessed'],
    ]);
  });

  it('AZV-IAM-013 does not pass a VM on the sign-in roles never read', () => {
    const login = argRow('Microsoft.Compute/virtualMachines/extensions', 'rg-app', 'vm-app-01/AADSSHLogin', {
      publisher: 'Microsoft.Azure.ActiveDirectory',
      type: 'AADSSHLoginForLinux',
      typeHandlerVersion: '1.0',
      provisioningState: 'Succeeded',
    });
    const c = {
      resources: [...vm('vm-app-01', { identity: IDENTITY }), login],
      entra: { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [caPolicy('CA001 MFA')], principals: [], userRegistrationDetails: [] },
    };
    const result = compare('AZV-IAM-013', c, 'authorizationresources');
    expect(result.read).toEqual(['pass']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('authorizationresources'))]);
  });
});

describe('securityresources not read: Defender for Cloud assessments', () => {
  it('AZV-VM-001 does not fail a VM for an EDR the assessments would have shown', () => {
    // Before: no extension, no assessment read, Defender for Servers on: "runs without Defender for Endpoint".
    const c = { resources: [...vm('vm-app-01'), ...pricings({ VirtualMachines: { subPlan: 'P2' } })] };
    const result = compare('AZV-VM-001', c, 'securityresources');
    expect(result.read).toEqual(['fail']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('securityresources'))]);
  });

  it('AZV-MON-003 does not pass a subscription on VM assessments never read', () => {
    const scanning = { subPlan: 'P2', extensions: [{ name: 'AgentlessVmScanning', isEnabled: 'True' }] };
    const c = { resources: [...vm('vm-app-01'), ...pricings({ VirtualMachines: scanning })] };
    const result = compare('AZV-MON-003', c, 'securityresources', SUB);
    expect(result.read).toEqual(['pass']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('securityresources'))]);
  });
});

describe('recoveryservicesresources not read: backup policies and protected items', () => {
  it('AZV-REC-001 does not call a VM unprotected when the protected items were never read', () => {
    const result = compare('AZV-REC-001', { resources: vm('vm-app-01') }, 'recoveryservicesresources');
    expect(result.read).toEqual(['fail']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('recoveryservicesresources'))]);
  });

  it('AZV-REC-002 does not leave a subscription whose backup policies were never read without a verdict', () => {
    // Before: no backup policy read, none evaluated, and nothing said a weekly or short-lived policy may have been missed.
    const vault = argRow('Microsoft.RecoveryServices/vaults', 'rg-backup', 'rsv-prod', {});
    const result = compare('AZV-REC-002', { resources: [vault] }, 'recoveryservicesresources', SUB);
    expect(result.read).toEqual(['not-applicable: backup policies are assessed one by one']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('recoveryservicesresources'))]);
    // No vault, no policy to miss; no vault read either, and one may hold policies.
    expect(compare('AZV-REC-002', { resources: [] }, 'recoveryservicesresources', SUB).unread).toEqual([
      'not-applicable: the subscription has no Recovery Services vaults',
    ]);
    const neither = verdicts('AZV-REC-002', { resources: [], errors: [tableError('recoveryservicesresources'), tableError('resources')] }, SUB);
    expect(neither).toEqual([expect.stringMatching(REFUSED('recoveryservicesresources'))]);
  });
});

describe('patchassessmentresources not read: patch assessment results', () => {
  it('AZV-VM-012 says the results were not read, not that the VM was never assessed', () => {
    const result = compare('AZV-VM-012', { resources: vm('vm-app-01') }, 'patchassessmentresources');
    expect(result.read).toEqual([expect.stringMatching(/^unknown: Resource Graph holds no patch assessment result for the VM/)]);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('patchassessmentresources'))]);
  });
});

describe('maintenanceresources not read: maintenance configuration assignments', () => {
  it('AZV-VM-011 and AZV-VM-009 do not fail a VM left to schedules for a schedule never read', () => {
    const c = {
      resources: patchedVm({
        patchMode: 'AutomaticByPlatform',
        assessmentMode: 'AutomaticByPlatform',
        automaticByPlatformSettings: { bypassPlatformSafetyChecksOnUserSchedule: true },
      }),
    };
    for (const ruleId of ['AZV-VM-011', 'AZV-VM-009']) {
      const result = compare(ruleId, c, 'maintenanceresources');
      expect(result.read, ruleId).toEqual(['fail']);
      expect(result.unread, ruleId).toEqual([expect.stringMatching(REFUSED('maintenanceresources'))]);
    }
  });
});

describe('policyresources not read: policy assignments and exemptions', () => {
  it('AZV-MON-007 does not fail a subscription for an initiative assignment never read', () => {
    const result = compare('AZV-MON-007', { resources: [] }, 'policyresources');
    expect(result.read).toEqual(['fail']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('policyresources'))]);
  });
});

describe('insightsresources not read: data collection rule associations', () => {
  it('AZV-MON-016 does not fail a VM with the agent for an association never read; one without the agent still fails', () => {
    const agent = extension('AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent');
    const result = compare('AZV-MON-016', { resources: [...vm('vm-app-01'), agent] }, 'insightsresources');
    expect(result.read).toEqual(['fail']);
    expect(result.unread).toEqual([expect.stringMatching(REFUSED('insightsresources'))]);
    expect(compare('AZV-MON-016', { resources: vm('vm-app-01') }, 'insightsresources').unread).toEqual(['fail']);
  });
});

describe('networkresources not read: firewall policy rule collection groups', () => {
  const vnetId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-hub`;
  const policyId = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/firewallPolicies/fwp-hub`;
  const network = (policy: object): object[] => [
    argRow('Microsoft.Network/virtualNetworks', 'rg-net', 'vnet-hub', {
      addressSpace: { addressPrefixes: ['10.0.0.0/16'] },
      subnets: [
        { name: 'snet-app', id: `${vnetId}/subnets/snet-app`, properties: { addressPrefix: '10.0.1.0/24' } },
        { name: 'AzureFirewallSubnet', id: `${vnetId}/subnets/AzureFirewallSubnet`, properties: { addressPrefix: '10.0.6.0/26' } },
      ],
      virtualNetworkPeerings: [],
    }),
    argRow(
      'Microsoft.Network/publicIPAddresses',
      'rg-net',
      'fw-pip',
      { ipAddress: '198.51.100.7', publicIPAllocationMethod: 'Static' },
      { sku: { name: 'Standard' } },
    ),
    argRow('Microsoft.Network/azureFirewalls', 'rg-net', 'fw-hub', {
      sku: { name: 'AZFW_VNet', tier: 'Standard' },
      ipConfigurations: [
        {
          name: 'config',
          properties: {
            privateIPAddress: '10.0.6.4',
            subnet: { id: `${vnetId}/subnets/AzureFirewallSubnet` },
            publicIPAddress: { id: `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network/publicIPAddresses/fw-pip` },
          },
        },
      ],
      firewallPolicy: { id: policyId },
    }),
    argRow('Microsoft.Network/firewallPolicies', 'rg-net', 'fwp-hub', { sku: { tier: 'Standard' }, ...policy }),
    ...vm('vm-app-01', { subscriptionId: SUB }).map((row) => {
      const nic = row as { type: string; properties: { ipConfigurations?: { properties: { subnet: { id: string } } }[] } };
      if (nic.type !== 'microsoft.network/networkinterfaces') return row;
      const copy = structuredClone(nic);
      for (const configuration of copy.properties.ipConfigurations ?? []) configuration.properties.subnet = { id: `${vnetId}/subnets/snet-app` };
      return copy;
    }),
  ];

  it("AZV-NET-002 does not pass a VM a firewall's DNAT rules may expose, and AZV-NET-007 does not call the firewall free of them", () => {
    // Before: the policy's rule collection groups (and their DNAT rules) were missing without a word: no exposure path, pass.
    const c = { resources: network({}) };
    const exposure = compare('AZV-NET-002', c, 'networkresources', 'vm-app-01');
    expect(exposure.read).toEqual(['pass']);
    expect(exposure.unread).toEqual([
      expect.stringMatching(
        /^unknown: .*the rule collection groups of firewall policy 'fwp-hub' were not read: Resource Graph table networkresources answered 403: the role Reader is missing/,
      ),
    ]);
    const firewall = compare('AZV-NET-007', c, 'networkresources', 'fw-hub');
    expect(firewall.read).toEqual(['not-applicable: no DNAT rule']);
    expect(firewall.unread).toEqual([expect.stringMatching(/^unknown: the rule collection groups of firewall policy 'fwp-hub' were not read: Resource Graph/)]);
    // A policy that lists its groups (as Resource Graph rows do) is unknown for the same reason, once.
    const listed = { resources: network({ ruleCollectionGroups: [{ id: `${policyId}/ruleCollectionGroups/DefaultDnatRuleCollectionGroup` }] }) };
    expect(verdicts('AZV-NET-007', { ...listed, errors: [tableError('networkresources')] }, 'fw-hub')).toEqual(firewall.unread);
  });
});

describe('resources not read: the rest (VMs, vaults, workspaces, alert rules)', () => {
  it('per-subscription rules do not call a subscription without VMs, alert rules or Sentinel on rows never read', () => {
    // Before: "the subscription has no virtual machines" (not applicable), "no activity log alert" and "no Sentinel workspace" (fail).
    const c = {
      resources: [
        ...pricings({ Arm: {} }),
        subscriptionItem('Microsoft.Security/settings', 'WDATP', { enabled: true }, { kind: 'DataExportSettings' }),
        subscriptionItem('Microsoft.Insights/diagnosticSettings', 'to-sentinel', { workspaceId: '/x', logs: [] }),
      ],
    };
    const expected: Record<string, string> = {
      'AZV-MON-001': 'not-applicable: the subscription has no virtual machines',
      'AZV-MON-002': 'not-applicable: the subscription has no virtual machines',
      'AZV-MON-003': 'not-applicable: the subscription has no virtual machines',
      // Defender for Resource Manager on; Defender for Key Vault off, which matters only where there are Key Vaults.
      'AZV-MON-005': 'pass',
      'AZV-MON-008': 'fail',
      'AZV-MON-010': 'not-applicable: the subscription has no virtual machines',
      'AZV-MON-014': 'fail',
    };
    for (const [ruleId, before] of Object.entries(expected)) {
      const result = compare(ruleId, c, 'resources', SUB);
      expect(result.read, ruleId).toEqual([before]);
      expect(result.unread, ruleId).toEqual([expect.stringMatching(/^not-assessed: Resource Graph table resources answered 403: the role Reader is missing$/)]);
    }
  });
});

describe('resources cut short: the extensions of a VM read', () => {
  // Rows come ordered by id: a VM's extension rows follow its own, and a result cut short between them
  // keeps the VM and drops its extensions. Before: the rules failed the VM for an extension never read.
  const cutShort = {
    source: 'resource-graph',
    operation: 'resources (batch 1/1)',
    scope: 'subscriptions batch 1',
    subscriptions: [SUB],
    message: 'Resource Graph returned 1000 of 1400 rows and no $skipToken (resultTruncated): the other rows were not read',
  };
  const CUT = /^unknown: Resource Graph table resources was not read in full: Resource Graph returned 1000 of 1400 rows/;
  const cut = (c: SnapshotCase): SnapshotCase => ({ ...c, errors: [...(c.errors ?? []), cutShort] });
  const trustedLaunch = (): object[] => {
    const rows = vm('vm-app-01') as { properties: Record<string, unknown> }[];
    const first = structuredClone(rows[0]) as (typeof rows)[number];
    first.properties['securityProfile'] = { securityType: 'TrustedLaunch', uefiSettings: { secureBootEnabled: true, vTpmEnabled: true } };
    return [first, ...rows.slice(1)];
  };

  it('AZV-VM-001, AZV-VM-007, AZV-MON-016, AZV-IAM-013 and AZV-VM-016 do not decide on an extension never read', () => {
    const cases: [string, SnapshotCase, string][] = [
      ['AZV-VM-001', { resources: [...vm('vm-app-01'), ...pricings({ VirtualMachines: { subPlan: 'P2' } })] }, 'fail'],
      ['AZV-VM-007', { resources: trustedLaunch() }, 'fail'],
      ['AZV-MON-016', { resources: vm('vm-app-01') }, 'fail'],
      [
        'AZV-IAM-013',
        {
          resources: vm('vm-app-01', { identity: IDENTITY }),
          entra: { securityDefaults: { isEnabled: false }, conditionalAccessPolicies: [caPolicy('CA001 MFA')], principals: [], userRegistrationDetails: [] },
        },
        'fail',
      ],
      ['AZV-VM-016', { resources: vm('vm-app-01') }, 'pass'],
    ];
    for (const [ruleId, c, before] of cases) {
      expect(verdicts(ruleId, c, 'vm-app-01'), ruleId).toEqual([before]);
      expect(verdicts(ruleId, cut(c), 'vm-app-01'), ruleId).toEqual([expect.stringMatching(CUT)]);
    }
  });

  it('still passes a VM whose extension was read, and leaves a subscription the cut did not cover alone', () => {
    const mde = extension('MDE.Linux', 'Microsoft.Azure.AzureDefenderForServers', 'MDE.Linux');
    expect(verdicts('AZV-VM-001', cut({ resources: [...vm('vm-app-01'), mde] }), 'vm-app-01')).toEqual(['pass']);
    const other = { ...cutShort, subscriptions: [SUB_2] };
    const two = {
      subscriptions: [
        { subscriptionId: SUB, status: 'ok' },
        { subscriptionId: SUB_2, status: 'partial' },
      ],
      resources: vm('vm-app-01'),
    };
    expect(verdicts('AZV-MON-016', { ...two, errors: [other] }, 'vm-app-01')).toEqual(['fail']);
  });
});

describe('the live collector', () => {
  let server: FakeAzure | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  async function collect(fake: FakeAzureOptions, extra: Partial<CollectOptions> = {}): ReturnType<typeof collectSnapshot> {
    server = await startFakeAzure(smallTenant(), fake);
    return collectSnapshot({
      toolVersion: '0.0.0-test',
      endpoints: { arm: server.url, graph: server.url },
      tokens: { arm: 'test-arm-token-not-a-secret', graph: 'test-graph-token-not-a-secret' },
      delayScale: 0.001,
      ...extra,
    });
  }

  it('records a table refused for every subscription, which is partial, and AZV-IAM-012 no longer passes them', async () => {
    // The repro: authorizationresources refused, no role assignment read: AZV-IAM-012 turned from fail to pass.
    const { snapshot } = await collect({ failedTables: ['authorizationresources'] });
    const failed = snapshot.collection.errors.filter((error) => error.source === 'resource-graph');
    expect(failed).toEqual([expect.objectContaining({ operation: 'authorizationresources', status: 403, missingPermission: 'Reader' })]);
    expect(failed[0]).not.toHaveProperty('scope');
    expect(failed[0]).not.toHaveProperty('subscriptions');
    expect(snapshot.collection.subscriptions.map((s) => [s.subscriptionId, s.status])).toEqual([
      [SUB_A, 'partial'],
      [SUB_B, 'partial'],
      [expect.any(String), 'error'],
    ]);
    const readBack = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const rule = RULES.find((each) => each.id === 'AZV-IAM-012');
    const evaluations = runRules(new ResourceGraph(readBack.resources), rule ? [rule] : []).filter((e) => e.resource.id === `/subscriptions/${SUB_A}`);
    expect(evaluations.map((e) => [e.status, e.reason])).toEqual([
      ['not-assessed', 'Resource Graph table authorizationresources answered 403: the role Reader is missing'],
    ]);
    expect(japaneseReason(evaluations[0]?.reason ?? '')).toBe(
      'Resource Graph のテーブル authorizationresources が 403 を返しました: ロール Reader が割り当てられていません',
    );
  });

  it('never turns a verdict into a pass or a fail by leaving a table out, on the fake tenant, table by table', async () => {
    const verdictsOf = async (failedTables: string[]): Promise<Map<string, string>> => {
      const { snapshot } = await collect({ failedTables });
      await server?.close();
      server = undefined;
      const readBack = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
      return new Map(runRules(new ResourceGraph(readBack.resources), RULES).map((e) => [`${e.ruleId} ${e.resource.name}`, e.status]));
    };
    const base = await verdictsOf([]);
    // What changes on this tenant, at least (before → after).
    const expected: Record<string, Record<string, string>> = {
      resources: { [`AZV-MON-014 ${SUB_A}`]: 'fail → not-assessed', [`AZV-MON-008 ${SUB_A}`]: 'pass → not-assessed' },
      securityresources: { 'AZV-VM-001 vm-db-01': 'fail → unknown' },
      authorizationresources: {
        [`AZV-IAM-012 ${SUB_B}`]: 'pass → not-assessed',
        [`AZV-IAM-010 ${SUB_A}`]: 'fail → not-assessed',
        [`AZV-IAM-011 ${SUB_A}`]: 'not-applicable → not-assessed',
      },
      recoveryservicesresources: { 'AZV-REC-001 vm-db-01': 'fail → unknown' },
      maintenanceresources: { 'AZV-VM-011 vm-db-01': 'pass → unknown' },
      policyresources: { [`AZV-MON-007 ${SUB_A}`]: 'fail → not-assessed' },
    };
    for (const table of RESOURCE_GRAPH_TABLES) {
      const after = await verdictsOf([table]);
      const changed: Record<string, string> = {};
      for (const [key, status] of after) {
        const before = base.get(key);
        if (before !== status) changed[key] = `${before ?? 'none'} → ${status}`;
      }
      for (const [key, change] of Object.entries(changed)) expect(change, `${table}: ${key}`).toMatch(/→ (unknown|not-assessed)$/);
      expect(changed, table).toMatchObject(expected[table] ?? {});
    }
  });

  it('records a table refused for one batch of subscriptions with the subscriptions it covered, and notes only those', async () => {
    const { snapshot } = await collect(
      { failedTables: ['maintenanceresources'], failedTableSubscriptions: [SUB_B] },
      { subscriptions: [SUB_A, SUB_B], subscriptionBatchSize: 1 },
    );
    expect(snapshot.collection.errors).toEqual([
      expect.objectContaining({ source: 'resource-graph', operation: 'maintenanceresources', scope: 'subscriptions batch 2', subscriptions: [SUB_B] }),
    ]);
    expect(snapshot.collection.subscriptions.map((s) => [s.subscriptionId, s.status])).toEqual([
      [SUB_A, 'ok'],
      [SUB_B, 'partial'],
    ]);
    const readBack = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const noted = readBack.resources.filter((r) => r.type === 'Microsoft.Resources/subscriptions').map((r) => [r.name, r.body['azvmsecUnreadable']]);
    expect(noted).toEqual([
      [SUB_A, undefined],
      [SUB_B, { maintenanceresources: 'Resource Graph table maintenanceresources answered 403: the role Reader is missing' }],
    ]);
    expect(readBack.diagnostics.map((d) => d.message)).toContain(
      `Resource Graph maintenanceresources (subscriptions batch 2: 1 subscription(s)) answered 403 AuthorizationFailed: The client '00000000-0000-0000-0000-0000000000aa' does not have authorization to query maintenanceresources over the requested scope. Missing permission: Reader.`,
    );
  });

  it('records a table cut short in a batch with the subscriptions of the batch', async () => {
    const { snapshot } = await collect({ truncatedTables: ['resources'] }, { subscriptions: [SUB_A, SUB_B], subscriptionBatchSize: 1, pageSize: 5 });
    const truncated = snapshot.collection.errors.filter((error) => /resultTruncated/.test(error.message));
    // The first subscription has more rows than a page; the second fits in one.
    expect(truncated.map((error) => [error.operation, error.scope, error.subscriptions])).toEqual([
      ['resources (batch 1/2)', 'subscriptions batch 1', [SUB_A]],
    ]);
    const readBack = readSnapshotValue(JSON.parse(JSON.stringify(snapshot)), 'snapshot.json');
    const noted = readBack.resources.filter((r) => r.type === 'Microsoft.Resources/subscriptions').map((r) => [r.name, r.body['azvmsecUnreadable']]);
    expect(noted).toEqual([
      [SUB_A, { resources: expect.stringMatching(/^Resource Graph table resources was not read in full: Resource Graph returned 5 of \d+ rows/) }],
      [SUB_B, undefined],
    ]);
  });
});

it('the VM id the cases use is the one vm() writes', () => {
  expect(vm('vm-app-01')[0]?.['id']).toBe(VM_ID);
});
