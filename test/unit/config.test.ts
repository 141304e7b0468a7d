import { describe, expect, it } from 'vitest';
import { parseConfig, resolveConfig, selectRules } from '../../src/config/load.js';
import { configJsonSchema } from '../../src/config/schema.js';
import { RULES } from '../../src/rules/index.js';

function issues(yaml: string): string[] {
  const result = parseConfig(yaml);
  if (result.ok) throw new Error('expected issues');
  return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
}

describe('.azvmsec.yaml', () => {
  it('reads every key', () => {
    const result = parseConfig(`
language: ja
failOn: medium
profile: mcsb-v1
exclude: [legacy/**]
rules:
  AZV-VM-013: off
  AZV-NET-002: { severity: critical }
suppressions:
  - rule: AZV-VM-004
    resource: { id: "/subscriptions/*/resourceGroups/rg-pos/**" }
    reason: The POS vendor image does not support it yet
    expires: 2027-03-31
attestations:
  - rule: AZV-VM-001
    by: Aiko Sato
    date: 2026-05-20
    evidence: Conditional Access export reviewed in SEC-1234
`);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config).toMatchObject({ language: 'ja', failOn: 'medium', rules: { 'AZV-VM-013': 'off' } });
    const { resolved, issues: problems } = resolveConfig(result.config, RULES);
    expect(problems).toEqual([]);
    expect(resolved.severities.get('AZV-NET-002')).toBe('critical');
    expect(selectRules(RULES, resolved).some((rule) => rule.id === 'AZV-VM-013')).toBe(false);
  });

  it('an empty file is an empty configuration', () => {
    expect(parseConfig('')).toEqual({ ok: true, config: {} });
  });

  it('a "billion laughs" file, or one nested past the stack, is an issue, not a throw', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++)
      levels.push(
        `${'abcdefghi'[i]}: &${'abcdefghi'[i]} [${Array(9)
          .fill(`*${'abcdefghi'[i - 1]}`)
          .join(', ')}]`,
      );
    expect(parseConfig(levels.join('\n'))).toEqual({
      ok: false,
      issues: [{ path: '', message: 'Excessive alias count indicates a resource exhaustion attack' }],
    });
    expect(parseConfig(`${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)).toMatchObject({
      ok: false,
      issues: [{ path: '', message: 'nested too deeply to read' }],
    });
  });

  it('a typo is an error with its path, never silently ignored', () => {
    expect(issues('failon: high\n')).toEqual([': unknown key "failon" (check the spelling)']);
    expect(issues('rules:\n  AZV-NET-002: { severty: low }\n')).toEqual(['rules.AZV-NET-002: unknown key "severty" (check the spelling)']);
    expect(issues('suppressions:\n  - rule: AZV-VM-013\n    resource: { nmae: x }\n    reason: a good long reason\n')).toContain(
      'suppressions[0].resource: unknown key "nmae" (check the spelling)',
    );
  });

  it('a suppression needs a reason of at least 10 characters and a resource selector', () => {
    expect(issues('suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm1 }\n')).toEqual([
      'suppressions[0].reason: a reason is required: say why the risk is accepted',
    ]);
    expect(issues('suppressions:\n  - rule: AZV-VM-013\n    resource: { name: vm1 }\n    reason: "   short  "\n')).toEqual([
      'suppressions[0].reason: the reason must say why in at least 10 characters',
    ]);
    expect(issues('suppressions:\n  - rule: AZV-VM-013\n    resource: {}\n    reason: a good long reason\n')).toEqual([
      'suppressions[0].resource: a resource selector needs id, name or type',
    ]);
    expect(issues('suppressions:\n  - rule: AZV-VM-013\n    resource: { name: a }\n    reason: a good long reason\n    expires: 31/12/2026\n')).toEqual([
      'suppressions[0].expires: expected a date as YYYY-MM-DD',
    ]);
  });

  it('network.bgpPrefixes takes IPv4 and IPv6 address prefixes and refuses anything else', () => {
    expect(parseConfig('network:\n  bgpPrefixes: [10.200.0.0/16, 0.0.0.0/0, 192.0.2.1, "2001:db8::/32"]\n')).toEqual({
      ok: true,
      config: { network: { bgpPrefixes: ['10.200.0.0/16', '0.0.0.0/0', '192.0.2.1', '2001:db8::/32'] } },
    });
    for (const bad of ['10.0.0.0/33', '256.0.0.0/8', 'office', '10.0.0/8', '2001:db8::/129', '10.0.0.0/8/8'])
      expect(issues(`network:\n  bgpPrefixes: ["${bad}"]\n`), bad).toEqual([
        'network.bgpPrefixes[0]: expected an address prefix such as 10.0.0.0/8 or 2001:db8::/32',
      ]);
    expect(issues('network:\n  bgpPrefix: [10.0.0.0/8]\n')).toEqual(['network: unknown key "bgpPrefix" (check the spelling)']);
  });

  it('network.bgpPrefixes also takes lists by the gateway, Route Server or virtual hub that learns them, "*" for the others', () => {
    expect(parseConfig('network:\n  bgpPrefixes:\n    contoso-er-gw: [10.200.0.0/16]\n    "*": [0.0.0.0/0]\n')).toEqual({
      ok: true,
      config: { network: { bgpPrefixes: { 'contoso-er-gw': ['10.200.0.0/16'], '*': ['0.0.0.0/0'] } } },
    });
    expect(issues('network:\n  bgpPrefixes:\n    contoso-er-gw: [office]\n')).toEqual([
      'network.bgpPrefixes.contoso-er-gw[0]: expected an address prefix such as 10.0.0.0/8 or 2001:db8::/32',
    ]);
    for (const bad of ['network:\n  bgpPrefixes: 10.0.0.0/8\n', 'network:\n  bgpPrefixes:\n    "": [10.0.0.0/8]\n'])
      expect(issues(bad), bad).toEqual([
        'network.bgpPrefixes: expected a list of address prefixes, or lists by the name or id of a gateway, Route Server or virtual hub',
      ]);
  });

  it('rule ids and rule options are checked against the rules themselves', () => {
    const result = parseConfig('rules:\n  AZV-VM-999: off\n  AZV-VM-013: { options: { nope: 1 } }\n');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const problems = resolveConfig(result.config, RULES).issues.map((i) => `${i.path}: ${i.message}`);
    expect(problems[0]).toBe('rules.AZV-VM-999: no rule AZV-VM-999 (azvmsec rules lists them)');
    expect(problems[1]).toMatch(/^rules\.AZV-VM-013\.options/);
    const withOptions = RULES.find((rule) => rule.options !== undefined);
    expect(withOptions).toBeDefined();
    if (!withOptions) return;
    const bad = parseConfig(`rules:\n  ${withOptions.id}: { options: { notAnOption: true } }\n`);
    if (!bad.ok) throw new Error('parse');
    expect(resolveConfig(bad.config, RULES).issues[0]?.path).toMatch(new RegExp(`^rules\\.${withOptions.id}\\.options`));
    const good = parseConfig(`rules:\n  ${withOptions.id}: { options: {} }\n`);
    if (!good.ok) throw new Error('parse');
    const resolved = resolveConfig(good.config, RULES);
    expect(resolved.issues).toEqual([]);
    expect(resolved.resolved.ruleOptions.get(withOptions.id)).toEqual(withOptions.options?.parse({}));
  });

  it('YAML syntax errors carry their line', () => {
    const result = parseConfig('rules:\n  AZV-VM-013: [\n');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.issues[0]?.line).toBeGreaterThan(0);
      expect(result.issues[0]?.message).not.toContain('\n');
    }
  });

  it('has a JSON Schema for editors that forbids unknown keys', () => {
    const schema = configJsonSchema() as { additionalProperties: unknown; properties: Record<string, unknown> };
    expect(schema.additionalProperties).toBe(false);
    expect(Object.keys(schema.properties)).toEqual(['$schema', 'language', 'failOn', 'profile', 'exclude', 'rules', 'suppressions', 'attestations', 'network']);
  });
});
