import { evaluateConditionalAccess } from '../../../analyses/identity/conditional-access.js';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { entraLicence, readSection } from '../../shared/entra.js';

const ATTEST =
  'the legacy Identity Protection user-risk and sign-in-risk policies are not in Microsoft Graph v1.0: confirm in the Entra admin center ' +
  '(Protection > Identity Protection > User risk policy / Sign-in risk policy) that both are disabled, and record an attestation';

export default defineRule({
  id: 'AZV-IAM-008',
  name: 'legacy-risk-policies-migrated',
  pillar: 'IAM',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Legacy Entra ID Protection risk policies migrated to Conditional Access (retire 1 Oct 2026)',
    ja: 'レガシーの Entra ID Protection リスク ポリシーを条件付きアクセスへ移行（2026 年 10 月 1 日廃止）',
  },
  fix: {
    en: 'Create risk-based Conditional Access policies (AZV-IAM-006, AZV-IAM-007), then disable the legacy user-risk and sign-in-risk policies in Identity Protection.',
    ja: 'リスクベースの条件付きアクセス ポリシー（AZV-IAM-006、AZV-IAM-007）を作成してから、Identity Protection のレガシーのユーザー リスク／サインイン リスク ポリシーを無効にします。',
  },
  messages: {
    notMigrated: {
      en: 'No enabled Conditional Access policy acts on {{missing}}: risk is either handled by legacy Identity Protection policies, which stop working on 1 Oct 2026, or not at all.',
      ja: '{{missing}}に対応する有効な条件付きアクセス ポリシーがありません。リスクは 2026 年 10 月 1 日に機能しなくなるレガシーの Identity Protection ポリシーで処理されているか、まったく処理されていません。',
    },
  },
  phrases: ['missing'],
  mappings: {
    'mcsb-v1': ['IM-7'],
  },
  check(tenant, context) {
    const section = readSection(tenant, 'conditionalAccessPolicies');
    if ('missing' in section) return context.notAssessed(`${section.missing}; and ${ATTEST}`);
    const licence = entraLicence(tenant);
    if (licence === 'Free' || licence === 'P1') return context.notApplicable(`risk policies need Microsoft Entra ID P2; the tenant has ${licence}`);
    const base = { users: { kind: 'all-users' }, applications: ['All'], clientAppTypes: [], breakGlassAccounts: Number.MAX_SAFE_INTEGER } as const;
    const userRisk = evaluateConditionalAccess(section.value, { ...base, userRiskLevels: ['high'], grant: 'password-change' });
    const signInRisk = evaluateConditionalAccess(section.value, { ...base, signInRiskLevels: ['high'], grant: 'mfa' });
    if (isUnknown(userRisk)) return context.unknown(userRisk.reason);
    if (isUnknown(signInRisk)) return context.unknown(signInRisk.reason);
    const missing = [
      ...(userRisk.outcome === 'enforced' || userRisk.outcome === 'excluded' ? [] : ['user risk']),
      ...(signInRisk.outcome === 'enforced' || signInRisk.outcome === 'excluded' ? [] : ['sign-in risk']),
    ];
    if (missing.length > 0) {
      context.report('notMigrated', { missing: missing.join(' and ') }, { at: '/properties/conditionalAccessPolicies' });
      return;
    }
    return context.notAssessed(`risk-based Conditional Access policies are in force; ${ATTEST}`);
  },
});
