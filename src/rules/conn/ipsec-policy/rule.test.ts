import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { connection, STRONG_IPSEC } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const template = (properties: Record<string, unknown>): object => ({
  ...(armTemplate([connection('to-osaka', properties)]) as object),
  parameters: { sharedKey: { type: 'securestring' }, dh: { type: 'string' } },
});

testRule(rule, {
  url: import.meta.url,
  valid: [{ name: 'IKEv2 with a strong custom policy', template: template({ ipsecPolicies: [STRONG_IPSEC] }) }],
  invalid: [
    {
      name: 'default proposals',
      template: template({}),
      findings: [{ messageId: 'defaultPolicy', data: { name: 'to-osaka' } }],
    },
    {
      name: 'IKEv1 with SHA1 and DHGroup2',
      template: template({ connectionProtocol: 'IKEv1', ipsecPolicies: [{ ...STRONG_IPSEC, ikeIntegrity: 'SHA1', dhGroup: 'DHGroup2' }] }),
      findings: [
        { messageId: 'ikev1', at: '/properties/connectionProtocol', data: { name: 'to-osaka' } },
        { messageId: 'weakPolicy', at: '/properties/ipsecPolicies/0/ikeIntegrity', data: { name: 'to-osaka', field: 'ikeIntegrity', value: 'SHA1' } },
        { messageId: 'weakPolicy', at: '/properties/ipsecPolicies/0/dhGroup', data: { name: 'to-osaka', field: 'dhGroup', value: 'DHGroup2' } },
      ],
    },
    {
      name: 'PFS2 (1024-bit MODP, as weak as DHGroup2)',
      template: template({ ipsecPolicies: [{ ...STRONG_IPSEC, pfsGroup: 'PFS2' }] }),
      findings: [{ messageId: 'weakPolicy', at: '/properties/ipsecPolicies/0/pfsGroup', data: { name: 'to-osaka', field: 'pfsGroup', value: 'PFS2' } }],
    },
  ],
  unknown: [
    {
      name: 'DH group from an unset parameter',
      template: template({ ipsecPolicies: [{ ...STRONG_IPSEC, dhGroup: "[parameters('dh')]" }] }),
      reason: /parameter 'dh' has no value/,
    },
  ],
  notApplicable: [{ name: 'VNet-to-VNet connection', template: template({ connectionType: 'Vnet2Vnet' }) }],
});
