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

/** The example estate's report with one failing rule repeated on 20,000 generated VMs. */
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
  report = { ...base, evaluations };
}, 60_000);

describe('a rule failing on 20,000 VMs', () => {
  it('renders in Markdown, every VM listed once under the one rule, in order', () => {
    const text = markdownReport(report, RULES, 'en');
    expect(text.match(new RegExp(`^- \\*\\*${ruleId}\\*\\*`, 'gm'))).toHaveLength(1);
    expect(text.match(/^ {2}- `estate\/vm-\d{5}\.json:\d+`/gm)).toHaveLength(VMS);
    expect(text.indexOf('`estate/vm-00000.json:1`')).toBeLessThan(text.indexOf('`estate/vm-19999.json:20000`'));
  });

  it('renders in HTML, every VM listed once in the rule article, in order', () => {
    const html = htmlReport(report, RULES, 'en');
    expect(html.match(/<article class="check fail/g)).toHaveLength(1);
    expect(html.match(/<b>vm-\d{5}<\/b> <code class="where">estate\/vm-\d{5}\.json:\d+<\/code>/g)).toHaveLength(VMS);
    expect(html.indexOf('<b>vm-00000</b>')).toBeLessThan(html.indexOf('<b>vm-19999</b>'));
  });
});
