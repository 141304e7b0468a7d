import { get } from '../../../model/resource.js';
import { isUnknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { MACHINE_TYPES } from '../../shared/defender-plans.js';
import { evidence, holdsResources, pricing, pricingTier } from '../../shared/subscription.js';
import { SUBSCRIPTION_TYPE } from '../../shared/subscription.js';

const ATTEST =
  'Microsoft Security Exposure Management has no Azure Resource Manager or Microsoft Graph v1.0 configuration: confirm in the Microsoft Defender portal ' +
  '(Exposure management > Attack surface map, Critical asset management, Exposure initiatives) that it is in use, and record an attestation';

export default defineRule({
  id: 'AZV-MON-018',
  name: 'exposure-management',
  pillar: 'MON',
  severity: 'info',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: [SUBSCRIPTION_TYPE],
  title: {
    en: 'Microsoft Security Exposure Management in use',
    ja: 'Microsoft Security Exposure Management の活用',
  },
  fix: {
    en: 'Enable Defender CSPM (AZV-MON-004) and Defender for Endpoint on the VMs (AZV-VM-001), then use Exposure Management in the Defender portal: mark critical assets, review the attack surface map and exposure initiatives.',
    ja: 'Defender CSPM（AZV-MON-004）と VM の Defender for Endpoint（AZV-VM-001）を有効にし、Defender ポータルで Exposure Management を使用します（重要資産の指定、攻撃面マップと露出イニシアチブの確認）。',
  },
  messages: {},
  mappings: {
    'mcsb-v1': ['PV-1'],
  },
  check(subscription, context) {
    const machines = holdsResources(context.graph, subscription, MACHINE_TYPES);
    if (machines !== true) return machines ? context.notAssessed(machines.unknown) : context.notApplicable('the subscription has no virtual machines');
    const rows = evidence(context.graph, subscription, 'Microsoft.Security/pricings', 'Microsoft.Security/pricings');
    let prerequisite: string;
    if ('missing' in rows || rows.length === 0) prerequisite = 'whether Defender CSPM is on cannot be read';
    else {
      const plan = pricing(context.graph, subscription, 'CloudPosture');
      const tier = plan ? pricingTier(plan) : 'Free';
      const standard = !isUnknown(tier) && typeof tier === 'string' && tier.toLowerCase() === 'standard';
      prerequisite = standard
        ? 'its prerequisite Defender CSPM is on'
        : 'its prerequisite Defender CSPM is off (AZV-MON-004), so attack paths and the exposure graph lack cloud context';
    }
    const name = get(subscription, 'properties', 'displayName');
    return context.notAssessed(`subscription ${typeof name === 'string' ? name : subscription.name}: ${prerequisite}; ${ATTEST}`);
  },
});
