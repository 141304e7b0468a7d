import { PUBLIC_V4 } from '../../../analyses/network/addresses.js';
import { internetWide, networkAnalysis } from '../../../analyses/network/exposure.js';
import { ports } from '../../../analyses/network/ports.js';
import { at, get, type Resource } from '../../../model/resource.js';
import { asArray, asBoolean, isUnknown, prop, Unknown } from '../../../model/value.js';
import type { Analyses } from '../../../analyses/analyses.js';
import { defineRule } from '../../define-rule.js';

const HTTPS = ports(443);

/**
 * Whether native clients anywhere on the Internet reach the Bastion's public endpoint (TCP 443): its
 * AzureBastionSubnet has no NSG, or one that admits HTTPS from the whole Internet. An NSG that
 * admits it from some addresses only (Azure allows that source to be narrowed) scopes tunnelling
 * and IP connect to them.
 */
function reachedFromInternet(bastion: Resource, analyses: Analyses): boolean | Unknown {
  const configurations = asArray(get(bastion, 'properties', 'ipConfigurations'));
  if (isUnknown(configurations)) return configurations;
  const subnetId = prop(configurations?.[0], 'properties', 'subnet', 'id');
  if (isUnknown(subnetId)) return subnetId;
  if (typeof subnetId !== 'string') return new Unknown(`Bastion '${bastion.name}' names no subnet`);
  const subnet = analyses.graph.get(subnetId, bastion);
  if (!subnet) return new Unknown(`the subnet of Bastion '${bastion.name}' is not in the scanned input`);
  const { clients, unknown } = analyses.get(networkAnalysis).subnetClients(subnet, HTTPS);
  // A Bastion's public IP is IPv4: the IPv4 Internet is the one that reaches it.
  if (internetWide(clients, PUBLIC_V4)) return true;
  if (unknown !== undefined) return new Unknown(`subnet '${subnet.name}' may admit HTTPS from the whole Internet: ${unknown}`);
  return false;
}

export default defineRule({
  id: 'AZV-CONN-002',
  name: 'bastion-hardening',
  pillar: 'CONN',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/bastionHosts'],
  title: {
    en: 'Bastion host hardened (shareable links off, IP-connect/tunneling scoped, session recording / private-only where Premium)',
    ja: 'Bastion ホストの強化（共有リンク無効、IP 接続・トンネリングの限定、Premium ではセッション記録／プライベート専用）',
  },
  fix: {
    en: "Set enableShareableLink to false, and turn enableTunneling / enableIpConnect off, deploy a private-only Premium Bastion, or admit HTTPS on AzureBastionSubnet's NSG from your administrators' public addresses only (networkAcls.ipRules apply to the Developer SKU only).",
    ja: 'enableShareableLink を false にし、enableTunneling／enableIpConnect を無効にするか、プライベート専用の Premium Bastion を展開するか、AzureBastionSubnet の NSG で HTTPS の受信元を管理者のパブリック IP アドレスに限定します（networkAcls.ipRules は Developer SKU にのみ適用されます）。',
  },
  messages: {
    shareableLink: {
      en: 'Bastion "{{name}}" allows shareable links: anyone holding a link can open an RDP/SSH session without signing in to the Azure portal.',
      ja: 'Bastion "{{name}}" で共有リンクが有効です。リンクを持つ人は Azure portal にサインインせずに RDP/SSH セッションを開けます。',
    },
    unscoped: {
      en: 'Bastion "{{name}}" enables {{feature}} on its public endpoint: native clients anywhere on the Internet can tunnel to any VM IP the Bastion reaches.',
      ja: 'Bastion "{{name}}" はパブリック エンドポイントで「{{feature}}」を有効にしています。インターネット上のどこからでもネイティブ クライアントで Bastion が到達できる任意の VM IP へトンネルできます。',
    },
  },
  phrases: ['feature'],
  mappings: { 'mcsb-v1': ['PA-2', 'LT-3'], peers: [] },
  check(bastion, context) {
    const link = at(bastion, 'properties', 'enableShareableLink');
    const shareable = asBoolean(link.value);
    if (isUnknown(shareable)) return context.unknown(shareable.reason);
    if (shareable === true) context.report('shareableLink', { name: bastion.name }, { at: link.pointer });
    // networkAcls.ipRules apply to the Developer SKU only, which has no tunnelling or IP connect: they do not scope these features.
    // Private-only Bastion (Premium) has no public IP: tunnelling is reachable from private networks only. Otherwise the NSG
    // of AzureBastionSubnet may narrow who reaches the public endpoint.
    const privateOnly = asBoolean(get(bastion, 'properties', 'enablePrivateOnlyBastion'));
    if (isUnknown(privateOnly)) return context.unknown(privateOnly.reason);
    if (privateOnly === true) return;
    let open: boolean | Unknown | undefined;
    for (const [property, feature] of [
      ['enableTunneling', 'native client tunneling'],
      ['enableIpConnect', 'IP-based connection'],
    ] as const) {
      const setting = at(bastion, 'properties', property);
      const value = asBoolean(setting.value);
      if (isUnknown(value)) return context.unknown(value.reason);
      if (value !== true) continue;
      open ??= reachedFromInternet(bastion, context.analyses);
      if (isUnknown(open)) return context.unknown(open.reason);
      if (open) context.report('unscoped', { name: bastion.name, feature }, { at: setting.pointer });
    }
  },
});
