import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { lbMembership, loadBalancer, netNic, nsg, publicIpAddress, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { evaluateCase, testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const PLAN = { enableDdosProtection: true, ddosProtectionPlan: { id: rid('Microsoft.Network/ddosProtectionPlans', 'contoso-ddos') } };
const exposed = (vnetProperties: Record<string, unknown>, pipSettings?: Record<string, unknown>): object => {
  const pip = publicIpAddress('app-1-pip') as { properties: Record<string, unknown> };
  if (pipSettings) pip.properties = { ...pip.properties, ddosSettings: pipSettings };
  return vmTemplate([
    testVnet({ nsg: 'web-nsg' }, [], vnetProperties),
    nsg('web-nsg', [{ name: 'https', priority: 100, from: 'Internet', port: '443' }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }),
    pip,
  ]);
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'VNet linked to a DDoS plan', template: exposed(PLAN) },
    { name: 'DDoS IP Protection on the public IP', template: exposed({}, { protectionMode: 'Enabled' }) },
  ],
  invalid: [
    {
      name: 'VNet without a plan',
      template: exposed({}),
      findings: [{ messageId: 'notCovered', resource: 'vnet', data: { name: 'app-1-pip', vms: 'app-1', vnet: 'vnet' } }],
    },
    {
      // Before: only VMs were followed, and a public IP in front of a Uniform scale set was not applicable.
      name: "a public load balancer's IP in front of a scale set, VNet without a plan",
      template: armTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'https', priority: 100, from: 'Internet', port: '443' }]),
        scaleSet({ nsg: 'web-nsg', ipConfiguration: lbMembership('web-lb', [], true) }),
        loadBalancer('web-lb', { publicIp: 'web-lb-pip', lbRules: [{ name: 'https', frontendPort: 443, backendPort: 443 }] }),
        publicIpAddress('web-lb-pip'),
      ]),
      findings: [{ messageId: 'notCovered', resource: 'vnet', data: { name: 'web-lb-pip', vms: 'web-vmss', vnet: 'vnet' } }],
    },
    {
      name: 'protection disabled on the public IP',
      template: exposed(PLAN, { protectionMode: 'Disabled' }),
      findings: [{ messageId: 'disabled', at: '/properties/ddosSettings/protectionMode', data: { name: 'app-1-pip', vms: 'app-1' } }],
    },
  ],
  unknown: [
    {
      name: 'protection mode from an unset parameter',
      template: { ...(exposed({}, { protectionMode: "[parameters('mode')]" }) as object), parameters: { mode: { type: 'string' } } },
      reason: /parameter 'mode' has no value/,
    },
  ],
  notApplicable: [{ name: 'public IP attached to nothing', template: vmTemplate([publicIpAddress('spare-pip')]) }],
});

describe('AZV-NET-018 not assessed', () => {
  it('a public IP whose VNet is not in the input is not assessed, never passed', () => {
    const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
    const template = vmTemplate([netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }), publicIpAddress('app-1-pip')]);
    const { evaluations } = evaluateCase(rule, { name: 'vnet elsewhere', template }, folder);
    expect(evaluations.map((e) => [e.status, e.reason])).toEqual([['unknown', expect.stringMatching(/not in the scanned input/)]]);
  });
});
