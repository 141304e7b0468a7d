import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { lbMembership, loadBalancer, netNic, nsg, publicIpAddress, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { bastion } from '../../../../test/support/edge-snippets.js';
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

/** The VM NIC with the public IP named `[<name>]`, `name` an expression of `pipName` (a Bicep `param pipName string` scanned alone), naming it so. */
const pipNamedBy = (name: string): object => ({
  ...(vmTemplate([
    testVnet(),
    netNic('app-1-nic', { ipConfiguration: { publicIPAddress: { id: `[resourceId('Microsoft.Network/publicIPAddresses', ${name})]` } } }),
    { ...publicIpAddress('app-1-pip'), name: `[${name}]` },
  ]) as object),
  parameters: { pipName: { type: 'string' } },
});

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
      // Before: unknown. The NIC's resourceId() of the same parameter names this public IP, whatever its value.
      name: 'public IP named by a parameter without a value, the VM NIC naming it so, VNet without a plan',
      template: pipNamedBy("parameters('pipName')"),
      resource: "[parameters('pipName')]",
      findings: [{ messageId: 'notCovered', resource: 'vnet', data: { name: "[parameters('pipName')]", vms: 'app-1', vnet: 'vnet' } }],
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
    {
      // A name made from the parameter by take() stays expression text: the NIC's public IP id is not known.
      name: 'public IP named by take() of a parameter without a value, the VM NIC naming it so',
      template: pipNamedBy("take(parameters('pipName'), 80)"),
      resource: "[take(parameters('pipName'), 80)]",
      reason: /a public IP in front of "app-1" is not known \(parameter 'pipName' has no value\): it may be this one/,
    },
    {
      name: 'VM whose NIC is not in the input: its public IP may be this one',
      template: vmTemplate([publicIpAddress('spare-pip')]),
      reason:
        /a NIC of "app-1" cannot be followed \(Microsoft\.Network\/networkInterfaces 'app-1-nic' is not in the scanned input\): its public IP may be this one/,
    },
  ],
  notApplicable: [
    { name: 'public IP attached to nothing', template: vmTemplate([testVnet(), netNic('app-1-nic'), publicIpAddress('spare-pip')]) },
    {
      name: 'public IP with DDoS IP Protection, and a VM public IP not known: protected whatever it fronts',
      template: {
        ...(vmTemplate([
          testVnet(),
          netNic('app-1-nic', { ipConfiguration: { publicIPAddress: { id: "[parameters('pipId')]" } } }),
          { ...publicIpAddress('spare-pip'), properties: { publicIPAllocationMethod: 'Static', ddosSettings: { protectionMode: 'Enabled' } } },
        ]) as object),
        parameters: { pipId: { type: 'string' } },
      },
    },
    {
      name: 'the public IP of a Bastion host, and a VM public IP not known: a public IP serves one resource',
      template: {
        ...(vmTemplate([
          testVnet({}, [{ name: 'AzureBastionSubnet', prefix: '10.0.2.0/26' }]),
          netNic('app-1-nic', { ipConfiguration: { publicIPAddress: { id: "[parameters('pipId')]" } } }),
          bastion('bas'),
          publicIpAddress('bas-pip'),
        ]) as object),
        parameters: { pipId: { type: 'string' } },
      },
      resource: 'bas-pip',
    },
  ],
});

describe('AZV-NET-018 not assessed', () => {
  it('a public IP whose VNet is not in the input is not assessed, never passed', () => {
    const folder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
    const template = vmTemplate([netNic('app-1-nic', { privateIp: '10.0.1.4', publicIp: 'app-1-pip' }), publicIpAddress('app-1-pip')]);
    const { evaluations } = evaluateCase(rule, { name: 'vnet elsewhere', template }, folder);
    expect(evaluations.map((e) => [e.status, e.reason])).toEqual([['unknown', expect.stringMatching(/not in the scanned input/)]]);
  });
});
