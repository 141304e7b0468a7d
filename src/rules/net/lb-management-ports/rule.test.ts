import { lbMembership, loadBalancer, netNic, nsg, publicIpAddress, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const behindLb = (natBackendPort: number, subnetRules: Parameters<typeof nsg>[1], publicFrontend = true): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg' }),
    nsg('web-nsg', subnetRules),
    netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['admin']) }),
    loadBalancer('lb', { ...(publicFrontend ? { publicIp: 'lb-pip' } : {}), natRules: [{ name: 'admin', frontendPort: 50001, backendPort: natBackendPort }] }),
    publicIpAddress('lb-pip'),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'NAT to SSH but the NSG denies it', template: behindLb(22, [{ name: 'https', priority: 100, port: 443 }]) },
    { name: 'NAT to a web port', template: behindLb(8443, [{ name: 'web', priority: 100, port: 8443 }]) },
  ],
  invalid: [
    {
      name: 'NAT 50001 to RDP allowed from *',
      template: behindLb(3389, [{ name: 'rdp', priority: 100, port: 3389 }]),
      findings: [
        {
          messageId: 'published',
          resource: 'lb',
          at: '/properties/inboundNatRules/0',
          data: { name: 'lb', rule: 'admin', frontendPort: '50001', ports: '3389', vm: 'app-1' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'NSG source from an unset parameter',
      template: { ...behindLb(22, [{ name: 'ssh', priority: 100, port: 22, from: "[parameters('source')]" }]), parameters: { source: { type: 'string' } } },
      reason: /parameter 'source' has no value/,
    },
  ],
  notApplicable: [{ name: 'internal load balancer', template: behindLb(22, [{ name: 'ssh', priority: 100, port: 22 }], false) }],
});
