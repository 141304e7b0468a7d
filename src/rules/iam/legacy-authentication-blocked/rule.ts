import { ENTRA_TENANT_TYPE } from '../../../model/entra.js';
import { defineRule } from '../../define-rule.js';
import { caOptions, checkConditionalAccess, isVerdict } from '../../shared/conditional-access.js';

export default defineRule({
  id: 'AZV-IAM-004',
  name: 'legacy-authentication-blocked',
  pillar: 'IAM',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [ENTRA_TENANT_TYPE],
  title: {
    en: 'Conditional Access blocks legacy authentication',
    ja: '条件付きアクセスでレガシー認証をブロック',
  },
  fix: {
    en: 'Enable a Conditional Access policy for All users and All resources with client apps "Exchange ActiveSync clients" and "Other clients" that blocks access.',
    ja: 'すべてのユーザーとすべてのリソースを対象に、クライアント アプリ「Exchange ActiveSync クライアント」と「その他のクライアント」をブロックする条件付きアクセス ポリシーを有効にします。',
  },
  messages: {
    missing: {
      en: 'No enabled Conditional Access policy blocks legacy authentication (Exchange ActiveSync and other clients) for all users, and security defaults are off.',
      ja: 'すべてのユーザーのレガシー認証（Exchange ActiveSync とその他のクライアント）をブロックする有効な条件付きアクセス ポリシーがなく、セキュリティの既定値群も無効です。',
    },
    reportOnly: {
      en: 'Conditional Access policy "{{policy}}" would block legacy authentication but is in report-only mode.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はレガシー認証をブロックしますが、レポート専用モードです。',
    },
    excluded: {
      en: 'Conditional Access policy "{{policy}}" blocks legacy authentication but excludes {{exclusions}}.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はレガシー認証をブロックしますが、{{exclusions}}を除外しています。',
    },
    weaker: {
      en: 'Conditional Access policy "{{policy}}" targets legacy clients but does not block them.',
      ja: '条件付きアクセス ポリシー "{{policy}}" はレガシー クライアントを対象としていますが、ブロックしていません。',
    },
  },
  phrases: ['exclusions'],
  mappings: {
    'mcsb-v1': ['IM-1', 'IM-7'],
  },
  options: caOptions,
  check(tenant, context) {
    const result = checkConditionalAccess(tenant, context, {
      requirement: { users: { kind: 'all-users' }, applications: ['All'], clientAppTypes: ['exchangeActiveSync', 'other'], grant: 'block' },
      licence: 'P1',
      securityDefaultsSatisfy: true,
    });
    if (!isVerdict(result)) return result;
  },
});
