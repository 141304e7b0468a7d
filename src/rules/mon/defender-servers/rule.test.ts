import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { armError, armId, machinePricing as pricingOf, pricings, SUB, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const P2 = {
  subPlan: 'P2',
  extensions: [
    { name: 'MdeDesignatedSubscription', isEnabled: 'False' },
    { name: 'AgentlessVmScanning', isEnabled: 'True' },
  ],
};
const plan = (properties: object): object =>
  armTemplate([{ type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name: 'VirtualMachines', properties }], {
    $schema: 'https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#',
  });

/** A resource-level pricing of Defender for Servers, at a machine's own id. */
const machinePricing = (machine: string, properties: object): object => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/${machine}/providers/Microsoft.Security/pricings/VirtualMachines`,
  name: 'VirtualMachines',
  type: 'Microsoft.Security/pricings',
  properties,
});

const VM_1 = armId('Microsoft.Compute/virtualMachines', 'rg-app', 'vm-app-01');
/** The subscription's plan as the pricings list answers it (API 2024-01-01), with Azure's word on its machines. */
const covered = (status: string, properties: Record<string, unknown> = P2): Record<string, Record<string, unknown>> => ({
  VirtualMachines: { ...properties, resourcesCoverageStatus: status },
});
const INHERITED = { inherited: 'True', inheritedFrom: `/subscriptions/${SUB}` };

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Plan 2 with VMs', resource: SUB, snapshot: { resources: [...vm('vm-app-01'), ...pricings({ VirtualMachines: P2 })] } },
    { name: 'template: Plan 2', template: plan({ pricingTier: 'Standard', subPlan: 'P2' }) },
    {
      name: "FullyCovered, with a machine's pricing that inherits the subscription's",
      resource: SUB,
      snapshot: {
        resources: [...vm('vm-app-01'), ...pricings(covered('FullyCovered')), pricingOf(VM_1, { pricingTier: 'Standard', subPlan: 'P2', ...INHERITED })],
      },
    },
  ],
  invalid: [
    {
      name: 'Free with VMs',
      snapshot: { resources: [...vm('vm-app-01'), ...pricings()] },
      findings: [{ messageId: 'notEnabled', resource: 'VirtualMachines', at: '/properties/pricingTier' }],
    },
    {
      name: 'Plan 1',
      snapshot: { resources: [...vm('vm-app-01'), ...pricings({ VirtualMachines: { subPlan: 'P1' } })] },
      findings: [{ messageId: 'plan1', resource: 'VirtualMachines', at: '/properties/subPlan' }],
    },
    { name: 'template: Free', template: plan({ pricingTier: 'Free' }), findings: [{ messageId: 'notEnabled' }] },
    {
      name: "Plan 2, with a VM's own pricing on Plan 1 and an Arc machine's on Free",
      resource: SUB,
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          ...pricings({ VirtualMachines: P2 }),
          machinePricing('Microsoft.Compute/virtualMachines/vm-app-01', { pricingTier: 'Standard', subPlan: 'P1' }),
          machinePricing('Microsoft.HybridCompute/machines/onprem-01', { pricingTier: 'Free' }),
        ],
      },
      findings: [
        { messageId: 'vmPlan1', resource: 'VirtualMachines', at: '/properties/subPlan', data: { vm: 'vm-app-01' } },
        { messageId: 'vmExcluded', resource: 'VirtualMachines', at: '/properties/pricingTier', data: { vm: 'onprem-01' } },
      ],
    },
    {
      name: 'PartiallyCovered read from Azure, no machine pricing read: some machines are excluded',
      resource: SUB,
      snapshot: { resources: [...vm('vm-app-01'), ...pricings(covered('PartiallyCovered'))] },
      findings: [{ messageId: 'partiallyCovered', resource: 'VirtualMachines', at: '/properties/resourcesCoverageStatus', data: { subscription: SUB } }],
    },
    {
      name: 'PartiallyCovered, and the machine excluded is read: it is named instead',
      resource: SUB,
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          ...pricings(covered('PartiallyCovered')),
          pricingOf(VM_1, { pricingTier: 'Free', inherited: 'False', inheritedFrom: null }),
        ],
      },
      findings: [{ messageId: 'vmExcluded', resource: 'VirtualMachines', at: '/properties/pricingTier', data: { vm: 'vm-app-01' } }],
    },
    {
      name: 'Standard but NotCovered: every machine is excluded',
      resource: SUB,
      snapshot: { resources: [...vm('vm-app-01'), ...pricings(covered('NotCovered'))] },
      findings: [{ messageId: 'notCovered', resource: 'VirtualMachines', at: '/properties/resourcesCoverageStatus', data: { subscription: SUB } }],
    },
    {
      name: "Plan 1, with a machine's pricing inheriting it: reported once, on the subscription",
      resource: SUB,
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          ...pricings(covered('FullyCovered', { subPlan: 'P1' })),
          pricingOf(VM_1, { pricingTier: 'Standard', subPlan: 'P1', ...INHERITED }),
        ],
      },
      findings: [{ messageId: 'plan1', resource: 'VirtualMachines', at: '/properties/subPlan' }],
    },
  ],
  unknown: [{ name: 'template: tier from a parameter', template: plan({ pricingTier: "[parameters('tier')]" }), reason: /tier/ }],
  notAssessed: [
    {
      name: 'pricings unreadable',
      snapshot: { resources: vm('vm-app-01'), errors: [armError('Microsoft.Security/pricings', 'Security Reader')] },
      reason: /Security Reader/,
    },
  ],
  notApplicable: [
    { name: 'no VMs in the subscription', snapshot: { resources: pricings() } },
    {
      name: 'template: another plan',
      template: armTemplate([{ type: 'Microsoft.Security/pricings', apiVersion: '2024-01-01', name: 'StorageAccounts', properties: { pricingTier: 'Free' } }]),
    },
  ],
});
