import { netNic, nsg, routeTable, testVnet, vmTemplate } from '../../../../test/support/network-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const withRules = (rules: Parameters<typeof nsg>[1]): object =>
  vmTemplate([
    testVnet({ nsg: 'web-nsg' }, [{ name: 'AzureBastionSubnet', prefix: '10.0.9.0/26' }]),
    nsg('web-nsg', rules),
    netNic('app-1-nic', { privateIp: '10.0.1.4' }),
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      // Before: unknown: the default AllowVnetInBound may admit what a 0.0.0.0/0 route puts in VirtualNetwork, which is AZV-NET-009's concern.
      name: 'no rule written, a default route to a firewall',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg', routeTable: 'to-fw' }),
        nsg('web-nsg', []),
        routeTable('to-fw', [{ name: 'default', prefix: '0.0.0.0/0', nextHopType: 'VirtualAppliance', nextHopIpAddress: '10.0.0.4' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ]),
    },
    { name: 'SSH and RDP from AzureBastionSubnet only', template: withRules([{ name: 'bastion', priority: 100, from: '10.0.9.0/26', port: ['22', '3389'] }]) },
    { name: 'SSH from an admin CIDR', template: withRules([{ name: 'admin', priority: 100, from: '203.0.113.0/24', port: '22' }]) },
    {
      name: 'SSH from a /9 of public space: under the Internet scale of a /8',
      template: withRules([{ name: 'partner', priority: 100, from: '52.0.0.0/9', port: '22' }]),
    },
    {
      // Service tags: "Internet … includes the Azure-owned public IP address space"; a regional tag lies in its global one.
      name: 'SSH allowed from AzureCloud below a Deny of Internet, of 0.0.0.0/0 or of AzureCloud',
      template: withRules([
        { name: 'deny-internet', priority: 100, access: 'Deny', from: 'Internet', port: '22' },
        { name: 'deny-v4', priority: 110, access: 'Deny', from: '0.0.0.0/0', port: '3389' },
        { name: 'deny-cloud', priority: 120, access: 'Deny', from: 'AzureCloud', port: '5985-5986' },
        { name: 'ssh-cloud', priority: 200, from: 'AzureCloud', port: '22' },
        { name: 'rdp-west', priority: 210, from: 'AzureCloud.WestUS', port: '3389' },
        { name: 'winrm-region', priority: 220, from: 'AzureCloud.JapanEast', port: '5985-5986' },
      ]),
    },
    {
      name: 'RDP from the AzureLoadBalancer tag (health probes)',
      template: withRules([{ name: 'probe', priority: 100, from: 'AzureLoadBalancer', port: '3389' }]),
    },
    {
      name: 'SSH from the workload subnet, the VNet has another one',
      template: vmTemplate([
        testVnet({ nsg: 'web-nsg' }, [{ name: 'data', prefix: '10.0.2.0/24' }]),
        nsg('web-nsg', [{ name: 'same-subnet', priority: 100, from: '10.0.1.0/24', port: '22' }]),
        netNic('app-1-nic', { privateIp: '10.0.1.4' }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'RDP from the AzureCloud tag of a region, below a Deny of another region only',
      template: withRules([
        { name: 'deny-west', priority: 100, access: 'Deny', from: 'AzureCloud.WestUS', port: '3389' },
        { name: 'rdp-east', priority: 200, from: 'AzureCloud.JapanEast', port: '3389' },
      ]),
      findings: [
        {
          messageId: 'broadSource',
          resource: 'web-nsg',
          data: { name: 'app-1', rule: 'web-nsg/rdp-east (priority 200)', ports: '3389', source: 'AzureCloud.JapanEast' },
        },
      ],
    },
    {
      // The rule catalog: a public prefix of /8 or wider is as broad as the Internet (anyone can rent addresses in it).
      name: 'RDP from 52.0.0.0/8, a whole /8 of public space',
      template: withRules([{ name: 'cloud-range', priority: 100, from: '52.0.0.0/8', port: '3389' }]),
      findings: [
        {
          messageId: 'broadSource',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/cloud-range (priority 100)', ports: '3389', source: '52.0.0.0/8' },
        },
      ],
    },
    {
      name: 'SSH from the two /9 halves of a public /8, a rule each: as broad together as the /8',
      template: withRules([
        { name: 'half-1', priority: 100, from: '52.0.0.0/9', port: '22' },
        { name: 'half-2', priority: 110, from: '52.128.0.0/9', port: '22' },
      ]),
      findings: [
        {
          messageId: 'broadTogether',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rules: 'web-nsg/half-1, web-nsg/half-2', ports: '22' },
        },
      ],
    },
    {
      name: 'RDP from 10.0.0.0/8: every workload subnet of the VNet, as broad as VirtualNetwork',
      template: withRules([{ name: 'corp', priority: 100, from: '10.0.0.0/8', port: '3389' }]),
      findings: [
        {
          messageId: 'wholeVnet',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/corp (priority 100)', ports: '3389', source: '10.0.0.0/8' },
        },
      ],
    },
    {
      name: 'RDP from VirtualNetwork',
      template: withRules([{ name: 'rdp-vnet', priority: 100, from: 'VirtualNetwork', port: '3389' }]),
      findings: [
        {
          messageId: 'broadSource',
          resource: 'web-nsg',
          at: '/properties/securityRules/0',
          data: { name: 'app-1', rule: 'web-nsg/rdp-vnet (priority 100)', ports: '3389', source: 'VirtualNetwork' },
        },
      ],
    },
    {
      name: 'SSH from Any',
      template: withRules([{ name: 'ssh-any', priority: 100, from: 'Any', port: '22' }]),
      findings: [
        { messageId: 'broadSource', resource: 'web-nsg', data: { name: 'app-1', rule: 'web-nsg/ssh-any (priority 100)', ports: '22', source: 'Any' } },
      ],
    },
    {
      // Every public IP of Azure (of the region), other customers' VMs included: anyone can rent a machine there.
      name: 'RDP from the AzureCloud tag of a region',
      template: withRules([{ name: 'rdp-cloud', priority: 100, from: 'AzureCloud.JapanEast', port: '3389' }]),
      findings: [
        {
          messageId: 'broadSource',
          resource: 'web-nsg',
          data: { name: 'app-1', rule: 'web-nsg/rdp-cloud (priority 100)', ports: '3389', source: 'AzureCloud.JapanEast' },
        },
      ],
    },
    {
      name: 'no NSG at all',
      template: vmTemplate([testVnet(), netNic('app-1-nic', { privateIp: '10.0.1.4' })]),
      findings: [{ messageId: 'noNsg', resource: 'app-1-nic', at: '/properties/ipConfigurations/0', data: { name: 'app-1', ports: '22, 3389, 5985-5986' } }],
    },
  ],
  unknown: [
    {
      name: 'a Bastion rule whose port is not known above an RDP rule from "*", and a NIC NSG that admits only Bastion: whether the broad rule is what admits Bastion is not known',
      template: {
        ...vmTemplate([
          testVnet({ nsg: 'web-nsg' }, [{ name: 'AzureBastionSubnet', prefix: '10.0.9.0/26' }]),
          nsg('web-nsg', [
            { name: 'bastion', priority: 100, from: '10.0.9.0/26', port: "[parameters('bastionPort')]" },
            { name: 'rdp-any', priority: 200, from: '*', port: '3389' },
          ]),
          nsg('nic-nsg', [
            { name: 'bastion', priority: 100, from: '10.0.9.0/26', port: '3389' },
            { name: 'deny-rdp', priority: 200, access: 'Deny', from: '*', port: '3389' },
          ]),
          netNic('app-1-nic', { privateIp: '10.0.1.4', nsg: 'nic-nsg' }),
        ]),
        parameters: { bastionPort: { type: 'string' } },
      },
      reason:
        /rule web-nsg\/bastion \(priority 100\) may admit TCP 3389 in place of web-nsg\/rdp-any \(priority 200\) \(bastion in web-nsg: parameter 'bastionPort' has no value\)/,
    },
    {
      name: 'source from an unset parameter',
      template: {
        ...(withRules([{ name: 'ssh', priority: 100, from: "[parameters('source')]", port: '22' }]) as object),
        parameters: { source: { type: 'string' } },
      },
      reason: /parameter 'source' has no value/,
    },
    {
      // The default AllowVnetInBound below admits the same traffic: whether the broad rule is the
      // one that does is not known.
      name: 'RDP from VirtualNetwork on ports from an unset parameter',
      template: {
        ...(withRules([{ name: 'rdp-vnet', priority: 100, from: 'VirtualNetwork', port: "[parameters('port')]" }]) as object),
        parameters: { port: { type: 'string' } },
      },
      reason: /rule web-nsg\/rdp-vnet \(priority 100\) may allow TCP .* from "VirtualNetwork" \(rdp-vnet in web-nsg: .*parameter 'port' has no value/,
    },
  ],
});
