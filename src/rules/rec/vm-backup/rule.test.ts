import { describe, expect, it } from 'vitest';
import { armTemplate, linuxVm } from '../../../../test/support/arm-snippets.js';
import { backupPolicy, evaluateWithOptions, protectedItem, recoveryVault } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const observed = (properties: object): object => ({
  protectionState: 'Protected',
  lastBackupStatus: 'Completed',
  lastBackupTime: '2026-11-29T17:05:00Z',
  ...properties,
});
const ITEM = (vm: string): string => `rsv-prod/Azure/iaasvmcontainer;iaasvmcontainerv2;azvmsec-rg;${vm}/vm;iaasvmcontainerv2;azvmsec-rg;${vm}`;
const estate = (items: object[], vms: string[] = ['app-1']): object =>
  armTemplate([...vms.map((vm) => linuxVm(vm)), recoveryVault('rsv-prod'), backupPolicy('rsv-prod', 'daily-30'), ...items]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'deployed VM with a recent completed backup', template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({}))]) },
    {
      // Before: failed, "the last backup ended CompletedWithWarnings", though the backup made a recovery point.
      name: 'deployed VM whose recent backup completed with warnings',
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ lastBackupStatus: 'CompletedWithWarnings' }))]),
    },
    {
      name: 'Resource Graph row with currentProtectionState ProtectionConfigured',
      template: estate([
        protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ protectionState: undefined, currentProtectionState: 'ProtectionConfigured' })),
      ]),
    },
    {
      name: 'source id written in another case',
      template: estate([
        protectedItem(
          'rsv-prod',
          'app-1',
          'daily-30',
          observed({
            sourceResourceId: '/subscriptions/00000000-0000-0000-0000-000000000000/resourcegroups/AZVMSEC-RG/providers/microsoft.compute/virtualmachines/APP-1',
          }),
        ),
      ]),
    },
  ],
  invalid: [
    {
      name: 'estate: one VM protected, one not, one stopped',
      template: estate(
        [
          protectedItem('rsv-prod', 'app-1', 'daily-30', observed({})),
          protectedItem('rsv-prod', 'app-3', 'daily-30', observed({ protectionState: 'ProtectionStopped' })),
        ],
        ['app-1', 'app-2', 'app-3'],
      ),
      findings: [
        { messageId: 'notProtected', resource: 'app-2', at: '', data: { name: 'app-2' } },
        {
          messageId: 'stopped',
          resource: ITEM('app-3'),
          at: '/properties/protectionState',
          data: { name: 'app-3', item: ITEM('app-3'), state: 'ProtectionStopped' },
        },
      ],
    },
    {
      name: 'protection paused',
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ protectionState: 'ProtectionPaused' }))]),
      findings: [
        {
          messageId: 'stopped',
          resource: ITEM('app-1'),
          at: '/properties/protectionState',
          data: { name: 'app-1', item: ITEM('app-1'), state: 'ProtectionPaused' },
        },
      ],
    },
    // Resource Graph's RecoveryServicesResources rows name the state currentProtectionState: a stopped item passed.
    ...['ProtectionStopped', 'SoftDeleted'].map((state) => ({
      name: `Resource Graph row with currentProtectionState ${state}`,
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ protectionState: undefined, currentProtectionState: state }))]),
      findings: [
        {
          messageId: 'stopped',
          resource: ITEM('app-1'),
          at: '/properties/currentProtectionState',
          data: { name: 'app-1', item: ITEM('app-1'), state },
        },
      ],
    })),
    {
      name: 'last backup failed',
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ lastBackupStatus: 'Failed' }))]),
      findings: [{ messageId: 'lastBackupFailed', resource: ITEM('app-1'), data: { name: 'app-1', status: 'Failed' } }],
    },
    {
      name: 'last backup too old',
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ lastBackupTime: '2026-11-20T17:05:00Z' }))]),
      findings: [{ messageId: 'stale', resource: ITEM('app-1'), data: { name: 'app-1', hours: 48, asOf: '2026-11-30' } }],
    },
  ],
  unknown: [
    {
      name: 'template: protection declared, job results are runtime state',
      template: estate([protectedItem('rsv-prod', 'app-1', 'daily-30')]),
      reason: /only a live scan or a snapshot/,
    },
    {
      name: 'protected item source from a parameter with no value',
      template: armTemplate(
        [linuxVm('app-1'), recoveryVault('rsv-prod'), protectedItem('rsv-prod', 'app-1', 'daily-30', { sourceResourceId: "[parameters('vmId')]" })],
        {
          parameters: { vmId: { type: 'string' } },
        },
      ),
      reason: /parameter 'vmId' has no value/,
    },
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
          properties: { orchestrationMode: 'Uniform', virtualMachineProfile: { storageProfile: { osDisk: { createOption: 'FromImage', osType: 'Linux' } } } },
        },
      ]),
    },
  ],
});

describe('AZV-REC-001 backup age', () => {
  it('accepts an older backup with a longer allowed age', () => {
    const template = estate([protectedItem('rsv-prod', 'app-1', 'daily-30', observed({ lastBackupTime: '2026-11-27T17:05:00Z' }))]);
    expect(evaluateWithOptions(rule, template, {}).map((e) => e.status)).toEqual(['fail']);
    expect(evaluateWithOptions(rule, template, { maxBackupAgeHours: 96 }).map((e) => e.status)).toEqual(['pass']);
  });
});
