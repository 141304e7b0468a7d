import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { lbMembership, loadBalancer, netNic, nsg, publicIpAddress, scaleSet, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
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

/** A public load balancer whose inbound NAT pool forwards 50000-50099 to `backendPort` of a scale set's instances, behind `rules`. */
function natPoolToScaleSet(backendPort: number, rules: Parameters<typeof nsg>[1]): object {
  const lb = loadBalancer('lb', { publicIp: 'lb-pip' }) as { properties: Record<string, unknown> };
  lb.properties['inboundNatPools'] = [
    {
      name: 'admin',
      properties: {
        frontendIPConfiguration: { id: rid('Microsoft.Network/loadBalancers/frontendIPConfigurations', 'lb', 'frontend') },
        protocol: 'Tcp',
        frontendPortRangeStart: 50000,
        frontendPortRangeEnd: 50099,
        backendPort,
      },
    },
  ];
  const pool = { loadBalancerInboundNatPools: [{ id: rid('Microsoft.Network/loadBalancers/inboundNatPools', 'lb', 'admin') }] };
  return armTemplate([testVnet({ nsg: 'web-nsg' }), nsg('web-nsg', rules), lb, publicIpAddress('lb-pip'), scaleSet({ ipConfiguration: pool })]);
}

/** A public load balancer whose load-balancing rules are an unset parameter, a NIC in its pool (and its VM, when `withVm`) behind an NSG open to SSH. */
function rulesFromParameter(withVm: boolean): object {
  const lb = loadBalancer('lb', { publicIp: 'lb-pip' }) as { properties: Record<string, unknown> };
  lb.properties['loadBalancingRules'] = "[parameters('rules')]";
  const resources = [
    testVnet({ nsg: 'web-nsg' }),
    nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
    netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
    lb,
    publicIpAddress('lb-pip'),
  ];
  return { ...(withVm ? vmTemplate(resources) : armTemplate(resources)), parameters: { rules: { type: 'array' } } };
}

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'NAT to SSH but the NSG denies it', template: behindLb(22, [{ name: 'https', priority: 100, port: 443 }]) },
    { name: 'NAT to a web port', template: behindLb(8443, [{ name: 'web', priority: 100, port: 8443 }]) },
    { name: 'NAT pool to RDP of a scale set whose NSG denies it', template: natPoolToScaleSet(3389, [{ name: 'https', priority: 100, port: 443 }]) },
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
    {
      // Before: a pass, the scale set behind the pool being no VM.
      name: 'NAT pool 50000-50099 to RDP of a scale set allowed from *',
      template: natPoolToScaleSet(3389, [{ name: 'rdp', priority: 100, port: 3389 }]),
      findings: [
        {
          messageId: 'published',
          resource: 'lb',
          at: '/properties/inboundNatPools/0',
          data: { name: 'lb', rule: 'admin', frontendPort: '50000-50099', ports: '3389', vm: 'web-vmss' },
        },
      ],
    },
  ],
  unknown: [
    {
      // This was a pass: the NAT rule no NIC was seen to use forwarded to nothing.
      name: 'NAT to SSH, and the NIC names a NAT rule from an unset parameter',
      template: {
        ...(vmTemplate([
          testVnet({ nsg: 'web-nsg' }),
          nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: { loadBalancerInboundNatRules: [{ id: "[parameters('natRule')]" }] } }),
          loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'admin', frontendPort: 50001, backendPort: 22 }] }),
          publicIpAddress('lb-pip'),
        ]) as object),
        parameters: { natRule: { type: 'string' } },
      },
      reason:
        /NAT rule "admin" forwards port 22, and "app-1-nic" names a load balancer rule or pool that is not known \(parameter 'natRule' has no value\): it may be this one/,
    },
    {
      // The NIC names the NAT rule; its VM (whose NSGs and exposure decide) is elsewhere: this was a pass.
      name: 'NAT to SSH of a NIC whose VM is not in the input',
      template: armTemplate([
        testVnet({ nsg: 'web-nsg' }),
        nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', ['admin']) }),
        loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'admin', frontendPort: 50001, backendPort: 22 }] }),
        publicIpAddress('lb-pip'),
      ]),
      reason: /NIC "app-1-nic" uses NAT rule "admin" \(port 22\), and its VM is not in the input/,
    },
    // Load-balancing rules from a parameter were read as none: the load balancer passed.
    {
      name: 'load-balancing rules from an unset parameter, a VM in its pool',
      template: rulesFromParameter(true),
      reason: /the load-balancing rules of load balancer 'lb' are not known \(parameter 'rules' has no value\)/,
    },
    {
      name: 'load-balancing rules from an unset parameter, a NIC in its pool whose VM is not in the input',
      template: rulesFromParameter(false),
      reason:
        /the load-balancing rules of load balancer "lb" are not known \(parameter 'rules' has no value\), and NIC "app-1-nic" uses the load balancer while its VM is not in the input/,
    },
    // IP configurations from a parameter were read as naming nothing: the load balancer passed.
    {
      name: 'NAT to SSH, and the IP configurations of the VM NIC from an unset parameter',
      template: {
        ...(vmTemplate([
          testVnet({ nsg: 'web-nsg' }),
          nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
          netNic('app-1-nic', { properties: { ipConfigurations: "[parameters('ipConfigurations')]" } }),
          loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'admin', frontendPort: 50001, backendPort: 22 }] }),
          publicIpAddress('lb-pip'),
        ]) as object),
        parameters: { ipConfigurations: { type: 'array' } },
      },
      reason:
        /NAT rule "admin" forwards port 22, and "app-1-nic" names a load balancer rule or pool that is not known \(parameter 'ipConfigurations' has no value\): it may be this one/,
    },
    {
      name: 'NAT to SSH, and the NIC configurations of a scale set from an unset parameter',
      template: (() => {
        const vmss = scaleSet() as { properties: { virtualMachineProfile: { networkProfile: Record<string, unknown> } } };
        vmss.properties.virtualMachineProfile.networkProfile['networkInterfaceConfigurations'] = "[parameters('nics')]";
        return armTemplate(
          [
            testVnet({ nsg: 'web-nsg' }),
            nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
            loadBalancer('lb', { publicIp: 'lb-pip', natRules: [{ name: 'admin', frontendPort: 50001, backendPort: 22 }] }),
            publicIpAddress('lb-pip'),
            vmss,
          ],
          { parameters: { nics: { type: 'array' } } },
        );
      })(),
      reason: /NAT rule "admin" forwards port 22, and "web-vmss" names a load balancer rule or pool that is not known \(parameter 'nics' has no value\)/,
    },
    {
      name: 'load-balancing rule to SSH whose pool is an unset parameter, a NIC of the load balancer whose VM is not in the input',
      template: (() => {
        const lb = loadBalancer('lb', { publicIp: 'lb-pip', lbRules: [{ name: 'ssh', frontendPort: 22, backendPort: 22 }] }) as {
          properties: { loadBalancingRules: { properties: Record<string, unknown> }[] };
        };
        (lb.properties.loadBalancingRules[0] as { properties: Record<string, unknown> }).properties['backendAddressPool'] = { id: "[parameters('pool')]" };
        return armTemplate(
          [
            testVnet({ nsg: 'web-nsg' }),
            nsg('web-nsg', [{ name: 'ssh', priority: 100, port: 22 }]),
            netNic('app-1-nic', { privateIp: '10.0.1.4', ipConfiguration: lbMembership('lb', [], true) }),
            lb,
            publicIpAddress('lb-pip'),
          ],
          { parameters: { pool: { type: 'string' } } },
        );
      })(),
      reason:
        /the backend pool of load-balancing rule "ssh" \(port 22\) is not known \(parameter 'pool' has no value\), and NIC "app-1-nic" uses the load balancer while its VM is not in the input/,
    },
    {
      name: 'NSG source from an unset parameter',
      template: { ...behindLb(22, [{ name: 'ssh', priority: 100, port: 22, from: "[parameters('source')]" }]), parameters: { source: { type: 'string' } } },
      reason: /parameter 'source' has no value/,
    },
  ],
  notApplicable: [{ name: 'internal load balancer', template: behindLb(22, [{ name: 'ssh', priority: 100, port: 22 }], false) }],
});
