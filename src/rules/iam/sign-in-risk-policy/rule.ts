import { z } from 'zod';
import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-007',
  name: 'sign-in-risk-policy',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Sign-in-risk Conditional Access policy requires MFA for medium/high sign-in risk',
    ja: 'サインイン リスクの条件付きアクセスで中／高リスクのサインインに MFA を要求',
  },
  fix: {
    en: 'Enable a Conditional Access policy for All users and All resources with sign-in risk Medium and High that requires MFA, with sign-in frequency "Every time".',
    ja: 'すべてのユーザーとすべてのリソースを対象に、サインイン リスク「中」と「高」で MFA を要求し、サインイン頻度を「毎回」にする条件付きアクセス ポリシーを有効にします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy requires MFA for sign-ins at {{levels}} sign-in risk.',
      ja: 'サインイン リスク {{levels}} のサインインに MFA を要求する有効な条件付きアクセス ポリシーがありません。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would require MFA at {{levels}} sign-in risk but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はサインイン リスク {{levels}} で MFA を要求しますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" requires MFA at {{levels}} sign-in risk but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はサインイン リスク {{levels}} で MFA を要求しますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" targets {{levels}} sign-in risk but does not require MFA.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はサインイン リスク {{levels}} を対象としていますが、MFA を要求していません。',
    },
  },
  phrases: ['exclusions'],
  mappings: {
    'mcsb-v1': ['IM-7'],
    'cis-azure-5.0.0': ['5.2.5'],
    'cis-azure-3.0.0': ['2.2.6'],
  },
  options: caOptions.extend({
    /** Sign-in risk levels the policy must cover (an organisation may relax this to high only). */
    signInRiskLevels: z
      .array(z.enum(['low', 'medium', 'high']))
      .min(1)
      .default(['medium', 'high']),
  }),
  check(tenant, context) {
    const result = checkConditionalAccess(tenant, context, {
      requirement: {
        users: { kind: 'all-users' },
        applications: ['All'],
        clientAppTypes: ['browser', 'mobileAppsAndDesktopClients'],
        signInRiskLevels: context.options.signInRiskLevels,
        grant: 'mfa',
      },
      licence: 'P2',
      securityDefaultsSatisfy: false,
      data: { levels: context.options.signInRiskLevels.join('/') },
    });
    if (!isVerdict(result)) return result;
  },
});
