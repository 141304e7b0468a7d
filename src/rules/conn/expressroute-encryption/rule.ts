import type { ResourceGraph } from '../../../model/graph.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { idKey } from '../../../model/resource-id.js';
import { asArray, asBoolean, asString, isUnknown, prop, type Unknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { vnetKeysOfIpConfigurations } from '../../shared/vnet.js';

/** Whether an IPsec VPN runs over the circuit's private peering: an IPsec connection with useLocalAzureIpAddress on a gateway in a VNet the circuit connects to. */
function ipsecOverCircuit(graph: ResourceGraph, circuit: Resource): boolean | Unknown {
  const connections = graph.ofType('Microsoft.Network/connections');
  const vnets = new Set<string>();
  const gatewayVnets = (reference: Value | undefined): string[] | Unknown => {
    const gateway = graph.resolve(reference, circuit);
    if (gateway === undefined) return [];
    if (isUnknown(gateway)) return gateway;
    return vnetKeysOfIpConfigurations(gateway);
  };
  for (const connection of connections) {
    const type = asString(get(connection, 'properties', 'connectionType'));
    const peer = prop(get(connection, 'properties', 'peer'), 'id');
    if (isUnknown(type)) return type;
    if (type?.toLowerCase() !== 'expressroute' || typeof peer !== 'string' || idKey(peer) !== circuit.key) continue;
    const keys = gatewayVnets(get(connection, 'properties', 'virtualNetworkGateway1'));
    if (isUnknown(keys)) return keys;
    for (const key of keys) vnets.add(key);
  }
  for (const connection of connections) {
    const type = asString(get(connection, 'properties', 'connectionType'));
    const local = asBoolean(get(connection, 'properties', 'useLocalAzureIpAddress'));
    if (isUnknown(type)) return type;
    if (isUnknown(local)) return local;
    if (type?.toLowerCase() !== 'ipsec' || local !== true) continue;
    const keys = gatewayVnets(get(connection, 'properties', 'virtualNetworkGateway1'));
    if (isUnknown(keys)) return keys;
    if (keys.some((key) => vnets.has(key))) return true;
  }
  return false;
}

export default defineRule({
  id: 'AZV-CONN-008',
  name: 'expressroute-encryption',
  pillar: 'CONN',
  severity: 'low',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/expressRouteCircuits'],
  title: {
    en: 'ExpressRoute private connectivity: presence and encryption in transit (MACsec or IPsec over ER)',
    ja: 'ExpressRoute 専用接続: 存在確認と転送時暗号化（MACsec または ExpressRoute 上の IPsec）',
  },
  fix: {
    en: 'Enable MACsec (macSecConfig.cipher with Key Vault CKN/CAK secrets) on the ExpressRoute Direct port links, or run an IPsec VPN over private peering.',
    ja: 'ExpressRoute Direct ポートのリンクで MACsec（Key Vault の CKN/CAK シークレットと macSecConfig.cipher）を有効にするか、プライベートピアリング上で IPsec VPN を使います。',
  },
  messages: {
    unencrypted: {
      en: 'ExpressRoute circuit "{{name}}" runs on Direct port "{{port}}" whose link {{link}} has no MACsec keys (CKN and CAK secrets), and no IPsec VPN runs over its private peering: traffic crosses the link in clear text.',
      ja: 'ExpressRoute 回線 "{{name}}" の Direct ポート "{{port}}" のリンク {{link}} に MACsec の鍵（CKN／CAK シークレット）がなく、プライベートピアリング上の IPsec VPN もありません。通信は平文で回線を通ります。',
    },
  },
  mappings: { 'mcsb-v1': ['DP-3', 'NS-2'], peers: [] },
  check(circuit, context) {
    const graph = context.graph;
    const ipsec = ipsecOverCircuit(graph, circuit);
    if (isUnknown(ipsec)) return context.unknown(ipsec.reason);
    if (ipsec) return;
    const portReference = get(circuit, 'properties', 'expressRoutePort');
    const port = graph.resolve(portReference, circuit);
    if (port === undefined)
      return context.notAssessed(
        'a provider-based circuit: whether the provider encrypts the link is not visible in the configuration, and no IPsec VPN runs over it',
      );
    if (isUnknown(port)) return context.unknown(port.reason);
    const links = at(port, 'properties', 'links');
    if (isUnknown(links.value)) return context.unknown(links.value.reason);
    const list = asArray(links.value) ?? [];
    if (isUnknown(list)) return context.unknown(list.reason);
    if (list.length === 0) return context.unknown(`ExpressRoute port '${port.name}' lists no links`);
    for (const [index, link] of list.entries()) {
      // MACsec runs with its keys: a cipher stays set when the keys are removed to turn MACsec off.
      const ckn = asString(prop(link, 'properties', 'macSecConfig', 'cknSecretIdentifier'));
      const cak = asString(prop(link, 'properties', 'macSecConfig', 'cakSecretIdentifier'));
      if (isUnknown(ckn)) return context.unknown(ckn.reason);
      if (isUnknown(cak)) return context.unknown(cak.reason);
      const name = asString(prop(link, 'name'));
      if (!ckn || !cak)
        context.report(
          'unencrypted',
          { name: circuit.name, port: port.name, link: typeof name === 'string' ? name : String(index + 1) },
          { resource: port, at: `${links.pointer}/${index}` },
        );
    }
  },
});
