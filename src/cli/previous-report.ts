import path from 'node:path';
import { parsePreviousReport, previousReportElement, type PreviousReport } from '../findings/baseline.js';
import { readJsonFile } from '../inputs/snapshot/file.js';

/** The largest JSON report read back: a 100,000-VM scan writes about 2.8 GB. */
export const REPORT_MAX_BYTES = 4 * 1024 ** 3;

/**
 * An earlier `--format json` report, for `--baseline` and `azvmsec diff`: read in chunks (the
 * report of a large estate is past the longest string JavaScript holds), keeping of each
 * evaluation what a comparison needs.
 */
export async function readPreviousReport(file: string, cwd: string): Promise<{ ok: true; report: PreviousReport } | { ok: false; message: string }> {
  const read = await readJsonFile(path.resolve(cwd, file), { maxBytes: REPORT_MAX_BYTES, what: 'a JSON report', eachValue: previousReportElement });
  if ('error' in read) return { ok: false, message: read.place ? `${read.error} (line ${read.place.line}, column ${read.place.column})` : read.error };
  return parsePreviousReport(read.value);
}
