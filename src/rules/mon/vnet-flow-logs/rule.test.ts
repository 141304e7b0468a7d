import { describe, expect, it } from 'vitest';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const VNET = rid('Microsoft.Network/virtualNetworks', 'vnet-app');
const NSG = rid('Microsoft.Network/networkSecurityGroups', 'nsg-app');
const vnet = {
  type: 'Microsoft.Network/virtualNetworks',
  apiVersion: '2024-05-01',
  name: 'vnet-app',
  location: 'japaneast',
  properties: {
    addressSpace: { addressPrefixes: ['10.1.0.0/16'] },
    subnets: [{ name: 'snet-app', properties: { addressPrefix: '10.1.1.0/24', networkSecurityGroup: { id: NSG } } }],
  },
};
const nic = {
  type: 'Microsoft.Network/networkInterfaces',
  apiVersion: '2024-05-01',
  name: 'nic-app-01',
  location: 'japaneast',
  properties: { ipConfigurations: [{ name: 'ipconfig1', properties: { subnet: { id: `${VNET}/subnets/snet-app` }, privateIPAllocationMethod: 'Dynamic' } }] },
};
const flowLog = (target: string, properties: object = {}, name = 'fl-vnet-app'): object => ({
  type: 'Microsoft.Network/networkWatchers/flowLogs',
  apiVersion: '2024-05-01',
  name: `NetworkWatcher_japaneast/${name}`,
  location: 'japaneast',
  properties: {
    targetResourceId: target,
    storageId: rid('Microsoft.Storage/storageAccounts', 'stflowlogs'),
    enabled: true,
    retentionPolicy: { enabled: true, days: 90 },
    format: { type: 'JSON', version: 2 },
    flowAnalyticsConfiguration: {
      networkWatcherFlowAnalyticsConfiguration: {
        enabled: true,
        workspaceResourceId: rid('Microsoft.OperationalInsights/workspaces', 'law-sentinel'),
        workspaceRegion: 'japaneast',
        trafficAnalyticsInterval: 10,
      },
    },
    ...properties,
  },
});
const estate = (...extra: object[]): object => armTemplate([vnet, nic, ...extra]);
/** The VNet with a second subnet, and a second NIC in the first one. */
const twoSubnets = {
  ...vnet,
  properties: {
    ...vnet.properties,
    subnets: [...vnet.properties.subnets, { name: 'snet-data', properties: { addressPrefix: '10.1.2.0/24' } }],
  },
};
const nic2 = { ...nic, name: 'nic-app-02' };
const NIC = rid('Microsoft.Network/networkInterfaces', 'nic-app-01');

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'VNet flow log, 90 days, traffic analytics', template: estate(flowLog(VNET)) },
    { name: 'subnet flow log kept forever', template: estate(flowLog(`${VNET}/subnets/snet-app`, { retentionPolicy: { enabled: true, days: 0 } })) },
    {
      name: 'retention policy whose enabled is not known, 90 days: long enough either way',
      template: {
        ...(estate(flowLog(VNET, { retentionPolicy: { enabled: "[parameters('retentionOn')]", days: 90 } })) as object),
        parameters: { retentionOn: { type: 'bool' } },
      },
    },
  ],
  invalid: [
    { name: 'no flow log', template: estate(), findings: [{ messageId: 'noFlowLog', data: { vnet: 'vnet-app' } }] },
    {
      name: 'NSG flow log only',
      template: estate(flowLog(NSG)),
      findings: [{ messageId: 'nsgFlowLogsOnly', data: { vnet: 'vnet-app', retirement: '2027-09-30' } }],
    },
    {
      name: '30 days, hourly analytics',
      template: estate(
        flowLog(VNET, {
          retentionPolicy: { enabled: true, days: 30 },
          flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: true, trafficAnalyticsInterval: 60 } },
        }),
      ),
      findings: [
        {
          messageId: 'shortRetention',
          resource: 'NetworkWatcher_japaneast/fl-vnet-app',
          data: { flowLog: 'NetworkWatcher_japaneast/fl-vnet-app', days: 30, minimum: 90 },
        },
        { messageId: 'noTrafficAnalytics', resource: 'NetworkWatcher_japaneast/fl-vnet-app' },
      ],
    },
    { name: 'disabled flow log', template: estate(flowLog(VNET, { enabled: false })), findings: [{ messageId: 'noFlowLog' }] },
    {
      name: 'a flow log on another subnet does not cover the VM subnet',
      template: armTemplate([twoSubnets, nic, flowLog(`${VNET}/subnets/snet-data`)]),
      findings: [{ messageId: 'noFlowLog', data: { vnet: 'vnet-app' } }],
    },
    {
      name: 'a NIC flow log covers only that NIC',
      template: armTemplate([vnet, nic, nic2, flowLog(NIC)]),
      findings: [{ messageId: 'uncoveredNics', data: { vnet: 'vnet-app', nics: 'nic-app-02' } }],
    },
    {
      name: 'retention judged on the flow log that covers the NIC, not the first one',
      template: estate(flowLog(VNET), flowLog(NIC, { retentionPolicy: { enabled: true, days: 30 } }, 'fl-nic-app-01')),
      findings: [
        {
          messageId: 'shortRetention',
          resource: 'NetworkWatcher_japaneast/fl-nic-app-01',
          data: { flowLog: 'NetworkWatcher_japaneast/fl-nic-app-01', days: 30, minimum: 90 },
        },
      ],
    },
    {
      name: 'traffic analytics interval not written: the 60-minute default',
      template: estate(
        flowLog(VNET, { flowAnalyticsConfiguration: { networkWatcherFlowAnalyticsConfiguration: { enabled: true, workspaceRegion: 'japaneast' } } }),
      ),
      findings: [
        { messageId: 'noTrafficAnalytics', resource: 'NetworkWatcher_japaneast/fl-vnet-app', data: { flowLog: 'NetworkWatcher_japaneast/fl-vnet-app' } },
      ],
    },
  ],
  unknown: [
    { name: 'target from a parameter', template: estate(flowLog("[parameters('target')]")), reason: /target/ },
    {
      // Before: passed, a retention policy whose `enabled` is not known read as off (data kept forever).
      name: 'a 7-day retention policy whose enabled comes from a parameter without a value',
      template: {
        ...(estate(flowLog(VNET, { retentionPolicy: { enabled: "[parameters('retentionOn')]", days: 7 } })) as object),
        parameters: { retentionOn: { type: 'bool' } },
      },
      reason: /whether flow log "NetworkWatcher_japaneast\/fl-vnet-app" keeps data only 7 days is not known: parameter 'retentionOn' has no value/,
    },
  ],
  notAssessed: [],
  notApplicable: [{ name: 'VNet without VMs', template: armTemplate([vnet, flowLog(VNET)]) }],
});

describe('AZV-MON-012 asOf', () => {
  it('says NSG flow logs are retired once asOf passes 30 Sep 2027', () => {
    const [evaluation] = evaluateWithOptions(rule, estate(flowLog(NSG)), { asOf: '2027-10-01' });
    expect(evaluation?.findings.map((f) => f.messageId)).toEqual(['nsgFlowLogsRetired']);
  });
});
