import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-006',
  name: 'user-risk-policy',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'User-risk Conditional Access policy (Entra ID Protection) requires secure password change for high user risk',
    ja: 'ユーザー リスクの条件付きアクセス（Entra ID Protection）で高リスク時に安全なパスワード変更を要求',
  },
  fix: {
    en: 'Enable a Conditional Access policy for All users and All resources with user risk High that requires MFA and password change (operator AND), or risk remediation with an authentication strength (AND), or blocks.',
    ja: 'すべてのユーザーとすべてのリソースを対象に、ユーザー リスク「高」で MFA とパスワード変更（AND）、または認証強度を伴うリスクの修復（AND）を要求する（またはブロックする）条件付きアクセス ポリシーを有効にします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy requires a secure password change or risk remediation (or blocks) for users at high user risk.',
      ja: 'ユーザー リスクが高いユーザーに安全なパスワード変更またはリスクの修復を要求する（またはブロックする）有効な条件付きアクセス ポリシーがありません。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would act on high user risk but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は高いユーザー リスクに対応しますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" acts on high user risk but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は高いユーザー リスクに対応しますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" targets high user risk but does not require a password change.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は高いユーザー リスクを対象としていますが、パスワード変更を要求していません。',
    },
  },
  phrases: ['exclusions'],
  mappings: {
    'mcsb-v1': ['IM-7'],
  },
  options: caOptions,
  check(tenant, context) {
    const result = checkConditionalAccess(tenant, context, {
      requirement: {
        users: { kind: 'all-users' },
        applications: ['All'],
        clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
        userRiskLevels: ['high'],
        grant: 'password-change',
      },
      licence: 'P2',
      securityDefaultsSatisfy: false,
    });
    if (!isVerdict(result)) return result;
  },
});
