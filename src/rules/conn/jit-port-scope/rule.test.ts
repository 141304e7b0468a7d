import { describe, expect, it } from 'vitest';
import { armTemplate, rid } from '../../../../test/support/arm-snippets.js';
import { testRule } from '../../../../test/support/rule-tester.js';
import rule, { durationSeconds } from './rule.js';

const policy = (ports: object[]): object =>
  armTemplate([
    {
      type: 'Microsoft.Security/locations/jitNetworkAccessPolicies',
      apiVersion: '2020-01-01',
      name: 'japaneast/default',
      kind: 'Basic',
      properties: { virtualMachines: [{ id: rid('Microsoft.Compute/virtualMachines', 'app-1'), ports }] },
    },
  ]);
const port = (number: number, source: unknown, duration = 'PT3H'): object => ({
  number,
  protocol: 'TCP',
  ...(Array.isArray(source) ? { allowedSourceAddressPrefixes: source } : { allowedSourceAddressPrefix: source }),
  maxRequestAccessDuration: duration,
});

testRule(rule, {
  url: import.meta.url,
  valid: [
    { name: 'admin range for three hours', template: policy([port(22, '203.0.113.0/24')]) },
    { name: 'two admin ranges for one hour', template: policy([port(3389, ['203.0.113.0/24', '198.51.100.7'], 'PT1H')]) },
    { name: 'an IPv6 admin range', template: policy([port(22, '2001:db8:1::/48')]) },
    { name: 'only the private IPv4 ranges', template: policy([port(22, ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'])]) },
  ],
  invalid: [
    {
      name: 'any source',
      template: policy([port(22, '*')]),
      findings: [{ messageId: 'anySource', at: '/properties/virtualMachines/0/ports/0', data: { name: 'japaneast/default', vm: 'app-1', port: '22' } }],
    },
    {
      name: 'any IPv6 source (::/0)',
      template: policy([port(22, '::/0')]),
      findings: [{ messageId: 'anySource', at: '/properties/virtualMachines/0/ports/0', data: { name: 'japaneast/default', vm: 'app-1', port: '22' } }],
    },
    {
      name: 'two /1 prefixes that together take in every IPv4 address',
      template: policy([port(3389, ['0.0.0.0/1', '128.0.0.0/1'])]),
      findings: [{ messageId: 'anySource', at: '/properties/virtualMachines/0/ports/0', data: { name: 'japaneast/default', vm: 'app-1', port: '3389' } }],
    },
    {
      name: 'a day of access',
      template: policy([port(3389, '203.0.113.0/24', 'P1D')]),
      findings: [
        {
          messageId: 'longDuration',
          at: '/properties/virtualMachines/0/ports/0/maxRequestAccessDuration',
          data: { name: 'japaneast/default', vm: 'app-1', port: '3389', duration: 'P1D', max: 'PT3H' },
        },
      ],
    },
  ],
  unknown: [
    {
      name: 'source from an unset parameter',
      template: { ...(policy([port(22, "[parameters('source')]")]) as object), parameters: { source: { type: 'string' } } },
      reason: /parameter 'source' has no value/,
    },
    {
      name: 'a source that is not an address prefix',
      template: policy([port(22, '10.0.0.0/33')]),
      reason: /"10\.0\.0\.0\/33" is not an address prefix/,
    },
  ],
  notApplicable: [{ name: 'policy with no VM ports', template: policy([]) }],
});

describe('durationSeconds', () => {
  it('reads ISO-8601 durations', () => {
    expect(durationSeconds('PT3H')).toBe(10800);
    expect(durationSeconds('P1DT30M')).toBe(88200);
    expect(durationSeconds('three hours')).toBeUndefined();
  });
});
