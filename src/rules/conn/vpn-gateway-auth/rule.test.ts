import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { vpnGateway } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const p2s = (configuration: Record<string, unknown>): Record<string, unknown> => ({
  vpnClientConfiguration: { vpnClientAddressPool: { addressPrefixes: ['172.16.200.0/24'] }, vpnClientProtocols: ['OpenVPN'], ...configuration },
});
const ENTRA = {
  vpnAuthenticationTypes: ['AAD'],
  aadTenant: 'https://login.microsoftonline.com/00000000-0000-0000-0000-000000000000/',
  aadAudience: 'c632b3df-fb67-4d84-bdcf-b95ad541b5c8',
  aadIssuer: 'https://sts.windows.net/00000000-0000-0000-0000-000000000000/',
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'site-to-site only on VpnGw1AZ', template: armTemplate([vpnGateway('vpn-gw')]) },
    { name: 'point-to-site with Entra ID only', template: armTemplate([vpnGateway('vpn-gw', p2s(ENTRA), 'VpnGw2AZ')]) },
  ],
  invalid: [
    {
      name: 'Basic SKU',
      template: armTemplate([vpnGateway('vpn-gw', {}, 'Basic')]),
      findings: [{ messageId: 'basicSku', at: '/properties/sku/name', data: { name: 'vpn-gw' } }],
    },
    {
      name: 'legacy Standard SKU after its retirement',
      template: armTemplate([vpnGateway('vpn-gw', {}, 'Standard')]),
      findings: [{ messageId: 'skuRetired', data: { name: 'vpn-gw', sku: 'Standard', retirement: '2025-09-30' } }],
    },
    {
      name: 'point-to-site with certificates and Entra ID',
      template: armTemplate([vpnGateway('vpn-gw', p2s({ ...ENTRA, vpnAuthenticationTypes: ['Certificate', 'AAD'] }))]),
      findings: [
        { messageId: 'p2sNotEntra', at: '/properties/vpnClientConfiguration/vpnAuthenticationTypes', data: { name: 'vpn-gw', methods: 'Certificate' } },
      ],
    },
    {
      name: 'older API: root certificates imply certificate authentication',
      template: armTemplate([vpnGateway('vpn-gw', p2s({ vpnClientRootCertificates: [{ name: 'root', properties: { publicCertData: 'MIIC' } }] }))]),
      findings: [{ messageId: 'p2sNotEntra', at: '/properties/vpnClientConfiguration', data: { name: 'vpn-gw', methods: 'Certificate' } }],
    },
  ],
  unknown: [
    {
      name: 'SKU from an unset parameter',
      template: { ...(armTemplate([vpnGateway('vpn-gw', {}, "[parameters('sku')]")]) as object), parameters: { sku: { type: 'string' } } },
      reason: /parameter 'sku' has no value/,
    },
  ],
  notApplicable: [{ name: 'ExpressRoute gateway', template: armTemplate([vpnGateway('er-gw', { gatewayType: 'ExpressRoute' }, 'ErGw1AZ')]) }],
});
