import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { netNic, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withForwarding = (value: unknown): object => vmTemplate([testVnet(), netNic('app-1-nic', { properties: { enableIPForwarding: value } })]);

/** VM `app-1` naming its NIC `[<name>]` so, `name` an expression of `nicName`, a parameter without a value, and that NIC, forwarding or not. */
const nicNamedBy = (name: string, forwarding: boolean): object => ({
  ...(armTemplate([
    linuxVm('app-1', {}, { networkProfile: { networkInterfaces: [{ id: `[resourceId('Microsoft.Network/networkInterfaces', ${name})]` }] } }),
    testVnet(),
    { ...netNic('app-1-nic', { properties: { enableIPForwarding: forwarding } }), name: `[${name}]` },
  ]) as object),
  parameters: { nicName: { type: 'string' } },
});

/** VM `app-1` and its NIC, forwarding as given, whose IP configurations are `ipConfigurations` (a parameter without a value when a string). */
const nicOfConfigurations = (forwarding: boolean, ipConfigurations: unknown): object => ({
  ...(vmTemplate([testVnet(), netNic('app-1-nic', { properties: { enableIPForwarding: forwarding, ipConfigurations } })]) as object),
  parameters: { configurations: { type: 'array' } },
});

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
    // The VM was found through its NIC's IP configurations: one naming a NIC whose configurations are not known owned none.
    { name: "forwarding off, the NIC's IP configurations not known", template: nicOfConfigurations(false, "[parameters('configurations')]") },
    {
      // Before: not applicable. A Bicep `param nicName string` scanned alone: the VM's resourceId() of the same parameter names this NIC.
      name: 'NIC named by a parameter without a value, the VM naming it so, forwarding off',
      template: nicNamedBy("parameters('nicName')", false),
      resource: "[parameters('nicName')]",
    },
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
    ...[
      ["the NIC's IP configurations not known", "[parameters('configurations')]"],
      ['the NIC with no IP configuration', []],
    ].map(([what, configurations]) => ({
      name: `forwarding on, ${what as string}: the VM naming the NIC owns it`,
      template: nicOfConfigurations(true, configurations),
      findings: [{ messageId: 'forwarding', at: '/properties/enableIPForwarding', data: { name: 'app-1', nic: 'app-1-nic' } }],
    })),
    {
      // Before: unknown. The VM's resourceId() of the same parameter names this NIC, whatever its value.
      name: 'NIC named by a parameter without a value, the VM naming it so, forwarding on',
      template: nicNamedBy("parameters('nicName')", true),
      resource: "[parameters('nicName')]",
      findings: [{ messageId: 'forwarding', at: '/properties/enableIPForwarding', data: { name: 'app-1', nic: "[parameters('nicName')]" } }],
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
    {
      // A name made from the parameter by take() stays expression text: the VM's NIC id is not known.
      name: 'NIC named by take() of a parameter without a value, forwarding, the VM naming it so',
      template: nicNamedBy("take(parameters('nicName'), 80)", true),
      resource: "[take(parameters('nicName'), 80)]",
      reason: /a NIC of VM "app-1" is not known \(parameter 'nicName' has no value\): it may be this one/,
    },
  ],
  notApplicable: [
    {
      name: 'NIC of no VM',
      template: vmTemplate([testVnet(), netNic('app-1-nic'), netNic('spare-nic', { properties: { enableIPForwarding: true } })]),
      resource: 'spare-nic',
    },
    {
      name: 'NIC named by take() of a parameter without a value, not known to be a VM NIC, forwarding off: passes wherever it is',
      template: nicNamedBy("take(parameters('nicName'), 80)", false),
      resource: "[take(parameters('nicName'), 80)]",
    },
    {
      name: 'NIC of no VM, a VM NIC written out but not in the input: another NIC',
      template: vmTemplate([testVnet(), netNic('spare-nic', { properties: { enableIPForwarding: true } })]),
      resource: 'spare-nic',
    },
  ],
});
