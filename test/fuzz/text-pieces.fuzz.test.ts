import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/inputs/arm-expr/test-host.js';
import { isUnknown, Unknown, type Value } from '../../src/model/value.js';
import { fuzz, timeoutFor } from './settings.js';

/**
 * Text built around values not known (`concat()`, `format()`, `base64()`, nested): the pieces an
 * Unknown keeps, with each Unknown piece replaced by the value it stands for, are the text the
 * expression gives when every value is known (before base64). What AZV-VM-015 reads in them is
 * then what the text will hold.
 */

const PARAMETERS = ['p0', 'p1', 'p2', 'p3'];

/** Known text, quotes and braces included (written in expressions with quotes doubled). */
const text = fc.string({ unit: fc.constantFrom('a', 'b', ' ', '-', "'", '{', '}', '=', '$', 'é'), maxLength: 6 });

type Part = { kind: 'text'; value: string } | { kind: 'parameter'; name: string } | { kind: 'join'; parts: Part[]; how: 'concat' | 'format' };

const part: fc.Memo<Part> = fc.memo((depth) =>
  depth <= 1
    ? fc.oneof(
        text.map((value) => ({ kind: 'text', value }) as Part),
        fc.constantFrom(...PARAMETERS).map((name) => ({ kind: 'parameter', name }) as Part),
      )
    : fc.oneof(
        { weight: 2, arbitrary: part(1) },
        {
          weight: 1,
          arbitrary: fc.record({
            kind: fc.constant('join' as const),
            parts: fc.array(part(depth - 1), { minLength: 1, maxLength: 4 }),
            how: fc.constantFrom('concat' as const, 'format' as const),
          }),
        },
      ),
);

function expression(item: Part): string {
  if (item.kind === 'text') return `'${item.value.replace(/'/g, "''")}'`;
  if (item.kind === 'parameter') return `parameters('${item.name}')`;
  if (item.how === 'concat') return `concat(${item.parts.map(expression).join(', ')})`;
  const template = item.parts.map((_, index) => `{${index}}`).join('');
  return `format('${template}', ${item.parts.map(expression).join(', ')})`;
}

describe('text with values not known', () => {
  it(
    'keeps pieces that give the text the expression has once every value is known',
    () => {
      fc.assert(
        fc.property(
          fc.array(part(3), { minLength: 1, maxLength: 4 }),
          fc.dictionary(fc.constantFrom(...PARAMETERS), text),
          fc.subarray(PARAMETERS),
          fc.boolean(),
          (parts, values, unknownNames, encoded) => {
            const known = Object.fromEntries(PARAMETERS.map((name) => [name, values[name] ?? `<${name}>`]));
            const body = `concat(${parts.map(expression).join(', ')})`;
            const source = `[${encoded ? `base64(${body})` : body}]`;
            const full = run(source, { parameters: known }) as string;
            const expected = encoded ? Buffer.from(full, 'base64').toString('utf8') : full;
            const unknowns = new Map(unknownNames.map((name) => [name, new Unknown(`parameter '${name}' has no value`)]));
            const partial = run(source, { parameters: { ...known, ...Object.fromEntries(unknowns) } });
            if (!isUnknown(partial)) {
              expect(partial).toBe(full);
              return;
            }
            // Each Unknown piece is one of the parameters left unknown, in the place of its value.
            const pieces: readonly (string | Unknown)[] = partial.pieces ?? [partial];
            const rebuilt = pieces
              .map((piece) => {
                if (typeof piece === 'string') return piece;
                const name = /parameter '(p\d)'/.exec(piece.reason)?.[1] as string;
                expect(unknowns.get(name)).toBe(piece);
                return known[name] as string;
              })
              .join('');
            if (partial.pieces) expect(rebuilt).toBe(expected);
            // Only an expression of Unknowns alone keeps no pieces: it could be an array.
            else expect(partial).toBe(unknowns.get(/parameter '(p\d)'/.exec(partial.reason)?.[1] as string) as Value);
          },
        ),
        fuzz(500),
      );
    },
    timeoutFor(500, 2),
  );
});
