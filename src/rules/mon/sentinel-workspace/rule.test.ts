import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { argRow, SUB, subscriptionItem } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const workspace = (name: string, extra: object = {}): object =>
  argRow('Microsoft.OperationalInsights/workspaces', 'rg-secops', name, { sku: { name: 'PerGB2018' }, retentionInDays: 90, ...extra });
const WS = (name: string): string => `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/${name}`;
/** `GET {workspace}/providers/Microsoft.SecurityInsights/onboardingStates` item. */
const onboarded = (name: string): object => ({
  id: `${WS(name)}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
  name: 'default',
  type: 'Microsoft.SecurityInsights/onboardingStates',
  properties: { customerManagedKey: false },
});
const activity = (name: string, logs: object[] = [{ category: 'Administrative', enabled: true }]): object =>
  subscriptionItem('Microsoft.Insights/diagnosticSettings', 'activity-to-sentinel', { workspaceId: WS(name), logs });
const legacy = (name: string): object =>
  argRow('Microsoft.OperationsManagement/solutions', 'rg-secops', `SecurityInsights(${name})`, { workspaceResourceId: WS(name) });
const onboardingError = (name: string): object => ({
  source: 'arm',
  operation: 'Microsoft.SecurityInsights/onboardingStates',
  scope: WS(name),
  status: 403,
  code: 'AuthorizationFailed',
  message: 'denied',
  missingPermission: 'Microsoft Sentinel Reader',
});
const templateWorkspace = (extra: object[]): object =>
  armTemplate([
    {
      type: 'Microsoft.OperationalInsights/workspaces',
      apiVersion: '2023-09-01',
      name: 'law-sentinel',
      location: 'japaneast',
      properties: { retentionInDays: 90 },
    },
    ...extra,
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'onboarded and receiving the Activity Log',
      resource: SUB,
      snapshot: { resources: [workspace('law-sentinel'), onboarded('law-sentinel'), activity('law-sentinel')] },
    },
    {
      name: 'Activity Log sent to Sentinel through the allLogs category group',
      resource: SUB,
      snapshot: { resources: [workspace('law-sentinel'), onboarded('law-sentinel'), activity('law-sentinel', [{ categoryGroup: 'allLogs', enabled: true }])] },
    },
    {
      name: 'legacy SecurityInsights solution',
      resource: SUB,
      snapshot: { resources: [workspace('law-sentinel'), legacy('law-sentinel'), activity('law-sentinel')] },
    },
    {
      name: 'template: onboarding state on the workspace',
      template: templateWorkspace([
        {
          type: 'Microsoft.SecurityInsights/onboardingStates',
          apiVersion: '2024-03-01',
          name: 'default',
          scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', 'law-sentinel')]",
          properties: {},
        },
      ]),
    },
  ],
  invalid: [
    { name: 'no Sentinel', snapshot: { resources: [workspace('law-vm-insights'), activity('law-vm-insights')] }, findings: [{ messageId: 'noSentinel' }] },
    {
      name: 'Activity Log sent elsewhere',
      resource: SUB,
      snapshot: { resources: [workspace('law-sentinel'), workspace('law-ops'), onboarded('law-sentinel'), activity('law-ops')] },
      findings: [{ messageId: 'notDestination', data: { subscription: SUB } }],
    },
    {
      name: 'Activity Log setting to the Sentinel workspace with every category disabled',
      resource: SUB,
      snapshot: {
        resources: [
          workspace('law-sentinel'),
          onboarded('law-sentinel'),
          activity(
            'law-sentinel',
            ['Administrative', 'Security', 'Policy', 'Alert'].map((category) => ({ category, enabled: false })),
          ),
        ],
      },
      findings: [{ messageId: 'notDestination', data: { subscription: SUB } }],
    },
    {
      name: 'template: workspace not onboarded',
      template: templateWorkspace([]),
      findings: [{ messageId: 'notOnboarded', data: { workspace: 'law-sentinel' } }],
    },
  ],
  unknownImpossible: 'onboarding is the presence of a resource; a scope the input cannot evaluate leaves the workspace not onboarded (reported)',
  notAssessed: [
    {
      name: 'onboarding states unreadable',
      resource: SUB,
      snapshot: { resources: [workspace('law-sentinel')], errors: [onboardingError('law-sentinel')] },
      reason: /Microsoft Sentinel Reader/,
    },
  ],
  notApplicable: [{ name: 'workspace row: assessed on its subscription', resource: 'law-sentinel', snapshot: { resources: [workspace('law-sentinel')] } }],
});
