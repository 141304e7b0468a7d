import { networkAnalysis } from '../../../analyses/network/exposure.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { asString, isUnknown, prop, type Unknown } from '../../../model/value.js';
import type { ResourceGraph } from '../../../model/graph.js';
import { defineRule } from '../../define-rule.js';
import { peersOf, vnetKeysOfIpConfigurations } from '../../shared/vnet.js';

/** SKUs that reach VMs in peered VNets (the Developer SKU serves its own VNet only). */
const PEERING_SKUS = ['basic', 'standard', 'premium'];

interface Host {
  readonly bastion: Resource;
  readonly sku: string;
}

/** Bastion hosts by the `graph.keyOf` of the VNet they sit in (AzureBastionSubnet, or `virtualNetwork` for the Developer SKU), once per graph. */
function bastionsByVnet(graph: ResourceGraph): Map<string, Host[]> | Unknown {
  const map = new Map<string, Host[]>();
  for (const bastion of graph.ofType('Microsoft.Network/bastionHosts')) {
    const sku = asString(get(bastion, 'sku', 'name'));
    if (isUnknown(sku)) return sku;
    const keys = vnetKeysOfIpConfigurations(bastion);
    if (isUnknown(keys)) return keys;
    const developer = prop(get(bastion, 'properties', 'virtualNetwork'), 'id');
    if (isUnknown(developer)) return developer;
    if (typeof developer === 'string') keys.push(idKey(developer));
    for (const written of keys) {
      const key = graph.referenceKey(written, bastion);
      map.set(key, [...(map.get(key) ?? []), { bastion, sku: sku ?? 'Basic' }]);
    }
  }
  return map;
}

export default defineRule({
  id: 'AZV-CONN-001',
  name: 'bastion-coverage',
  pillar: 'CONN',
  severity: 'high',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/virtualNetworks'],
  title: {
    en: 'Azure Bastion available for every VNet that hosts VMs (directly or via peered hub)',
    ja: 'VM を収容する各 VNet で Azure Bastion が利用可能（直接またはピアリングされたハブ経由）',
  },
  fix: {
    en: 'Deploy Azure Bastion in the VNet, or peer the VNet with a hub whose Bastion is Basic, Standard or Premium SKU (not Developer).',
    ja: 'VNet に Azure Bastion を展開するか、Basic／Standard／Premium SKU（Developer 以外）の Bastion を持つハブ VNet とピアリングします。',
  },
  messages: {
    noBastion: {
      en: 'VNet "{{name}}" hosts {{vms}} and has no Azure Bastion of its own or in a peered VNet (Basic, Standard or Premium SKU): administrators need a public IP, VPN or jump box to reach these VMs.',
      ja: 'VNet "{{name}}" は {{vms}} を収容していますが、自身にもピアリング先（Basic／Standard／Premium SKU）にも Azure Bastion がありません。管理者はパブリック IP、VPN、踏み台を使わないとこれらの VM に到達できません。',
    },
    peerSkuTooLow: {
      en: 'VNet "{{name}}" hosts {{vms}} and relies on Bastion "{{bastion}}" in a peered VNet, but its {{sku}} SKU does not connect to peered VNets.',
      ja: 'VNet "{{name}}" は {{vms}} を収容し、ピアリング先の Bastion "{{bastion}}" に依存していますが、その {{sku}} SKU はピアリング先 VNet へ接続できません。',
    },
  },
  mappings: {
    'mcsb-v1': ['PA-2', 'NS-1'],
    'cis-azure-5.0.0': ['8.4.1'],
    'cis-azure-3.0.0': ['8.1'],
    peers: ['prowler network_bastion_host_exists', 'PSRule Azure.VNET.BastionSubnet'],
  },
  check(vnet, context) {
    const analysis = context.analyses.get(networkAnalysis);
    const key = context.graph.keyOf(vnet);
    const targets = analysis.vnetTargets.get(key) ?? [];
    const vms = new Set(targets.map((target) => target.vm.name));
    // A VM NIC that cannot be followed to its subnet may be in this VNet: the VNet is judged as if
    // it were, and where that would fail, the verdict is unknown.
    const unplaced = vms.size === 0 ? (analysis.unplaced.anywhere ?? analysis.unplaced.byVnet.get(key)) : undefined;
    const none = 'the VNet hosts no VM in the input';
    if (vms.size === 0 && !unplaced) return context.notApplicable(none);
    const maybe = unplaced && `a NIC of "${unplaced.vm.name}" cannot be followed to its subnet (${unplaced.reason}): it may be in this VNet`;
    const bastions = context.graph.derive(bastionsByVnet);
    if (isUnknown(bastions)) return context.unknown(maybe ?? bastions.reason);
    if ((bastions.get(key) ?? []).length > 0) return unplaced ? context.notApplicable(none) : undefined;
    const peers = peersOf(context.graph, vnet);
    if (isUnknown(peers)) return context.unknown(maybe ?? peers.reason);
    const hosts = peers.flatMap((peer) => bastions.get(peer.vnet ? context.graph.keyOf(peer.vnet) : peer.key) ?? []);
    if (hosts.some((host) => PEERING_SKUS.includes(host.sku.toLowerCase()))) return unplaced ? context.notApplicable(none) : undefined;
    if (maybe) return context.unknown(maybe);
    const names = [...vms].sort().join(', ');
    const low = hosts[0];
    if (low) {
      context.report('peerSkuTooLow', { name: vnet.name, vms: names, bastion: low.bastion.name, sku: low.sku }, { resource: low.bastion, at: '/sku' });
      return;
    }
    const outside = peers.find((peer) => !peer.vnet);
    if (outside) return context.unknown(`peered VNet '${outside.id.split('/').pop() ?? outside.id}' is not in the scanned input: it may host a Bastion`);
    // Point at the subnets, where AzureBastionSubnet would go.
    context.report('noBastion', { name: vnet.name, vms: names }, { at: at(vnet, 'properties', 'subnets').pointer });
  },
});
