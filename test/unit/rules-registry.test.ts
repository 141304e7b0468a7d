import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { defaultOptions, evaluate } from '../../src/engine/run.js';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { ResourceGraph } from '../../src/model/graph.js';
import { RULES } from '../../src/rules/index.js';
import { PILLARS } from '../../src/rules/pillars.js';
import { generatedFiles, ruleDocs, ruleFolder } from '../../tools/generate.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { armTemplate } from '../support/arm-snippets.js';
import { snapshotOf, type SnapshotCase } from '../support/snapshot-snippets.js';
import { ROOT } from '../support/cli.js';

const HEADINGS = ['## Why it matters', '## How to fix', '## Examples', '## References'];

describe('rule registry', () => {
  it('is sorted by id, with unique ids and names', () => {
    const ids = RULES.map((rule) => rule.id);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(RULES.map((rule) => rule.name)).size).toBe(RULES.length);
  });

  it('lists every rule folder, and every rule lives in its pillar folder', () => {
    const folders = PILLARS.flatMap((pillar) => {
      try {
        return readdirSync(path.join(ROOT, 'src/rules', pillar.toLowerCase())).map((name) => `${pillar}/${name}`);
      } catch {
        return [];
      }
    });
    expect(RULES.map((rule) => `${rule.pillar}/${rule.name}`).sort()).toEqual(folders.sort());
  });

  it('gives every rule a title, a fix and messages in English and Japanese', () => {
    for (const rule of RULES) {
      for (const text of [rule.title, rule.fix, ...Object.values(rule.messages)]) {
        expect(text.en.length, rule.id).toBeGreaterThan(0);
        expect(text.ja, rule.id).toMatch(/[\u3040-\u30ff\u4e00-\u9faf]/);
      }
    }
  });
});

describe.each(RULES.map((rule) => [rule.id, rule] as const))('%s documentation', (_, rule) => {
  it.each(['en', 'ja'] as const)('docs.%s.md has the fixed headings in order', async (locale) => {
    const docs = await ruleDocs(rule, locale);
    const headings = docs.split('\n').filter((line) => line.startsWith('## '));
    expect(headings).toEqual(HEADINGS);
  });

  it.each(['en', 'ja'] as const)('examples in docs.%s.md behave as they say', async (locale) => {
    const docs = await ruleDocs(rule, locale);
    const examples = [...docs.matchAll(/```json (incorrect|correct)\n([\s\S]*?)```/g)];
    expect(examples.map((m) => m[1]).sort()).toEqual(['correct', 'incorrect']);
    for (const [, kind, body] of examples) {
      const parsed = JSON.parse(body as string) as object | object[];
      // An object without a `type` is a snapshot (Resource Graph rows, ARM data, Microsoft Graph sections), not a resource.
      const graph =
        !Array.isArray(parsed) && !('type' in parsed)
          ? new ResourceGraph(readSnapshotValue(snapshotOf(parsed as SnapshotCase), `docs.${locale}.md`).resources)
          : new ResourceGraph(
              expandTemplate(parseJson(JSON.stringify(armTemplate(Array.isArray(parsed) ? parsed : [parsed]), null, 2)), { file: `docs.${locale}.md` })
                .resources,
            );
      const analyses = new Analyses(graph);
      const statuses = rule.resourceTypes
        .flatMap((type) => graph.ofType(type))
        .map((resource) => evaluate(rule, resource, analyses, defaultOptions(rule)).status);
      expect(statuses.length, `${kind} example checks nothing`).toBeGreaterThan(0);
      // An info rule about a measure configuration cannot prove shows 'not assessed' (to attest) where others pass or fail.
      const attestable = rule.severity === 'info' && statuses.includes('not-assessed');
      if (kind === 'incorrect') expect(statuses.includes('fail') || attestable, `${kind}: ${statuses.join(', ')}`).toBe(true);
      else
        expect(
          statuses.every((status) => status === 'pass' || (rule.severity === 'info' && status === 'not-assessed')),
          `${kind}: ${statuses.join(', ')}`,
        ).toBe(true);
    }
  });
});

describe('generated files', () => {
  it('are up to date (run `npm run gen`)', async () => {
    for (const [file, content] of await generatedFiles()) {
      expect(readFileSync(path.join(ROOT, file), 'utf8'), `${file} is stale: run npm run gen`).toBe(content);
    }
  });

  it('cover every rule folder', () => {
    for (const rule of RULES) expect(readdirSync(ruleFolder(rule))).toEqual(expect.arrayContaining(['rule.ts', 'rule.test.ts', 'docs.en.md', 'docs.ja.md']));
  });
});
