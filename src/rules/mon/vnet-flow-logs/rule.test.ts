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
const flowLog = (target: string, properties: object = {}): object => ({
  type: 'Microsoft.Network/networkWatchers/flowLogs',
  apiVersion: '2024-05-01',
  name: 'NetworkWatcher_japaneast/fl-vnet-app',
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

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'VNet flow log, 90 days, traffic analytics', template: estate(flowLog(VNET)) },
    { name: 'subnet flow log kept forever', template: estate(flowLog(`${VNET}/subnets/snet-app`, { retentionPolicy: { enabled: true, days: 0 } })) },
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
  ],
  unknown: [{ name: 'target from a parameter', template: estate(flowLog("[parameters('target')]")), reason: /target/ }],
  notAssessed: [],
  notApplicable: [{ name: 'VNet without VMs', template: armTemplate([vnet, flowLog(VNET)]) }],
});

describe('AZV-MON-012 asOf', () => {
  it('says NSG flow logs are retired once asOf passes 30 Sep 2027', () => {
    const [evaluation] = evaluateWithOptions(rule, estate(flowLog(NSG)), { asOf: '2027-10-01' });
    expect(evaluation?.findings.map((f) => f.messageId)).toEqual(['nsgFlowLogsRetired']);
  });
});
