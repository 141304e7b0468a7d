import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { connection, vpnGateway } from '../../../../test/support/edge-snippets.js';
import { evaluateCase, testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const circuit = (direct: boolean): object => ({
  type: 'Microsoft.Network/expressRouteCircuits',
  apiVersion: '2024-05-01',
  name: 'er-tokyo',
  location: 'japaneast',
  sku: { name: 'Premium_MeteredData', tier: 'Premium', family: 'MeteredData' },
  properties: direct
    ? { expressRoutePort: { id: rid('Microsoft.Network/expressRoutePorts', 'er-port') }, bandwidthInGbps: 10 }
    : { serviceProviderProperties: { serviceProviderName: 'Equinix', peeringLocation: 'Tokyo', bandwidthInMbps: 1000 } },
});
const KEYS = { cknSecretIdentifier: 'https://kv.vault.azure.net/secrets/ckn', cakSecretIdentifier: 'https://kv.vault.azure.net/secrets/cak' };
const port = (macSecConfig?: object): object => ({
  type: 'Microsoft.Network/expressRoutePorts',
  apiVersion: '2024-05-01',
  name: 'er-port',
  location: 'japaneast',
  properties: {
    peeringLocation: 'Equinix-Tokyo-TY4',
    bandwidthInGbps: 10,
    encapsulation: 'QinQ',
    links: ['link1', 'link2'].map((name) => ({
      name,
      properties: macSecConfig ? { macSecConfig } : {},
    })),
  },
});
const ipsecOverEr = [
  vpnGateway('er-gw', { gatewayType: 'ExpressRoute' }, 'ErGw1AZ'),
  vpnGateway('vpn-gw', { enablePrivateIpAddress: true }),
  connection('er-conn', { connectionType: 'ExpressRoute', peer: { id: rid('Microsoft.Network/expressRouteCircuits', 'er-tokyo') } }, 'er-gw'),
  connection('ipsec-over-er', { useLocalAzureIpAddress: true }),
];
const params = { parameters: { sharedKey: { type: 'securestring' }, ckn: { type: 'string' } } };

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Direct port with MACsec on both links', template: armTemplate([circuit(true), port({ cipher: 'GcmAes256', ...KEYS })]) },
    { name: 'provider circuit with IPsec over private peering', template: armTemplate([circuit(false), ...ipsecOverEr], params) },
  ],
  invalid: [
    {
      name: 'Direct port without MACsec',
      template: armTemplate([circuit(true), port()]),
      findings: [
        { messageId: 'unencrypted', resource: 'er-port', at: '/properties/links/0', data: { name: 'er-tokyo', port: 'er-port', link: 'link1' } },
        { messageId: 'unencrypted', resource: 'er-port', at: '/properties/links/1', data: { name: 'er-tokyo', port: 'er-port', link: 'link2' } },
      ],
    },
    {
      // How Microsoft's guide turns MACsec off: the keys removed, the cipher left as it was.
      name: 'Direct port with a cipher but no MACsec keys',
      template: armTemplate([circuit(true), port({ cipher: 'GcmAes256', sciState: 'Disabled' })]),
      findings: [
        { messageId: 'unencrypted', resource: 'er-port', at: '/properties/links/0', data: { name: 'er-tokyo', port: 'er-port', link: 'link1' } },
        { messageId: 'unencrypted', resource: 'er-port', at: '/properties/links/1', data: { name: 'er-tokyo', port: 'er-port', link: 'link2' } },
      ],
    },
  ],
  unknown: [
    { name: 'Direct port outside the input', template: armTemplate([circuit(true)]), reason: /expressRoutePorts 'er-port' is not in the scanned input/ },
    {
      name: 'MACsec key from an unset parameter',
      template: armTemplate([circuit(true), port({ cipher: 'GcmAes256', ...KEYS, cknSecretIdentifier: "[parameters('ckn')]" })], params),
      reason: /parameter 'ckn' has no value/,
    },
  ],
  // Every circuit carries private traffic, so there is no not-applicable case; a provider circuit is "not assessed" (below).
  notApplicable: [],
});

describe('AZV-CONN-008 not assessed', () => {
  it('a provider-based circuit without IPsec cannot show whether the provider encrypts', () => {
    const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
    const { evaluations } = evaluateCase(rule, { name: 'provider circuit', template: armTemplate([circuit(false)]) }, folder);
    expect(evaluations.map((e) => e.status)).toEqual(['not-assessed']);
    expect(evaluations[0]?.reason).toMatch(/provider-based circuit/);
  });
});
