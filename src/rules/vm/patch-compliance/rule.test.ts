import { describe, expect, it } from 'vitest';
import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import { vm } from '../../../../test/support/snapshot-snippets.js';
import rule from './rule.js';

/** A patchassessmentresources row as Resource Graph returns it, written as a child of the VM. */
const assessment = (vm: string, properties: object): object => ({
  type: 'Microsoft.Compute/virtualMachines/patchAssessmentResults',
  name: `${vm}/latest`,
  properties: { status: 'Succeeded', lastModifiedDateTime: '2026-11-29T03:00:00Z', osType: 'Linux', ...properties },
});
const patch = (vm: string, name: string, classifications: string[], published: string): object => ({
  type: 'Microsoft.Compute/virtualMachines/patchAssessmentResults/softwarePatches',
  name: `${vm}/latest/${name}`,
  properties: { patchName: name, classifications, publishedDateTime: published, rebootBehavior: 'NeverReboots' },
});
/** A patch whose row has no publish date. */
const undated = (vm: string, name: string, classifications: string[]): object => {
  const row = patch(vm, name, classifications, '') as { properties: Record<string, unknown> };
  const { publishedDateTime: _, ...properties } = row.properties;
  return { ...row, properties };
};
const counts = (critical: number, security: number): object => ({ availablePatchCountByClassification: { critical, security, other: 4 } });

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'fresh assessment, nothing missing', template: armTemplate([linuxVm('app-1'), assessment('app-1', counts(0, 0))]) },
    {
      name: 'security update within the 14-day SLA',
      template: armTemplate([linuxVm('app-1'), assessment('app-1', counts(0, 1)), patch('app-1', 'openssl', ['Security'], '2026-11-25T00:00:00Z')]),
    },
  ],
  invalid: [
    {
      name: 'overdue security update',
      template: armTemplate([
        linuxVm('app-1'),
        assessment('app-1', counts(1, 1)),
        patch('app-1', 'openssl', ['Security'], '2026-10-01T00:00:00Z'),
        patch('app-1', 'kernel', ['Critical'], '2026-11-28T00:00:00Z'),
        patch('app-1', 'vim', ['Other'], '2026-01-01T00:00:00Z'),
      ]),
      findings: [{ messageId: 'overdue', resource: 'app-1/latest', at: '/properties', data: { name: 'app-1', count: 1, sla: 14, asOf: '2026-11-30' } }],
    },
    {
      name: 'overdue security update beside one without a publish date: the dated one fails it',
      template: armTemplate([
        linuxVm('app-1'),
        assessment('app-1', counts(1, 1)),
        patch('app-1', 'openssl', ['Security'], '2026-10-01T00:00:00Z'),
        undated('app-1', 'kernel', ['Critical']),
      ]),
      findings: [{ messageId: 'overdue', resource: 'app-1/latest', at: '/properties', data: { name: 'app-1', count: 1, sla: 14, asOf: '2026-11-30' } }],
    },
    {
      name: 'counts without patch details',
      template: armTemplate([linuxVm('app-1'), assessment('app-1', counts(2, 3))]),
      findings: [
        {
          messageId: 'missing',
          resource: 'app-1/latest',
          at: '/properties/availablePatchCountByClassification',
          data: { name: 'app-1', critical: 2, security: 3 },
        },
      ],
    },
  ],
  unknown: [
    {
      // Before: a failure. An update without a publish date counted as overdue whatever slaDays said.
      name: 'security update without a publish date, nothing dated overdue',
      template: armTemplate([
        linuxVm('app-1'),
        assessment('app-1', counts(0, 2)),
        undated('app-1', 'openssl', ['Security']),
        patch('app-1', 'curl', ['Security'], '2026-11-25T00:00:00Z'),
      ]),
      reason:
        /1 Critical\/Security update\(s\) missing on "app-1" have no publish date \(publishedDateTime\): whether they are more than 14 days old is not known/,
    },
    {
      name: 'the classifications of an update from a parameter without a value',
      template: armTemplate(
        [
          linuxVm('app-1'),
          assessment('app-1', counts(0, 1)),
          {
            ...(patch('app-1', 'openssl', [], '2026-10-01T00:00:00Z') as { properties: object }),
            properties: { patchName: 'openssl', classifications: "[parameters('classes')]", publishedDateTime: '2026-10-01T00:00:00Z' },
          },
        ],
        { parameters: { classes: { type: 'array' } } },
      ),
      reason: /parameter 'classes' has no value/,
    },
    { name: 'template input: runtime state only', template: armTemplate([linuxVm('app-1')]), reason: /only a live scan or a snapshot/ },
    {
      name: 'VM read from Azure without an assessment result: never assessed (snapshot)',
      snapshot: { resources: vm('app-1') },
      resource: 'app-1',
      reason: /holds no patch assessment result for the VM: it has not been assessed/,
    },
    {
      name: 'stale assessment',
      template: armTemplate([linuxVm('app-1'), assessment('app-1', { ...counts(0, 0), lastModifiedDateTime: '2026-10-01T00:00:00Z' })]),
      reason: /older than 7 days/,
    },
    { name: 'failed assessment', template: armTemplate([linuxVm('app-1'), assessment('app-1', { status: 'Failed' })]), reason: /did not complete/ },
  ],
  notApplicable: [
    {
      name: 'scale set',
      template: armTemplate([
        {
          type: 'Microsoft.Compute/virtualMachineScaleSets',
          apiVersion: '2024-07-01',
          name: 'web-vmss',
          location: 'japaneast',
          sku: { name: 'Standard_D2s_v5', capacity: 2 },
          properties: { orchestrationMode: 'Flexible', virtualMachineProfile: { storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } } } },
        },
      ]),
    },
  ],
});

describe('AZV-VM-012 SLA clock', () => {
  const template = armTemplate([linuxVm('app-1'), assessment('app-1', counts(0, 1)), patch('app-1', 'openssl', ['Security'], '2026-11-25T00:00:00Z')]);
  it('passes within the SLA and fails once it has run out', () => {
    expect(evaluateWithOptions(rule, template, {}).map((e) => e.status)).toEqual(['pass']);
    expect(evaluateWithOptions(rule, template, { slaDays: 3 }).map((e) => e.status)).toEqual(['fail']);
  });
  it('leaves an update without a publish date unknown whatever the SLA', () => {
    const undatedOnly = armTemplate([linuxVm('app-1'), assessment('app-1', counts(0, 1)), undated('app-1', 'openssl', ['Security'])]);
    expect(evaluateWithOptions(rule, undatedOnly, {}).map((e) => e.status)).toEqual(['unknown']);
    expect(evaluateWithOptions(rule, undatedOnly, { slaDays: 365 }).map((e) => e.status)).toEqual(['unknown']);
  });
});
