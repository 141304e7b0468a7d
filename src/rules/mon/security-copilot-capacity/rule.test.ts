import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { argRow, SUB } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const capacity = (units: unknown): object =>
  argRow('Microsoft.SecurityCopilot/capacities', 'rg-secops', 'scu-contoso', {
    numberOfUnits: units,
    geo: 'EU',
    crossGeoCompute: 'NotAllowed',
    provisioningState: 'Succeeded',
  });
const templateCapacity = (units: unknown): object =>
  armTemplate([
    {
      type: 'Microsoft.SecurityCopilot/capacities',
      apiVersion: '2024-11-01-preview',
      name: 'scu-contoso',
      location: 'westeurope',
      properties: { numberOfUnits: units, geo: 'EU', crossGeoCompute: 'NotAllowed' },
    },
  ]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'three SCUs', resource: SUB, snapshot: { resources: [capacity(3)] } },
    { name: 'template: one SCU', template: templateCapacity(1) },
  ],
  invalid: [],
  invalidImpossible: 'informational (catalog §5): presence or absence of capacity is reported, never a failure',
  unknown: [{ name: 'template: units from a parameter', template: templateCapacity("[parameters('units')]"), reason: /units/ }],
  notAssessed: [
    { name: 'no capacity: entitlement to attest', snapshot: { resources: [] }, reason: /no Security Copilot capacity.*attestation/ },
    { name: 'template: zero units', template: templateCapacity(0), reason: /no Security Compute Units/ },
  ],
  notApplicable: [{ name: 'capacity row: assessed on the subscription', snapshot: { resources: [capacity(3)] }, resource: 'scu-contoso' }],
});
