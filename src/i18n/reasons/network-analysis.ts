import type { ReasonTemplate } from '../reasons.js';

/** The sub-resource collections `subResource` (paths.ts) looks names up in. */
const SUB_RESOURCE_COLLECTIONS = [
  'frontendIPConfigurations',
  'inboundNatRules',
  'inboundNatPools',
  'backendAddressPools',
  'urlPathMaps',
  'httpListeners',
  'listeners',
  'backendHttpSettingsCollection',
  'backendSettingsCollection',
  'frontendPorts',
];

const ADMIN_RULE = 'Azure Virtual Network Manager security admin rule {{rule}}';
const ADMIN_DECIDES = 'may decide this traffic before the NSGs: {{reason}}';
const TOO_MANY = 'are too many or too scattered to evaluate (over {{count}} comparisons)';

/** Reasons from: The network exposure analysis, the resource model and snapshots. */
export const NETWORK_ANALYSIS: readonly ReasonTemplate[] = [
  // src/analyses/network/topology.ts
  { en: "subnet '{{name}}' has no address prefix", ja: "サブネット '{{name}}' にアドレスプレフィックスがありません" },
  { en: '{{value}} is not an address prefix', ja: '{{value}} はアドレスプレフィックスではありません' },
  { en: "a peered VNet's address space is not known ({{reason}})", ja: 'ピアリング先の VNet のアドレス空間が不明です（{{reason}}）' },
  {
    en: "whether a peering of VNet '{{name}}' allows access to the peered VNet is not known ({{reason}}); with access, VirtualNetwork takes in its space",
    ja: "VNet '{{name}}' のピアリングがピアリング先 VNet へのアクセスを許可しているかが不明です（{{reason}}）。許可している場合、VirtualNetwork タグにピアリング先のアドレス空間が含まれます",
  },
  {
    en: "VNet '{{spoke}}' has a peering whose remote VNet is not known ({{reason}}): it may be peered with VNet '{{vnet}}', and VirtualNetwork then takes in its space",
    ja: "VNet '{{spoke}}' にはピアリング先の VNet が不明なピアリングがあります（{{reason}}）。VNet '{{vnet}}' とピアリングしている可能性があり、その場合 VirtualNetwork タグにそのアドレス空間が含まれます",
  },
  { en: "the VM's virtual network is not known ({{reason}})", ja: 'VM の仮想ネットワークが不明です（{{reason}}）' },
  { en: "the address space of VNet '{{name}}' is not known ({{reason}})", ja: "VNet '{{name}}' のアドレス空間が不明です（{{reason}}）" },
  {
    en: "the route table of subnet '{{name}}' is not known ({{reason}}); its routes may widen VirtualNetwork",
    ja: "サブネット '{{name}}' のルートテーブルが不明です（{{reason}}）。そのルートによって VirtualNetwork タグが広がる可能性があります",
  },
  {
    en: "a route in '{{table}}' has an unknown prefix ({{reason}}); it may widen VirtualNetwork",
    ja: "'{{table}}' のルートのプレフィックスが不明です（{{reason}}）。このルートによって VirtualNetwork タグが広がる可能性があります",
  },
  {
    en: "route table '{{table}}' has a route for {{prefix}}: the VirtualNetwork tag may then cover it",
    ja: "ルートテーブル '{{table}}' に {{prefix}} 宛てのルートがあるため、VirtualNetwork タグがその範囲を含む可能性があります",
  },
  {
    en: '{{reason}}; what its gateway connects may widen VirtualNetwork',
    ja: '{{reason}}。ゲートウェイの接続先によって VirtualNetwork タグが広がる可能性があります',
  },
  {
    en: '{{reason}}: what it learns is in VirtualNetwork, and no input holds it (list the advertised prefixes as network.bgpPrefixes in .azvmsec.yaml)',
    ja: '{{reason}}。学習した経路は VirtualNetwork タグに含まれますが、どの入力にもありません（広報されるプレフィックスを .azvmsec.yaml の network.bgpPrefixes に記載してください）',
  },
  {
    en: '{{reason}}, which would put what it learns in VirtualNetwork',
    ja: '{{reason}}。その場合、学習した経路が VirtualNetwork タグに含まれます',
  },
  {
    en: '{{reason}}, and the advertised prefixes cannot be read ({{detail}})',
    ja: '{{reason}}。広報されるプレフィックスを読み取れません（{{detail}}）',
  },

  // src/analyses/network/gateway-spaces.ts
  { en: "gateway '{{name}}' learns routes over ExpressRoute", ja: "ゲートウェイ '{{name}}' は ExpressRoute で経路を学習します" },
  { en: "Route Server '{{name}}' learns routes over BGP", ja: "Route Server '{{name}}' は BGP で経路を学習します" },
  {
    en: "VNet '{{name}}' is connected to virtual hub '{{hub}}', which gives it the routes it learns",
    ja: "VNet '{{name}}' は仮想ハブ '{{hub}}' に接続されており、ハブが学習した経路を受け取ります",
  },
  {
    en: "the subnet of Route Server '{{name}}' is not known ({{reason}}): it may be in VNet '{{vnet}}'",
    ja: "Route Server '{{name}}' のサブネットが不明です（{{reason}}）。VNet '{{vnet}}' にある可能性があります",
  },
  {
    en: "the VNet of a connection of virtual hub '{{name}}' is not known ({{reason}}): it may be VNet '{{vnet}}'",
    ja: "仮想ハブ '{{name}}' の接続先の VNet が不明です（{{reason}}）。VNet '{{vnet}}' である可能性があります",
  },
  {
    en: "gateway '{{name}}' learns routes over BGP from its VPN connections",
    ja: "ゲートウェイ '{{name}}' は VPN 接続から BGP で経路を学習します",
  },
  {
    en: "whether gateway '{{name}}' learns routes over BGP is not known ({{reason}})",
    ja: "ゲートウェイ '{{name}}' が BGP で経路を学習するかどうか不明です（{{reason}}）",
  },
  {
    en: "the point-to-site address pool of gateway '{{name}}' is not known ({{reason}})",
    ja: "ゲートウェイ '{{name}}' のポイント対サイト アドレスプールが不明です（{{reason}}）",
  },
  {
    en: "the address space of local network gateway '{{name}}' is not known ({{reason}})",
    ja: "ローカル ネットワーク ゲートウェイ '{{name}}' のアドレス空間が不明です（{{reason}}）",
  },
  { en: "the address space connection '{{name}}' reaches is not known ({{reason}})", ja: "接続 '{{name}}' の接続先のアドレス空間が不明です（{{reason}}）" },
  { en: "the VNet connection '{{name}}' reaches is not known ({{reason}})", ja: "接続 '{{name}}' の接続先の VNet が不明です（{{reason}}）" },
  { en: "the VNet of gateway '{{name}}' is not in the scanned input", ja: "ゲートウェイ '{{name}}' の VNet がスキャンした入力にありません" },
  {
    en: "whether VNet '{{name}}' uses a peered VNet's gateway is not known ({{reason}})",
    ja: "VNet '{{name}}' がピアリング先の VNet のゲートウェイを使うかどうか不明です（{{reason}}）",
  },
  {
    en: "VNet '{{name}}' uses the gateway of a peered VNet that is not in the scanned input",
    ja: "VNet '{{name}}' は、スキャンした入力にないピアリング先の VNet のゲートウェイを使っています",
  },

  {
    en: "the application security groups of NIC '{{nic}}' are not known ({{reason}})",
    ja: "NIC '{{nic}}' のアプリケーション セキュリティ グループが不明です（{{reason}}）",
  },
  { en: "a member's address is not known ({{reason}})", ja: 'メンバーのアドレスが不明です（{{reason}}）' },
  { en: "member NIC '{{nic}}' has a dynamic private IP", ja: "メンバーの NIC '{{nic}}' のプライベート IP は動的です" },
  { en: "IP configuration '{{name}}' names no subnet", ja: "IP 構成 '{{name}}' にサブネットが指定されていません" },
  { en: "the VM's private IP is not known ({{reason}})", ja: 'VM のプライベート IP が不明です（{{reason}}）' },
  {
    en: "the VM's private IP may or may not be of the family of {{prefix}}",
    ja: 'VM のプライベート IP が {{prefix}} と同じアドレス ファミリーかどうか分かりません',
  },
  {
    en: "the VM's private IP is dynamic: it may or may not fall in {{prefix}}",
    ja: 'VM のプライベート IP は動的なため、{{prefix}} に含まれるかどうか分かりません',
  },
  {
    en: "the NIC's application security groups are not known ({{reason}})",
    ja: 'NIC のアプリケーション セキュリティ グループが不明です（{{reason}}）',
  },
  {
    en: "one of the NIC's application security groups is not known ({{reason}})",
    ja: 'NIC のアプリケーション セキュリティ グループの 1 つが不明です（{{reason}}）',
  },
  { en: "the VNet of subnet '{{name}}' is not in the scanned input", ja: "サブネット '{{name}}' の VNet がスキャンした入力にありません" },
  {
    en: "whether service tag {{name}} holds the load balancer frontend's address is not known",
    ja: 'サービス タグ {{name}} にロードバランサーのフロントエンドのアドレスが含まれるかどうか不明です',
  },
  {
    en: "whether a rule naming application security group '{{name}}' applies to traffic addressed to a load balancer frontend (floating IP) is not documented",
    ja: "アプリケーション セキュリティ グループ '{{name}}' を指定したルールが、ロードバランサーのフロントエンド宛て（フローティング IP）のトラフィックに適用されるかどうかは文書化されていません",
  },

  // src/analyses/network/dns.ts
  { en: "no DNS zone in the input has a record for '{{name}}'", ja: "入力のどの DNS ゾーンにも '{{name}}' のレコードがありません" },
  {
    en: "the private DNS zones with a record for '{{name}}' are not linked to VNet '{{vnet}}'",
    ja: "'{{name}}' のレコードを持つプライベート DNS ゾーンは VNet '{{vnet}}' にリンクされていません",
  },
  {
    en: "private DNS zone '{{zone}}', linked to VNet '{{vnet}}', answers for '{{name}}' there, and the input holds no record for it in that zone",
    ja: "VNet '{{vnet}}' にリンクされたプライベート DNS ゾーン '{{zone}}' がそこで '{{name}}' に応答しますが、入力にはそのゾーンの該当レコードがありません",
  },
  { en: "the DNS record '{{name}}' is an alias of an Azure resource", ja: "DNS レコード '{{name}}' は Azure リソースのエイリアスです" },
  { en: "the CNAME records for '{{name}}' lead more than {{count}} deep", ja: "'{{name}}' の CNAME レコードが {{count}} 段を超えて続いています" },

  // src/analyses/network/paths.ts
  { en: 'a reference is not a resource id', ja: '参照がリソース ID ではありません' },
  ...SUB_RESOURCE_COLLECTIONS.map((collection) => ({
    en: `${collection} '{{name}}' is not in '{{resource}}'`,
    ja: `'{{resource}}' に ${collection} '{{name}}' がありません`,
  })),
  {
    en: "the address of public IP '{{name}}' is not known until it is deployed",
    ja: "パブリック IP '{{name}}' のアドレスはデプロイされるまで分かりません",
  },
  { en: "the load balancer frontend's public address is not known", ja: 'ロードバランサーのフロントエンドのパブリック アドレスが不明です' },
  {
    en: "whether rule '{{rule}}' of load balancer '{{lb}}' uses floating IP is not known: {{reason}}",
    ja: "ロードバランサー '{{lb}}' のルール '{{rule}}' がフローティング IP を使うかどうか不明です: {{reason}}",
  },
  { en: 'port {{value}} is not valid', ja: 'ポート {{value}} は有効ではありません' },
  { en: 'protocol {{value}} is not valid', ja: 'プロトコル {{value}} は有効ではありません' },
  { en: "a rule of '{{lb}}' has no frontend", ja: "'{{lb}}' のルールにフロントエンドがありません" },
  {
    en: "the SKU of public IP '{{name}}' is not given",
    ja: "パブリック IP '{{name}}' の SKU が指定されていません",
  },
  {
    en: "the SKU of load balancer '{{name}}' is not given",
    ja: "ロードバランサー '{{name}}' の SKU が指定されていません",
  },
  { en: "the SKU of {{type}} '{{name}}' is not given", ja: "{{type}} '{{name}}' の SKU が指定されていません" },
  { en: 'public IP prefix frontend', ja: 'フロントエンドはパブリック IP プレフィックスです' },
  { en: 'public IP reference is empty', ja: 'パブリック IP の参照が空です' },
  {
    en: "load balancer of NAT rule '{{name}}' is not in the scanned input",
    ja: "受信 NAT 規則 '{{name}}' のロードバランサーがスキャンした入力にありません",
  },
  {
    en: "load balancer of NAT pool '{{name}}' is not in the scanned input",
    ja: "受信 NAT プール '{{name}}' のロードバランサーがスキャンした入力にありません",
  },
  {
    en: "load balancer of backend pool '{{name}}' is not in the scanned input",
    ja: "バックエンドプール '{{name}}' のロードバランサーがスキャンした入力にありません",
  },
  {
    en: "the load-balancing rules of load balancer '{{lb}}' are not known ({{reason}})",
    ja: "ロードバランサー '{{lb}}' の負荷分散規則が不明です（{{reason}}）",
  },
  {
    en: "the inbound NAT rules of load balancer '{{lb}}' are not known ({{reason}})",
    ja: "ロードバランサー '{{lb}}' の受信 NAT 規則が不明です（{{reason}}）",
  },
  {
    en: "the backend addresses of pool '{{pool}}' of '{{lb}}' are not known ({{reason}})",
    ja: "'{{lb}}' のバックエンドプール '{{pool}}' のアドレスが不明です（{{reason}}）",
  },
  { en: "the backend pools of '{{name}}' are not known ({{reason}})", ja: "'{{name}}' のバックエンドプールが不明です（{{reason}}）" },
  {
    en: "Application Gateway of backend pool '{{name}}' is not in the scanned input",
    ja: "バックエンドプール '{{name}}' の Application Gateway がスキャンした入力にありません",
  },
  {
    en: "backend pool '{{pool}}' of '{{gateway}}' lists addresses that are not known ({{reason}})",
    ja: "'{{gateway}}' のバックエンドプール '{{pool}}' のアドレスが不明です（{{reason}}）",
  },
  {
    en: "backend pool '{{pool}}' of '{{gateway}}' lists an address that is not known ({{reason}})",
    ja: "'{{gateway}}' のバックエンドプール '{{pool}}' に不明なアドレスが含まれています（{{reason}}）",
  },
  {
    en: "whether rule '{{rule}}' of Application Gateway '{{gateway}}' sends to this VM's pool is not known: {{reason}}",
    ja: "Application Gateway '{{gateway}}' のルール '{{rule}}' がこの VM のバックエンドプールに転送するかどうか不明です: {{reason}}",
  },
  {
    en: "the request routing rules of Application Gateway '{{gateway}}' are not known ({{reason}})",
    ja: "Application Gateway '{{gateway}}' の要求ルーティング規則が不明です（{{reason}}）",
  },
  {
    en: "the routing rules of Application Gateway '{{gateway}}' are not known ({{reason}})",
    ja: "Application Gateway '{{gateway}}' のルーティング規則が不明です（{{reason}}）",
  },
  {
    en: "the path rules of URL path map '{{map}}' of Application Gateway '{{gateway}}' are not known ({{reason}})",
    ja: "Application Gateway '{{gateway}}' の URL パス マップ '{{map}}' のパス規則が不明です（{{reason}}）",
  },
  { en: 'NAT rule not found', ja: '受信 NAT 規則が見つかりません' },
  { en: 'NAT pool not found', ja: '受信 NAT プールが見つかりません' },
  {
    en: "whether rule '{{rule}}' of load balancer '{{lb}}' sends to this VM's pool is not known: {{reason}}",
    ja: "ロードバランサー '{{lb}}' のルール '{{rule}}' がこの VM のバックエンドプールに転送するかどうか不明です: {{reason}}",
  },
  {
    en: "the VM's private IP is dynamic and backend pool '{{pool}}' of '{{gateway}}' lists an address in its subnet",
    ja: "VM のプライベート IP は動的で、'{{gateway}}' のバックエンドプール '{{pool}}' が VM のサブネット内のアドレスを含んでいます",
  },
  {
    en: "the VM's private IP is dynamic and backend pool '{{pool}}' lists an address in its subnet",
    ja: "VM のプライベート IP は動的で、バックエンドプール '{{pool}}' が VM のサブネット内のアドレスを含んでいます",
  },
  {
    en: "backend pool '{{pool}}' of '{{lb}}' lists IP addresses and the VM's private IP is not known ({{reason}})",
    ja: "'{{lb}}' のバックエンドプール '{{pool}}' は IP アドレスで構成されており、VM のプライベート IP が不明です（{{reason}}）",
  },
  {
    en: "backend pool '{{pool}}' of '{{lb}}' lists the VM's private IP and the VM's virtual network is not known ({{reason}})",
    ja: "'{{lb}}' のバックエンドプール '{{pool}}' は VM のプライベート IP を含んでおり、VM の仮想ネットワークが不明です（{{reason}}）",
  },
  {
    en: "the VM's private IP is not known and backend pool '{{pool}}' of '{{gateway}}' lists an address ({{reason}})",
    ja: "VM のプライベート IP が不明で、'{{gateway}}' のバックエンドプール '{{pool}}' がアドレスを含んでいます（{{reason}}）",
  },
  {
    en: "the VM's private IP is dynamic and DNAT rule '{{rule}}' translates to an address in its subnet",
    ja: "VM のプライベート IP は動的で、DNAT ルール '{{rule}}' が VM のサブネット内のアドレスへ変換しています",
  },
  { en: 'a public IP may be attached ({{reason}})', ja: 'パブリック IP が割り当てられている可能性があります（{{reason}}）' },
  { en: "the public IP's SKU is not known ({{reason}})", ja: 'パブリック IP の SKU が不明です（{{reason}}）' },
  { en: 'a public IP may be given to each instance ({{reason}})', ja: '各インスタンスにパブリック IP が割り当てられる可能性があります（{{reason}}）' },
  { en: "the SKU of the instances' public IPs is not given", ja: 'インスタンスのパブリック IP の SKU が指定されていません' },
  { en: 'listener not found', ja: 'リスナーが見つかりません' },
  { en: 'listener has no port', ja: 'リスナーにポートがありません' },
  { en: 'backend settings not found', ja: 'バックエンド設定が見つかりません' },
  { en: "the subnet of firewall '{{name}}' is not known", ja: "ファイアウォール '{{name}}' のサブネットが不明です" },
  { en: "the subnet of '{{name}}' is not known", ja: "'{{name}}' のサブネットが不明です" },
  { en: 'no Azure Firewall in the input uses this policy', ja: '入力内にこのポリシーを使う Azure Firewall がありません' },
  { en: 'IP group not found', ja: 'IP グループが見つかりません' },
  { en: '{{value}} is not an address', ja: '{{value}} はアドレスではありません' },
  { en: 'translated address {{address}} is not an IP', ja: '変換先アドレス {{address}} は IP アドレスではありません' },
  { en: 'the rule type is not known', ja: 'ルールの種類が不明です' },
  { en: "the firewall policy of '{{name}}' is not known ({{reason}})", ja: "'{{name}}' のファイアウォール ポリシーが不明です（{{reason}}）" },
  {
    en: "firewall policy '{{policy}}' of '{{name}}' is not in the scanned input",
    ja: "'{{name}}' のファイアウォール ポリシー '{{policy}}' がスキャンした入力にありません",
  },
  {
    en: "rule collection group '{{group}}' of firewall policy '{{policy}}' is not in the scanned input",
    ja: "ファイアウォール ポリシー '{{policy}}' のルール コレクション グループ '{{group}}' がスキャンした入力にありません",
  },
  {
    en: "DNAT rule '{{rule}}' translates to an address that is not known ({{reason}})",
    ja: "DNAT ルール '{{rule}}' の変換先アドレスが不明です（{{reason}}）",
  },
  {
    en: "the rule collection groups of firewall policy '{{policy}}' were not read: {{reason}}",
    ja: "ファイアウォール ポリシー '{{policy}}' のルール コレクション グループを読み取れませんでした: {{reason}}",
  },

  // src/analyses/network/reach.ts
  {
    en: "VNet '{{vnet}}' is neither VNet '{{hub}}' of '{{name}}' nor peered with it, but {{reasonBeyond}}",
    ja: "VNet '{{vnet}}' は '{{name}}' の VNet '{{hub}}' でもそのピアリング先でもありませんが、{{reasonBeyond}}",
  },
  {
    en: "VNet '{{spoke}}' has a peering whose remote VNet is not known ({{reason}}): it may be peered with VNet '{{vnet}}' of '{{name}}'",
    ja: "VNet '{{spoke}}' にはピアリング先の VNet が不明なピアリングがあります（{{reason}}）。'{{name}}' の VNet '{{vnet}}' とピアリングしている可能性があります",
  },
  {
    en: "VNet '{{name}}' uses a peered VNet's gateway, which may route the traffic there",
    ja: "VNet '{{name}}' はピアリング先の VNet のゲートウェイを使っており、それがトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "gateway '{{name}}' in VNet '{{vnet}}' may route the traffic there",
    ja: "VNet '{{vnet}}' にあるゲートウェイ '{{name}}' がトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "Route Server '{{name}}' in VNet '{{vnet}}' may route the traffic there",
    ja: "VNet '{{vnet}}' にある Route Server '{{name}}' がトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "VNet '{{vnet}}' is connected to virtual hub '{{name}}', which may route the traffic there",
    ja: "VNet '{{vnet}}' は仮想ハブ '{{name}}' に接続されており、それがトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "the VNet of Route Server '{{name}}' is not known: it may be this one, and route the traffic there",
    ja: "Route Server '{{name}}' の VNet が不明です。この VNet にあってトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "the VNet of a connection of virtual hub '{{name}}' is not known: it may be this one, and the hub route the traffic there",
    ja: "仮想ハブ '{{name}}' の接続先の VNet が不明です。この VNet が接続されていて、ハブがトラフィックをそこへルーティングする可能性があります",
  },
  {
    en: "network manager '{{name}}' manages connectivity, which may connect the two VNets without peering them",
    ja: "ネットワークマネージャー '{{name}}' が接続を管理しており、ピアリングなしで 2 つの VNet を接続している可能性があります",
  },
  { en: "the route table of subnet '{{name}}' is not known ({{reason}})", ja: "サブネット '{{name}}' のルートテーブルが不明です（{{reason}}）" },
  { en: "the routes of route table '{{name}}' are not known", ja: "ルートテーブル '{{name}}' のルートが不明です" },
  {
    en: "route table '{{name}}' of subnet '{{subnet}}' has a route whose next hop is not known",
    ja: "サブネット '{{subnet}}' のルートテーブル '{{name}}' にネクストホップが不明なルートがあります",
  },
  {
    en: "route table '{{name}}' of subnet '{{subnet}}' sends traffic to {{hop}}, which may route it there",
    ja: "サブネット '{{subnet}}' のルートテーブル '{{name}}' はトラフィックを {{hop}} へ送っており、それがトラフィックをそこへルーティングする可能性があります",
  },

  // src/analyses/network/nsg-rules.ts
  { en: 'the rule has no valid priority', ja: 'ルールに有効な優先度がありません' },
  {
    en: "rule '{{name}}' has priority {{priority}}, outside the 100–4096 Azure accepts",
    ja: "ルール '{{name}}' の優先度 {{priority}} は Azure が受け付ける 100～4096 の範囲外です",
  },
  {
    en: "rule '{{name}}' names more than one service tag on one side, which Azure rejects",
    ja: "ルール '{{name}}' は一方の側に複数のサービス タグを指定しており、Azure はこれを受け付けません",
  },
  {
    en: 'rules {{rules}} have the same direction and priority ({{place}}), which Azure rejects',
    ja: 'ルール {{rules}} の方向と優先度が同じで（{{place}}）、Azure はこれを受け付けません',
  },
  { en: "the rule's direction is {{value}}", ja: 'ルールの direction の値 {{value}} は有効ではありません' },
  { en: "the rule's access is {{value}}", ja: 'ルールの access の値 {{value}} は有効ではありません' },
  { en: "the rule's protocol is {{value}}", ja: 'ルールの protocol の値 {{value}} は有効ではありません' },
  { en: 'the rule has no destination port', ja: 'ルールに宛先ポートがありません' },
  { en: 'the port range {{value}} is not valid', ja: 'ポート範囲 {{value}} は有効ではありません' },
  { en: 'the address {{value}} is not an IP, CIDR or service tag', ja: 'アドレス {{value}} は IP、CIDR、サービス タグのいずれでもありません' },
  { en: 'the address {{value}} is not valid', ja: 'アドレス {{value}} は有効ではありません' },
  { en: 'an application security group reference is not an id', ja: 'アプリケーション セキュリティ グループの参照が ID ではありません' },
  { en: 'the rule names no address', ja: 'ルールにアドレスが指定されていません' },

  // src/analyses/network/admin-rules.ts
  {
    en: "whether its security admin configuration is committed to the VNet's region is not recorded in the input",
    ja: 'そのセキュリティ管理構成が VNet のリージョンにコミットされているかどうかは入力に記録されていません',
  },
  {
    en: "{{reason}}, and whether its security admin configuration is committed to the VNet's region is not recorded in the input",
    ja: '{{reason}}。また、そのセキュリティ管理構成が VNet のリージョンにコミットされているかどうかは入力に記録されていません',
  },
  { en: 'its rule collection is not in the scanned input', ja: '所属するルールコレクションがスキャンした入力にありません' },
  { en: "its network group '{{name}}' is not in the scanned input", ja: "適用先のネットワークグループ '{{name}}' がスキャンした入力にありません" },
  {
    en: "network group '{{name}}' has no static member in the input (its members may be added by Azure Policy)",
    ja: "ネットワークグループ '{{name}}' には入力内に静的メンバーがありません（Azure Policy でメンバーが追加される可能性があります）",
  },
  { en: 'an admin rule source has no addressPrefix', ja: 'セキュリティ管理規則の送信元に addressPrefix がありません' },
  { en: 'an admin rule destination has no addressPrefix', ja: 'セキュリティ管理規則の宛先に addressPrefix がありません' },
  { en: 'the admin rule names no source', ja: 'セキュリティ管理規則に送信元が指定されていません' },
  { en: 'the admin rule names no destination', ja: 'セキュリティ管理規則に宛先が指定されていません' },

  // src/analyses/network/evaluate.ts
  { en: 'the rule may match', ja: 'ルールが一致する可能性があります' },
  { en: 'the subnet NSG cannot be read: {{reason}}', ja: 'サブネットの NSG を読み取れません: {{reason}}' },
  { en: 'the NIC NSG cannot be read: {{reason}}', ja: 'NIC の NSG を読み取れません: {{reason}}' },
  {
    en: `the rules of the subnet NSG and '{{nsg}}' ${TOO_MANY}`,
    ja: "サブネットの NSG と '{{nsg}}' のルールが多すぎるか分散しすぎているため評価できません（比較が {{count}} 回を超えます）",
  },
  {
    en: `the rules of '{{nsg}}' and the NIC NSG ${TOO_MANY}`,
    ja: "'{{nsg}}' と NIC の NSG のルールが多すぎるか分散しすぎているため評価できません（比較が {{count}} 回を超えます）",
  },
  {
    en: `the rules of '{{nsg}}' and '{{nsg2}}' ${TOO_MANY}`,
    ja: "'{{nsg}}' と '{{nsg2}}' のルールが多すぎるか分散しすぎているため評価できません（比較が {{count}} 回を超えます）",
  },
  {
    en: `the rules of '{{nsg}}' ${TOO_MANY}`,
    ja: "'{{nsg}}' のルールが多すぎるか分散しすぎているため評価できません（比較が {{count}} 回を超えます）",
  },
  {
    en: `${ADMIN_RULE} (unknown access, unknown priority) ${ADMIN_DECIDES}`,
    ja: 'Azure Virtual Network Manager のセキュリティ管理規則 {{rule}}（アクセス不明、優先度不明）が NSG より先にこの通信を判定する可能性があります: {{reason}}',
  },
  {
    en: `${ADMIN_RULE} (unknown access, priority {{priority}}) ${ADMIN_DECIDES}`,
    ja: 'Azure Virtual Network Manager のセキュリティ管理規則 {{rule}}（アクセス不明、優先度 {{priority}}）が NSG より先にこの通信を判定する可能性があります: {{reason}}',
  },
  {
    en: `${ADMIN_RULE} ({{access}}, unknown priority) ${ADMIN_DECIDES}`,
    ja: 'Azure Virtual Network Manager のセキュリティ管理規則 {{rule}}（{{access}}、優先度不明）が NSG より先にこの通信を判定する可能性があります: {{reason}}',
  },
  {
    en: `${ADMIN_RULE} ({{access}}, priority {{priority}}) ${ADMIN_DECIDES}`,
    ja: 'Azure Virtual Network Manager のセキュリティ管理規則 {{rule}}（{{access}}、優先度 {{priority}}）が NSG より先にこの通信を判定する可能性があります: {{reason}}',
  },

  // src/analyses/network/exposure.ts
  { en: 'no NSG applies and {{reason}}', ja: 'NSG が適用されておらず、{{reason}}' },
  {
    en: 'the NSGs admit only part of the Application Gateway subnet',
    ja: 'NSG は Application Gateway のサブネットの一部からしか通信を許可していません',
  },
  { en: 'the NSGs admit only part of the firewall subnet', ja: 'NSG はファイアウォールのサブネットの一部からしか通信を許可していません' },

  // src/analyses/network/fronting.ts
  { en: 'VNet not known', ja: 'VNet が不明です' },

  // src/model/graph.ts
  { en: 'the reference is not a resource id', ja: '参照がリソース ID ではありません' },
  {
    en: "an entry of {{collection}} of '{{name}}' whose name is not known ({{reason}}) may be '{{child}}', declared on its own, which replaces it",
    ja: "'{{name}}' の {{collection}} のうち名前が不明なエントリ（{{reason}}）は、個別に宣言された '{{child}}' である可能性があり、その場合は置き換えられます",
  },
  // src/model/declarations.ts
  {
    en: "{{type}} '{{name}}' is declared {{count}} times, differently here, and which declaration a reference to it names is not known",
    ja: "{{type}} '{{name}}' は {{count}} 回宣言されており、この箇所の値が宣言ごとに異なるため、参照がどの宣言を指すかわかりません",
  },
  // src/model/linear-regexp.ts
  { en: 'this Node cannot match patterns in linear time', ja: 'この Node ではパターンを線形時間で照合できません' },

  // src/inputs/snapshot/read.ts
  {
    en: "the export of {{type}} '{{name}}' has its settings where properties belong, in another shape (as az vm list writes them)",
    ja: "{{type}} '{{name}}' のエクスポートでは、設定が properties の代わりに別の形で書かれています（az vm list が出力する形）",
  },
  {
    en: "the export of {{type}} '{{name}}' has no properties (az resource list does not include them)",
    ja: "{{type}} '{{name}}' のエクスポートに properties がありません（az resource list は properties を含みません）",
  },
  {
    en: 'Microsoft Graph {{path}} answered {{status}} ({{code}}): the permission {{permission}} is missing',
    ja: 'Microsoft Graph {{path}} が {{status}}（{{code}}）を返しました: アクセス許可 {{permission}} が付与されていません',
  },
  {
    en: 'Microsoft Graph {{path}} answered {{status}}: the permission {{permission}} is missing',
    ja: 'Microsoft Graph {{path}} が {{status}} を返しました: アクセス許可 {{permission}} が付与されていません',
  },
  {
    en: 'Microsoft Graph {{path}} could not be read: the permission {{permission}} is missing',
    ja: 'Microsoft Graph {{path}} を読み取れませんでした: アクセス許可 {{permission}} が付与されていません',
  },
  { en: 'Microsoft Graph {{path}} answered {{status}} ({{code}}): {{error}}', ja: 'Microsoft Graph {{path}} が {{status}}（{{code}}）を返しました: {{error}}' },
  { en: 'Microsoft Graph {{path}} answered {{status}}: {{error}}', ja: 'Microsoft Graph {{path}} が {{status}} を返しました: {{error}}' },
  { en: 'Microsoft Graph {{path}} could not be read: {{error}}', ja: 'Microsoft Graph {{path}} を読み取れませんでした: {{error}}' },
  { en: 'nothing could be read in the subscription', ja: 'サブスクリプション内の情報を何も読み取れませんでした' },
  {
    en: 'the sign-in for ARM failed, so nothing was read from ARM: {{error}}',
    ja: 'ARM へのサインインに失敗したため、ARM から何も読み取れませんでした: {{error}}',
  },
  {
    en: 'ARM {{operation}} answered {{status}}: the role {{role}} is missing',
    ja: 'ARM {{operation}} が {{status}} を返しました: ロール {{role}} が割り当てられていません',
  },
  { en: 'ARM {{operation}} failed: the role {{role}} is missing', ja: 'ARM {{operation}} が失敗しました: ロール {{role}} が割り当てられていません' },
  { en: 'ARM {{operation}} answered {{status}}: {{error}}', ja: 'ARM {{operation}} が {{status}} を返しました: {{error}}' },
  { en: 'ARM {{operation}} failed: {{error}}', ja: 'ARM {{operation}} が失敗しました: {{error}}' },
  {
    en: 'the sign-in for Resource Graph failed, so no Resource Graph table was read: {{error}}',
    ja: 'Resource Graph へのサインインに失敗したため、Resource Graph のテーブルを何も読み取れませんでした: {{error}}',
  },
  {
    en: 'Resource Graph table {{table}} answered {{status}}: the role {{role}} is missing',
    ja: 'Resource Graph のテーブル {{table}} が {{status}} を返しました: ロール {{role}} が割り当てられていません',
  },
  { en: 'Resource Graph table {{table}} answered {{status}}: {{error}}', ja: 'Resource Graph のテーブル {{table}} が {{status}} を返しました: {{error}}' },
  {
    en: 'Resource Graph table {{table}} was not read in full: {{error}}',
    ja: 'Resource Graph のテーブル {{table}} をすべては読み取れませんでした: {{error}}',
  },
  // src/inputs/snapshot/powershell.ts
  {
    en: 'the export holds this value as text: ConvertTo-Json cut it at its -Depth (export again with -Depth 100)',
    ja: 'エクスポートではこの値がテキストになっています: ConvertTo-Json が -Depth の深さで切り詰めました（-Depth 100 を指定して再度エクスポートしてください）',
  },

  // Generic forms, after every specific one above.
  // src/model/graph.ts: a reference to a resource the input does not hold
  { en: '{{what}} is not in the scanned input', ja: '{{what}} はスキャンした入力にありません' },
  // src/analyses/network/evaluate.ts: a rule that may match in place of the deciding one (maybe-rule), and why
  { en: '{{rule}} in {{nsg}}: {{reason}}', ja: 'NSG {{nsg}} のルール {{rule}}: {{reason}}' },
];
