import { z } from 'zod';
import { at, get, type Resource } from '../../../model/resource.js';
import { isObject, isUnknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coveredBySubscription, evidence, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

export default defineRule({
  id: 'AZV-MON-006',
  name: 'security-contacts',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, 'Microsoft.Security/securityContacts'],
  title: {
    en: 'Defender for Cloud security contacts and alert notifications configured',
    ja: 'Defender for Cloud のセキュリティ連絡先とアラート通知を設定',
  },
  fix: {
    en: 'Set a security contact email, notify the Owner role, and send alert notifications from severity Medium (or High) and attack-path notifications.',
    ja: 'セキュリティ連絡先のメールを設定し、所有者ロールに通知し、重大度 Medium（または High）以上のアラート通知と攻撃パス通知を送信します。',
  },
  messages: {
    noContact: {
      en: 'Subscription {{subscription}} has no Defender for Cloud security contact email: alerts reach nobody.',
      ja: 'サブスクリプション {{subscription}} に Defender for Cloud のセキュリティ連絡先メールがなく、アラートが誰にも届きません。',
    },
    noAlertNotifications: {
      en: 'Defender for Cloud alert notifications are off in subscription {{subscription}}.',
      ja: 'サブスクリプション {{subscription}} で Defender for Cloud のアラート通知が無効です。',
    },
    ownersNotNotified: {
      en: 'Defender for Cloud does not notify subscription Owners of alerts in subscription {{subscription}}.',
      ja: 'サブスクリプション {{subscription}} で Defender for Cloud がアラートを所有者に通知していません。',
    },
  },
  mappings: {
    'mcsb-v1': ['IR-2'],
    'cis-azure-5.0.0': ['8.1.12', '8.1.13', '8.1.14', '8.1.15'],
    'azure-policy': ['4f4f78b8-e367-4b10-a341-d9a4ad5cf1c7', '6e2593d9-add6-4083-9c9b-4b7d2188c899'],
    peers: ['prowler defender_additional_email_configured_with_a_security_contact', 'checkov CKV_AZURE_20', 'checkov CKV_AZURE_21'],
  },
  options: z.object({ requireOwnerNotifications: z.boolean().default(true) }).strict(),
  check(resource, context) {
    let contacts: Resource[];
    if (isSubscription(resource)) {
      const rows = evidence(context.graph, resource, 'Microsoft.Security/securityContacts', 'Microsoft.Security/securityContacts');
      if ('missing' in rows) return context.notAssessed(rows.missing);
      contacts = rows;
    } else {
      if (coveredBySubscription(context.graph, resource)) return context.notApplicable('assessed on its subscription');
      contacts = [resource];
    }
    const subscription = resource.id.split('/')[2] ?? resource.name;
    // A value not known (a template parameter without a value) may be the one that decides.
    const unknown = contacts
      .flatMap((c) => [get(c, 'properties'), get(c, 'properties', 'emails') ?? get(c, 'properties', 'email'), get(c, 'properties', 'isEnabled')])
      .find(isUnknown);
    const withEmail = contacts.filter((c) => {
      const emails = get(c, 'properties', 'emails') ?? get(c, 'properties', 'email');
      return typeof emails === 'string' && emails.trim() !== '' && get(c, 'properties', 'isEnabled') !== false;
    });
    if (withEmail.length === 0) {
      if (unknown) return context.unknown(unknown.reason);
      context.report('noContact', { subscription }, contacts[0] ? { resource: contacts[0], at: '/properties' } : {});
      return;
    }
    const contact = withEmail[0] as Resource;
    const settings = ['notificationsSources', 'alertNotifications', 'notificationsByRole', 'alertsToAdmins'].map((key) => get(contact, 'properties', key));
    const unsure = settings.find(isUnknown) ?? (Array.isArray(settings[0]) ? settings[0].find(isUnknown) : undefined);
    if (unsure) return context.unknown(unsure.reason);
    // API 2023-12-01-preview: notificationsSources; 2020-01-01-preview: alertNotifications.state.
    const sources = get(contact, 'properties', 'notificationsSources');
    const legacy = get(contact, 'properties', 'alertNotifications');
    const alertOn =
      (Array.isArray(sources) && sources.some((s: Value) => isObject(s) && s['sourceType'] === 'Alert' && typeof s['minimalSeverity'] === 'string')) ||
      (isObject(legacy) && typeof legacy['state'] === 'string' && legacy['state'].toLowerCase() === 'on') ||
      legacy === 'On';
    if (!alertOn)
      context.report('noAlertNotifications', { subscription }, { resource: contact, at: at(contact, 'properties', 'notificationsSources').pointer });
    if (context.options.requireOwnerNotifications) {
      const byRole = get(contact, 'properties', 'notificationsByRole');
      const admins = get(contact, 'properties', 'alertsToAdmins');
      const ownersOn =
        (isObject(byRole) &&
          typeof byRole['state'] === 'string' &&
          byRole['state'].toLowerCase() === 'on' &&
          Array.isArray(byRole['roles']) &&
          byRole['roles'].some((r) => typeof r === 'string' && r.toLowerCase() === 'owner')) ||
        admins === 'On';
      if (!ownersOn) context.report('ownersNotNotified', { subscription }, { resource: contact, at: at(contact, 'properties', 'notificationsByRole').pointer });
    }
  },
});
