import { describe, expect, it } from 'vitest';
import { ExpressionError } from '../errors.js';
import { plain, run } from '../test-host.js';

// Expected values: examples on learn.microsoft.com/azure/azure-resource-manager/templates/template-functions-cidr.
const cases: [string, unknown][] = [
  [
    "[parseCidr('10.144.0.0/20')]",
    { network: '10.144.0.0', netmask: '255.255.240.0', broadcast: '10.144.15.255', firstUsable: '10.144.0.1', lastUsable: '10.144.15.254', cidr: 20 },
  ],
  [
    "[parseCidr('fdad:3236:5555::/48')]",
    {
      network: 'fdad:3236:5555::',
      netmask: 'ffff:ffff:ffff::',
      firstUsable: 'fdad:3236:5555::',
      lastUsable: 'fdad:3236:5555:ffff:ffff:ffff:ffff:ffff',
      cidr: 48,
    },
  ],
  [
    "[map(range(0, 5), lambda('i', cidrSubnet('10.144.0.0/20', 24, lambdaVariables('i'))))]",
    ['10.144.0.0/24', '10.144.1.0/24', '10.144.2.0/24', '10.144.3.0/24', '10.144.4.0/24'],
  ],
  [
    "[map(range(0, 5), lambda('i', cidrSubnet('fdad:3236:5555::/48', 52, lambdaVariables('i'))))]",
    ['fdad:3236:5555::/52', 'fdad:3236:5555:1000::/52', 'fdad:3236:5555:2000::/52', 'fdad:3236:5555:3000::/52', 'fdad:3236:5555:4000::/52'],
  ],
  ["[map(range(0, 5), lambda('i', cidrHost('10.144.3.0/24', lambdaVariables('i'))))]", ['10.144.3.1', '10.144.3.2', '10.144.3.3', '10.144.3.4', '10.144.3.5']],
  [
    "[map(range(0, 5), lambda('i', cidrHost('fdad:3236:5555:3000::/52', lambdaVariables('i'))))]",
    ['fdad:3236:5555:3000::1', 'fdad:3236:5555:3000::2', 'fdad:3236:5555:3000::3', 'fdad:3236:5555:3000::4', 'fdad:3236:5555:3000::5'],
  ],
  // An IPv6 prefix written with an embedded IPv4 address (the last 32 bits).
  ["[cidrSubnet('64:ff9b::10.0.0.0/104', 112, 1)]", '64:ff9b::a01:0/112'],
];

describe('cidr functions', () => {
  it.each(cases)('%s', (expression, expected) => {
    expect(plain(run(expression))).toEqual(expected);
  });

  it('refuses malformed ranges and out-of-range indexes', () => {
    expect(() => run("[parseCidr('10.0.0.300/24')]")).toThrow(ExpressionError);
    expect(() => run("[cidrSubnet('10.0.0.0/24', 16, 0)]")).toThrow(ExpressionError);
    expect(() => run("[cidrHost('10.0.0.0/30', 2)]")).toThrow(ExpressionError);
  });
});
