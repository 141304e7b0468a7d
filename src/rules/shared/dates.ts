import { z } from 'zod';

/**
 * The date the rule data was last reviewed. Rules that depend on a date (retirements, backup age,
 * patch SLAs) take it as the `asOf` option and default to this constant, never to the clock: the
 * same input gives the same verdict until the user moves `asOf` (or a release moves this date).
 */
export const RULE_DATA_AS_OF = '2026-11-30';

/** The `asOf` option: an ISO date (`2026-11-30`) or date-time. */
export const asOfOption = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), { message: 'asOf must be an ISO date such as 2026-11-30' })
  .default(RULE_DATA_AS_OF);

/** Milliseconds since the epoch of an ISO date, or undefined when it does not parse. */
export function parseDate(text: string): number | undefined {
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : time;
}

export const DAY_MS = 24 * 60 * 60 * 1000;

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: number, to: number): number {
  return Math.floor((to - from) / DAY_MS);
}
