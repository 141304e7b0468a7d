import { z } from 'zod';
import { at, get } from '../../../model/resource.js';
import { asArray, asString, isUnknown, type Value } from '../../../model/value.js';
import { defineRule } from '../../define-rule.js';
import { asOfOption, DAY_MS, daysBetween, parseDate } from '../../shared/dates.js';

/** Legacy VPN gateway SKUs and the day Microsoft retires them (rule catalog §6; verify against the VPN Gateway SKU page). */
export const LEGACY_VPN_SKUS: Readonly<Record<string, string>> = {
  standard: '2025-09-30',
  highperformance: '2025-09-30',
};

function present(value: Value | undefined): boolean {
  return value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0) && value !== '';
}

export default defineRule({
  id: 'AZV-CONN-006',
  name: 'vpn-gateway-auth',
  pillar: 'CONN',
  severity: 'medium',
  status: 'stable',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/virtualNetworkGateways'],
  title: {
    en: 'VPN Gateway: supported SKU and Entra ID authentication for point-to-site',
    ja: 'VPN Gateway: サポート対象 SKU と P2S の Entra ID 認証',
  },
  fix: {
    en: 'Use a VpnGw1AZ or larger SKU, and set vpnClientConfiguration.vpnAuthenticationTypes to ["AAD"] with OpenVPN.',
    ja: 'VpnGw1AZ 以上の SKU を使い、vpnClientConfiguration.vpnAuthenticationTypes を ["AAD"]（OpenVPN）にします。',
  },
  messages: {
    basicSku: {
      en: 'VPN gateway "{{name}}" uses the Basic SKU: no OpenVPN, no Entra ID authentication and no custom IPsec policies.',
      ja: 'VPN ゲートウェイ "{{name}}" は Basic SKU です。OpenVPN、Entra ID 認証、カスタム IPsec ポリシーが使えません。',
    },
    skuRetiring: {
      en: 'VPN gateway "{{name}}" uses the legacy {{sku}} SKU, retired on {{retirement}} ({{days}} days after {{asOf}}).',
      ja: 'VPN ゲートウェイ "{{name}}" は旧 {{sku}} SKU で、{{asOf}} から {{days}} 日後の {{retirement}} に廃止されます。',
    },
    skuRetired: {
      en: 'VPN gateway "{{name}}" uses the legacy {{sku}} SKU, retired on {{retirement}}.',
      ja: 'VPN ゲートウェイ "{{name}}" は {{retirement}} に廃止された旧 {{sku}} SKU です。',
    },
    p2sNotEntra: {
      en: 'Point-to-site on VPN gateway "{{name}}" accepts {{methods}}: users connect without Entra ID, so Conditional Access and MFA do not apply.',
      ja: 'VPN ゲートウェイ "{{name}}" のポイント対サイトは {{methods}} を受け付けます。Entra ID を経ずに接続でき、条件付きアクセスと MFA が適用されません。',
    },
  },
  mappings: {
    'mcsb-v1': ['IM-1', 'NS-2'],
    'cis-azure-5.0.0': ['7.9'],
    'azure-policy': ['e345b6c3-24bd-4c93-9bbb-7e5e49a17b78', '21a6bc25-125e-4d13-b82d-2e19b7208ab7'],
    peers: [],
  },
  options: z
    .object({
      /** The date the verdict is computed for. */
      asOf: asOfOption,
      /** A legacy SKU becomes a failure this many days before it retires. */
      leadTimeDays: z.number().int().min(0).default(365),
    })
    .strict(),
  check(gateway, context) {
    const type = asString(get(gateway, 'properties', 'gatewayType'));
    if (isUnknown(type)) return context.unknown(type.reason);
    if (type !== undefined && type.toLowerCase() !== 'vpn') return context.notApplicable(`gateway type ${type}`);
    const skuAt = at(gateway, 'properties', 'sku', 'name');
    const sku = asString(skuAt.value);
    const tier = asString(get(gateway, 'properties', 'sku', 'tier'));
    if (isUnknown(sku)) return context.unknown(sku.reason);
    if (isUnknown(tier)) return context.unknown(tier.reason);
    const name = sku ?? tier ?? '';
    if (name.toLowerCase() === 'basic') context.report('basicSku', { name: gateway.name }, { at: skuAt.pointer });
    const retirement = LEGACY_VPN_SKUS[name.toLowerCase()];
    if (retirement !== undefined) {
      const asOf = parseDate(context.options.asOf) as number;
      const day = parseDate(retirement) as number;
      if (asOf >= day) context.report('skuRetired', { name: gateway.name, sku: name, retirement }, { at: skuAt.pointer });
      else if (asOf >= day - context.options.leadTimeDays * DAY_MS)
        context.report(
          'skuRetiring',
          { name: gateway.name, sku: name, retirement, days: daysBetween(asOf, day), asOf: context.options.asOf },
          { at: skuAt.pointer },
        );
    }
    const client = at(gateway, 'properties', 'vpnClientConfiguration');
    if (isUnknown(client.value)) return context.unknown(client.value.reason);
    const pool = get(gateway, 'properties', 'vpnClientConfiguration', 'vpnClientAddressPool', 'addressPrefixes');
    if (isUnknown(pool)) return context.unknown(pool.reason);
    if (!present(pool)) return;
    const typesAt = at(gateway, 'properties', 'vpnClientConfiguration', 'vpnAuthenticationTypes');
    const types = asArray(typesAt.value);
    if (isUnknown(types)) return context.unknown(types.reason);
    let methods: string[];
    if (types && types.length > 0) {
      const unknown = types.find(isUnknown);
      if (unknown) return context.unknown(unknown.reason);
      methods = types.filter((t): t is string => typeof t === 'string');
    } else {
      // Older API versions infer the method from what is configured.
      const config = (key: string): Value | undefined => get(gateway, 'properties', 'vpnClientConfiguration', key);
      methods = [];
      if (present(config('aadTenant'))) methods.push('AAD');
      if (present(config('vpnClientRootCertificates'))) methods.push('Certificate');
      if (present(config('radiusServerAddress')) || present(config('radiusServers'))) methods.push('Radius');
      if (methods.length === 0) methods.push('Certificate');
    }
    const weak = methods.filter((method) => method.toLowerCase() !== 'aad');
    if (weak.length > 0) context.report('p2sNotEntra', { name: gateway.name, methods: weak.join(', ') }, { at: types ? typesAt.pointer : client.pointer });
  },
});
