import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { evaluate, runRules } from '../../src/engine/run.js';
import { summarize } from '../../src/findings/summary.js';
import { terminalReport } from '../../src/reporters/terminal.js';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { defineRule, type Rule } from '../../src/rules/define-rule.js';
import { japaneseReason } from '../../src/i18n/reasons.js';
import { armTemplate } from '../support/arm-snippets.js';

const template = armTemplate(['a', 'b', 'c', 'd', 'e'].map((name) => ({ type: 'Microsoft.Network/publicIPAddresses', name, tags: { outcome: name } })));
const graph = new ResourceGraph(expandTemplate(parseJson(JSON.stringify(template)), { file: 'engine.json' }).resources);

/** A rule whose outcome each resource chooses through its `outcome` tag. */
const rule = defineRule({
  id: 'AZV-NET-999',
  name: 'engine-test',
  pillar: 'NET',
  severity: 'high',
  status: 'preview',
  since: '0.1.0',
  resourceTypes: ['Microsoft.Network/publicIPAddresses'],
  title: { en: 'test', ja: 'テスト' },
  fix: { en: 'fix', ja: '対処' },
  messages: { bad: { en: '{{name}} is bad', ja: '{{name}} は不適切' } },
  mappings: {},
  check(resource, context) {
    const outcome = (resource.body['tags'] as Record<string, string>)['outcome'];
    if (outcome === 'a') context.report('bad', { name: resource.name }, { at: '/tags' });
    if (outcome === 'b') return context.unknown('b cannot be known');
    if (outcome === 'c') return context.notAssessed('the input has no c');
    if (outcome === 'd') throw new Error('boom');
    return undefined;
  },
}) as Rule;

describe('the engine', () => {
  const evaluations = runRules(graph, [rule]);

  it('gives exactly one evaluation per (rule, resource) pair, one of each status', () => {
    expect(evaluations.map((e) => [e.resource.name, e.status])).toEqual([
      ['a', 'fail'],
      ['b', 'unknown'],
      ['c', 'not-assessed'],
      ['d', 'error'],
      ['e', 'pass'],
    ]);
    expect(evaluations[0]?.findings[0]).toMatchObject({ message: { en: 'a is bad', ja: 'a は不適切' }, location: { file: 'engine.json', pointer: '/tags' } });
    expect(evaluations[3]?.reason).toMatch(/^AZV-NET-999 failed on .*publicIPAddresses\/d: boom$/);
  });

  it('gives findings whose derived message, location and fingerprint survive JSON', () => {
    const finding = evaluations[0]?.findings[0];
    const copy = JSON.parse(JSON.stringify(finding)) as Record<string, unknown>;
    expect(Object.keys(copy)).toEqual(['messageId', 'data', 'message', 'resourceId', 'location', 'fingerprint']);
    expect(copy).toEqual({
      messageId: 'bad',
      data: { name: 'a' },
      message: { en: 'a is bad', ja: 'a は不適切' },
      resourceId: graph.resources[0]?.id,
      location: { file: 'engine.json', line: expect.any(Number), column: expect.any(Number), pointer: '/tags' },
      fingerprint: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(copy['fingerprint']).toBe(finding?.fingerprint);
  });

  it('renders the phrases a rule declares in Japanese messages, and keeps its data and English as given', () => {
    const phrase = 'the rule may match';
    const phrased = defineRule({
      ...(rule as Rule<'bad'>),
      messages: { bad: { en: '{{name}}: {{path}}', ja: '{{name}}、{{path}}' } },
      phrases: ['path'],
      check(_resource, context) {
        context.report('bad', { name: phrase, path: phrase });
      },
    }) as Rule;
    const [evaluation] = runRules(graph, [phrased]);
    const finding = evaluation?.findings[0];
    const japanese = japaneseReason(phrase);
    expect(japanese).toMatch(/ルール/);
    expect(finding?.data).toEqual({ name: phrase, path: phrase });
    // Only the declared placeholder is rendered; a name that reads like a phrase stays as it is.
    expect(finding?.message).toEqual({ en: `${phrase}: ${phrase}`, ja: `${phrase}、${japanese}` });
  });

  it('takes frozen message data as it is', () => {
    const data = Object.freeze({ name: 'a resource with a long enough name' });
    const frozen = defineRule({ ...rule, check: (_resource, context) => context.report('bad', data) }) as Rule;
    const [first, second] = runRules(graph, [frozen]);
    expect([first?.status, second?.status]).toEqual(['fail', 'fail']);
    expect(second?.findings[0]?.message.en).toBe('a resource with a long enough name is bad');
  });

  it('keeps one of findings that say the same about the same place, and findings that differ in data or place', () => {
    // A VM whose two NICs sit behind the same NSG rule gave the same finding twice.
    const twice = defineRule({
      ...rule,
      check: (resource, context) => {
        context.report('bad', { name: resource.name }, { at: '/tags' });
        context.report('bad', { name: resource.name }, { at: '/tags' });
        context.report('bad', { name: `${resource.name}-2` }, { at: '/tags' });
        context.report('bad', { name: resource.name }, { at: '/sku' });
      },
    }) as Rule;
    const [evaluation] = runRules(graph, [twice]);
    expect(evaluation?.findings.map((f) => `${f.message.en} ${f.location.pointer}`)).toEqual(['a is bad /tags', 'a-2 is bad /tags', 'a is bad /sku']);
  });

  it('keeps a finding even when the rule also says unknown', () => {
    const both = defineRule({
      ...rule,
      check: (resource, context) => (context.report('bad', { name: resource.name }), context.unknown('also unsure')),
    }) as Rule;
    expect(evaluate(both, graph.resources[0]!, new Analyses(graph), {}).status).toBe('fail');
  });

  it('scores only decided evaluations, weighted by severity', () => {
    const [, net] = summarize(evaluations, new Map([['NET', [rule.id]]]));
    expect(net).toMatchObject({ pillar: 'NET', score: 50, pass: 1, fail: 1, unknown: 1, notAssessed: 1, error: 1 });
  });

  it('shows not-assessed evaluations with their reason', () => {
    const report = { tool: { name: 'azvmsec' as const, version: '0' }, inputs: [], evaluations, summary: summarize(evaluations, new Map()), exposure: [] };
    expect(terminalReport(report, [rule], 'en', { color: false })).toContain('not assessed: the input has no c');
  });
});
