import { describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD_PARAMETER, armTemplate, linuxVm, SCALE_SET_WITHOUT_MODEL, windowsVm } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, vmExtension } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const ama = (vm: string): object => vmExtension(vm, 'AzureMonitorLinuxAgent', 'Microsoft.Azure.Monitor', 'AzureMonitorLinuxAgent');
const oms = (vm: string): object =>
  vmExtension(vm, 'OMSExtension', 'Microsoft.EnterpriseCloud.Monitoring', 'OmsAgentForLinux', { settings: { workspaceId: 'ws' } });
const mma = (vm: string): object => vmExtension(vm, 'MMAExtension', 'Microsoft.EnterpriseCloud.Monitoring', 'MicrosoftMonitoringAgent');

// Every VM, and every scale set with a VM model, has a (possibly empty) extension list.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'Azure Monitor Agent only', template: armTemplate([linuxVm('app-1'), ama('app-1')]) },
    { name: 'no extensions', template: armTemplate([linuxVm('app-1')]) },
  ],
  invalid: [
    {
      name: 'estate: OMS on Linux and MMA on Windows, AMA elsewhere',
      template: armTemplate([linuxVm('app-1'), oms('app-1'), windowsVm('win-1'), mma('win-1'), linuxVm('app-2'), ama('app-2')], {
        parameters: ADMIN_PASSWORD_PARAMETER,
      }),
      findings: [
        {
          messageId: 'legacyAgent',
          resource: 'app-1/OMSExtension',
          at: '/properties',
          data: { name: 'app-1', extension: 'OMSExtension', type: 'OmsAgentForLinux', retirement: '2024-08-31' },
        },
        {
          messageId: 'legacyAgent',
          resource: 'win-1/MMAExtension',
          at: '/properties',
          data: { name: 'win-1', extension: 'MMAExtension', type: 'MicrosoftMonitoringAgent', retirement: '2024-08-31' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'extension publisher from a parameter with no value',
      template: armTemplate([linuxVm('app-1'), vmExtension('app-1', 'agent', "[parameters('publisher')]", 'Agent')], {
        parameters: { publisher: { type: 'string' } },
      }),
      reason: /parameter 'publisher' has no value/,
    },
  ],
  notApplicable: [SCALE_SET_WITHOUT_MODEL],
});

describe('AZV-VM-016 options', () => {
  it('does not flag the Log Analytics agent before its retirement', () => {
    expect(evaluateWithOptions(rule, armTemplate([linuxVm('app-1'), oms('app-1')]), { asOf: '2024-01-01' }).map((e) => e.status)).toEqual(['pass']);
  });
  it('flags extensions outside the approved list', () => {
    const template = armTemplate([linuxVm('app-1'), ama('app-1'), vmExtension('app-1', 'cse', 'Microsoft.Azure.Extensions', 'CustomScript')]);
    const [evaluation] = evaluateWithOptions(rule, template, { approved: ['microsoft.azure.monitor/AzureMonitorLinuxAgent'] });
    expect(evaluation?.findings.map((f) => f.data)).toEqual([
      { name: 'app-1', extension: 'cse', publisher: 'Microsoft.Azure.Extensions', type: 'CustomScript' },
    ]);
  });
});
