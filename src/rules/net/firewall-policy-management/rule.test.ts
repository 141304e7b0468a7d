import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { firewall, firewallPolicy } from '../../../../test/support/edge-snippets.js';
import { azureFirewall } from '../../../../test/support/network-snippets.js';
import { argRow, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WS = "[resourceId('Microsoft.OperationalInsights/workspaces', 'law-sentinel')]";
/** A diagnostic setting on firewall `hub-fw`, with these log entries. */
const firewallLogs = (logs: object[], properties: object = { workspaceId: WS }): object => ({
  type: 'Microsoft.Insights/diagnosticSettings',
  apiVersion: '2021-05-01-preview',
  name: 'fw-logs',
  scope: "[format('Microsoft.Network/azureFirewalls/{0}', 'hub-fw')]",
  properties: { ...properties, logs },
});
const allLogs = firewallLogs([{ categoryGroup: 'allLogs', enabled: true }]);
/** The collector was denied the firewall's diagnostic settings. */
const diagnosticsDenied = {
  source: 'arm',
  operation: 'Microsoft.Insights/diagnosticSettings (firewall)',
  scope: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/azureFirewalls/hub-fw`,
  status: 403,
  code: 'AuthorizationFailed',
  message: 'denied',
  missingPermission: 'Reader',
} as const;
const withPolicy = (...extra: object[]): object => armTemplate([firewall('hub-fw', { policy: 'hub-policy' }), ...extra]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'policy with DNS proxy, every log category sent to the workspace',
      template: withPolicy(firewallPolicy('hub-policy', { dnsSettings: { enableProxy: true } }), allLogs),
    },
    {
      name: 'Basic policy without DNS proxy (a Standard and Premium feature), network rule logs to storage',
      template: armTemplate([
        firewall('hub-fw', { tier: 'Basic', policy: 'hub-policy' }),
        firewallPolicy('hub-policy', { sku: { tier: 'Basic' } }),
        firewallLogs([{ category: 'AZFWNetworkRule', enabled: true }], { storageAccountId: "[resourceId('Microsoft.Storage/storageAccounts', 'fwlogs')]" }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'classic NAT rule collections',
      template: armTemplate([
        azureFirewall('hub-fw', [{ name: 'web', sources: ['*'], port: 443, translatedAddress: '10.0.1.4', translatedPort: 443 }]),
        allLogs,
      ]),
      findings: [{ messageId: 'classic', at: '', data: { name: 'hub-fw', collections: 'natRuleCollections' } }],
    },
    {
      name: 'policy without DNS proxy',
      template: withPolicy(firewallPolicy('hub-policy'), allLogs),
      findings: [{ messageId: 'noDnsProxy', resource: 'hub-policy', data: { name: 'hub-fw', policy: 'hub-policy' } }],
    },
    {
      name: 'no diagnostic setting: its flows leave no trace',
      template: withPolicy(firewallPolicy('hub-policy', { dnsSettings: { enableProxy: true } })),
      findings: [{ messageId: 'noLogging', resource: 'hub-fw', at: '', data: { name: 'hub-fw' } }],
    },
    {
      name: 'a diagnostic setting with its log categories off (metrics only)',
      template: withPolicy(firewallPolicy('hub-policy', { dnsSettings: { enableProxy: true } }), firewallLogs([{ categoryGroup: 'allLogs', enabled: false }])),
      findings: [{ messageId: 'noLogging', resource: 'hub-fw', data: { name: 'hub-fw' } }],
    },
    {
      name: 'snapshot: classic rules are reported though the diagnostic settings could not be read',
      snapshot: {
        resources: [argRow('Microsoft.Network/azureFirewalls', 'rg-hub', 'hub-fw', { sku: { tier: 'Standard' }, natRuleCollections: [] })],
        errors: [diagnosticsDenied],
      },
      findings: [{ messageId: 'classic', at: '', data: { name: 'hub-fw', collections: 'none' } }],
    },
    {
      name: 'policy without DNS proxy is reported though a diagnostic setting may be the firewall’s',
      template: {
        ...(withPolicy(firewallPolicy('hub-policy'), {
          ...(allLogs as object),
          scope: "[format('Microsoft.Network/azureFirewalls/{0}', parameters('firewall'))]",
        }) as object),
        parameters: { firewall: { type: 'string' } },
      },
      findings: [{ messageId: 'noDnsProxy', resource: 'hub-policy', data: { name: 'hub-fw', policy: 'hub-policy' } }],
    },
  ],
  unknown: [
    {
      name: 'DNS proxy from an unset parameter',
      template: {
        ...(withPolicy(firewallPolicy('hub-policy', { dnsSettings: { enableProxy: "[parameters('proxy')]" } }), allLogs) as object),
        parameters: { proxy: { type: 'bool' } },
      },
      reason: /parameter 'proxy' has no value/,
    },
    {
      name: 'a diagnostic setting whose scope is an unset parameter may be the firewall’s',
      template: {
        ...(withPolicy(firewallPolicy('hub-policy', { dnsSettings: { enableProxy: true } }), {
          ...(allLogs as object),
          scope: "[format('Microsoft.Network/azureFirewalls/{0}', parameters('firewall'))]",
        }) as object),
        parameters: { firewall: { type: 'string' } },
      },
      reason: /parameter 'firewall' has no value/,
    },
    {
      name: 'snapshot: the firewall diagnostic settings could not be read',
      snapshot: {
        resources: [
          argRow('Microsoft.Network/azureFirewalls', 'rg-hub', 'hub-fw', {
            sku: { tier: 'Standard' },
            firewallPolicy: { id: `/subscriptions/${SUB}/resourceGroups/rg-hub/providers/Microsoft.Network/firewallPolicies/hub-policy` },
          }),
          argRow('Microsoft.Network/firewallPolicies', 'rg-hub', 'hub-policy', { sku: { tier: 'Standard' }, dnsSettings: { enableProxy: true } }),
        ],
        errors: [diagnosticsDenied],
      },
      reason: /diagnostic settings could not be read/,
    },
  ],
  // Every Azure Firewall is managed either by classic rules or by a policy: nothing is not applicable.
  notApplicable: [],
});
