import { defineRule } from '../../define-rule.js';
import { isPlanRead, readPlan } from '../../shared/defender-plans.js';
import { holdsResources, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

export default defineRule({
  id: 'AZV-MON-005',
  name: 'defender-arm-key-vault',
  pillar: 'MON',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, 'Microsoft.Security/pricings'],
  title: {
    en: 'Defender for Resource Manager and Defender for Key Vault enabled',
    ja: 'Defender for Resource Manager と Defender for Key Vault が有効',
  },
  fix: {
    en: 'Set the Arm and KeyVaults Defender plans to Standard.',
    ja: 'Defender プラン Arm と KeyVaults を Standard にします。',
  },
  messages: {
    notEnabled: {
      en: '{{plan}} is {{tier}} in subscription {{subscription}}.',
      ja: 'サブスクリプション {{subscription}} の {{plan}} が {{tier}} です。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-1', 'LT-2', 'IR-3', 'IR-5', 'DP-8'],
    'cis-azure-5.0.0': ['8.1.9.1', '8.1.8.1'],
    peers: ['prowler defender_ensure_defender_for_arm_is_on', 'prowler defender_ensure_defender_for_keyvault_is_on'],
  },
  check(resource, context) {
    const plans: [string, string][] = [['Arm', 'Defender for Resource Manager']];
    // Defender for Key Vault matters where Key Vaults (disk and backup keys) exist; a template's pricing speaks for itself.
    // Where the vaults were not read, a plan that is on passes and one that is off is not known to matter.
    const vaults = isSubscription(resource) ? holdsResources(context.graph, resource, ['Microsoft.KeyVault/vaults']) : true;
    if (vaults !== false) plans.push(['KeyVaults', 'Defender for Key Vault']);
    let evaluated = false;
    let unsure: string | undefined;
    for (const [plan, label] of plans) {
      const read = readPlan(resource, context, plan);
      if (read === undefined) continue;
      if (!isPlanRead(read)) return read;
      evaluated = true;
      if (read.tier.toLowerCase() === 'standard') continue;
      if (plan === 'KeyVaults' && typeof vaults === 'object') {
        unsure ??= vaults.unknown;
        continue;
      }
      context.report(
        'notEnabled',
        { plan: label, tier: read.tier, subscription: resource.id.split('/')[2] ?? resource.name },
        { resource: read.plan, at: '/properties/pricingTier' },
      );
    }
    if (!evaluated) return context.notApplicable('another Defender plan');
    if (unsure) return context.notAssessed(unsure);
  },
});
