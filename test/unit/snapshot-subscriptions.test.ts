import { describe, expect, it } from 'vitest';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { get } from '../../src/model/resource.js';
import { armError, pricings, snapshotOf, SUB, SUB_2, vm } from '../support/snapshot-snippets.js';

describe('subscriptions in snapshots', () => {
  it('become Microsoft.Resources/subscriptions resources, one per collected subscription', () => {
    const read = readSnapshotValue(
      snapshotOf({
        subscriptions: [
          { subscriptionId: SUB, displayName: 'Contoso Production', state: 'Enabled', status: 'ok' },
          { subscriptionId: SUB_2, displayName: 'Contoso Development', state: 'Enabled', status: 'error' },
        ],
        resources: [...vm('vm-app-01'), ...pricings()],
      }),
      'snapshot.json',
    );
    const subscriptions = read.resources.filter((r) => r.type === 'Microsoft.Resources/subscriptions');
    expect(subscriptions.map((r) => [r.id, r.name, get(r, 'properties', 'displayName')])).toEqual([
      [`/subscriptions/${SUB}`, SUB, 'Contoso Production'],
      [`/subscriptions/${SUB_2}`, SUB_2, 'Contoso Development'],
    ]);
    // A subscription nothing could be read in says so, for rules to report "not assessed".
    expect(get(subscriptions[1]!, 'azvmsecUnreadable')).toEqual({ '*': 'nothing could be read in the subscription' });
  });

  it('record the ARM reads that failed, on the subscription or the resource they were for', () => {
    const workspace = `/subscriptions/${SUB}/resourceGroups/rg-sec/providers/Microsoft.OperationalInsights/workspaces/law-sec`;
    const read = readSnapshotValue(
      snapshotOf({
        resources: [
          { id: workspace, type: 'microsoft.operationalinsights/workspaces', name: 'law-sec', subscriptionId: SUB, properties: { retentionInDays: 90 } },
        ],
        errors: [
          armError('Microsoft.Security/pricings', 'Security Reader'),
          {
            source: 'arm',
            operation: 'Microsoft.SecurityInsights/dataConnectors',
            scope: workspace,
            status: 403,
            message: 'Forbidden',
            missingPermission: 'Microsoft Sentinel Reader',
          },
        ],
      }),
      'snapshot.json',
    );
    const subscription = read.resources.find((r) => r.id === `/subscriptions/${SUB}`)!;
    expect(get(subscription, 'azvmsecUnreadable', 'Microsoft.Security/pricings')).toMatch(/403: the role Security Reader is missing/);
    const law = read.resources.find((r) => r.name === 'law-sec')!;
    expect(get(law, 'azvmsecUnreadable', 'Microsoft.SecurityInsights/dataConnectors')).toMatch(/Microsoft Sentinel Reader/);
  });

  it('reads Resource Graph resourcecontainers rows as subscription resources, once', () => {
    const row = {
      id: `/subscriptions/${SUB}`,
      name: 'Contoso Production',
      type: 'microsoft.resources/subscriptions',
      tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de',
      subscriptionId: SUB,
      properties: { state: 'Enabled', subscriptionPolicies: { quotaId: 'EnterpriseAgreement_2014-09-01' } },
    };
    const exported = readSnapshotValue({ count: 1, data: [row], skip_token: null }, 'containers.json');
    expect(exported.resources.map((r) => [r.type, r.name])).toEqual([['Microsoft.Resources/subscriptions', SUB]]);
    const collected = readSnapshotValue(snapshotOf({ resources: [row] }), 'snapshot.json');
    expect(collected.resources.filter((r) => r.type === 'Microsoft.Resources/subscriptions')).toHaveLength(1);
  });
});
