import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { AZURE_MANAGEMENT_APP } from '../../../analyses/identity/conditional-access.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-003',
  name: 'mfa-azure-management',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Conditional Access requires MFA for Azure management (ARM) and Microsoft admin portals',
    ja: '条件付きアクセスで Azure 管理（ARM）と Microsoft 管理ポータルに MFA を要求',
  },
  fix: {
    en: 'Enable a Conditional Access policy for All users that targets Windows Azure Service Management API (797f4846-…) and Microsoft Admin Portals, or All resources, and requires MFA.',
    ja: 'すべてのユーザーを対象に Windows Azure Service Management API（797f4846-…）と Microsoft 管理ポータル（またはすべてのリソース）で MFA を要求する条件付きアクセス ポリシーを有効にします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy requires MFA for all users signing in to {{target}}.',
      ja: '{{target}}へサインインするすべてのユーザーに MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would require MFA for {{target}} but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は {{target}}に MFA を要求しますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" requires MFA for {{target}} but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は {{target}}に MFA を要求しますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" targets {{target}} but does not require MFA.',
      ja: '条件付きアクセス ポリシー "{{policy}}" は {{target}}を対象としていますが、MFA を要求していません。',
    },
  },
  phrases: ['target', 'exclusions'],
  mappings: {
    'mcsb-v1': ['IM-6', 'PA-1'],
    'cis-azure-5.0.0': ['5.2.6', '5.2.7'],
  },
  options: caOptions,
  check(tenant, context) {
    // Azure management (portal, CLI, PowerShell, ARM), then the Microsoft admin portals the same way.
    for (const [target, app] of [
      ['Azure management', AZURE_MANAGEMENT_APP],
      ['Microsoft admin portals', 'MicrosoftAdminPortals'],
    ] as const) {
      const result = checkConditionalAccess(tenant, context, {
        requirement: { users: { kind: 'all-users' }, applications: [app], clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'], grant: 'mfa' },
        licence: 'P1',
        securityDefaultsSatisfy: true,
        data: { target },
      });
      if (!isVerdict(result)) return result;
    }
  },
});
