import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { ADMIN_ROLES } from '../../shared/entra.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-002',
  name: 'phishing-resistant-mfa-admins',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Conditional Access requires phishing-resistant MFA for privileged directory roles',
    ja: '条件付きアクセスで特権ディレクトリ ロールにフィッシング耐性のある MFA を要求',
  },
  fix: {
    en: 'Enable a Conditional Access policy for the privileged directory roles on All resources with the built-in "Phishing-resistant MFA" authentication strength.',
    ja: '特権ディレクトリ ロールとすべてのリソースを対象に、組み込みの「フィッシング耐性のある MFA」認証強度を要求する条件付きアクセス ポリシーを有効にします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy requires MFA for the privileged directory roles (Global Administrator, Privileged Role Administrator, Security Administrator, …).',
      ja: '特権ディレクトリ ロール（グローバル管理者、特権ロール管理者、セキュリティ管理者など）に MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would require phishing-resistant MFA for administrators but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は管理者にフィッシング耐性のある MFA を要求しますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" requires phishing-resistant MFA for administrators but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は管理者にフィッシング耐性のある MFA を要求しますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" requires MFA for administrators, but not a phishing-resistant authentication strength.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は管理者に MFA を要求していますが、フィッシング耐性のある認証強度ではありません。',
    },
  },
  phrases: ['exclusions'],
  mappings: {
    'mcsb-v1': ['IM-6', 'PA-1'],
    'cis-azure-3.0.0': ['2.2.4'],
    peers: ['prowler entra_privileged_user_has_mfa'],
  },
  options: caOptions.extend({
    /**
     * Directory role template ids that must be covered: by default the 15 roles Microsoft recommends
     * requiring phishing-resistant MFA of at a minimum (how-to-policy-phish-resistant-admin-mfa).
     */
    roles: z
      .array(z.string())
      .min(1)
      .default([...ADMIN_ROLES]),
  }),
  check(tenant, context) {
    const result = checkConditionalAccess(tenant, context, {
      requirement: {
        users: { kind: 'roles', roleIds: context.options.roles },
        applications: ['All'],
        clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
        grant: 'phishing-resistant-mfa',
      },
      licence: 'P1',
      securityDefaultsSatisfy: false,
    });
    if (!isVerdict(result)) return result;
  },
});
