import { argRow, SUB, subscriptionItem } from '../../../../test/support/snapshot-snippets.js';
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
const full = [workspace, onboarded, connector('MicrosoftThreatProtection'), connector('AzureSecurityCenter'), connector('AzureActiveDirectory'), activity, dcr];

testRule(rule, {
  url: import.meta.url,
  valid: [{ name: 'every source', snapshot: { resources: full } }],
  invalid: [
    {
      name: 'XDR connector disabled, no security events',
      snapshot: {
        resources: [
          workspace,
          onboarded,
          connector('MicrosoftThreatProtection', 'Disabled'),
          connector('AzureSecurityCenter'),
          connector('AzureActiveDirectory'),
          activity,
        ],
      },
      findings: [
        { messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Microsoft Defender XDR' } },
        { messageId: 'missingSource', data: { workspace: 'law-sentinel', source: 'Windows Security events / Syslog via AMA' } },
      ],
    },
  ],
  unknown: [{ name: 'no connectors listed', snapshot: { resources: [workspace, onboarded, activity, dcr] }, reason: /Content Hub/ }],
  notAssessed: [
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
