import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareEvaluations, sortEvaluations } from '../../src/findings/summary.js';
import type { Evaluation } from '../../src/findings/types.js';
import { PILLARS } from '../../src/rules/pillars.js';
import { fuzz } from './settings.js';

/** The ranked sort used for large reports gives exactly the order of `compareEvaluations`, ties kept stable. */

const STATUSES = ['pass', 'fail', 'unknown', 'error', 'not-assessed', 'not-applicable', 'attested'] as const;
const IDS = ['/subscriptions/a/vm1', '/subscriptions/A/VM1', '/subscriptions/a/vm10', '/subscriptions/a/vm2', '/subscriptions/b/vm1', 'é', 'e', 'E'];

const EVALUATION = fc.record({
  pillar: fc.constantFrom(...PILLARS),
  status: fc.constantFrom(...STATUSES),
  ruleId: fc.constantFrom('AZV-NET-001', 'AZV-NET-010', 'AZV-NET-002', 'AZV-VM-001', 'azv-vm-001'),
  id: fc.constantFrom(...IDS),
  tag: fc.nat(),
  // The engine gives a resource's evaluations one shared resource object; equal ids may still come as different objects.
  shared: fc.boolean(),
});

const SHARED = new Map(IDS.map((id) => [id, { id, type: 't', name: 'shared', input: 'i' }]));

describe('report order', () => {
  it('sortEvaluations agrees with a stable sort by compareEvaluations', () => {
    fc.assert(
      fc.property(fc.array(EVALUATION, { maxLength: 60 }), (records) => {
        const evaluations = records.map(
          (r) =>
            ({
              ruleId: r.ruleId,
              pillar: r.pillar,
              severity: 'high',
              status: r.status,
              resource: r.shared ? SHARED.get(r.id) : { id: r.id, type: 't', name: String(r.tag), input: 'i' },
              findings: [],
            }) as unknown as Evaluation,
        );
        const expected = [...evaluations].sort(compareEvaluations);
        const actual = [...evaluations];
        sortEvaluations(actual);
        expect(actual).toEqual(expected);
        actual.forEach((evaluation, index) => expect(evaluation).toBe(expected[index]));
      }),
      fuzz(300),
    );
  });
});
