import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-001',
  name: 'mfa-all-users',
  pillar: 'IAM',
  severity: 'critical',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Conditional Access requires MFA for all users on all cloud apps',
    ja: '条件付きアクセスで全ユーザー・全クラウドアプリに MFA を要求',
  },
  fix: {
    en: 'Enable a Conditional Access policy for All users and All resources that grants access only with MFA (or an authentication strength that satisfies MFA), excluding only break-glass accounts.',
    ja: 'すべてのユーザーとすべてのリソースを対象に MFA（または MFA を満たす認証強度）を要求する条件付きアクセス ポリシーを有効にし、除外は緊急アクセス用アカウントだけにします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy requires MFA for all users on all cloud apps.',
      ja: 'すべてのユーザーとすべてのクラウドアプリに MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would require MFA for all users but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は全ユーザーに MFA を要求しますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" requires MFA for all users but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は全ユーザーに MFA を要求しますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" targets all users but does not require MFA.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は全ユーザーを対象としていますが、MFA を要求していません。',
    },
  },
  phrases: ['exclusions'],
  mappings: {
    'mcsb-v1': ['IM-6', 'IM-7'],
    'cis-azure-5.0.0': ['5.2.4'],
    'cis-azure-3.0.0': ['2.2.5'],
    peers: ['prowler entra_non_privileged_user_has_mfa'],
  },
  options: caOptions,
  check(tenant, context) {
    const result = checkConditionalAccess(tenant, context, {
      requirement: { users: { kind: 'all-users' }, applications: ['All'], clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'], grant: 'mfa' },
      licence: 'P1',
      securityDefaultsSatisfy: true,
    });
    if (!isVerdict(result)) return result;
  },
});
