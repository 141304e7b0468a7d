import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { organization, SUB, TENANT } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WORKSPACE = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
const ALL = [
  'AuditLogs',
  'SignInLogs',
  'NonInteractiveUserSignInLogs',
  'ServicePrincipalSignInLogs',
  'ManagedIdentitySignInLogs',
  'ProvisioningLogs',
  'ADFSSignInLogs',
  'RiskyUsers',
  'UserRiskEvents',
  'RiskyServicePrincipals',
  'ServicePrincipalRiskEvents',
  'MicrosoftGraphActivityLogs',
];
/** `GET /providers/microsoft.aadiam/diagnosticSettings` as ARM returns it. */
const setting = (name: string, enabled: string[], extra: object = {}): object => ({
  id: `/providers/microsoft.aadiam/diagnosticSettings/${name}`,
  name,
  type: 'microsoft.aadiam/diagnosticSettings',
  properties: {
    storageAccountId: null,
    serviceBusRuleId: null,
    workspaceId: WORKSPACE,
    eventHubAuthorizationRuleId: null,
    eventHubName: null,
    metrics: [],
    logs: ALL.map((category) => ({ category, categoryGroup: null, enabled: enabled.includes(category), retentionPolicy: { days: 0, enabled: false } })),
    ...extra,
  },
});
const tenant = { organization: organization('P2') };
const tenantError = {
  source: 'arm',
  operation: 'microsoft.aadiam/diagnosticSettings',
  scope: 'tenant',
  status: 403,
  code: 'AuthorizationFailed',
  message: 'The client does not have authorization.',
  missingPermission: 'Security Reader (Entra ID) and Reader',
};
const templateSetting = (properties: unknown): object =>
  armTemplate([{ type: 'Microsoft.AADIAM/diagnosticSettings', apiVersion: '2017-04-01', name: 'entra-to-sentinel', properties }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'every category to the workspace', resource: TENANT, snapshot: { entra: tenant, resources: [setting('entra-to-sentinel', ALL)] } },
    {
      name: 'template: every category',
      template: templateSetting({ workspaceId: WORKSPACE, logs: ALL.map((category) => ({ category, enabled: true })) }),
    },
  ],
  invalid: [
    { name: 'no Entra diagnostic setting', snapshot: { entra: tenant }, findings: [{ messageId: 'noExport' }] },
    {
      name: 'risk and Graph activity left out',
      resource: TENANT,
      snapshot: {
        entra: tenant,
        resources: [
          setting('entra-to-sentinel', ['AuditLogs', 'SignInLogs', 'NonInteractiveUserSignInLogs', 'ServicePrincipalSignInLogs', 'ManagedIdentitySignInLogs']),
        ],
      },
      findings: [
        {
          messageId: 'missingCategories',
          resource: 'entra-to-sentinel',
          data: { setting: 'entra-to-sentinel', categories: 'RiskyUsers, UserRiskEvents, MicrosoftGraphActivityLogs' },
        },
      ],
    },
    {
      name: 'audit logs only to storage',
      resource: TENANT,
      snapshot: {
        entra: tenant,
        resources: [
          setting('entra-archive', ALL, {
            workspaceId: null,
            storageAccountId: '/subscriptions/x/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/st',
          }),
        ],
      },
      findings: [{ messageId: 'noExport', resource: 'entra-archive' }],
    },
  ],
  unknown: [
    {
      name: 'template: workspace from a parameter',
      template: templateSetting({ workspaceId: "[parameters('workspaceId')]", logs: [] }),
      reason: /workspaceId/,
    },
  ],
  notAssessed: [{ name: 'Entra diagnostic settings unreadable', snapshot: { entra: tenant, errors: [tenantError] }, reason: /Security Reader \(Entra ID\)/ }],
  notApplicable: [
    {
      name: 'setting row: assessed on the tenant',
      resource: 'entra-to-sentinel',
      snapshot: { entra: tenant, resources: [setting('entra-to-sentinel', ['SignInLogs'])] },
    },
  ],
});
