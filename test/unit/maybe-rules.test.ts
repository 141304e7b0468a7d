import { describe, expect, it } from 'vitest';
import { jsonReport } from '../../src/reporters/json.js';
import { jsonReportSchema } from '../../src/reporters/json-schema.js';
import { RULES } from '../../src/rules/index.js';
import { buildReport } from '../../src/scan.js';
import { graphOf, netNic, nsg, publicIpAddress, testVnet, vmTemplate } from '../support/network-snippets.js';

/**
 * A rule whose match is not known, above a rule that gives the same answer: the answer stands, and
 * the report says which rule may decide in its place (AZV-CONN-003 is unknown on it, see its tests).
 */
describe('rules that may decide in place of the deciding one', () => {
  const template = {
    ...vmTemplate([
      testVnet({ nsg: 'subnet-nsg' }),
      nsg('subnet-nsg', [
        { name: 'ssh-maybe', priority: 100, port: "[parameters('port')]" },
        { name: 'ssh', priority: 200, port: 22 },
      ]),
      netNic('app-1-nic', { publicIp: 'app-pip', privateIp: '10.0.1.4' }),
      publicIpAddress('app-pip'),
    ]),
    parameters: { port: { type: 'string' } },
  };

  it('are in the JSON report beside the deciding rules, with where they are written and why', () => {
    const report = buildReport([], graphOf(template), RULES);
    const json = JSON.parse(jsonReport(report, RULES, 'en')) as unknown;
    expect(jsonReportSchema.safeParse(json).success).toBe(true);
    const [exposure] = (json as { exposure: { internet: { paths: { rules: { name: string }[]; maybeRules?: unknown[] }[] } }[] }).exposure;
    const ssh = exposure?.internet.paths[0];
    expect(ssh?.rules.map((rule) => rule.name)).toEqual(['ssh']);
    expect(ssh?.maybeRules).toEqual([
      {
        rule: expect.objectContaining({ name: 'ssh-maybe', priority: 100, location: expect.objectContaining({ file: 'test.json', line: expect.any(Number) }) }),
        reason: expect.stringMatching(/^ssh-maybe in subnet-nsg: .*parameter 'port' has no value/),
      },
    ]);
  });

  it('are left out where there are none', () => {
    const plain = { ...template, parameters: { port: { type: 'string', defaultValue: '22' } } };
    const json = JSON.parse(jsonReport(buildReport([], graphOf(plain), RULES), RULES, 'en')) as { exposure: { internet: { paths: object[] } }[] };
    expect(json.exposure[0]?.internet.paths.every((each) => !('maybeRules' in each))).toBe(true);
  });
});
