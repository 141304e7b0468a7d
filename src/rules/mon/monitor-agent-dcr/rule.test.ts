import { armTemplate, linuxVm, rid, windowsVm } from '../../../../test/support/arm-snippets.js';
import { vmExtension } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { argRow } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

const WS = rid('Microsoft.OperationalInsights/workspaces', 'law-sentinel');
/** Every stream of the sources flows to the `sentinel` destination, unless `dataFlows` says otherwise. */
const dcr = (
  name: string,
  dataSources: Record<string, { streams: string[]; [setting: string]: unknown }[]> | string,
  logAnalytics: unknown = [{ name: 'sentinel', workspaceResourceId: WS }],
  dataFlows: object[] = [
    {
      streams: typeof dataSources === 'string' ? [] : Object.values(dataSources).flatMap((list) => list.flatMap((source) => source.streams)),
      destinations: ['sentinel'],
    },
  ],
): object => ({
  type: 'Microsoft.Insights/dataCollectionRules',
  apiVersion: '2023-03-11',
  name,
  location: 'japaneast',
  properties: { dataSources, destinations: { logAnalytics }, dataFlows },
});
const WINDOWS_SECURITY = {
  windowsEventLogs: [{ name: 'security', streams: ['Microsoft-SecurityEvent'], xPathQueries: ['Security!*[System[(EventID=4624 or EventID=4625)]]'] }],
};
const LINUX_AUTH = { syslog: [{ name: 'auth', streams: ['Microsoft-Syslog'], facilityNames: ['auth', 'authpriv'], logLevels: ['Info'] }] };
const association = (vm: string, rule: string): object => ({
  type: 'Microsoft.Insights/dataCollectionRuleAssociations',
  apiVersion: '2023-03-11',
  name: `${vm}-${rule}`,
  scope: `[format('Microsoft.Compute/virtualMachines/{0}', '${vm}')]`,
  properties: { dataCollectionRuleId: `[resourceId('Microsoft.Insights/dataCollectionRules', '${rule}')]` },
});
const ama = (vm: string, linux = false): object =>
  vmExtension(
    vm,
    linux ? 'AzureMonitorLinuxAgent' : 'AzureMonitorWindowsAgent',
    'Microsoft.Azure.Monitor',
    linux ? 'AzureMonitorLinuxAgent' : 'AzureMonitorWindowsAgent',
  );

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'Windows VM: AMA and Security events',
      template: armTemplate([windowsVm('vm-dc-01'), ama('vm-dc-01'), dcr('dcr-security', WINDOWS_SECURITY), association('vm-dc-01', 'dcr-security')]),
    },
    {
      name: 'Linux VM: AMA and auth syslog',
      template: armTemplate([linuxVm('vm-web-01'), ama('vm-web-01', true), dcr('dcr-syslog', LINUX_AUTH), association('vm-web-01', 'dcr-syslog')]),
    },
    {
      name: 'a second data flow whose workspace is not known, beside one that sends security events to the workspace',
      template: armTemplate([
        windowsVm('vm-dc-01'),
        ama('vm-dc-01'),
        dcr('dcr-security', WINDOWS_SECURITY, undefined, [
          { streams: ['Microsoft-Perf'], destinations: ["[parameters('destination')]"] },
          { streams: ['Microsoft-SecurityEvent'], destinations: ['sentinel'] },
        ]),
        association('vm-dc-01', 'dcr-security'),
      ]),
    },
  ],
  invalid: [
    {
      name: 'Windows VM whose rule collects auth syslog only (syslog is collected from Linux machines only)',
      template: armTemplate([windowsVm('vm-dc-01'), ama('vm-dc-01'), dcr('dcr-syslog', LINUX_AUTH), association('vm-dc-01', 'dcr-syslog')]),
      findings: [{ messageId: 'noSecurityDcr', data: { vm: 'vm-dc-01' } }],
    },
    {
      name: 'Linux VM whose rule collects Windows Security events only',
      template: armTemplate([linuxVm('vm-web-01'), ama('vm-web-01', true), dcr('dcr-security', WINDOWS_SECURITY), association('vm-web-01', 'dcr-security')]),
      findings: [{ messageId: 'noSecurityDcr', data: { vm: 'vm-web-01' } }],
    },
    {
      name: 'no agent, no rule',
      template: armTemplate([windowsVm('vm-dc-01')]),
      findings: [
        { messageId: 'noAgent', data: { vm: 'vm-dc-01' } },
        { messageId: 'noSecurityDcr', data: { vm: 'vm-dc-01' } },
      ],
    },
    {
      name: 'performance counters only',
      template: armTemplate([
        windowsVm('vm-dc-01'),
        ama('vm-dc-01'),
        dcr('dcr-perf', { performanceCounters: [{ name: 'perf', streams: ['Microsoft-Perf'], counterSpecifiers: ['\\Processor(_Total)\\% Processor Time'] }] }),
        association('vm-dc-01', 'dcr-perf'),
      ]),
      findings: [{ messageId: 'noSecurityDcr' }],
    },
    {
      name: 'security events collected, but no data flow sends them to the workspace (only performance counters flow)',
      template: armTemplate([
        windowsVm('vm-dc-01'),
        ama('vm-dc-01'),
        dcr('dcr-security', WINDOWS_SECURITY, undefined, [{ streams: ['Microsoft-Perf'], destinations: ['sentinel'] }]),
        association('vm-dc-01', 'dcr-security'),
      ]),
      findings: [{ messageId: 'noSecurityDcr' }],
    },
    {
      name: 'security events without a workspace destination',
      template: armTemplate([windowsVm('vm-dc-01'), ama('vm-dc-01'), dcr('dcr-security', WINDOWS_SECURITY, []), association('vm-dc-01', 'dcr-security')]),
      findings: [{ messageId: 'noSecurityDcr' }],
    },
    {
      name: 'an association of unknown target whose rule collects no security events cannot help',
      template: armTemplate([
        windowsVm('vm-dc-01'),
        ama('vm-dc-01'),
        dcr('dcr-perf', { performanceCounters: [{ name: 'perf', streams: ['Microsoft-Perf'], counterSpecifiers: ['\\Processor(_Total)\\% Processor Time'] }] }),
        { ...(association('vm-dc-01', 'dcr-perf') as object), scope: "[format('Microsoft.Compute/virtualMachines/{0}', parameters('targetVm'))]" },
      ]),
      findings: [{ messageId: 'noSecurityDcr', data: { vm: 'vm-dc-01' } }],
    },
  ],
  unknown: [
    {
      name: 'the workspace a data flow sends security events to is a parameter without a value',
      template: armTemplate(
        [
          windowsVm('vm-dc-01'),
          ama('vm-dc-01'),
          dcr('dcr-security', WINDOWS_SECURITY, undefined, [{ streams: ['Microsoft-SecurityEvent'], destinations: ["[parameters('destination')]"] }]),
          association('vm-dc-01', 'dcr-security'),
        ],
        { parameters: { destination: { type: 'string' } } },
      ),
      reason: /parameter 'destination' has no value/,
    },
    {
      name: 'the event log query of the only data source is a parameter without a value',
      template: armTemplate(
        [
          windowsVm('vm-dc-01'),
          ama('vm-dc-01'),
          dcr('dcr-events', { windowsEventLogs: [{ name: 'events', streams: ['Microsoft-Event'], xPathQueries: ["[parameters('query')]"] }] }),
          association('vm-dc-01', 'dcr-events'),
        ],
        { parameters: { query: { type: 'string' } } },
      ),
      reason: /parameter 'query' has no value/,
    },
    {
      name: 'data sources from a parameter',
      template: armTemplate([windowsVm('vm-dc-01'), ama('vm-dc-01'), dcr('dcr-security', "[parameters('sources')]"), association('vm-dc-01', 'dcr-security')]),
      reason: /sources/,
    },
    {
      name: 'association whose target VM is a parameter without a value',
      template: armTemplate([
        windowsVm('vm-dc-01'),
        ama('vm-dc-01'),
        dcr('dcr-security', WINDOWS_SECURITY),
        { ...(association('vm-dc-01', 'dcr-security') as object), scope: "[format('Microsoft.Compute/virtualMachines/{0}', parameters('targetVm'))]" },
      ]),
      reason: /scope of Microsoft.Insights\/dataCollectionRuleAssociations .*targetVm/,
    },
  ],
  notAssessed: [],
  notApplicable: [
    {
      // Before: a failure, "no Azure Monitor Agent extension": the scale set has no extensions of its own, its VMs are checked one by one.
      name: 'Flexible scale set without a VM model (snapshot)',
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
  ],
});
