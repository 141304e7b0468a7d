import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

// Not applicable never happens: every Recovery Services vault has a network access setting.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'private vault with job-failure alerts', template: armTemplate([recoveryVault('rsv-prod')]) },
    { name: 'private vault, alert settings left at their default', template: armTemplate([recoveryVault('rsv-prod', { monitoringSettings: undefined })]) },
  ],
  invalid: [
    {
      name: 'public access by default and alerts off',
      template: armTemplate([
        recoveryVault('rsv-prod', {
          publicNetworkAccess: undefined,
          monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: 'Disabled' } },
        }),
      ]),
      findings: [
        { messageId: 'publicAccess', at: '/properties', data: { name: 'rsv-prod', value: 'Enabled' } },
        { messageId: 'alertsOff', at: '/properties/monitoringSettings/azureMonitorAlertSettings/alertsForAllJobFailures', data: { name: 'rsv-prod' } },
      ],
    },
  ],
  unknown: [
    {
      name: 'public access from a parameter with no value',
      template: armTemplate([recoveryVault('rsv-prod', { publicNetworkAccess: "[parameters('publicAccess')]" })], {
        parameters: { publicAccess: { type: 'string' } },
      }),
      reason: /parameter 'publicAccess' has no value/,
    },
  ],
});
