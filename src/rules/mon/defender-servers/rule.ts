import { z } from 'zod';
import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { coverageGap, isInheritedPricing, isPlanRead, readPlan } from '../../shared/defender-plans.js';
import { inSubscription, isSubscription, SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

/** A pricing at a machine's own id: a VM, a scale set or an Arc machine (its name captured). */
const MACHINE_PRICING =
  /\/providers\/microsoft\.(?:compute\/virtualmachines|compute\/virtualmachinescalesets|hybridcompute\/machines)\/([^/]+)\/providers\/microsoft\.security\/pricings\//i;

export default defineRule({
  id: 'AZV-MON-001',
  name: 'defender-servers',
  pillar: 'MON',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE, 'Microsoft.Security/pricings'],
  title: {
    en: 'Microsoft Defender for Servers enabled (Plan 2 for JIT, agentless scanning and FIM)',
    ja: 'Microsoft Defender for Servers が有効（JIT・エージェントレス スキャン・FIM のためプラン 2）',
  },
  fix: {
    en: 'Set the VirtualMachines Defender plan to Standard with subPlan P2 on every subscription that hosts VMs.',
    ja: 'VM を含むすべてのサブスクリプションで Defender プラン VirtualMachines を Standard（subPlan P2）にします。',
  },
  messages: {
    notEnabled: {
      en: 'Defender for Servers is {{tier}} in subscription {{subscription}}, which hosts virtual machines.',
      ja: 'VM を含むサブスクリプション {{subscription}} で Defender for Servers が {{tier}} です。',
    },
    plan1: {
      en: 'Defender for Servers uses Plan 1 in subscription {{subscription}}: JIT VM access, agentless scanning and FIM need Plan 2.',
      ja: 'サブスクリプション {{subscription}} の Defender for Servers はプラン 1 です。JIT VM アクセス、エージェントレス スキャン、FIM にはプラン 2 が必要です。',
    },
    vmExcluded: {
      en: 'VM-level Defender pricing sets "{{vm}}" to Free.',
      ja: 'VM レベルの Defender 価格設定により "{{vm}}" が Free になっています。',
    },
    partiallyCovered: {
      en: 'Defender for Servers is Standard in subscription {{subscription}}, but Azure reports that it covers only some of its machines (resourcesCoverageStatus PartiallyCovered): resource-level pricings exclude the others.',
      ja: 'サブスクリプション {{subscription}} の Defender for Servers は Standard ですが、Azure はその一部のマシンだけが対象だと報告しています（resourcesCoverageStatus PartiallyCovered）。残りはリソース レベルの価格設定で除外されています。',
    },
    notCovered: {
      en: 'Defender for Servers is Standard in subscription {{subscription}}, but Azure reports that it covers none of its machines (resourcesCoverageStatus NotCovered): resource-level pricings exclude them all.',
      ja: 'サブスクリプション {{subscription}} の Defender for Servers は Standard ですが、Azure はどのマシンも対象ではないと報告しています（resourcesCoverageStatus NotCovered）。すべてのマシンがリソース レベルの価格設定で除外されています。',
    },
    vmPlan1: {
      en: 'VM-level Defender pricing sets "{{vm}}" to Plan 1: JIT VM access, agentless scanning and FIM need Plan 2.',
      ja: 'VM レベルの Defender 価格設定により "{{vm}}" がプラン 1 になっています。JIT VM アクセス、エージェントレス スキャン、FIM にはプラン 2 が必要です。',
    },
  },
  mappings: {
    'mcsb-v1': ['LT-1', 'LT-2', 'ES-1', 'IR-3', 'IR-5'],
    'cis-azure-5.0.0': ['8.1.3.1'],
    'cis-azure-3.0.0': ['3.1.3.1'],
    peers: ['prowler defender_ensure_defender_for_server_is_on', 'checkov CKV_AZURE_234'],
  },
  options: z.object({ requirePlan2: z.boolean().default(true) }).strict(),
  check(resource, context) {
    const read = readPlan(resource, context, 'VirtualMachines', { requireMachines: true });
    if (read === undefined) return context.notApplicable('another Defender plan');
    if (!isPlanRead(read)) return read;
    const subscription = resource.id.split('/')[2] ?? resource.name;
    const at = read.plan.name.toLowerCase() === 'virtualmachines' ? '/properties/pricingTier' : '';
    if (read.tier.toLowerCase() !== 'standard') {
      context.report(
        'notEnabled',
        { tier: read.tier, subscription },
        { resource: read.plan.name.toLowerCase() === 'virtualmachines' ? read.plan : resource, at },
      );
      return;
    }
    const subPlan = get(read.plan, 'properties', 'subPlan');
    if (isUnknown(subPlan)) return context.unknown(subPlan.reason);
    if (context.options.requirePlan2 && typeof subPlan === 'string' && subPlan.toUpperCase() === 'P1') {
      context.report('plan1', { subscription }, { resource: read.plan, at: '/properties/subPlan' });
    }
    // Azure's own word on the machines (API 2024-01-01, subscription level only): some or all of
    // them are set apart from the plan at resource level.
    const gap = coverageGap(read.plan);
    if (gap === 'NotCovered') context.report('notCovered', { subscription }, { resource: read.plan, at: '/properties/resourcesCoverageStatus' });
    if (!isSubscription(resource)) {
      if (gap === 'PartiallyCovered') context.report('partiallyCovered', { subscription }, { resource: read.plan, at: '/properties/resourcesCoverageStatus' });
      return;
    }
    // Resource-level pricing (API 2024-01-01) can set single VMs, scale sets and Arc machines to
    // Free, or to Plan 1 ("for resource level only 'P1' sub plan is supported"). A machine's pricing
    // that only inherits the subscription's (inherited "True", as Pricings_Get on a machine answers
    // it) is the plan judged above.
    let excluded = false;
    for (const override of inSubscription(context.graph, resource, 'Microsoft.Security/pricings')) {
      const machine = MACHINE_PRICING.exec(override.id)?.[1];
      if (machine === undefined || isInheritedPricing(override)) continue;
      const tier = get(override, 'properties', 'pricingTier');
      if (typeof tier === 'string' && tier.toLowerCase() === 'free') {
        context.report('vmExcluded', { vm: machine }, { resource: override, at: '/properties/pricingTier' });
        excluded = true;
        continue;
      }
      const machinePlan = get(override, 'properties', 'subPlan');
      if (context.options.requirePlan2 && typeof machinePlan === 'string' && machinePlan.toUpperCase() === 'P1')
        context.report('vmPlan1', { vm: machine }, { resource: override, at: '/properties/subPlan' });
    }
    // The machines excluded, when the input names none of them (their pricings were not read).
    if (gap === 'PartiallyCovered' && !excluded)
      context.report('partiallyCovered', { subscription }, { resource: read.plan, at: '/properties/resourcesCoverageStatus' });
  },
});
