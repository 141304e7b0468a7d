import { defineRule } from '../../define-rule.js';
import { isPlanRead, readPlan } from '../../shared/defender-plans.js';
import { SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

export default defineRule({
  id: 'AZV-MON-004',
  name: 'defender-cspm',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, 'Microsoft.Security/pricings'],
  title: {
    en: 'Defender CSPM plan enabled (attack-path analysis, cloud security explorer)',
    ja: 'Defender CSPM プランが有効（攻撃パス分析、クラウド セキュリティ エクスプローラー）',
  },
  fix: {
    en: 'Set the CloudPosture Defender plan to Standard (Defender CSPM).',
    ja: 'Defender プラン CloudPosture を Standard（Defender CSPM）にします。',
  },
  messages: {
    notEnabled: {
      en: 'Defender CSPM is {{tier}} in subscription {{subscription}}: only foundational CSPM, without attack-path analysis.',
      ja: 'サブスクリプション {{subscription}} の Defender CSPM は {{tier}} で、攻撃パス分析のない基本的な CSPM のみです。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-1', 'LT-2', 'IR-3', 'IR-5', 'PV-1'],
    'cis-azure-5.0.0': ['8.1.1.1'],
  },
  check(resource, context) {
    const read = readPlan(resource, context, 'CloudPosture');
    if (read === undefined) return context.notApplicable('another Defender plan');
    if (!isPlanRead(read)) return read;
    if (read.tier.toLowerCase() !== 'standard') {
      context.report(
        'notEnabled',
        { tier: read.tier, subscription: resource.id.split('/')[2] ?? resource.name },
        { resource: read.plan, at: '/properties/pricingTier' },
      );
    }
  },
});
