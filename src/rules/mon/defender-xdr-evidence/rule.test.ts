import { argRow, armError, securitySetting, SUB, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const WS = `/subscriptions/${SUB}/resourceGroups/rg-secops/providers/Microsoft.OperationalInsights/workspaces/law-sentinel`;
/** The MDE extension row Resource Graph lists for a VM. */
const mde = (name: string): object => ({
  id: `/subscriptions/${SUB}/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/${name}/extensions/MDE.Linux`,
  name: 'MDE.Linux',
  type: 'microsoft.compute/virtualmachines/extensions',
  subscriptionId: SUB,
  location: 'japaneast',
  properties: { publisher: 'Microsoft.Azure.AzureDefenderForServers', type: 'MDE.Linux', typeHandlerVersion: '1.0', provisioningState: 'Succeeded' },
});
const xdr = {
  id: `${WS}/providers/Microsoft.SecurityInsights/dataConnectors/defender-xdr`,
  name: 'defender-xdr',
  type: 'Microsoft.SecurityInsights/dataConnectors',
  kind: 'MicrosoftThreatProtection',
  properties: { dataTypes: { incidents: { state: 'Enabled' } } },
};

testRule(rule, {
  url: import.meta.url,
  valid: [
    {
      name: 'integration on, XDR connected, MDE extension on every VM',
      snapshot: { resources: [...vm('vm-app-01'), mde('vm-app-01'), securitySetting('WDATP', true), xdr] },
    },
    {
      // Before: not assessed, "1 of 2 VMs show no MDE extension": the scale set has no extensions of its own, its VMs are VMs.
      name: 'a Flexible scale set without a VM model beside the VM with the sensor',
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          mde('vm-app-01'),
          argRow('Microsoft.Compute/virtualMachineScaleSets', 'rg-app', 'flex-vmss', {
            orchestrationMode: 'Flexible',
            platformFaultDomainCount: 1,
            provisioningState: 'Succeeded',
          }),
          securitySetting('WDATP', true),
          xdr,
        ],
      },
    },
  ],
  invalid: [
    {
      name: 'integration off, no XDR connector',
      snapshot: { resources: [...vm('vm-app-01'), securitySetting('WDATP', false)] },
      findings: [
        {
          messageId: 'missingEvidence',
          data: {
            subscription: SUB,
            evidence:
              'the Defender for Endpoint integration (WDATP) is off (AZV-MON-002); no Sentinel workspace has the Microsoft Defender XDR connector (AZV-MON-009)',
          },
        },
      ],
    },
    { name: 'no XDR connector', snapshot: { resources: [...vm('vm-app-01'), securitySetting('WDATP', true)] }, findings: [{ messageId: 'missingEvidence' }] },
    {
      name: 'XDR connector with incidents disabled',
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          mde('vm-app-01'),
          securitySetting('WDATP', true),
          { ...xdr, properties: { dataTypes: { incidents: { state: 'Disabled' } } } },
        ],
      },
      findings: [
        {
          messageId: 'missingEvidence',
          data: { subscription: SUB, evidence: 'no Sentinel workspace has the Microsoft Defender XDR connector (AZV-MON-009)' },
        },
      ],
    },
  ],
  unknownImpossible: 'snapshot settings are JSON values; an unreadable list is not assessed',
  notAssessed: [
    {
      name: 'prerequisites in place: attest',
      snapshot: { resources: [...vm('vm-app-01'), securitySetting('WDATP', true), xdr] },
      reason: /1 of 1 VMs show no MDE extension.*attestation/,
    },
    {
      name: 'Sentinel data connectors unreadable',
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          mde('vm-app-01'),
          securitySetting('WDATP', true),
          argRow('Microsoft.OperationalInsights/workspaces', 'rg-secops', 'law-sentinel', { retentionInDays: 90 }),
        ],
        errors: [
          {
            source: 'arm',
            operation: 'Microsoft.SecurityInsights/dataConnectors',
            scope: WS,
            status: 403,
            code: 'AuthorizationFailed',
            message: 'denied',
            missingPermission: 'Microsoft Sentinel Reader',
          },
        ],
      },
      reason: /Microsoft Sentinel Reader.*attestation/,
    },
    {
      // Before: a pass. The scale set's extensions are not known, and it counted as having the sensor.
      name: 'prerequisites in place, MDE on the VM, a scale set whose extensions are not known',
      snapshot: {
        resources: [
          ...vm('vm-app-01'),
          mde('vm-app-01'),
          { ...argRow('Microsoft.Compute/virtualMachineScaleSets', 'rg-app', 'vmss-web', {}), properties: undefined },
          securitySetting('WDATP', true),
          xdr,
        ],
      },
      reason: /1 of 2 VMs show no MDE extension or have extensions that cannot be read.*attestation/,
    },
    {
      name: 'settings unreadable',
      snapshot: { resources: vm('vm-app-01'), errors: [armError('Microsoft.Security/settings', 'Security Reader')] },
      reason: /Security Reader/,
    },
  ],
  notApplicable: [{ name: 'no virtual machines', snapshot: { resources: [securitySetting('WDATP', true), xdr] } }],
});
