import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readSuppressionText } from '../../src/model/suppression-text.js';
import { fuzz } from './settings.js';

/** The comment form as one regular expression, as first written: the reader must agree with it, in linear time. */
const REFERENCE = /^\s*(AZV-[A-Z]+-\d{3})\b\s*(?:reason:\s*(.*?))?\s*(?:\[?\s*expires:\s*(\d{4}-\d{2}-\d{2})\s*\]?)?\s*$/i;

function reference(text: string): { rule: string; reason: string; expires?: string } | undefined {
  const match = REFERENCE.exec(text);
  if (!match) return undefined;
  return { rule: match[1] as string, reason: (match[2] ?? '').trim(), ...(match[3] ? { expires: match[3] } : {}) };
}

const TOKEN = fc.constantFrom(
  ' ',
  '  ',
  '\t',
  '\n',
  '\u2028',
  'AZV-VM-001',
  'azv-net-002',
  'AZV-VM-0012',
  'reason:',
  'REASON: ',
  'the vendor image',
  'x',
  'expires:',
  'Expires: ',
  '2026-01-31',
  '2026-1-31',
  '[',
  ']',
  'tomorrow',
  '_',
);

describe('readSuppressionText', () => {
  it('reads what the single regular expression read, on any mix of the comment form pieces', () => {
    fc.assert(
      fc.property(fc.array(TOKEN, { maxLength: 14 }), (tokens) => {
        const text = tokens.join('');
        const read = readSuppressionText(text);
        expect(read && { rule: read.rule, reason: (read.reason ?? '').trim(), ...(read.expires ? { expires: read.expires } : {}) }).toEqual(reference(text));
      }),
      fuzz(2000),
    );
  });

  it('reads the usual forms, and a hostile line of spaces ending in a line break at once', () => {
    expect(readSuppressionText('AZV-VM-004 reason: the vendor image does not support it yet expires: 2027-03-31')).toEqual({
      rule: 'AZV-VM-004',
      reason: 'the vendor image does not support it yet',
      expires: '2027-03-31',
    });
    expect(readSuppressionText('AZV-VM-004 reason: accepted by the CISO [expires: 2027-03-31]')?.expires).toBe('2027-03-31');
    // As one regular expression, 10,000 spaces took 400 s; here 100,000 take no time to speak of.
    expect(readSuppressionText(`AZV-VM-001 reason: x${' '.repeat(100_000)}!\n`)?.reason).toBe(`x${' '.repeat(100_000)}!`);
    expect(readSuppressionText(`AZV-VM-001 reason: x${' '.repeat(100_000)}\n!`)).toBeUndefined();
  });
});
