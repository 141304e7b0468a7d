import { armTemplate } from '../../../../test/support/arm-snippets.js';
import { bastion } from '../../../../test/support/edge-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule from './rule.js';

const host = (properties: Record<string, unknown>, sku = 'Standard'): object => armTemplate([bastion('bas', { sku, properties })]);

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'defaults (no shareable link, no tunneling)', template: host({}) },
    { name: 'tunneling and IP connect off', template: host({ enableTunneling: false, enableIpConnect: false, networkAcls: { ipRules: [] } }, 'Premium') },
    { name: 'private-only Premium with IP connect', template: host({ enableIpConnect: true, enablePrivateOnlyBastion: true }, 'Premium') },
  ],
  invalid: [
    {
      name: 'shareable links on',
      template: host({ enableShareableLink: true }),
      findings: [{ messageId: 'shareableLink', at: '/properties/enableShareableLink', data: { name: 'bas' } }],
    },
    {
      name: 'tunneling and IP connect without an allow-list',
      template: host({ enableTunneling: true, enableIpConnect: true }),
      findings: [
        { messageId: 'unscoped', at: '/properties/enableTunneling', data: { name: 'bas', feature: 'native client tunneling' } },
        { messageId: 'unscoped', at: '/properties/enableIpConnect', data: { name: 'bas', feature: 'IP-based connection' } },
      ],
    },
    {
      name: 'tunneling on a Premium host with networkAcls.ipRules (they apply to the Developer SKU only)',
      template: host({ enableTunneling: true, networkAcls: { ipRules: [{ addressPrefix: '203.0.113.0/24' }] } }, 'Premium'),
      findings: [{ messageId: 'unscoped', at: '/properties/enableTunneling', data: { name: 'bas', feature: 'native client tunneling' } }],
    },
  ],
  unknown: [
    {
      name: 'shareable link from an unset parameter',
      template: { ...(host({ enableShareableLink: "[parameters('share')]" }) as object), parameters: { share: { type: 'bool' } } },
      reason: /parameter 'share' has no value/,
    },
  ],
  // Every Bastion host has these settings (absent means off), so nothing is not applicable.
  notApplicable: [],
});
