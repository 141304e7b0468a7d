import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { armError, SUB, subscriptionItem } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const contact = (properties: object): object =>
  subscriptionItem('Microsoft.Security/securityContacts', 'default', {
    emails: 'secops@contoso-trading.example',
    phone: '',
    isEnabled: true,
    notificationsByRole: { state: 'On', roles: ['Owner'] },
    notificationsSources: [
      { sourceType: 'Alert', minimalSeverity: 'Medium' },
      { sourceType: 'AttackPath', minimalRiskLevel: 'Critical' },
    ],
    ...properties,
  });
const templateContact = (properties: object): object =>
  armTemplate([{ type: 'Microsoft.Security/securityContacts', apiVersion: '2023-12-01-preview', name: 'default', properties }]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'email, owners, alerts from Medium', resource: SUB, snapshot: { resources: [contact({})] } },
    {
      name: 'template: older API shape',
      template: templateContact({ email: 'secops@contoso-trading.example', alertNotifications: 'On', alertsToAdmins: 'On' }),
    },
  ],
  invalid: [
    { name: 'no contact at all', snapshot: { resources: [] }, findings: [{ messageId: 'noContact' }] },
    { name: 'empty email', snapshot: { resources: [contact({ emails: '' })] }, findings: [{ messageId: 'noContact', resource: 'default' }] },
    {
      name: 'no alerts, owners not told',
      snapshot: { resources: [contact({ notificationsByRole: { state: 'Off', roles: [] }, notificationsSources: [] })] },
      findings: [
        { messageId: 'noAlertNotifications', resource: 'default' },
        { messageId: 'ownersNotNotified', resource: 'default' },
      ],
    },
  ],
  unknown: [
    { name: 'template: properties from a parameter', template: templateContact("[parameters('contact')]" as unknown as object), reason: /contact/ },
    {
      // Before: a failure (no contact email) where the email is only not known.
      name: 'template: the email from a parameter without a value',
      template: {
        ...(templateContact({ emails: "[parameters('email')]", notificationsByRole: { state: 'On', roles: ['Owner'] } }) as object),
        parameters: { email: { type: 'string' } },
      },
      reason: /parameter 'email' has no value/,
    },
  ],
  notAssessed: [
    { name: 'contacts unreadable', snapshot: { errors: [armError('Microsoft.Security/securityContacts', 'Security Reader')] }, reason: /Security Reader/ },
  ],
});
