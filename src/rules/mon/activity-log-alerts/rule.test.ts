import { describe, expect, it } from 'vitest';
import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { folderOf } from '../../../../test/support/files.js';
import { argRow, snapshotOf, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { Analyses } from '../../../analyses/analyses.js';
import { evaluate } from '../../../engine/run.js';
import { loadInputs } from '../../../inputs/files/load.js';
import { ResourceGraph } from '../../../model/graph.js';
import rule, { REQUIRED_OPERATIONS } from './rule.js';

const ACTION_GROUP = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.Insights/actionGroups/ag-secops`;
const properties = (operation: string | undefined, extra: object = {}): Record<string, unknown> => ({
  enabled: true,
  scopes: [`/subscriptions/${SUB}`],
  condition: {
    allOf: [{ field: 'category', equals: 'Administrative' }, ...(operation ? [{ field: 'operationName', equals: operation }] : [])],
  },
  actions: { actionGroups: [{ actionGroupId: ACTION_GROUP, webhookProperties: {} }] },
  description: '',
  ...extra,
});
const alert = (operation: string, extra: object = {}): object =>
  argRow('Microsoft.Insights/activityLogAlerts', 'rg-secops', `ala-${operation.replace(/\//g, '-').toLowerCase()}`, properties(operation, extra), {
    location: 'global',
  });
const all = REQUIRED_OPERATIONS.map((op) => alert(op));
/** An alert row with its own condition leaves. */
const alertWith = (name: string, allOf: object[]): object =>
  argRow('Microsoft.Insights/activityLogAlerts', 'rg-secops', name, properties(undefined, { condition: { allOf } }), { location: 'global' });
const templateAlert = (props: unknown): object =>
  armTemplate([{ type: 'Microsoft.Insights/activityLogAlerts', apiVersion: '2020-10-01', name: 'ala-nsg-write', location: 'global', properties: props }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'template: operation from a parameter (what an alert fires on is judged with its subscription)',
      template: { ...(templateAlert(properties("[parameters('operation')]")) as object), parameters: { operation: { type: 'string' } } },
    },
    { name: 'one alert per operation', resource: SUB, snapshot: { resources: all } },
    {
      name: 'anyOf alert for all operations',
      resource: SUB,
      snapshot: {
        resources: [
          argRow(
            'Microsoft.Insights/activityLogAlerts',
            'rg-secops',
            'ala-control-plane',
            properties(undefined, {
              condition: {
                allOf: [{ field: 'category', equals: 'Administrative' }, { anyOf: REQUIRED_OPERATIONS.map((equals) => ({ field: 'operationName', equals })) }],
              },
            }),
            { location: 'global' },
          ),
        ],
      },
    },
    {
      name: 'containsAny alert for all operations',
      resource: SUB,
      snapshot: {
        resources: [
          alertWith('ala-contains-any', [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', containsAny: REQUIRED_OPERATIONS },
          ]),
        ],
      },
    },
    { name: 'template: working alert', template: templateAlert(properties('Microsoft.Network/networkSecurityGroups/write')) },
  ],
  invalid: [
    {
      name: 'ransomware operations not alerted',
      snapshot: { resources: all.slice(0, 10) },
      findings: [
        {
          messageId: 'missingAlerts',
          data: { subscription: SUB, operations: REQUIRED_OPERATIONS.slice(10).join(', ') },
        },
      ],
    },
    {
      name: 'disabled and group-less alerts do not count',
      snapshot: {
        resources: [
          ...all.slice(1, 13),
          alert(REQUIRED_OPERATIONS[0] as string, { enabled: false }),
          alert(REQUIRED_OPERATIONS[13] as string, { actions: { actionGroups: [] } }),
        ],
      },
      findings: [{ messageId: 'missingAlerts', data: { subscription: SUB, operations: `${REQUIRED_OPERATIONS[0]}, ${REQUIRED_OPERATIONS[13]}` } }],
    },
    {
      name: 'containsAny lists the alternatives: the operations it leaves out are not alerted',
      resource: SUB,
      snapshot: {
        resources: [
          alertWith('ala-contains-any', [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', containsAny: REQUIRED_OPERATIONS.slice(0, 10) },
          ]),
        ],
      },
      findings: [{ messageId: 'missingAlerts', data: { subscription: SUB, operations: REQUIRED_OPERATIONS.slice(10).join(', ') } }],
    },
    {
      name: 'an alert narrowed to a resource group or to failed calls covers none of its operations',
      resource: SUB,
      snapshot: {
        resources: [
          ...all.slice(2),
          alertWith('ala-nsg-write-rg-app', [
            { field: 'category', equals: 'Administrative' },
            { field: 'operationName', equals: REQUIRED_OPERATIONS[0] as string },
            { field: 'resourceGroup', equals: 'rg-app' },
          ]),
          alertWith('ala-nsg-delete-failed', [
            { field: 'category', equals: 'Administrative' },
            { field: 'resourceType', equals: 'Microsoft.Network/networkSecurityGroups' },
            { field: 'operationName', equals: REQUIRED_OPERATIONS[1] as string },
            { anyOf: [{ field: 'status', containsAny: ['Failed'] }] },
          ]),
        ],
      },
      findings: [{ messageId: 'missingAlerts', data: { subscription: SUB, operations: REQUIRED_OPERATIONS.slice(0, 2).join(', ') } }],
    },
    {
      name: "a resourceType leaf matches the operation's own resource type, not the types under it",
      resource: SUB,
      snapshot: {
        resources: [
          ...all.filter((_, i) => i >= 4 && i !== 10 && i !== 11),
          alertWith('ala-nsg-type', [
            { field: 'category', equals: 'Administrative' },
            { field: 'resourceType', equals: 'microsoft.network/networksecuritygroups' },
          ]),
          alertWith('ala-vault-type', [
            { field: 'category', equals: 'Administrative' },
            { field: 'resourceType', equals: 'Microsoft.RecoveryServices/vaults' },
          ]),
        ],
      },
      findings: [
        {
          messageId: 'missingAlerts',
          data: { subscription: SUB, operations: [2, 3, 11].map((i) => REQUIRED_OPERATIONS[i]).join(', ') },
        },
      ],
    },
    {
      name: 'template: disabled alert',
      template: templateAlert(properties('Microsoft.Network/networkSecurityGroups/write', { enabled: false })),
      findings: [{ messageId: 'ineffective', data: { alert: 'ala-nsg-write', why: 'is disabled' } }],
    },
  ],
  unknown: [
    {
      name: 'template: enabled from a parameter',
      template: templateAlert(properties('Microsoft.Network/networkSecurityGroups/write', { enabled: "[parameters('on')]" })),
      reason: /on/,
    },
  ],
  notAssessed: [],
  notApplicable: [
    {
      name: 'alert row: assessed on its subscription',
      resource: 'ala-microsoft.network-networksecuritygroups-write',
      snapshot: { resources: all.slice(0, 1) },
    },
  ],
});

describe('AZV-MON-014 with a template alert beside the snapshot of its subscription', () => {
  it('is unknown when the alert fires on an operation not known (it counted as every operation)', async () => {
    // Every operation has its alert but one, which a template alert with a parameter may or may not cover.
    const snapshot = snapshotOf({ resources: all.slice(1) });
    const template = {
      ...(templateAlert(properties("[parameters('operation')]")) as object),
      parameters: { operation: { type: 'string' } },
    };
    const root = await folderOf({ 'estate.snapshot.json': JSON.stringify(snapshot), 'alerts.json': JSON.stringify(template) });
    const graph = new ResourceGraph((await loadInputs({ paths: [root] })).resources);
    const subscription = graph.get(`/subscriptions/${SUB}`);
    expect(subscription).toBeDefined();
    const result = evaluate(rule, subscription!, new Analyses(graph), { operations: REQUIRED_OPERATIONS });
    expect([result.status, result.reason]).toEqual(['unknown', "parameter 'operation' has no value"]);
  });
});
