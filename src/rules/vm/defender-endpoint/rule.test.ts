import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, vmExtension } from '../../../../test/support/recovery-snippets.js';
import defenderServers from '../../mon/defender-servers/rule.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { argRow, armId, assessment, machinePricing as pricingOf, pricing as planOf, SUB, SUB_2, vm } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

const mde = (vm: string, type: string, properties: object = {}): object =>
  vmExtension(vm, `${type}`, 'Microsoft.Azure.AzureDefenderForServers', type, properties);
const APP_1 = armId('Microsoft.Compute/virtualMachines', 'rg-app', 'app-1');
const EDR = '06e3a6db-6c0c-4ad9-943f-31d9d73ecf6c';
const pricing = (tier: string): object => ({
  type: 'Microsoft.Security/pricings',
  apiVersion: '2024-01-01',
  name: 'VirtualMachines',
  properties: { pricingTier: tier, subPlan: tier === 'Standard' ? 'P2' : undefined },
});
/** A resource-level Defender for Servers pricing scoped to one VM, as Bicep compiles `scope: vm`. */
const machinePricing = (vm: string, tier: string): object => ({
  ...pricing(tier),
  scope: `[format('Microsoft.Compute/virtualMachines/{0}', '${vm}')]`,
  properties: { pricingTier: tier, subPlan: tier === 'Standard' ? 'P1' : undefined },
});

// Every VM and scale set with a VM model, Linux or Windows, can run the sensor.
testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'running VM without the extension where Defender for Cloud finds an EDR (onboarded by Intune, say)',
      snapshot: { resources: [...vm('app-1'), assessment(APP_1, EDR, 'Healthy')] },
    },
    { name: 'Linux VM with MDE.Linux', template: armTemplate([linuxVm('app-1'), mde('app-1', 'MDE.Linux')]) },
    {
      name: 'Windows VM with a succeeded MDE.Windows (snapshot shape)',
      template: armTemplate([windowsVm('win-1'), mde('win-1', 'MDE.Windows', { provisioningState: 'Succeeded' })], { parameters: ADMIN_PASSWORD_PARAMETER }),
    },
    {
      name: 'scale set with MDE in its extension profile',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v5', capacity: 2 },
          properties: {
            orchestrationMode: 'Uniform',
            virtualMachineProfile: {
              storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } },
              extensionProfile: {
                extensions: [
                  { name: 'mde', properties: { publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux', typeHandlerVersion: '1.0' } },
                ],
              },
            },
          },
        },
      ]),
    },
  ],
  invalid: [
    {
      name: 'extension failed to provision',
      template: armTemplate([linuxVm('app-1'), mde('app-1', 'MDE.Linux', { provisioningState: 'Failed' })]),
      findings: [
        {
          messageId: 'unhealthy',
          resource: 'app-1/MDE.Linux',
          at: '/properties/provisioningState',
          data: { name: 'app-1', extension: 'MDE.Linux', state: 'Failed' },
        },
      ],
    },
    {
      name: 'no extension and Defender for Servers on Free',
      template: armTemplate([linuxVm('app-1'), pricing('Free')]),
      findings: [{ messageId: 'noPlan', data: { name: 'app-1', pricing: 'VirtualMachines' } }],
    },
    {
      name: "no extension and the VM's own (resource-level) pricing on Free",
      template: armTemplate([linuxVm('app-1'), machinePricing('app-1', 'Free')]),
      resource: 'app-1',
      findings: [{ messageId: 'machineFree', resource: 'VirtualMachines', at: '/properties/pricingTier', data: { name: 'app-1' } }],
    },
    {
      name: 'deployed VM (snapshot) without the extension',
      template: armTemplate([linuxVm('app-1', {}, { provisioningState: 'Succeeded' })]),
      findings: [{ messageId: 'missing', at: '/properties', data: { name: 'app-1' } }],
    },
    {
      name: 'running VM without the extension where Defender for Cloud finds no EDR',
      snapshot: { resources: [...vm('app-1'), assessment(APP_1, EDR, 'Unhealthy', 'EDR solution should be installed on Virtual Machines')] },
      findings: [
        {
          messageId: 'noEdr',
          resource: EDR,
          at: '/properties/status/code',
          data: { name: 'app-1', assessment: 'EDR solution should be installed on Virtual Machines' },
        },
      ],
    },
    {
      name: "another subscription's Free plan does not speak for the VM: its own subscription is on Standard",
      snapshot: {
        resources: [...vm('app-1'), planOf('VirtualMachines', 'Free', {}, SUB_2), planOf('VirtualMachines', 'Standard', { subPlan: 'P2' })],
        subscriptions: [
          { subscriptionId: SUB_2, displayName: 'Contoso Development', state: 'Enabled', status: 'ok' },
          { subscriptionId: SUB, displayName: 'Contoso Production', state: 'Enabled', status: 'ok' },
        ],
      },
      resource: 'app-1',
      findings: [{ messageId: 'missing', at: '/properties', data: { name: 'app-1' } }],
    },
    {
      name: "Free subscription that Azure says covers some machines (PartiallyCovered), the VM's own pricing not read: the extension is missing, the plan not known",
      snapshot: { resources: [...vm('app-1'), planOf('VirtualMachines', 'Free', { resourcesCoverageStatus: 'PartiallyCovered' })] },
      resource: 'app-1',
      findings: [{ messageId: 'missing', at: '/properties', data: { name: 'app-1' } }],
    },
    {
      name: "Standard subscription, PartiallyCovered, the VM's own pricing read on Free",
      snapshot: {
        resources: [
          ...vm('app-1'),
          planOf('VirtualMachines', 'Standard', { subPlan: 'P2', resourcesCoverageStatus: 'PartiallyCovered' }),
          pricingOf(APP_1, { pricingTier: 'Free', inherited: 'False' }),
        ],
      },
      resource: 'app-1',
      findings: [{ messageId: 'machineFree', resource: 'VirtualMachines', at: '/properties/pricingTier', data: { name: 'app-1' } }],
    },
    {
      name: 'running VM without the extension, Defender for Cloud not applicable: the extension is what counts',
      snapshot: { resources: [...vm('app-1'), assessment(APP_1, EDR, 'NotApplicable')] },
      findings: [{ messageId: 'missing', at: '/properties', data: { name: 'app-1' } }],
    },
  ],
  unknown: [
    { name: 'template without the extension: Defender deploys it', template: armTemplate([linuxVm('app-1')]), reason: /only a live scan or a snapshot/ },
    {
      name: 'plan on Standard but no extension in the template',
      template: armTemplate([linuxVm('app-1'), pricing('Standard')]),
      reason: /Defender for Servers deploys it/,
    },
    {
      name: "another VM's resource-level Free pricing is not the subscription's plan",
      template: armTemplate([linuxVm('app-1'), linuxVm('app-2'), machinePricing('app-2', 'Free')]),
      resource: 'app-1',
      reason: /only a live scan or a snapshot/,
    },
    {
      name: "the VM's own Plan 1 pricing takes precedence over its subscription's Free plan",
      template: armTemplate([linuxVm('app-1'), pricing('Free'), machinePricing('app-1', 'Standard')]),
      resource: 'app-1',
      reason: /Defender for Servers deploys it/,
    },
    {
      name: 'extension type from a parameter with no value',
      template: armTemplate([linuxVm('app-1'), vmExtension('app-1', 'agent', 'Microsoft.Azure.AzureDefenderForServers', "[parameters('agentType')]")], {
        parameters: { agentType: { type: 'string' } },
      }),
      reason: /parameter 'agentType' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'Flexible scale set without a VM model read from Azure (snapshot)',
      snapshot: {
        resources: [
          argRow('Microsoft.Compute/virtualMachineScaleSets', 'rg-app', 'flex-vmss', {
            orchestrationMode: 'Flexible',
            platformFaultDomainCount: 1,
            provisioningState: 'Succeeded',
          }),
        ],
      },
    },
    SCALE_SET_WITHOUT_MODEL,
  ],
});

describe('a resource-level pricing (shared/defender-plans.ts)', () => {
  it("is not read as the subscription's Defender for Servers plan", () => {
    const [evaluation, ...others] = evaluateWithOptions(defenderServers, armTemplate([linuxVm('app-1'), machinePricing('app-1', 'Free')]), {});
    expect(others).toEqual([]);
    expect(evaluation?.status).toBe('not-applicable');
    expect(evaluation?.reason).toMatch(/resource-level pricing/);
  });
});
