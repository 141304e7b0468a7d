import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/scan-command.js';
import type { Evaluation, Report } from '../../src/findings/types.js';
import type { InputSummary } from '../../src/model/input.js';

const evaluation = (status: Evaluation['status'], severity: Evaluation['severity']): Evaluation => ({
  ruleId: 'AZV-VM-004',
  pillar: 'VM',
  severity,
  status,
  resource: { id: '/x', type: 'Microsoft.Compute/virtualMachines', name: 'x', input: 'x.json' },
  findings: [],
});
const report = (...evaluations: Evaluation[]): Report => ({ tool: { name: 'azvmsec', version: '0' }, inputs: [], evaluations, summary: [], exposure: [] });
const input = (status: InputSummary['status']): InputSummary => ({ path: `${status}.json`, kind: 'arm-template', status, resources: 0, diagnostics: [] });
const reading = (...inputs: InputSummary[]): Report => ({ ...report(evaluation('pass', 'high')), inputs });

describe('exit codes', () => {
  it.each([
    ['a medium failure under --fail-on high', report(evaluation('fail', 'medium')), 'high', 0],
    ['a medium failure under --fail-on medium', report(evaluation('fail', 'medium')), 'medium', 1],
    ['a critical failure under --fail-on high', report(evaluation('fail', 'critical')), 'high', 1],
    ['unknown is not a failure', report(evaluation('unknown', 'critical')), 'info', 0],
    ['--fail-on none', report(evaluation('fail', 'critical')), 'none', 0],
    ['a rule that crashed is a tool error', report(evaluation('fail', 'critical'), evaluation('error', 'low')), 'high', 2],
    ['no input could be read: nothing was checked', reading(input('error'), input('error')), 'high', 2],
    ['even with --fail-on none', reading(input('error')), 'none', 2],
    ['one input read among failed ones: the scan went on', reading(input('error'), input('partial')), 'high', 0],
    ['no input found at all is not a read failure', reading(), 'high', 0],
  ] as const)('%s → %i', (_, r, failOn, code) => {
    expect(exitCodeFor(r, failOn)).toBe(code);
  });
});
