import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { netNic, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withForwarding = (value: unknown): object => vmTemplate([testVnet(), netNic('app-1-nic', { properties: { enableIPForwarding: value } })]);

/** The test scale set with IP forwarding on its NIC configuration. */
function forwardingScaleSet(): object {
  const model = scaleSet() as { properties: { virtualMachineProfile: { networkProfile: { networkInterfaceConfigurations: { properties: object }[] } } } };
  const [nic] = model.properties.virtualMachineProfile.networkProfile.networkInterfaceConfigurations;
  if (nic) nic.properties = { ...nic.properties, enableIPForwarding: true };
  return model;
}

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'forwarding off', template: withForwarding(false) },
    { name: 'forwarding not set', template: vmTemplate([testVnet(), netNic('app-1-nic')]) },
    { name: 'a scale set whose NIC configuration does not forward', template: armTemplate([testVnet(), scaleSet()]), resource: 'web-vmss' },
  ],
  invalid: [
    {
      name: 'forwarding on in the NIC configuration of a scale set',
      template: armTemplate([testVnet(), forwardingScaleSet()]),
      resource: 'web-vmss',
      findings: [
        {
          messageId: 'scaleSetForwarding',
          at: '/properties/virtualMachineProfile/networkProfile/networkInterfaceConfigurations/0/properties/enableIPForwarding',
          data: { name: 'web-vmss', nic: 'web-nic' },
        },
      ],
    },
    {
      name: 'forwarding on',
      template: withForwarding(true),
      findings: [{ messageId: 'forwarding', at: '/properties/enableIPForwarding', data: { name: 'app-1', nic: 'app-1-nic' } }],
    },
  ],
  unknown: [
    {
      name: 'forwarding from an unset parameter',
      template: { ...(withForwarding("[parameters('forward')]") as object), parameters: { forward: { type: 'bool' } } },
      reason: /parameter 'forward' has no value/,
    },
  ],
  notApplicable: [
    {
      name: 'NIC of no VM',
      template: vmTemplate([testVnet(), netNic('app-1-nic'), netNic('spare-nic', { properties: { enableIPForwarding: true } })]),
      resource: 'spare-nic',
    },
  ],
});
