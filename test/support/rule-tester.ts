import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { Analyses } from '../../src/analyses/analyses.js';
import { evaluate, defaultOptions } from '../../src/engine/run.js';
import { MACHINE_PLACEHOLDER } from '../../src/i18n/machine.js';
import type { Evaluation } from '../../src/findings/types.js';
import { expandTemplate } from '../../src/inputs/arm/expand.js';
import { readArmParameters } from '../../src/inputs/arm/parameters.js';
import { parseJson } from '../../src/inputs/json/parse.js';
import { placeholders } from '../../src/i18n/locale.js';
import { japanesePhrase, japaneseReason } from '../../src/i18n/reasons.js';
import { ResourceGraph, type NetworkFacts } from '../../src/model/graph.js';
import { freezeBodies } from './frozen.js';
import type { Rule } from '../../src/rules/define-rule.js';
import { readSnapshotValue } from '../../src/inputs/snapshot/read.js';
import { snapshotOf, type SnapshotCase } from './snapshot-snippets.js';

/** The input of a case: a fixture file in the rule's `fixtures/` folder, or an inline template object. */
export interface CaseInput {
  readonly name: string;
  /** File name in the rule's fixtures folder (an ARM template). */
  readonly fixture?: string;
  /** An inline ARM template (see `armTemplate`). */
  readonly template?: object;
  /**
   * A snapshot (Resource Graph rows, ARM REST data, Microsoft Graph sections; see
   * `snapshot-snippets.ts`), read through the real snapshot reader.
   */
  readonly snapshot?: SnapshotCase;
  /** Parameter values, as a parameter file would give them. */
  readonly parameters?: Readonly<Record<string, unknown>>;
  /** Only evaluations of resources with this name count; all of the rule's evaluations by default. */
  readonly resource?: string;
  /** What the configuration says of the network (`.azvmsec.yaml`, `network`). */
  readonly network?: NetworkFacts;
}

export interface ExpectedFinding {
  readonly messageId: string;
  /** Name of the resource the finding points into; the evaluated resource by default. */
  readonly resource?: string;
  /** JSON pointer inside that resource. */
  readonly at?: string;
  readonly data?: Readonly<Record<string, string | number>>;
  /** Line in the input file the finding must point at. */
  readonly line?: number;
}

export interface RuleTests {
  /** The rule module's URL (`import.meta.url`), to find its fixtures folder. */
  readonly url: string;
  readonly valid: readonly CaseInput[];
  readonly invalid: readonly (CaseInput & { readonly findings: readonly ExpectedFinding[] })[];
  readonly unknown?: readonly (CaseInput & { readonly reason: RegExp })[];
  /** Why no input can make this rule pass (a measure configuration cannot prove), when that is so. */
  readonly validImpossible?: string;
  /** Why no input can make this rule fail (an informational rule), when that is so. */
  readonly invalidImpossible?: string;
  /** Why no input can make this rule unknown, when that is so (the unknown bucket may then be empty). */
  readonly unknownImpossible?: string;
  /** Cases where the input cannot show the evidence (`context.notAssessed`), with the reason expected. */
  readonly notAssessed?: readonly (CaseInput & { readonly reason: RegExp })[];
  readonly notApplicable?: readonly CaseInput[];
}

/** Runs the case's input through the real JSON reader, ARM reader, graph and engine. */
export function evaluateCase(rule: Rule, input: CaseInput, fixtures: string): { evaluations: Evaluation[]; graph: ResourceGraph } {
  if (input.snapshot) {
    const read = readSnapshotValue(JSON.parse(JSON.stringify(snapshotOf(input.snapshot))), `${input.name}.snapshot.json`);
    if (read.status === 'error') throw new Error(`case "${input.name}": ${read.diagnostics.map((d) => d.message).join('; ')}`);
    return evaluateGraph(rule, input, new ResourceGraph(read.resources, input.network));
  }
  const text = input.fixture ? readFileSync(path.join(fixtures, input.fixture), 'utf8') : JSON.stringify(input.template, null, 2);
  const file = input.fixture ?? `${input.name}.json`;
  const parameterValues = input.parameters
    ? readArmParameters(parseJson(JSON.stringify({ parameters: Object.fromEntries(Object.entries(input.parameters).map(([k, v]) => [k, { value: v }])) })))
        .values
    : undefined;
  const read = expandTemplate(parseJson(text), { file, ...(parameterValues ? { parameterValues } : {}) });
  return evaluateGraph(rule, input, new ResourceGraph(read.resources, input.network));
}

function evaluateGraph(rule: Rule, input: CaseInput, graph: ResourceGraph): { evaluations: Evaluation[]; graph: ResourceGraph } {
  // The input is read, never written: a rule or analysis that writes to a body fails its tests.
  freezeBodies(graph.resources);
  const options = defaultOptions(rule);
  const analyses = new Analyses(graph);
  const evaluations = rule.resourceTypes
    .flatMap((type) => graph.ofType(type))
    .filter((resource) => input.resource === undefined || resource.name === input.resource)
    .map((resource) => evaluate(rule, resource, analyses, options));
  // Reports render every reason in Japanese too: a reason no template of src/i18n/reasons/ matches
  // would be printed in English (a rule's error is a fault to fix, not a reason).
  for (const e of evaluations)
    if (e.reason !== undefined && e.status !== 'error')
      expect(japaneseReason(e.reason), `${rule.id} on ${e.resource.name}: no Japanese for the reason "${e.reason}" (src/i18n/reasons/)`).toBeDefined();
  return { evaluations, graph };
}

/**
 * Table tests for one rule, ESLint RuleTester style. It also tests the tests: each bucket that must
 * have cases has them, names are unique, invalid cases expect findings, message ids exist, English
 * and Japanese messages use the same placeholders, and every fixture file is used by some case.
 */
export function testRule(rule: Rule, tests: RuleTests): void {
  const folder = path.dirname(fileURLToPath(tests.url));
  const fixtures = path.join(folder, 'fixtures');
  const all: CaseInput[] = [...tests.valid, ...tests.invalid, ...(tests.unknown ?? []), ...(tests.notAssessed ?? []), ...(tests.notApplicable ?? [])];

  describe(`${rule.id} ${rule.name}`, () => {
    it('has well-formed metadata and tests', () => {
      expect(path.basename(folder)).toBe(rule.name);
      expect(rule.id).toMatch(/^AZV-(CONN|NET|VM|IAM|MON|REC)-\d{3}$/);
      if (tests.validImpossible === undefined) expect(tests.valid.length, 'at least one valid case').toBeGreaterThan(0);
      if (tests.invalidImpossible === undefined) expect(tests.invalid.length, 'at least one invalid case').toBeGreaterThan(0);
      if (tests.unknownImpossible === undefined) expect(tests.unknown?.length ?? 0, 'at least one unknown case').toBeGreaterThan(0);
      const names = all.map((c) => c.name);
      expect(new Set(names).size, `duplicate case names in ${names.join(', ')}`).toBe(names.length);
      const inputs = all.map((c) => JSON.stringify([c.fixture, c.template, c.snapshot, c.parameters, c.resource, c.network]));
      expect(new Set(inputs).size, 'two cases have the same input').toBe(inputs.length);
      for (const c of all) {
        expect([c.fixture, c.template, c.snapshot].filter(Boolean).length, `case "${c.name}" needs exactly one of fixture, template or snapshot`).toBe(1);
      }
      for (const [id, text] of Object.entries(rule.messages)) {
        expect(placeholders(text.ja).sort(), `message ${id}: en and ja placeholders differ`).toEqual(placeholders(text.en).sort());
      }
      for (const c of tests.invalid) {
        expect(c.findings.length, `invalid case "${c.name}" expects no finding`).toBeGreaterThan(0);
        for (const f of c.findings) {
          const template = rule.messages[f.messageId];
          expect(template, `case "${c.name}": unknown message id ${f.messageId}`).toBeDefined();
          // `{{machine}}` is the engine's to fill, never the rule's.
          if (template && f.data)
            expect(Object.keys(f.data).sort()).toEqual([...new Set(placeholders(template.en))].filter((name) => name !== MACHINE_PLACEHOLDER).sort());
        }
      }
      const placeholdersUsed = new Set(Object.values<{ en: string }>(rule.messages).flatMap((message) => placeholders(message.en)));
      for (const key of rule.phrases ?? []) expect(placeholdersUsed.has(key), `phrase {{${key}}} is a placeholder of no message`).toBe(true);
      let files: string[] = [];
      try {
        files = readdirSync(fixtures);
      } catch {
        files = [];
      }
      const used = new Set(all.map((c) => c.fixture).filter(Boolean));
      for (const file of files) expect(used.has(file), `fixture ${file} is used by no case`).toBe(true);
    });

    for (const c of tests.valid) {
      it(`valid: ${c.name}`, () => {
        const { evaluations } = evaluateCase(rule, c, fixtures);
        expect(evaluations.length, 'the rule evaluated nothing').toBeGreaterThan(0);
        for (const e of evaluations) expect(e.status, `${e.resource.name}: ${e.reason ?? ''}`).toBe('pass');
      });
    }

    for (const c of tests.invalid) {
      it(`invalid: ${c.name}`, () => {
        const { evaluations, graph } = evaluateCase(rule, c, fixtures);
        const failed = evaluations.filter((e) => e.status === 'fail');
        // Phrases in a finding's data are rendered in Japanese as reasons are.
        for (const finding of failed.flatMap((e) => e.findings))
          for (const key of rule.phrases ?? []) {
            const value = finding.data[key];
            if (typeof value === 'string')
              expect(
                japanesePhrase(value),
                `${rule.id} ${finding.messageId}: no Japanese for the phrase {{${key}}} "${value}" (src/i18n/reasons/)`,
              ).toBeDefined();
          }
        expect(failed.length, `statuses: ${evaluations.map((e) => `${e.status} ${e.reason ?? ''}`).join('; ')}`).toBeGreaterThan(0);
        const actual = failed.flatMap((e) =>
          e.findings.map((f) => {
            const target = graph.get(f.resourceId);
            const expected = c.findings.find((x) => x.messageId === f.messageId) ?? c.findings[0];
            return {
              messageId: f.messageId,
              resource: target?.name ?? e.resource.name,
              ...(expected?.at !== undefined ? { at: f.location.pointer } : {}),
              ...(expected?.data !== undefined ? { data: f.data } : {}),
              ...(expected?.line !== undefined ? { line: f.location.line } : {}),
            };
          }),
        );
        const wanted = c.findings.map((f) => {
          const failedResource = failed[0]?.resource.name;
          return { ...f, resource: f.resource ?? failedResource };
        });
        expect(actual).toEqual(wanted);
      });
    }

    for (const c of tests.unknown ?? []) {
      it(`unknown: ${c.name}`, () => {
        const { evaluations } = evaluateCase(rule, c, fixtures);
        expect(evaluations.length, 'the rule evaluated nothing').toBeGreaterThan(0);
        for (const e of evaluations) {
          expect(e.status, `${e.resource.name}`).toBe('unknown');
          expect(e.reason).toMatch(c.reason);
        }
      });
    }

    for (const c of tests.notAssessed ?? []) {
      it(`not assessed: ${c.name}`, () => {
        const { evaluations } = evaluateCase(rule, c, fixtures);
        expect(evaluations.length, 'the rule evaluated nothing').toBeGreaterThan(0);
        for (const e of evaluations) {
          expect(e.status, `${e.resource.name}: ${e.reason ?? ''}`).toBe('not-assessed');
          expect(e.reason).toMatch(c.reason);
        }
      });
    }

    for (const c of tests.notApplicable ?? []) {
      it(`not applicable: ${c.name}`, () => {
        const { evaluations } = evaluateCase(rule, c, fixtures);
        for (const e of evaluations) expect(e.status, `${e.resource.name}: ${e.reason ?? ''}`).toBe('not-applicable');
      });
    }
  });
}
