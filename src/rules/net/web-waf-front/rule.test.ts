import { rid } from '../../../../test/support/arm-snippets.js';
import {
  applicationGateway,
  lbMembership,
  loadBalancer,
  netNic,
  nsg,
  publicIpAddress,
  testVnet,
  vmTemplate,
} from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const network = [
  testVnet({ nsg: 'web-nsg' }, [{ name: 'appgw', prefix: '10.0.2.0/24' }]),
  nsg('web-nsg', [{ name: 'https', priority: 100, from: 'Internet', port: '443' }]),
];
const behindGateway = (waf: boolean | 'parameter', publicIp?: string): object => {
  const gateway = applicationGateway('web-agw', 443, 443) as { properties: Record<string, unknown> };
  gateway.properties =
    waf === 'parameter'
      ? { ...gateway.properties, firewallPolicy: { id: "[parameters('wafPolicy')]" } }
      : waf
        ? { ...gateway.properties, firewallPolicy: { id: rid('Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies', 'web-waf') } }
        : { ...gateway.properties, sku: { name: 'Standard_v2', tier: 'Standard_v2', capacity: 2 } };
  return vmTemplate([
    ...network,
    netNic('app-1-nic', {
      privateIp: '10.0.1.4',
      ...(publicIp ? { publicIp } : {}),
      ipConfiguration: { applicationGatewayBackendAddressPools: [{ id: rid('Microsoft.Network/applicationGateways/backendAddressPools', 'web-agw', 'web') }] },
    }),
    gateway,
    publicIpAddress('web-agw-pip'),
    ...(publicIp ? [publicIpAddress(publicIp)] : []),
  ]);
};
/** `template` with a parameter of that name and no value. */
const unset = (template: object, parameter: string): object => ({ ...template, parameters: { [parameter]: { type: 'string' } } });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'published through Application Gateway with a WAF policy', template: behindGateway(true) },
    {
      name: 'a public IP open to Front Door back ends alone (an origin locked down to Front Door)',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'https-front-door', priority: 100, from: 'AzureFrontDoor.Backend', port: '443' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }),
        publicIpAddress('app-1-pip'),
      ]),
    },
  ],
  invalid: [
    {
      name: 'HTTPS on the VM public IP',
      template: vmTemplate([...network, netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }), publicIpAddress('app-1-pip')]),
      findings: [{ messageId: 'direct', resource: 'app-1-pip', data: { name: 'app-1', ports: '443', path: 'public IP app-1-pip' } }],
    },
    {
      // Before: a finding for each port, since each NSG rule admits its own.
      name: 'HTTP and HTTPS on the VM public IP, each port by its own NSG rule: one finding with both',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [
          { name: 'http', priority: 100, from: 'Internet', port: '80' },
          { name: 'https', priority: 110, from: '*', port: '443' },
        ]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }),
        publicIpAddress('app-1-pip'),
      ]),
      findings: [{ messageId: 'direct', resource: 'app-1-pip', data: { name: 'app-1', ports: '80, 443', path: 'public IP app-1-pip' } }],
    },
    {
      name: 'HTTPS through a public load-balancing rule',
      template: vmTemplate([
        ...network,
        netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('web-lb', [], true) }),
        loadBalancer('web-lb', { publicIp: 'web-lb-pip', lbRules: [{ name: 'https', frontendPort: 443, backendPort: 443 }] }),
        publicIpAddress('web-lb-pip'),
      ]),
      findings: [
        {
          messageId: 'direct',
          resource: 'web-lb',
          at: '/properties/loadBalancingRules/0',
          data: { name: 'app-1', ports: '443', path: 'load-balancing rule web-lb/https' },
        },
      ],
    },
    {
      // Anyone can rent an address in Azure.
      name: 'HTTPS on the VM public IP from AzureCloud',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'https-azure', priority: 100, from: 'AzureCloud', port: '443' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }),
        publicIpAddress('app-1-pip'),
      ]),
      findings: [{ messageId: 'direct', resource: 'app-1-pip', data: { name: 'app-1', ports: '443', path: 'public IP app-1-pip' } }],
    },
    {
      name: 'Application Gateway without WAF',
      template: behindGateway(false),
      findings: [{ messageId: 'noWaf', resource: 'web-agw', data: { name: 'app-1', ports: '443', gateway: 'web-agw' } }],
    },
    {
      name: 'HTTPS on the VM public IP is reported though the WAF of its Application Gateway is not known',
      template: unset(behindGateway('parameter', 'app-1-pip'), 'wafPolicy'),
      findings: [{ messageId: 'direct', resource: 'app-1-pip', data: { name: 'app-1', ports: '443', path: 'public IP app-1-pip' } }],
    },
  ],
  unknown: [
    {
      name: 'the WAF policy of the Application Gateway is an unset parameter',
      template: unset(behindGateway('parameter'), 'wafPolicy'),
      reason: /parameter 'wafPolicy' has no value/,
    },
    {
      name: 'web rule source from an unset parameter',
      template: {
        ...(vmTemplate([
          testVnet({ nsg: 'web-nsg' }),
          nsg('web-nsg', [{ name: 'https', priority: 100, from: "[parameters('source')]", port: '443' }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }),
          publicIpAddress('app-1-pip'),
        ]) as object),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
  ],
  notApplicable: [{ name: 'no public path', template: vmTemplate([...network, netNic('app-1-nic', { privateIp: '10.0.1.4' })]) }],
});
