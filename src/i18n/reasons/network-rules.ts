import type { ReasonTemplate } from '../reasons.js';

/** Reasons from: Rules of points 1 and 2 (connection, virtual network), and their shared helpers. */
export const NETWORK_RULES: readonly ReasonTemplate[] = [
  // analyses/network/checks.ts unknownReason
  { en: 'the NSGs on the path cannot be fully read', ja: '経路上の NSG の一部を読み取れません' },

  // AZV-CONN-001 bastion-coverage
  { en: 'the VNet hosts no VM in the input', ja: 'この VNet が収容する VM は入力にありません' },
  {
    en: "peered VNet '{{vnet}}' is not in the scanned input: it may host a Bastion",
    ja: "ピアリング先の VNet '{{vnet}}' はスキャンした入力にありません。その VNet に Bastion があるかもしれません",
  },
  // AZV-CONN-001 bastion-coverage, AZV-NET-012 default-outbound-access
  {
    en: 'a NIC of "{{vm}}" cannot be followed to its subnet ({{reason}}): it may be in this VNet',
    ja: '"{{vm}}" の NIC をサブネットまでたどれません（{{reason}}）。この VNet にある可能性があります',
  },
  {
    en: 'a NIC of "{{vm}}" cannot be followed to its subnet ({{reason}}): it may be in this subnet',
    ja: '"{{vm}}" の NIC をサブネットまでたどれません（{{reason}}）。このサブネットにある可能性があります',
  },

  // AZV-CONN-003 management-source-restricted, AZV-NET-009 lateral-movement
  { en: 'the NSGs cannot be fully read', ja: 'NSG の一部を読み取れません' },
  {
    en: 'rule {{rule}} may admit TCP {{ports}} in place of {{broad}} ({{reason}})',
    ja: 'ルール {{broad}} の代わりにルール {{rule}} が TCP {{ports}} を許可している可能性があります（{{reason}}）',
  },
  {
    en: 'rule {{rule}} may allow TCP {{ports}} from "{{source}}" ({{reason}})',
    ja: 'ルール {{rule}} が "{{source}}" から TCP {{ports}} を許可している可能性があります（{{reason}}）',
  },

  { en: 'what VirtualNetwork holds is not all known', ja: 'VirtualNetwork に含まれるアドレスがすべては分かりません' },

  // AZV-CONN-004 jit-management-ports
  { en: 'no management port is reachable from outside the VNet', ja: 'VNet の外から到達できる管理ポートはありません' },

  // AZV-CONN-005 jit-port-scope
  {
    en: "maxRequestAccessDuration '{{duration}}' is not an ISO-8601 duration",
    ja: "maxRequestAccessDuration '{{duration}}' は ISO-8601 形式の期間ではありません",
  },
  { en: 'the policy lists no VM port', ja: 'ポリシーに VM のポートが 1 つもありません' },

  // AZV-CONN-006 vpn-gateway-auth
  { en: 'gateway type {{type}}', ja: 'ゲートウェイの種類が {{type}} です' },

  // AZV-CONN-007 ipsec-policy
  { en: 'connection type not set', ja: '接続の種類 (connectionType) が設定されていません' },
  { en: 'connection type {{type}}', ja: '接続の種類が {{type}} です' },

  // AZV-CONN-008 expressroute-encryption
  {
    en: 'a provider-based circuit: whether the provider encrypts the link is not visible in the configuration, and no IPsec VPN runs over it',
    ja: 'プロバイダー経由の回線です。プロバイダーが回線を暗号化しているかは構成からは分からず、回線上で IPsec VPN も使われていません',
  },
  { en: "ExpressRoute port '{{port}}' lists no links", ja: "ExpressRoute ポート '{{port}}' にリンクが 1 つもありません" },

  // AZV-NET-001 vm-nic-nsg
  {
    en: 'NIC "{{nic}}" has no NSG of its own, and its subnet cannot be read: {{reason}}',
    ja: 'NIC "{{nic}}" 自体には NSG がなく、そのサブネットを読み取れません: {{reason}}',
  },
  {
    en: 'whether NIC "{{nic}}" or its subnet has an NSG is not known: {{reason}}',
    ja: 'NIC "{{nic}}" またはそのサブネットに NSG があるかどうか分かりません: {{reason}}',
  },
  { en: 'the VM has no NIC in the input', ja: 'この VM の NIC は入力にありません' },
  { en: 'the scale set model has no NIC configuration', ja: 'スケール セットのモデルに NIC 構成がありません' },

  // AZV-NET-006 lb-management-ports
  { en: 'internal load balancer', ja: '内部ロードバランサーです' },
  { en: 'the VM NSGs cannot be fully read', ja: 'VM の NSG の一部を読み取れません' },
  {
    en: 'NIC "{{nic}}" uses NAT rule "{{name}}" (port {{port}}), and its VM is not in the input',
    ja: 'NIC "{{nic}}" は NAT 規則 "{{name}}"（ポート {{port}}）を使用していますが、その VM は入力にありません',
  },
  {
    en: 'NIC "{{nic}}" uses NAT pool "{{name}}" (port {{port}}), and its VM is not in the input',
    ja: 'NIC "{{nic}}" は NAT プール "{{name}}"（ポート {{port}}）を使用していますが、その VM は入力にありません',
  },
  {
    en: 'NIC "{{nic}}" uses load-balancing rule "{{name}}" (port {{port}}), and its VM is not in the input',
    ja: 'NIC "{{nic}}" は負荷分散規則 "{{name}}"（ポート {{port}}）を使用していますが、その VM は入力にありません',
  },
  {
    en: 'NAT rule "{{name}}" forwards port {{port}}, and "{{user}}" names a load balancer rule or pool that is not known ({{reason}}): it may be this one',
    ja: 'NAT 規則 "{{name}}" はポート {{port}} を転送しますが、"{{user}}" が参照するロードバランサーの規則またはプールが不明です（{{reason}}）。それがこの NAT 規則である可能性があります',
  },
  {
    en: 'NAT pool "{{name}}" forwards port {{port}}, and "{{user}}" names a load balancer rule or pool that is not known ({{reason}}): it may be this one',
    ja: 'NAT プール "{{name}}" はポート {{port}} を転送しますが、"{{user}}" が参照するロードバランサーの規則またはプールが不明です（{{reason}}）。それがこの NAT プールである可能性があります',
  },
  {
    en: 'load-balancing rule "{{name}}" forwards port {{port}}, and "{{user}}" names a load balancer rule or pool that is not known ({{reason}}): it may be this one',
    ja: '負荷分散規則 "{{name}}" はポート {{port}} を転送しますが、"{{user}}" が参照するロードバランサーの規則またはプールが不明です（{{reason}}）。それがこの負荷分散規則である可能性があります',
  },
  {
    en: 'the backend pool of load-balancing rule "{{name}}" (port {{port}}) is not known ({{reason}}), and NIC "{{nic}}" uses the load balancer while its VM is not in the input',
    ja: '負荷分散規則 "{{name}}"（ポート {{port}}）のバックエンドプールが不明です（{{reason}}）。NIC "{{nic}}" がこのロードバランサーを使用していますが、その VM は入力にありません',
  },
  {
    en: 'the NAT rules of load balancer "{{lb}}" are not known ({{reason}}), and NIC "{{nic}}" uses the load balancer while its VM is not in the input',
    ja: 'ロードバランサー "{{lb}}" の NAT 規則が不明です（{{reason}}）。NIC "{{nic}}" がこのロードバランサーを使用していますが、その VM は入力にありません',
  },
  {
    en: 'the NAT rules of load balancer "{{lb}}" are not known ({{reason}}), and "{{user}}" names a load balancer rule or pool that is not known ({{reasonUser}})',
    ja: 'ロードバランサー "{{lb}}" の NAT 規則が不明です（{{reason}}）。また、"{{user}}" が参照するロードバランサーの規則またはプールも不明です（{{reasonUser}}）',
  },
  {
    en: 'the NAT pools of load balancer "{{lb}}" are not known ({{reason}}), and NIC "{{nic}}" uses the load balancer while its VM is not in the input',
    ja: 'ロードバランサー "{{lb}}" の NAT プールが不明です（{{reason}}）。NIC "{{nic}}" がこのロードバランサーを使用していますが、その VM は入力にありません',
  },
  {
    en: 'the NAT pools of load balancer "{{lb}}" are not known ({{reason}}), and "{{user}}" names a load balancer rule or pool that is not known ({{reasonUser}})',
    ja: 'ロードバランサー "{{lb}}" の NAT プールが不明です（{{reason}}）。また、"{{user}}" が参照するロードバランサーの規則またはプールも不明です（{{reasonUser}}）',
  },
  {
    en: 'the load-balancing rules of load balancer "{{lb}}" are not known ({{reason}}), and NIC "{{nic}}" uses the load balancer while its VM is not in the input',
    ja: 'ロードバランサー "{{lb}}" の負荷分散規則が不明です（{{reason}}）。NIC "{{nic}}" がこのロードバランサーを使用していますが、その VM は入力にありません',
  },
  {
    en: 'the load-balancing rules of load balancer "{{lb}}" are not known ({{reason}}), and "{{user}}" names a load balancer rule or pool that is not known ({{reasonUser}})',
    ja: 'ロードバランサー "{{lb}}" の負荷分散規則が不明です（{{reason}}）。また、"{{user}}" が参照するロードバランサーの規則またはプールも不明です（{{reasonUser}}）',
  },

  // AZV-NET-007 firewall-dnat-management
  { en: 'no DNAT rule', ja: 'DNAT ルールがありません' },

  // AZV-NET-008 subnet-nsg, AZV-NET-012 default-outbound-access
  { en: 'platform subnet', ja: 'プラットフォーム用のサブネットです' },
  { en: 'some VM NICs cannot be followed to their subnet: {{reason}}', ja: '一部の VM の NIC をサブネットまでたどれません: {{reason}}' },
  { en: 'no VM NIC in this subnet', ja: 'このサブネットに VM の NIC はありません' },
  {
    en: 'whether subnet "{{name}}" has an NSG is not known: {{reason}}',
    ja: 'サブネット "{{name}}" に NSG があるかどうか分かりません: {{reason}}',
  },

  // AZV-NET-010 nic-ip-forwarding
  { en: 'the NIC is not attached to a VM in the input', ja: 'この NIC は入力内の VM に接続されていません' },
  {
    en: 'the NICs of VM "{{vm}}" are not known ({{reason}}): this NIC may be one',
    ja: 'VM "{{vm}}" の NIC が不明です（{{reason}}）。この NIC がその 1 つである可能性があります',
  },
  {
    en: 'a NIC of VM "{{vm}}" is not known ({{reason}}): it may be this one',
    ja: 'VM "{{vm}}" の NIC の 1 つが不明です（{{reason}}）。この NIC である可能性があります',
  },

  // AZV-NET-011 egress-control
  {
    en: "the IP version of NIC '{{nic}}' is not known, and its IPv4 and IPv6 egress are not judged alike",
    ja: "NIC '{{nic}}' の IP バージョンが不明で、IPv4 と IPv6 の送信の判定が異なります",
  },
  {
    en: 'the VM is a network virtual appliance ({{reasons}}), the egress path itself; AZV-NET-022 reviews it',
    ja: 'この VM はネットワーク仮想アプライアンス（{{reasons}}）で、それ自体が送信経路です。AZV-NET-022 で確認します',
  },
  {
    en: "gateway '{{gateway}}' may send the subnet a default route to on-premises through ExpressRoute (BGP), and gateway route propagation is on (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)",
    ja: "ゲートウェイ '{{gateway}}' が ExpressRoute (BGP) 経由でオンプレミスへの既定ルートをサブネットに送る可能性があり、ゲートウェイ ルートの伝達が有効です（0.0.0.0/0 が広報されるかどうかは .azvmsec.yaml の network.bgpPrefixes で指定します）",
  },
  {
    en: "gateway '{{gateway}}' may send the subnet a default route to on-premises through BGP, and gateway route propagation is on (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)",
    ja: "ゲートウェイ '{{gateway}}' が BGP 経由でオンプレミスへの既定ルートをサブネットに送る可能性があり、ゲートウェイ ルートの伝達が有効です（0.0.0.0/0 が広報されるかどうかは .azvmsec.yaml の network.bgpPrefixes で指定します）",
  },
  {
    en: "Route Server '{{server}}' may send the subnet a default route an appliance advertises over BGP, and gateway route propagation is on (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)",
    ja: "Route Server '{{server}}' がアプライアンスから BGP で広報される既定ルートをサブネットに送る可能性があり、ゲートウェイ ルートの伝達が有効です（0.0.0.0/0 が広報されるかどうかは .azvmsec.yaml の network.bgpPrefixes で指定します）",
  },
  {
    en: "gateway '{{gateway}}' may send the subnet a default route to on-premises through a default site, and gateway route propagation is on",
    ja: "ゲートウェイ '{{gateway}}' が既定サイト (gatewayDefaultSite) 経由でオンプレミスへの既定ルートをサブネットに送る可能性があり、ゲートウェイ ルートの伝達が有効です",
  },
  { en: 'the outbound NSG rules cannot be fully read', ja: '送信の NSG ルールの一部を読み取れません' },
  {
    en: "the prefix of route '{{route}}' in route table '{{table}}' is not known ({{reason}}): were it 0.0.0.0/0, it would send the subnet's Internet traffic to {{hop}}",
    ja: "ルートテーブル '{{table}}' のルート '{{route}}' のプレフィックスが不明です（{{reason}}）。0.0.0.0/0 であれば、サブネットのインターネット宛て通信は {{hop}} に送られます",
  },
  {
    en: "the prefix and next hop of route '{{route}}' in route table '{{table}}' are not known ({{reason}}): it may be the subnet's own default route",
    ja: "ルートテーブル '{{table}}' のルート '{{route}}' のプレフィックスとネクストホップが不明です（{{reason}}）。サブネット自身の既定ルートである可能性があります",
  },
  {
    en: "VNet connection '{{connection}}' is to virtual hub '{{hub}}', which is not in the scanned input: its routing intent, its route tables or on-premises may send the VNet a default route",
    ja: "VNet 接続 '{{connection}}' の接続先の仮想ハブ '{{hub}}' はスキャンした入力にありません。そのルーティング インテント、ルートテーブル、またはオンプレミスから VNet に既定ルートが送られる可能性があります",
  },
  {
    en: "hub route table '{{table}}', which connection '{{connection}}' is associated with, is not in the scanned input: it may route 0.0.0.0/0",
    ja: "接続 '{{connection}}' が関連付けられたハブ ルートテーブル '{{table}}' はスキャンした入力にありません。0.0.0.0/0 をルーティングしている可能性があります",
  },
  {
    en: "VNet '{{vnet}}' of the subnet is not in the scanned input: a gateway, Route Server or virtual hub may send it a default route",
    ja: "サブネットの VNet '{{vnet}}' はスキャンした入力にありません。ゲートウェイ、Route Server、または仮想ハブから既定ルートが送られる可能性があります",
  },
  {
    en: "the VNet of connection '{{connection}}' of virtual hub '{{hub}}' is not known ({{reason}}): it may be this one, to which the hub may send a default route",
    ja: "仮想ハブ '{{hub}}' の接続 '{{connection}}' の VNet が不明です（{{reason}}）。この VNet である可能性があり、ハブから既定ルートが送られる可能性があります",
  },
  {
    en: "VNet '{{vnet}}' is peered with virtual hub '{{hub}}', whose connection to it is not in the scanned input: the hub may send it a default route",
    ja: "VNet '{{vnet}}' は仮想ハブ '{{hub}}' とピアリングされていますが、その接続はスキャンした入力にありません。ハブから既定ルートが送られる可能性があります",
  },
  {
    en: "whether connection '{{connection}}' takes the default route of its virtual hub (enableInternetSecurity) is not given: {{reason}}",
    ja: "接続 '{{connection}}' が仮想ハブの既定ルートを受け取るかどうか (enableInternetSecurity) が指定されていません: {{reason}}",
  },
  {
    en: "the routing intent of virtual hub '{{hub}}' sends Internet traffic to '{{hop}}'",
    ja: "仮想ハブ '{{hub}}' のルーティング インテントはインターネット宛てトラフィックを '{{hop}}' へ送ります",
  },
  {
    en: "the routing intent of virtual hub '{{hub}}' sends Internet traffic to its next hop",
    ja: "仮想ハブ '{{hub}}' のルーティング インテントはインターネット宛てトラフィックをそのネクストホップへ送ります",
  },
  {
    en: "route '{{route}}' of hub route table '{{table}}' sends 0.0.0.0/0 to '{{hop}}'",
    ja: "ハブ ルートテーブル '{{table}}' のルート '{{route}}' は 0.0.0.0/0 を '{{hop}}' へ送ります",
  },
  {
    en: "route '{{route}}' of hub route table '{{table}}' sends 0.0.0.0/0 to its next hop",
    ja: "ハブ ルートテーブル '{{table}}' のルート '{{route}}' は 0.0.0.0/0 をそのネクストホップへ送ります",
  },
  {
    en: "virtual hub '{{hub}}' passes on the default route on-premises advertises (network.bgpPrefixes)",
    ja: "仮想ハブ '{{hub}}' はオンプレミスが広報する既定ルートを伝えます (network.bgpPrefixes)",
  },
  {
    en: "virtual hub '{{hub}}' may pass on a default route on-premises advertises over BGP (network.bgpPrefixes in .azvmsec.yaml says whether 0.0.0.0/0 is advertised)",
    ja: "仮想ハブ '{{hub}}' がオンプレミスから BGP で広報される既定ルートを伝える可能性があります（0.0.0.0/0 が広報されるかどうかは .azvmsec.yaml の network.bgpPrefixes で指定します）",
  },

  // AZV-NET-015 firewall-policy-management
  { en: "the firewall's diagnostic settings could not be read: {{reason}}", ja: 'ファイアウォールの診断設定を読み取れませんでした: {{reason}}' },

  // AZV-NET-016 forced-tunnelling
  { en: 'the firewall is not forced-tunnelled', ja: 'ファイアウォールは強制トンネリングされていません' },
  { en: 'no subnet sends 0.0.0.0/0 to a virtual network gateway', ja: '0.0.0.0/0 を仮想ネットワーク ゲートウェイへ送るサブネットはありません' },
  { en: "peered VNet '{{vnet}}' is not in the scanned input", ja: "ピアリング先の VNet '{{vnet}}' はスキャンした入力にありません" },
  { en: 'no VPN gateway for this VNet is in the scanned input', ja: 'この VNet の VPN ゲートウェイはスキャンした入力にありません' },

  // AZV-NET-017 paas-private-access
  { en: 'no VM in the input depends on it', ja: '入力内にこのリソースに依存する VM はありません' },
  {
    en: 'a VM keeps boot diagnostics or disks at a storage URL that is not known ({{reason}}): it may be this account',
    ja: 'VM がブート診断またはディスクを置くストレージの URL が不明です（{{reason}}）。このアカウントの可能性があります',
  },
  {
    en: 'publicNetworkAccess is SecuredByPerimeter: the access rules of the network security perimeter decide which networks connect',
    ja: 'publicNetworkAccess が SecuredByPerimeter です。どのネットワークから接続できるかはネットワーク セキュリティ境界のアクセス規則で決まります',
  },

  // AZV-NET-018 ddos-protection
  { en: 'the public IP fronts no VM in the input', ja: 'このパブリック IP が公開する VM は入力にありません' },
  {
    en: 'a public IP in front of "{{vm}}" is not known ({{reason}}): it may be this one',
    ja: '"{{vm}}" の前段にあるパブリック IP が不明です（{{reason}}）。このパブリック IP である可能性があります',
  },
  {
    en: 'a NIC of "{{vm}}" cannot be followed ({{reason}}): its public IP may be this one',
    ja: '"{{vm}}" の NIC をたどれません（{{reason}}）。その NIC のパブリック IP がこのパブリック IP である可能性があります',
  },
  { en: 'the load balancer on the path is not known', ja: '経路上のロードバランサーが不明です' },
  {
    en: "the VNet '{{vnet}}' whose DDoS plan the public IP inherits is not in the input",
    ja: "パブリック IP が DDoS プランを継承する VNet '{{vnet}}' は入力にありません",
  },
  {
    en: 'the VNet the public IP inherits DDoS protection from cannot be told from the input',
    ja: 'パブリック IP が DDoS 保護を継承する VNet を入力から特定できません',
  },

  // AZV-NET-019 web-waf-front
  { en: 'no web port is reachable from the Internet', ja: 'インターネットから到達できる Web ポートはありません' },

  // AZV-NET-020 waf-policy-mode
  { en: 'the gateway uses a WAF policy, judged on its own', ja: 'ゲートウェイは WAF ポリシーを使用しており、ポリシーの側で判定します' },
  { en: 'the gateway has no WAF (AZV-NET-019 judges that)', ja: 'ゲートウェイに WAF がありません（AZV-NET-019 で判定します）' },
  { en: 'no gateway or Front Door in the input uses this policy', ja: '入力内にこのポリシーを使用するゲートウェイや Front Door はありません' },
  {
    en: "the WAF policy of {{type}} '{{name}}' is not known ({{reason}}): it may be this one",
    ja: "{{type}} '{{name}}' の WAF ポリシーが不明です（{{reason}}）。このポリシーである可能性があります",
  },

  // AZV-NET-021 front-door-cdn
  {
    en: "WAF policy '{{policy}}' is linked to security policy '{{securityPolicy}}' of the profile, which is not in the input",
    ja: "WAF ポリシー '{{policy}}' はこのプロファイルのセキュリティ ポリシー '{{securityPolicy}}' にリンクされていますが、そのセキュリティ ポリシーは入力に含まれていません",
  },
  {
    en: "the profile of security policy '{{policy}}' is not known: it may be this one, and cover its endpoints",
    ja: "セキュリティ ポリシー '{{policy}}' のプロファイルが不明です。このプロファイルのものでエンドポイントを保護している可能性があります",
  },
  { en: 'CDN profile SKU not set', ja: 'CDN プロファイルの SKU が設定されていません' },
  { en: 'CDN profile SKU {{sku}}', ja: 'CDN プロファイルの SKU が {{sku}} です' },

  // AZV-NET-022 nva-inventory
  { en: 'the VM is not a network virtual appliance', ja: 'この VM はネットワーク仮想アプライアンスではありません' },

  // shared/nva.ts nvaEvidence: the reason, and the evidence phrases rules join with '; ' (the image
  // one is with the phrases at the end, after the list that starts with it)
  {
    en: "NIC '{{nic}}' forwards packets and its private IP is not fixed: it may be the next hop of route '{{route}}' in '{{table}}'",
    ja: "NIC '{{nic}}' はパケットを転送し、プライベート IP が固定されていません。'{{table}}' のルート '{{route}}' のネクストホップである可能性があります",
  },
  { en: 'image {{publisher}}', ja: '発行元 {{publisher}} のイメージ' },
  { en: 'IP forwarding, next hop of a route', ja: 'IP 転送が有効で、ルートのネクストホップ' },

  // shared/vnet.ts
  {
    en: "a peering of '{{vnet}}' points at a VNet that is not known ({{reason}})",
    ja: "'{{vnet}}' のピアリングの接続先 VNet が不明です（{{reason}}）",
  },
  {
    en: "the gateway of peered VNet '{{vnet}}' (useRemoteGateways) is not in the scanned input",
    ja: "ピアリング先の VNet '{{vnet}}' のゲートウェイ（useRemoteGateways）はスキャンした入力にありません",
  },

  // shared/firewall.ts firewallPolicyChain
  { en: "base policy of '{{policy}}': {{reason}}", ja: "'{{policy}}' のベースポリシー: {{reason}}" },

  // AZV-CONN-002 bastion-hardening: whether AzureBastionSubnet's NSG opens the public endpoint to the Internet
  { en: "Bastion '{{name}}' names no subnet", ja: "Bastion '{{name}}' にサブネットの指定がありません" },
  { en: "the subnet of Bastion '{{name}}' is not in the scanned input", ja: "Bastion '{{name}}' のサブネットがスキャンした入力にありません" },
  {
    en: "subnet '{{subnet}}' may admit HTTPS from the whole Internet: {{reason}}",
    ja: "サブネット '{{subnet}}' はインターネット全体から HTTPS を受け付ける可能性があります: {{reason}}",
  },
];

/** Phrases rules of this area put in finding data (their `phrases`), rendered only there. */
export const NETWORK_RULES_PHRASES: readonly ReasonTemplate[] = [
  // Phrases in finding messages (the placeholders rules declare in `phrases`), by rule or helper.
  // The Japanese of each fits every message it fills.

  // analyses/network/checks.ts ruleText: {{rule}} of AZV-NET-002, 003, 004, 009, 011, AZV-CONN-003
  { en: 'no NSG', ja: 'NSG なし' },
  { en: '{{nsg}}/{{rule}} (priority ?)', ja: '{{nsg}}/{{rule}} (優先度不明)' },
  { en: '{{nsg}}/{{rule}} (priority {{priority}})', ja: '{{nsg}}/{{rule}} (優先度 {{priority}})' },

  // analyses/network/checks.ts pathText: {{path}} of AZV-NET-002, 003, 004, 019, 022 (the kinds as
  // i18n/paths.ts names them), with the frontend port when it differs from the backend port.
  { en: 'public IP {{name}} (frontend port {{ports}})', ja: 'パブリック IP {{name}} (フロントエンド ポート {{ports}})' },
  { en: 'public IP {{name}}', ja: 'パブリック IP {{name}}' },
  {
    en: 'load balancer NAT rule {{name}} (frontend port {{ports}})',
    ja: 'ロードバランサーの受信 NAT 規則 {{name}} (フロントエンド ポート {{ports}})',
  },
  { en: 'load balancer NAT rule {{name}}', ja: 'ロードバランサーの受信 NAT 規則 {{name}}' },
  { en: 'load-balancing rule {{name}} (frontend port {{ports}})', ja: 'ロードバランサーの負荷分散規則 {{name}} (フロントエンド ポート {{ports}})' },
  { en: 'load-balancing rule {{name}}', ja: 'ロードバランサーの負荷分散規則 {{name}}' },
  { en: 'Application Gateway {{name}} (frontend port {{ports}})', ja: 'Application Gateway {{name}} (フロントエンド ポート {{ports}})' },
  { en: 'Application Gateway {{name}}', ja: 'Application Gateway {{name}}' },
  { en: 'firewall DNAT rule {{name}} (frontend port {{ports}})', ja: 'Azure Firewall の DNAT ルール {{name}} (フロントエンド ポート {{ports}})' },
  { en: 'firewall DNAT rule {{name}}', ja: 'Azure Firewall の DNAT ルール {{name}}' },

  // shared/nva.ts nvaEvidence joined with '; ': {{evidence}} of AZV-NET-022 (each part as above)
  { en: 'image {{publisher}}; {{reason}}', ja: '発行元 {{publisher}} のイメージ、{{reason}}' },

  // AZV-CONN-002 bastion-hardening {{feature}}
  { en: 'native client tunneling', ja: 'ネイティブ クライアントのトンネリング' },
  { en: 'IP-based connection', ja: 'IP ベースの接続' },

  // AZV-NET-015 firewall-policy-management {{collections}}: the classic collections present, or none
  { en: 'none', ja: 'なし' },
  { en: 'natRuleCollections, {{reason}}', ja: 'natRuleCollections、{{reason}}' },
  { en: 'natRuleCollections', ja: 'natRuleCollections' },
  { en: 'networkRuleCollections, {{reason}}', ja: 'networkRuleCollections、{{reason}}' },
  { en: 'networkRuleCollections', ja: 'networkRuleCollections' },
  { en: 'applicationRuleCollections', ja: 'applicationRuleCollections' },

  // AZV-NET-020 waf-policy-mode {{state}}: the state as written, false (a gateway's enabled), or not set
  { en: 'not set', ja: '未設定' },
  { en: 'false', ja: 'false' },
  { en: 'Disabled', ja: 'Disabled' },

  // AZV-NET-021 front-door-cdn {{domain}} and {{tier}}
  { en: 'frontend endpoint "{{name}}"', ja: 'フロントエンド エンドポイント "{{name}}"' },
  { en: 'endpoint "{{name}}"', ja: 'エンドポイント "{{name}}"' },
  { en: 'custom domain "{{name}}"', ja: 'カスタム ドメイン "{{name}}"' },
  { en: 'Azure Front Door (classic)', ja: 'Azure Front Door (クラシック)' },
  { en: 'Azure CDN Standard from Microsoft (classic)', ja: 'Azure CDN Standard from Microsoft (クラシック)' },
  { en: 'Azure CDN from Edgio', ja: 'Azure CDN from Edgio' },
  { en: 'Azure CDN Standard from Akamai', ja: 'Azure CDN Standard from Akamai' },
];
