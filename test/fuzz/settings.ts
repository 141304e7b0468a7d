import fc from 'fast-check';

/**
 * Property-based tests run with a fixed seed and a modest number of runs in `npm test`, and with
 * many more in `npm run fuzz` (AZVMSEC_FUZZ_RUNS, default 10,000 there). AZVMSEC_FUZZ_SEED replays
 * another seed; fast-check prints the seed and path of any counterexample.
 */
const runs = process.env['AZVMSEC_FUZZ_RUNS'];
const seed = process.env['AZVMSEC_FUZZ_SEED'];

export const FUZZ_SEED = seed === undefined ? 20_260_601 : Number(seed);

/** fast-check parameters: `base` runs in npm test, AZVMSEC_FUZZ_RUNS when set. */
export function fuzz(base: number): { seed: number; numRuns: number } {
  return { seed: FUZZ_SEED, numRuns: runs === undefined ? base : Number(runs) };
}

/** A per-test timeout that grows with the number of runs. */
export function timeoutFor(base: number, perRunMs: number): number {
  return Math.max(60_000, fuzz(base).numRuns * perRunMs);
}

/**
 * Runs `check` on the three inputs a reader of text is tried on: whole files its grammar builds
 * (`file`), free mixes of the grammar's tokens, and any text.
 */
export function assertOnText(file: fc.Arbitrary<string>, token: fc.Arbitrary<string>, check: (text: string) => void): void {
  fc.assert(fc.property(file, check), fuzz(400));
  fc.assert(
    fc.property(fc.array(token, { maxLength: 60 }), (tokens) => check(tokens.join(''))),
    fuzz(300),
  );
  fc.assert(fc.property(fc.string({ maxLength: 200 }), check), fuzz(200));
}
