import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { at } from '../../../model/resource.js';
import { isUnknown, type Unknown } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';

const PLATFORM_SUBNETS = new Set(['azurefirewallsubnet', 'azurefirewallmanagementsubnet', 'routeserversubnet', 'azurebastionsubnet']);

export default defineRule({
  id: 'AZV-NET-008',
  name: 'subnet-nsg',
  pillar: 'NET',
  severity: 'medium',
  status: 'stable',
  since: '0.2.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks/subnets'],
  title: {
    en: 'Workload subnets have an NSG; GatewaySubnet does not',
    ja: 'ワークロード用サブネットに NSG が関連付けられ、GatewaySubnet には関連付けられていない',
  },
  fix: {
    en: 'Set networkSecurityGroup on every subnet that hosts VMs; remove it from GatewaySubnet.',
    ja: 'VM をホストするすべてのサブネットに networkSecurityGroup を設定し、GatewaySubnet からは外します。',
  },
  messages: {
    missing: {
      en: 'Subnet "{{name}}" hosts {{count}} VM IP configuration(s) but has no NSG.',
      ja: 'サブネット "{{name}}" は {{count}} 個の VM IP 構成をホストしていますが、NSG がありません。',
    },
    gatewaySubnet: {
      en: 'GatewaySubnet "{{name}}" has an NSG, which VPN and ExpressRoute gateways do not support.',
      ja: 'GatewaySubnet "{{name}}" に NSG が関連付けられていますが、VPN／ExpressRoute ゲートウェイではサポートされていません。',
    },
  },
  mappings: {
    'mcsb-v1': ['NS-1'],
    'cis-azure-5.0.0': ['7.11'],
    'azure-policy': ['e71308d3-144b-4262-b144-efdc3cc90517', '35f9c03a-cc27-418e-9c0d-539ff999d010'],
    peers: ['checkov CKV2_AZURE_31', 'prowler network_subnet_nsg_associated', 'PSRule Azure.VNET.UseNSGs'],
  },
  check(subnet, context) {
    const short = (subnet.name.split('/').pop() ?? subnet.name).toLowerCase();
    const nsg = at(subnet, 'properties', 'networkSecurityGroup');
    // A reference whose id is not known (`{id: <unknown>}`) is still an NSG; a whole value not known
    // (`if(param, {id: …}, null())`) may be none.
    const hasNsg: boolean | Unknown = nsg.value === undefined || nsg.value === null ? false : isUnknown(nsg.value) ? nsg.value : true;
    if (short === 'gatewaysubnet') {
      if (hasNsg === true) context.report('gatewaySubnet', { name: subnet.name }, { at: nsg.pointer });
      else if (isUnknown(hasNsg)) return context.unknown(`whether subnet "${subnet.name}" has an NSG is not known: ${hasNsg.reason}`);
      return;
    }
    if (PLATFORM_SUBNETS.has(short)) return context.notApplicable('platform subnet');
    const analysis = context.analyses.get(networkAnalysis);
    const hosted = analysis.subnetTargets.get(context.graph.keyOf(subnet)) ?? [];
    if (hosted.length === 0) {
      if (hasNsg !== true && analysis.unresolved.length > 0)
        return context.unknown(`some VM NICs cannot be followed to their subnet: ${analysis.unresolved[0] ?? ''}`);
      return context.notApplicable('no VM NIC in this subnet');
    }
    if (isUnknown(hasNsg)) return context.unknown(`whether subnet "${subnet.name}" has an NSG is not known: ${hasNsg.reason}`);
    if (!hasNsg) context.report('missing', { name: subnet.name, count: hosted.length }, { at: '/properties' });
  },
});
