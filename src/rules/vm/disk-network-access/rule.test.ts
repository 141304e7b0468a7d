import { describe, expect, it } from 'vitest';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { evaluateWithOptions, managedDisk } from '../../../../test/support/recovery-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const snapshot = (name: string, properties: object): object => ({
  type: 'Microsoft.Compute/snapshots',
  apiVersion: '2024-03-02',
  name,
  location: 'japaneast',
  sku: { name: 'Standard_ZRS' },
  properties: { creationData: { createOption: 'Copy', sourceResourceId: rid('Microsoft.Compute/disks', 'data-1') }, incremental: true, ...properties },
});

// Not applicable never happens: every disk and snapshot can be exported through a SAS URL.
testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'deny all network access', template: armTemplate([managedDisk('data-1', { networkAccessPolicy: 'DenyAll', publicNetworkAccess: 'Disabled' })]) },
    {
      name: 'private export through a disk access resource',
      template: armTemplate([
        managedDisk('data-1', {
          networkAccessPolicy: 'AllowPrivate',
          diskAccessId: rid('Microsoft.Compute/diskAccesses', 'da-1'),
          dataAccessAuthMode: 'AzureActiveDirectory',
        }),
      ]),
    },
  ],
  invalid: [
    {
      name: 'disk and snapshot with the defaults',
      template: armTemplate([managedDisk('data-1'), snapshot('data-1-snap', {}), managedDisk('data-2', { networkAccessPolicy: 'DenyAll' })]),
      findings: [
        { messageId: 'publicExport', resource: 'data-1', at: '/properties', data: { name: 'data-1', policy: 'AllowAll', publicAccess: 'Enabled' } },
        { messageId: 'publicExport', resource: 'data-1-snap', at: '/properties', data: { name: 'data-1-snap', policy: 'AllowAll', publicAccess: 'Enabled' } },
      ],
    },
    {
      name: 'explicit AllowAll',
      template: armTemplate([managedDisk('data-1', { networkAccessPolicy: 'AllowAll', publicNetworkAccess: 'Enabled' })]),
      findings: [{ messageId: 'publicExport', at: '/properties/networkAccessPolicy' }],
    },
  ],
  unknown: [
    {
      name: 'policy from a parameter with no value',
      template: armTemplate([managedDisk('data-1', { networkAccessPolicy: "[parameters('access')]" })], { parameters: { access: { type: 'string' } } }),
      reason: /parameter 'access' has no value/,
    },
  ],
});

describe('AZV-VM-014 requireEntraDataAccess', () => {
  it('fails a private disk whose SAS needs no Entra authentication when asked to', () => {
    const template = armTemplate([managedDisk('data-1', { networkAccessPolicy: 'DenyAll' })]);
    expect(evaluateWithOptions(rule, template, {}).map((e) => e.status)).toEqual(['pass']);
    const [evaluation] = evaluateWithOptions(rule, template, { requireEntraDataAccess: true });
    expect(evaluation?.findings.map((f) => [f.messageId, f.data])).toEqual([['sasWithoutEntra', { name: 'data-1', mode: 'None' }]]);
  });
});
