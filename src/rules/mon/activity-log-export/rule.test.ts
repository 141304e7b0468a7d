import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { armError, SUB, subscriptionItem } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const logs = (...categories: string[]): object[] =>
  ['Administrative', 'Security', 'ServiceHealth', 'Alert', 'Recommendation', 'Policy', 'Autoscale', 'ResourceHealth'].map((category) => ({
    category,
    categoryGroup: null,
    enabled: categories.includes(category),
  }));
const setting = (name: string, properties: object): object =>
  subscriptionItem('Microsoft.Insights/diagnosticSettings', name, {
    storageAccountId: null,
    eventHubAuthorizationRuleId: null,
    eventHubName: null,
    ...properties,
  });
const templateSetting = (properties: unknown): object =>
  armTemplate([{ type: 'Microsoft.Insights/diagnosticSettings', apiVersion: '2021-05-01-preview', name: 'activity-to-sentinel', properties }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'four categories to the workspace',
      resource: SUB,
      snapshot: { resources: [setting('activity-to-sentinel', { workspaceId: WORKSPACE, logs: logs('Administrative', 'Security', 'Policy', 'Alert') })] },
    },
    { name: 'template: allLogs', template: templateSetting({ workspaceId: WORKSPACE, logs: [{ categoryGroup: 'allLogs', enabled: true }] }) },
  ],
  invalid: [
    { name: 'no diagnostic setting', snapshot: { resources: [] }, findings: [{ messageId: 'noExport', data: { subscription: SUB } }] },
    {
      name: 'Policy and Alert left out',
      snapshot: { resources: [setting('activity-to-sentinel', { workspaceId: WORKSPACE, logs: logs('Administrative', 'Security') })] },
      findings: [{ messageId: 'missingCategories', resource: 'activity-to-sentinel', data: { setting: 'activity-to-sentinel', categories: 'Policy, Alert' } }],
    },
    {
      name: 'storage archive only',
      snapshot: {
        resources: [
          setting('activity-archive', {
            storageAccountId: `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.Storage/storageAccounts/stactivity`,
            logs: logs('Administrative', 'Security', 'Policy', 'Alert'),
          }),
        ],
      },
      findings: [{ messageId: 'noWorkspace', resource: 'activity-archive' }],
    },
  ],
  unknown: [
    {
      name: 'template: workspace from a parameter',
      template: templateSetting({ workspaceId: "[parameters('workspaceId')]", logs: [] }),
      reason: /workspaceId/,
    },
  ],
  notAssessed: [
    {
      name: 'diagnostic settings unreadable',
      snapshot: { errors: [armError('Microsoft.Insights/diagnosticSettings (activity log)', 'Reader')] },
      reason: /Reader/,
    },
  ],
  notApplicable: [
    {
      name: 'template: a key vault diagnostic setting',
      template: armTemplate([
        {
          type: 'Microsoft.Insights/diagnosticSettings',
          apiVersion: '2021-05-01-preview',
          name: 'kv-audit',
          scope: "[format('Microsoft.KeyVault/vaults/{0}', 'kv-disk-keys')]",
          properties: { workspaceId: WORKSPACE, logs: [{ categoryGroup: 'audit', enabled: true }] },
        },
      ]),
    },
  ],
});
