import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/scan-command.js';
import type { Evaluation, Report } from '../../src/findings/types.js';

const evaluation = (status: Evaluation['status'], severity: Evaluation['severity']): Evaluation => ({
  ruleId: 'AZV-VM-004',
  pillar: 'VM',
  severity,
  status,
  resource: { id: '/x', type: 'Microsoft.Compute/virtualMachines', name: 'x', input: 'x.json' },
  findings: [],
});
const report = (...evaluations: Evaluation[]): Report => ({ tool: { name: 'azvmsec', version: '0' }, inputs: [], evaluations, summary: [], exposure: [] });

describe('exit codes', () => {
  it.each([
    ['a medium failure under --fail-on high', report(evaluation('fail', 'medium')), 'high', 0],
    ['a medium failure under --fail-on medium', report(evaluation('fail', 'medium')), 'medium', 1],
    ['a critical failure under --fail-on high', report(evaluation('fail', 'critical')), 'high', 1],
    ['unknown is not a failure', report(evaluation('unknown', 'critical')), 'info', 0],
    ['--fail-on none', report(evaluation('fail', 'critical')), 'none', 0],
    ['a rule that crashed is a tool error', report(evaluation('fail', 'critical'), evaluation('error', 'low')), 'high', 2],
  ] as const)('%s → %i', (_, r, failOn, code) => {
    expect(exitCodeFor(r, failOn)).toBe(code);
  });
});
