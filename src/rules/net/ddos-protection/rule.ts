import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { frontingPublicIps, unknownFrontingPublicIp } from '../../../analyses/network/fronting.js';
import { at, get } from '../../../model/resource.js';
import { asBoolean, asString, isUnknown, prop } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

/** What holds a public IP without fronting a VM with it (outbound, administration, site-to-site). */
const NOT_FRONTING = ['Microsoft.Network/bastionHosts', 'Microsoft.Network/virtualNetworkGateways', 'Microsoft.Network/natGateways'];

export default defineRule({
  id: 'AZV-NET-018',
  name: 'ddos-protection',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/publicIPAddresses'],
  title: {
    en: 'Azure DDoS Protection covers VNets/public IPs that front VM workloads',
    ja: 'VM ワークロードを公開する VNet／パブリック IP が Azure DDoS Protection で保護されている',
  },
  fix: {
    en: 'Link the VNet to a DDoS Network Protection plan (enableDdosProtection with ddosProtectionPlan.id), or set ddosSettings.protectionMode to Enabled on the public IP.',
    ja: 'VNet を DDoS Network Protection プランに関連付ける（enableDdosProtection と ddosProtectionPlan.id）か、パブリック IP の ddosSettings.protectionMode を Enabled にします。',
  },
  messages: {
    disabled: {
      en: 'Public IP "{{name}}" fronts {{vms}} and has DDoS protection switched off (protectionMode Disabled).',
      ja: 'パブリック IP "{{name}}" は {{vms}} を公開していますが、DDoS 保護が無効です（protectionMode Disabled）。',
    },
    notCovered: {
      en: 'Public IP "{{name}}" fronts {{vms}} and inherits DDoS protection from VNet "{{vnet}}", which has no DDoS Network Protection plan: only basic infrastructure protection applies.',
      ja: 'パブリック IP "{{name}}" は {{vms}} を公開し、VNet "{{vnet}}" から DDoS 保護を継承しますが、その VNet に DDoS Network Protection プランがありません。基本的なインフラ保護のみです。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-5'],
    'cis-azure-5.0.0': ['8.5'],
    'azure-policy': ['94de2ad3-e0c1-4caf-ad78-5d47bbc83d3d', 'a7aca53f-2ed4-4466-a25e-0b45ade68efd'],
    peers: ['prowler network_vnet_ddos_protection_enabled', 'KICS Virtual Network with DDoS Protection Plan disabled'],
  },
  check(pip, context) {
    const analysis = context.analyses.get(networkAnalysis);
    const fronting = frontingPublicIps(analysis).get(context.graph.keyOf(pip));
    const mode = at(pip, 'properties', 'ddosSettings', 'protectionMode');
    const value = asString(mode.value);
    if (!fronting) {
      // A public IP on a VM's path that is not known may be this one, unless this one serves what
      // fronts no VM (a public IP belongs to one resource) or is protected whatever it fronts.
      const none = 'the public IP fronts no VM in the input';
      if (!isUnknown(value) && value?.toLowerCase() === 'enabled') return context.notApplicable(none);
      const unfollowed = analysis.unplaced.unfollowed;
      const unsure =
        unknownFrontingPublicIp(analysis, pip) ??
        (unfollowed && `a NIC of "${unfollowed.vm.name}" cannot be followed (${unfollowed.reason}): its public IP may be this one`);
      if (unsure === undefined || context.graph.referencesTo(pip, NOT_FRONTING).length > 0) return context.notApplicable(none);
      return context.unknown(unsure);
    }
    const vms = [...fronting.vms].sort().join(', ');
    if (isUnknown(value)) return context.unknown(value.reason);
    if (value?.toLowerCase() === 'enabled') return;
    if (value?.toLowerCase() === 'disabled') {
      context.report('disabled', { name: pip.name, vms }, { at: mode.pointer });
      return;
    }
    if (fronting.unknownVnet !== undefined) return context.unknown(fronting.unknownVnet);
    for (const key of fronting.vnets) {
      const vnet = context.graph.get(key, pip);
      if (!vnet) return context.notAssessed(`the VNet '${key.split('/').pop() ?? key}' whose DDoS plan the public IP inherits is not in the input`);
      const enabled = asBoolean(get(vnet, 'properties', 'enableDdosProtection'));
      const plan = prop(get(vnet, 'properties', 'ddosProtectionPlan'), 'id');
      if (isUnknown(enabled)) return context.unknown(enabled.reason);
      if (isUnknown(plan)) return context.unknown(plan.reason);
      if (enabled !== true || typeof plan !== 'string')
        context.report('notCovered', { name: pip.name, vms, vnet: vnet.name }, { resource: vnet, at: at(vnet, 'properties', 'enableDdosProtection').pointer });
    }
    if (fronting.vnets.size === 0) return context.notAssessed('the VNet the public IP inherits DDoS protection from cannot be told from the input');
  },
});
