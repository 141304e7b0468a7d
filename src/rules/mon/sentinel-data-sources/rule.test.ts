import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { argRow, organization, SUB, subscriptionItem } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WS = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const workspace = argRow('Microsoft.OperationalInsights/workspaces', 'rg-secops', 'law-sentinel', { retentionInDays: 90 });
const onboarded = {
  id: `${WS}/providers/Microsoft.SecurityInsights/onboardingStates/default`,
  name: 'default',
  type: 'Microsoft.SecurityInsights/onboardingStates',
  properties: {},
};
/** `GET {workspace}/providers/Microsoft.SecurityInsights/dataConnectors` item. */
const connector = (kind: string, state = 'Enabled'): object => ({
  id: `${WS}/providers/Microsoft.SecurityInsights/dataConnectors/${kind.toLowerCase()}`,
  name: kind.toLowerCase(),
  type: 'Microsoft.SecurityInsights/dataConnectors',
  kind,
  etag: '"00000000-0000-0000-0000-000000000000"',
  properties: { tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de', dataTypes: { incidents: { state }, alerts: { state } } },
});
const activity = subscriptionItem('Microsoft.Insights/diagnosticSettings', 'activity-to-sentinel', {
  workspaceId: WS,
  logs: [{ category: 'Administrative', enabled: true }],
});
const dcr = argRow('Microsoft.Insights/dataCollectionRules', 'rg-secops', 'dcr-security', {
  dataSources: { windowsEventLogs: [{ name: 'security', streams: ['Microsoft-SecurityEvent'], xPathQueries: ['Security!*'] }] },
  destinations: { logAnalytics: [{ name: 'sentinel', workspaceResourceId: WS }] },
});
/** `GET /providers/microsoft.aadiam/diagnosticSettings` item: the Entra ID logs sent to the workspace. */
const entraSetting = (categories: string[]): object => ({
  id: '/providers/microsoft.aadiam/diagnosticSettings/entra-to-sentinel',
  name: 'entra-to-sentinel',
  type: 'microsoft.aadiam/diagnosticSettings',
  properties: {
    workspaceId: WS,
    logs: ['SignInLogs', 'AuditLogs', 'RiskyUsers'].map((category) => ({ category, categoryGroup: null, enabled: categories.includes(category) })),
  },
});
const entra = entraSetting(['SignInLogs', 'AuditLogs']);
/** An onboarded Sentinel workspace 'law-sentinel' as a template declares it, with data connectors of these kinds. */
const templateSentinel = (kinds: string[]): object[] => [
  { type: 'Microsoft.OperationalInsights/workspaces', apiVersion: '2023-09-01', name: 'law-sentinel', location: 'japaneast', properties: {} },
  {
    type: 'Microsoft.SecurityInsights/onboardingStates',
    apiVersion: '2024-03-01',
    name: 'default',
    scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', 'law-sentinel')]",
    properties: {},
  },
  ...kinds.map((kind) => ({
    type: 'Microsoft.SecurityInsights/dataConnectors',
    apiVersion: '2024-03-01',
    name: kind.toLowerCase(),
    kind,
    scope: "[format('Microsoft.OperationalInsights/workspaces/{0}', 'law-sentinel')]",
    properties: { tenantId: '9c1f4a2e-0000-4000-8000-00000000c0de', dataTypes: { alerts: { state: 'Enabled' } } },
  })),
];
/** A template's Entra ID diagnostic setting to 'law-sentinel' with these logs. */
const templateEntraSetting = (logs: unknown): object => ({
  type: 'Microsoft.AADIAM/diagnosticSettings',
  apiVersion: '2017-04-01',
  name: 'entra-to-sentinel',
  properties: { workspaceId: "[resourceId('Microsoft.OperationalInsights/workspaces', 'law-sentinel')]", logs },
});
const full = [workspace, onboarded, connector('MicrosoftThreatProtection'), connector('AzureSecurityCenter'), entra, activity, dcr];

testRule(rule, {
  url: import.meta.url,
  valid: [{ name: 'every source', snapshot: { resources: full } }],
  invalid: [
    {
      name: 'the AzureActiveDirectory connector brings Entra ID Protection alerts, not sign-in and audit logs',
      snapshot: {
        resources: [
          workspace,
          onboarded,
          connector('MicrosoftThreatProtection'),
          connector('AzureSecurityCenter'),
          connector('AzureActiveDirectory'),
          entraSetting(['SignInLogs', 'RiskyUsers']),
          activity,
          dcr,
        ],
      },
      findings: [{ messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Microsoft Entra ID sign-in and audit logs' } }],
    },
    {
      name: 'XDR connector disabled, no security events',
      snapshot: {
        resources: [workspace, onboarded, connector('MicrosoftThreatProtection', 'Disabled'), connector('AzureSecurityCenter'), entra, activity],
      },
      findings: [
        { messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Microsoft Defender XDR' } },
        { messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Windows Security events / Syslog via AMA' } },
      ],
    },
    {
      name: 'Activity Log setting to the workspace with every category disabled',
      snapshot: {
        resources: [
          ...full.filter((resource) => resource !== activity),
          subscriptionItem('Microsoft.Insights/diagnosticSettings', 'activity-to-sentinel', {
            workspaceId: WS,
            logs: ['Administrative', 'Security', 'Policy', 'Alert'].map((category) => ({ category, enabled: false })),
          }),
        ],
      },
      findings: [{ messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Azure Activity' } }],
    },
  ],
  unknown: [
    {
      name: 'every other source, and the workspace of the data collection rule that collects Security events is a parameter without a value',
      template: armTemplate(
        [
          ...templateSentinel(['MicrosoftThreatProtection', 'AzureSecurityCenter', 'AzureActivity']),
          templateEntraSetting(['SignInLogs', 'AuditLogs'].map((category) => ({ category, enabled: true }))),
          {
            type: 'Microsoft.Insights/dataCollectionRules',
            apiVersion: '2023-03-11',
            name: 'dcr-security',
            location: 'japaneast',
            properties: {
              dataSources: { windowsEventLogs: [{ name: 'security', streams: ['Microsoft-SecurityEvent'], xPathQueries: ['Security!*'] }] },
              destinations: { logAnalytics: [{ name: 'sentinel', workspaceResourceId: "[parameters('workspaceId')]" }] },
              dataFlows: [{ streams: ['Microsoft-SecurityEvent'], destinations: ['sentinel'] }],
            },
          },
        ],
        { parameters: { workspaceId: { type: 'string' } } },
      ),
      reason: /parameter 'workspaceId' has no value/,
    },
    {
      name: 'Entra diagnostic setting with its categories from a parameter',
      template: armTemplate([...templateSentinel(['MicrosoftThreatProtection']), templateEntraSetting("[parameters('entraLogs')]")]),
      reason: /entraLogs/,
    },
    { name: 'no connectors listed', snapshot: { resources: [workspace, onboarded, activity, dcr] }, reason: /Content Hub/ },
  ],
  notAssessed: [
    {
      name: 'Entra diagnostic settings unreadable',
      snapshot: {
        entra: { organization: organization('P2') },
        resources: [workspace, onboarded, connector('MicrosoftThreatProtection'), connector('AzureSecurityCenter'), activity, dcr],
        errors: [
          {
            source: 'arm',
            operation: 'microsoft.aadiam/diagnosticSettings',
            scope: 'tenant',
            status: 403,
            code: 'AuthorizationFailed',
            message: 'denied',
            missingPermission: 'Security Reader (Entra ID) and Reader',
          },
        ],
      },
      reason: /Security Reader \(Entra ID\)/,
    },
    {
      name: 'connectors unreadable',
      snapshot: {
        resources: [workspace, onboarded],
        errors: [
          {
            source: 'arm',
            operation: 'Microsoft.SecurityInsights/dataConnectors',
            scope: WS,
            status: 403,
            code: 'AuthorizationFailed',
            message: 'denied',
            missingPermission: 'Microsoft Sentinel Reader',
          },
        ],
      },
      reason: /Microsoft Sentinel Reader/,
    },
  ],
  notApplicable: [{ name: 'workspace without Sentinel', snapshot: { resources: [workspace] } }],
});
