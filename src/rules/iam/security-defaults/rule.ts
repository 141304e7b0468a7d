import { enabledPolicies, evaluateConditionalAccess } from '../../../analyses/identity/conditional-access.js';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { isObject, isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { readSection } from '../../shared/entra.js';

export default defineRule({
  id: 'AZV-IAM-005',
  name: 'security-defaults',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Security defaults enabled when no Conditional Access policies are in force',
    ja: '条件付きアクセスが未適用の場合はセキュリティの既定値群を有効化',
  },
  fix: {
    en: 'Turn security defaults on (Entra admin center > Properties > Manage security defaults), or replace them with enabled Conditional Access policies that require MFA for all users on all resources and block legacy authentication.',
    ja: 'セキュリティの既定値群を有効にする（Entra 管理センター > プロパティ > セキュリティの既定値群の管理）か、全ユーザー・全リソースに MFA を要求し、レガシー認証をブロックする有効な条件付きアクセス ポリシーに置き換えます。',
  },
  messages: {
    nothingInForce: {
      en: 'Security defaults are off and no Conditional Access policy is enabled: nothing requires MFA or blocks legacy authentication.',
      ja: 'セキュリティの既定値群が無効で、有効な条件付きアクセス ポリシーもありません。MFA の要求もレガシー認証のブロックも行われていません。',
    },
    noMfaPolicy: {
      en: 'Security defaults are off and none of the {{count}} enabled Conditional Access policies requires MFA for all users on all resources (see AZV-IAM-001).',
      ja: 'セキュリティの既定値群が無効で、有効な {{count}} 件の条件付きアクセス ポリシーのいずれも全ユーザー・全リソースに MFA を要求していません（AZV-IAM-001 を参照）。',
    },
    noLegacyBlock: {
      en: 'Security defaults are off and none of the {{count}} enabled Conditional Access policies blocks legacy authentication for all users (see AZV-IAM-004).',
      ja: 'セキュリティの既定値群が無効で、有効な {{count}} 件の条件付きアクセス ポリシーのいずれも全ユーザーのレガシー認証をブロックしていません（AZV-IAM-004 を参照）。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-6'],
    'cis-azure-5.0.0': ['5.1.1'],
    'cis-azure-3.0.0': ['2.1.1'],
  },
  check(tenant, context) {
    const defaults = readSection(tenant, 'securityDefaults');
    if ('missing' in defaults) return context.notAssessed(defaults.missing);
    const enabled = isObject(defaults.value) ? defaults.value['isEnabled'] : undefined;
    if (enabled === true) return;
    if (enabled !== false) return context.unknown('identitySecurityDefaultsEnforcementPolicy does not say whether security defaults are enabled');
    const policies = readSection(tenant, 'conditionalAccessPolicies');
    if ('missing' in policies) return context.notAssessed(`security defaults are off, and ${policies.missing}`);
    const inForce = enabledPolicies(policies.value);
    if (isUnknown(inForce)) return context.unknown(inForce.reason);
    if (inForce.length === 0) {
      context.report('nothingInForce', {}, { at: '/properties/securityDefaults/isEnabled' });
      return;
    }
    // Security defaults require MFA of every user on every app and block legacy authentication
    // (learn.microsoft.com/entra/fundamentals/security-defaults): policies replace them only when they
    // do both, as AZV-IAM-001 and AZV-IAM-004 read them. MFA for the Azure management app alone leaves
    // every other app with a password only. Exclusions are AZV-IAM-001's and -004's to report.
    const base = { users: { kind: 'all-users' }, applications: ['All'], breakGlassAccounts: Number.MAX_SAFE_INTEGER } as const;
    const mfa = evaluateConditionalAccess(policies.value, { ...base, clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'], grant: 'mfa' });
    if (isUnknown(mfa)) return context.unknown(mfa.reason);
    if (mfa.outcome !== 'enforced' && mfa.outcome !== 'excluded') {
      context.report('noMfaPolicy', { count: inForce.length }, { at: '/properties/conditionalAccessPolicies' });
    }
    const legacy = evaluateConditionalAccess(policies.value, { ...base, clientAppTypes: ['exchangeActiveSync', 'other'], grant: 'block' });
    if (isUnknown(legacy)) return context.unknown(legacy.reason);
    if (legacy.outcome !== 'enforced' && legacy.outcome !== 'excluded') {
      context.report('noLegacyBlock', { count: inForce.length }, { at: '/properties/conditionalAccessPolicies' });
    }
  },
});
