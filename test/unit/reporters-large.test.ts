import { beforeAll, describe, expect, it } from 'vitest';
import type { Evaluation, Report } from '../../src/findings/types.js';
import { groupBy } from '../../src/reporters/common.js';
import { htmlReport } from '../../src/reporters/html/index.js';
import { markdownReport } from '../../src/reporters/markdown.js';
import { RULES } from '../../src/rules/index.js';
import { scan } from '../../src/scan.js';
import { ROOT } from '../support/cli.js';

describe('groupBy', () => {
  it('keeps groups in the order their key first appears and items in input order', () => {
    const groups = groupBy(['b1', 'a1', 'b2', 'c1', 'a2', 'b3'], (item) => item.charAt(0));
    expect([...groups]).toEqual([
      ['b', ['b1', 'b2', 'b3']],
      ['a', ['a1', 'a2']],
      ['c', ['c1']],
    ]);
    expect(groupBy([], String).size).toBe(0);
  });
});

/** The example estate's report with one failing rule repeated on 20,000 generated VMs, and its unknown checks. */
const VMS = 20_000;
let report: Report;
let ruleId: string;
beforeAll(async () => {
  const base = await scan({ paths: ['examples'], cwd: ROOT, now: new Date('2026-06-01T00:00:00Z') });
  const template = base.evaluations.find((e) => e.status === 'fail' && e.findings.length > 0) as Evaluation;
  ruleId = template.ruleId;
  // The engine's findings derive their message, location and fingerprint when read: copy them as data.
  const finding = JSON.parse(JSON.stringify(template.findings[0])) as Evaluation['findings'][number];
  const evaluations: Evaluation[] = [];
  for (let i = 0; i < VMS; i++) {
    const name = `vm-${String(i).padStart(5, '0')}`;
    const id = `${template.resource.id}-${name}`;
    evaluations.push({
      ...template,
      resource: { ...template.resource, id, name },
      findings: [{ ...finding, resourceId: id, location: { ...finding.location, file: `estate/${name}.json`, line: i + 1 }, fingerprint: `fp-${i}` }],
    });
  }
  // And the example estate's undecided checks, listed after the failures.
  for (const evaluation of base.evaluations) if (evaluation.status === 'unknown') evaluations.push(evaluation);
  report = { ...base, evaluations };
}, 60_000);

describe('a rule failing on 20,000 VMs', () => {
  it('renders in Markdown within a pull-request comment: the first VMs in order under the one rule, then how many more', () => {
    const text = markdownReport(report, RULES, 'en');
    expect(text.length).toBeLessThanOrEqual(65_536);
    expect(text.match(new RegExp(`^- \\*\\*${ruleId}\\*\\*`, 'gm'))).toHaveLength(1);
    const shown = text.match(/^ {2}- `estate\/vm-\d{5}\.json:\d+`/gm) ?? [];
    expect(shown.length).toBeGreaterThan(200);
    expect(shown[0]).toContain('estate/vm-00000.json:1`');
    expect(shown.at(-1)).toContain(`estate/vm-${String(shown.length - 1).padStart(5, '0')}.json:${shown.length}\``);
    expect(text).toContain(`… ${VMS - shown.length} more not shown: a pull-request comment holds 65,536 characters.`);
    // The sections after the cut one keep room of their own; every section is closed.
    const undecided = text.split('<summary><b>Not decided: unknown, not assessed, errors (')[1] ?? '';
    expect(undecided.split('</details>')[0]).toMatch(/\n- .*\*\*AZV-/);
    expect(text.match(/<details/g)?.length).toBe(text.match(/<\/details>/g)?.length);
    // In Japanese too (a character of kana is one of JavaScript's).
    expect(markdownReport(report, RULES, 'ja').length).toBeLessThanOrEqual(65_536);
  });

  it('renders in HTML, every VM listed once in the rule article, in order', () => {
    const html = htmlReport(report, RULES, 'en');
    expect(html.match(/<article class="check fail/g)).toHaveLength(1);
    expect(html.match(/<b>vm-\d{5}<\/b> <code class="where">estate\/vm-\d{5}\.json:\d+<\/code>/g)).toHaveLength(VMS);
    expect(html.indexOf('<b>vm-00000</b>')).toBeLessThan(html.indexOf('<b>vm-19999</b>'));
  });
});
