import { armError, pricings, vm } from '../../../../test/support/snapshot-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

testRule(rule, {
  url: import.meta.url,
  valid: [],
  validImpossible: 'Exposure Management has no ARM or Microsoft Graph v1.0 configuration: at best the rule is not assessed, to attest',
  invalid: [],
  invalidImpossible: 'an info rule about a measure configuration cannot show never fails; missing prerequisites are named in the not-assessed reason',
  unknownImpossible: 'the rule reads only Defender plans, and an unreadable plan list is named in the not-assessed reason',
  notAssessed: [
    { name: 'CSPM on: attest the use', snapshot: { resources: [...vm('vm-app-01'), ...pricings({ CloudPosture: {} })] }, reason: /CSPM is on.*attestation/ },
    { name: 'CSPM off: prerequisite named', snapshot: { resources: [...vm('vm-app-01'), ...pricings()] }, reason: /AZV-MON-004/ },
    {
      name: 'plans unreadable',
      snapshot: { resources: vm('vm-app-01'), errors: [armError('Microsoft.Security/pricings', 'Security Reader')] },
      reason: /cannot be read/,
    },
  ],
  notApplicable: [{ name: 'no virtual machines', snapshot: { resources: pricings({ CloudPosture: {} }) } }],
});
